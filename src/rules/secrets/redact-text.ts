// Redacting text shipguard prints but did not write: what a build or a smoke-started server printed,
// and error messages that quote a config file. The secrets rule's own detectors find the secrets,
// and each is replaced by the same preview findings use (`ghp_Ab…(40 chars)`), so no output format,
// CI log or uploaded SARIF file carries one in full.
import type { ScanLine } from './detectors.js';
import { describeFile } from './files.js';
import { redact } from './report.js';
import { Scanner, type Candidate } from './scanner.js';

/** Printed text is judged like a config file: an unquoted `DB_PASSWORD=…` counts. */
const PRINTED = describeFile('printed-output.txt');
/** A password in any URL, local hosts included: hiding too much in a log costs nothing. */
const URL_PASSWORD = /(?<![A-Za-z0-9+.-])[a-z][a-z0-9+.-]{1,24}:\/\/[^\s:@/'"`<>]{1,128}:([^\s@/'"`<>]{1,256})@/gi;
/** Base64 runs of a private key body, which detectors report joined rather than as printed. */
const BASE64_RUN = /[A-Za-z0-9+/=]{16,}/g;

let scanner: Scanner | undefined;

interface Span {
  line: number;
  start: number;
  end: number;
  text: string;
}

/** `text` with every secret the detectors find replaced by its redacted preview. */
export function redactSecrets(text: string): string {
  if (!text) return text;
  // SSH targets are deploy policy, not credentials; everything else is redacted.
  scanner ??= new Scanner({ ssh: { users: [] }, disable: ['ssh-root-target', 'ssh-public-ip'] });
  const lines = text.split('\n');
  const scanLines: ScanLine[] = lines.map((line, index) => ({ line: index, text: line }));
  const spans = [...scanner.scan(scanLines, PRINTED).flatMap((candidate) => spansOf(candidate, lines)), ...urlPasswords(lines)];
  return applySpans(lines, spans).join('\n');
}

/** Where a detected secret is printed: verbatim at its column, else (key bodies) its base64 pieces. */
function spansOf(candidate: Candidate, lines: readonly string[]): Span[] {
  const { secret } = candidate;
  const at = candidate.line;
  const start = candidate.col - 1;
  if (lines[at]!.startsWith(secret, start)) return [{ line: at, start, end: start + secret.length, text: redact(secret) }];
  const pieces: Span[] = [];
  for (let index = at; index < Math.min(lines.length, at + 41); index++) {
    for (const match of lines[index]!.matchAll(BASE64_RUN)) {
      if (!secret.includes(match[0])) continue;
      pieces.push({ line: index, start: match.index, end: match.index + match[0].length, text: pieces.length ? '…' : redact(secret) });
    }
  }
  return pieces;
}

function urlPasswords(lines: readonly string[]): Span[] {
  return lines.flatMap((line, index) =>
    [...line.matchAll(URL_PASSWORD)].map((match) => {
      const end = match.index + match[0].length - 1;
      const password = match[1]!;
      return { line: index, start: end - password.length, end, text: redact(password) };
    }),
  );
}

/** Replaces spans right to left on each line; of overlapping spans the first applied wins. */
function applySpans(lines: string[], spans: Span[]): string[] {
  const out = [...lines];
  const byLine = new Map<number, Span[]>();
  for (const span of spans) byLine.set(span.line, [...(byLine.get(span.line) ?? []), span]);
  for (const [index, list] of byLine) {
    let text = out[index]!;
    let limit = Infinity;
    for (const span of list.sort((a, b) => b.start - a.start || b.end - a.end)) {
      if (span.end > limit) continue;
      text = text.slice(0, span.start) + span.text + text.slice(span.end);
      limit = span.start;
    }
    out[index] = text;
  }
  return out;
}
