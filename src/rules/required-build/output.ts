// What a build step printed: the full log on disk, the current step's text in memory (for the tail
// and for compiler diagnostics), and the lines a person needs to see first.
import type { WriteStream } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { privateWriteStream } from '../../private-files.js';

/** Enough for a long tsc error list; beyond it only the tail matters. */
const STEP_TEXT_LIMIT = 2_000_000;
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

export class BuildLog {
  private readonly stream: WriteStream;
  private decoder = new StringDecoder('utf8');
  private stepText = '';

  constructor(readonly file: string) {
    this.stream = privateWriteStream(file); // 0600: builds print credentials
  }

  /** Starts a step: a header in the log, a fresh text buffer. */
  step(title: string): void {
    this.stream.write(`\n$ ${title}\n`);
    this.decoder = new StringDecoder('utf8');
    this.stepText = '';
  }

  note(line: string): void {
    this.stream.write(`# ${line}\n`);
  }

  readonly write = (chunk: Buffer): void => {
    this.stream.write(chunk);
    this.stepText += this.decoder.write(chunk);
    if (this.stepText.length > STEP_TEXT_LIMIT) this.stepText = this.stepText.slice(-STEP_TEXT_LIMIT);
  };

  /** The current step's output lines, colours removed, blank lines at the ends dropped. */
  lines(): string[] {
    const text = (this.stepText + this.decoder.end()).replace(ANSI, '').replace(/\r\n?/g, '\n');
    return text.replace(/^\n+/, '').trimEnd().split('\n');
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }
}

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  code: string;
  message: string;
}

// tsc without --pretty (piped output): `src/a.ts(3,7): error TS2322: Type ...`
const TSC_PLAIN = /^(?<file>[^\s()"'>][^()"']*)\((?<line>\d+),(?<column>\d+)\): error (?<code>TS\d+): (?<message>.*)$/;
// tsc --pretty: `src/a.ts:3:7 - error TS2322: Type ...`
const TSC_PRETTY = /^(?<file>[^\s:"'>][^:"']*):(?<line>\d+):(?<column>\d+) - error (?<code>TS\d+): (?<message>.*)$/;

/**
 * Compiler errors in a step's output, with files made repository-relative (`checkoutRoot` is where
 * the tree was checked out; `commandDir` where the command ran). Files outside the tree are dropped
 * (errors in node_modules typings still show in the tail).
 */
export function parseDiagnostics(lines: readonly string[], checkoutRoot: string, commandDir: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const line of lines) {
    const groups = (TSC_PLAIN.exec(line.trim()) ?? TSC_PRETTY.exec(line.trim()))?.groups;
    if (!groups) continue;
    const relative = path.relative(checkoutRoot, path.resolve(commandDir, groups.file!));
    if (relative.startsWith('..') || path.isAbsolute(relative) || relative.split(path.sep).includes('node_modules')) continue;
    found.push({
      file: relative.split(path.sep).join('/'),
      line: Number(groups.line),
      column: Number(groups.column),
      code: groups.code!,
      message: groups.message!.trim(),
    });
  }
  return found;
}

const ERROR_LINE = /(^|\s)([A-Z]\w*Error|Error)(\s\[[A-Z_]+\])?:\s\S/;

/** The line that names the failure (`Error [ERR_MODULE_NOT_FOUND]: Cannot find package '@/lib' …`). */
export function keyErrorLine(lines: readonly string[]): string | undefined {
  return lines.find((line) => ERROR_LINE.test(line))?.trim() ?? lines.find((line) => /\berror\b/i.test(line))?.trim();
}

/** Replaces an absolute checkout path with nothing, so `/tmp/shipguard-build-1/dist/a.js` reads `dist/a.js`. */
export function relativize(text: string, checkoutRoot: string): string {
  return text.split(`${checkoutRoot}${path.sep}`).join('').split(checkoutRoot).join('.');
}

export function seconds(ms: number): string {
  if (ms >= 60_000) {
    const minutes = Math.floor(ms / 60_000);
    const rest = Math.round((ms % 60_000) / 1000);
    return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  }
  return `${(ms / 1000).toFixed(1)} s`;
}
