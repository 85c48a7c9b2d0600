// `ci --config-from <ref>`: the rules come from a trusted ref (the pull request's base), never from
// the working tree the pull request controls. The ref's config file and the local files it names
// are written under `<git dir>/shipguard/config-from/<sha>/` (private: 0700 directories, 0600
// files) and loaded from there; npm packages still resolve from the project's node_modules, linked
// in at the same places.
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, renameSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ShipguardError, UsageError } from '../errors.js';
import type { GitReader } from '../git/reader.js';
import { displayPath } from '../paths.js';
import type { ResolvedConfig, Rule } from '../types.js';
import { DEFAULT_PRESET, resolveConfig } from './resolve.js';
import { configFiles, findTreeConfig, packageConfig, readTree, type TreeEntry } from './tree-files.js';

export interface ConfigFromRefOptions {
  git: GitReader;
  /** The trusted ref, as the user wrote it (`origin/main`). */
  ref: string;
  /** The checked ref (`--head`), compared with `ref` for the notice. */
  head: string;
  cwd: string;
  /** `--config <file>`: that path, read from the ref's tree. */
  configPath?: string;
  builtinRules: readonly Rule[];
}

export async function configFromRef(options: ConfigFromRefOptions): Promise<{ config: ResolvedConfig; notices: string[] }> {
  const { git, ref } = options;
  const sha = await git.resolveCommit(ref);
  if (!sha) {
    const shallow = git.repo.shallow ? ' (a shallow clone: fetch it, e.g. actions/checkout with fetch-depth: 0)' : '';
    throw new UsageError(`--config-from "${ref}" is not a commit in this repository${shallow}`);
  }
  const startDir = toTreePath(path.relative(git.root, options.cwd));
  const tree = await readTree(git, sha);
  const entry = await entryFile(git, tree, startDir, options, ref);
  const files = entry ? await configFiles(git, tree, entry) : [];
  const base = path.join(git.repo.gitDir, 'shipguard', 'config-from', sha);
  await materialise(git, tree, files, base);
  linkNodeModules(files, base, git.root);
  linkOwnPackages(files, base, git.root);
  try {
    const configPath = entry ? path.join(base, entry) : DEFAULT_PRESET;
    const config = await resolveConfig({ cwd: options.cwd, root: git.root, builtinRules: options.builtinRules, configPath });
    return { config, notices: await differences(git, options, entry, files, tree) };
  } catch (error) {
    // Name files as `<ref>:<path>`, the way git does, not by their private copy.
    if (error instanceof ShipguardError) {
      for (const form of [displayPath(base, git.root), base]) error.message = error.message.split(`${form}/`).join(`${ref}:`);
    }
    throw error;
  }
}

async function entryFile(git: GitReader, tree: Map<string, TreeEntry>, startDir: string, options: ConfigFromRefOptions, ref: string) {
  if (!options.configPath) return findTreeConfig(git, tree, startDir);
  const file = toTreePath(path.relative(git.root, path.resolve(options.cwd, options.configPath)));
  if (!tree.has(file)) throw new UsageError(`--config ${options.configPath}: ${ref}:${file} does not exist`);
  return file;
}

/** Writes each file atomically (same bytes for the same commit, so concurrent runs agree). */
async function materialise(git: GitReader, tree: Map<string, TreeEntry>, files: string[], base: string): Promise<void> {
  mkdirSync(base, { recursive: true, mode: 0o700 });
  chmodSync(path.dirname(base), 0o700); // config-from/: private even if an older run made it wider
  for (const file of files) {
    const target = path.join(base, file);
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    const temporary = `${target}.${process.pid}.tmp`;
    const content = (await git.readBlob(tree.get(file)!.oid)) ?? '';
    writeFileSync(temporary, path.posix.basename(file) === 'package.json' ? formatOnly(content.toString('utf8')) : content, { mode: 0o600 });
    renameSync(temporary, target);
  }
}

/**
 * A package.json copy keeps what decides how files load ("type") and the `shipguard` key. Without
 * `name`/`exports`, a package importing itself by name resolves through node_modules (below) to the
 * installed package, not to build output the copy does not have.
 */
function formatOnly(text: string): string {
  try {
    const { type, shipguard } = JSON.parse(text) as Record<string, unknown>;
    return JSON.stringify({ type, shipguard });
  } catch {
    return '{}';
  }
}

/** `config-from/node_modules/<name>` -> the working tree's package: a config may import its own package. */
function linkOwnPackages(files: string[], base: string, root: string): void {
  for (const file of files.filter((name) => path.posix.basename(name) === 'package.json')) {
    let name: unknown;
    try {
      name = (JSON.parse(readFileSync(path.join(root, file), 'utf8')) as { name?: unknown }).name;
    } catch {
      continue; // no such package.json in the working tree
    }
    if (typeof name !== 'string' || !/^(@[\w.-]+\/)?[\w.-]+$/.test(name)) continue;
    ensureLink(path.join(root, path.dirname(file)), path.join(path.dirname(base), 'node_modules', name));
  }
}

function ensureLink(target: string, link: string): void {
  const existing = lstatSync(link, { throwIfNoEntry: false });
  if (existing && !existing.isSymbolicLink()) return; // the ref itself has files there
  if (existing) {
    if (readlinkSync(link) === target) return;
    unlinkSync(link);
  }
  mkdirSync(path.dirname(link), { recursive: true, mode: 0o700 });
  symlinkSync(target, link, 'junction');
}

/** `<copy>/<dir>/node_modules` -> `<working tree>/<dir>/node_modules`, wherever the project has one. */
function linkNodeModules(files: string[], base: string, root: string): void {
  const dirs = new Set(['']);
  for (const file of files) for (let dir = path.posix.dirname(file); dir !== '.'; dir = path.posix.dirname(dir)) dirs.add(dir);
  for (const dir of dirs) {
    const target = path.join(root, dir, 'node_modules');
    if (existsSync(target)) ensureLink(target, path.join(base, dir, 'node_modules'));
  }
}

/** A loud notice when the head's config files differ from the ref's (the head's are not used). */
async function differences(git: GitReader, options: ConfigFromRefOptions, entry: string | undefined, files: string[], tree: Map<string, TreeEntry>) {
  const headSha = await git.resolveCommit(options.head);
  if (!headSha) return [];
  const headTree = await readTree(git, headSha);
  const headEntry = options.configPath ? (headTree.has(entry ?? '') ? entry : undefined) : await findTreeConfig(git, headTree, toTreePath(path.relative(git.root, options.cwd)));
  let headFiles: string[];
  try {
    headFiles = headEntry ? await configFiles(git, headTree, headEntry) : [];
  } catch {
    return [`the shipguard config at ${options.head} differs from ${options.ref} (it names too many files to compare): checked with the config from ${options.ref}.`];
  }
  const identity = async (file: string, source: Map<string, TreeEntry>, configEntry: string | undefined) => {
    const blob = source.get(file);
    if (!blob) return undefined;
    // A package.json counts by its `shipguard` key (as the entry) or not at all: a version bump is no config change.
    if (file.endsWith('package.json')) return file === configEntry ? JSON.stringify(packageConfig((await git.readText(blob.oid)) ?? '')) : '';
    return blob.oid;
  };
  const changed: string[] = [];
  for (const file of new Set([...files, ...headFiles])) {
    const [before, after] = await Promise.all([identity(file, tree, entry), identity(file, headTree, headEntry)]);
    if (before === after) continue;
    changed.push(`${file} ${before === undefined ? 'added' : after === undefined ? 'removed' : 'changed'}`);
  }
  if (!changed.length) return [];
  const list = changed.slice(0, 5).join(', ') + (changed.length > 5 ? `, and ${changed.length - 5} more` : '');
  return [`the shipguard config at ${options.head} differs from ${options.ref} (${list}): checked with the config from ${options.ref}; the change takes effect once merged.`];
}

function toTreePath(relative: string): string {
  return relative.split(path.sep).join('/');
}
