// Shared by runtime-imports, no-mock-data and lockfile-sync: which changed files are production code,
// parsing them with the TypeScript parser (syntax only, loaded lazily), their imports, and the
// committed tree they resolve against.
import { bounded } from '../../budget.js';
import type { ChangedFile, Revision } from '../../changeset.js';
import type { GitReader } from '../../git/reader.js';
import { loadTypeScript } from '../../lazy.js';
import type { RuleContext } from '../../types.js';

type TS = typeof import('typescript');
type SourceFile = import('typescript').SourceFile;
type Node = import('typescript').Node;

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
  '**/prisma/seed.*',
  '**/prisma/seed/**',
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

/** Changed files worth parsing: code, with new content, not a submodule or symlink. */
export function changedCodeFiles(context: RuleContext<unknown>): ChangedFile[] {
  return context.changes.files.filter(
    (file) => file.status !== 'deleted' && !file.binary && !file.submodule && !file.symlink && isCodeFile(file.path),
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
  const exclude = context.options.defaultExclude ? [...NON_PRODUCTION_GLOBS, ...context.options.exclude] : context.options.exclude;
  if (context.match(path, exclude)) return false;
  if (context.match(path, production)) return true;
  const packageDir = await tree.packageDir(path);
  if (!packageDir) return false;
  const relative = path.slice(packageDir.length + 1);
  return context.match(relative, production) && !context.match(relative, exclude);
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
// Parsing

const parsed = new Map<string, Promise<SourceFile>>();

/** Parses a file once per run, whichever rule asks first (keyed by blob id). */
export function parseFile(file: ChangedFile): Promise<SourceFile | null> {
  return file.content().then((text) => (text === null ? null : parseText(file.path, text, file.newOid)));
}

export async function parseText(path: string, text: string, cacheKey = `${path}\0${text}`): Promise<SourceFile> {
  let source = parsed.get(cacheKey);
  if (!source) {
    source = loadTypeScript().then((ts) =>
      bounded(text.length, () => ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKind(ts, path))),
    );
    parsed.set(cacheKey, source);
  }
  return source;
}

function scriptKind(ts: TS, path: string) {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?ts$/.test(path)) return ts.ScriptKind.TS;
  return ts.ScriptKind.JS;
}

/** 1-based line and column of a node's first token. */
export function position(source: SourceFile, node: Node): { line: number; column: number } {
  const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
  return { line: line + 1, column: character + 1 };
}

/** 1-based first and last line a node spans. */
export function lineSpan(source: SourceFile, node: Node): [number, number] {
  const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const last = source.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
  return [first, last];
}

// ---------------------------------------------------------------------------------------------
// Imports

export type ImportForm = 'import' | 'export' | 'require' | 'dynamic' | 'import-equals';

export interface ModuleImport {
  specifier: string;
  form: ImportForm;
  /** Erased by TypeScript: `import type`, only type specifiers, or bindings used only as types. */
  typeOnly: boolean;
  /** Names imported from the module (`default`, `*` for a namespace), for rules that judge names. */
  importedNames: string[];
  /** Local bindings the import creates (`mockProducts` in `import mockProducts from …`). */
  localNames: string[];
  /** The node that names the module (the string literal), for positions. */
  node: Node;
  /** The whole statement or call, for line spans. */
  statement: Node;
}

/** Every module a file loads: static imports and re-exports, `require('x')`, `import('x')` with a literal. */
export async function collectImports(source: SourceFile): Promise<ModuleImport[]> {
  const ts = await loadTypeScript();
  const imports: ModuleImport[] = [];
  let valueNames: Set<string> | undefined;
  const usedAsValue = (name: string) => (valueNames ??= collectValueNames(ts, source)).has(name);

  const visit = (node: Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      imports.push(fromImportDeclaration(ts, node, usedAsValue));
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const elements = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      imports.push({
        specifier: node.moduleSpecifier.text,
        form: 'export',
        typeOnly: node.isTypeOnly || Boolean(elements?.length && elements.every((element) => element.isTypeOnly)),
        importedNames: elements ? elements.map((element) => (element.propertyName ?? element.name).text) : ['*'],
        localNames: elements ? elements.map((element) => element.name.text) : [],
        node: node.moduleSpecifier,
        statement: node,
      });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression)) {
        imports.push({
          specifier: expression.text,
          form: 'import-equals',
          typeOnly: node.isTypeOnly || !usedAsValue(node.name.text),
          importedNames: ['*'],
          localNames: [node.name.text],
          node: expression,
          statement: node,
        });
      }
    } else if (ts.isCallExpression(node)) {
      const loaded = calledModule(ts, node);
      if (loaded) imports.push({ ...loaded, typeOnly: false, importedNames: ['*'], localNames: requireBindings(ts, node), statement: node });
    } else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) {
      return; // `declare module 'x' { ... }`: ambient, nothing loads
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return imports;
}

function fromImportDeclaration(
  ts: TS,
  node: import('typescript').ImportDeclaration,
  usedAsValue: (name: string) => boolean,
): ModuleImport {
  const specifier = (node.moduleSpecifier as import('typescript').StringLiteral).text;
  const clause = node.importClause;
  const base = { specifier, form: 'import' as const, node: node.moduleSpecifier, statement: node };
  if (!clause) return { ...base, typeOnly: false, importedNames: [], localNames: [] }; // `import 'x'` runs the module
  const importedNames: string[] = [];
  const locals: string[] = [];
  const allLocals: string[] = [];
  if (clause.name) {
    importedNames.push('default');
    locals.push(clause.name.text);
  }
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) {
    importedNames.push('*');
    locals.push(bindings.name.text);
  } else if (bindings) {
    for (const element of bindings.elements) {
      importedNames.push((element.propertyName ?? element.name).text);
      allLocals.push(element.name.text);
      if (!element.isTypeOnly) locals.push(element.name.text);
    }
  }
  if (clause.name) allLocals.push(clause.name.text);
  if (bindings && ts.isNamespaceImport(bindings)) allLocals.push(bindings.name.text);
  // TypeScript erases an import whose bindings are only used as types, even without `import type`.
  const typeOnly = clause.isTypeOnly || locals.length === 0 || !locals.some(usedAsValue);
  return { ...base, typeOnly, importedNames, localNames: allLocals };
}

/** `const x = require('m')` / `const { a, b } = require('m')`: the bindings created. */
function requireBindings(ts: TS, call: import('typescript').CallExpression): string[] {
  let node: Node = call;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const declaration = node.parent;
  if (!declaration || !ts.isVariableDeclaration(declaration) || declaration.initializer !== node) return [];
  if (ts.isIdentifier(declaration.name)) return [declaration.name.text];
  if (ts.isObjectBindingPattern(declaration.name)) {
    return declaration.name.elements.flatMap((element) => (ts.isIdentifier(element.name) ? [element.name.text] : []));
  }
  return [];
}

function calledModule(ts: TS, call: import('typescript').CallExpression): { specifier: string; form: ImportForm; node: Node } | undefined {
  const [argument] = call.arguments;
  if (!argument || !(ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument))) return undefined;
  const callee = call.expression;
  if (callee.kind === ts.SyntaxKind.ImportKeyword) return { specifier: argument.text, form: 'dynamic', node: argument };
  const isRequire =
    (ts.isIdentifier(callee) && callee.text === 'require') ||
    (ts.isPropertyAccessExpression(callee) &&
      ts.isIdentifier(callee.expression) &&
      callee.expression.text === 'require' &&
      callee.name.text === 'resolve');
  return isRequire && call.arguments.length === 1 ? { specifier: argument.text, form: 'require', node: argument } : undefined;
}

/**
 * Names referenced where JavaScript will see them (outside type annotations, interfaces and type
 * aliases): the test TypeScript uses to erase an import whose bindings only serve as types.
 */
function collectValueNames(ts: TS, source: SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: Node): void => {
    if (ts.isImportDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
    if (ts.isTypeNode(node) && !isClassExtends(ts, node)) return;
    if (ts.isIdentifier(node) && !isPropertyName(ts, node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** `class A extends B<T>`: B is a value even though the node kind is a type node. */
function isClassExtends(ts: TS, node: Node): boolean {
  const clause = node.parent;
  return (
    ts.isExpressionWithTypeArguments(node) &&
    ts.isHeritageClause(clause) &&
    clause.token === ts.SyntaxKind.ExtendsKeyword &&
    (ts.isClassDeclaration(clause.parent) || ts.isClassExpression(clause.parent))
  );
}

/** `a.name`, `{ name: 1 }`, `name() {}`: a property name, not a reference to a binding. */
function isPropertyName(ts: TS, node: import('typescript').Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent)) return parent.name === node;
  if (ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) return parent.name === node;
  if (ts.isJsxAttribute(parent)) return true;
  return false;
}

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
