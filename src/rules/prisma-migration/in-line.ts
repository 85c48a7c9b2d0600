// A schema change with no migration may only bring the schema back in line with the migrations that
// exist: a revert, or "fix the schema to match the migration". The migrations' end state cannot be
// computed offline (the schema engine replays them on a shadow database), so two sound-in-practice
// tests against the last commit that changed the migrations (L):
//   1. the new schema is the schema as of L (the rule held at L, so migrations and schema matched);
//   2. L changed migrations without changing the schema (the migration ran ahead of the schema) and
//      its DDL defines every index and key this change touches the same way (names, columns). Only
//      indexes and keys: whether a column's or an enum's definition agrees cannot be read from DDL.
import type { ChangeSet } from '../../changeset.js';
import type { RuleContext } from '../../types.js';
import { changedMigrations, schemaChanges } from '../../prisma/change-files.js';
import { definedIn, type DbObject } from './db-objects.js';
import type { ProjectSetup } from '../../prisma/project-setup.js';
import { discoverProjects, type PrismaProject } from '../../prisma/projects.js';
import { schemaWithoutLayout, type SchemaFile } from '../../prisma/schema-text.js';
import { sqlTargets } from './sql-statements.js';

export interface InLine {
  /** Why no migration is needed, for notes. */
  reason: string;
}

/** Does `after` need no migration because the existing migrations already describe it? */
export async function inLineWithMigrations(
  context: RuleContext<unknown>,
  project: PrismaProject,
  setup: ProjectSetup,
  change: { before: SchemaFile[] | undefined; after: SchemaFile[] },
  needed: DbObject[],
  sameDatabase: (before: SchemaFile[], after: SchemaFile[]) => Promise<boolean>,
): Promise<InLine | undefined> {
  const { before, after } = change;
  const dirs = setup.dirs.map((dir) => dir.path).filter(Boolean);
  const [last, parent] = (await lastMigrationCommit(context, setup)) ?? [];
  if (!last) return undefined;
  const short = last.slice(0, 12);
  // Usually the schema has not changed since L: then the answer is the one the caller already has.
  const unchanged = before && (await sameText(context, last, before));
  const then = unchanged ? undefined : await schemaAt(context, project, last);
  if (then && (await sameDatabase(then, after))) {
    return { reason: `the schema is back to what it was in ${short}, the last commit that changed ${dirs.join(', ')}` };
  }
  const ahead = needed.every((object) => object.kind === 'index' || object.kind === 'constraint') && (await migrationsAhead(context, project, setup, last, parent));
  if (ahead && definedIn(needed, sqlTargets(ahead.sql))) {
    return { reason: `${ahead.names.join(', ')}, changed in ${short} without a schema change, already make${ahead.names.length === 1 ? 's' : ''} these changes` };
  }
  return undefined;
}

const lastCommits = new WeakMap<object, Map<string, Promise<string[] | undefined>>>();

/**
 * The last commit at or before the base that changed the project's migration folders, with its
 * parent. Cached per change, so the rule can start it early, while the schema engine loads.
 */
export function lastMigrationCommit(context: RuleContext<unknown>, setup: ProjectSetup): Promise<string[] | undefined> {
  const base = context.changes.base;
  const dirs = setup.dirs.map((dir) => dir.path).filter(Boolean);
  if (!base || !dirs.length) return Promise.resolve(undefined);
  let perChange = lastCommits.get(context.changes);
  if (!perChange) lastCommits.set(context.changes, (perChange = new Map()));
  const cacheKey = dirs.join('\0');
  let found = perChange.get(cacheKey);
  if (!found) {
    found = context.git.lastCommitTouching(base, dirs).catch(() => undefined); // no answer: no in-line pass, the finding stands
    perChange.set(cacheKey, found);
  }
  return found;
}

/** Does `commit` hold the same schema text (comments and layout aside) at the paths of `files`? */
async function sameText(context: RuleContext<unknown>, commit: string, files: SchemaFile[]): Promise<boolean> {
  const revision = { kind: 'commit' as const, sha: commit };
  const then = await Promise.all(files.map(async (file) => ({ path: file.path, content: (await context.git.readFile(revision, file.path)) ?? '' })));
  return schemaWithoutLayout(then) === schemaWithoutLayout(files);
}

/** The project's schema files as of `commit`, or undefined when it had none there. */
async function schemaAt(context: RuleContext<unknown>, project: PrismaProject, commit: string): Promise<SchemaFile[] | undefined> {
  const revision = { kind: 'commit' as const, sha: commit };
  const then = (await discoverProjects(context.git, revision)).projects.find((candidate) => candidate.schemaPath === project.schemaPath);
  if (!then) return undefined;
  const files = await Promise.all(then.schemaFiles.map(async (file) => ({ path: file, content: (await context.git.readFile(revision, file)) ?? '' })));
  return files.length ? files : undefined;
}

/** The migration SQL commit `last` added or changed, when it left the schema alone. */
async function migrationsAhead(
  context: RuleContext<unknown>,
  project: PrismaProject,
  setup: ProjectSetup,
  last: string,
  parent: string | undefined,
): Promise<{ names: string[]; sql: string[] } | undefined> {
  const files = await context.git.diff(parent, last);
  const changes: ChangeSet = { base: parent, head: { kind: 'commit', sha: last }, files };
  if (schemaChanges(project, changes).length) return undefined;
  const migrations = await changedMigrations(setup.dirs, changes);
  if (!migrations.length) return undefined;
  const sql = await Promise.all(migrations.map(async (migration) => (await migration.file.content()) ?? ''));
  return { names: migrations.map((migration) => migration.name), sql };
}
