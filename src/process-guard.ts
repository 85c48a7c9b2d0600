// Process-level guarantees for the CLI: a run ends with the command's verdict or with exit code 2
// and one line, never with a silent 0 and never with a raw stack. Node exits with code 0 when its
// event loop empties while a promise is still pending (a config's top-level await that never
// settles), lets `process.exit(0)` from a config end the run, and prints a stack for an error
// thrown from a timer or a rejection nobody handles.
import { writeSync } from 'node:fs';
import { pendingWork } from './pending.js';
import { visible } from './report/visible.js';
import { claimedByRule } from './budget.js';

/** After the verdict, how long leftover timers or sockets (a plugin's interval) may keep the process alive. */
const LINGER_MS = 2_000;
/** After an uncaught error, how long the run may take to finish (and clean up) before the process exits. */
const CRASH_GRACE_MS = 5_000;

export interface ProcessGuard {
  /** The command returned this exit code. */
  finish(code: number): void;
  /** The command threw: print `line` (and the stack under SHIPGUARD_DEBUG), exit 2. */
  fail(line: string, error?: unknown): void;
}

export function guardProcess(env: NodeJS.ProcessEnv = process.env): ProcessGuard {
  let finished = false;
  let crashed = false;
  let drained = false;

  const say = (line: string, error?: unknown) => {
    writeStderr(`shipguard: ${visible(line)}\n`);
    if (env.SHIPGUARD_DEBUG && error instanceof Error && error.stack) writeStderr(`${error.stack}\n`);
  };
  const end = (code: number) => {
    finished = true;
    process.exitCode = crashed ? 2 : code;
    setTimeout(() => {
      if (env.SHIPGUARD_DEBUG) say('debug: timers or sockets left open by a config, preset or plugin; exiting now');
      exitWhenFlushed();
    }, LINGER_MS).unref();
  };
  const crash = (error: unknown) => {
    if (claimedByRule(error)) return; // the engine reports it as that rule's failure (budget.ts)
    if (!crashed) say(`internal error: ${firstLine(error)} (thrown outside the run, by a config, preset or plugin?; SHIPGUARD_DEBUG=1 prints the stack)`, error);
    crashed = true;
    process.exitCode = 2;
    if (finished) process.exit(2);
    setTimeout(() => process.exit(2), CRASH_GRACE_MS).unref();
  };

  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  process.on('beforeExit', () => {
    if (finished || drained) return;
    drained = true;
    const pending = pendingWork();
    say(
      pending.length
        ? `config error in ${pending.join(', ')}: loading never finished (a top-level await that never settles?); nothing was checked`
        : 'internal error: the run ended with work that never finished (a config, preset or plugin promise that never settles?); nothing was checked',
    );
    process.exitCode = 2;
  });
  process.on('exit', (code) => {
    if (finished || code !== 0) return;
    say('internal error: process.exit() was called before the check finished (by a config, preset or plugin?); nothing was checked');
    process.exitCode = 2;
  });

  return {
    finish: end,
    fail(line, error) {
      say(line, error);
      end(2);
    },
  };
}

/** Exits once the report is written: a pipe read slowly (`| less`) must not lose the end of it. */
function exitWhenFlushed(): void {
  if (process.stdout.writableLength || process.stderr.writableLength) setTimeout(exitWhenFlushed, 100).unref();
  else process.exit();
}

/** Synchronous: the 'exit' handler cannot wait, and a line must not be lost to process.exit(). */
function writeStderr(text: string): void {
  try {
    writeSync(2, text);
  } catch {
    // stderr closed or full: the exit code still tells
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? '';
}
