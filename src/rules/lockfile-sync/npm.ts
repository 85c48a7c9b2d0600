// package-lock.json / npm-shrinkwrap.json, judged the way `npm ci` judges them: it builds the tree
// package.json asks for from the lockfile and refuses when that tree needs a package the lockfile
// does not lock (checked with npm 11: an extra entry in packages[""] or a range that the locked
// version still satisfies is accepted; a dependency with no satisfying entry is refused).
import semver from 'semver';
import { ShipguardError } from '../../errors.js';
import type { PackageJson } from '../shared/project.js';
import { declared, optionalPeer, type Problem, type Verdict } from './model.js';

interface NpmEntry {
  name?: string;
  version?: string;
  resolved?: string;
  link?: boolean;
  optional?: boolean;
  inBundle?: boolean;
  extraneous?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

export interface NpmLock {
  lockfileVersion?: number;
  packages?: Record<string, NpmEntry>;
  /** lockfile v1: resolved packages by name. */
  dependencies?: Record<string, { version?: string }>;
}

export function parseNpmLock(text: string, file: string): NpmLock {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ShipguardError(`${file} is not valid JSON (${(error as Error).message.split('\n')[0]}); regenerate it with npm install`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ShipguardError(`${file} must hold a JSON object; regenerate it with npm install`);
  return parsed as NpmLock;
}

const CHECKED = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

/**
 * Dependencies of the package at `importer` ('' for the root) that `npm ci` could not install from
 * this lockfile. `root` is the workspace root's package.json, whose `overrides` apply to every workspace.
 */
export function npmVerdict(lock: NpmLock, importer: string, pkg: PackageJson, root: PackageJson, options: { legacyPeerDeps: boolean }): Verdict {
  const consequence = '`npm ci` refuses such a lockfile';
  const overridden = overriddenNames(root);
  const problems: Problem[] = [];
  // A workspace the lockfile does not record: npm ci's tree lacks its link, whatever it depends on.
  if (importer && lock.packages && !lock.packages[importer]) {
    return { consequence, problems: [{ name: pkg.name ?? importer, section: 'dependencies', text: `the lockfile has no entry for workspace ${importer}` }] };
  }
  for (const section of CHECKED) {
    for (const [name, range] of Object.entries(declared(pkg, section))) {
      if (section === 'peerDependencies' && (options.legacyPeerDeps || optionalPeer(pkg, name) || inOtherSection(pkg, name))) continue;
      const entry = locate(lock, importer, name);
      if (entry === undefined) {
        problems.push({ name, section, text: `${name} ${range} (${section}) is missing from the lockfile` });
        continue;
      }
      // An overridden direct dependency is locked at the override's version (npm checks they agree).
      if (overridden.has(name) || entry.version === undefined) continue;
      const wanted = semverRange(name, range, entry.name);
      if (wanted !== undefined && semver.valid(entry.version) && !semver.satisfies(entry.version, wanted, { includePrerelease: true })) {
        problems.push({ name, section, text: `${name} ${range} (${section}) is locked at ${entry.version}, outside that range` });
      }
    }
  }
  return { problems, consequence };
}

function inOtherSection(pkg: PackageJson, name: string): boolean {
  return ['dependencies', 'devDependencies', 'optionalDependencies'].some((section) => Object.hasOwn(declared(pkg, section as 'dependencies'), name));
}

/** `overrides` keys name packages (`foo`, `foo@^1`, nested objects under a parent). */
function overriddenNames(pkg: PackageJson): Set<string> {
  const names = new Set<string>();
  const walk = (value: unknown) => {
    if (typeof value !== 'object' || value === null) return;
    for (const [key, inner] of Object.entries(value)) {
      if (key !== '.') names.add(withoutVersion(key));
      walk(inner);
    }
  };
  walk((pkg as { overrides?: unknown }).overrides);
  return names;
}

/** The semver range a spec asks for, with `npm:` aliases unwrapped; undefined for git, file, tags. */
function semverRange(name: string, range: string, lockedName: string | undefined): string | undefined {
  let spec = range;
  const alias = /^npm:((?:@[^/]+\/)?[^@]+)(?:@(.*))?$/.exec(range);
  if (alias) {
    if (lockedName !== undefined && lockedName !== alias[1]) return undefined;
    spec = alias[2] ?? '*';
  } else if (lockedName !== undefined && lockedName !== name) return undefined;
  return semver.validRange(spec) ?? undefined;
}

/** The entry Node would load for `name` from the package at `importer`, links followed. */
function locate(lock: NpmLock, importer: string, name: string): { version?: string; name?: string } | undefined {
  const packages = lock.packages;
  if (!packages) {
    const entry = lock.dependencies?.[name];
    return entry ? { version: undefined } : undefined; // lockfile v1: presence only
  }
  const path = resolve(packages, importer, name);
  if (path === undefined) return undefined;
  const entry = packages[path]!;
  if (entry.link && typeof entry.resolved === 'string') {
    const target = packages[entry.resolved];
    return { version: target?.version, name: target?.name };
  }
  return { version: entry.version, name: entry.name };
}

/** Node's lookup: `<dir>/node_modules/<name>`, then each parent's. */
function resolve(packages: Record<string, NpmEntry>, from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const path = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[path]) return path;
    if (dir === '') return undefined;
    dir = parentOf(dir);
  }
}

export interface MissingEntry {
  /** The lockfile entry that depends on the missing one, e.g. `node_modules/prisma`. */
  from: string;
  name: string;
  range: string;
  peer: boolean;
}

/**
 * package-lock v2/v3: dependencies of locked packages that no entry satisfies by Node's lookup.
 * `npm ci` installs exactly the lockfile, so a missing entry is a module missing at runtime.
 * Entries marked `extraneous` (a deleted workspace folder, a package nothing needs) are not
 * installed, so their dependencies are not needed either; with `legacy-peer-deps` no peer is.
 */
export function missingEntries(lock: NpmLock, options: { legacyPeerDeps: boolean }): MissingEntry[] {
  const packages = lock.packages;
  if (!packages) return [];
  const missing: MissingEntry[] = [];
  for (const [path, entry] of Object.entries(packages)) {
    // The root's ranges are compared with package.json instead; optional and bundled entries may be absent by design.
    if (path === '' || entry.link || entry.inBundle || entry.optional || entry.extraneous) continue;
    const wanted: [string, string, boolean][] = [
      ...Object.entries(entry.dependencies ?? {}).map(([name, range]): [string, string, boolean] => [name, range, false]),
      ...Object.entries(options.legacyPeerDeps ? {} : (entry.peerDependencies ?? {}))
        .filter(([name]) => !entry.peerDependenciesMeta?.[name]?.optional)
        .map(([name, range]): [string, string, boolean] => [name, range, true]),
    ];
    for (const [name, range, peer] of wanted) {
      if (resolve(packages, path, name) === undefined) missing.push({ from: path, name, range, peer });
    }
  }
  return missing;
}

/** Workspace folders the lockfile records (keys outside node_modules), with their entries. */
export function npmImporters(lock: NpmLock): Map<string, string> {
  const importers = new Map<string, string>();
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (!path.includes('node_modules/') && !entry.extraneous) importers.set(path, JSON.stringify(entry));
  }
  return importers;
}

/** `node_modules/a/node_modules/b` -> `node_modules/a`; `packages/api` -> `packages`; `node_modules/a` -> ''. */
function parentOf(path: string): string {
  const nested = path.lastIndexOf('/node_modules/');
  if (nested >= 0) return path.slice(0, nested);
  if (path.startsWith('node_modules/')) return '';
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** `name@range` or `@scope/name@range` -> the name (the `@` of a scope is at index 0). */
function withoutVersion(key: string): string {
  const at = key.indexOf('@', 1);
  return at < 0 ? key : key.slice(0, at);
}
