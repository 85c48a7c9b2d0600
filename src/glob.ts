// Path matching for config globs: minimatch with dot files included, patterns compiled once.
import { Minimatch } from 'minimatch';

const compiled = new Map<string, Minimatch>();

function matcher(pattern: string): Minimatch {
  let m = compiled.get(pattern);
  if (!m) {
    m = new Minimatch(pattern, { dot: true, nocomment: true });
    compiled.set(pattern, m);
  }
  return m;
}

/**
 * Answers per list of globs and path: a push of 500 commits asks the same question of the same
 * paths in every commit (commit-size's excludes, secrets' skip list), and minimatch is the cost.
 */
const answers = new WeakMap<readonly string[], Map<string, boolean>>();

/**
 * True when the repository-relative `path` matches any of `globs` (a list not changed after use). A pattern without a slash
 * matches the base name anywhere (`*.pem`), like .gitignore; `!pattern` entries re-include.
 */
export function matchAny(path: string, globs: readonly string[]): boolean {
  let known = answers.get(globs);
  if (!known) answers.set(globs, (known = new Map()));
  let matched = known.get(path);
  if (matched === undefined) known.set(path, (matched = matchUncached(path, globs)));
  return matched;
}

function matchUncached(path: string, globs: readonly string[]): boolean {
  let matched = false;
  for (const glob of globs) {
    const negated = glob.startsWith('!');
    const pattern = negated ? glob.slice(1) : glob;
    if (negated !== matched) continue; // only a negation can undo a match, and vice versa
    const target = pattern.includes('/') ? path : path.slice(path.lastIndexOf('/') + 1);
    if (matcher(pattern).match(target)) matched = !negated;
  }
  return matched;
}
