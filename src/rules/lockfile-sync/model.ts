// What every lockfile model (npm.ts, pnpm.ts, yarn.ts) reports for one package, and the
// package.json reading they share.
import type { PackageJson } from '../shared/project.js';

/** package.json sections a lockfile locks (peers: npm installs them, pnpm with autoInstallPeers). */
export const LOCKED_SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;
export type LockedSection = (typeof LOCKED_SECTIONS)[number];

/** One way a lockfile fails a package.json, as the package manager's own check would see it. */
export interface Problem {
  /** The dependency (for pointing at its line in package.json). */
  name: string;
  section: LockedSection;
  /** Human text; also the identity used to tell a new problem from one the base already had. */
  text: string;
}

/** What a model concluded for one package: its problems and what the package manager does about them. */
export interface Verdict {
  problems: Problem[];
  /** Sentence saying what goes wrong with such a lockfile, e.g. "`npm ci` refuses such a lockfile". */
  consequence: string;
}

/** The dependency ranges of a package.json, per locked section (non-string values dropped). */
export function declared(pkg: PackageJson, section: LockedSection): Record<string, string> {
  const value = (pkg as Record<string, unknown>)[section];
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** peerDependenciesMeta.<name>.optional: such a peer is never installed on its own. */
export function optionalPeer(pkg: PackageJson, name: string): boolean {
  const meta = (pkg as { peerDependenciesMeta?: Record<string, { optional?: unknown }> }).peerDependenciesMeta;
  return meta?.[name]?.optional === true;
}
