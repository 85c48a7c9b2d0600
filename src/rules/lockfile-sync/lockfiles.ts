// Reading the four lockfile formats far enough to compare them with package.json: the dependency
// ranges a lockfile recorded for one package (its "root entry"), and, for package-lock v2/v3, the
// entries it is missing.
import { bounded } from '../../budget.js';
import { ShipguardError } from '../../errors.js';
import { loadYaml } from '../../lazy.js';

export type Manager = 'npm' | 'pnpm' | 'yarn' | 'bun';

export const LOCKFILES: { file: string; manager: Manager }[] = [
  { file: 'package-lock.json', manager: 'npm' },
  { file: 'npm-shrinkwrap.json', manager: 'npm' },
  { file: 'pnpm-lock.yaml', manager: 'pnpm' },
  { file: 'yarn.lock', manager: 'yarn' },
  { file: 'bun.lock', manager: 'bun' },
  { file: 'bun.lockb', manager: 'bun' },
];

export const INSTALL: Record<Manager, string> = { npm: 'npm install', pnpm: 'pnpm install', yarn: 'yarn install', bun: 'bun install' };

/** Sections whose ranges a lockfile records, per manager. */
export const RECORDED_SECTIONS: Record<Manager, string[]> = {
  npm: ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'],
  pnpm: ['dependencies', 'devDependencies', 'optionalDependencies'],
  yarn: ['dependencies', 'devDependencies', 'optionalDependencies'],
  bun: [],
};

export type Ranges = Record<string, Record<string, string>>;

/** What the lockfile says one package (an importer) depends on: section -> name -> range. */
export type RootEntry =
  | { kind: 'ranges'; ranges: Ranges }
  /** yarn.lock and package-lock v1 record resolved entries, not the importer: `name@range` keys present. */
  | { kind: 'keys'; has(name: string, range: string): boolean }
  | { kind: 'unknown' };

export async function readRootEntry(manager: Manager, file: string, text: string, importer: string): Promise<RootEntry> {
  switch (manager) {
    case 'npm':
      return npmRoot(parseJsonLock(text, file), importer);
    case 'pnpm':
      return pnpmRoot(await parseYamlLock(text, file), importer);
    case 'yarn':
      return bounded(text.length, () => yarnKeys(text));
    case 'bun':
      return { kind: 'unknown' };
  }
}

export function parseJsonLock(text: string, file: string): NpmLock {
  try {
    return bounded(text.length, () => JSON.parse(text) as NpmLock);
  } catch (error) {
    throw new ShipguardError(`${file} is not valid JSON (${(error as Error).message.split('\n')[0]}); regenerate it with npm install`);
  }
}

/** `yaml` loads only for pnpm projects (the CLI bundle keeps it external). */
async function parseYamlLock(text: string, file: string): Promise<Record<string, unknown>> {
  const { parse } = await loadYaml();
  try {
    return (bounded(text.length, () => parse(text)) ?? {}) as Record<string, unknown>;
  } catch (error) {
    throw new ShipguardError(`${file} is not valid YAML (${(error as Error).message.split('\n')[0]}); regenerate it with pnpm install`);
  }
}

interface NpmEntry {
  version?: string;
  link?: boolean;
  optional?: boolean;
  inBundle?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

export interface NpmLock {
  lockfileVersion?: number;
  packages?: Record<string, NpmEntry>;
  dependencies?: Record<string, { version?: string }>;
}

function npmRoot(lock: NpmLock, importer: string): RootEntry {
  const entry = lock.packages?.[importer];
  if (entry) {
    const ranges: Ranges = {};
    for (const section of RECORDED_SECTIONS.npm) ranges[section] = { ...(entry[section as keyof NpmEntry] as Record<string, string> | undefined) };
    return { kind: 'ranges', ranges };
  }
  if (lock.packages) return { kind: 'ranges', ranges: {} }; // v2/v3 without this importer: it was never installed
  // v1: only resolved packages, top level by name.
  const dependencies = lock.dependencies ?? {};
  return { kind: 'keys', has: (name) => Object.hasOwn(dependencies, name) };
}

function pnpmRoot(lock: Record<string, unknown>, importer: string): RootEntry {
  const importers = lock.importers as Record<string, Record<string, unknown>> | undefined;
  const entry = importers ? importers[importer || '.'] : importer ? undefined : lock;
  if (!entry) return { kind: 'ranges', ranges: {} };
  // pnpm 5: a `specifiers` map; pnpm 6+: `{ specifier, version }` per dependency.
  const specifiers = entry.specifiers as Record<string, string> | undefined;
  const ranges: Ranges = {};
  for (const section of RECORDED_SECTIONS.pnpm) {
    const deps = (entry[section] ?? {}) as Record<string, unknown>;
    ranges[section] = Object.fromEntries(
      Object.entries(deps).map(([name, value]) => [
        name,
        typeof value === 'object' && value !== null && 'specifier' in value ? String((value as { specifier: unknown }).specifier) : (specifiers?.[name] ?? '?'),
      ]),
    );
  }
  return { kind: 'ranges', ranges };
}

/** yarn v1 (`"lodash@^4.17.21", lodash@^4.17.0:`) and berry (`"lodash@npm:^4.17.21":`) entry headers. */
function yarnKeys(text: string): RootEntry {
  const keys = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith(' ') || line.startsWith('#') || !line.trimEnd().endsWith(':')) continue;
    for (const part of line.trimEnd().slice(0, -1).split(',')) keys.add(part.trim().replace(/^"|"$/g, ''));
  }
  return { kind: 'keys', has: (name, range) => keys.has(`${name}@${range}`) || keys.has(`${name}@npm:${range}`) };
}

export interface MissingEntry {
  /** The lockfile entry that depends on the missing one, e.g. `node_modules/prisma`. */
  from: string;
  name: string;
  range: string;
  peer: boolean;
}

/**
 * package-lock v2/v3: dependencies of locked packages that no entry satisfies by Node's lookup
 * (`a/node_modules/x`, then each parent's `node_modules/x`). `npm ci` installs exactly the
 * lockfile, so a missing entry is a module missing at runtime.
 */
export function missingEntries(lock: NpmLock): MissingEntry[] {
  const packages = lock.packages;
  if (!packages) return [];
  const missing: MissingEntry[] = [];
  for (const [path, entry] of Object.entries(packages)) {
    // The root's ranges are compared with package.json instead; optional and bundled entries may be absent by design.
    if (path === '' || entry.link || entry.inBundle || entry.optional) continue;
    const wanted: [string, string, boolean][] = [
      ...Object.entries(entry.dependencies ?? {}).map(([name, range]): [string, string, boolean] => [name, range, false]),
      ...Object.entries(entry.peerDependencies ?? {})
        .filter(([name]) => !entry.peerDependenciesMeta?.[name]?.optional)
        .map(([name, range]): [string, string, boolean] => [name, range, true]),
    ];
    for (const [name, range, peer] of wanted) {
      if (!resolvable(packages, path, name)) missing.push({ from: path, name, range, peer });
    }
  }
  return missing;
}

function resolvable(packages: Record<string, NpmEntry>, from: string, name: string): boolean {
  let dir = from;
  for (;;) {
    if (packages[dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`]) return true;
    if (dir === '') return false;
    dir = parentOf(dir);
  }
}

/** `node_modules/a/node_modules/b` -> `node_modules/a`; `packages/api` -> `packages`; `node_modules/a` -> ''. */
function parentOf(path: string): string {
  const nested = path.lastIndexOf('/node_modules/');
  if (nested >= 0) return path.slice(0, nested);
  if (path.startsWith('node_modules/')) return '';
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}
