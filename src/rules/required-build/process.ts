// Build commands and the smoke server run in their own process group (`detached`), so the whole
// tree (npm -> sh -> node -> workers) stops together: after success, failure, timeout or Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { spawnPlan } from '../../windows.js';
import type { CommandSpec } from './options.js';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The command could not be started at all (ENOENT for an argv command). */
  spawnError?: string;
}

export interface Started {
  pid: number;
  /** Resolves when the group leader has exited (its output may still be draining). */
  exited: Promise<Exit>;
  /** Stops every process of the group: SIGTERM, then SIGKILL after a grace period. */
  stop(): Promise<void>;
}

export interface StartOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  onOutput(chunk: Buffer): void;
}

const KILL_GRACE_MS = 2_000;
const POLL_MS = 50;
const DRAIN_MS = 1_000;

export function start(spec: CommandSpec, options: StartOptions): Started {
  installHandlers(); // before the first child: its group does not get the terminal's Ctrl-C
  const { file, args, shell } = spawnPlan(spec);
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: options.env,
    shell,
    detached: true,
    windowsHide: true, // detached opens a console window on Windows otherwise
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', options.onOutput);
  child.stderr.on('data', options.onOutput);
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const exited = new Promise<Exit>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, spawnError: error.message }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const pid = child.pid;
  if (pid === undefined) {
    return { pid: -1, exited, stop: async () => {} };
  }
  live.add(pid);
  const stop = async () => {
    await stopGroup(pid);
    live.delete(pid);
    // Output can still be in flight after the group is gone; a stray holder of the pipe must not hang us.
    await Promise.race([closed, sleep(DRAIN_MS)]);
  };
  return { pid, exited, stop };
}

/** Runs `spec` to completion (or `timeoutMs`), then makes sure nothing it started is left running. */
export async function run(spec: CommandSpec, options: StartOptions & { timeoutMs: number }): Promise<Exit & { timedOut: boolean }> {
  const started = start(spec, options);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void started.stop();
  }, options.timeoutMs);
  try {
    const exit = await started.exited;
    return { ...exit, timedOut };
  } finally {
    clearTimeout(timer);
    // A build may leave background children (a watcher, a server started with `&`).
    await started.stop();
  }
}

/** `<exited> 2` (`failed with exit code 2`), `was killed by SIGSEGV`, `could not start (spawn x ENOENT)`. */
export function describeExit(exit: Exit, exited: string): string {
  if (exit.spawnError) return `could not start (${exit.spawnError})`;
  return exit.signal ? `was killed by ${exit.signal}` : `${exited} ${exit.code}`;
}

/** Whether process `pid` runs (possibly as another user); false for NaN. */
export function processExists(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Process groups still running, for the interrupt handler. */
const live = new Set<number>();

async function stopGroup(pgid: number): Promise<void> {
  if (process.platform === 'win32') {
    spawnSync('taskkill', ['/pid', String(pgid), '/T', '/F'], { stdio: 'ignore' });
    return;
  }
  if (!signalGroup(pgid, 'SIGTERM')) return;
  for (let waited = 0; waited < KILL_GRACE_MS; waited += POLL_MS) {
    await sleep(POLL_MS);
    if (!groupAlive(pgid)) return;
  }
  signalGroup(pgid, 'SIGKILL');
}

function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * True while a process of the group runs. Zombies do not count: where PID 1 does not reap orphans
 * (some containers), a killed grandchild stays a zombie forever and kill(0) still finds it.
 */
export function groupAlive(pgid: number): boolean {
  if (!signalGroup(pgid, 0 as unknown as NodeJS.Signals)) return false;
  if (process.platform !== 'linux') return true;
  return livingInGroup(pgid).length > 0;
}

/** Linux: pids of non-zombie processes whose process group is `pgid`. */
export function livingInGroup(pgid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat && stat.pgid === pgid && stat.state !== 'Z' && stat.state !== 'X') found.push(Number(entry));
  }
  return found;
}

export function procStat(pid: number): { state: string; pgid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) state ppid pgrp ...`; comm may contain spaces and parentheses.
    const [state = '', , pgrp = ''] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state, pgid: Number(pgrp) };
  } catch {
    return undefined;
  }
}

// --- Ctrl-C: the children are in their own groups, so the terminal's SIGINT does not reach them.

type Cleanup = () => Promise<void> | void;
const cleanups = new Set<Cleanup>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const EXIT_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
let installed = false;

/** Registers work to undo if shipguard is interrupted (a temporary worktree); returns the unregister. */
export function onInterrupt(cleanup: Cleanup): () => void {
  installHandlers();
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

function installHandlers(): void {
  if (installed) return;
  installed = true;
  for (const signal of SIGNALS) process.on(signal, () => void interrupted(signal));
  // Last resort when something calls process.exit while a group runs.
  process.on('exit', () => {
    for (const pgid of live) signalGroup(pgid, 'SIGKILL');
  });
}

let stopping = false;
async function interrupted(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`\r\x1b[K\nshipguard: ${signal}: stopping the build and its processes…\n`);
  await Promise.all([...live].map((pgid) => stopGroup(pgid)));
  live.clear();
  for (const cleanup of [...cleanups].reverse()) {
    try {
      await cleanup();
    } catch {
      // keep going: the remaining cleanups matter more than this one's error
    }
  }
  process.exit(EXIT_CODES[signal] ?? 1);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
