// What a package looks like in the tree being checked: its package.json, the tsconfig that covers a
// file (with `extends` followed), and how its code reaches Node (plain tsc, a bundler, an alias
// rewriter), which decides whether `@/…` aliases and devDependencies survive to runtime.
import { ShipguardError } from '../../errors.js';
import { loadTypeScript } from '../../lazy.js';
import { joinPath, parentDir, type Tree } from './code.js';

export const DEPENDENCY_SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;
export type DependencySection = (typeof DEPENDENCY_SECTIONS)[number];

export interface PackageJson {
  name?: string;
  type?: string;
  scripts?: Record<string, string>;
  imports?: Record<string, unknown>;
  workspaces?: string[] | { packages?: string[] };
  _moduleAliases?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export interface PackageInfo {
  /** Directory, repository-relative ('' for the root). */
  dir: string;
  /** Path of the package.json. */
  file: string;
  json: PackageJson;
}

/** Parses JSON from the tree; a broken file is a clear one-line error naming it, not a crash. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ShipguardError(`${file} is not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
}

export async function readPackage(tree: Tree, dir: string): Promise<PackageInfo | undefined> {
  const file = joinPath(dir, 'package.json');
  const text = await tree.read(file);
  if (text === null) return undefined;
  const json = parseJson(text, file);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ShipguardError(`${file} must hold a JSON object`);
  }
  return { dir, file, json: json as PackageJson };
}

/** The package a file belongs to: the nearest package.json at or above its directory. */
export async function packageOf(tree: Tree, path: string): Promise<PackageInfo | undefined> {
  const dir = await tree.packageDir(path);
  return dir === undefined ? undefined : readPackage(tree, dir);
}

/** Section that lists `name`, the runtime ones first. */
export function dependencySection(pkg: PackageJson, name: string): DependencySection | undefined {
  const order: DependencySection[] = ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies'];
  return order.find((section) => pkg[section] && Object.hasOwn(pkg[section]!, name));
}

export function workspacePatterns(pkg: PackageJson): string[] {
  const workspaces = pkg.workspaces;
  if (Array.isArray(workspaces)) return workspaces.filter((entry) => typeof entry === 'string');
  return Array.isArray(workspaces?.packages) ? workspaces.packages.filter((entry) => typeof entry === 'string') : [];
}

// ---------------------------------------------------------------------------------------------
// tsconfig

export interface AliasConfig {
  /** The tsconfig (or jsconfig) that defined `paths` / `baseUrl`. */
  file: string;
  /** `paths` patterns (`@/*`) and their targets, repository-relative (`src/*`). */
  paths: Record<string, string[]>;
  /** Repository-relative directory of `baseUrl`, when set. */
  baseUrl?: string;
  noEmit: boolean;
  moduleResolution?: string;
}

/** Compiler options that matter here, from the tsconfig.json / jsconfig.json nearest to `path`. */
export async function aliasConfigFor(tree: Tree, path: string): Promise<AliasConfig | undefined> {
  const startDir = parentDir(path);
  const [tsDir, jsDir] = await Promise.all([tree.nearestDirWith(startDir, 'tsconfig.json'), tree.nearestDirWith(startDir, 'jsconfig.json')]);
  const dir = tsDir !== undefined && (jsDir === undefined || tsDir.length >= jsDir.length) ? tsDir : jsDir;
  if (dir === undefined) return undefined;
  const file = joinPath(dir, dir === tsDir ? 'tsconfig.json' : 'jsconfig.json');
  const merged = await readCompilerOptions(tree, file, []);
  if (!merged.paths && !merged.baseUrl) {
    return { file, paths: {}, noEmit: merged.noEmit ?? false, moduleResolution: merged.moduleResolution };
  }
  return {
    file: merged.pathsFile ?? file,
    paths: merged.paths ?? {},
    baseUrl: merged.baseUrl,
    noEmit: merged.noEmit ?? false,
    moduleResolution: merged.moduleResolution,
  };
}

interface CompilerOptions {
  paths?: Record<string, string[]>;
  pathsFile?: string;
  baseUrl?: string;
  noEmit?: boolean;
  moduleResolution?: string;
}

async function readCompilerOptions(tree: Tree, file: string, chain: string[]): Promise<CompilerOptions> {
  if (chain.includes(file) || chain.length > 10) return {};
  const text = await tree.read(file);
  if (text === null) return {};
  const ts = await loadTypeScript();
  const { config, error } = ts.parseConfigFileTextToJson(file, text);
  if (error) {
    const message = ts.flattenDiagnosticMessageText(error.messageText, ' ');
    throw new ShipguardError(`${file} could not be parsed: ${message}`);
  }
  const options = (config?.compilerOptions ?? {}) as Record<string, unknown>;
  const dir = parentDir(file);
  // `extends` from a package (`@tsconfig/node20`) lives in node_modules, outside the tree: not followed.
  const parents = (Array.isArray(config?.extends) ? config.extends : [config?.extends]).filter(
    (entry: unknown): entry is string => typeof entry === 'string' && (entry.startsWith('./') || entry.startsWith('../')),
  );
  let merged: CompilerOptions = {};
  for (const parent of parents) {
    const parentFile = normalizePath(joinPath(dir, parent.endsWith('.json') ? parent : `${parent}.json`));
    if (parentFile !== undefined) merged = { ...merged, ...(await readCompilerOptions(tree, parentFile, [...chain, file])) };
  }
  const own: CompilerOptions = {};
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
    own.pathsFile = file;
  }
  if (typeof options.noEmit === 'boolean') own.noEmit = options.noEmit;
  if (typeof options.moduleResolution === 'string') own.moduleResolution = options.moduleResolution.toLowerCase();
  return { ...merged, ...own };
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

// ---------------------------------------------------------------------------------------------
// Build setup

export interface BuildSetup {
  /** Tool that bundles imported packages into the output (devDependencies then ship inside it). */
  bundler?: string;
  /** Tool that makes tsconfig `paths` work at runtime (a bundler does too). */
  aliasResolver?: string;
  /** The script that runs plain `tsc`, e.g. `scripts.build: "tsc -p tsconfig.json"`. */
  plainTsc?: string;
  /** A script that runs code with a loader that ignores tsconfig paths (`node`, `ts-node`). */
  plainNode?: string;
  esm: boolean;
}

const BUNDLERS: [RegExp, string][] = [
  [/\bvite\b/, 'vite'],
  [/\bnext (?:build|dev|start)\b|\bnext$/, 'Next.js'],
  [/\bnuxt\b|\bnuxi\b/, 'Nuxt'],
  [/\bwebpack\b/, 'webpack'],
  [/\brspack\b|\brsbuild\b/, 'rspack'],
  [/\besbuild\b(?:(?!\besbuild\b)[^&|;])*--bundle\b/, 'esbuild --bundle'], // up to the next `esbuild`: linear
  [/\btsup\b/, 'tsup'],
  [/\btsdown\b/, 'tsdown'],
  [/\brollup\b/, 'rollup'],
  [/\bparcel\b/, 'parcel'],
  [/\bncc build\b/, '@vercel/ncc'],
  [/\bbun build\b/, 'bun build'],
  [/\bastro build\b/, 'Astro'],
  [/\bremix build\b|\breact-router build\b/, 'Remix'],
  [/\bng build\b/, 'Angular CLI'],
  [/\bunbuild\b|\bpkgroll\b|\bmicrobundle\b/, 'a bundler'],
];

const ALIAS_RESOLVERS: [RegExp, string][] = [
  [/\btsc-alias\b/, 'tsc-alias'],
  [/tsconfig-paths\/register\b|\btsconfig-paths\b/, 'tsconfig-paths'],
  [/(?:^|[\s;&|(=])(?:npx\s+)?tsx(?:\s|$)/, 'tsx'],
  [/\bbun (?:run )?[\w./-]+\.[cm]?tsx?\b/, 'bun'],
  [/\bnest (?:build|start)\b/, 'the Nest CLI'],
  [/\btspc\b|\bts-patch\b|\bttsc\b/, 'a paths transformer'],
];

const ALIAS_PACKAGES: Record<string, string> = {
  'tsc-alias': 'tsc-alias',
  'babel-plugin-module-resolver': 'babel-plugin-module-resolver',
  'typescript-transform-paths': 'typescript-transform-paths',
  '@zerollup/ts-transform-paths': '@zerollup/ts-transform-paths',
  'vite-tsconfig-paths': 'vite',
  'tsconfig-paths-webpack-plugin': 'webpack',
};

const BUNDLER_PACKAGES: Record<string, string> = {
  vite: 'vite',
  next: 'Next.js',
  nuxt: 'Nuxt',
  webpack: 'webpack',
  '@rspack/core': 'rspack',
  tsup: 'tsup',
  rollup: 'rollup',
  parcel: 'parcel',
  '@vercel/ncc': '@vercel/ncc',
  '@angular/cli': 'Angular CLI',
};

const PLAIN_TSC = /(?:^|[\s;&|(])(?:npx\s+)?tsc(?:\s|$|;|&|\))/;
const PLAIN_NODE = /(?:^|[\s;&|(])(?:node|ts-node|ts-node-dev|nodemon)\s/;

export function detectBuild(pkg: PackageJson): BuildSetup {
  const scripts = Object.entries(pkg.scripts ?? {}).filter(([, command]) => typeof command === 'string');
  const packages = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
  const inScripts = (patterns: [RegExp, string][]) => {
    for (const [name, command] of scripts) {
      const hit = patterns.find(([pattern]) => pattern.test(command));
      if (hit) return `${hit[1]} (scripts.${name})`;
    }
    return undefined;
  };
  const inPackages = (table: Record<string, string>) => {
    const name = packages.find((entry) => table[entry]);
    return name ? `${table[name]} (${name} in package.json)` : undefined;
  };
  const script = (pattern: RegExp) => {
    const hit = scripts.find(([, command]) => pattern.test(command) && !/--noEmit\b/.test(command));
    return hit ? `scripts.${hit[0]}: "${hit[1]}"` : undefined;
  };
  const plainTsc = script(PLAIN_TSC);
  // Scripts are evidence; a bundler package without a script only counts when no script runs plain tsc
  // (a tsc-built backend often has vite as a test-tooling dependency).
  const bundler = inScripts(BUNDLERS) ?? (plainTsc ? undefined : inPackages(BUNDLER_PACKAGES));
  const moduleAlias = pkg._moduleAliases && packages.includes('module-alias') ? 'module-alias (_moduleAliases)' : undefined;
  const aliasResolver = bundler ?? inScripts(ALIAS_RESOLVERS) ?? inPackages(ALIAS_PACKAGES) ?? moduleAlias;
  return { bundler, aliasResolver, plainTsc, plainNode: script(PLAIN_NODE), esm: pkg.type === 'module' };
}

/** `a/./b/../c` -> `a/c`; undefined when it climbs above the repository root. */
export function normalizePath(path: string): string | undefined {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!out.length) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
