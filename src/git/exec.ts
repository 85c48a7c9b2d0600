// The one place that spawns git. Every other module goes through here (or the blob reader).
import { spawn } from 'node:child_process';
import { GitError } from '../errors.js';

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

export interface GitOptions {
  cwd: string;
  input?: string;
  /** Return the result instead of throwing on a non-zero exit. */
  allowFailure?: boolean;
  /** Extra environment (e.g. to drop GIT_INDEX_FILE when working in another worktree). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Environment for every git call. GIT_OPTIONAL_LOCKS=0 stops read commands from refreshing and
 * rewriting the index: shipguard must leave the user's index byte-identical. An external diff
 * program or GIT_DIFF_OPTS from the user's shell must not shape the diffs rules read (undefined
 * drops a variable from the child's environment).
 */
export function gitEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_OPTIONAL_LOCKS: '0',
    GIT_TERMINAL_PROMPT: '0',
    GIT_EXTERNAL_DIFF: undefined,
    GIT_DIFF_OPTS: undefined,
    LC_ALL: 'C',
    ...extra,
  };
}

/** Config flags put in front of every command: raw paths in headers, no pager, no colour. */
export const GIT_FLAGS = ['-c', 'core.quotepath=off', '-c', 'color.ui=false', '--no-pager'];

export function git(args: readonly string[], options: GitOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...GIT_FLAGS, ...args], {
      cwd: options.cwd,
      env: gitEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => reject(new GitError(`could not run git: ${error.message}`)));
    child.on('close', (code) => {
      const result = { stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), code: code ?? 1 };
      if (result.code !== 0 && !options.allowFailure) {
        reject(new GitError(`git ${args.slice(0, 2).join(' ')} failed: ${firstLine(result.stderr)}`));
      } else {
        resolve(result);
      }
    });
    child.stdin.on('error', () => {}); // git may exit before reading all input
    child.stdin.end(options.input ?? '');
  });
}

/** stdout as text, trailing newline removed. */
export async function gitText(args: readonly string[], options: GitOptions): Promise<string> {
  const result = await git(args, options);
  return result.stdout.toString('utf8').replace(/\n$/, '');
}

export function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
