// Small string helpers shared by rules, written without regexes where a regex would backtrack.
// (Not in paths.ts: that module locates the package from import.meta.url, so it must stay in the main bundle.)

/** `dir///` -> `dir`, without a regex (`/\/+$/` backtracks on a long run of slashes). */
export function withoutTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '/') end--;
  return text.slice(0, end);
}

/**
 * `*` wildcards only (pnpm's name patterns), matched left to right in linear time: each literal
 * piece is found at its first place after the previous one, which is enough when `*` is the only
 * special character.
 */
export function matchesWildcard(pattern: string, text: string): boolean {
  const pieces = pattern.split('*');
  if (pieces.length === 1) return pattern === text;
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (!text.startsWith(first) || text.length < first.length + last.length || !text.endsWith(last)) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (const piece of pieces.slice(1, -1)) {
    const found = text.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}
