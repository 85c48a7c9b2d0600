// Which package manager a project uses, its lockfiles, and the commands that install and add
// dependencies: the one place shipguard knows this (rules read the tree being checked, init and
// doctor the project on disk).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Revision } from './changeset.js';
import type { GitReader } from './git/reader.js';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

/**
 * Every lockfile name, in the order a directory holding several is judged by: a manager's own
 * lockfile before npm's (a package-lock.json left from before a switch to pnpm is the stale one).
 */
export const LOCKFILES: readonly { file: string; manager: PackageManager }[] = [
  { file: 'pnpm-lock.yaml', manager: 'pnpm' },
  { file: 'yarn.lock', manager: 'yarn' },
  { file: 'bun.lock', manager: 'bun' },
  { file: 'bun.lockb', manager: 'bun' },
  { file: 'package-lock.json', manager: 'npm' },
  { file: 'npm-shrinkwrap.json', manager: 'npm' },
];

/** The lockfiles stored as text (bun.lockb is binary). */
export const TEXT_LOCKFILES: readonly string[] = LOCKFILES.map((lock) => lock.file).filter((file) => file !== 'bun.lockb');

/** The manager a lockfile name (or path) belongs to. */
export function managerOfLockfile(file: string): PackageManager | undefined {
  const name = file.slice(file.lastIndexOf('/') + 1);
  return LOCKFILES.find((lock) => lock.file === name)?.manager;
}

/** package.json `packageManager`, as corepack writes it: `pnpm@9.1.0`, `yarn@4.1.0+sha512.…`. */
export function declaredManager(field: unknown): PackageManager | undefined {
  if (typeof field !== 'string') return undefined;
  const name = field.slice(0, field.indexOf('@'));
  return name === 'npm' || name === 'pnpm' || name === 'yarn' || name === 'bun' ? name : undefined;
}

/** Yarn 2+ (Berry) writes a `__metadata:` block; yarn 1 (classic) a `# yarn lockfile v1` header. */
export function isYarnBerryLock(text: string): boolean {
  return /^__metadata:/m.test(text);
}

/** The command that installs a project's dependencies and rewrites its lockfile. */
export function installCommand(manager: PackageManager): string {
  return `${manager} install`;
}

/** The install a production server runs: devDependencies left out. */
export function productionInstallCommand(manager: PackageManager): string {
  switch (manager) {
    case 'pnpm':
      return 'pnpm install --prod';
    case 'yarn':
      return 'yarn install --production';
    case 'bun':
      return 'bun install --production';
    case 'npm':
      return 'npm ci --omit=dev';
  }
}

/** What runs a dependency's bin: `npx shipguard`, `pnpm exec shipguard`. */
export function execCommand(manager: PackageManager): string {
  return { npm: 'npx', pnpm: 'pnpm exec', yarn: 'yarn', bun: 'bunx' }[manager];
}

/**
 * The command that adds `name` to a package's production dependencies (moving it out of
 * devDependencies); `workspace` is the package's folder under the workspace root, and its name.
 */
export function addDependencyCommand(manager: PackageManager, name: string, workspace?: { dir: string; name?: string }): string {
  switch (manager) {
    case 'pnpm':
      return `pnpm add --save-prod ${name}${workspace ? ` --filter ${workspace.name ?? `./${workspace.dir}`}` : ''}`;
    case 'yarn':
      return `yarn${workspace ? ` workspace ${workspace.name ?? workspace.dir}` : ''} add ${name}`;
    case 'bun':
      return `bun add ${name}${workspace ? ` --cwd ${workspace.dir}` : ''}`;
    case 'npm':
      return `npm install --save-prod ${name}${workspace ? ` -w ${workspace.dir}` : ''}`;
  }
}

interface ProjectFacts {
  /** The `packageManager` field of `dir`'s package.json (undefined when absent or unreadable). */
  packageManagerField(dir: string): unknown;
  /** Whether the file at the path exists. */
  has(file: string): boolean;
}

/**
 * The manager of a package: the `packageManager` field of the nearest of `dirs` (the package's own
 * folder first, then its workspace root) that sets one, else the first lockfile found in them, else npm.
 */
function choose(dirs: readonly string[], facts: ProjectFacts): PackageManager {
  for (const dir of dirs) {
    const declared = declaredManager(facts.packageManagerField(dir));
    if (declared) return declared;
  }
  for (const dir of dirs) {
    const lock = LOCKFILES.find((candidate) => facts.has(joinDir(dir, candidate.file)));
    if (lock) return lock.manager;
  }
  return 'npm';
}

/** The package manager of repository-relative `dirs` (nearest first), read from the index or a commit. */
export async function packageManagerInTree(git: GitReader, revision: Revision, dirs: readonly string[]): Promise<PackageManager> {
  const unique = [...new Set(dirs)];
  const manifests = await Promise.all(unique.map((dir) => git.readFile(revision, joinDir(dir, 'package.json'))));
  // One git process lists whichever lockfiles exist (bun.lockb is binary: it cannot be read as text).
  const candidates = unique.flatMap((dir) => LOCKFILES.map((lock) => joinDir(dir, lock.file)));
  const present = new Set(await git.listMatching(revision, candidates.map((file) => `:(literal)${file}`)));
  return choose(unique, {
    packageManagerField: (dir) => fieldOf(manifests[unique.indexOf(dir)] ?? null),
    has: (file) => present.has(file),
  });
}

/** The package manager of absolute `dirs` (nearest first) on disk: for init and doctor, which set up the checkout. */
export function packageManagerOnDisk(dirs: readonly string[]): PackageManager {
  return choose(dirs, {
    packageManagerField: (dir) => {
      try {
        return fieldOf(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      } catch {
        return undefined;
      }
    },
    has: (file) => existsSync(file),
  });
}

function fieldOf(manifest: string | null): unknown {
  if (!manifest) return undefined;
  try {
    return (JSON.parse(manifest) as { packageManager?: unknown } | null)?.packageManager;
  } catch {
    return undefined;
  }
}

function joinDir(dir: string, file: string): string {
  return dir ? `${dir}/${file}` : file;
}
