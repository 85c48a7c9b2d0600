// Which lockfile installs a package: the workspace root's when an ancestor's workspaces cover the
// package (npm, yarn and pnpm all install a workspace member from the root and ignore a lockfile
// left inside the member), else the one in the package's own directory.
import { withoutTrailingSlashes } from '../../strings.js';
import { ShipguardError } from '../../errors.js';
import { matchWhole } from '../../glob.js';
import type { Revision } from '../../changeset.js';
import { loadYaml } from '../../lazy.js';
import { joinPath, parentDir, type Tree } from '../shared/code.js';
import { parseJson, readPackage, workspacePatterns } from '../shared/project.js';
import { LOCKFILES, type PackageManager as Manager } from '../../package-manager.js';

export interface Lockfile {
  path: string;
  manager: Manager;
  /** Directory of the lockfile (the workspace root). */
  root: string;
  /** The package's key inside the lockfile: '' for the root, `packages/api` for a workspace. */
  importer: string;
}

export async function governingLockfile(tree: Tree, dir: string): Promise<Lockfile | undefined> {
  const own = await lockfileIn(tree, dir);
  // A directory with its own pnpm-workspace.yaml is a workspace root of its own.
  if (!(await tree.exists(joinPath(dir, 'pnpm-workspace.yaml')))) {
    for (let current = dir; current !== ''; ) {
      current = parentDir(current);
      const found = await lockfileIn(tree, current);
      if (!found) continue;
      const importer = current ? dir.slice(current.length + 1) : dir;
      if (covers(await workspaceGlobs(tree, current), importer)) return { ...found, root: current, importer };
    }
  }
  return own ? { ...own, root: dir, importer: '' } : undefined;
}

async function lockfileIn(tree: Tree, dir: string): Promise<Omit<Lockfile, 'root' | 'importer'> | undefined> {
  const present = await Promise.all(LOCKFILES.map((entry) => tree.exists(joinPath(dir, entry.file))));
  const index = present.indexOf(true);
  return index < 0 ? undefined : { path: joinPath(dir, LOCKFILES[index]!.file), manager: LOCKFILES[index]!.manager };
}

/** Workspace globs of a root: package.json `workspaces` and pnpm-workspace.yaml `packages`. */
export async function workspaceGlobs(tree: Tree, root: string): Promise<string[]> {
  const pkg = await readPackage(tree, root);
  const pnpm = await readPnpmWorkspace(tree, root);
  const packages = Array.isArray(pnpm?.packages) ? pnpm.packages.filter((entry): entry is string => typeof entry === 'string') : [];
  return [...(pkg ? workspacePatterns(pkg.json) : []), ...packages];
}

/** A path matches when a glob includes it and no `!glob` excludes it, wherever it stands in the list. */
export function covers(globs: string[], path: string): boolean {
  const clean = (glob: string) => withoutTrailingSlashes(glob.replace(/^\.\//, ''));
  const included = globs.filter((glob) => !glob.startsWith('!')).map(clean);
  const excluded = globs.filter((glob) => glob.startsWith('!')).map((glob) => clean(glob.slice(1)));
  return matchWhole(path, included) && !matchWhole(path, excluded);
}

export async function readPnpmWorkspace(tree: Tree, root: string): Promise<Record<string, unknown> | undefined> {
  const file = joinPath(root, 'pnpm-workspace.yaml');
  const text = await tree.read(file);
  if (text === null) return undefined;
  const { parse } = await loadYaml();
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    throw new ShipguardError(`${file} is not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

/**
 * Workspace packages under `root` by name, with their version. Lists only the directories the
 * globs start with (`packages/` for `packages/*`), not the whole tree.
 */
export async function workspacePackages(tree: Tree, root: string, globs: string[]): Promise<Map<string, string | undefined>> {
  const prefixes = [...new Set(globs.filter((glob) => !glob.startsWith('!')).map((glob) => joinPath(root, literalPrefix(glob))))];
  const files = await listUnder(tree, prefixes.length ? prefixes : [root]);
  const packages = new Map<string, string | undefined>();
  for (const file of files) {
    if (!file.endsWith('/package.json') || file.includes('/node_modules/')) continue;
    const dir = parentDir(file);
    const relative = root ? dir.slice(root.length + 1) : dir;
    if (!covers(globs, relative)) continue;
    const text = await tree.read(file);
    let json: unknown;
    try {
      json = text === null ? undefined : parseJson(text, file);
    } catch {
      continue; // another package's broken package.json is not this change's problem
    }
    const { name, version } = (json ?? {}) as { name?: unknown; version?: unknown };
    if (typeof name === 'string') packages.set(name, typeof version === 'string' ? version : undefined);
  }
  return packages;
}

/** `packages/*` -> `packages`; `apps/**` -> `apps`; `*` -> ''. */
function literalPrefix(glob: string): string {
  const clean = glob.replace(/^\.\//, '');
  const wild = clean.search(/[*?[{!]/);
  const literal = wild < 0 ? clean : clean.slice(0, wild);
  return literal.includes('/') ? literal.slice(0, literal.lastIndexOf('/')) : wild < 0 ? literal : '';
}

async function listUnder(tree: Tree, dirs: string[]): Promise<string[]> {
  const revision: Revision = tree.revision;
  return tree.git.listMatching(revision, dirs.map((dir) => (dir ? `:(literal)${dir}/` : '.')));
}

/** The project's `.npmrc` sets `legacy-peer-deps=true`: npm then installs no peer dependencies. */
export async function legacyPeerDeps(tree: Tree, root: string): Promise<boolean> {
  const text = await tree.read(joinPath(root, '.npmrc'));
  return text !== null && text.split('\n').some((line) => /^legacy-peer-deps\s*=\s*true$/.test(line.trim()));
}
