// prisma-migration through real hooks and the CLI, on real git repositories with real Prisma schemas.
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, kinds, prismaRepo, runJson, statusToEnum, tenantRepo } from '../../helpers/prisma.js';
import { edit } from '../../helpers/repo.js';

const SCHEMA = fixture('tenant', 'schema.prisma');
const STATUS_ENUM_SQL = fixture('tenant', 'status-enum.sql');

describe('prisma-migration: schema and migration travel together', () => {
  it('refuses the String -> enum change without a migration, naming the database changes, and passes once migration.sql is added', () => {
    const repo = tenantRepo();
    repo.write('prisma/schema.prisma', statusToEnum(SCHEMA));
    repo.gitOk(['add', '-A']);
    const refused = repo.git(['commit', '-m', 'tenant status enum']);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('prisma/schema.prisma');
    expect(refused.output).toContain('prisma/schema.prisma changes the database but this commit adds no migration under prisma/migrations/');
    // At a hook, a change the datamodels show the engine always makes decides without the engine.
    expect(refused.output).toMatch(/decided by Prisma \d+\.\d+\.\d+ datamodel comparison\)\. The database changes:/);
    // On the message's one line: no `\\n` escapes in the terminal.
    expect(refused.output).toContain(
      'The database changes: add enum "TenantStatus" (ACTIVE, SUSPENDED); change column "Tenant"."status": String default "ACTIVE" -> enum TenantStatus default "ACTIVE"  prisma-migration/missing-migration',
    );
    expect(refused.output).toContain('npx prisma migrate dev --name add_tenant_status_and_change_tenant_status');
    expect(refused.output).toContain('prisma-migration/missing-migration');

    // The finding points at the first changed schema line; the index and working tree are untouched.
    const before = repo.snapshot();
    const report = runJson(repo, ['pre-commit']);
    expect(repo.snapshot()).toBe(before);
    expect(report.findings).toMatchObject([{ ruleId: 'prisma-migration', kind: 'missing-migration', file: 'prisma/schema.prisma', line: 13 }]);

    repo.write('prisma/migrations/20240202000000_tenant_status_enum/migration.sql', STATUS_ENUM_SQL);
    repo.gitOk(['add', '-A']);
    const passed = repo.git(['commit', '-m', 'tenant status enum with its migration']);
    expect(passed.output).toContain('rules passed');
    expect(passed.code).toBe(0);
  });

  it('decides a change the engine always turns into SQL without loading it at a hook, and shows the SQL in ci', () => {
    const repo = tenantRepo();
    const base = repo.gitOk(['rev-parse', 'HEAD']);
    repo.write('prisma/schema.prisma', statusToEnum(SCHEMA));
    repo.gitOk(['add', '-A']);
    const hook = runJson(repo, ['pre-commit'], { SHIPGUARD_DEBUG: '1' });
    expect(hook.findings).toMatchObject([{ ruleId: 'prisma-migration', kind: 'missing-migration', file: 'prisma/schema.prisma', line: 13 }]);
    expect(hook.stderr).toContain('loaded @prisma/prisma-schema-wasm');
    expect(hook.stderr).not.toContain('loaded @prisma/schema-engine-wasm');
    expect(hook.notes.map((note) => note.text).join('\n')).toContain('its datamodels show a database change the schema engine always makes, so the engine was not loaded');
    // Retried: the decision is read back from .git/shipguard/prisma-diff/, no Prisma wasm at all.
    const retried = runJson(repo, ['pre-commit'], { SHIPGUARD_DEBUG: '1' });
    expect(retried.findings).toEqual(hook.findings);
    expect(retried.stderr).not.toContain('loaded @prisma/');
    expect(retried.notes.map((note) => note.text).join('\n')).toContain("The datamodels' answer for these two schemas was read from .git/shipguard/prisma-diff/");
    // Control: a stored answer that is not a whole decision is decided again, to the same finding.
    const [entry] = readdirSync(repo.path('.git', 'shipguard', 'prisma-diff'));
    writeFileSync(repo.path('.git', 'shipguard', 'prisma-diff', entry!), JSON.stringify({ decision: { kind: 'compared', needed: true } }));
    const redecided = runJson(repo, ['pre-commit'], { SHIPGUARD_DEBUG: '1' });
    expect(redecided.findings).toEqual(hook.findings);
    const redecidedNotes = redecided.notes.map((note) => note.text).join('\n');
    expect(redecidedNotes).not.toContain("The datamodels' answer for these two schemas was read from .git/shipguard/prisma-diff/");
    expect(redecidedNotes).toContain('its datamodels show a database change the schema engine always makes');

    repo.gitOk(['commit', '-q', '--no-verify', '-m', 'skipped the hook']);
    const ci = runJson(repo, ['ci', '--base', base], { SHIPGUARD_DEBUG: '1' });
    expect(ci.findings).toMatchObject([{ kind: 'missing-migration', file: 'prisma/schema.prisma', line: 13 }]);
    expect(ci.stderr).toContain('loaded @prisma/schema-engine-wasm');
    expect(ci.findings[0]!.message).toMatch(/decided by Prisma \d+\.\d+\.\d+ schema engine diff\)\. The SQL it implies:/);
    expect(ci.findings[0]!.message).toContain(
      `The SQL it implies: CREATE TYPE "TenantStatus" AS ENUM ('ACTIVE', 'SUSPENDED'); ALTER TABLE "Tenant" DROP COLUMN "status", ADD COLUMN     "status" "TenantStatus" NOT NULL DEFAULT 'ACTIVE';`,
    );

    // Control: a change the datamodels cannot vouch for (a unique index: its name and whether it
    // already exists are the engine's to say) loads the engine at the hook too.
    repo.write('prisma/schema.prisma', edit(statusToEnum(SCHEMA), '  name      String\n', '  name      String   @unique\n'));
    repo.gitOk(['add', '-A']);
    const unique = runJson(repo, ['pre-commit'], { SHIPGUARD_DEBUG: '1' });
    expect(unique.stderr).toContain('loaded @prisma/schema-engine-wasm');
    expect(unique.findings).toMatchObject([{ kind: 'missing-migration' }]);
    expect(unique.findings[0]!.message).toContain('CREATE UNIQUE INDEX "Tenant_name_key" ON "Tenant"("name");');
  });

  it("a retried commit reads the engine's answer from .git/shipguard/prisma-diff/: the same finding, no engine loaded; an edited schema is diffed again", () => {
    const repo = tenantRepo();
    // A unique index: a change the engine decides (the String -> enum change needs no engine at a hook).
    repo.write('prisma/schema.prisma', edit(SCHEMA, '  name      String\n', '  name      String   @unique\n'));
    repo.gitOk(['add', '-A']);
    const first = runJson(repo, ['pre-commit'], { SHIPGUARD_DEBUG: '1' });
    expect(first.stderr).toContain('loaded @prisma/schema-engine-wasm');
    const again = runJson(repo, ['pre-commit'], { SHIPGUARD_DEBUG: '1' });
    expect(again.code).toBe(1);
    expect(again.findings).toEqual(first.findings);
    expect(again.findings).toMatchObject([{ ruleId: 'prisma-migration', kind: 'missing-migration', file: 'prisma/schema.prisma', line: 12 }]);
    expect(again.stderr).not.toContain('loaded @prisma/schema-engine-wasm');
    expect(again.notes.map((note) => note.text).join('\n')).toContain("The schema engine's answer for these two schemas was read from .git/shipguard/prisma-diff/");
    const entries = readdirSync(repo.path('.git', 'shipguard', 'prisma-diff'));
    expect(entries).toHaveLength(1);
    expect(statSync(repo.path('.git', 'shipguard', 'prisma-diff', entries[0]!)).mode & 0o777).toBe(0o600);

    // Control: another change to the same schema is diffed by the engine, and refused for its own SQL.
    repo.write('prisma/schema.prisma', edit(SCHEMA, '  name      String\n', '  name      String   @default("unnamed")\n'));
    repo.gitOk(['add', '-A']);
    const edited = runJson(repo, ['pre-commit'], { SHIPGUARD_DEBUG: '1' });
    expect(edited.stderr).toContain('loaded @prisma/schema-engine-wasm');
    expect(edited.findings).toMatchObject([{ kind: 'missing-migration' }]);
    expect(edited.findings[0]!.message).toContain(`ALTER COLUMN "name" SET DEFAULT 'unnamed'`);
    expect(first.findings[0]!.message).not.toContain('unnamed');
  });

  it('lets comment, formatting, /// doc and generator changes through: the database does not change', () => {
    const repo = tenantRepo();
    const cosmetic = edit(
      SCHEMA,
      ['model Tenant {', '// Customers of the platform.\n/// A tenant owns users.\nmodel Tenant {'],
      ['  name      String\n', '  name String // display name\n'],
      ['provider = "prisma-client-js"', 'provider = "prisma-client-js"\n  previewFeatures = []'],
    );
    repo.write('prisma/schema.prisma', cosmetic);
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.findings).toEqual([]);
    expect(report.code).toBe(0);
  });

  it('lets a field rename through when @map keeps the column, and refuses it without @map', () => {
    const repo = tenantRepo();
    repo.write('prisma/schema.prisma', edit(SCHEMA, '  name      String\n', '  displayName String @map("name")\n'));
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toEqual([]);

    repo.write('prisma/schema.prisma', edit(SCHEMA, '  name      String\n', '  displayName String\n'));
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.code).toBe(1);
    expect(report.findings[0]!.message).toContain('drop column "Tenant"."name"');
    expect(report.findings[0]!.message).toContain('add column "Tenant"."displayName" (String)');
  });

  it('names a new table once with its columns, and defaults as the schema writes them (incident 3: models without their migration)', () => {
    const repo = tenantRepo();
    const withAudit = edit(SCHEMA, '  createdAt DateTime @default(now())\n', '  createdAt DateTime @default(now())\n  checkedAt DateTime @default(now())\n');
    repo.write('prisma/schema.prisma', `${withAudit}\nmodel AuditLog {\n  id     String @id @default(cuid())\n  action String\n}\n`);
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.findings).toMatchObject([{ kind: 'missing-migration' }]);
    const message = report.findings[0]!.message;
    expect(message).toContain('The database changes: add column "Tenant"."checkedAt" (DateTime default now()); add table "AuditLog" (id, action)');
    expect(message).not.toContain('add column "AuditLog"');
    expect(report.findings[0]!.hint).toContain('npx prisma migrate dev --name add_tenant_checked_at_and_add_audit_log');
  });

  it('lets @ignore through (the datamodel drops the field, the column stays), and refuses removing the field', () => {
    const repo = tenantRepo();
    repo.write('prisma/schema.prisma', edit(SCHEMA, '  createdAt DateTime @default(now())\n', '  createdAt DateTime @default(now()) @ignore\n'));
    repo.gitOk(['add', '-A']);
    const ignored = runJson(repo, ['pre-commit'], { SHIPGUARD_DEBUG: '1' });
    expect(ignored.findings).toEqual([]);
    expect(ignored.stderr).toContain('loaded @prisma/schema-engine-wasm'); // the datamodels cannot tell: the engine decides

    repo.write('prisma/schema.prisma', edit(SCHEMA, '  createdAt DateTime @default(now())\n', ''));
    repo.gitOk(['add', '-A']);
    const removed = runJson(repo, ['pre-commit']);
    expect(removed.findings).toMatchObject([{ kind: 'missing-migration' }]);
    expect(removed.findings[0]!.message).toContain('drop column "Tenant"."createdAt"');
  });

  it('warns (not errors) about a migration added without a schema change: data migrations are legitimate', () => {
    const repo = tenantRepo();
    repo.write('prisma/migrations/20240303000000_backfill_names/migration.sql', `UPDATE "Tenant" SET "name" = 'unknown' WHERE "name" = '';\n`);
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.code).toBe(0);
    expect(report.findings).toMatchObject([
      { kind: 'migration-without-schema-change', severity: 'warn', file: 'prisma/migrations/20240303000000_backfill_names/migration.sql' },
    ]);
    expect(report.findings[0]!.message).toContain('New migration 20240303000000_backfill_names comes with no schema change');

    const strict = tenantRepo({ 'prisma-migration': ['error', { migrationWithoutSchemaChange: 'error' }] });
    strict.write('prisma/migrations/20240303000000_backfill_names/migration.sql', 'SELECT 1;\n');
    strict.gitOk(['add', '-A']);
    expect(runJson(strict, ['pre-commit']).code).toBe(1);
  });

  it('asks for no migration in a project that has never committed one (auto: a db push project), and mentions push when told to migrate', () => {
    const repo = prismaRepo();
    repo.write('prisma/schema.prisma', SCHEMA);
    repo.commitAll('schema, no migrations');
    repo.write('prisma/schema.prisma', statusToEnum(SCHEMA));
    repo.gitOk(['add', '-A']);
    const auto = runJson(repo, ['pre-commit']);
    expect(auto.findings).toEqual([]);
    expect(auto.code).toBe(0);
    expect(auto.notes.map((note) => note.text).join('\n')).toContain('prisma/schema.prisma: push mode (no migration files for prisma/schema.prisma anywhere in the tree');

    repo.write('.shipguardrc.json', JSON.stringify({ rules: { 'prisma-migration': ['error', { mode: 'migrate' }] } }));
    const report = runJson(repo, ['pre-commit']);
    expect(report.findings).toMatchObject([{ kind: 'missing-migration' }]);
    expect(report.findings[0]!.hint).toContain('No migration of this project is committed yet: if it uses `prisma db push` instead of migrations, set its mode to push');
  });

  it('never asks a MongoDB schema for a migration (Prisma has none for it), even in migrate mode', () => {
    const repo = prismaRepo({ 'prisma-migration': ['error', { mode: 'migrate' }] });
    const schema = (fields: string) =>
      `datasource db {\n  provider = "mongodb"\n  url      = env("DATABASE_URL")\n}\n\nmodel User {\n  id    String @id @default(auto()) @map("_id") @db.ObjectId\n  email String @unique\n${fields}}\n`;
    repo.write('prisma/schema.prisma', schema(''));
    repo.commitAll('mongodb schema');
    repo.write('prisma/schema.prisma', schema('  name  String?\n'));
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.findings).toEqual([]);
    expect(report.code).toBe(0);
  });

  it('passes a new schema with its first migration, and warns when the previous schema cannot be compared', () => {
    const repo = prismaRepo();
    repo.write('prisma/schema.prisma', SCHEMA);
    repo.write('prisma/migrations/20240101000000_init/migration.sql', fixture('tenant', 'migrations', '20240101000000_init', 'migration.sql'));
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toEqual([]);

    repo.write('prisma/schema.prisma', edit(SCHEMA, '  name      String\n', '  name      Strng\n'));
    repo.commitAll('broken schema committed with --no-verify');
    repo.write('prisma/schema.prisma', edit(SCHEMA, '  name      String\n', '  name      String?\n'));
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.findings).toMatchObject([{ kind: 'unverified', severity: 'warn', file: 'prisma/schema.prisma' }]);
    expect(report.findings[0]!.message).toContain('The previous prisma/schema.prisma does not validate');
  });

  it('does not count an empty migration.sql as the migration', () => {
    const repo = tenantRepo();
    repo.write('prisma/schema.prisma', statusToEnum(SCHEMA));
    repo.write('prisma/migrations/20240202000000_tenant_status_enum/migration.sql', '\n');
    repo.gitOk(['add', '-A']);
    expect(kinds(runJson(repo, ['pre-commit']))).toEqual(['missing-migration']);
  });
});

describe('prisma-migration: over a push or a CI range', () => {
  it('passes a push of a schema commit followed by its migration commit, and refuses a schema-only push', () => {
    const repo = tenantRepo();
    repo.addBareRemote();
    repo.gitOk(['push', '-q', '--no-verify', '-u', 'origin', 'feature']);

    repo.write('prisma/schema.prisma', statusToEnum(SCHEMA));
    repo.commitAll('schema: tenant status enum');
    repo.write('prisma/migrations/20240202000000_tenant_status_enum/migration.sql', STATUS_ENUM_SQL);
    repo.commitAll('migration for the enum');
    const pushed = repo.git(['push', 'origin', 'feature']);
    expect(pushed.output).toContain('shipguard pre-push:');
    expect(pushed.code).toBe(0);

    repo.write('prisma/schema.prisma', edit(statusToEnum(SCHEMA), '  SUSPENDED\n', '  SUSPENDED\n  CANCELLED\n'));
    repo.commitAll('schema: cancelled tenants');
    repo.write('README.md', 'docs\n');
    repo.commitAll('docs');
    const refused = repo.git(['push', 'origin', 'feature']);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('changes the database but this push adds no migration');
    expect(refused.output).toContain('change enum "TenantStatus": ACTIVE, SUSPENDED -> ACTIVE, SUSPENDED, CANCELLED');
  });

  it('catches a schema commit made with --no-verify in `shipguard ci`', () => {
    const repo = tenantRepo();
    const base = repo.gitOk(['rev-parse', 'HEAD']);
    repo.write('prisma/schema.prisma', statusToEnum(SCHEMA));
    repo.commitAll('skipped the hook');
    const ci = repo.shipguard(['ci', '--base', base]);
    expect(ci.code).toBe(1);
    expect(ci.output).toContain('changes the database but this commit adds no migration');
    repo.write('README.md', 'docs\n');
    repo.commitAll('docs');
    const range = repo.shipguard(['ci', '--base', base]);
    expect(range.code).toBe(1);
    expect(range.output).toContain('changes the database but this range adds no migration');
  });
});

describe('prisma-migration: messages', () => {
  it('says what a migration without a database change comes with, in a sentence that reads', () => {
    const repo = tenantRepo();
    repo.write('prisma/schema.prisma', edit(SCHEMA, '  name      String\n', '  title     String   @map("name")\n'));
    repo.write('prisma/migrations/20240303000000_backfill/migration.sql', `UPDATE "Tenant" SET "name" = 'unknown' WHERE "name" = '';\n`);
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.findings).toMatchObject([{ kind: 'migration-without-schema-change', severity: 'warn' }]);
    expect(report.findings[0]!.message).toBe(
      'New migration 20240303000000_backfill comes with a schema change that does not change the database in prisma/schema.prisma.',
    );
  });

  it('reports an empty or NUL-filled schema as invalid, not as dropping every table', () => {
    for (const content of ['', '\0\0\0\0\0\0\0\0\n']) {
      const repo = tenantRepo();
      repo.write('prisma/schema.prisma', content);
      repo.gitOk(['add', '-A']);
      const report = runJson(repo, ['pre-commit']);
      expect(report.code).toBe(1);
      expect(report.findings).toMatchObject([{ kind: 'invalid-schema', file: 'prisma/schema.prisma', line: 1 }]);
      expect(report.output).not.toContain('DROP TABLE');
      expect(report.output).not.toContain('--name drop_');
    }
  });
});

describe('prisma-migration: speed', () => {
  it('loads no Prisma engine for a comment-only or layout-only schema edit, nor for a package.json-only commit', () => {
    const repo = tenantRepo();
    repo.write('prisma/schema.prisma', edit(SCHEMA, ['model Tenant {', '// Customers.\nmodel Tenant {'], ['  name      String\n', '  name String   // display name\n']));
    repo.gitOk(['add', '-A']);
    const run = repo.shipguard(['pre-commit'], { env: { SHIPGUARD_DEBUG: '1' } });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('rule prisma-migration: 0 findings');
    expect(run.stderr).not.toContain('loaded @prisma');

    // Nor for a commit that only changes package.json dependencies.
    repo.gitOk(['reset', '-q', '--hard']);
    repo.write('package.json', JSON.stringify({ name: 'fixture', private: true, dependencies: { zod: '^3.23.0' } }));
    repo.gitOk(['add', '-A']);
    const other = repo.shipguard(['pre-commit'], { env: { SHIPGUARD_DEBUG: '1' } });
    expect(other.code).toBe(0);
    expect(other.stderr).not.toContain('loaded @prisma');
    expect(other.stderr).not.toContain('loaded typescript');
  });
});
