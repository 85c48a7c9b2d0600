// What the developer sees while the build runs: on a terminal a spinner with the elapsed time on
// the progress line; elsewhere (CI, pipes) one plain line when a step starts and one when it ends.
// Everything shown passes through secret redaction: commands and their output can hold credentials.
import { redactSecrets } from '../secrets/redact-text.js';
import { seconds } from './output.js';
import { now } from '../../clock.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const PREFIX = 'required-build:';

export interface Steps {
  /** Runs `work` as a visible step; `done` gets whether it passed and an optional detail. */
  step<T>(label: string, work: () => Promise<T>, passed: (result: T) => boolean): Promise<T>;
  /** A line that stays (cache hits, where the build ran). */
  info(line: string): void;
  /** An indented block (the failing command's last lines). */
  block(lines: readonly string[]): void;
}

export interface StepsOptions {
  /** Live progress line (a TTY); plain lines when absent. */
  progress?: (text: string) => void;
  write(text: string): void;
}

export function createSteps({ progress, write: writeRaw }: StepsOptions): Steps {
  const write = (text: string) => writeRaw(redactSecrets(text));
  return {
    async step(command, work, passed) {
      const label = redactSecrets(command);
      const started = now();
      const elapsed = () => seconds(now() - started);
      let timer: NodeJS.Timeout | undefined;
      if (progress) {
        let frame = 0;
        const draw = () => progress(`${FRAMES[frame++ % FRAMES.length]} ${PREFIX} ${label}  ${elapsed()}`);
        draw();
        timer = setInterval(draw, 100);
      } else {
        write(`${PREFIX} ${label} …\n`);
      }
      let ok = false;
      try {
        const result = await work();
        ok = passed(result);
        return result;
      } finally {
        if (timer) clearInterval(timer);
        const line = `${ok ? '✔' : '✖'} ${PREFIX} ${label} ${ok ? 'passed' : 'failed'} in ${elapsed()}`;
        write(progress ? `\r\x1b[K${line}\n` : `${line}\n`);
      }
    },
    info(line) {
      write(`${progress ? '\r\x1b[K' : ''}${PREFIX} ${line}\n`);
    },
    block(lines) {
      // Redacted before the margin is added: a key's body lines must still read as base64.
      writeRaw(`${redactSecrets(lines.join('\n')).split('\n').map((line) => `  │ ${line}`).join('\n')}\n`);
    },
  };
}

/** Steps on this process's stderr: a spinner through the rule context's `progress` on a terminal, plain lines elsewhere. */
export function stderrSteps(progress: (text: string) => void): Steps {
  return createSteps({ progress: process.stderr.isTTY ? progress : undefined, write: (text) => void process.stderr.write(text) });
}
