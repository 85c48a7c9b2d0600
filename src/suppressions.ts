// Inline directives, in any comment syntax (`//`, `#`, `/* */`, `<!-- -->`, `--`, `;`):
//   shipguard-ignore <rule> -- reason            that line (or the next, when alone on its line)
//   shipguard-ignore-next-line <rule> -- reason  the next line
//   shipguard-disable <rule> -- reason           every line up to `shipguard-enable <rule>` (or the end)
//   shipguard-enable [<rule>]                    ends the block (all blocks without a rule)
//   shipguard-ignore-file <rule> -- reason       the whole file
// `<rule>` may be a list (`a, b`) and may name a kind (`secrets/github-pat`). The reason is required:
// a directive without one suppresses nothing, and the run says so at the directive.

export type DirectiveForm = 'ignore' | 'ignore-next-line' | 'disable' | 'enable' | 'ignore-file';

export interface Directive {
  form: DirectiveForm;
  ids: string[];
  /** Text after ` -- `, comment closers removed; empty when missing. */
  reason: string;
  /** 1-based line of the directive. */
  line: number;
  /** `ignore` alone on its line (only a comment opener before it): it covers the next line too. */
  alone: boolean;
}

export const MARKER = 'shipguard-';
// Longest forms first; the lookahead keeps `shipguard-ignore-files` from reading as `ignore`.
const DIRECTIVE = /shipguard-(ignore-next-line|ignore-file|ignore|disable|enable)(?![\w-])[ \t]*([\w@][\w@./-]*(?:[ \t]*,[ \t]*[\w@][\w@./-]*)*)?/g;
// Nothing but a comment opener before the directive: `//`, `#`, `--`, `/*`, `*`, `<!--`, `;`, `%`, `'`, `REM`.
const COMMENT_ONLY = /^\s*(?:\/\/+|#+|--|\/\*+|\*|<!--|;+|%+|'|rem\b|\{\/\*)\s*shipguard-ignore\b/i;

/** Directives on one line (usually none: the marker is checked first). */
export function directivesOf(text: string, line: number): Directive[] {
  if (!text.includes(MARKER)) return [];
  const found: Directive[] = [];
  for (const match of text.matchAll(DIRECTIVE)) {
    const form = match[1] as DirectiveForm;
    const ids = (match[2] ?? '').split(',').map((id) => id.trim()).filter(Boolean);
    if (!ids.length && form !== 'enable') continue;
    const rest = text.slice(match.index + match[0].length);
    found.push({ form, ids, reason: reasonOf(rest), line, alone: form === 'ignore' && COMMENT_ONLY.test(text) });
  }
  return found;
}

/** ` -- why`, up to a comment closer or the next directive on the line. */
function reasonOf(rest: string): string {
  const trimmed = rest.trimStart();
  if (!/^--\s/.test(trimmed)) return '';
  let reason = trimmed.slice(2);
  const next = reason.indexOf(MARKER);
  if (next >= 0) reason = reason.slice(0, next);
  reason = reason.trim();
  for (const closer of ['*/}', '*/', '-->']) if (reason.endsWith(closer)) reason = reason.slice(0, -closer.length).trim();
  return reason;
}

/** Every directive of a file's text. */
export function parseDirectives(content: string): Directive[] {
  if (!content.includes(MARKER)) return [];
  return content.split('\n').flatMap((text, index) => directivesOf(text, index + 1));
}

/**
 * The directive covering `lineNumber` for this rule (or `rule/kind`), preferring one with a reason:
 * undefined when none does.
 */
export function coveringDirective(directives: readonly Directive[], lineNumber: number, ruleId: string, kind?: string): Directive | undefined {
  const names = (directive: Directive) => directive.ids.some((id) => id === ruleId || (kind !== undefined && id === `${ruleId}/${kind}`));
  const covering = directives.filter((directive) => names(directive) && covers(directive, lineNumber, directives, names));
  return covering.find((directive) => directive.reason) ?? covering[0];
}

function covers(directive: Directive, lineNumber: number, all: readonly Directive[], names: (directive: Directive) => boolean): boolean {
  switch (directive.form) {
    case 'ignore':
      return directive.line === lineNumber || (directive.alone && directive.line === lineNumber - 1);
    case 'ignore-next-line':
      return directive.line === lineNumber - 1;
    case 'ignore-file':
      return true;
    case 'disable':
      // An enable for this rule (or a bare one) between the disable and the line ends the block.
      return (
        directive.line <= lineNumber &&
        !all.some((other) => other.form === 'enable' && other.line > directive.line && other.line <= lineNumber && (!other.ids.length || names(other)))
      );
    case 'enable':
      return false;
  }
}
