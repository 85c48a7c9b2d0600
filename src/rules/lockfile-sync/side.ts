// One state of the repository (the change's head, or its base) as the lockfile models see it:
// each lockfile is read and cut once per state, and a package's verdict comes from its manager's model.
import type { Revision } from '../../changeset.js';
import type { GitReader } from '../../git/reader.js';
import { Tree } from '../shared/code.js';
import { readPackage, type PackageJson } from '../shared/project.js';
import { governingLockfile, legacyPeerDeps, workspaceGlobs, workspacePackages, type Lockfile } from './governing.js';
import type { Verdict } from './model.js';
import { parseNpmLock, npmImporters, npmVerdict, type NpmLock } from './npm.js';
import { pnpmVerdict, readImporter, readPnpmHeader, type PnpmHeader } from './pnpm.js';
import { cutSections, importerText, type PnpmSections } from './pnpm-sections.js';
import { parseYarnLock, resolutionNames, yarnVerdict, type YarnLock } from './yarn.js';

export class Side {
  readonly tree: Tree;
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(git: GitReader, revision: Revision) {
    this.tree = new Tree(git, revision);
  }

  private memo<T>(key: string, make: () => Promise<T>): Promise<T> {
    let value = this.cache.get(key) as Promise<T> | undefined;
    if (!value) {
      value = make();
      this.cache.set(key, value);
    }
    return value;
  }

  npm(path: string): Promise<NpmLock | undefined> {
    return this.memo(`npm:${path}`, async () => {
      const text = await this.tree.read(path);
      return text === null ? undefined : parseNpmLock(text, path);
    });
  }

  pnpm(path: string): Promise<{ sections: PnpmSections; header: PnpmHeader } | undefined> {
    return this.memo(`pnpm:${path}`, async () => {
      const text = await this.tree.read(path);
      if (text === null) return undefined;
      const sections = cutSections(text);
      return { sections, header: await readPnpmHeader(sections, path) };
    });
  }

  yarn(path: string): Promise<YarnLock | undefined> {
    return this.memo(`yarn:${path}`, async () => {
      const text = await this.tree.read(path);
      return text === null ? undefined : parseYarnLock(text);
    });
  }

  legacyPeerDeps(root: string): Promise<boolean> {
    return this.memo(`npmrc:${root}`, () => legacyPeerDeps(this.tree, root));
  }

  governing(dir: string): Promise<Lockfile | undefined> {
    return this.memo(`governing:${dir}`, () => governingLockfile(this.tree, dir));
  }

  /** What the package manager's own check says about `pkg` against `lock`; undefined when not modelled (bun). */
  async verdict(lock: Lockfile, pkg: PackageJson): Promise<Verdict | undefined> {
    switch (lock.manager) {
      case 'npm': {
        const parsed = await this.npm(lock.path);
        const root = lock.importer ? (await readPackage(this.tree, lock.root))?.json : pkg;
        return parsed && npmVerdict(parsed, lock.importer, pkg, root ?? {}, { legacyPeerDeps: await this.legacyPeerDeps(lock.root) });
      }
      case 'pnpm': {
        const parsed = await this.pnpm(lock.path);
        if (!parsed) return undefined;
        const importer = await readImporter(parsed.sections, parsed.header, lock.importer || '.', lock.path, true);
        return pnpmVerdict(importer, parsed.header, pkg);
      }
      case 'yarn': {
        const parsed = await this.yarn(lock.path);
        if (!parsed) return undefined;
        const root = (await readPackage(this.tree, lock.root))?.json ?? {};
        const globs = await workspaceGlobs(this.tree, lock.root);
        return yarnVerdict(parsed, pkg, {
          workspace: globs.length > 0,
          resolved: resolutionNames(root),
          workspacePackages: () => this.memo(`workspaces:${lock.root}`, () => workspacePackages(this.tree, lock.root, globs)),
        });
      }
      case 'bun':
        return undefined;
    }
  }

  /** Importer ids the lockfile records with the text of each entry (npm and pnpm), to diff two states. */
  async importers(lock: Pick<Lockfile, 'path' | 'manager'>): Promise<Map<string, string>> {
    if (lock.manager === 'npm') {
      const parsed = await this.npm(lock.path);
      return parsed ? npmImporters(parsed) : new Map();
    }
    if (lock.manager === 'pnpm') {
      const parsed = await this.pnpm(lock.path);
      if (!parsed) return new Map();
      if (parsed.header.topLevelImporter) return new Map([['', 'top-level']]);
      return new Map([...parsed.sections.importers.keys()].map((id) => [id === '.' ? '' : id, importerText(parsed.sections, id) ?? '']));
    }
    return new Map();
  }
}
