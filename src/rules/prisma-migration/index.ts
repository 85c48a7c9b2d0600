// prisma-migration: the schema and its migration travel together, and a migration other environments
// applied is never edited. Incident 3: a migration folder created locally was never committed, four
// tables never existed in production. Incident 4: a String column turned into an enum without one.
import type { Finding, Rule, RuleContext } from '../../types.js';
import { changedMigrations, newSchema, oldSchema, schemaChanges, touchesPrisma, type ChangedMigration } from '../../prisma/change-files.js';
import { describeObject, uncovered, type DbObject } from './db-objects.js';
import { inLineWithMigrations, lastMigrationCommit } from './in-line.js';
import { checkImmutable, checkLockFile } from './immutable.js';
import { compared, invalidSchema, migrationWithoutSchemaChange, missingMigration, incompleteMigration, otherVersion, type Compared } from './migration-findings.js';
import { projectPrisma } from '../../prisma/project-prisma.js';
import { isMigrationFile, projectOptions, projectSetup, type Mode, type ProjectOptions, type ProjectSetup } from '../../prisma/project-setup.js';
import { discoverProjects, type PrismaProject } from '../../prisma/projects.js';
import { checkValidity, decideMigration, type Decision, type Judge } from './schema-diff.js';
import { schemaWithoutLayout, type SchemaFile } from '../../prisma/schema-text.js';
import { sqlTargets } from './sql-statements.js';
import { prismaMigrationMeta, type PrismaMigrationOptions } from './meta.js';

export type { PrismaMigrationOptions } from './meta.js';

export type Context = RuleContext<PrismaMigrationOptions>;

export const prismaMigration: Rule<PrismaMigrationOptions> = {
  meta: prismaMigrationMeta,

  async check(context) {
    const folders = Object.values(context.options.projects).flatMap((project) => project.migrations ?? []);
    if (!(await touchesPrisma(context.changes.files, folders))) return [];
    const discovery = await discoverProjects(context.git, context.changes.head);
    const findings: Finding[] = [...discovery.warnings, ...unmatchedProjects(context, discovery.projects)];
    for (const project of discovery.projects) {
      if (schemaChanges(project, context.changes).length) prefetchJudging(context, project);
      const setup = await projectSetup(project, context.options, context.git, context.changes.head);
      findings.push(...(await checkSchemaAndMigrations(context, project, setup)));
      if (context.options.immutableMigrations) findings.push(...(await checkImmutable(context, setup)));
      findings.push(...(await checkLockFile(context, project)));
    }
    return findings;
  },
};

/**
 * The schemas and which Prisma judges them are read while the setup's git calls run (both are cached:
 * the check asks for them again when it gets there), so that the engine can start sooner.
 */
function prefetchJudging(context: Context, project: PrismaProject): void {
  const ignore = () => {};
  projectPrisma(context.git, context.changes.head, project.root).catch(ignore);
  newSchema(project, context.changes, context.git).catch(ignore);
  oldSchema(project, context.changes, context.git).catch(ignore);
}

/** A `projects` key that names no project in the tree is a typo: said once, as a warning. */
function unmatchedProjects(context: Context, projects: PrismaProject[]): Finding[] {
  return Object.keys(context.options.projects)
    .filter((key) => !projects.some((project) => projectOptions(project, { [key]: {} })))
    .map((key) => ({
      kind: 'config-unmatched',
      severity: 'warn' as const,
      message: `prisma-migration option projects["${key}"] names no Prisma schema or project folder in this tree (schemas: ${projects.map((project) => project.schemaPath).join(', ') || 'none'}).`,
      hint: 'Key `projects` by the schema path (file or folder) or the project folder, relative to the repository root.',
    }));
}

async function checkSchemaAndMigrations(context: Context, project: PrismaProject, setup: ProjectSetup): Promise<Finding[]> {
  const changed = schemaChanges(project, context.changes);
  const migrations = await changedMigrations(setup.dirs, context.changes);
  const added = migrations.filter((migration) => migration.added);
  const baseline = await isFirstMigration(context, setup, added);
  if (!changed.length) return baseline ? [] : migrationWithoutSchemaChange(context, project, added, 'no schema change');
  const after = await newSchema(project, context.changes, context.git);
  const before = await oldSchema(project, context.changes, context.git);
  if (before && schemaWithoutLayout(before) === schemaWithoutLayout(after) && !after.some((file) => file.binary)) {
    context.note(`${project.schemaPath}: only comments or layout changed; no engine loaded.`);
    return baseline ? [] : migrationWithoutSchemaChange(context, project, added, 'a schema change that only touches comments or layout');
  }
  context.note(`${project.schemaPath}: ${setup.mode} mode (${setup.reason}).`);
  // Without a migration the in-line check may need this git call: started now, while the engine loads.
  if (setup.mode === 'migrate' && !migrations.length) void lastMigrationCommit(context, setup);
  context.progress(`prisma-migration: comparing ${project.schemaPath} with the base`);
  const prisma = await projectPrisma(context.git, context.changes.head, project.root);
  const judge: Judge = { prisma, notes: [], commonDir: context.git.repo.commonDir, certainIsEnough: atHook(context) && !migrations.length };
  if (prisma.version) judge.notes.push(`${project.schemaPath}: the project uses Prisma ${prisma.version} (${prisma.versionFrom}).`);
  // A push project needs no migration; its schema must still be one Prisma accepts.
  const decision = setup.mode === 'push' ? await checkValidity(before, after, judge) : await decideMigration(before, after, judge);
  for (const note of judge.notes) context.note(note);
  if (!decision) return [];
  return judgeDecision(context, project, setup, decision, { before, after, migrations, added, baseline, changed });
}

/** A hook is waiting: the engine's SQL as evidence is left to `ci` when the datamodels already decide. */
function atHook(context: Context): boolean {
  return context.stage === 'pre-commit' || context.stage === 'pre-push';
}

interface Change {
  before: SchemaFile[] | undefined;
  after: SchemaFile[];
  migrations: ChangedMigration[];
  added: ChangedMigration[];
  /** The change adds the project's first migrations (a baseline of an existing database). */
  baseline: boolean;
  changed: Compared['changed'];
}

async function judgeDecision(context: Context, project: PrismaProject, setup: ProjectSetup, decision: Decision, change: Change): Promise<Finding[]> {
  switch (decision.kind) {
    case 'invalid':
      return invalidSchema(project, decision.diagnostics);
    case 'other-version':
      return otherVersion(project, decision.diagnostics, await projectPrisma(context.git, context.changes.head, project.root));
    case 'no-migrations':
      return [];
    case 'old-invalid':
      return [compared.unverified(project, change.changed)];
    case 'compared':
      return judgeCompared(context, project, setup, { ...decision, changed: change.changed }, change);
  }
}

async function judgeCompared(context: Context, project: PrismaProject, setup: ProjectSetup, decision: Compared, change: Change): Promise<Finding[]> {
  if (!decision.needed) {
    return change.baseline ? [] : migrationWithoutSchemaChange(context, project, change.added, 'a schema change that does not change the database');
  }
  const sameDatabase = async (then: SchemaFile[], now: SchemaFile[]) => {
    const prisma = await projectPrisma(context.git, context.changes.head, project.root);
    const judge: Judge = { prisma, notes: [], commonDir: context.git.repo.commonDir, certainIsEnough: atHook(context) };
    const again = await decideMigration(then, now, judge);
    return again.kind === 'compared' && !again.needed;
  };
  if (!change.migrations.length) {
    const inLine = await inLineWithMigrations(context, project, setup, change, decision.objects, sameDatabase);
    if (inLine) {
      context.note(`${project.schemaPath}: no migration needed: ${inLine.reason}.`);
      return [];
    }
    return [missingMigration(context, project, setup, decision)];
  }
  for (const migration of change.migrations) {
    if (migration.dir.layout === 'custom') context.note(`${project.schemaPath}: migration ${migration.name} found in ${migration.dir.path}/, a migrations folder of the package.`);
  }
  if (context.options.migrationContent === 'off') return [];
  const missing = await leftOut(context, project, setup, decision, change);
  return missing.length ? [incompleteMigration(context, project, decision, change.migrations, missing.map(describeObject))] : [];
}

/** What the change needs that neither its migrations nor (see in-line.ts) a migration ahead of the schema handle. */
async function leftOut(context: Context, project: PrismaProject, setup: ProjectSetup, decision: Compared, change: Change): Promise<DbObject[]> {
  const sql = await Promise.all(change.migrations.map(async (migration) => (await migration.file.content()) ?? ''));
  const missing = uncovered(decision.objects, sqlTargets(sql, { backslashEscapes: decision.provider === 'mysql' }));
  if (!missing.length) return missing;
  const ahead = await inLineWithMigrations(context, project, setup, { before: undefined, after: change.after }, missing, async () => false);
  return ahead ? [] : missing;
}

/** Every migration file of the project in the new tree comes with this change: it starts using migrations. */
async function isFirstMigration(context: Context, setup: ProjectSetup, added: ChangedMigration[]): Promise<boolean> {
  if (!added.length) return false;
  const files = await context.git.listMatching(context.changes.head, [':(glob)**/*.sql']);
  const addedPaths = new Set(added.map((migration) => migration.file.path));
  const existing = files.filter((file) => setup.dirs.some((dir) => isMigrationFile(dir, file)));
  return existing.every((file) => addedPaths.has(file));
}
