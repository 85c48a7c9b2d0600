// Builds what the engine checks for each stage: the staged change, a CI range, or each ref update
// of a push (with only the commits the remote does not have yet).
import type { ChangedFile, Commit } from './changeset.js';
import type { Target } from './engine.js';
import { GitError } from './errors.js';
import { isAmending } from './git/amend.js';
import { describeLine, parsePushLines, requireObject, type PushLine } from './git/push.js';
import type { GitReader } from './git/reader.js';
import type { Amend } from './types.js';

/** pre-commit / `check --staged`: the index against HEAD (and against HEAD's parent when amending). */
export async function stagedTarget(git: GitReader): Promise<Target> {
  const [files, amend] = await Promise.all([git.stagedDiff(), git.repo.head ? amendOf(git) : undefined]);
  return {
    changes: { base: git.repo.head, head: { kind: 'index' }, files },
    commits: [],
    branch: git.currentBranch(),
    merging: git.isMerging(),
    amend,
  };
}

/** Under `git commit --amend`: the commit being made, measured from HEAD's parent (a merge: not measured). */
async function amendOf(git: GitReader): Promise<Amend | undefined> {
  if (!(await isAmending())) return undefined;
  const parents = (await git.run(['rev-parse', 'HEAD^@'])).stdout.toString('utf8').split('\n').filter(Boolean);
  return { parents, files: parents.length > 1 ? [] : await git.stagedDiff(parents[0] ?? null) };
}

/** ci / `check --range`: commits in head not in base; the net change from their merge base. */
export async function rangeTarget(git: GitReader, baseRef: string, headRef: string): Promise<Target> {
  // Both refs and head's parents in one git process; one by one only to say which ref is missing.
  const resolved = await git.resolveRange(headRef, baseRef);
  const head = resolved?.head ?? (await requireCommit(git, headRef, 'head'));
  const base = resolved?.base ?? (await requireCommit(git, baseRef, 'base'));
  const [mergeBase, headParents] = await Promise.all([git.mergeBase(base, head), resolved?.headParents ?? git.parentsOf(head)]);
  if (!mergeBase) {
    throw new GitError(
      git.repo.shallow
        ? `no common ancestor of ${baseRef} and ${headRef} in this shallow clone; fetch more history (actions/checkout with fetch-depth: 0, or git fetch --deepen=200)`
        : `${baseRef} and ${headRef} have no common ancestor`,
    );
  }
  // One commit on top of the merge base: its own diff is the net change (one git diff instead of two).
  if (headParents.length === 1 && headParents[0] === mergeBase) {
    const commits = await git.commits([head, `^${base}`]);
    const files = netOfOne(commits, mergeBase) ?? (await git.diff(mergeBase, head));
    return { changes: { base: mergeBase, head: { kind: 'commit', sha: head }, files }, commits };
  }
  const [files, commits] = await Promise.all([git.diff(mergeBase, head), git.commits([head, `^${base}`])]);
  return { changes: { base: mergeBase, head: { kind: 'commit', sha: head }, files }, commits };
}

/** The net change of a range that is one commit on `base`: that commit's files (the same diff flags). */
function netOfOne(commits: readonly Commit[], base: string | undefined): ChangedFile[] | undefined {
  const [only, ...more] = commits;
  return only && !more.length && only.parents.length === 1 && only.parents[0] === base ? only.files : undefined;
}

async function requireCommit(git: GitReader, ref: string, role: string): Promise<string> {
  const sha = await git.resolveCommit(ref);
  if (sha) return sha;
  const shallow = git.repo.shallow
    ? ' This is a shallow clone: fetch the base (actions/checkout with fetch-depth: 0, or git fetch origin <branch>).'
    : '';
  throw new GitError(`${role} ref "${ref}" is not in this repository.${shallow}`);
}

/** pre-push: one target per ref update read from the hook's stdin. */
export async function pushTargets(git: GitReader, remote: string, url: string, stdin: string): Promise<Target[]> {
  const targets: Target[] = [];
  for (const line of parsePushLines(stdin)) targets.push(await pushTarget(git, remote, url, line));
  return targets;
}

/**
 * One ref update: the commits the remote has nowhere, and the net change since the remote's sha (a
 * force push: since the merge base). Git work runs side by side where it can: a hook waits for it.
 */
async function pushTarget(git: GitReader, remote: string, url: string, line: PushLine): Promise<Target> {
  const described = describeLine(line);
  const shas = described.isNew ? [line.localSha] : [line.localSha, line.remoteSha];
  const [local, remoteSha] = described.isDelete ? [] : await git.resolveCommits(shas);
  if (!described.isDelete && !local) await requireObject(line, git);
  // Only commits the remote has nowhere: not behind the old remote sha, not on any of its branches.
  const revisions = local ? [local, ...(remoteSha ? [`^${remoteSha}`] : []), ...(remote ? ['--not', `--remotes=${remote}`] : [])] : undefined;
  const listed = revisions ? await git.commitList(revisions) : [];
  // The usual push adds commits on top of the remote's: one of them has it as a parent. Otherwise
  // (a force push, or the commits between are on another remote branch) merge-base settles it.
  const onTop = remoteSha !== undefined && listed.some((commit) => commit.parents.includes(remoteSha));
  const mergeBase = onTop ? remoteSha : remoteSha && local ? await git.mergeBase(remoteSha, local) : undefined;
  // A remote sha we do not have, or one that is not an ancestor: git only lets that through with --force.
  const isForce = !described.isDelete && !described.isNew && (!remoteSha || mergeBase !== remoteSha);
  const push = { remote, url, update: { ...described, isForce } };
  if (!local) {
    // Deleting a ref, or pushing a tag of a tree/blob: no commits to check (protected-branch still sees it).
    return { changes: { base: undefined, head: { kind: 'commit', sha: line.localSha }, files: [] }, commits: [], push };
  }
  const base = remoteSha ? mergeBase : listed.length ? listed[0]!.parents[0] : local;
  // One commit on top of the base: its own diff is the net change (no second git diff).
  const [only, ...more] = listed;
  const oneOnBase = only && !more.length && only.parents.length === 1 && only.parents[0] === base;
  const [commits, net] = await Promise.all([
    git.commitsOf(listed.map((commit) => commit.sha)),
    base === local || oneOnBase ? undefined : git.diff(base, local),
  ]);
  const files = net ?? (base === local ? [] : commits[0]!.files);
  return { changes: { base, head: { kind: 'commit', sha: local }, files }, commits, push };
}
