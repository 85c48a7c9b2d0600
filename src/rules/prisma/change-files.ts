// Which changed files belong to a Prisma project, and the schema's old and new contents.
import path from 'node:path';
import type { ChangedFile, ChangeSet } from '../../changeset.js';
import type { GitReader } from '../../git/reader.js';
import type { PrismaProject } from './projects.js';
import type { SchemaFile } from './schema-text.js';

const PRISMA_FILE = /(\.prisma|(^|\/)migration\.sql|(^|\/)migration_lock\.toml|(^|\/)(prisma\.config|\.config\/prisma)\.[cm]?[jt]s)$/;

/**
 * Does this change touch anything the Prisma rules look at? Paths first; a package.json counts only
 * when its `prisma` key (which can place the schema) changed.
 */
export async function touchesPrisma(files: readonly ChangedFile[]): Promise<boolean> {
  if (files.some((file) => PRISMA_FILE.test(file.path) || (file.oldPath !== undefined && PRISMA_FILE.test(file.oldPath)))) return true;
  for (const file of files) {
    if (path.posix.basename(file.path) !== 'package.json') continue;
    const [before, after] = await Promise.all([file.oldContent(), file.content()]);
    if (prismaKey(before) !== prismaKey(after)) return true;
  }
  return false;
}

function prismaKey(text: string | null): string | undefined {
  if (!text?.includes('"prisma"')) return undefined;
  try {
    return JSON.stringify((JSON.parse(text) as { prisma?: unknown }).prisma);
  } catch {
    return undefined;
  }
}

export function isUnder(file: string | undefined, dir: string): boolean {
  return file !== undefined && (dir === '' || file.startsWith(`${dir}/`));
}

export function inSchema(project: PrismaProject, file: string | undefined): boolean {
  if (file === undefined) return false;
  return project.isFolder ? isUnder(file, project.schemaPath) && file.endsWith('.prisma') : file === project.schemaPath;
}

/** Changed files of the project's schema, in the new tree or (deleted / renamed away) the old one. */
export function schemaChanges(project: PrismaProject, changes: ChangeSet): ChangedFile[] {
  return changes.files.filter((file) => inSchema(project, file.path) || inSchema(project, file.oldPath));
}

/** The schema as it is in the tree being checked. */
export async function newSchema(project: PrismaProject, changes: ChangeSet, git: GitReader): Promise<SchemaFile[]> {
  const changed = new Map(changes.files.map((file) => [file.path, file]));
  const files = await Promise.all(
    project.schemaFiles.map(async (file) => ({
      path: file,
      content: (await (changed.get(file)?.content() ?? git.readFile(changes.head, file))) ?? '',
    })),
  );
  return files;
}

/** The schema as it was at the base; undefined when there was none. */
export async function oldSchema(project: PrismaProject, changes: ChangeSet, git: GitReader): Promise<SchemaFile[] | undefined> {
  const changed = new Map(changes.files.map((file) => [file.path, file]));
  const reads: Promise<SchemaFile | undefined>[] = [];
  for (const file of project.schemaFiles) {
    const change = changed.get(file);
    if (!change) reads.push(read(file, git.readFile(changes.head, file)));
    else if (change.status === 'renamed' && change.oldPath) reads.push(read(change.oldPath, change.oldContent()));
    else if (change.status !== 'added' && change.status !== 'copied') reads.push(read(file, change.oldContent()));
  }
  for (const change of changes.files) {
    const goneFromSchema = change.status === 'deleted' ? inSchema(project, change.path) : change.status === 'renamed' && inSchema(project, change.oldPath) && !inSchema(project, change.path);
    if (goneFromSchema) reads.push(read(change.oldPath ?? change.path, change.oldContent()));
  }
  const files = (await Promise.all(reads)).filter((file): file is SchemaFile => file !== undefined);
  return files.length ? files : undefined;
}

async function read(file: string, content: Promise<string | null>): Promise<SchemaFile | undefined> {
  const text = await content;
  return text === null ? undefined : { path: file, content: text };
}

export interface NewMigration {
  /** `<timestamp>_<name>` folder name. */
  name: string;
  file: ChangedFile;
}

/** `<migrations>/<name>/migration.sql` files this change adds (non-empty). */
export async function addedMigrations(project: PrismaProject, changes: ChangeSet): Promise<NewMigration[]> {
  const added: NewMigration[] = [];
  for (const file of changes.files) {
    if (!isMigrationScript(project, file.path)) continue;
    const isNew = file.status === 'added' || file.status === 'copied' || (file.status === 'renamed' && !isMigrationScript(project, file.oldPath));
    if (!isNew || !(await file.content())?.trim()) continue;
    added.push({ name: path.posix.basename(path.posix.dirname(file.path)), file });
  }
  return added;
}

export function isMigrationScript(project: PrismaProject, file: string | undefined): boolean {
  if (!isUnder(file, project.migrationsDir)) return false;
  const relative = file!.slice(project.migrationsDir ? project.migrationsDir.length + 1 : 0);
  return /^[^/]+\/migration\.sql$/.test(relative);
}
