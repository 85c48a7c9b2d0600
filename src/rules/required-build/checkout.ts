// Where the pushed tree is built: in place when it is exactly the clean working tree, otherwise in a
// temporary `git worktree` of the pushed commit with mirrored node_modules folders (or none, for a
// package manager that installs into it: dependencies.ts), or nowhere (a refusal that says why).
// Never the working tree under the pushed tree's name.
import { existsSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { shortSha } from '../../changeset.js';
import type { GitReader } from '../../git/reader.js';
import type { Finding } from '../../types.js';
import type { DependencyPlan } from './dependencies.js';
import { mirrorModules } from './mirror.js';
import type { Isolate } from './options.js';
import { onInterrupt, processExists } from './process.js';
import { linkPath } from '../../windows.js';

const WORKTREE_PREFIX = 'shipguard-build-';
/** The pid in a temporary worktree's name. */
export const WORKTREE_PID = new RegExp(`^${WORKTREE_PREFIX}(\\d+)-`);

export interface Checkout {
  /** Absolute directory holding the tree. */
  root: string;
  isolated: boolean;
  /** For messages: `in place (…)`, or `in a temporary checkout: <why>`. */
  where: string;
  /** A temporary checkout's dependency install, run as the first build step (pnpm). */
  install?: DependencyPlan['install'];
  dispose(): Promise<void>;
}

export interface CheckoutRequest {
  git: GitReader;
  commit: string;
  tree: string;
  /** HEAD's tree, undefined on an unborn branch. */
  headTree?: string;
  isolate: Isolate;
  /** Repository-relative paths to link from the working tree into a temporary worktree. */
  links: readonly string[];
  /** How a temporary worktree gets its dependencies (asked only when one is made). */
  dependencies(): Promise<DependencyPlan>;
}

export async function prepareCheckout(request: CheckoutRequest): Promise<Checkout | Finding> {
  const { git, commit, tree, headTree, isolate } = request;
  const reason = isolate === 'always' ? 'always isolated (isolate: "always")' : await whyNotInPlace(git, commit, tree, headTree);
  if (!reason) {
    return { root: git.root, isolated: false, where: 'in place (the working tree is clean and at the pushed commit)', dispose: async () => {} };
  }
  if (isolate === 'never') return refusal(reason, commit);
  return createWorktree(request, reason);
}

async function whyNotInPlace(git: GitReader, commit: string, tree: string, headTree: string | undefined): Promise<string | undefined> {
  if (tree !== headTree) return `the pushed commit ${shortSha(commit)} is not the checked-out HEAD`;
  // Untracked files count: a module that was never `git add`ed builds here and fails everywhere else.
  const dirty = await git.uncommittedPaths();
  if (!dirty.length) return undefined;
  const listed = dirty.slice(0, 3).join(', ') + (dirty.length > 3 ? ` and ${dirty.length - 3} more` : '');
  return `the working tree has uncommitted or untracked changes (${listed})`;
}

function refusal(reason: string, commit: string): Finding {
  return {
    kind: 'not-built',
    message: `Cannot build exactly the pushed tree in place: ${reason}, and isolated builds are off (isolate: "never").`,
    hint: `Commit or stash your changes (\`git stash -u\`) and check out ${shortSha(commit)} before pushing, or set required-build.isolate to "when-needed" to build a temporary checkout.`,
    commit,
  };
}

async function createWorktree(request: CheckoutRequest, reason: string): Promise<Checkout> {
  const { git, commit } = request;
  await removeAbandonedWorktrees(git);
  const root = mkdtempSync(path.join(tmpdir(), `${WORKTREE_PREFIX}${process.pid}-`));
  const linked: string[] = [];
  let plan: DependencyPlan | undefined;
  const dispose = async () => {
    for (const link of linked) unlinkQuietly(link);
    if (!(await git.worktreeRemove(root))) {
      rmSync(root, { recursive: true, force: true });
      await git.worktreePrune();
    }
  };
  const unregister = onInterrupt(dispose);
  try {
    await git.worktreeAdd(root, commit);
    for (const link of request.links) {
      const source = path.join(git.root, link);
      const target = path.join(root, link);
      if (!wanted(source, target)) continue;
      linkPath(source, target);
      linked.push(target);
    }
    plan = await request.dependencies();
    for (const modules of plan.mirror) {
      const source = path.join(git.root, modules);
      if (wanted(source, path.join(root, modules))) mirrorModules(source, { repoRoot: git.root, worktreeRoot: root });
    }
  } catch (error) {
    unregister();
    await dispose();
    throw error;
  }
  return {
    root,
    isolated: true,
    where: `in a temporary checkout: ${reason}`,
    install: plan?.install,
    dispose: async () => {
      unregister();
      await dispose();
    },
  };
}

/** Skipped when missing here, tracked in the tree (the tree wins), or when its directory is not in the tree. */
function wanted(source: string, target: string): boolean {
  return existsSync(source) && !existsSync(target) && existsSync(path.dirname(target));
}

/** Worktrees of earlier runs that were killed before they could clean up (their pid is gone). */
async function removeAbandonedWorktrees(git: GitReader): Promise<void> {
  const abandoned = (await git.worktreeList()).filter((dir) => {
      const pid = WORKTREE_PID.exec(path.basename(dir))?.[1];
      return pid !== undefined && !processExists(Number(pid));
    });
  for (const dir of abandoned) await git.worktreeRemove(dir);
  if (abandoned.length) await git.worktreePrune();
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
