// The .gitignore rules of the tree being checked (the staged index, or a commit), nested files
// included: a module that codegen writes and the commit's own .gitignore lists is "built, not
// committed" the same way at pre-commit, at pre-push and in CI over a range. The work tree's
// .gitignore (what `git check-ignore` reads) is not the commit's, and a CI clone may have none.
import ignore, { type Ignore } from 'ignore';
import { joinPath, parentDir, type Tree } from './code.js';

export class TreeIgnore {
  private readonly rules = new Map<string, Promise<Ignore | undefined>>();

  constructor(private readonly tree: Tree) {}

  /** True when a .gitignore of the tree covers `path` or a directory above it. */
  async ignores(path: string): Promise<boolean> {
    const dirs = ancestors(path);
    const levels = await Promise.all(dirs.map((dir) => this.rulesOf(dir)));
    // A directory that is ignored takes everything under it along: git never looks inside.
    const prefixes = path.split('/').map((_, index, parts) => parts.slice(0, index + 1).join('/'));
    return prefixes.some((prefix, index) => verdict(dirs, levels, prefix, index < prefixes.length - 1));
  }

  private rulesOf(dir: string): Promise<Ignore | undefined> {
    let rules = this.rules.get(dir);
    if (!rules) {
      rules = this.tree.read(joinPath(dir, '.gitignore')).then((text) => (text === null ? undefined : ignore().add(text)));
      this.rules.set(dir, rules);
    }
    return rules;
  }
}

/** `a/b/c.ts` -> ['', 'a', 'a/b']: the directories whose .gitignore may speak about it. */
function ancestors(path: string): string[] {
  const dirs: string[] = [];
  for (let dir = parentDir(path); ; dir = parentDir(dir)) {
    dirs.unshift(dir);
    if (dir === '') return dirs;
  }
}

/** Deeper .gitignore files win over shallower ones, as in git; a `!pattern` re-includes. */
function verdict(dirs: string[], levels: (Ignore | undefined)[], target: string, directory: boolean): boolean {
  for (let level = levels.length - 1; level >= 0; level -= 1) {
    const dir = dirs[level]!;
    const rules = levels[level];
    if (!rules || (dir !== '' && !target.startsWith(`${dir}/`))) continue;
    const relative = dir === '' ? target : target.slice(dir.length + 1);
    const result = rules.test(directory ? `${relative}/` : relative);
    if (result.ignored) return true;
    if (result.unignored) return false;
  }
  return false;
}
