// Shared by runtime-imports, no-mock-data and lockfile-sync: which changed files are production code,
// parsing them (oxc, loaded lazily; see ast.ts), their imports, and the committed tree they resolve against.
import type { ChangedFile, Revision } from '../../changeset.js';
import type { GitReader } from '../../git/reader.js';
import type { Finding, RuleContext } from '../../types.js';
import { parseCode, type ParsedFile } from './ast.js';

/** Where production code lives, relative to the repository or to a nested package's directory. */
export const PRODUCTION_GLOBS = ['src/**', 'app/**', 'server/**', 'lib/**', 'pages/**', 'api/**'];

/** Tests, stories, fixtures, seeds, mocks, e2e code and tool configs: never production. */
export const NON_PRODUCTION_GLOBS = [
  '**/*.{test,spec,stories,story}.*',
  '**/*.{mock,mocks,fixture,fixtures}.*',
  '**/__tests__/**',
  '**/__mocks__/**',
  '**/__fixtures__/**',
  '**/mocks/**',
  '**/test/**',
  '**/tests/**',
  '**/e2e/**',
  '**/fixtures/**',
  '**/{setupTests,setup-tests,test-setup,vitest.setup,jest.setup}.*',
  // Seed scripts wherever a monorepo keeps them (packages/database/src/seed.ts, db/seeds/users.ts).
  '**/{seed,seeds,seeder,seeders}.*',
  '**/*.{seed,seeds}.*',
  '**/{seed,seeds,seeder,seeders}/**',
  // Installed packages are not the project's code, even when someone stages node_modules.
  '**/node_modules/**',
  // Tool configs (vite.config.ts, shipguard.config.mjs, .eslintrc.cjs) run in development and CI.
  '**/*.config.{js,cjs,mjs,ts,cts,mts}',
  '**/.*rc.{js,cjs,mjs,ts}',
];

const CODE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const DECLARATION_FILE = /\.d\.[cm]?ts$/;

export interface ScopeOptions {
  /** Where production code lives (replaces the built-in list). */
  production: string[];
  /** Extra globs that are never production code (added to the built-in list). */
  exclude: string[];
  /** Keep the built-in exclusions (tests, stories, fixtures, mocks, seeds, e2e). */
  defaultExclude: boolean;
}

export function isCodeFile(path: string): boolean {
  return CODE_FILE.test(path) && !DECLARATION_FILE.test(path);
}

/**
 * Changed files worth parsing: code with new content (not a submodule or symlink) and an added line
 * to check (`--all` checks every line). Code rules report only what touches an added line, so a file
 * whose change only deletes lines has nothing to report: a 498-file clean-up commit had 166 of them.
 */
export function changedCodeFiles(context: RuleContext<unknown>): ChangedFile[] {
  return context.changes.files.filter(
    (file) =>
      file.status !== 'deleted' &&
      !file.binary &&
      !file.submodule &&
      !file.symlink &&
      isCodeFile(file.path) &&
      (context.allLines || file.addedLineSource.count > 0),
  );
}

/**
 * Production code: matches `production` and not `exclude`, either from the repository root or from
 * the directory of the nearest nested package.json (so `packages/api/src/x.ts` counts as `src/**`).
 */
export async function isProductionFile(
  context: RuleContext<ScopeOptions>,
  tree: Tree,
  path: string,
): Promise<boolean> {
  const { production } = context.options;
  const exclude = excludeGlobs(context.options);
  if (context.match(path, exclude)) return false;
  if (context.match(path, production)) return true;
  const packageDir = await tree.packageDir(path);
  if (!packageDir) return false;
  const relative = path.slice(packageDir.length + 1);
  return context.match(relative, production) && !context.match(relative, exclude);
}

const excludeLists = new WeakMap<ScopeOptions, readonly string[]>();

/** One list per options object: `match` keeps its answers per list, so a new array per file would redo every glob. */
function excludeGlobs(options: ScopeOptions): readonly string[] {
  let exclude = excludeLists.get(options);
  if (!exclude) {
    exclude = options.defaultExclude ? [...NON_PRODUCTION_GLOBS, ...options.exclude] : options.exclude;
    excludeLists.set(options, exclude);
  }
  return exclude;
}

/** Reads files of the tree being checked, with memoised lookups (one `git cat-file` process for all). */
export class Tree {
  private readonly texts = new Map<string, Promise<string | null>>();
  private readonly existing = new Map<string, Promise<boolean>>();
  private readonly packageDirs = new Map<string, Promise<string | undefined>>();

  constructor(
    readonly git: GitReader,
    readonly revision: Revision,
  ) {}

  read(path: string): Promise<string | null> {
    let text = this.texts.get(path);
    if (!text) {
      text = this.git.readFile(this.revision, path);
      this.texts.set(path, text);
    }
    return text;
  }

  /** A file (not a directory) at `path`; many files import the same modules, so answers are kept. */
  exists(path: string): Promise<boolean> {
    let found = this.existing.get(path);
    if (!found) {
      found = this.git
        .readBlob(`${this.revision.kind === 'index' ? '' : this.revision.sha}:${path}`)
        .then((object) => object !== null && !looksLikeTree(object));
      this.existing.set(path, found);
    }
    return found;
  }

  /** Directory (repository-relative, '' for the root) of the nearest package.json above `path`. */
  packageDir(path: string): Promise<string | undefined> {
    return this.nearestDirWith(parentDir(path), 'package.json');
  }

  /** Nearest directory at or above `dir` that holds `name`, or undefined. */
  nearestDirWith(dir: string, name: string): Promise<string | undefined> {
    const key = `${dir}\0${name}`;
    let found = this.packageDirs.get(key);
    if (!found) {
      found = this.read(joinPath(dir, name)).then((text) => {
        if (text !== null) return dir;
        return dir === '' ? undefined : this.nearestDirWith(parentDir(dir), name);
      });
      this.packageDirs.set(key, found);
    }
    return found;
  }
}

/** `<rev>:<dir>` names a tree, whose raw entries start `<mode> <name>\0`; no source file starts so. */
function looksLikeTree(object: Buffer): boolean {
  return /^(?:100644|100755|120000|40000|160000) [^\0/]+\0/.test(object.subarray(0, 300).toString('latin1'));
}

/**
 * `Promise.all(items.map(work))` with at most `limit` in flight: a 300-file commit then streams
 * through the shared `git cat-file` instead of queueing every read (and holding every parse) at once.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export function parentDir(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function joinPath(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

// ---------------------------------------------------------------------------------------------
// Parsing and imports (re-exported: the rules' one entry point for code)

/** A changed file's new content, parsed once per run whichever rule asks first; null when it has none. */
export function parseFile(file: ChangedFile): Promise<ParsedFile | null> {
  return file.content().then((text) => (text === null ? null : parseCode(file.path, text, file.newOid)));
}

/**
 * A file that does not parse was not checked: a warning that says so, never a silent pass, and never a
 * refusal (the team's compiler is the judge of syntax; shipguard checks the file once it parses).
 */
export function unparsableFinding(file: ParsedFile, what: string): Finding {
  const { line, column, message } = file.syntaxError!;
  return {
    kind: 'unparsable',
    severity: 'warn',
    file: file.path,
    line,
    column,
    message: `Could not parse ${file.path}:${line}:${column} (${message}): ${what} not checked.`,
    hint: 'Fix the syntax error (the compiler reports it too); the file is checked once it parses. If your compiler accepts this file, please report it to shipguard.',
  };
}

export { parseCode, type ParsedFile } from './ast.js';
export { collectImports, type ImportForm, type ModuleImport } from './imports.js';

/** `react-dom/client` -> `react-dom`, `@scope/pkg/sub` -> `@scope/pkg`; undefined for relative, absolute, URL and `#` specifiers. */
export function packageName(specifier: string): string | undefined {
  if (/^(?:\.{1,2}(?:\/|$)|\/|#|[a-z][\w+.-]*:)/i.test(specifier)) return undefined;
  const parts = specifier.split('/');
  if (specifier.startsWith('@')) return parts.length >= 2 && parts[1] ? `${parts[0]}/${parts[1]}` : undefined;
  return parts[0] || undefined;
}

export function isRelative(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
}
