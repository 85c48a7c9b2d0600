// Finds the repository file an import names, in the tree being checked (through the git reader,
// never the working tree): relative paths, tsconfig `paths` aliases (`@/lib/db`, `~/server/db`) and
// workspace packages (`@acme/database`). Packages from the registry are not in git: undefined.
import { isRelative, joinPath, parentDir, type Tree } from '../shared/code.js';
import { normalizePath, readPackage } from '../shared/project.js';
import { aliasConfigFor, matchAlias, type AliasConfig } from '../shared/tsconfig.js';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const INDEXES = EXTENSIONS.map((extension) => `/index${extension}`);

export class ModuleLocator {
  private readonly aliases = new Map<string, Promise<AliasConfig | undefined>>();
  private workspaces?: Promise<Map<string, string>>;

  constructor(private readonly tree: Tree) {}

  /** Repository path of the file `specifier` names from `fromFile`; undefined when it is not in the repository. */
  async locate(fromFile: string, specifier: string): Promise<string | undefined> {
    if (isRelative(specifier)) {
      const base = normalizePath(joinPath(parentDir(fromFile), specifier));
      return base === undefined ? undefined : this.probe(base);
    }
    const aliased = await this.throughAlias(fromFile, specifier);
    if (aliased) return aliased;
    return this.throughWorkspace(specifier);
  }

  /** `db`, `db.ts`, `db/index.ts`…; an ESM `./db.js` written for a `db.ts`. */
  private async probe(base: string): Promise<string | undefined> {
    const stem = base.replace(/\.[cm]?jsx?$/, '');
    const candidates = [base, ...EXTENSIONS.map((extension) => stem + extension), ...INDEXES.map((index) => base + index)];
    for (const candidate of candidates) if (await this.tree.exists(candidate)) return candidate;
    return undefined;
  }

  private async throughAlias(fromFile: string, specifier: string): Promise<string | undefined> {
    const dir = parentDir(fromFile);
    let config = this.aliases.get(dir);
    if (!config) {
      config = aliasConfigFor(this.tree, fromFile).catch(() => undefined);
      this.aliases.set(dir, config);
    }
    const aliases = await config;
    if (!aliases) return undefined;
    const pattern = matchAlias(Object.keys(aliases.paths), specifier);
    if (pattern !== undefined) {
      const star = pattern.indexOf('*');
      const matched = star < 0 ? '' : specifier.slice(star, specifier.length - (pattern.length - star - 1));
      for (const target of aliases.paths[pattern] ?? []) {
        const found = await this.probe(target.replace('*', matched));
        if (found) return found;
      }
    }
    return aliases.baseUrl !== undefined ? this.probe(joinPath(aliases.baseUrl, specifier)) : undefined;
  }

  /** `@acme/database` or `@acme/database/client`: a package of the repository by its package.json name. */
  private async throughWorkspace(specifier: string): Promise<string | undefined> {
    const parts = specifier.split('/');
    const nameLength = specifier.startsWith('@') ? 2 : 1;
    const dir = (await this.workspacePackages()).get(parts.slice(0, nameLength).join('/'));
    if (dir === undefined) return undefined;
    const sub = parts.slice(nameLength).join('/');
    if (sub) return (await this.probe(joinPath(dir, sub))) ?? this.probe(joinPath(dir, `src/${sub}`));
    const pkg = await readPackage(this.tree, dir).catch(() => undefined);
    const json = pkg?.json as { main?: unknown; types?: unknown; module?: unknown } | undefined;
    const entries = [json?.types, json?.main, json?.module].filter((entry): entry is string => typeof entry === 'string');
    for (const entry of [...entries.map((entry) => entry.replace(/\.d\.ts$/, '.ts')), 'index', 'src/index']) {
      const found = await this.probe(normalizePath(joinPath(dir, entry)) ?? entry);
      if (found) return found;
    }
    return undefined;
  }

  /** Package name → directory, for every package.json of the tree outside node_modules (read once, when first needed). */
  private workspacePackages(): Promise<Map<string, string>> {
    this.workspaces ??= (async () => {
      const manifests = (await this.tree.git.listMatching(this.tree.revision, [':(glob)**/package.json'])).filter((path) => !path.includes('node_modules/'));
      const byName = new Map<string, string>();
      for (const manifest of manifests) {
        const pkg = await readPackage(this.tree, parentDir(manifest)).catch(() => undefined);
        const name = pkg?.json.name;
        if (typeof name === 'string' && !byName.has(name)) byName.set(name, parentDir(manifest));
      }
      return byName;
    })();
    return this.workspaces;
  }
}
