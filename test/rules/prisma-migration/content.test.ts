// The migration must do what the schema change needs (its DDL names the tables, columns, indexes and
// enums the engine's diff touches), and a schema brought back in line with the existing migrations
// needs none.
import { describe, expect, it } from 'vitest';
import { edit } from '../../helpers/repo.js';
import { fixture, prismaRepo, runJson, statusToEnum, tenantRepo } from '../../helpers/prisma.js';

const SCHEMA = fixture('tenant', 'schema.prisma');
const ADD_SLUG = (schema: string) => edit(schema, '  name      String\n', '  name      String\n  slug      String   @unique\n');
const SLUG_SQL = '-- AlterTable\nALTER TABLE "Tenant" ADD COLUMN "slug" TEXT NOT NULL;\n\n-- CreateIndex\nCREATE UNIQUE INDEX "Tenant_slug_key" ON "Tenant"("slug");\n';
const MIGRATION = 'prisma/migrations/20240202000000_tenant_slug/migration.sql';

describe('prisma-migration: the migration matches the schema change', () => {
  it('refuses a migration that only says SELECT 1 next to a new unique column, naming what it leaves out; passes one that does the change', () => {
    const repo = tenantRepo();
    repo.write('prisma/schema.prisma', ADD_SLUG(SCHEMA));
    repo.write(MIGRATION, 'SELECT 1;\n');
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.code).toBe(1);
    expect(report.findings).toMatchObject([{ kind: 'incomplete-migration', file: MIGRATION, line: 1, severity: 'error' }]);
    expect(report.findings[0]!.message).toContain(
      'Migration 20240202000000_tenant_slug does not create, change or drop table "Tenant", column "Tenant"."slug", unique index "Tenant_slug_key" on "Tenant"("slug"), which the change to prisma/schema.prisma needs',
    );
    expect(report.findings[0]!.message).toContain('CREATE UNIQUE INDEX "Tenant_slug_key" ON "Tenant"("slug");');

    // The generated migration passes, and so does a hand-written one in another style (unquoted, lower case, DO block).
    repo.write(MIGRATION, SLUG_SQL);
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toEqual([]);

    repo.write(MIGRATION, `DO $$ BEGIN\n  alter table tenant add column if not exists slug text not null default '';\nEND $$;\ncreate unique index concurrently tenant_slug on tenant (slug);\n`);
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toEqual([]);
  });

  it('refuses a migration that adds the column but not its unique index', () => {
    const repo = tenantRepo();
    repo.write('prisma/schema.prisma', ADD_SLUG(SCHEMA));
    repo.write(MIGRATION, 'ALTER TABLE "Tenant" ADD COLUMN "slug" TEXT NOT NULL;\n');
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.findings).toMatchObject([{ kind: 'incomplete-migration' }]);
    expect(report.findings[0]!.message).toContain('does not create, change or drop unique index "Tenant_slug_key" on "Tenant"("slug"), which');
  });

  it('reads a SQLite table redefinition (new_X created, copied, renamed) as changing that table', () => {
    const repo = prismaRepo();
    const sqlite = 'datasource db {\n  provider = "sqlite"\n}\n\nmodel Note {\n  id    Int    @id @default(autoincrement())\n  title String\n}\n';
    repo.write('prisma/schema.prisma', sqlite);
    repo.write('prisma/migrations/20240101000000_init/migration.sql', 'CREATE TABLE "Note" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "title" TEXT NOT NULL);\n');
    repo.commitAll('notes');
    repo.write('prisma/schema.prisma', edit(sqlite, '  title String\n', '  title String?\n'));
    repo.write(
      'prisma/migrations/20240202000000_optional_title/migration.sql',
      'PRAGMA foreign_keys=OFF;\nCREATE TABLE "new_Note" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "title" TEXT);\nINSERT INTO "new_Note" ("id", "title") SELECT "id", "title" FROM "Note";\nDROP TABLE "Note";\nALTER TABLE "new_Note" RENAME TO "Note";\nPRAGMA foreign_keys=ON;\n',
    );
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toEqual([]);

    repo.write('prisma/migrations/20240202000000_optional_title/migration.sql', 'UPDATE "Note" SET "title" = \'\' WHERE "title" IS NULL;\n');
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toMatchObject([{ kind: 'incomplete-migration' }]);
  });

  it('can be lowered to a warning or turned off (migrationContent)', () => {
    const repo = tenantRepo({ 'prisma-migration': ['error', { migrationContent: 'warn' }] });
    repo.write('prisma/schema.prisma', ADD_SLUG(SCHEMA));
    repo.write(MIGRATION, 'SELECT 1;\n');
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.code).toBe(0);
    expect(report.findings).toMatchObject([{ kind: 'incomplete-migration', severity: 'warn' }]);
  });
});

describe('prisma-migration: a schema brought back in line with the migrations', () => {
  it('passes a revert of a schema-only change: the schema is again what it was when the last migration was written', () => {
    const repo = tenantRepo();
    repo.write('prisma/schema.prisma', ADD_SLUG(SCHEMA));
    repo.write(MIGRATION, SLUG_SQL);
    repo.commitAll('tenant slug with its migration');
    repo.write('prisma/schema.prisma', SCHEMA);
    repo.commitAll('drop the slug from the schema (hook skipped, no migration)');
    repo.write('prisma/schema.prisma', ADD_SLUG(SCHEMA));
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.findings).toEqual([]);
    expect(report.notes.map((note) => note.text).join('\n')).toMatch(/no migration needed: the schema is back to what it was in [0-9a-f]{12}, the last commit that changed prisma\/migrations/);

    // The control: the schema-only drop itself is refused.
    repo.gitOk(['reset', '-q', '--hard', 'HEAD~1']);
    repo.write('prisma/schema.prisma', SCHEMA);
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toMatchObject([{ kind: 'missing-migration' }]);
  });

  it('passes constraint and index names brought in line with a migration rewritten just before (umami, MySQL)', () => {
    const repo = prismaRepo();
    const schema = (relation: string, index: string) =>
      `datasource db {\n  provider = "mysql"\n}\n\nmodel website {\n  website_id Int     @id @default(autoincrement())\n  event      event[]\n}\n\nmodel event {\n  event_id   Int     @id @default(autoincrement())\n  website_id Int\n  website    website @relation(fields: [website_id], references: [website_id]${relation})\n\n  @@index([website_id]${index})\n}\n`;
    repo.write('db/mysql/schema.prisma', schema('', ', map: "event_website_idx"'));
    repo.write('db/mysql/migrations/01_init/migration.sql', 'CREATE TABLE `website` (`website_id` INTEGER NOT NULL AUTO_INCREMENT, PRIMARY KEY (`website_id`));\nCREATE TABLE `event` (`event_id` INTEGER NOT NULL AUTO_INCREMENT, `website_id` INTEGER NOT NULL, INDEX `event_website_idx`(`website_id`), PRIMARY KEY (`event_id`));\nALTER TABLE `event` ADD CONSTRAINT `event_website_id_fkey` FOREIGN KEY (`website_id`) REFERENCES `website`(`website_id`) ON DELETE RESTRICT ON UPDATE CASCADE;\n');
    repo.commitAll('mysql schema and init migration');
    // The init migration is rewritten (before any release) with the names and cascades the team wants...
    repo.write('db/mysql/migrations/01_init/migration.sql', 'CREATE TABLE `website` (`website_id` INTEGER NOT NULL AUTO_INCREMENT, PRIMARY KEY (`website_id`));\nCREATE TABLE `event` (`event_id` INTEGER NOT NULL AUTO_INCREMENT, `website_id` INTEGER NOT NULL, INDEX `event_website_id_idx`(`website_id`), PRIMARY KEY (`event_id`), CONSTRAINT `event_ibfk_1` FOREIGN KEY (`website_id`) REFERENCES `website` (`website_id`) ON DELETE CASCADE ON UPDATE NO ACTION);\n');
    repo.commitAll('Updated mysql migration file.');
    // ...and the schema is fixed to match it, minutes later.
    repo.write('db/mysql/schema.prisma', schema(', onDelete: Cascade, onUpdate: NoAction, map: "event_ibfk_1"', ''));
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.findings).toEqual([]);
    expect(report.notes.map((note) => note.text).join('\n')).toMatch(/no migration needed: 01_init, changed in [0-9a-f]{12} without a schema change, already makes these changes/);

    // The control: a change the rewritten migration does not make (a new column) is still refused.
    repo.write('db/mysql/schema.prisma', edit(schema(', onDelete: Cascade, onUpdate: NoAction, map: "event_ibfk_1"', ''), '  website_id Int\n', '  website_id Int\n  url        String?\n'));
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toMatchObject([{ kind: 'missing-migration' }]);

    // Nor is the migration commit of a schema-then-migration pair taken as covering the next schema change.
    const pair = tenantRepo();
    pair.write('prisma/schema.prisma', statusToEnum(SCHEMA));
    pair.commitAll('schema: tenant status enum');
    pair.write('prisma/migrations/20240202000000_tenant_status_enum/migration.sql', fixture('tenant', 'status-enum.sql'));
    pair.commitAll('its migration');
    pair.write('prisma/schema.prisma', edit(statusToEnum(SCHEMA), '  SUSPENDED\n', '  SUSPENDED\n  CANCELLED\n'));
    pair.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toMatchObject([{ kind: 'missing-migration' }]);
  });
});
