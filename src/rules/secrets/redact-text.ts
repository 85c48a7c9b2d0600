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
/** A 4096-bit RSA key in PEM is about 50 lines. */
const MAX_KEY_LINES = 200;
const ASSIGNMENT_KINDS = new Set(['password-assignment', 'secret-assignment', 'compose-password', 'env-template-value']);

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

/** Where a detected secret is printed: verbatim at its column, else (a private key) its body. */
function spansOf(candidate: Candidate, lines: readonly string[]): Span[] {
  const { secret } = candidate;
  const at = candidate.line;
  const start = candidate.col - 1;
  if (!lines[at]!.startsWith(secret, start)) return keyBodySpans(candidate, lines);
  // An unquoted value the detector cut at a comment sign (`PASSWORD=ab#cd`): hide the rest of it too.
  const rest = /^[^\s"'`]*/.exec(lines[at]!.slice(start + secret.length))![0];
  const end = start + secret.length + (ASSIGNMENT_KINDS.has(candidate.kind) ? rest.length : 0);
  return [{ line: at, start, end, text: redact(secret) }];
}

/**
 * Every base64 run from a key's header to its END line (the detector reports only the first 400
 * characters of the body, joined): the first shows the preview, the others become `…`.
 */
function keyBodySpans(candidate: Candidate, lines: readonly string[]): Span[] {
  const spans: Span[] = [];
  for (let index = candidate.line; index < Math.min(lines.length, candidate.line + MAX_KEY_LINES); index++) {
    const line = lines[index]!;
    const from = index === candidate.line ? candidate.col - 1 : 0;
    const end = line.indexOf('-----END ', from);
    for (const match of line.slice(from, end === -1 ? undefined : end).matchAll(BASE64_RUN)) {
      const start = from + match.index;
      spans.push({ line: index, start, end: start + match[0].length, text: spans.length ? '…' : redact(candidate.secret) });
    }
    if (end !== -1) break;
  }
  return spans;
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
