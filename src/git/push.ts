// The pre-push hook's stdin: `<local ref> <local sha> <remote ref> <remote sha>` per ref update.
import { UsageError } from '../errors.js';
import type { RefUpdate } from '../types.js';
import type { GitReader } from './reader.js';

const ZERO = /^0+$/;

export interface PushLine {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

export function parsePushLines(stdin: string): PushLine[] {
  return stdin
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const parts = line.split(' ');
      const [localRef, localSha, remoteRef, remoteSha] = parts;
      if (parts.length !== 4 || !remoteSha || !/^[0-9a-f]+$/.test(localSha!) || !/^[0-9a-f]+$/.test(remoteSha)) {
        throw new UsageError(`unexpected pre-push input line: "${line}" (expected "<local ref> <local sha> <remote ref> <remote sha>")`);
      }
      return { localRef: localRef!, localSha: localSha!, remoteRef: remoteRef!, remoteSha };
    });
}

/**
 * The local side of a push always exists here (git pushes what it has). A tag may name a tree or a
 * blob (no commits to check); a sha that names nothing would otherwise leave nothing to check and pass.
 */
export async function requireObject(line: PushLine, git: GitReader): Promise<void> {
  // The sha passed parsePushLines' hex check, so it cannot be read as an option.
  const exists = await git.run(['cat-file', '-e', `${line.localSha}^{object}`], { allowFailure: true });
  if (exists.code !== 0) {
    throw new UsageError(`pre-push: the local sha ${line.localSha} of ${line.localRef} is not an object in this repository; nothing was checked (was the hook's input changed?)`);
  }
}

/** What the line alone says of the update: kind, short name, new or delete (force needs the history). */
export function describeLine(line: PushLine): Omit<RefUpdate, 'isForce'> {
  const kind = line.remoteRef.startsWith('refs/heads/') ? 'branch' : line.remoteRef.startsWith('refs/tags/') ? 'tag' : 'other';
  const name = line.remoteRef.replace(/^refs\/(heads|tags)\//, '');
  return { ...line, kind, name, isNew: ZERO.test(line.remoteSha), isDelete: ZERO.test(line.localSha) };
}

/**
 * pre-commit (the Python framework) reads the pre-push input itself and hands its hooks only the
 * first ref update, in PRE_COMMIT_* variables: rebuild that input line. Without FROM_REF the push
 * holds the branch's root commit (a new branch); without the variables there is no push at all.
 */
export async function preCommitFrameworkInput(env: NodeJS.ProcessEnv, git: GitReader): Promise<string> {
  const { PRE_COMMIT_LOCAL_BRANCH: localRef, PRE_COMMIT_REMOTE_BRANCH: remoteRef, PRE_COMMIT_FROM_REF: from, PRE_COMMIT_TO_REF: to } = env;
  if (!localRef || !remoteRef) return '';
  const localSha = to ?? (await git.resolveCommit(localRef));
  if (!localSha) return '';
  return `${localRef} ${localSha} ${remoteRef} ${from ?? '0'.repeat(localSha.length)}\n`;
}
