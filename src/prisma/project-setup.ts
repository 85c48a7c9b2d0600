// How a project manages its database: with migrations (in Prisma's folder, or a folder of its own
// that its own runner applies) or with `prisma db push` (no migration files at all). Configured per
// schema, or in `auto` read from the tree: migration files present, package.json scripts.
import path from 'node:path';
import type { Revision } from '../changeset.js';
import type { GitReader } from '../git/reader.js';
import { prismaTreeFiles, type PrismaProject } from './projects.js';

export type Mode = 'migrate' | 'push' | 'auto';

export interface ProjectOptions {
  mode?: Mode;
  /** Folders (repository-relative) that hold this schema's migrations. */
  migrations?: string[];
}

export interface MigrationDir {
  path: string;
  /** `prisma`: `<dir>/<timestamp>_<name>/migration.sql`; `custom`: any `.sql` one or two levels down. */
  layout: 'prisma' | 'custom';
}

export interface ProjectSetup {
  mode: 'migrate' | 'push';
  /** Why this mode, for notes and hints. */
  reason: string;
  dirs: MigrationDir[];
  /** The tree has migration files in those folders. */
  hasMigrations: boolean;
}

/** `migration`, `migrations`, `.prisma-migrations`, `prisma_migrations`, `db-migrations`: a migrations-looking folder. */
const MIGRATIONS_DIR = /^[._-]?(?:prisma[._-]?|db[._-]?)?migrations?$/i;
const IGNORED = /(^|\/)node_modules\//;

export async function projectSetup(
  project: PrismaProject,
  options: { mode: Mode; projects: Record<string, ProjectOptions> },
  git: GitReader,
  revision: Revision,
): Promise<ProjectSetup> {
  const own = projectOptions(project, options.projects);
  const mode = own?.mode ?? options.mode;
  const files = await setupFiles(git, revision);
  const prismaDir: MigrationDir = { path: project.migrationsDir, layout: 'prisma' };
  // In auto, a project whose Prisma folder holds no migrations may keep them in a folder of its own.
  const prismaHasMigrations = files.some((file) => isMigrationFile(prismaDir, file));
  const dirs = own?.migrations
    ? own.migrations.map((dir) => ({ path: trimSlashes(dir), layout: 'custom' as const }))
    : mode === 'auto' && !prismaHasMigrations
      ? [prismaDir, ...customDirs(project, files)]
      : [prismaDir];
  const migrationFiles = files.filter((file) => dirs.some((dir) => isMigrationFile(dir, file)));
  const hasMigrations = migrationFiles.length > 0;
  if (mode !== 'auto') return { mode, reason: `mode '${mode}' is configured for ${project.schemaPath}`, dirs, hasMigrations };
  if (!hasMigrations) {
    return { mode: 'push', reason: `no migration files for ${project.schemaPath} anywhere in the tree: a \`prisma db push\` project`, dirs, hasMigrations };
  }
  const pushScript = await pushOnlyScript(project, git, revision, files);
  if (pushScript) return { mode: 'push', reason: `${pushScript} runs \`prisma db push\` and no script runs migrations`, dirs, hasMigrations };
  const used = dirs.filter((dir) => migrationFiles.some((file) => isMigrationFile(dir, file))).map((dir) => `${dir.path || '.'}/`);
  return { mode: 'migrate', reason: `migrations in ${used.join(', ')}`, dirs, hasMigrations };
}

/**
 * The tree's SQL and package.json files, what every setup reads (never a listing of the whole tree):
 * from the listing project discovery makes (one git process for both, once per run and tree).
 */
export async function setupFiles(git: GitReader, revision: Revision): Promise<string[]> {
  return (await prismaTreeFiles(git, revision)).filter((file) => file.endsWith('.sql') || path.posix.basename(file) === 'package.json');
}

/** The project's entry of the `projects` option: keyed by schema path or project folder. */
export function projectOptions(project: PrismaProject, projects: Record<string, ProjectOptions>): ProjectOptions | undefined {
  for (const [key, value] of Object.entries(projects)) {
    const wanted = trimSlashes(key);
    if (wanted === project.schemaPath || (wanted === project.root && project.root !== undefined) || (wanted === '.' && project.root === '')) return value;
  }
  return undefined;
}

export function isMigrationFile(dir: MigrationDir, file: string | undefined): boolean {
  if (file === undefined || !file.endsWith('.sql')) return false;
  if (dir.path && !file.startsWith(`${dir.path}/`)) return false;
  const relative = dir.path ? file.slice(dir.path.length + 1) : file;
  if (dir.layout === 'prisma') return /^[^/]+\/migration\.sql$/.test(relative);
  return /^[^/]+(\/[^/]+)?$/.test(relative);
}

/** The migration's name: its folder (`20240101_init`) or its file (`0003_add_users`). */
export function migrationName(dir: MigrationDir, file: string): string {
  const relative = dir.path ? file.slice(dir.path.length + 1) : file;
  return relative.includes('/') ? relative.slice(0, relative.indexOf('/')) : relative.replace(/\.sql$/, '');
}

/** Migrations-looking folders with `.sql` files in the schema's package (its nearest package.json). */
function customDirs(project: PrismaProject, files: string[]): MigrationDir[] {
  const root = packageRoot(project, files);
  const dirs = new Set<string>();
  for (const file of files) {
    if (!file.endsWith('.sql') || IGNORED.test(file) || (root && !file.startsWith(`${root}/`))) continue;
    const parts = (root ? file.slice(root.length + 1) : file).split('/');
    // The folder is one or two levels above the file: <dir>/x.sql or <dir>/<name>/x.sql.
    for (const depth of [parts.length - 2, parts.length - 3]) {
      if (depth >= 0 && MIGRATIONS_DIR.test(parts[depth]!)) {
        dirs.add([root, ...parts.slice(0, depth + 1)].filter(Boolean).join('/'));
        break;
      }
    }
  }
  dirs.delete(project.migrationsDir);
  return [...dirs].sort().map((dir) => ({ path: dir, layout: 'custom' }));
}

function packageRoot(project: PrismaProject, files: string[]): string {
  const fileSet = new Set(files);
  const start = project.isFolder ? project.schemaPath : dirOf(project.schemaPath);
  for (let dir = start; ; dir = dirOf(dir)) {
    if (fileSet.has(dir ? `${dir}/package.json` : 'package.json')) return dir;
    if (!dir || dir === project.root) return project.root;
  }
}

/** The package.json (of the project, its package or the repository) whose scripts push and never migrate. */
async function pushOnlyScript(project: PrismaProject, git: GitReader, revision: Revision, files: string[]): Promise<string | undefined> {
  const candidates = [...new Set([project.root, packageRoot(project, files), ''])].map((dir) => (dir ? `${dir}/package.json` : 'package.json'));
  let pusher: string | undefined;
  for (const file of candidates) {
    for (const [name, command] of Object.entries(await scripts(git, revision, file))) {
      if (/migrat/i.test(name) || /\bmigrate\s+(deploy|dev|reset|resolve)\b/.test(command)) return undefined;
      if (/\bdb\s+push\b/.test(command)) pusher ??= `${file} script "${name}"`;
    }
  }
  return pusher;
}

async function scripts(git: GitReader, revision: Revision, file: string): Promise<Record<string, string>> {
  const text = await git.readFile(revision, file);
  if (!text?.includes('"scripts"')) return {};
  try {
    const value = (JSON.parse(text) as { scripts?: unknown }).scripts;
    if (!value || typeof value !== 'object') return {};
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

function dirOf(file: string): string {
  const dir = path.posix.dirname(file);
  return dir === '.' ? '' : dir;
}

function trimSlashes(value: string): string {
  const normalized = path.posix.normalize(value.replace(/\\/g, '/')).replace(/^\.\/|\/$/g, '');
  return normalized === '.' ? '' : normalized;
}
