// The config files of one commit's tree, read from git without touching the working tree: the
// config file the search would find there, and every local file it names (relative `extends`,
// imported plugin modules, `$import`s), found by following relative paths written in each file.
import path from 'node:path';
import { ConfigError } from '../errors.js';
import type { GitReader } from '../git/reader.js';
import { EXTENSIONS } from './extends.js';
import { SEARCH_PLACES } from './load.js';

export interface TreeEntry {
  oid: string;
  mode: string;
}

/** Every blob of a commit's tree (symlinks and submodules left out: a config never needs them). */
export async function readTree(git: GitReader, sha: string): Promise<Map<string, TreeEntry>> {
  const result = await git.run(['ls-tree', '-r', '-z', '--full-tree', sha]);
  const entries = new Map<string, TreeEntry>();
  for (const record of result.stdout.toString('utf8').split('\0')) {
    const match = /^(\d+) blob ([0-9a-f]+)\t(.+)$/s.exec(record);
    if (match && match[1] !== '120000') entries.set(match[3]!, { mode: match[1]!, oid: match[2]! });
  }
  return entries;
}

/**
 * The config file cosmiconfig's project search would pick in this tree, starting at `startDir`
 * (repository-relative, '' for the root) and stopping at the nearest package.json.
 */
export async function findTreeConfig(git: GitReader, tree: Map<string, TreeEntry>, startDir: string): Promise<string | undefined> {
  for (let dir = startDir; ; dir = parent(dir)) {
    for (const place of SEARCH_PLACES) {
      const file = join(dir, place);
      const entry = tree.get(file);
      if (!entry) continue;
      const text = (await git.readText(entry.oid)) ?? '';
      if (place === 'package.json' ? packageConfig(text) !== undefined : text.trim() !== '') return file;
    }
    if (tree.has(join(dir, 'package.json')) || dir === '') return undefined;
  }
}

const MAX_FILES = 200;
const SCANNED = /\.(?:[cm]?[jt]s|json|ya?ml)$|(?:^|\/)\.shipguardrc$/;
/** `./x` or `../x` written in a file: quoted (JS, JSON) or bare (YAML lists). */
const RELATIVE_PATH = /(?:^|[\s'"`([,:])(\.\.?\/[^\s'"`)\],]+)/gm;

/**
 * The entry file, the local files it names (recursively), and the package.json files above them
 * (a `.js` file is ESM or CommonJS by the nearest package.json's "type").
 */
export async function configFiles(git: GitReader, tree: Map<string, TreeEntry>, entry: string): Promise<string[]> {
  const found = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    if (!SCANNED.test(file)) continue;
    const text = (await git.readText(tree.get(file)!.oid)) ?? '';
    for (const match of text.matchAll(RELATIVE_PATH)) {
      for (const candidate of candidates(path.posix.join(parent(file), match[1]!))) {
        if (found.has(candidate) || !tree.has(candidate)) continue;
        if (found.size >= MAX_FILES) throw new ConfigError(entry, `names more than ${MAX_FILES} local files; --config-from reads at most that many`);
        found.add(candidate);
        queue.push(candidate);
      }
    }
  }
  for (const file of [...found]) {
    for (let dir = parent(file); ; dir = parent(dir)) {
      if (tree.has(join(dir, 'package.json'))) found.add(join(dir, 'package.json'));
      if (dir === '') break;
    }
  }
  return [...found].sort();
}

/** What a relative specifier may name: the file, with an extension, an index file, or .ts for .js. */
function candidates(target: string): string[] {
  if (target.startsWith('../') || target === '..') return []; // outside the repository
  const typescript = target.replace(/\.([cm]?)js$/, '.$1ts');
  return [target, typescript, ...EXTENSIONS.map((extension) => target + extension), ...EXTENSIONS.map((extension) => `${target}/index${extension}`)];
}

/** The `shipguard` key of a package.json text (undefined when absent or unparsable). */
export function packageConfig(text: string): unknown {
  try {
    return (JSON.parse(text) as Record<string, unknown>).shipguard;
  } catch {
    return undefined;
  }
}

function parent(file: string): string {
  const dir = path.posix.dirname(file);
  return dir === '.' ? '' : dir;
}

function join(dir: string, file: string): string {
  return dir ? `${dir}/${file}` : file;
}
