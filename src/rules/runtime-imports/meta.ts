// runtime-imports: what every run reads (config validation, SARIF, explain) and when the rule's
// code is needed at all; the rule itself (./index.ts) is a chunk loaded only then.
import type { RuleContext, RuleMeta } from '../../types.js';
import { changedCodeFiles, isCodeFile, PRODUCTION_GLOBS, type ScopeOptions } from '../shared/code.js';

export interface RuntimeImportsOptions extends ScopeOptions {
  /** Packages the runtime provides without package.json (`electron`, `vscode`). */
  allowPackages: string[];
  /** Specifiers never reported (minimatch), for loaders shipguard cannot see. */
  allowSpecifiers: string[];
}

export const runtimeImportsMeta: RuleMeta<RuntimeImportsOptions> = {
  id: 'runtime-imports',
  description:
    'Refuses imports that compile but fail at runtime: devDependencies or unlisted packages in production code, tsconfig path aliases plain tsc leaves unresolved, relative imports that miss (or only match by case).',
  stages: ['pre-commit', 'pre-push', 'ci'],
  scope: 'file',
  docs: 'docs/rules/runtime-imports.md',
  kinds: {
    'missing-dependency': 'a package the nearest package.json does not list for production',
    'dev-dependency': 'a package listed only in devDependencies of an unbundled package',
    'path-alias': 'a tsconfig paths alias the build leaves as written',
    unresolved: 'a relative or #subpath import with no file behind it in the committed tree',
    'case-mismatch': 'a relative import that matches a file only in another case',
    'missing-extension': 'an extensionless relative import in an ES module package run by plain tsc/node',
    unparsable: 'a syntax error kept the file\'s imports from being checked (warning)',
  },
  defaultOptions: {
    production: PRODUCTION_GLOBS,
    exclude: [],
    defaultExclude: true,
    allowPackages: ['electron', 'vscode'],
    allowSpecifiers: [],
  },
  schema: {
    type: 'object',
    properties: {
      production: { type: 'array', items: { type: 'string', minLength: 1 } },
      exclude: { type: 'array', items: { type: 'string', minLength: 1 } },
      defaultExclude: { type: 'boolean' },
      allowPackages: { type: 'array', items: { type: 'string', minLength: 1 } },
      allowSpecifiers: { type: 'array', items: { type: 'string', minLength: 1 } },
    },
  },
};

/** Code files added or changed, or code paths deleted or renamed away (their importers may break). */
export function runtimeImportsNeeded(context: RuleContext<RuntimeImportsOptions>): boolean {
  if (changedCodeFiles(context).length) return true;
  return context.changes.files.some(
    (file) => (file.status === 'deleted' && isCodeFile(file.path)) || (file.status === 'renamed' && file.oldPath !== undefined && isCodeFile(file.oldPath)),
  );
}
