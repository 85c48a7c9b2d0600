// The tsconfig.json / jsconfig.json that covers a file, read from the tree being checked (the index or
// the pushed commit, never the working tree), with `extends` followed the way TypeScript does:
// relative paths, arrays, and package specifiers (`@tsconfig/node20/tsconfig.json`). node_modules is
// not in git, so a package's config is read from the installed node_modules on disk; a workspace
// package (a node_modules symlink back into the repository) is read from the tree like any other file.
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ShipguardError } from '../../errors.js';
import { joinPath, parentDir, type Tree } from './code.js';
import { normalizePath } from './project.js';

export interface AliasConfig {
  /** The tsconfig (or jsconfig) that defined `paths` / `baseUrl`. */
  file: string;
  /** `paths` patterns (`@/*`) and their targets, repository-relative (`src/*`). */
  paths: Record<string, string[]>;
  /** Repository-relative directory of `baseUrl`, when set. */
  baseUrl?: string;
  noEmit: boolean;
  /** tsc writes only .d.ts files: the JavaScript comes from something else (a bundler). */
  emitDeclarationOnly: boolean;
  moduleResolution?: string;
}

/** Compiler options that matter here, from the tsconfig.json / jsconfig.json nearest to `path`. */
export async function aliasConfigFor(tree: Tree, path: string): Promise<AliasConfig | undefined> {
  const startDir = parentDir(path);
  const [tsDir, jsDir] = await Promise.all([tree.nearestDirWith(startDir, 'tsconfig.json'), tree.nearestDirWith(startDir, 'jsconfig.json')]);
  const dir = tsDir !== undefined && (jsDir === undefined || tsDir.length >= jsDir.length) ? tsDir : jsDir;
  if (dir === undefined) return undefined;
  const file = joinPath(dir, dir === tsDir ? 'tsconfig.json' : 'jsconfig.json');
  const merged = await mergedOptions(tree, file);
  if (!merged.paths && merged.baseUrl === undefined) {
    return { file, paths: {}, noEmit: merged.noEmit ?? false, emitDeclarationOnly: merged.emitDeclarationOnly ?? false, moduleResolution: merged.moduleResolution };
  }
  return {
    file: merged.pathsFile ?? file,
    paths: merged.paths ?? {},
    baseUrl: merged.baseUrl,
    noEmit: merged.noEmit ?? false,
    emitDeclarationOnly: merged.emitDeclarationOnly ?? false,
    moduleResolution: merged.moduleResolution,
  };
}

/** Per tree and config file: every directory a config covers shares one read of its `extends` chain (packages on disk included). */
const mergedByTree = new WeakMap<Tree, Map<string, Promise<CompilerOptions>>>();

function mergedOptions(tree: Tree, file: string): Promise<CompilerOptions> {
  let byFile = mergedByTree.get(tree);
  if (!byFile) mergedByTree.set(tree, (byFile = new Map()));
  let merged = byFile.get(file);
  if (!merged) {
    merged = new ConfigReader(tree).compilerOptions({ inTree: true, path: file }, []);
    byFile.set(file, merged);
  }
  return merged;
}

interface CompilerOptions {
  paths?: Record<string, string[]>;
  pathsFile?: string;
  baseUrl?: string;
  noEmit?: boolean;
  emitDeclarationOnly?: boolean;
  moduleResolution?: string;
}

/** A config file: repository-relative in the tree being checked, or absolute on disk (an installed package). */
interface Location {
  inTree: boolean;
  path: string;
}

class ConfigReader {
  constructor(private readonly tree: Tree) {}

  async compilerOptions(location: Location, chain: string[]): Promise<CompilerOptions> {
    const key = `${location.inTree}:${location.path}`;
    if (chain.includes(key) || chain.length > 10) return {};
    const text = await this.read(location);
    if (text === null) return {};
    const config = parseJsonc(text, this.display(location));
    const options = isRecord(config.compilerOptions) ? config.compilerOptions : {};
    let merged: CompilerOptions = {};
    const parents = (Array.isArray(config.extends) ? config.extends : [config.extends]).filter((entry): entry is string => typeof entry === 'string');
    for (const parent of parents) {
      const found = await this.resolveExtends(location, parent);
      if (found) merged = { ...merged, ...(await this.compilerOptions(found, [...chain, key])) };
    }
    return { ...merged, ...this.ownOptions(location, options, merged) };
  }

  private ownOptions(location: Location, options: Record<string, unknown>, merged: CompilerOptions): CompilerOptions {
    const own: CompilerOptions = {};
    const dir = this.repositoryDir(location);
    // Paths in a config outside the repository (a package above the root) cannot name files of the tree.
    if (dir !== undefined) {
      if (typeof options.baseUrl === 'string') own.baseUrl = normalizePath(joinPath(dir, options.baseUrl)) ?? '';
      if (isRecord(options.paths)) {
        // Targets are relative to baseUrl when set, else to the tsconfig that declares them.
        const base = own.baseUrl ?? merged.baseUrl ?? dir;
        own.paths = Object.fromEntries(
          Object.entries(options.paths).map(([pattern, targets]) => [
            pattern,
            (Array.isArray(targets) ? targets : [])
              .filter((target): target is string => typeof target === 'string')
              .map((target) => normalizePath(joinPath(base, target)) ?? target),
          ]),
        );
        own.pathsFile = this.display(location);
      }
    }
    if (typeof options.noEmit === 'boolean') own.noEmit = options.noEmit;
    if (typeof options.emitDeclarationOnly === 'boolean') own.emitDeclarationOnly = options.emitDeclarationOnly;
    if (typeof options.moduleResolution === 'string') own.moduleResolution = options.moduleResolution.toLowerCase();
    return own;
  }

  /** TypeScript's order: a relative or absolute path as written, then with `.json`; else a package in node_modules. */
  private async resolveExtends(from: Location, specifier: string): Promise<Location | undefined> {
    if (/^\.{1,2}(?:\/|$)/.test(specifier) || path.isAbsolute(specifier)) {
      const tried = [specifier, ...(specifier.endsWith('.json') ? [] : [`${specifier}.json`])];
      for (const candidate of tried) {
        // A path that leads into the repository (absolute, or from a config package) is read from the tree too.
        const location = from.inTree && !path.isAbsolute(candidate) ? this.inTree(parentDir(from.path), candidate) : this.locate(path.resolve(from.inTree ? path.join(this.tree.git.root, parentDir(from.path)) : path.dirname(from.path), candidate));
        if (location && (await this.read(location)) !== null) return location;
      }
      return undefined;
    }
    const fromDir = from.inTree ? path.join(this.tree.git.root, parentDir(from.path)) : path.dirname(from.path);
    const file = await resolvePackageConfig(specifier, fromDir, (file) => this.read(this.locate(file)));
    return file === undefined ? undefined : this.locate(file);
  }

  /** A file on disk inside the repository but outside node_modules (a workspace package behind a symlink) is read from the tree. */
  private locate(file: string): Location {
    const relative = path.relative(this.tree.git.root, file).split(path.sep).join('/');
    const inRepository = !relative.startsWith('../') && !path.isAbsolute(relative);
    return inRepository && !/(?:^|\/)node_modules\//.test(relative) ? { inTree: true, path: relative } : { inTree: false, path: file };
  }

  private inTree(dir: string, relative: string): Location | undefined {
    const file = normalizePath(joinPath(dir, relative));
    return file === undefined ? undefined : { inTree: true, path: file };
  }

  /** Repository-relative directory of a config (for its paths), undefined outside the repository. */
  private repositoryDir(location: Location): string | undefined {
    if (location.inTree) return parentDir(location.path);
    const relative = path.relative(this.tree.git.root, path.dirname(location.path)).split(path.sep).join('/');
    return relative.startsWith('..') || path.isAbsolute(relative) ? undefined : relative;
  }

  private read(location: Location): Promise<string | null> {
    return location.inTree ? this.tree.read(location.path) : readFile(location.path, 'utf8').catch(() => null);
  }

  private display(location: Location): string {
    return location.inTree ? location.path : path.relative(this.tree.git.root, location.path) || location.path;
  }
}

/**
 * `@tsconfig/node20/tsconfig.json` (through the package's `exports` when it has them, else the file),
 * or a bare `@tsconfig/node20` (its package.json `tsconfig` field, else tsconfig.json), from the
 * node_modules folders at and above `fromDir`, as TypeScript resolves them. A package that links
 * back into the repository (a workspace package) has its package.json read with `read`, from the tree.
 */
async function resolvePackageConfig(specifier: string, fromDir: string, read: (file: string) => Promise<string | null>): Promise<string | undefined> {
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  const subpath = parts.slice(nameLength).join('/');
  if (!subpath) {
    for (let dir = fromDir; ; dir = path.dirname(dir)) {
      const packageDir = await realpath(path.join(dir, 'node_modules', name)).catch(() => undefined);
      const manifest = packageDir === undefined ? null : await read(path.join(packageDir, 'package.json'));
      if (packageDir !== undefined && manifest !== null) {
        const field = tsconfigField(manifest);
        return path.join(packageDir, typeof field === 'string' ? field : 'tsconfig.json');
      }
      if (dir === path.dirname(dir)) return undefined;
    }
  }
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const packageDir = await realpath(path.join(dir, 'node_modules', name)).catch(() => undefined);
    const manifest = packageDir === undefined ? null : await read(path.join(packageDir, 'package.json'));
    if (packageDir !== undefined && manifest !== null) return subpathFile(packageDir, manifest, subpath, read);
    if (dir === path.dirname(dir)) return undefined;
  }
}

/**
 * `<package>/<subpath>` through the package's `exports` map (TypeScript's conditions), else the file
 * itself, with `.json` added when written without it. The map is resolved by resolve.exports from the
 * package.json `read` gives: for a workspace package, the committed one, never what is linked on disk.
 */
async function subpathFile(packageDir: string, manifest: string, subpath: string, read: (file: string) => Promise<string | null>): Promise<string | undefined> {
  const candidates = subpath.endsWith('.json') ? [subpath] : [subpath, `${subpath}.json`];
  let pkg: { exports?: unknown };
  try {
    pkg = JSON.parse(manifest) as { exports?: unknown };
  } catch {
    pkg = {};
  }
  if (pkg.exports !== undefined && pkg.exports !== null) {
    // Loaded only for a package `extends` with a subpath.
    const { exports } = await import('resolve.exports');
    for (const candidate of candidates) {
      try {
        const [target] = exports(pkg, `./${candidate}`, { conditions: ['types', 'require', 'node'], unsafe: true }) ?? [];
        if (target) return path.join(packageDir, target);
      } catch {
        // not exported: try the next form (TypeScript then gives up, as here)
      }
    }
    return undefined;
  }
  for (const candidate of candidates) {
    const file = path.join(packageDir, candidate);
    if ((await read(file)) !== null) return file;
  }
  return undefined;
}

function tsconfigField(manifest: string): unknown {
  try {
    return (JSON.parse(manifest) as { tsconfig?: unknown }).tsconfig;
  } catch {
    return undefined; // a broken installed package.json: TypeScript falls back to tsconfig.json too
  }
}

/** tsconfig.json is JSON with comments and trailing commas; a broken one is a clear one-line error naming it. */
function parseJsonc(text: string, file: string): Record<string, unknown> {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true });
  const [error] = errors;
  if (error) {
    const before = text.slice(0, error.offset).split(/\r\n|\r|\n/);
    const where = `${before.length}:${before[before.length - 1]!.length + 1}`;
    throw new ShipguardError(`${file}:${where} could not be parsed: ${printParseErrorCode(error.error)}`);
  }
  if (value === undefined) return {}; // an empty file, as TypeScript reads it
  if (!isRecord(value)) throw new ShipguardError(`${file} must hold a JSON object`);
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `paths` pattern a specifier matches (`@/*` for `@/lib/db`), longest prefix first, as TypeScript does. */
export function matchAlias(patterns: readonly string[], specifier: string): string | undefined {
  let best: string | undefined;
  let bestPrefix = -1;
  for (const pattern of patterns) {
    const star = pattern.indexOf('*');
    if (star < 0) {
      if (pattern === specifier) return pattern;
      continue;
    }
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix) && prefix.length > bestPrefix) {
      best = pattern;
      bestPrefix = prefix.length;
    }
  }
  return best;
}
