// "Did you mean" for names: the closest candidates by edit distance, case and containment.
import { distance } from 'fastest-levenshtein';

/** Up to `limit` candidates close enough to `name` to be a likely typo or rename, closest first. */
export function closestNames(name: string, candidates: readonly string[], limit = 3): string[] {
  const lower = name.toLowerCase();
  const scored = candidates
    .filter((candidate) => candidate !== name)
    .map((candidate) => {
      const other = candidate.toLowerCase();
      const edits = distance(lower, other);
      const related = other === lower || (Math.min(lower.length, other.length) >= 4 && (other.includes(lower) || lower.includes(other)));
      return { candidate, score: related ? Math.min(edits, 1) : edits };
    })
    .filter(({ score }) => score <= Math.max(2, Math.floor(name.length / 3)));
  return scored
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

/** ` Did you mean \`a\` or \`b\`?` or ''. */
export function didYouMean(name: string, candidates: readonly string[], quote = '`'): string {
  const close = closestNames(name, candidates);
  if (!close.length) return '';
  const quoted = close.map((candidate) => `${quote}${candidate}${quote}`);
  return ` Did you mean ${quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}` : quoted[0]}?`;
}

/** `a, b, c` or `a, b, c, … (12 in all)` for long lists. */
export function listNames(names: readonly string[], max = 12): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')}, … (${names.length} in all)`;
}

/** `name` is one or two edits from a candidate (`wher`, `emial`): a typo, not a different name that merely contains one (`includeDeleted`). */
export function isTypoOf(name: string, candidates: readonly string[]): boolean {
  const lower = name.toLowerCase();
  return candidates.some((candidate) => {
    const edits = distance(lower, candidate.toLowerCase());
    return edits <= 2 && edits * 2 < name.length;
  });
}
