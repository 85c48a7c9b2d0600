// Where the schema and migrations are: prisma.config.ts (read, never run), multi-file schema folders,
// package.json#prisma.schema, monorepos; plus invalid schemas and the MySQL fallback.
import { describe, expect, it } from 'vitest';
import { copyFixture, fixture, kinds, prismaRepo, runJson, tenantRepo } from '../../helpers/prisma.js';
import { edit } from '../../helpers/repo.js';

const ADD_PHONE = (schema: string) => edit(schema, '  email    String @unique\n', '  email    String @unique\n  phone    String?\n');
const PHONE_SQL = '-- AlterTable\nALTER TABLE "User" ADD COLUMN     "phone" TEXT;\n';

function multiRepo() {
  const repo = prismaRepo();
  copyFixture(repo, 'multi', '');
  repo.commitAll('multi-file schema, migrations in db/migrations');
  return repo;
}

describe('prisma.config.ts with a multi-file schema and a custom migrations path', () => {
  it('reads the config without DATABASE_URL, finds the schema folder, and wants the migration in db/migrations', () => {
    expect(process.env.DATABASE_URL).toBeUndefined(); // the config's env('DATABASE_URL') would throw if it were run
    const repo = multiRepo();
    repo.write('prisma/schema/user.prisma', ADD_PHONE(fixture('multi', 'prisma/schema/user.prisma')));
    // A migration in Prisma's default folder is not where this project's migrations live.
    repo.write('prisma/migrations/20240202000000_user_phone/migration.sql', PHONE_SQL);
    repo.gitOk(['add', '-A']);
    const refused = runJson(repo, ['pre-commit']);
    expect(refused.code).toBe(1);
    expect(refused.findings).toMatchObject([{ kind: 'missing-migration', file: 'prisma/schema/user.prisma', line: 4 }]);
    expect(refused.findings[0]!.message).toContain('prisma/schema changes the database but this commit adds no migration under db/migrations/');
    expect(refused.findings[0]!.message).toContain('The database changes: add column "User"."phone" (String?)');
    // prisma.config.ts is picked up by Prisma itself: no --schema flag in the suggested command.
    expect(refused.findings[0]!.hint).toContain('npx prisma migrate dev --name add_user_phone');

    repo.gitOk(['rm', '-r', '-q', '--cached', 'prisma/migrations']);
    repo.write('db/migrations/20240202000000_user_phone/migration.sql', PHONE_SQL);
    repo.gitOk(['add', 'db']);
    const passed = runJson(repo, ['pre-commit']);
    expect(passed.findings).toEqual([]);
    expect(passed.code).toBe(0);
  });

  it('reports an invalid schema at the file and line Prisma names, in the file of a multi-file schema that holds the error', () => {
    const repo = multiRepo();
    repo.write('prisma/schema/user.prisma', edit(fixture('multi', 'prisma/schema/user.prisma'), '  email    String @unique\n', '  email    Strin @unique\n'));
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.code).toBe(1);
    const invalid = report.findings.filter((finding) => finding.kind === 'invalid-schema');
    expect(invalid).toMatchObject([{ ruleId: 'prisma-migration', file: 'prisma/schema/user.prisma', line: 3 }]);
    expect(invalid[0]!.message).toBe(
      'Prisma rejects this schema: Type "Strin" is neither a built-in type, nor refers to another model, composite type, or enum.',
    );
    const pretty = repo.shipguard(['pre-commit']);
    expect(pretty.output).toContain('  3:1     error  Prisma rejects this schema: Type "Strin"');
    expect(pretty.output).not.toMatch(/\x1b\[/); // Prisma's colours are not passed through
  });

  it('warns instead of guessing when prisma.config.ts computes the schema path', () => {
    const repo = prismaRepo();
    copyFixture(repo, 'multi', '');
    repo.write('prisma.config.ts', edit(fixture('multi', 'prisma.config.ts'), "schema: 'prisma/schema'", 'schema: process.env.SCHEMA_DIR!'));
    repo.commitAll('computed schema path');
    repo.write('prisma/schema/user.prisma', ADD_PHONE(fixture('multi', 'prisma/schema/user.prisma')));
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.findings).toMatchObject([
      { kind: 'config-unreadable', severity: 'warn', file: 'prisma.config.ts' },
      { kind: 'missing-migration', file: 'prisma/schema/user.prisma' },
    ]);
    expect(report.findings[0]!.message).toContain('Could not read `schema` in prisma.config.ts without running it');
  });
});

describe('monorepos and other layouts', () => {
  it('checks each project against its own migrations folder (prisma.config.ts in one app, package.json#prisma.schema in another)', () => {
    const repo = prismaRepo();
    copyFixture(repo, 'multi', 'apps/api');
    repo.write('packages/billing/package.json', JSON.stringify({ name: 'billing', prisma: { schema: 'db/schema.prisma' } }, null, 2));
    repo.write('packages/billing/db/schema.prisma', fixture('tenant', 'schema.prisma'));
    copyFixture(repo, 'tenant/migrations', 'packages/billing/db/migrations');
    repo.commitAll('two Prisma projects');

    repo.write('apps/api/prisma/schema/user.prisma', ADD_PHONE(fixture('multi', 'prisma/schema/user.prisma')));
    repo.write('packages/billing/db/migrations/20240202000000_user_phone/migration.sql', PHONE_SQL); // the wrong project
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(kinds(report)).toEqual(['missing-migration', 'migration-without-schema-change']);
    expect(report.findings[0]).toMatchObject({ file: 'apps/api/prisma/schema/user.prisma' });
    expect(report.findings[0]!.message).toContain('no migration under apps/api/db/migrations/');
    expect(report.findings[0]!.hint).toContain('cd apps/api && npx prisma migrate dev --name add_user_phone');
    expect(report.findings[1]).toMatchObject({ file: 'packages/billing/db/migrations/20240202000000_user_phone/migration.sql', severity: 'warn' });
  });

  it('finds a single-file schema outside the default locations (used with --schema) by its datasource block', () => {
    const repo = prismaRepo();
    repo.write('db/main.prisma', fixture('tenant', 'schema.prisma'));
    copyFixture(repo, 'tenant/migrations', 'db/migrations');
    repo.commitAll('schema in db/');
    repo.write('db/main.prisma', edit(fixture('tenant', 'schema.prisma'), '  email    String @unique\n', '  email    String @unique\n  phone    String?\n'));
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.findings).toMatchObject([{ kind: 'missing-migration', file: 'db/main.prisma' }]);
    expect(report.findings[0]!.message).toContain('no migration under db/migrations/');
    expect(report.findings[0]!.hint).toContain('npx prisma migrate dev --schema main.prisma --name add_user_phone');
  });

  it('uses Prisma 6 style url = env(...) lines without complaint (they are not part of the database shape)', () => {
    const repo = tenantRepo();
    repo.write('prisma/schema.prisma', edit(fixture('tenant', 'schema.prisma'), 'url      = env("DATABASE_URL")', 'url      = env("DATABASE_URL")\n  directUrl = env("DIRECT_URL")'));
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toEqual([]);
  });

  it('stays silent (and loads nothing) for a repository without a Prisma schema', () => {
    const repo = prismaRepo();
    repo.write('prisma/migrations/readme.md', 'no schema here\n');
    repo.write('package.json', JSON.stringify({ name: 'fixture', private: true, prisma: { seed: 'node seed.js' } }));
    repo.gitOk(['add', '-A']);
    const run = repo.shipguard(['pre-commit'], { env: { SHIPGUARD_DEBUG: '1' } });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('loaded @prisma');
  });
});

describe('MySQL: the schema engine has no offline connector, so the datamodels are compared', () => {
  it('refuses a column type change, naming the DMMF fallback, and passes @map renames and comments', () => {
    const repo = prismaRepo();
    const schema = fixture('mysql', 'schema.prisma');
    repo.write('prisma/schema.prisma', schema);
    repo.write('prisma/migrations/20240101000000_init/migration.sql', 'CREATE TABLE `tenants` (`id` INTEGER NOT NULL AUTO_INCREMENT, PRIMARY KEY (`id`));\n');
    repo.commitAll('mysql schema');

    repo.write('prisma/schema.prisma', edit(schema, '  status String @default("ACTIVE")', '  status TenantStatus @default(ACTIVE)') + 'enum TenantStatus {\n  ACTIVE\n  SUSPENDED\n}\n');
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.findings).toMatchObject([{ kind: 'missing-migration', file: 'prisma/schema.prisma' }]);
    const message = report.findings[0]!.message;
    expect(message).toContain('(decided by DMMF comparison: no offline mysql connector in the schema engine)');
    expect(message).toContain('The database changes:');
    expect(message).toContain('add enum "TenantStatus" (ACTIVE, SUSPENDED)');
    expect(message).toContain('change column "tenants"."status": String default "ACTIVE" -> enum TenantStatus default "ACTIVE"');

    repo.write('prisma/schema.prisma', edit(schema, '  name   String @db.VarChar(120)', '  // shown on invoices\n  title  String @db.VarChar(120) @map("name")'));
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toEqual([]);

    repo.write('prisma/schema.prisma', edit(schema, '@db.VarChar(120)', '@db.VarChar(200)'));
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings[0]!.message).toContain('change column "tenants"."name": String @db.VarChar(120) -> String @db.VarChar(200)');
  });
});
