// The per-rule time budget: a rule that runs away fails the run (exit 2, naming the rule) instead of
// hanging the commit or passing silently. A rule can run away three ways; each has its guard:
// - it never settles: a timer races its promise;
// - it loops synchronously: the synchronous part of a custom rule's check(), and shipguard's own
//   CPU-heavy steps on large inputs (`bounded`), run inside vm.Script#runInThisContext({ timeout }),
//   whose watchdog thread stops the running JavaScript (V8 TerminateExecution: isolate-wide, so
//   functions defined anywhere stop);
// - it throws later, from a timer or a promise nobody awaits: process listeners find the custom rule
//   the error belongs to through AsyncLocalStorage (timers and promises inherit it from check()).
//   Only custom rules are traced: on Node 20 AsyncLocalStorage hooks every promise (~1k per run), a
//   cost the common run, with built-in rules only, does not pay; their stray errors are internal errors.
// Limit: a plugin's synchronous loop after its first `await` runs outside any guard and blocks the
// timer (docs/config.md, ruleTimeout).
import { AsyncLocalStorage } from 'node:async_hooks';
import vm from 'node:vm';
import { errorMessage } from './errors.js';
import { now } from './clock.js';

export class RuleBudgetError extends Error {}

type State = 'running' | 'settled' | 'abandoned';

interface RunningRule {
  ruleId: string;
  budgetMs: number;
  deadline: number;
  state: State;
  /** Fails the rule's run now (budget exceeded, or an error thrown outside its promise). */
  fail(error: unknown): void;
  /** Moves the deadline later: the time another rule blocked the event loop is given back. */
  extend(ms: number): void;
  /** Stops the clock until `extend` gives the paused time back. */
  pause(): void;
  /** Engine work the rule waits for (secret fingerprints), not counted in its budget. */
  servicesPending: number;
  serviceStarted: number;
}

/** The custom rule whose callback is running (set only for custom rules, see above). */
const current = new AsyncLocalStorage<RunningRule>();
/** Rules of the current target still running: `bounded` stops work at the earliest deadline among them. */
const running = new Set<RunningRule>();
/** Errors thrown by rules after they returned: the run fails even when its report was printed. */
const lateFailures: { ruleId: string; message: string }[] = [];
let failedLate = false;
/** The engine took the late failures into its result: later ones are printed on their own. */
let reported = false;
let abandoned = false;
/** Errors traced to a rule: a process-level handler elsewhere must leave them to the engine's report. */
const claimed = new Set<unknown>();

/**
 * Runs one rule's check within `budgetMs`. Rejects with RuleBudgetError when the budget runs out,
 * or with what the rule threw, synchronously, in its promise, or later from a callback it started.
 */
export function runWithinBudget<T>(ruleId: string, budgetMs: number, check: () => Promise<T> | T, options: { custom: boolean }): Promise<T> {
  listenForStrayErrors();
  return new Promise<T>((resolve, reject) => {
    const rule: RunningRule = {
      ruleId,
      budgetMs,
      deadline: now() + budgetMs,
      state: 'running',
      fail: () => {},
      extend: () => {},
      pause: () => {},
      servicesPending: 0,
      serviceStarted: 0,
    };
    const finish = (state: State, settle: () => void) => {
      if (rule.state !== 'running') return;
      rule.state = state;
      running.delete(rule);
      clearTimeout(timer);
      if (state === 'abandoned') abandoned = true;
      settle();
    };
    rule.fail = (error) => finish('abandoned', () => reject(error));
    let timer = setTimeout(() => rule.fail(budgetError(rule)), budgetMs);
    rule.extend = (ms) => {
      rule.deadline += ms;
      clearTimeout(timer);
      timer = setTimeout(() => rule.fail(budgetError(rule)), rule.deadline - now());
    };
    rule.pause = () => clearTimeout(timer);
    running.add(rule);
    const start = (body: () => void) => (options.custom ? current.run(rule, body) : body());
    start(() => {
      let result: Promise<T> | T;
      try {
        // Custom rules only: each watchdog is a thread started and joined, a few ms on a busy machine.
        result = options.custom ? guarded(rule, check, rule) : check();
      } catch (error) {
        rule.fail(error);
        return;
      }
      Promise.resolve(result).then(
        (value) => finish('settled', () => resolve(value)),
        (error: unknown) => finish('abandoned', () => reject(error)),
      );
    });
  });
}

/**
 * Runs engine work a rule waits for (a secret's scrypt fingerprint: ~50 ms of CPU each, hundreds on a
 * first `scan` of an old repository) outside the rule's budget: the budget is for finding stuck
 * rules, and a busy machine must not turn many findings into a timeout. Overlapping waits count once.
 */
export async function outsideBudget<T>(ruleId: string, work: () => Promise<T>): Promise<T> {
  const rule = [...running].find((candidate) => candidate.ruleId === ruleId);
  if (!rule) return work();
  if (rule.servicesPending++ === 0) {
    rule.serviceStarted = now();
    rule.pause();
  }
  try {
    return await work();
  } finally {
    if (--rule.servicesPending === 0 && rule.state === 'running') rule.extend(now() - rule.serviceStarted);
  }
}

/** Below this many characters of input, a step runs unguarded: even quadratic work on it stays short. */
const GUARD_MIN_INPUT = 32 * 1024;

/**
 * Runs CPU-heavy synchronous work of a rule (parsing or scanning one file of `size` characters) so
 * that the budget can stop it: at the earliest deadline of the rules still running, when every rule
 * past it fails (rules of one target start together; only required-build's budget is longer, and it
 * is the one left running through a long build). Outside a rule run it just runs `work`.
 */
export function bounded<T>(size: number, work: () => T): T {
  const first = earliest();
  if (!first) return work();
  if (now() >= first.deadline) throw expire();
  return size < GUARD_MIN_INPUT ? work() : guarded(first, work);
}

function earliest(): RunningRule | undefined {
  let first: RunningRule | undefined;
  for (const rule of running) if (!first || rule.deadline < first.deadline) first = rule;
  return first;
}

/** Fails every running rule past its deadline (so a caller that catches the error still fails); the error to throw. */
function expire(): RuleBudgetError {
  const time = now();
  let error: RuleBudgetError | undefined;
  for (const rule of [...running]) {
    if (rule.deadline > time) continue;
    error ??= budgetError(rule);
    rule.fail(budgetError(rule));
  }
  return error ?? new RuleBudgetError('the time budget ran out');
}

/** True for an error this module traced to a rule (for other `uncaughtException`/`unhandledRejection` listeners). */
export function claimedByRule(error: unknown): boolean {
  return claimed.has(error);
}

/** Rules that ran out of budget may still hold the event loop (timers, sockets): end the process after the report. */
export function releaseAbandonedWork(): void {
  if (abandoned) setTimeout(() => process.exit(), 100).unref();
}

/** Failures of rules that threw after returning, for the run's result; later ones go to stderr. */
export function takeLateFailures(): { ruleId: string; message: string }[] {
  reported = true;
  return lateFailures.splice(0);
}

const GUARD_KEY = Symbol.for('shipguard.budget.work');
const GUARD = new vm.Script(`globalThis[Symbol.for('shipguard.budget.work')]()`, { filename: 'shipguard-rule-budget.js' });

/**
 * `work()` under a watchdog that terminates it at `rule`'s deadline. When the work is known to be one
 * rule's (`culprit`: the synchronous part of its check), only that rule fails, and the others get
 * back the time it held the event loop: a plugin that spins does not take the built-in rules down.
 */
function guarded<T>(rule: RunningRule, work: () => T, culprit?: RunningRule): T {
  const global = globalThis as Record<symbol, unknown>;
  const previous = global[GUARD_KEY];
  global[GUARD_KEY] = work;
  const started = now();
  try {
    return GUARD.runInThisContext({ timeout: Math.max(1, Math.ceil(rule.deadline - now())) }) as T;
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw error;
    if (!culprit) throw expire();
    const stopped = budgetError(culprit);
    culprit.fail(stopped);
    throw stopped;
  } finally {
    global[GUARD_KEY] = previous;
    const blocked = now() - started;
    if (culprit && blocked > 50) for (const other of running) if (other !== culprit) other.extend(blocked);
  }
}

function budgetError(rule: RunningRule): RuleBudgetError {
  const seconds = rule.budgetMs >= 10_000 ? Math.round(rule.budgetMs / 1000) : Math.round(rule.budgetMs / 100) / 10;
  return new RuleBudgetError(
    `did not finish within its time budget of ${seconds} s and was stopped (it may be stuck: an endless loop, a promise that never settles, ` +
      `or super-linear work on a large file); raise ruleTimeout in the config if it is just slow`,
  );
}

let listening = false;

function listenForStrayErrors(): void {
  if (listening) return;
  listening = true;
  process.prependListener('uncaughtException', (error) => strayError(error, 'uncaughtException'));
  process.prependListener('unhandledRejection', (reason) => strayError(reason, 'unhandledRejection'));
  // A rule that failed after the report was printed still fails the run.
  process.prependListener('exit', () => {
    if (failedLate) process.exitCode = 2;
  });
}

/** An error no rule promise carried: the rule whose check() started the callback fails. */
function strayError(error: unknown, origin: string): void {
  const rule = current.getStore();
  if (rule) {
    claimed.add(error);
    const message = `failed asynchronously (${origin === 'uncaughtException' ? 'an error thrown in a callback' : 'a promise rejected with no handler'}): ${errorMessage(error)}`;
    if (rule.state === 'running') rule.fail(new Error(message));
    else if (rule.state === 'settled') {
      failedLate = true;
      if (reported) process.stderr.write(`shipguard: rule ${rule.ruleId} ${message}; the run fails\n`);
      else lateFailures.push({ ruleId: rule.ruleId, message });
    }
    return; // abandoned: already reported
  }
  // Not a rule's: behave as Node would without this listener, with one line instead of a stack.
  if (process.listenerCount(origin) > 1) return;
  process.stderr.write(`shipguard: internal error: ${errorMessage(error).split('\n')[0]} (SHIPGUARD_DEBUG=1 prints the stack)\n`);
  if (process.env.SHIPGUARD_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(2);
}
