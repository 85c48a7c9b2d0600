// Resolves relative imports against the tree being checked (never the working tree), the way Node
// and TypeScript look for files, and finds the near misses: a case mismatch that only works on
// macOS/Windows, a file that is generated at build time (gitignored), an extension ESM needs.
import type { Revision } from '../../changeset.js';
import type { GitReader } from '../../git/reader.js';
import { parentDir, type Tree } from '../shared/code.js';
import { TreeIgnore } from '../shared/tree-ignore.js';
import { normalizePath } from '../shared/project.js';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json', '.node'];
/** TypeScript's rule: `./x.js` in source means `x.ts` (or .tsx) before compilation. */
const SOURCE_FOR_EMITTED: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

export type Resolution =
  /** `exact`: the specifier names the file (as Node's ESM loader requires); `probed`: found by adding an extension or /index. */
  | { kind: 'found'; path: string; how: 'exact' | 'probed' }
  | { kind: 'case-mismatch'; path: string; target: string }
  | { kind: 'missing'; target: string; tried: string[] }
  /** Points outside the repository, or to a path that is gitignored (generated at build time). */
  | { kind: 'outside' };

export interface Candidates {
  target: string;
  exact: string[];
  probed: string[];
}

/** Repository paths a relative specifier may mean, in the order resolvers try them. */
export function candidates(fromFile: string, specifier: string): Candidates | undefined {
  const clean = specifier.replace(/[?#][^]*/, '');
  const target = normalizePath(`${parentDir(fromFile)}/${clean}`);
  if (target === undefined) return undefined;
  const extension = /\.[^./]+$/.exec(target)?.[0] ?? '';
  const stem = target.slice(0, target.length - extension.length);
  const exact = [target, ...(SOURCE_FOR_EMITTED[extension] ?? []).map((source) => stem + source)];
  // `./x.js` is never probed further; `./user.service` or `./routes` may be.
  const probed = SOURCE_FOR_EMITTED[extension]
    ? []
    : [...EXTENSIONS.map((ext) => target + ext), ...EXTENSIONS.map((ext) => `${target}/index${ext}`)].filter(
        (path) => !path.startsWith('/'),
      );
  return { target, exact: target === '' ? [] : exact, probed: target === '' ? EXTENSIONS.map((ext) => `index${ext}`) : probed };
}

export class Resolver {
  private readonly caseLookup: CaseLookup;
  private readonly gitignore: TreeIgnore;

  constructor(
    private readonly tree: Tree,
    git: GitReader,
  ) {
    this.caseLookup = new CaseLookup(git, tree.revision);
    this.gitignore = new TreeIgnore(tree);
  }

  async resolve(fromFile: string, specifier: string): Promise<Resolution> {
    const paths = candidates(fromFile, specifier);
    if (!paths) return { kind: 'outside' };
    const exact = await this.firstExisting(paths.exact);
    if (exact) return { kind: 'found', path: exact, how: 'exact' };
    const probed = await this.firstExisting(paths.probed);
    if (probed) return { kind: 'found', path: probed, how: 'probed' };
    const tried = [...paths.exact, ...paths.probed];
    const byLowerCase = await this.caseLookup.find(paths.target);
    for (const candidate of tried) {
      const actual = byLowerCase.get(candidate.toLowerCase());
      if (actual && actual !== candidate) return { kind: 'case-mismatch', path: actual, target: paths.target };
    }
    if (await this.isGenerated(paths.target)) return { kind: 'outside' };
    return { kind: 'missing', target: paths.target, tried };
  }

  private async firstExisting(paths: string[]): Promise<string | undefined> {
    const found = await Promise.all(paths.map((path) => this.tree.exists(path)));
    return paths[found.indexOf(true)];
  }

  /**
   * A missing target that a .gitignore of the checked tree covers is build output (codegen, dist):
   * not ours to judge.
   */
  private async isGenerated(target: string): Promise<boolean> {
    const probes = [target, `${target}.ts`, `${target}.js`, `${target}/index.ts`, `${target}/index.js`];
    const ignored = await Promise.all(probes.map((probe) => this.gitignore.ignores(probe)));
    return ignored.includes(true);
  }
}

/**
 * The tree's paths that equal an import target in any letter case (`src/UserService.ts` for
 * `./userservice`), with or without an extension or /index: one `git ls-files` / `git diff-tree`
 * with case-insensitive pathspecs for every target asked in the same turn of the event loop, never a
 * listing of the whole tree. Only imports that did not resolve get here.
 */
class CaseLookup {
  private batch?: { targets: Set<string>; result: Promise<Map<string, string>> };

  constructor(
    private readonly git: GitReader,
    private readonly revision: Revision,
  ) {}

  /** Actual paths by their lower-case form, for `target` (and whatever else the batch asked for). */
  find(target: string): Promise<Map<string, string>> {
    if (!this.batch) {
      const targets = new Set<string>();
      const result = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
        this.batch = undefined;
        const files = await this.git.listMatching(this.revision, [...targets].flatMap(pathspecs));
        return new Map(files.map((file) => [file.toLowerCase(), file]));
      });
      this.batch = { targets, result };
    }
    this.batch.targets.add(target);
    return this.batch.result;
  }
}

/** `src/x.js` -> the file itself, `src/x.*`, `src/x.js.*` and `src/x.js/index.*`, case-insensitively. */
function pathspecs(target: string): string[] {
  const glob = target.replace(/[*?[\\]/g, '\\$&');
  const stem = glob.replace(/\.[^./]*$/, '');
  const spec = (pattern: string) => `:(icase,glob)${pattern}`;
  if (target === '') return [spec('index.*')];
  return [...new Set([spec(glob), spec(`${stem}.*`), spec(`${glob}.*`), spec(`${glob}/index.*`)])];
}
