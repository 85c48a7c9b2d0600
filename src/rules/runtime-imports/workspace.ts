// How a workspace installs for production, read from the tree being checked: which packages a
// workspace member can load at runtime besides its own dependencies. npm, yarn classic and bun hoist
// every installed package into the root node_modules, so a module a member's workspace dependency
// declares is there too; pnpm (unless shamefully-hoist, node-linker=hoisted or a public-hoist-pattern
// says otherwise) and yarn PnP give each package only what it declares.
import { matchWhole } from '../../glob.js';
import { loadYaml } from '../../lazy.js';
import type { RuleContext } from '../../types.js';
import { joinPath, parentDir, type Tree } from '../shared/code.js';
import { readPackage, workspacePatterns, type PackageInfo, type PackageJson } from '../shared/project.js';
import { addToDependencies, packageManagerOf, type PackageManager } from './package-manager.js';

const RUNTIME_SECTIONS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;
const ALL_SECTIONS = [...RUNTIME_SECTIONS, 'devDependencies'] as const;
/** pnpm's default public-hoist-pattern before v10 (v10 hoists nothing publicly): the lenient choice. */
const PNPM_PUBLIC_HOIST_DEFAULT = ['*eslint*', '*prettier*'];

export interface Layout {
  /** Every installed package lands in the root node_modules, reachable from any member. */
  hoisted: boolean;
  /** For messages: `pnpm (strict node_modules)`, `npm workspaces (hoisted)`. */
  described: string;
  /** Strict layouts: packages still hoisted to the root node_modules (pnpm public-hoist-pattern). */
  publicHoist: string[];
}

type Match = RuleContext<unknown>['match'];

/** Finds (and keeps) the workspace each package belongs to. */
export class Workspaces {
  private readonly byDir = new Map<string, Promise<Workspace | undefined>>();

  constructor(
    private readonly tree: Tree,
    private readonly match: Match,
  ) {}

  of(pkg: PackageInfo): Promise<Workspace | undefined> {
    let found = this.byDir.get(pkg.dir);
    if (!found) {
      found = this.find(pkg);
      this.byDir.set(pkg.dir, found);
    }
    return found;
  }

  /** The package.json above `pkg` whose workspaces include it (npm/yarn/bun `workspaces`, pnpm-workspace.yaml). */
  private async find(pkg: PackageInfo): Promise<Workspace | undefined> {
    for (let dir = pkg.dir; dir !== ''; ) {
      dir = parentDir(dir);
      const parent = await readPackage(this.tree, dir);
      if (!parent) continue;
      const pnpm = await readPnpmWorkspace(this.tree, dir);
      const patterns = [...workspacePatterns(parent.json), ...pnpm.packages];
      const workspace = new Workspace(this.tree, this.match, parent, patterns, pnpm.settings);
      if (patterns.length && workspace.includes(pkg.dir)) return workspace;
    }
    return undefined;
  }
}

export class Workspace {
  private managerPromise?: Promise<PackageManager>;
  private layoutPromise?: Promise<Layout>;
  private membersPromise?: Promise<Map<string, PackageInfo>>;

  constructor(
    private readonly tree: Tree,
    private readonly match: Match,
    readonly root: PackageInfo,
    private readonly patterns: string[],
    private readonly pnpmSettings: Record<string, unknown>,
  ) {}

  /** Is the package in `dir` a member (its path matches the globs, `!` globs excluded)? */
  includes(dir: string): boolean {
    const relative = this.relativeDir(dir);
    const negated = this.patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1));
    const positive = this.patterns.filter((pattern) => !pattern.startsWith('!'));
    // Whole paths: `workspaces: ["app"]` is the folder app/, not packages/app/.
    return matchWhole(relative, positive) && !(negated.length && matchWhole(relative, negated));
  }

  relativeDir(dir: string): string {
    return this.root.dir ? dir.slice(this.root.dir.length + 1) : dir;
  }

  manager(): Promise<PackageManager> {
    return (this.managerPromise ??= packageManagerOf(this.tree, this.root));
  }

  layout(): Promise<Layout> {
    return (this.layoutPromise ??= this.readLayout());
  }

  /** The command that adds `spec` to `pkg`'s dependencies with this workspace's package manager. */
  async addCommand(pkg: PackageInfo, spec: string): Promise<string> {
    return addToDependencies(await this.manager(), spec, pkg, pkg.dir === this.root.dir ? '' : this.relativeDir(pkg.dir));
  }

  /** Member packages by name: only the package.json files under the root are listed, never the whole tree. */
  members(): Promise<Map<string, PackageInfo>> {
    return (this.membersPromise ??= (async () => {
      const prefix = this.root.dir ? `${this.root.dir}/` : '';
      const glob = `:(glob)${prefix.replace(/[*?[\\]/g, '\\$&')}**/package.json`;
      const manifests = (await this.tree.git.listMatching(this.tree.revision, [glob])).filter(
        (path) => path.startsWith(prefix) && path.endsWith('/package.json') && !path.includes('node_modules/') && this.includes(parentDir(path)),
      );
      const packages = await Promise.all(manifests.map((path) => readPackage(this.tree, parentDir(path))));
      return new Map(packages.filter((info) => info?.json.name).map((info) => [info!.json.name!, info!]));
    })());
  }

  /**
   * The workspace package through which a production install gives `pkg` the module `name`: a
   * member `pkg` depends on (directly or through other members) that lists it in a runtime
   * section, when the layout hoists it where `pkg` finds it. Undefined when none does.
   */
  async providerInProduction(pkg: PackageInfo, name: string): Promise<string | undefined> {
    const layout = await this.layout();
    if (!layout.hoisted && !matchWhole(name, layout.publicHoist)) return undefined;
    for (const member of await this.productionClosure(pkg)) {
      if (RUNTIME_SECTIONS.some((section) => hasEntry(member.json, section, name))) return member.json.name ?? member.file;
    }
    return undefined;
  }

  /**
   * A private member that other members list only as a devDependency (at least one does, none at
   * runtime): test or tooling support (testcontainers helpers, fixtures) that production never loads.
   */
  async developmentOnly(pkg: PackageInfo): Promise<boolean> {
    const name = pkg.json.name;
    if (!name || pkg.json.private !== true) return false;
    const dependents = [this.root, ...(await this.members()).values()];
    if (dependents.some((info) => RUNTIME_SECTIONS.some((section) => hasEntry(info.json, section, name)))) return false;
    return dependents.some((info) => hasEntry(info.json, 'devDependencies', name));
  }

  /** Does any member or the root list `name` at all (what a bundler finds at build time in a hoisted install)? */
  async declaredAnywhere(name: string): Promise<boolean> {
    const manifests = [this.root, ...(await this.members()).values()];
    return manifests.some((info) => ALL_SECTIONS.some((section) => hasEntry(info.json, section, name)));
  }

  /** Members `pkg` depends on at runtime, transitively (not `pkg` itself). */
  private async productionClosure(pkg: PackageInfo): Promise<PackageInfo[]> {
    const members = await this.members();
    const seen = new Set<string>([pkg.json.name ?? '']);
    const closure: PackageInfo[] = [];
    const queue = [pkg];
    for (let current = queue.shift(); current; current = queue.shift()) {
      for (const section of RUNTIME_SECTIONS) {
        for (const dependency of Object.keys(current.json[section] ?? {})) {
          const member = members.get(dependency);
          if (!member || seen.has(dependency)) continue;
          seen.add(dependency);
          closure.push(member);
          queue.push(member);
        }
      }
    }
    return closure;
  }

  private async readLayout(): Promise<Layout> {
    const manager = await this.manager();
    if (manager === 'pnpm') return this.pnpmLayout();
    if (manager === 'yarn') return this.yarnLayout();
    const npmrc = parseNpmrc(await this.tree.read(joinPath(this.root.dir, '.npmrc')));
    if (manager === 'npm' && npmrc.get('install-strategy')?.[0] === 'linked') {
      return { hoisted: false, described: 'npm with install-strategy=linked (strict node_modules)', publicHoist: [] };
    }
    return { hoisted: true, described: `${manager} workspaces (hoisted node_modules)`, publicHoist: [] };
  }

  private async pnpmLayout(): Promise<Layout> {
    const npmrc = parseNpmrc(await this.tree.read(joinPath(this.root.dir, '.npmrc')));
    const settings = this.pnpmSettings;
    const linker = stringSetting(settings.nodeLinker) ?? npmrc.get('node-linker')?.[0];
    const shamefully = settings.shamefullyHoist === true || npmrc.get('shamefully-hoist')?.[0] === 'true';
    if (linker === 'hoisted' || shamefully) {
      return { hoisted: true, described: `pnpm with ${shamefully ? 'shamefully-hoist' : 'node-linker=hoisted'} (hoisted node_modules)`, publicHoist: [] };
    }
    const fromYaml = Array.isArray(settings.publicHoistPattern) ? settings.publicHoistPattern.filter((entry) => typeof entry === 'string') : undefined;
    const publicHoist = fromYaml ?? npmrc.get('public-hoist-pattern') ?? PNPM_PUBLIC_HOIST_DEFAULT;
    return { hoisted: publicHoist.includes('*'), described: 'pnpm (strict node_modules: each package gets only what it declares)', publicHoist };
  }

  private async yarnLayout(): Promise<Layout> {
    const text = await this.tree.read(joinPath(this.root.dir, '.yarnrc.yml'));
    const classic = /^yarn@1\./.test(String(this.root.json.packageManager ?? ''));
    if (text === null || classic) return { hoisted: true, described: 'yarn workspaces (hoisted node_modules)', publicHoist: [] };
    const { parse } = await loadYaml();
    const linker = stringSetting((parse(text) as { nodeLinker?: unknown } | null)?.nodeLinker) ?? 'pnp';
    if (linker === 'node-modules') return { hoisted: true, described: 'yarn with nodeLinker: node-modules (hoisted)', publicHoist: [] };
    return { hoisted: false, described: `yarn with nodeLinker: ${linker} (strict: each package gets only what it declares)`, publicHoist: [] };
  }
}

function hasEntry(json: PackageJson, section: (typeof ALL_SECTIONS)[number], name: string): boolean {
  const entries = json[section];
  return typeof entries === 'object' && entries !== null && Object.hasOwn(entries, name);
}

function stringSetting(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** pnpm-workspace.yaml: the member globs and the settings pnpm 10 reads from it. */
async function readPnpmWorkspace(tree: Tree, dir: string): Promise<{ packages: string[]; settings: Record<string, unknown> }> {
  const text = await tree.read(joinPath(dir, 'pnpm-workspace.yaml'));
  if (text === null) return { packages: [], settings: {} };
  const { parse } = await loadYaml();
  const parsed = parse(text) as Record<string, unknown> | null;
  if (typeof parsed !== 'object' || parsed === null) return { packages: [], settings: {} };
  const packages = Array.isArray(parsed.packages) ? parsed.packages.filter((entry): entry is string => typeof entry === 'string') : [];
  return { packages, settings: parsed };
}

/** `.npmrc` keys to their values (`key[]=` lines collect into one list); comments and blanks skipped. */
function parseNpmrc(text: string | null): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const raw of (text ?? '').split('\n')) {
    const line = raw.trim();
    const equals = line.indexOf('=');
    if (!line || line.startsWith('#') || line.startsWith(';') || equals < 0) continue;
    let key = line.slice(0, equals).trim();
    const value = line.slice(equals + 1).trim().replace(/^["']|["']$/g, '');
    const list = key.endsWith('[]');
    if (list) key = key.slice(0, -2);
    values.set(key, list ? [...(values.get(key) ?? []), value] : [value]);
  }
  return values;
}
