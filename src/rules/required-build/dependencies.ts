// How a temporary worktree gets the pushed tree's dependencies without changing the developer's.
// pnpm installs into the worktree from its store: its node_modules holds absolute paths
// (.modules.yaml, workspace state, bin shims), so any pnpm that finds another checkout's
// node_modules through a link reinstalls into it (pnpm >= 11 before every `pnpm run`), and pnpm
// 12 refuses a linked node_modules outright. npm, yarn (classic, and berry's node-modules linker)
// and bun never install on `run`: their node_modules folders are mirrored (mirror.ts), which costs
// milliseconds. See docs/rules/required-build.md for the measured costs.
import { withoutTrailingSlashes } from '../../strings.js';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { GitReader } from '../../git/reader.js';
import { packageManagerOf } from './options.js';

/** The frozen lockfile is the pushed one; the store serves it offline, and fills only what it lacks. */
export const PNPM_INSTALL = 'pnpm install --frozen-lockfile --prefer-offline';

export interface DependencyPlan {
  /** Repository-relative node_modules folders of the working tree to mirror into the worktree. */
  mirror: string[];
  /** pnpm: install into the worktree instead, in `dir` (where the lockfile is). */
  install?: { command: string; dir: string; env: Record<string, string> };
}

/**
 * Set for every build in a temporary worktree: its dependencies were just set up from the pushed
 * lockfile, and nothing may install behind the build's back (pnpm >= 11 would before `pnpm run`).
 */
export const WORKTREE_BUILD_ENV: Record<string, string> = {
  pnpm_config_verify_deps_before_run: 'false',
  npm_config_verify_deps_before_run: 'false',
};

export async function planDependencies(git: GitReader, commit: string, dir: string, links: readonly string[]): Promise<DependencyPlan> {
  const files = await git.listFiles({ kind: 'commit', sha: commit });
  const tracked = new Set(files);
  const lockDir = [dir, ''].find((candidate) => tracked.has(join(candidate, 'pnpm-lock.yaml')));
  if (lockDir !== undefined && (await packageManagerOf(git, commit, dir)) === 'pnpm') {
    return { mirror: [], install: { command: PNPM_INSTALL, dir: lockDir, env: pnpmInstallEnv(path.join(git.root, lockDir)) } };
  }
  // Every package of the tree may have its own node_modules (workspaces, nested conflicts).
  const packageDirs = files
    .filter((file) => (file === 'package.json' || file.endsWith('/package.json')) && !file.split('/').includes('node_modules'))
    .map((file) => path.posix.dirname(file));
  const modules = [...packageDirs, dir].map((packageDir) => join(packageDir, 'node_modules'));
  const named = links.filter(isModulesPath).map(withoutTrailingSlashes);
  return { mirror: [...new Set([...modules, ...named])] };
}

/** `node_modules`, `server/node_modules`: set up per package manager, never linked. */
export function isModulesPath(link: string): boolean {
  return path.posix.basename(withoutTrailingSlashes(link)) === 'node_modules';
}

/**
 * The developer's store (recorded in node_modules/.modules.yaml): pnpm would otherwise pick a
 * store on the temporary directory's disk, empty, and download everything. HUSKY=0: the
 * project's `prepare` script must not reinstall git hooks from a temporary checkout.
 */
function pnpmInstallEnv(installRoot: string): Record<string, string> {
  const env: Record<string, string> = { HUSKY: '0' };
  const storeDir = recordedStoreDir(path.join(installRoot, 'node_modules', '.modules.yaml'));
  // pnpm <= 10 reads npm_config_*, pnpm >= 11 pnpm_config_*.
  if (storeDir) Object.assign(env, { npm_config_store_dir: storeDir, pnpm_config_store_dir: storeDir });
  return env;
}

function recordedStoreDir(modulesYaml: string): string | undefined {
  if (!existsSync(modulesYaml)) return undefined;
  try {
    const storeDir = (parse(readFileSync(modulesYaml, 'utf8')) as { storeDir?: unknown } | null)?.storeDir;
    return typeof storeDir === 'string' && path.isAbsolute(storeDir) ? storeDir : undefined;
  } catch {
    return undefined; // unreadable: pnpm finds its default store
  }
}

function join(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}
