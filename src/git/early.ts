// pre-commit: the git commands every hook run starts with (rev-parse, the staged diff, and the
// `cat-file --batch` that serves blobs), spawned by dist/cli.cjs before it compiles the CLI's code
// (~25 ms), so git starts and answers while Node compiles instead of after. The check takes them
// over when it runs in the same directory; anything else runs them again as usual.
// On POSIX the three run in one /bin/sh: each spawn from Node costs its main thread a fork of the
// whole process (measured 13-17 ms each on a 2-core VM, ~45 ms for three against ~15 ms for one).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Readable } from 'node:stream';
import { git, gitEnv, GIT_FLAGS, type GitResult } from './exec.js';

/** Flags shared by every diff we parse. `-c core.quotepath=off` is set by the exec layer. */
export const DIFF_FLAGS = [
  '-z',
  '--raw',
  '-p',
  '-U0',
  '-M',
  '--no-abbrev',
  '--full-index', // full blob ids on `index` lines: abbreviating them lists every loose-object directory
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--no-relative',
  '--ignore-submodules=none',
  '--submodule=short', // diff.submodule=log would print a log instead of the section parsed here
  '--src-prefix=a/',
  '--dst-prefix=b/',
];

/** What `repoInfo` asks: one rev-parse for root, git dirs, shallowness, prefix and HEAD. */
export const REV_PARSE_ARGS = ['rev-parse', '--path-format=absolute', '--show-toplevel', '--absolute-git-dir', '--git-common-dir', '--is-shallow-repository', '--show-prefix', 'HEAD'];

/** The staged change against HEAD (paths relative to the root wherever it runs: --no-relative). */
export const STAGED_DIFF_ARGS = ['diff', ...DIFF_FLAGS, '--cached', '--'];

export interface EarlyGit {
  cwd: string;
  revParse: Promise<GitResult | undefined>;
  stagedDiff: Promise<GitResult | undefined>;
  /** Waiting for names on stdin; adopted by the run's BlobReader. */
  catFile?: ChildProcessWithoutNullStreams;
}

/**
 * A `git cat-file --batch` (or `--batch-check`) that keeps nothing alive while idle: its pipes are
 * unreferenced until a reader asks for blobs. Names given are relative to the root wherever it runs.
 */
export function spawnCatFile(cwd: string, sizesOnly = false): ChildProcessWithoutNullStreams {
  const child = spawn('git', [...GIT_FLAGS, 'cat-file', sizesOnly ? '--batch-check' : '--batch'], { cwd, env: gitEnv() });
  child.unref();
  holdEventLoop(child, false);
  return child;
}

/** Whether a cat-file's pipes keep node running (while answers are awaited) or not. */
export function holdEventLoop(child: ChildProcessWithoutNullStreams, hold: boolean): void {
  for (const pipe of [child.stdin, child.stdout, child.stderr] as unknown as { ref?(): void; unref?(): void }[]) {
    if (hold) pipe.ref?.();
    else pipe.unref?.();
  }
}

// dist/cli.cjs and the CLI chunks are separate bundles: the handover goes through a global symbol.
const SLOT = Symbol.for('shipguard.early-git');
type Slot = { [SLOT]?: EarlyGit };

/** Spawns the commands in `cwd` (their failures are left to the regular runs to report). */
export function runEarlyGit(cwd: string): EarlyGit {
  if (process.platform !== 'win32') return runInOneShell(cwd);
  const run = (args: string[]) => git(args, { cwd, allowFailure: true }).catch(() => undefined);
  const early: EarlyGit = { cwd, revParse: run(REV_PARSE_ARGS), stagedDiff: run(STAGED_DIFF_ARGS) };
  try {
    early.catFile = spawnCatFile(cwd);
    quiet(early.catFile);
  } catch {
    // spawn can throw synchronously (EAGAIN, a bad cwd): the reader spawns its own
  }
  return early;
}

/**
 * One shell runs rev-parse and the diff, each with its own output and error pipes (fds 3-6), writes
 * both exit codes to fd 7, then becomes `git cat-file --batch` on stdin/stdout/stderr, which the
 * reader adopts as if spawned alone. Any failure to start leaves the promises undefined.
 */
function runInOneShell(cwd: string): EarlyGit {
  const command = (args: readonly string[]) => ['git', ...GIT_FLAGS, ...args].map(shellQuote).join(' ');
  const script = [
    `${command(REV_PARSE_ARGS)} </dev/null >&3 2>&4; r=$?; exec 3>&- 4>&-`,
    `${command(STAGED_DIFF_ARGS)} </dev/null >&5 2>&6; d=$?; exec 5>&- 6>&-`,
    'echo "$r $d" >&7; exec 7>&-',
    `exec ${command(['cat-file', '--batch'])}`,
  ].join('\n');
  let child: ChildProcessWithoutNullStreams;
  try {
    child = spawn('/bin/sh', ['-c', script], { cwd, env: gitEnv(), stdio: Array(8).fill('pipe') }) as ChildProcessWithoutNullStreams;
  } catch {
    return { cwd, revParse: Promise.resolve(undefined), stagedDiff: Promise.resolve(undefined) };
  }
  child.unref();
  holdEventLoop(child, false);
  quiet(child);
  const [, , , revOut, revErr, diffOut, diffErr, status] = child.stdio as unknown as Readable[];
  const codes = collect(status!).then((bytes) => bytes.toString('latin1').trim().split(' ').map(Number));
  const result = async (out: Readable, err: Readable, index: number): Promise<GitResult | undefined> => {
    const [stdout, stderr, code] = await Promise.all([collect(out), collect(err), codes.then((list) => list[index])]);
    return code === undefined || Number.isNaN(code) ? undefined : { stdout, stderr: stderr.toString('utf8'), code };
  };
  return { cwd, revParse: result(revOut!, revErr!, 0), stagedDiff: result(diffOut!, diffErr!, 1), catFile: child };
}

/** Everything a pipe gives until it closes (empty if the process never started). */
function collect(stream: Readable): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', () => resolve(Buffer.concat(chunks)));
    stream.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

/** A failed start is met again, and reported, by the reader's own spawn. */
function quiet(child: ChildProcessWithoutNullStreams): void {
  child.on('error', () => {});
  child.stdin.on('error', () => {});
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** dist/cli.cjs, for a pre-commit: start them now, for the check to take over. */
export function startEarlyGit(cwd: string): void {
  (globalThis as Slot)[SLOT] = runEarlyGit(cwd);
}

/** The early commands if they were started for `cwd`; handed over once. */
export function takeEarlyGit(cwd: string): EarlyGit | undefined {
  const early = (globalThis as Slot)[SLOT];
  delete (globalThis as Slot)[SLOT];
  return early?.cwd === cwd ? early : undefined;
}
