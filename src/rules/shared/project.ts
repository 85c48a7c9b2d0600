// What a package looks like in the tree being checked: its package.json, and how its code reaches
// Node (plain tsc, a bundler, an alias rewriter), which decides whether `@/…` aliases and
// devDependencies survive to runtime. The tsconfig that covers a file: tsconfig.ts.
import { ShipguardError } from '../../errors.js';
import { joinPath, type Tree } from './code.js';

export const DEPENDENCY_SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;
export type DependencySection = (typeof DEPENDENCY_SECTIONS)[number];

export interface PackageJson {
  name?: string;
  private?: boolean;
  /** `pnpm@9.15.0`: the package manager corepack runs for this project. */
  packageManager?: string;
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
  [/\brolldown\b/, 'rolldown'],
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
  rolldown: 'rolldown',
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
    const hit = scripts.find(([, command]) => pattern.test(command) && !/--noEmit\b|--emitDeclarationOnly\b/.test(command));
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
