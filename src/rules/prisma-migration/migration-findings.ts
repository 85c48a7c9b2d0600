// The findings of prisma-migration's schema side, worded for the stage and the number of commits.
import path from 'node:path';
import type { ChangedFile } from '../../changeset.js';
import type { Finding, RuleContext } from '../../types.js';
import type { ChangedMigration } from '../../prisma/change-files.js';
import type { ProjectPrisma } from '../../prisma/project-prisma.js';
import type { ProjectSetup } from '../../prisma/project-setup.js';
import { CONFIG_FILE, type PrismaProject } from '../../prisma/projects.js';
import type { Decision } from './schema-diff.js';
import type { SchemaDiagnostic } from '../../prisma/schema-text.js';

type Context = RuleContext<{ migrationWithoutSchemaChange: 'error' | 'warn' | 'off'; migrationContent: 'error' | 'warn' | 'off'; sqlLines: number }>;

export type Compared = Extract<Decision, { kind: 'compared' }> & { changed: ChangedFile[] };

export function invalidSchema(project: PrismaProject, diagnostics: SchemaDiagnostic[]): Finding[] {
  return diagnostics.map((diagnostic) => ({
    kind: 'invalid-schema',
    file: diagnostic.file ?? project.schemaFiles[0],
    line: diagnostic.line,
    message: `Prisma rejects this schema: ${diagnostic.message}`,
    hint: 'Fix the schema (`npx prisma validate` shows the same error); Prisma Client cannot be generated from it and no migration can be created.',
  }));
}

/** Rejected by shipguard's Prisma for what only that version forbids, while the project uses another. */
export function otherVersion(project: PrismaProject, diagnostics: SchemaDiagnostic[], prisma: ProjectPrisma): Finding[] {
  return diagnostics.map((diagnostic) => ({
    kind: 'unverified',
    severity: 'warn',
    file: diagnostic.file ?? project.schemaFiles[0],
    line: diagnostic.line,
    message:
      `Prisma ${prisma.engines.version.replace(/-.*/, '')} (${prisma.enginesFrom}) rejects this schema, but the project uses Prisma ${prisma.version} ` +
      `(${prisma.versionFrom}), which may accept it: ${diagnostic.message}`,
    hint: `Install the project's dependencies so shipguard can judge with Prisma ${prisma.version} itself (it uses the @prisma/prisma-schema-wasm and @prisma/schema-engine-wasm of that version when they are installed, e.g. through @prisma/internals@${prisma.version}).`,
  }));
}

export const compared = {
  unverified(project: PrismaProject, changed: ChangedFile[]): Finding {
    return {
      kind: 'unverified',
      severity: 'warn',
      file: firstChanged(changed)?.path ?? project.schemaPath,
      message: `The previous ${project.schemaPath} does not validate, so shipguard cannot tell whether this change needs a migration.`,
      hint: `Make sure ${project.migrationsDir}/ has the migration this schema needs (\`npx prisma migrate dev --create-only\` creates it if it does).`,
    };
  },
};

export function missingMigration(context: Context, project: PrismaProject, setup: ProjectSetup, decision: Compared): Finding {
  const file = firstChanged(decision.changed);
  const folders = setup.dirs.map((dir) => `${dir.path || '.'}/`).join(' or ');
  return {
    kind: 'missing-migration',
    file: file?.path ?? project.schemaPath,
    line: file?.addedLines[0]?.line,
    message: `${project.schemaPath} changes the database but ${scope(context)} adds no migration under ${folders} (decided by ${plain(decision.method)}). ${evidence(context, decision)}`,
    hint:
      `Create the migration and commit it with the schema: ${migrateCommand(project, decision.suggestedName)} ` +
      `(add --create-only to review the SQL before applying it). If you already created it, stage it: git add ${setup.dirs[0]?.path || '.'}` +
      (setup.hasMigrations ? '' : '. No migration of this project is committed yet: if it uses `prisma db push` instead of migrations, set its mode to push (or leave it on auto).'),
  };
}

export function incompleteMigration(context: Context, project: PrismaProject, decision: Compared, migrations: ChangedMigration[], missing: string[]): Finding {
  const names = migrations.map((migration) => migration.name);
  const which = names.length === 1 ? `Migration ${names[0]}` : `Migrations ${names.join(', ')}`;
  return {
    kind: 'incomplete-migration',
    severity: context.options.migrationContent === 'warn' ? 'warn' : 'error',
    file: migrations[0]!.file.path,
    line: 1,
    message:
      `${which} ${names.length === 1 ? 'does' : 'do'} not create, change or drop ${missing.join(', ')}, ` +
      `which the change to ${project.schemaPath} needs (decided by ${plain(decision.method)}). ${evidence(context, decision)}`,
    hint: `Add the missing statements to the migration, or regenerate it from the schema: ${migrateCommand(project, decision.suggestedName)} --create-only.`,
  };
}

export function migrationWithoutSchemaChange(context: Context, project: PrismaProject, added: ChangedMigration[], what: string): Finding[] {
  const severity = context.options.migrationWithoutSchemaChange;
  if (severity === 'off') return [];
  return added.map((migration) => ({
    kind: 'migration-without-schema-change',
    severity,
    file: migration.file.path,
    message: `New migration ${migration.name} comes with ${what} in ${project.schemaPath}.`,
    hint: 'Fine for a data migration. If it is meant to change tables, the schema change is missing: commit it together with this migration.',
  }));
}

/** `this commit` when one commit is checked, else `this push` / `this range`. */
function scope(context: Context): string {
  if (context.stage === 'pre-commit' || context.commits.length === 1) return 'this commit';
  return context.stage === 'pre-push' ? 'this push' : 'this range';
}

/**
 * The SQL (its `-- CreateEnum` labels left out) or the database changes, on the message's one line:
 * reporters print a message's newlines as `\n` (report/visible.ts), so lines are joined.
 */
function evidence(context: Context, decision: Compared): string {
  const sql = decision.method.includes('schema engine diff');
  const lines = decision.evidence
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !(sql && line.startsWith('--')));
  const shown = lines.slice(0, context.options.sqlLines);
  const more = lines.length > shown.length ? ` … and ${lines.length - shown.length} more lines` : '';
  return `${sql ? 'The SQL it implies' : 'The database changes'}: ${shown.join(sql ? ' ' : '; ')}${more}`;
}

/** No parentheses inside the message's own: an engine error may carry some. */
function plain(text: string): string {
  return text.replace(/[()]/g, '').replace(/\s+/g, ' ').trim();
}

/** `npx prisma migrate dev --name x`, run where Prisma finds the project's schema. */
function migrateCommand(project: PrismaProject, name: string): string {
  const cd = project.root ? `cd ${project.root} && ` : '';
  const defaultPlace = ['schema.prisma', 'prisma/schema.prisma'].map((file) => (project.root ? `${project.root}/${file}` : file));
  const needsSchemaFlag = !(project.configFile && CONFIG_FILE.test(project.configFile)) && !defaultPlace.includes(project.schemaPath);
  const schemaFlag = needsSchemaFlag ? ` --schema ${path.posix.relative(project.root || '.', project.schemaPath)}` : '';
  return `${cd}npx prisma migrate dev${schemaFlag} --name ${name}`;
}

export function firstChanged(files: ChangedFile[]): ChangedFile | undefined {
  return files.find((file) => file.status !== 'deleted' && file.addedLines.length) ?? files.find((file) => file.status !== 'deleted');
}
