// lockfile-sync: package.json and its lockfile travel together and agree. Incident 4: node_modules and
// the lockfile drifted apart after an ERESOLVE conflict, and production died with
// `Cannot find module '@prisma/engines'`.
import type { ChangedFile } from '../../changeset.js';
import type { Finding, Rule, RuleContext } from '../../types.js';
import { joinPath, parentDir, Tree } from '../shared/code.js';
import { parseJson, readPackage, workspacePatterns, type PackageJson } from '../shared/project.js';
import { INSTALL, LOCKFILES, missingEntries, parseJsonLock, readRootEntry, RECORDED_SECTIONS, type Manager, type RootEntry } from './lockfiles.js';
import { loadYaml } from '../../lazy.js';

export interface LockfileSyncOptions {
  /** package.json sections whose edits need a lockfile update. */
  sections: string[];
  /** package.json and lockfile paths not checked (minimatch), added to the built-in list. */
  exclude: string[];
  /** Keep the built-in exclusions (node_modules, test fixtures). */
  defaultExclude: boolean;
  /** package-lock v2/v3: report dependencies of locked packages that have no entry. */
  checkEntries: boolean;
}

interface Lockfile {
  path: string;
  manager: Manager;
  /** The package's key inside the lockfile: '' for the root, `packages/api` for a workspace. */
  importer: string;
}

const MAX_MISSING_REPORTED = 5;
/** Test fixtures are sample projects, not what gets installed. */
const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/fixtures/**', '**/__fixtures__/**'];

/** The install CI and deploys run, which fails on a lockfile out of step with package.json. */
const FROZEN_INSTALL: Record<Manager, string> = {
  npm: '`npm ci`',
  pnpm: '`pnpm install --frozen-lockfile` (the CI default)',
  yarn: '`yarn install --frozen-lockfile` (`--immutable` in Yarn 2+)',
  bun: '`bun install --frozen-lockfile`',
};

export const lockfileSync: Rule<LockfileSyncOptions> = {
  meta: {
    id: 'lockfile-sync',
    description: 'Refuses dependency changes in package.json without the matching lockfile change, and lockfiles that disagree with package.json.',
    stages: ['pre-commit', 'pre-push', 'ci'],
    docs: 'docs/rules/lockfile-sync.md',
    defaultOptions: {
      sections: ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies', 'overrides', 'resolutions', 'pnpm'],
      exclude: [],
      defaultExclude: true,
      checkEntries: true,
    },
    schema: {
      type: 'object',
      properties: {
        sections: { type: 'array', items: { type: 'string', minLength: 1 } },
        exclude: { type: 'array', items: { type: 'string', minLength: 1 } },
        defaultExclude: { type: 'boolean' },
        checkEntries: { type: 'boolean' },
      },
    },
  },

  async check(context) {
    const { files } = context.changes;
    const changed = new Map(files.filter((file) => file.status !== 'deleted').map((file) => [file.path, file]));
    const lockfileNames = new Set(LOCKFILES.map((entry) => entry.file));
    const manifestDirs = new Set<string>();
    for (const file of changed.values()) {
      const name = file.path.slice(file.path.lastIndexOf('/') + 1);
      if (name === 'package.json' || lockfileNames.has(name)) manifestDirs.add(parentDir(file.path));
    }
    if (!manifestDirs.size) return [];
    const tree = new Tree(context.git, context.changes.head);
    const exclude = context.options.defaultExclude ? [...DEFAULT_EXCLUDE, ...context.options.exclude] : context.options.exclude;
    const findings: Finding[] = [];
    for (const dir of manifestDirs) {
      const manifest = joinPath(dir, 'package.json');
      if (context.match(manifest, exclude)) continue;
      findings.push(...(await checkPackage(context, tree, dir, changed)));
    }
    if (context.options.checkEntries) {
      for (const file of changed.values()) {
        if (!/(?:^|\/)(?:package-lock|npm-shrinkwrap)\.json$/.test(file.path) || context.match(file.path, exclude)) continue;
        findings.push(...(await checkEntries(file)));
      }
    }
    return findings;
  },
};

async function checkPackage(context: RuleContext<LockfileSyncOptions>, tree: Tree, dir: string, changed: Map<string, ChangedFile>): Promise<Finding[]> {
  const pkg = await readPackage(tree, dir);
  if (!pkg) return [];
  const lock = await governingLockfile(context, tree, dir);
  if (!lock) return []; // the project does not commit a lockfile
  const manifestFile = changed.get(pkg.file);
  const lockChanged = changed.has(lock.path);
  const text = (await tree.read(pkg.file)) ?? '';
  if (manifestFile && !lockChanged) {
    const old = await manifestFile.oldContent();
    const before = old === null ? {} : (parseJson(old, `${pkg.file} (before this change)`) as PackageJson);
    const edits = dependencyEdits(before, pkg.json, context.options.sections);
    if (!edits.length) return [];
    return [
      {
        kind: 'not-updated',
        file: pkg.file,
        line: lineOf(text, edits[0]!.name),
        message: `${pkg.file} changes dependencies (${describeEdits(edits)}) but ${lock.path} is not part of this change: installs from the lockfile (npm ci, CI, the server) do not get what package.json says, and node_modules drifts from the lockfile (incident 4: Cannot find module '@prisma/engines').`,
        hint: `Run \`${INSTALL[lock.manager]}\`${lock.importer ? ' at the workspace root' : ''} so it updates ${lock.path}, then \`git add ${lock.path}\` and commit both together.`,
      },
    ];
  }
  const lockText = await tree.read(lock.path);
  if (lockText === null) return [];
  const root = await readRootEntry(lock.manager, lock.path, lockText, lock.importer);
  const mismatches = compareRoot(pkg.json, root, lock.manager);
  if (!mismatches.length) return [];
  return [
    {
      kind: 'root-mismatch',
      file: pkg.file,
      line: lineOf(text, mismatches[0]!.name),
      message: `${lock.path} disagrees with ${pkg.file}${lock.importer ? ` (workspace ${lock.importer})` : ''}: ${mismatches.slice(0, 4).map((m) => m.text).join('; ')}${mismatches.length > 4 ? `; and ${mismatches.length - 4} more` : ''}. ${FROZEN_INSTALL[lock.manager]} refuses such a lockfile, and other installs resolve something else than what was tested.`,
      hint: `Run \`${INSTALL[lock.manager]}\`${lock.importer ? ' at the workspace root' : ''} to bring ${lock.path} in line with ${pkg.file}, then commit both.`,
    },
  ];
}

/** The lockfile in the package's directory, or the workspace root's that covers it. */
async function governingLockfile(context: RuleContext<LockfileSyncOptions>, tree: Tree, dir: string): Promise<Lockfile | undefined> {
  for (let current = dir; ; current = parentDir(current)) {
    const found = await lockfileIn(tree, current);
    if (found) {
      if (current === dir) return { ...found, importer: '' };
      const rootPkg = await readPackage(tree, current);
      const patterns = [...(rootPkg ? workspacePatterns(rootPkg.json) : []), ...(await pnpmWorkspaces(tree, current))];
      const importer = current ? dir.slice(current.length + 1) : dir;
      return patterns.length && context.match(importer, patterns) ? { ...found, importer } : undefined;
    }
    if (current === '') return undefined;
  }
}

async function lockfileIn(tree: Tree, dir: string): Promise<Omit<Lockfile, 'importer'> | undefined> {
  const present = await Promise.all(LOCKFILES.map((entry) => tree.exists(joinPath(dir, entry.file))));
  const index = present.indexOf(true);
  return index < 0 ? undefined : { path: joinPath(dir, LOCKFILES[index]!.file), manager: LOCKFILES[index]!.manager };
}

async function pnpmWorkspaces(tree: Tree, dir: string): Promise<string[]> {
  const text = await tree.read(joinPath(dir, 'pnpm-workspace.yaml'));
  if (text === null) return [];
  const { parse } = await loadYaml();
  const parsed = parse(text) as { packages?: unknown } | null;
  return Array.isArray(parsed?.packages) ? parsed.packages.filter((entry): entry is string => typeof entry === 'string') : [];
}

interface Edit {
  name: string;
  text: string;
}

/** Added, removed and changed entries of the dependency sections (key order does not matter). */
function dependencyEdits(before: PackageJson, after: PackageJson, sections: string[]): Edit[] {
  const edits: Edit[] = [];
  for (const section of sections) {
    const old = flatten((before as Record<string, unknown>)[section]);
    const now = flatten((after as Record<string, unknown>)[section]);
    for (const [name, value] of Object.entries(now)) {
      if (!Object.hasOwn(old, name)) edits.push({ name: leaf(name), text: `added ${name} ${value}` });
      else if (old[name] !== value) edits.push({ name: leaf(name), text: `${name} ${old[name]} -> ${value}` });
    }
    for (const name of Object.keys(old)) if (!Object.hasOwn(now, name)) edits.push({ name: leaf(name), text: `removed ${name}` });
  }
  return edits;
}

/** `{ a: '1', b: { c: '2' } }` -> `{ a: '1', 'b.c': '2' }` (overrides and pnpm settings nest). */
function flatten(value: unknown, prefix = ''): Record<string, string> {
  if (typeof value !== 'object' || value === null) return prefix ? { [prefix]: JSON.stringify(value) } : {};
  const out: Record<string, string> = {};
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof inner === 'object' && inner !== null) Object.assign(out, flatten(inner, path));
    else out[path] = typeof inner === 'string' ? inner : JSON.stringify(inner);
  }
  return out;
}

function leaf(path: string): string {
  return path.split('.').pop() ?? path;
}

function describeEdits(edits: Edit[]): string {
  const shown = edits.slice(0, 3).map((edit) => edit.text).join(', ');
  return edits.length > 3 ? `${shown} and ${edits.length - 3} more` : shown;
}

interface Mismatch {
  name: string;
  text: string;
}

function compareRoot(pkg: PackageJson, root: RootEntry, manager: Manager): Mismatch[] {
  if (root.kind === 'unknown') return [];
  const mismatches: Mismatch[] = [];
  for (const section of RECORDED_SECTIONS[manager]) {
    const wanted = (pkg[section as keyof PackageJson] ?? {}) as Record<string, string>;
    if (root.kind === 'keys') {
      for (const [name, range] of Object.entries(wanted)) {
        if (!root.has(name, range)) mismatches.push({ name, text: `${name}@${range} (${section}) has no entry in the lockfile` });
      }
      continue;
    }
    const locked = root.ranges[section] ?? {};
    for (const [name, range] of Object.entries(wanted)) {
      if (!Object.hasOwn(locked, name)) mismatches.push({ name, text: `${name} ${range} (${section}) is missing from the lockfile` });
      else if (locked[name] !== range) mismatches.push({ name, text: `${name} is ${range} in package.json but ${locked[name]} in the lockfile` });
    }
    for (const name of Object.keys(locked)) {
      if (!Object.hasOwn(wanted, name)) mismatches.push({ name, text: `${name} (${section}) is in the lockfile but no longer in package.json` });
    }
  }
  return mismatches;
}

async function checkEntries(file: ChangedFile): Promise<Finding[]> {
  const text = await file.content();
  if (text === null) return [];
  const missing = missingEntries(parseJsonLock(text, file.path));
  const findings: Finding[] = missing.slice(0, MAX_MISSING_REPORTED).map((entry) => ({
    kind: 'missing-entry',
    severity: entry.peer ? 'warn' : 'error',
    file: file.path,
    line: lineOf(text, entry.from),
    message: `${file.path} locks ${entry.from.replace(/^.*node_modules\//, '')} (${entry.from}) but has no entry for its ${entry.peer ? 'peer ' : ''}dependency ${entry.name}@${entry.range}: npm ci installs exactly the lockfile, so Node throws Cannot find module '${entry.name}' at runtime (incident 4).`,
    hint: `Regenerate the lockfile with a clean \`npm install\` and resolve the peer-dependency conflict instead of --force / --legacy-peer-deps, then commit ${file.path}.`,
  }));
  if (missing.length > MAX_MISSING_REPORTED) {
    findings.push({
      kind: 'missing-entry',
      file: file.path,
      message: `${file.path} misses ${missing.length - MAX_MISSING_REPORTED} more dependency entries beyond those listed.`,
      hint: 'Regenerate the lockfile with a clean `npm install`, then commit it.',
    });
  }
  return findings;
}

/** 1-based line of the first `"name":` key in a JSON text (for pointing at a dependency). */
function lineOf(text: string, name: string): number | undefined {
  const needle = `${JSON.stringify(name)}:`;
  const lines = text.split('\n');
  const index = lines.findIndex((line) => line.replace(/\s+/g, '').startsWith(needle.replace(/\s+/g, '')));
  return index < 0 ? undefined : index + 1;
}
