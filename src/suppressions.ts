// Inline suppressions: `shipguard-ignore <rule>[,<rule>] -- reason` on the finding's line or the
// line before, in any comment syntax. `<rule>` may name a kind: `secrets/github-pat`.

const DIRECTIVE = /shipguard-ignore\s+([\w@./-]+(?:\s*,\s*[\w@./-]+)*)/g;

/** Rule ids (or `rule/kind`) a single line suppresses. */
export function suppressedIds(line: string): string[] {
  if (!line.includes('shipguard-ignore')) return [];
  const ids: string[] = [];
  for (const match of line.matchAll(DIRECTIVE)) ids.push(...match[1]!.split(/\s*,\s*/));
  return ids;
}

export function isSuppressed(lines: readonly string[], lineNumber: number, ruleId: string, kind?: string): boolean {
  const candidates = [lines[lineNumber - 1], lines[lineNumber - 2]];
  return candidates.some((line) =>
    line === undefined ? false : suppressedIds(line).some((id) => id === ruleId || (kind !== undefined && id === `${ruleId}/${kind}`)),
  );
}
