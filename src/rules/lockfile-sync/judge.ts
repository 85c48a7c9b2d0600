// What a change did to the agreement between package.json files and their lockfile. A hook judges
// the change, not the repository: a problem the base already had (a stale entry nobody touched) is
// not reported at pre-commit, pre-push or in CI; `check --all` reports the whole state.
import type { ChangedFile } from '../../changeset.js';
import type { Finding, RuleContext } from '../../types.js';
import { joinPath, parentDir } from '../shared/code.js';
import { parseJson, readPackage, type PackageJson, type PackageInfo } from '../shared/project.js';
import { dependencyEdits, describeEdits, lineOf, lockRelevant } from './edits.js';
import { readPnpmWorkspace, type Lockfile } from './governing.js';
import { installCommand, type PackageManager as Manager } from '../../package-manager.js';
import { LOCKED_SECTIONS, type Problem } from './model.js';
import { missingEntries, type MissingEntry } from './npm.js';
import { settingsProblems } from './pnpm.js';
import { Side } from './side.js';
import type { LockfileSyncOptions } from './index.js';

const MAX_MISSING_REPORTED = 5;
const MAX_PROBLEMS_SHOWN = 4;

/** package.json sections a manager's lockfile does not model here: an edit there without the lockfile is a warning. */
const UNMODELLED: Record<Manager, string[]> = {
  npm: ['overrides'],
  pnpm: ['pnpm', 'resolutions'],
  yarn: ['resolutions'],
  bun: ['overrides', 'resolutions'],
};

export interface Triggers {
  /** Directories of changed package.json files. */
  manifests: string[];
  /** Changed lockfiles. */
  lockfiles: { path: string; manager: Manager }[];
  /** Directories of changed pnpm-workspace.yaml files. */
  pnpmWorkspaces: string[];
}

type Context = RuleContext<LockfileSyncOptions>;

export async function judge(context: Context, triggers: Triggers, exclude: string[]): Promise<Finding[]> {
  return new Judge(context, exclude).run(triggers);
}

class Judge {
  private readonly head: Side;
  private readonly base?: Side;
  /** Report the whole state (`check --all`, or nothing to compare with). */
  private readonly whole: boolean;
  private readonly changed: Map<string, ChangedFile>;

  constructor(
    private readonly context: Context,
    private readonly exclude: string[],
  ) {
    const { changes } = context;
    this.head = new Side(context.git, changes.head);
    this.base = changes.base ? new Side(context.git, { kind: 'commit', sha: changes.base }) : undefined;
    this.whole = context.allLines || !this.base;
    this.changed = new Map(changes.files.filter((file) => file.status !== 'deleted').map((file) => [file.path, file]));
  }

  async run(triggers: Triggers): Promise<Finding[]> {
    const dirs = new Set([...triggers.manifests, ...triggers.pnpmWorkspaces]);
    for (const lock of triggers.lockfiles) for (const dir of await this.touchedPackages(lock)) dirs.add(dir);
    const findings: Finding[] = [];
    for (const dir of dirs) findings.push(...(await this.judgePackage(dir)));
    const pnpmRoots = new Set([
      ...triggers.lockfiles.filter((lock) => lock.manager === 'pnpm').map((lock) => parentDir(lock.path)),
      ...triggers.pnpmWorkspaces,
      ...triggers.manifests,
    ]);
    for (const root of pnpmRoots) findings.push(...(await this.judgePnpmSettings(root)));
    if (this.context.options.checkEntries) {
      for (const lock of triggers.lockfiles) if (lock.manager === 'npm' && !this.context.match(lock.path, this.exclude)) findings.push(...(await this.judgeEntries(lock.path)));
    }
    return findings;
  }

  /** Packages whose entry a changed lockfile rewrote (all of them when judging the whole state). */
  private async touchedPackages(lock: { path: string; manager: Manager }): Promise<string[]> {
    const root = parentDir(lock.path);
    const now = await this.head.importers(lock);
    const before = this.whole || !this.base ? new Map<string, string>() : await this.base.importers(lock);
    const ids = [...now].filter(([id, text]) => before.get(id) !== text).map(([id]) => id);
    return [root, ...ids.map((id) => joinPath(root, id))];
  }

  private async judgePackage(dir: string): Promise<Finding[]> {
    const pkg = await readPackage(this.head.tree, dir);
    if (!pkg || this.context.match(pkg.file, this.exclude)) return [];
    const lock = await this.head.governing(dir);
    if (!lock || this.context.match(lock.path, this.exclude)) return [];
    const manifestFile = this.changed.get(pkg.file);
    const lockChanged = this.changed.has(lock.path);
    const before = manifestFile ? await this.previousManifest(manifestFile) : undefined;
    if (manifestFile && !lockChanged && !this.whole && !this.workspaceConfigChanged(lock) && before && lockRelevant(before) === lockRelevant(pkg.json)) return [];
    const findings = manifestFile && !lockChanged && before !== undefined ? this.unmodelledEdits(pkg, lock, before) : [];
    const verdict = await this.head.verdict(lock, pkg.json);
    if (!verdict) return [...findings, ...(manifestFile && !lockChanged && before ? this.unjudgedEdits(pkg, lock, before) : [])];
    const problems = await this.newProblems(dir, lock, verdict.problems.filter((problem) => this.context.options.sections.includes(problem.section)));
    if (!problems.length) return findings;
    const text = (await this.head.tree.read(pkg.file)) ?? '';
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map((problem) => problem.text).join('; ') + (problems.length > MAX_PROBLEMS_SHOWN ? `; and ${problems.length - MAX_PROBLEMS_SHOWN} more` : '');
    const where = lock.importer ? ' at the workspace root' : '';
    if (manifestFile && !lockChanged) {
      const edits = dependencyEdits(before ?? {}, pkg.json, LOCKED_SECTIONS as unknown as string[]);
      const what = edits.length ? `changes dependencies (${describeEdits(edits)})` : 'changes';
      findings.push({
        kind: 'not-updated',
        file: pkg.file,
        line: lineOf(text, problems[0]!.name),
        message: `${pkg.file} ${what} but ${lock.path} is not part of this change and does not lock them: ${shown}. ${verdict.consequence}; installs from the lockfile (CI, the server) do not get what package.json says, and node_modules drifts from the lockfile (incident 4: Cannot find module '@prisma/engines').`,
        hint: `Run \`${installCommand(lock.manager)}\`${where} so it updates ${lock.path}, then \`git add ${lock.path}\` and commit both together.`,
      });
    } else {
      findings.push({
        kind: 'root-mismatch',
        file: pkg.file,
        line: lineOf(text, problems[0]!.name),
        message: `${lock.path} disagrees with ${pkg.file}${lock.importer ? ` (workspace ${lock.importer})` : ''}: ${shown}. ${verdict.consequence}, and other installs resolve something else than what was tested.`,
        hint: `Run \`${installCommand(lock.manager)}\`${where} to bring ${lock.path} in line with ${pkg.file}, then commit both.`,
      });
    }
    return findings;
  }

  /** The problems of this package the base did not have (all of them when judging the whole state). */
  private async newProblems(dir: string, lock: Lockfile, problems: Problem[]): Promise<Problem[]> {
    if (!problems.length || this.whole || !this.base) return problems;
    const pkg = await readPackage(this.base.tree, dir).catch(() => undefined);
    const baseLock = pkg && (await this.base.governing(dir));
    if (!pkg || !baseLock || baseLock.path !== lock.path || baseLock.importer !== lock.importer) return problems;
    const before = await this.base.verdict(baseLock, pkg.json).catch(() => undefined);
    const known = new Set(before?.problems.map((problem) => problem.text));
    return problems.filter((problem) => !known.has(problem.text));
  }

  private async previousManifest(file: ChangedFile): Promise<PackageJson | undefined> {
    const old = await file.oldContent();
    if (old === null) return {};
    try {
      return parseJson(old, `${file.oldPath ?? file.path} (before this change)`) as PackageJson;
    } catch {
      return undefined; // a broken old version: judge the new one on its own
    }
  }

  private workspaceConfigChanged(lock: Lockfile): boolean {
    return this.changed.has(joinPath(lock.root, 'pnpm-workspace.yaml')) || (lock.importer !== '' && this.changed.has(joinPath(lock.root, 'package.json')));
  }

  /** Edits of sections the lockfile model does not cover (npm `overrides`, yarn `resolutions`, `pnpm.*`): a warning. */
  private unmodelledEdits(pkg: PackageInfo, lock: Lockfile, before: PackageJson): Finding[] {
    const sections = UNMODELLED[lock.manager].filter((section) => this.context.options.sections.includes(section));
    const edits = dependencyEdits(before, pkg.json, sections).filter((edit) => !(lock.manager === 'pnpm' && edit.text.includes('overrides.')));
    if (!edits.length) return [];
    return [
      {
        kind: 'not-updated',
        severity: 'warn',
        file: pkg.file,
        message: `${pkg.file} changes ${[...new Set(edits.map((edit) => edit.section))].join(', ')} (${describeEdits(edits)}) but ${lock.path} is not part of this change: if this changes what gets installed, the lockfile no longer matches.`,
        hint: `Run \`${installCommand(lock.manager)}\`${lock.importer ? ' at the workspace root' : ''}; if ${lock.path} changes, \`git add ${lock.path}\` and commit both together.`,
      },
    ];
  }

  /** A lockfile with no model here (bun): a dependency edit without it is what its frozen install refuses. */
  private unjudgedEdits(pkg: PackageInfo, lock: Lockfile, before: PackageJson): Finding[] {
    const sections = ['dependencies', 'devDependencies', 'optionalDependencies'].filter((section) => this.context.options.sections.includes(section));
    const edits = dependencyEdits(before, pkg.json, sections);
    if (!edits.length) return [];
    return [
      {
        kind: 'not-updated',
        file: pkg.file,
        message: `${pkg.file} changes dependencies (${describeEdits(edits)}) but ${lock.path} is not part of this change: installs from the lockfile (CI, the server) do not get what package.json says, and node_modules drifts from the lockfile (incident 4: Cannot find module '@prisma/engines').`,
        hint: `Run \`${installCommand(lock.manager)}\`${lock.importer ? ' at the workspace root' : ''} so it updates ${lock.path}, then \`git add ${lock.path}\` and commit both together.`,
      },
    ];
  }

  /** pnpm-lock.yaml `overrides` and `catalogs` against the workspace's configuration. */
  private async judgePnpmSettings(root: string): Promise<Finding[]> {
    const lockPath = joinPath(root, 'pnpm-lock.yaml');
    if (this.context.match(lockPath, this.exclude)) return [];
    const problems = await this.settingsOf(this.head, root);
    if (!problems?.length) return [];
    const known = this.whole || !this.base ? new Set<string>() : new Set(await this.settingsOf(this.base, root).catch(() => undefined));
    const fresh = problems.filter((problem) => !known.has(problem));
    if (!fresh.length) return [];
    const workspaceFile = joinPath(root, 'pnpm-workspace.yaml');
    const file = (await this.head.tree.exists(workspaceFile)) ? workspaceFile : joinPath(root, 'package.json');
    const text = (await this.head.tree.read(file)) ?? '';
    const key = fresh[0]!.startsWith('overrides') ? 'overrides' : 'catalog';
    const line = file === workspaceFile ? yamlKeyLine(text, key) : lineOf(text, key);
    return [
      {
        kind: 'settings-mismatch',
        file,
        line,
        message: `${lockPath} was written with other settings than ${file} declares: ${fresh.join('; ')}. \`pnpm install --frozen-lockfile\` (the CI default) stops with ERR_PNPM_LOCKFILE_CONFIG_MISMATCH.`,
        hint: `Run \`pnpm install\`${root ? ` in ${root}` : ''} to rewrite ${lockPath}, then commit it with ${file}.`,
      },
    ];
  }

  private async settingsOf(side: Side, root: string): Promise<string[] | undefined> {
    const lock = await side.pnpm(joinPath(root, 'pnpm-lock.yaml'));
    if (!lock) return undefined;
    const workspace = await readPnpmWorkspace(side.tree, root);
    const pkg = (await readPackage(side.tree, root))?.json as { pnpm?: { overrides?: unknown } } | undefined;
    const sources = [workspace?.overrides, pkg?.pnpm?.overrides].filter((value): value is Record<string, unknown> => typeof value === 'object' && value !== null);
    const overrides = sources.length === 2 ? [...sources, { ...sources[0], ...sources[1] }, { ...sources[1], ...sources[0] }] : sources.length ? sources : [{}];
    const catalogs = workspace ? { ...record(workspace.catalogs), default: { ...record(record(workspace.catalogs).default), ...record(workspace.catalog) } } : undefined;
    return settingsProblems(lock.header, { overrides, catalogs: catalogs as Record<string, Record<string, unknown>> | undefined });
  }

  /** package-lock entries whose dependencies no entry provides, new in this change. */
  private async judgeEntries(path: string): Promise<Finding[]> {
    const lock = await this.head.npm(path);
    if (!lock) return [];
    const options = { legacyPeerDeps: await this.head.legacyPeerDeps(parentDir(path)) };
    let missing = missingEntries(lock, options);
    if (missing.length && !this.whole && this.base) {
      const before = await this.base.npm(path).catch(() => undefined);
      const known = new Set(before ? missingEntries(before, options).map(entryKey) : []);
      missing = missing.filter((entry) => !known.has(entryKey(entry)));
    }
    if (!missing.length) return [];
    const text = (await this.head.tree.read(path)) ?? '';
    const findings: Finding[] = missing.slice(0, MAX_MISSING_REPORTED).map((entry) => ({
      kind: 'missing-entry',
      severity: entry.peer ? 'warn' : 'error',
      file: path,
      line: lineOf(text, entry.from),
      message: `${path} locks ${entry.from.replace(/^.*node_modules\//, '')} (${entry.from}) but has no entry for its ${entry.peer ? 'peer ' : ''}dependency ${entry.name}@${entry.range}: npm ci installs exactly the lockfile, so Node throws Cannot find module '${entry.name}' at runtime (incident 4).`,
      hint: `Regenerate the lockfile with a clean \`npm install\` and resolve the peer-dependency conflict instead of --force / --legacy-peer-deps, then commit ${path}.`,
    }));
    if (missing.length > MAX_MISSING_REPORTED) {
      findings.push({
        kind: 'missing-entry',
        file: path,
        message: `${path} misses ${missing.length - MAX_MISSING_REPORTED} more dependency entries beyond those listed.`,
        hint: 'Regenerate the lockfile with a clean `npm install`, then commit it.',
      });
    }
    return findings;
  }
}

/** 1-based line of a top-level `key:` (or `keys:`) in a YAML text. */
function yamlKeyLine(text: string, key: string): number | undefined {
  const index = text.split('\n').findIndex((line) => line.startsWith(`${key}:`) || line.startsWith(`${key}s:`));
  return index < 0 ? undefined : index + 1;
}

function entryKey(entry: MissingEntry): string {
  return `${entry.from}\0${entry.name}\0${entry.range}`;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
