// Finds the Prisma projects of a tree the way Prisma 7 resolves them: prisma.config.ts (`schema`,
// `migrations.path`), package.json#prisma.schema, the default `schema.prisma` / `prisma/schema.prisma`,
// and multi-file schema folders. A monorepo has several, each with its own migrations folder.
// Everything is read from the tree being checked (index or commit), never the working tree.
import path from 'node:path';
import type { Revision } from '../changeset.js';
import type { GitReader } from '../git/reader.js';
import type { Finding } from '../types.js';
import { readPrismaConfig } from './prisma-config.js';

export interface PrismaProject {
  /** Project directory ('' for the repository root): where Prisma commands run. */
  root: string;
  /** The file that placed the schema: a prisma.config.*, a package.json, or undefined for the default location. */
  configFile?: string;
  /** Schema file or folder, repository-relative. */
  schemaPath: string;
  isFolder: boolean;
  /** The schema's .prisma files in this tree. */
  schemaFiles: string[];
  migrationsDir: string;
}

export interface Discovery {
  projects: PrismaProject[];
  /** Config values that could not be read statically (reported as warnings). */
  warnings: Finding[];
}

export const CONFIG_FILE = /(^|\/)(prisma\.config|\.config\/prisma)\.(ts|mts|cts|js|mjs|cjs)$/;
const IGNORED_DIR = /(^|\/)node_modules\//;

const discoveries = new WeakMap<GitReader, Map<string, Promise<Discovery>>>();

/** Projects in `revision` (cached per run). */
export function discoverProjects(git: GitReader, revision: Revision): Promise<Discovery> {
  let perRevision = discoveries.get(git);
  if (!perRevision) discoveries.set(git, (perRevision = new Map()));
  const key = revision.kind === 'index' ? 'index' : revision.sha;
  let discovery = perRevision.get(key);
  if (!discovery) {
    discovery = discover(git, revision);
    perRevision.set(key, discovery);
  }
  return discovery;
}

/**
 * What discovery looks at (schemas, configs, package.json files and migrations) and what a project's
 * setup reads (every .sql file, project-setup.ts): one listing for both, never the whole tree.
 */
const PRISMA_PATHSPECS = [
  '**/*.prisma',
  ...['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'].flatMap((ext) => [`**/prisma.config.${ext}`, `**/.config/prisma.${ext}`]),
  '**/package.json',
  '**/*.sql',
  '**/migrations/**',
].map((pattern) => `:(glob)${pattern}`);

const listings = new WeakMap<GitReader, Map<string, Promise<string[]>>>();

/** The files of `revision` that PRISMA_PATHSPECS name: one git process per run and tree. */
export function prismaTreeFiles(git: GitReader, revision: Revision): Promise<string[]> {
  let perRevision = listings.get(git);
  if (!perRevision) listings.set(git, (perRevision = new Map()));
  const key = revision.kind === 'index' ? 'index' : revision.sha;
  let files = perRevision.get(key);
  if (!files) {
    files = git.listMatching(revision, PRISMA_PATHSPECS);
    perRevision.set(key, files);
  }
  return files;
}

/** SQL files discovery itself reads: `migration.sql` anywhere and files in a `migrations/` folder. */
const DISCOVERY_SQL = /(^|\/)(migration\.sql$|migrations\/)/;

async function discover(git: GitReader, revision: Revision): Promise<Discovery> {
  const files = (await prismaTreeFiles(git, revision)).filter((file) => !IGNORED_DIR.test(file) && (!file.endsWith('.sql') || DISCOVERY_SQL.test(file)));
  const prismaFiles = files.filter((file) => file.endsWith('.prisma'));
  const warnings: Finding[] = [];
  if (!prismaFiles.length) return { projects: [], warnings };
  const fileSet = new Set(files);
  const projects: PrismaProject[] = [];
  const roots = new Set<string>();

  for (const configFile of files.filter((file) => CONFIG_FILE.test(file))) {
    const root = configRoot(configFile);
    const text = (await git.readFile(revision, configFile)) ?? '';
    const config = await readPrismaConfig(configFile, text);
    if (config.syntaxError) {
      warnings.push({
        kind: 'config-unreadable',
        severity: 'warn',
        file: configFile,
        message: `Could not parse ${config.syntaxError}: its \`schema\` and \`migrations\` settings were not read; using Prisma's default location instead.`,
        hint: 'Fix the syntax error (Prisma cannot load this file either); shipguard reads the file once it parses.',
      });
    }
    for (const key of config.unreadable) {
      warnings.push({
        kind: 'config-unreadable',
        severity: 'warn',
        file: configFile,
        message: `Could not read \`${key}\` in ${configFile} without running it (it is not a literal path); using Prisma's default location instead.`,
        hint: `Write \`${key}\` as a string literal (e.g. '${key === 'schema' ? 'prisma/schema.prisma' : 'prisma/migrations'}') so shipguard finds the same files Prisma does.`,
      });
    }
    const dir = path.posix.dirname(configFile) === '.' ? '' : path.posix.dirname(configFile);
    const schemaPath = config.schema !== undefined ? join(dir, config.schema) : defaultSchema(root, fileSet, prismaFiles);
    const migrationsDir = config.migrations !== undefined ? join(dir, config.migrations) : undefined;
    addProject(projects, roots, { root, configFile, schemaPath, migrationsDir }, files, prismaFiles);
  }

  for (const packageFile of packageJsonCandidates(prismaFiles, fileSet, roots)) {
    const root = dirOf(packageFile);
    const schema = await packagePrismaSchema(git, revision, packageFile);
    if (schema === undefined) continue;
    addProject(projects, roots, { root, configFile: packageFile, schemaPath: join(root, schema) }, files, prismaFiles);
  }

  let claimed = new Set(projects.flatMap((project) => project.schemaFiles));
  for (const root of defaultRoots(prismaFiles.filter((file) => !claimed.has(file)))) {
    if (roots.has(root)) continue;
    addProject(projects, roots, { root, schemaPath: defaultSchema(root, fileSet, prismaFiles) }, files, prismaFiles);
  }
  // A single-file schema elsewhere (used with `--schema` in scripts): with a datasource block it is a
  // project of its own. Files sharing a folder may be one multi-file schema: not guessed.
  claimed = new Set(projects.flatMap((project) => project.schemaFiles));
  const alone = (file: string) => prismaFiles.filter((other) => dirOf(other) === dirOf(file)).length === 1;
  for (const file of prismaFiles.filter((candidate) => !claimed.has(candidate) && alone(candidate))) {
    if (/^[ \t]*datasource[ \t]+\w+[ \t]*\{/m.test((await git.readFile(revision, file)) ?? '')) {
      addProject(projects, roots, { root: dirOf(file), schemaPath: file }, files, prismaFiles);
    }
  }
  return { projects: projects.filter((project) => project.schemaFiles.length), warnings };
}

interface Placement {
  root: string;
  configFile?: string;
  schemaPath?: string;
  migrationsDir?: string;
}

function addProject(projects: PrismaProject[], roots: Set<string>, placement: Placement, files: string[], prismaFiles: string[]): void {
  const { root, configFile, schemaPath } = placement;
  roots.add(root);
  if (!schemaPath) return;
  const folderFiles = prismaFiles.filter((file) => file.startsWith(`${schemaPath}/`));
  const isFolder = !prismaFiles.includes(schemaPath) && folderFiles.length > 0;
  const schemaFiles = isFolder ? folderFiles : prismaFiles.includes(schemaPath) ? [schemaPath] : [];
  const migrationsDir = placement.migrationsDir ?? defaultMigrationsDir(isFolder ? schemaPath : dirOf(schemaPath), isFolder, files);
  projects.push({ root, configFile, schemaPath, isFolder, schemaFiles, migrationsDir });
}

/**
 * Prisma 7: `migrations` beside the schema file, or inside the schema folder. Prisma 6 folder schemas
 * often keep them one level up (`prisma/migrations` beside `prisma/schema/`): used when that is where they are.
 */
function defaultMigrationsDir(schemaRoot: string, isFolder: boolean, files: string[]): string {
  const inside = join(schemaRoot, 'migrations');
  if (!isFolder) return inside;
  const beside = join(dirOf(schemaRoot), 'migrations');
  const has = (dir: string) => files.some((file) => file.startsWith(`${dir}/`));
  return !has(inside) && has(beside) ? beside : inside;
}

/** `schema.prisma`, `prisma/schema.prisma`, then a `prisma/schema/` folder (Prisma 6 multi-file layout). */
function defaultSchema(root: string, fileSet: Set<string>, prismaFiles: string[]): string | undefined {
  for (const candidate of ['schema.prisma', 'prisma/schema.prisma']) {
    if (fileSet.has(join(root, candidate))) return join(root, candidate);
  }
  const folder = join(root, 'prisma/schema');
  return prismaFiles.some((file) => file.startsWith(`${folder}/`)) ? folder : undefined;
}

/** Roots implied by schemas in default locations: `<root>/schema.prisma`, `<root>/prisma/schema.prisma`, `<root>/prisma/schema/*.prisma`. */
function defaultRoots(prismaFiles: string[]): Set<string> {
  const roots = new Set<string>();
  for (const file of prismaFiles) {
    const folderRoot = schemaFolderRoot(file);
    if (folderRoot !== undefined) {
      roots.add(folderRoot);
      continue;
    }
    if (path.posix.basename(file) !== 'schema.prisma') continue;
    const dir = dirOf(file);
    roots.add(path.posix.basename(dir) === 'prisma' ? dirOf(dir) : dir);
  }
  return roots;
}

/**
 * `<root>/prisma/schema/<name>.prisma` -> `<root>` ('' at the top), the last such folder in the path.
 * String search: the regex it replaces backtracked over every `/` (quadratic on a long path).
 */
function schemaFolderRoot(file: string): string | undefined {
  const marker = 'prisma/schema/';
  if (!file.endsWith('.prisma')) return undefined;
  for (let at = file.lastIndexOf(marker); at !== -1; at = at > 0 ? file.lastIndexOf(marker, at - 1) : -1) {
    const named = file.length - at - marker.length > '.prisma'.length;
    if (named && (at === 0 || file[at - 1] === '/')) return at === 0 ? '' : file.slice(0, at - 1);
  }
  return undefined;
}

/** package.json files in the directories above .prisma files that are not already a project. */
function packageJsonCandidates(prismaFiles: string[], fileSet: Set<string>, roots: Set<string>): string[] {
  const candidates = new Set<string>();
  for (const file of prismaFiles) {
    for (let dir = dirOf(file); ; dir = dirOf(dir)) {
      const packageFile = join(dir, 'package.json');
      if (!roots.has(dir) && fileSet.has(packageFile)) candidates.add(packageFile);
      if (dir === '') break;
    }
  }
  return [...candidates];
}

async function packagePrismaSchema(git: GitReader, revision: Revision, packageFile: string): Promise<string | undefined> {
  const text = await git.readFile(revision, packageFile);
  if (!text?.includes('"prisma"')) return undefined;
  try {
    const schema = (JSON.parse(text) as { prisma?: { schema?: unknown } }).prisma?.schema;
    return typeof schema === 'string' ? path.posix.normalize(schema) : undefined;
  } catch {
    return undefined; // an invalid package.json is other tools' business
  }
}

function configRoot(configFile: string): string {
  const dir = dirOf(configFile);
  return path.posix.basename(dir) === '.config' ? dirOf(dir) : dir;
}

function dirOf(file: string): string {
  const dir = path.posix.dirname(file);
  return dir === '.' ? '' : dir;
}

function join(dir: string, relative: string): string {
  const joined = path.posix.normalize(path.posix.join(dir || '.', relative));
  return joined === '.' ? '' : joined.replace(/\/$/, '');
}

/** The project a source file belongs to: the deepest project root above it, or the only project. */
export function projectFor(projects: readonly PrismaProject[], file: string): PrismaProject | undefined {
  let best: PrismaProject | undefined;
  for (const project of projects) {
    const inside = project.root === '' || file.startsWith(`${project.root}/`);
    if (inside && (!best || project.root.length > best.root.length)) best = project;
  }
  return best ?? (projects.length === 1 ? projects[0] : undefined);
}
