// How real projects manage their database: `prisma db push` without any migrations folder (dub), a
// migrations folder of their own applied by their own runner (formbricks), going from push to
// migrations. Each shape passes; the same change without its migration is still refused.
import { describe, expect, it } from 'vitest';
import { edit } from '../../helpers/repo.js';
import { fixture, prismaRepo, runJson, type JsonReport } from '../../helpers/prisma.js';

const TENANT = fixture('tenant', 'schema.prisma');
const INIT_SQL = fixture('tenant', 'migrations', '20240101000000_init', 'migration.sql');
const ADD_PLAN = (schema: string) => edit(schema, '  name      String\n', '  name      String\n  plan      String?\n');
const PLAN_SQL = '-- AlterTable\nALTER TABLE "Tenant" ADD COLUMN "plan" TEXT;\n';

function notes(report: JsonReport): string {
  return report.notes.map((note) => note.text).join('\n');
}

/** dub's shape: apps/web with a multi-file MySQL schema, `prisma:push` in its scripts, no migrations folder ever. */
function pushProject(rules: Record<string, unknown> = {}) {
  const repo = prismaRepo(rules);
  repo.write('package.json', JSON.stringify({ name: 'monorepo', private: true, workspaces: ['apps/*'] }));
  repo.write(
    'apps/web/package.json',
    JSON.stringify({ name: 'web', scripts: { 'prisma:generate': 'prisma generate --schema=./prisma/schema', 'prisma:push': 'prisma db push --schema=./prisma/schema' } }),
  );
  repo.write('apps/web/prisma/schema/schema.prisma', 'datasource db {\n  provider     = "mysql"\n  relationMode = "prisma"\n}\n\ngenerator client {\n  provider = "prisma-client-js"\n}\n');
  repo.write('apps/web/prisma/schema/invoice.prisma', 'model Invoice {\n  id     String @id @default(cuid())\n  amount Int\n}\n');
  repo.commitAll('web app on prisma db push');
  repo.write('apps/web/prisma/schema/invoice.prisma', 'model Invoice {\n  id     String  @id @default(cuid())\n  amount Int\n  number String? @unique\n}\n');
  repo.gitOk(['add', '-A']);
  return repo;
}

describe('prisma-migration modes: projects on `prisma db push`', () => {
  it('passes a schema change in a project that never had a migrations folder and pushes its schema (dub), and still validates it', () => {
    const repo = pushProject();
    const report = runJson(repo, ['pre-commit']);
    expect(report.findings).toEqual([]);
    expect(report.code).toBe(0);
    expect(notes(report)).toContain('apps/web/prisma/schema: push mode (no migration files for apps/web/prisma/schema anywhere in the tree');

    // Its schema must still be one Prisma accepts.
    repo.write('apps/web/prisma/schema/invoice.prisma', 'model Invoice {\n  id     String @id @default(cuid())\n  amount Integer\n}\n');
    repo.gitOk(['add', '-A']);
    const invalid = runJson(repo, ['pre-commit']);
    expect(invalid.code).toBe(1);
    expect(invalid.findings).toMatchObject([{ kind: 'invalid-schema', file: 'apps/web/prisma/schema/invoice.prisma', line: 3 }]);
  });

  it('still refuses the same change when the project is configured to use migrations', () => {
    const repo = pushProject({ 'prisma-migration': ['error', { projects: { 'apps/web/prisma/schema': { mode: 'migrate' } } }] });
    const report = runJson(repo, ['pre-commit']);
    expect(report.code).toBe(1);
    expect(report.findings).toMatchObject([{ kind: 'missing-migration', file: 'apps/web/prisma/schema/invoice.prisma' }]);
  });

  it('treats a project whose scripts push and never migrate as a push project, but not one that also runs migrations', () => {
    const repo = prismaRepo();
    repo.write('package.json', JSON.stringify({ name: 'app', scripts: { 'db:push': 'prisma db push' } }));
    repo.write('prisma/schema.prisma', TENANT);
    repo.write('prisma/migrations/20240101000000_init/migration.sql', INIT_SQL); // left from an early experiment
    repo.commitAll('app');
    repo.write('prisma/schema.prisma', ADD_PLAN(TENANT));
    repo.gitOk(['add', '-A']);
    const pushed = runJson(repo, ['pre-commit']);
    expect(pushed.findings).toEqual([]);
    expect(notes(pushed)).toContain('package.json script "db:push" runs `prisma db push` and no script runs migrations');

    repo.write('package.json', JSON.stringify({ name: 'app', scripts: { 'db:push': 'prisma db push', 'db:deploy': 'prisma migrate deploy' } }));
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toMatchObject([{ kind: 'missing-migration' }]);
  });

  it("does not refuse a project's first migration (going from db push to migrations), with or without a schema change", () => {
    const repo = prismaRepo();
    repo.write('prisma/schema.prisma', TENANT);
    repo.commitAll('pushed schema');
    repo.write('prisma/migrations/0_init/migration.sql', INIT_SQL);
    repo.write('prisma/migrations/migration_lock.toml', 'provider = "postgresql"\n');
    repo.gitOk(['add', '-A']);
    const baseline = runJson(repo, ['pre-commit']);
    expect(baseline.findings).toEqual([]); // no migration-without-schema-change warning for a baseline

    repo.write('prisma/schema.prisma', ADD_PLAN(TENANT));
    repo.write('prisma/migrations/0_init/migration.sql', INIT_SQL.replace('"name" TEXT NOT NULL,', '"name" TEXT NOT NULL,\n    "plan" TEXT,'));
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toEqual([]);

    // Once the migration is committed, the project uses migrations: a schema change alone is refused.
    repo.commitAll('baseline');
    repo.write('prisma/schema.prisma', edit(ADD_PLAN(TENANT), '  plan      String?\n', '  plan      String?\n  region    String?\n'));
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toMatchObject([{ kind: 'missing-migration' }]);
  });
});

/** formbricks' shape: prisma.config.ts names ./migrations (generated, never committed); the migrations live in ./migration. */
function ownFolderProject(rules: Record<string, unknown> = {}) {
  const repo = prismaRepo(rules);
  const db = 'packages/database';
  repo.write(
    `${db}/package.json`,
    JSON.stringify({ name: '@app/database', scripts: { 'db:migrate:deploy': 'node ./dist/scripts/apply-migrations.js', 'db:push': 'prisma db push --accept-data-loss' } }),
  );
  repo.write(`${db}/prisma.config.ts`, `import { defineConfig, env } from "prisma/config";\nexport default defineConfig({\n  schema: "./schema",\n  migrations: { path: "./migrations" },\n  datasource: { url: env("DATABASE_URL") },\n});\n`);
  repo.write(`${db}/schema/main.prisma`, TENANT.replace('  url      = env("DATABASE_URL")\n', ''));
  repo.write(`${db}/migration/20240101000000_init/migration.sql`, INIT_SQL);
  repo.write(`${db}/migration/20240102000000_backfill/migration.ts`, 'export const run = async () => {};\n');
  repo.write(`${db}/.gitignore`, 'migrations/\n');
  repo.commitAll('database package with its own migration runner');
  repo.write(`${db}/schema/main.prisma`, ADD_PLAN(TENANT.replace('  url      = env("DATABASE_URL")\n', '')));
  return repo;
}

describe('prisma-migration: migrations in a folder of their own', () => {
  it('accepts the migration a commit adds in a migrations-looking folder of the same package, and names it (formbricks)', () => {
    const repo = ownFolderProject();
    repo.write('packages/database/migration/20240202000000_add_plan/migration.sql', PLAN_SQL);
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.findings).toEqual([]);
    expect(report.code).toBe(0);
    expect(notes(report)).toContain('packages/database/schema: migration 20240202000000_add_plan found in packages/database/migration/, a migrations folder of the package.');
    const verbose = repo.shipguard(['pre-commit', '--verbose']);
    expect(verbose.output).toContain('note  packages/database/schema: migration 20240202000000_add_plan found in packages/database/migration/');
  });

  it('still refuses the schema change without a migration, naming both folders', () => {
    const repo = ownFolderProject();
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.code).toBe(1);
    expect(report.findings[0]!.message).toContain('adds no migration under packages/database/migrations/ or packages/database/migration/');
  });

  it('uses the folders the `projects` option names, and only those', () => {
    const options = { projects: { 'packages/database/schema': { mode: 'migrate', migrations: ['packages/database/migration'] } } };
    const repo = ownFolderProject({ 'prisma-migration': ['error', options] });
    repo.write('packages/database/migration/20240202000000_add_plan/migration.sql', PLAN_SQL);
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toEqual([]);

    repo.gitOk(['rm', '-r', '-q', '-f', 'packages/database/migration/20240202000000_add_plan']);
    repo.write('packages/database/sql/20240202000000_add_plan.sql', PLAN_SQL); // not a folder this project uses
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toMatchObject([{ kind: 'missing-migration' }]);
  });

  it('warns about a `projects` key that names no schema', () => {
    const repo = ownFolderProject({ 'prisma-migration': ['error', { projects: { 'packages/db/schema': { mode: 'push' } } }] });
    repo.write('packages/database/migration/20240202000000_add_plan/migration.sql', PLAN_SQL);
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.findings).toMatchObject([{ kind: 'config-unmatched', severity: 'warn' }]);
    expect(report.findings[0]!.message).toContain('projects["packages/db/schema"] names no Prisma schema or project folder in this tree (schemas: packages/database/schema)');
  });
});
