// All glob matching: minimatch with dot files included and `#` taken literally, patterns compiled once.
// Two ways to apply a list: `matchAny` for repository paths in config (`ignore`, `exclude`, …; the
// rules' `context.match`), `matchWhole` for other names (branches, import specifiers, path segments).
import { braceExpand, Minimatch } from 'minimatch';

const compiled = new Map<string, Minimatch>();

/**
 * Literal pieces of a pattern that any text it matches must contain (`src/**\/*.test.ts`: `src`,
 * `.test.ts`), one list per brace alternative (`*.{test,spec}.*`: `.test.` or `.spec.`), or
 * undefined when that is not simple to know (classes, extglobs, escapes). Most paths fail every
 * pattern of a list, and a substring test costs far less than compiling the pattern: a hook run
 * compiled ~100 patterns for 5 files, ~5 ms, to match a handful.
 */
const literals = new Map<string, string[][] | undefined>();

function literalPieces(pattern: string): string[][] | undefined {
  if (literals.has(pattern)) return literals.get(pattern);
  // Negation inside minimatch (`!!x`): no shortcut. Braces are expanded as minimatch expands them.
  const alternatives = pattern.startsWith('!') ? undefined : braceExpand(pattern).map(piecesOf);
  const pieces = alternatives?.every((list) => list !== undefined) ? (alternatives as string[][]) : undefined;
  literals.set(pattern, pieces);
  return pieces;
}

/** The literal pieces of a pattern without braces, or undefined (classes, extglobs, escapes, `..` minimatch may fold away). */
function piecesOf(pattern: string): string[] | undefined {
  const segments = pattern.split('/');
  if (/[[\]{}()\\]/.test(pattern) || pattern.startsWith('!') || segments.includes('..')) return undefined;
  // A `./` minimatch may drop is skipped.
  return segments
    .filter((segment) => segment !== '.')
    .flatMap((segment) => segment.split(/[*?]/))
    .filter(Boolean);
}

/**
 * False only when `text` lacks a literal piece of each alternative of `pattern`, so minimatch could
 * not match it. `nocase`: compared in lower case, for ASCII text only (a regex's case folding also
 * maps some other letters onto ASCII ones, such as the Kelvin sign onto k).
 */
function mayMatch(pattern: string, text: string, nocase = false): boolean {
  if (nocase && !/^[\x20-\x7e]*$/.test(text)) return true;
  const alternatives = literalPieces(pattern);
  const subject = nocase ? text.toLowerCase() : text;
  return !alternatives || alternatives.some((pieces) => pieces.every((piece) => subject.includes(nocase ? piece.toLowerCase() : piece)));
}

function matcher(pattern: string, nocase: boolean): Minimatch {
  const key = `${nocase ? 'i' : 's'}${pattern}`;
  let m = compiled.get(key);
  if (!m) {
    m = new Minimatch(pattern, { dot: true, nocomment: true, nocase });
    compiled.set(key, m);
  }
  return m;
}

/**
 * Answers per list of globs and path: a push of 500 commits asks the same question of the same
 * paths in every commit (commit-size's excludes, secrets' skip list), and minimatch is the cost.
 */
const answers = new WeakMap<readonly string[], Map<string, boolean>>();

/**
 * True when the repository-relative `path` matches any of `globs` (a list not changed after use). A
 * pattern without a slash matches the file's base name anywhere (`*.pem`), like .gitignore, but a
 * folder name alone matches no file inside it (write `fixtures/**`); a later `!pattern` excludes
 * again what earlier ones matched.
 */
export function matchAny(path: string, globs: readonly string[]): boolean {
  let known = answers.get(globs);
  if (!known) answers.set(globs, (known = new Map()));
  let matched = known.get(path);
  if (matched === undefined) {
    matched = matchList(globs, (pattern) => {
      const subject = pattern.includes('/') ? path : path.slice(path.lastIndexOf('/') + 1);
      return mayMatch(pattern, subject) && matcher(pattern, false).match(subject);
    });
    known.set(path, matched);
  }
  return matched;
}

/**
 * True when the whole of `text` (a branch name, an import specifier, a path segment) matches any of
 * `globs`: no base-name rule, so `main` does not match `feature/main`. `!pattern` excludes again
 * what earlier patterns matched. `nocase`: letters match in either case.
 */
export function matchWhole(text: string, globs: readonly string[], options: { nocase?: boolean } = {}): boolean {
  const nocase = options.nocase ?? false;
  return matchList(globs, (pattern) => mayMatch(pattern, text, nocase) && matcher(pattern, nocase).match(text));
}

/** Last match wins, as in .gitignore: only a negation can undo a match, and only a pattern can make one. */
function matchList(globs: readonly string[], matches: (pattern: string) => boolean): boolean {
  let matched = false;
  for (const glob of globs) {
    const negated = glob.startsWith('!');
    if (negated !== matched) continue;
    if (matches(negated ? glob.slice(1) : glob)) matched = !negated;
  }
  return matched;
}
