// prisma-migration: the schema and its migration travel together, and a migration other environments
// applied is never edited. Incident 3: a migration folder created locally was never committed, four
// tables never existed in production. Incident 4: a String column turned into an enum without one.
import path from 'node:path';
import type { ChangedFile } from '../../changeset.js';
import type { Finding, Rule, RuleContext } from '../../types.js';
import { addedMigrations, isMigrationScript, newSchema, oldSchema, schemaChanges, touchesPrisma, type NewMigration } from './change-files.js';
import { CONFIG_FILE, discoverProjects, type PrismaProject } from './projects.js';
import { publishedFile, publishedTrees, type PublishedTree } from './published.js';
import { decideMigration, type Decision } from './schema-diff.js';

export interface PrismaMigrationOptions {
  /** A new migration with no schema change: data migrations are legitimate, so a warning by default. */
  migrationWithoutSchemaChange: 'error' | 'warn' | 'off';
  /** Refuse editing, deleting or renaming a migration the remote (or the range base) already has. */
  immutableMigrations: boolean;
  /** Lines of implied SQL shown in a finding. */
  sqlLines: number;
}

type Context = RuleContext<PrismaMigrationOptions>;

export const prismaMigration: Rule<PrismaMigrationOptions> = {
  meta: {
    id: 'prisma-migration',
    description: 'A Prisma schema change that changes the database must come with its migration; pushed migrations are never edited.',
    stages: ['pre-commit', 'pre-push', 'ci'],
    docs: 'docs/rules/prisma-migration.md',
    defaultOptions: { migrationWithoutSchemaChange: 'warn', immutableMigrations: true, sqlLines: 25 },
    schema: {
      type: 'object',
      properties: {
        migrationWithoutSchemaChange: { type: 'string', enum: ['error', 'warn', 'off'] },
        immutableMigrations: { type: 'boolean' },
        sqlLines: { type: 'integer', minimum: 1 },
      },
    },
  },

  async check(context) {
    if (!(await touchesPrisma(context.changes.files))) return [];
    const discovery = await discoverProjects(context.git, context.changes.head);
    const findings: Finding[] = [...discovery.warnings];
    let published: Promise<PublishedTree[]> | undefined;
    const lazyPublished = () => (published ??= publishedTrees(context));
    for (const project of discovery.projects) {
      findings.push(...(await checkSchemaAndMigrations(context, project)));
      if (context.options.immutableMigrations) findings.push(...(await checkImmutable(context, project, lazyPublished)));
      findings.push(...(await checkLockFile(context, project)));
    }
    return findings;
  },
};

async function checkSchemaAndMigrations(context: Context, project: PrismaProject): Promise<Finding[]> {
  const changed = schemaChanges(project, context.changes);
  const migrations = await addedMigrations(project, context.changes);
  if (!changed.length) return migrations.length ? migrationWithoutSchemaChange(context, project, migrations, 'no schema change') : [];
  context.progress(`prisma-migration: comparing ${project.schemaPath} with the base`);
  const after = await newSchema(project, context.changes, context.git);
  const before = await oldSchema(project, context.changes, context.git);
  const decision = await decideMigration(before, after);
  return judge(context, project, decision, changed, migrations);
}

function judge(context: Context, project: PrismaProject, decision: Decision, changed: ChangedFile[], migrations: NewMigration[]): Finding[] {
  switch (decision.kind) {
    case 'invalid':
      return decision.diagnostics.map((diagnostic) => ({
        kind: 'invalid-schema',
        file: diagnostic.file ?? project.schemaFiles[0],
        line: diagnostic.line,
        message: `Prisma rejects this schema: ${diagnostic.message}`,
        hint: 'Fix the schema (`npx prisma validate` shows the same error); Prisma Client cannot be generated from it and no migration can be created.',
      }));
    case 'no-migrations':
      return [];
    case 'old-invalid':
      return [
        {
          kind: 'unverified',
          severity: 'warn',
          file: firstChanged(changed)?.path ?? project.schemaPath,
          message: `The previous ${project.schemaPath} does not validate, so shipguard cannot tell whether this change needs a migration.`,
          hint: `Make sure ${project.migrationsDir}/ has the migration this schema needs (\`npx prisma migrate dev --create-only\` creates it if it does).`,
        },
      ];
    case 'compared':
      if (decision.needed && !migrations.length) return [missingMigration(context, project, decision, changed)];
      if (!decision.needed && migrations.length) return migrationWithoutSchemaChange(context, project, migrations, 'the schema change does not change the database');
      return [];
  }
}

function missingMigration(context: Context, project: PrismaProject, decision: Extract<Decision, { kind: 'compared' }>, changed: ChangedFile[]): Finding {
  const file = firstChanged(changed);
  const lines = decision.evidence.split('\n').filter((line) => line.trim());
  const shown = lines.slice(0, context.options.sqlLines);
  const more = lines.length > shown.length ? `\n      … ${lines.length - shown.length} more lines` : '';
  const what = decision.method.startsWith('Prisma') ? 'SQL it implies' : 'database changes';
  const scope = context.stage === 'pre-commit' ? 'this commit' : context.stage === 'pre-push' ? 'this push' : 'this range';
  return {
    kind: 'missing-migration',
    file: file?.path ?? project.schemaPath,
    line: file?.addedLines[0]?.line,
    message:
      `${project.schemaPath} changes the database but ${scope} adds no migration under ${project.migrationsDir}/ ` +
      `(decided by ${decision.method}). The ${what}:\n${shown.map((line) => `      ${line}`).join('\n')}${more}`,
    hint:
      `Create the migration and commit it with the schema: ${migrateCommand(project, decision.suggestedName)} ` +
      `(add --create-only to review the SQL before applying it). If you already created it, stage it: git add ${project.migrationsDir || '.'}` +
      (project.hasMigrations ? '' : `. No migration of this project is committed yet: if it uses \`prisma db push\` instead of migrations, turn prisma-migration off.`),
  };
}

function migrationWithoutSchemaChange(context: Context, project: PrismaProject, migrations: NewMigration[], why: string): Finding[] {
  const severity = context.options.migrationWithoutSchemaChange;
  if (severity === 'off') return [];
  return migrations.map((migration) => ({
    kind: 'migration-without-schema-change',
    severity,
    file: migration.file.path,
    message: `New migration ${migration.name} comes with ${why} in ${project.schemaPath}.`,
    hint: 'Fine for a data migration. If it is meant to change tables, the schema change is missing: commit it together with this migration.',
  }));
}

/** `npx prisma migrate dev --name x`, run where Prisma finds the project's schema. */
function migrateCommand(project: PrismaProject, name: string): string {
  const cd = project.root ? `cd ${project.root} && ` : '';
  const defaultPlace = ['schema.prisma', 'prisma/schema.prisma'].map((file) => (project.root ? `${project.root}/${file}` : file));
  const needsSchemaFlag = !(project.configFile && CONFIG_FILE.test(project.configFile)) && !defaultPlace.includes(project.schemaPath);
  const schemaFlag = needsSchemaFlag ? ` --schema ${path.posix.relative(project.root || '.', project.schemaPath)}` : '';
  return `${cd}npx prisma migrate dev${schemaFlag} --name ${name}`;
}

function firstChanged(files: ChangedFile[]): ChangedFile | undefined {
  return files.find((file) => file.status !== 'deleted' && file.addedLines.length) ?? files.find((file) => file.status !== 'deleted');
}

const REWRITES = new Set(['modified', 'deleted', 'renamed', 'typechange']);

async function checkImmutable(context: Context, project: PrismaProject, published: () => Promise<PublishedTree[]>): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const file of context.changes.files) {
    const original = file.oldPath ?? file.path;
    if (!REWRITES.has(file.status) || !isMigrationScript(project, original)) continue;
    const before = await publishedFile(context, await published(), original);
    if (!before) continue; // only in local commits: still free to change
    const finding = await rewriteFinding(file, original, before.content.toString('utf8'), before.tree);
    if (finding) findings.push(finding);
  }
  return findings;
}

async function rewriteFinding(file: ChangedFile, original: string, before: string, tree: PublishedTree): Promise<Finding | undefined> {
  const name = path.posix.basename(path.posix.dirname(original));
  const where = `already on ${tree.name}`;
  const restore = `Restore it (git checkout ${tree.commit.slice(0, 12)} -- ${original}) and put the change in a new migration (npx prisma migrate dev --name <change>).`;
  if (file.status === 'deleted') {
    return { kind: 'migration-deleted', file: original, message: `Migration ${name} is ${where} and is deleted here: databases that applied it will report it missing, and new ones will lack its tables.`, hint: restore };
  }
  if (file.status === 'renamed' && file.oldPath !== file.path) {
    return {
      kind: 'migration-renamed',
      file: file.path,
      message: `Migration ${name} is ${where} and is renamed here to ${file.path}: Prisma will see the old one missing and apply the new one again.`,
      hint: restore,
    };
  }
  const after = (await file.content()) ?? '';
  if (after === before) return undefined;
  if (normalizeEol(after) === normalizeEol(before)) {
    return {
      kind: 'migration-line-endings',
      severity: 'warn',
      file: file.path,
      message: `Only the line endings of migration ${name} changed (it is ${where}). Prisma's checksum tolerates CRLF/LF, but the file no longer matches what was applied byte for byte.`,
      hint: `Restore it (git checkout ${tree.commit.slice(0, 12)} -- ${original}) and pin SQL line endings in .gitattributes: *.sql text eol=lf`,
    };
  }
  return {
    kind: 'migration-edited',
    file: file.path,
    line: file.addedLines[0]?.line,
    message: `Migration ${name} is ${where} and is edited here: every database that applied it fails Prisma's checksum check ("migration was modified after it was applied").`,
    hint: restore,
  };
}

function normalizeEol(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

async function checkLockFile(context: Context, project: PrismaProject): Promise<Finding[]> {
  const lockPath = `${project.migrationsDir ? `${project.migrationsDir}/` : ''}migration_lock.toml`;
  const lock = context.changes.files.find((file) => file.path === lockPath && file.status === 'modified');
  if (!lock) return [];
  const before = lockProvider((await lock.oldContent()) ?? '');
  const after = lockProvider((await lock.content()) ?? '');
  if (!before || before === after) return [];
  return [
    {
      kind: 'lock-provider-changed',
      file: lockPath,
      line: lock.addedLines.find((added) => /provider/.test(added.text))?.line,
      message: `${lockPath} switches the migration provider from ${before} to ${after ?? 'nothing'}: the existing migrations are ${before} SQL and will not run on ${after ?? 'another database'}.`,
      hint: 'Changing databases means a new migration history (baseline the new database); keep the lock file as it is unless that is what you are doing.',
    },
  ];
}

/** `provider = "postgresql"` from migration_lock.toml (one key; a TOML parser would be overkill). */
function lockProvider(text: string): string | undefined {
  return /^[ \t]*provider[ \t]*=[ \t]*"([^"\n]*)"/m.exec(text)?.[1];
}
