// yarn.lock (yarn 1 and Berry) records resolved entries keyed by the `name@range` patterns that
// asked for them, not the workspace's own ranges; a dependency is locked when its pattern is a key.
// What yarn itself does and this models: yarn 1 links a workspace package whose version satisfies
// the range and writes no entry for it; `resolutions` remap patterns (not judged here).
import { isYarnBerryLock } from '../../package-manager.js';
import semver from 'semver';
import type { PackageJson } from '../shared/project.js';
import { declared, type Problem, type Verdict } from './model.js';

export interface YarnLock {
  berry: boolean;
  keys: Set<string>;
}

/** yarn 1 (`"lodash@^4.17.21", lodash@^4.17.0:`) and Berry (`"lodash@npm:^4.17.21, lodash@npm:^4.17.0":`) entry headers. */
export function parseYarnLock(text: string): YarnLock {
  const keys = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith(' ') || line.startsWith('#') || !line.trimEnd().endsWith(':')) continue;
    for (const part of line.trimEnd().slice(0, -1).split(',')) keys.add(part.trim().replace(/^"|"$/g, ''));
  }
  return { berry: isYarnBerryLock(text), keys };
}

export interface YarnContext {
  /** The lockfile's root declares workspaces. */
  workspace: boolean;
  /** Package names `resolutions` (of the lockfile's root) remaps. */
  resolved: Set<string>;
  /** Workspace packages by name, with their version; read only when a pattern has no entry. */
  workspacePackages(): Promise<Map<string, string | undefined>>;
}

const SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;

export async function yarnVerdict(lock: YarnLock, pkg: PackageJson, context: YarnContext): Promise<Verdict> {
  const problems: Problem[] = [];
  for (const section of SECTIONS) {
    for (const [name, range] of Object.entries(declared(pkg, section))) {
      if (lock.keys.has(`${name}@${range}`) || lock.keys.has(`${name}@npm:${range}`)) continue;
      if (context.resolved.has(name) || !judgeable(range, lock.berry)) continue;
      if (await linkedWorkspace(name, range, lock.berry, context)) continue;
      problems.push({ name, section, text: `${name}@${range} (${section}) has no entry in the lockfile` });
    }
  }
  return { problems, consequence: consequence(lock, context) };
}

/** Ranges whose lockfile key this model knows: yarn 1 writes `name@<range>` for everything but `link:`. */
function judgeable(range: string, berry: boolean): boolean {
  if (range.startsWith('link:')) return false;
  // Berry keys other protocols with resolved locators (`file:…::locator=…`, `patch:`, `portal:`).
  return !berry || !/^[a-z+-]+:/.test(range) || range.startsWith('npm:');
}

async function linkedWorkspace(name: string, range: string, berry: boolean, context: YarnContext): Promise<boolean> {
  if (!context.workspace) return false;
  const packages = await context.workspacePackages();
  if (!packages.has(name)) return false;
  if (berry) return true; // Berry resolves workspace ranges through its own rules; not judged
  const version = packages.get(name);
  const wanted = semver.validRange(range);
  if (wanted === null || version === undefined || semver.valid(version) === null) return true; // unsure: say nothing
  return semver.satisfies(version, wanted, { includePrerelease: true });
}

function consequence(lock: YarnLock, context: YarnContext): string {
  if (lock.berry) return '`yarn install --immutable` refuses such a lockfile';
  if (context.workspace) return 'yarn resolves such a dependency afresh from the registry on every install instead of a locked version (yarn 1 `--frozen-lockfile` does not notice this in a workspace)';
  return '`yarn install --frozen-lockfile` refuses such a lockfile';
}

/** Names `resolutions` remaps: `ms`, `**\/ms`, `parent/ms`, `@scope/name`, `name@npm:^1`. */
export function resolutionNames(pkg: PackageJson): Set<string> {
  const resolutions = (pkg as { resolutions?: unknown }).resolutions;
  const names = new Set<string>();
  if (typeof resolutions !== 'object' || resolutions === null) return names;
  for (const key of Object.keys(resolutions)) {
    const name = resolutionName(key);
    if (name) names.add(name);
  }
  return names;
}

// A resolution key (`**` + `/foo`, `parent/@scope/child@^1`, `foo@npm:1.2.3`) -> the package it pins.
function resolutionName(key: string): string | undefined {
  const parts = key.split('/');
  let name = parts.pop() ?? '';
  const scope = parts[parts.length - 1];
  if (scope?.startsWith('@')) name = `${scope}/${name}`;
  const at = name.indexOf('@', 1);
  const bare = at < 0 ? name : name.slice(0, at);
  return bare && bare !== '**' ? bare : undefined;
}
