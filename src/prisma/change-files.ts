// Which changed files belong to a Prisma project, and the schema's old and new contents.
import path from 'node:path';
import type { ChangedFile, ChangeSet } from '../changeset.js';
import type { GitReader } from '../git/reader.js';
import { isMigrationFile, migrationName, type MigrationDir } from './project-setup.js';
import type { PrismaProject } from './projects.js';
import type { SchemaFile } from './schema-text.js';

const PRISMA_FILE = /(\.prisma|(^|\/)migration\.sql|(^|\/)migration_lock\.toml|(^|\/)(prisma\.config|\.config\/prisma)\.[cm]?[jt]s)$/;
/** SQL in a migrations-looking folder (a project's own migration runner). */
const CUSTOM_MIGRATION = /(^|\/)[._-]?(?:prisma[._-]?|db[._-]?)?migrations?\/(?:[^/]+\/)?[^/]+\.sql$/i;

/**
 * Does this change touch anything the Prisma rules look at? Paths first; a package.json counts only
 * when its `prisma` key (which can place the schema) changed. With `migrationFolders` (the migration
 * rule), SQL in any migrations-looking folder and in those folders counts too.
 */
export async function touchesPrisma(files: readonly ChangedFile[], migrationFolders?: readonly string[]): Promise<boolean> {
  const custom = (file: string) => migrationFolders !== undefined && (CUSTOM_MIGRATION.test(file) || migrationFolders.some((dir) => file.startsWith(`${dir.replace(/\/$/, '')}/`)));
  const relevant = (file: string | undefined) => file !== undefined && (PRISMA_FILE.test(file) || custom(file));
  if (files.some((file) => relevant(file.path) || relevant(file.oldPath))) return true;
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

/** The schema as it is in the tree being checked (a binary file marked, so it is reported, not read as empty). */
export async function newSchema(project: PrismaProject, changes: ChangeSet, git: GitReader): Promise<SchemaFile[]> {
  const changed = new Map(changes.files.map((file) => [file.path, file]));
  const files = await Promise.all(
    project.schemaFiles.map(async (file) => {
      const text = await (changed.get(file)?.content() ?? git.readFile(changes.head, file));
      return text === null ? { path: file, content: '', binary: true } : { path: file, content: text };
    }),
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

export interface ChangedMigration {
  /** `<timestamp>_<name>` folder name, or the file name in a flat folder. */
  name: string;
  dir: MigrationDir;
  file: ChangedFile;
  /** New in this change (else an existing migration edited, or renamed with edits). */
  added: boolean;
}

/** Migration files this change adds (non-empty) or whose SQL it changes, in any of the project's folders. */
export async function changedMigrations(dirs: readonly MigrationDir[], changes: ChangeSet): Promise<ChangedMigration[]> {
  const found: ChangedMigration[] = [];
  for (const file of changes.files) {
    const dir = dirs.find((candidate) => isMigrationFile(candidate, file.path));
    if (!dir || file.status === 'deleted') continue;
    const wasMigration = file.oldPath !== undefined && dirs.some((candidate) => isMigrationFile(candidate, file.oldPath));
    const added = file.status === 'added' || file.status === 'copied' || (file.status === 'renamed' && !wasMigration);
    const content = await file.content();
    if (!content?.trim()) continue;
    if (!added && content === (await file.oldContent())) continue; // a pure rename carries no new SQL
    found.push({ name: migrationName(dir, file.path), dir, file, added });
  }
  return found;
}

export function isMigrationScript(dirs: readonly MigrationDir[], file: string | undefined): boolean {
  return dirs.some((dir) => isMigrationFile(dir, file));
}
