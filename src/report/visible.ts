// Every string a report prints can come from the user: file names, messages quoting file content,
// commit subjects, rule ids and messages from plugins. On a terminal, an escape sequence in one of
// them can move the cursor and overwrite the verdict with a fake "✔ passed"; a newline can forge a
// line. Control characters are shown as visible escapes instead.
import type { RunResult } from '../engine.js';

/**
 * C0 (tab and newline included: every field prints on one line), DEL, C1, and the Unicode controls
 * that reorder text or break lines (bidi marks, embeddings, overrides and isolates, line and
 * paragraph separators).
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with every control character as a visible escape (`\x1b`, `\n`, `\u202e`). */
export function visible(text: string): string {
  return text.replace(CONTROL, (char) => NAMED[char] ?? escapeCode(char.charCodeAt(0)));
}

function escapeCode(code: number): string {
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The run with every printable string made visible: what the terminal-facing reporters print from. */
export function visibleResult(result: RunResult): RunResult {
  return {
    ...result,
    findings: result.findings.map(visibleFinding),
    // The reason comes from a commit message: as untrusted as a file name.
    exceptions: result.exceptions.map((exception) => ({ ...exception, finding: visibleFinding(exception.finding), reason: visible(exception.reason) })),
    failures: result.failures.map((failure) => ({ ruleId: visible(failure.ruleId), message: visible(failure.message) })),
    staleBaseline: result.staleBaseline.map((entry) => ({ ...entry, rule: visible(entry.rule), file: optional(entry.file) })),
    skipped: result.skipped.map(visible),
    skipRefused: result.skipRefused?.map(visible),
    rulesRun: result.rulesRun.map(visible),
  };
}

function optional(text: string | undefined): string | undefined {
  return text === undefined ? undefined : visible(text);
}

function visibleFinding<T extends RunResult['findings'][number]>(finding: T): T {
  return {
    ...finding,
    ruleId: visible(finding.ruleId),
    kind: optional(finding.kind),
    message: visible(finding.message),
    hint: optional(finding.hint),
    file: optional(finding.file),
    commit: optional(finding.commit),
  };
}
