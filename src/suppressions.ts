// Inline suppressions: `shipguard-ignore <rule>[,<rule>] -- reason` on the finding's line or the
// line before, in any comment syntax. `<rule>` may name a kind: `secrets/github-pat`.

const DIRECTIVE = /shipguard-ignore\s+([\w@./-]+(?:\s*,\s*[\w@./-]+)*)/g;

/** Rule ids (or `rule/kind`) a single line suppresses. */
export function suppressedIds(line: string): string[] {
  if (!line.includes('shipguard-ignore')) return [];
  const ids: string[] = [];
  for (const match of line.matchAll(DIRECTIVE)) ids.push(...match[1]!.split(',').map((id) => id.trim()));
  return ids;
}

/**
 * The finding's own line, or the line before when that line is only the comment: a directive at the
 * end of a code line covers that line, not its neighbour (a new secret next to an ignored one).
 */
export function isSuppressed(lines: readonly string[], lineNumber: number, ruleId: string, kind?: string): boolean {
  const matches = (line: string | undefined) =>
    line !== undefined && suppressedIds(line).some((id) => id === ruleId || (kind !== undefined && id === `${ruleId}/${kind}`));
  const before = lines[lineNumber - 2];
  return matches(lines[lineNumber - 1]) || (before !== undefined && COMMENT_ONLY.test(before) && matches(before));
}

// Nothing but a comment opener before the directive: `//`, `#`, `--`, `/*`, `*`, `<!--`, `;`, `%`, `'`, `REM`.
const COMMENT_ONLY = /^\s*(?:\/\/+|#+|--|\/\*+|\*|<!--|;+|%+|'|rem\b|\{\/\*)\s*shipguard-ignore\b/i;
