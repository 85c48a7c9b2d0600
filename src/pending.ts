// What the run is waiting on right now, so a process that ends with work unsettled (a config's
// top-level await that never settles) can name what never finished instead of exiting 0.

const waiting: string[] = [];

/** The labels of everything awaited through `waitFor` that has not settled yet. */
export function pendingWork(): readonly string[] {
  return waiting;
}

/**
 * `promise`, labelled `what` while it runs, rejected with `onTimeout()` after `timeoutMs`. The timer
 * is unref'd: a promise that can never settle ends the event loop at once (the process guard reports
 * it), and only one held open by a timer or socket of its own waits out the limit.
 */
export async function waitFor<T>(what: string, promise: Promise<T>, timeoutMs: number, onTimeout: () => Error): Promise<T> {
  waiting.push(what);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
    waiting.splice(waiting.indexOf(what), 1);
  }
}
