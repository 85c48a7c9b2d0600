// Migrations other environments applied are never edited, deleted or renamed; ones that exist only in
// local commits are still free to change. migration_lock.toml keeps its provider.
import { describe, expect, it } from 'vitest';
import { fixture, kinds, runJson, tenantRepo } from '../../helpers/prisma.js';
import { edit } from '../../helpers/repo.js';

const INIT = 'prisma/migrations/20240101000000_init/migration.sql';
const INIT_SQL = fixture('tenant', 'migrations', '20240101000000_init', 'migration.sql');

function pushedTenantRepo() {
  const repo = tenantRepo();
  repo.addBareRemote();
  repo.gitOk(['push', '-q', '--no-verify', '-u', 'origin', 'feature']);
  return repo;
}

describe('prisma-migration: immutable migrations', () => {
  it('refuses editing a migration that is already on the remote, through the real pre-commit hook', () => {
    const repo = pushedTenantRepo();
    repo.write(INIT, edit(INIT_SQL, `DEFAULT 'ACTIVE'`, `DEFAULT 'TRIAL'`));
    repo.gitOk(['add', '-A']);
    const refused = repo.git(['commit', '-m', 'fix default']);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(INIT);
    expect(refused.output).toContain(`Migration 20240101000000_init is already on origin/feature and is edited here: every database that applied it fails Prisma's checksum check`);
    expect(refused.output).toContain('prisma-migration/migration-edited');
    expect(refused.output).toMatch(/Restore it \(git checkout [0-9a-f]{12} -- prisma\/migrations\/20240101000000_init\/migration\.sql\)/);
  });

  it('allows editing a migration that exists only in local, unpushed commits', () => {
    const repo = pushedTenantRepo();
    const draft = 'prisma/migrations/20240202000000_draft/migration.sql';
    repo.write(draft, 'ALTER TABLE "Tenant" ADD COLUMN "plan" TEXT;\n');
    repo.commitAll('draft migration, not pushed yet');
    repo.write(draft, `ALTER TABLE "Tenant" ADD COLUMN "plan" TEXT NOT NULL DEFAULT 'free';\n`);
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit'], { SHIPGUARD_DEBUG: '1' });
    expect(kinds(report)).not.toContain('migration-edited');
    expect(report.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(report.code).toBe(0);
  });

  it('refuses at pre-push an edit committed with --no-verify, and allows the same edit to a migration the remote never had', () => {
    const repo = pushedTenantRepo();
    repo.write(INIT, `${INIT_SQL}\n-- tweak\nCREATE INDEX "Tenant_name_idx" ON "Tenant"("name");\n`);
    repo.commitAll('edit the pushed init migration');
    const refused = repo.git(['push', 'origin', 'feature']);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('Migration 20240101000000_init is already on origin and is edited here');

    // A migration added and then edited in commits the remote does not have yet: fine to push.
    repo.gitOk(['reset', '-q', '--hard', 'origin/feature']);
    const backfill = 'prisma/migrations/20240202000000_backfill/migration.sql';
    repo.write(backfill, `UPDATE "Tenant" SET "status" = 'ACTIVE';\n`);
    repo.commitAll('backfill migration');
    repo.write(backfill, `UPDATE "Tenant" SET "status" = 'ACTIVE' WHERE "status" = '';\n`);
    repo.commitAll('narrow the backfill');
    const allowed = repo.git(['push', 'origin', 'feature']);
    expect(allowed.output).toContain('shipguard pre-push');
    expect(allowed.output).not.toContain('migration-edited');
    expect(allowed.code).toBe(0);
  });

  it('refuses deleting and renaming a pushed migration', () => {
    const repo = pushedTenantRepo();
    repo.gitOk(['rm', '-q', INIT]);
    expect(runJson(repo, ['pre-commit']).findings).toMatchObject([{ kind: 'migration-deleted', file: INIT, severity: 'error' }]);

    repo.gitOk(['reset', '-q', '--hard']);
    repo.gitOk(['mv', 'prisma/migrations/20240101000000_init', 'prisma/migrations/20240101000000_initial']);
    const renamed = runJson(repo, ['pre-commit']);
    expect(renamed.findings).toMatchObject([{ kind: 'migration-renamed', file: 'prisma/migrations/20240101000000_initial/migration.sql' }]);
    expect(renamed.findings[0]!.message).toContain('Prisma will see the old one missing and apply the new one again');
  });

  it('reports a line-ending-only change as such, as a warning', () => {
    const repo = pushedTenantRepo();
    repo.write(INIT, edit(INIT_SQL, /\n/g, '\r\n'));
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.code).toBe(0);
    expect(report.findings).toMatchObject([{ kind: 'migration-line-endings', severity: 'warn', file: INIT }]);
    expect(report.findings[0]!.message).toContain('Only the line endings of migration 20240101000000_init changed');
    expect(report.findings[0]!.hint).toContain('*.sql text eol=lf');
  });

  it('refuses a provider change in migration_lock.toml', () => {
    const repo = tenantRepo();
    repo.write('prisma/migrations/migration_lock.toml', edit(fixture('tenant', 'migrations', 'migration_lock.toml'), '"postgresql"', '"mysql"'));
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.code).toBe(1);
    expect(report.findings).toMatchObject([{ kind: 'lock-provider-changed', file: 'prisma/migrations/migration_lock.toml', line: 3 }]);
    expect(report.findings[0]!.message).toContain('switches the migration provider from postgresql to mysql');
  });

  it('can be told to allow rewriting migrations (immutableMigrations: false)', () => {
    const repo = tenantRepo({ 'prisma-migration': ['error', { immutableMigrations: false }] });
    repo.addBareRemote();
    repo.gitOk(['push', '-q', '--no-verify', '-u', 'origin', 'feature']);
    repo.write(INIT, `${INIT_SQL}-- note\n`);
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toEqual([]);
  });
});

describe('prisma-migration: "already applied somewhere" is a remote branch, a tag or the default branch', () => {
  const DRAFT = 'prisma/migrations/20240202000000_plan/migration.sql';
  const PLAN_SCHEMA = edit(fixture('tenant', 'schema.prisma'), '  name      String\n', '  name      String\n  plan      String?\n');

  /** main holds the tenant project; `feature` adds a draft migration for a plan column in a local commit. */
  function draftOnFeature() {
    const repo = tenantRepo({}, '');
    repo.gitOk(['branch', '-q', '-m', 'main']);
    repo.gitOk(['checkout', '-q', '-b', 'feature']);
    repo.write('prisma/schema.prisma', PLAN_SCHEMA);
    repo.write(DRAFT, 'ALTER TABLE "Tenant" ADD COLUMN "plan" TEXT;\n');
    repo.commitAll('draft: tenant plan');
    return repo;
  }

  it('lets a feature branch rework its own unpushed migration together with the schema', () => {
    const repo = draftOnFeature();
    repo.write('prisma/schema.prisma', edit(PLAN_SCHEMA, '  plan      String?\n', '  plan      String   @default("free")\n'));
    repo.write(DRAFT, `ALTER TABLE "Tenant" ADD COLUMN "plan" TEXT NOT NULL DEFAULT 'free';\n`);
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.findings).toEqual([]);
    expect(report.code).toBe(0);
  });

  it('refuses the same edit once the migration is on the default branch or in a tag', () => {
    const repo = draftOnFeature();
    repo.gitOk(['branch', '-q', '-f', 'main', 'feature']); // merged into main (not pushed anywhere)
    repo.write(DRAFT, `ALTER TABLE "Tenant" ADD COLUMN "plan" TEXT NOT NULL DEFAULT 'free';\n`);
    repo.gitOk(['add', '-A']);
    const onMain = runJson(repo, ['pre-commit']);
    expect(onMain.code).toBe(1);
    expect(onMain.findings[0]!.message).toContain('Migration 20240202000000_plan is already on the default branch main and is edited here');

    repo.gitOk(['branch', '-q', '-f', 'main', 'HEAD~1']);
    repo.gitOk(['tag', 'v1.0.0', 'HEAD']);
    const tagged = runJson(repo, ['pre-commit']);
    expect(tagged.code).toBe(1);
    expect(tagged.findings[0]!.message).toContain('Migration 20240202000000_plan is already in tag v1.0.0 and is edited here');
  });

  it('in ci, what is in the base commit is applied; what the range itself added is not', () => {
    const repo = draftOnFeature();
    const base = repo.gitOk(['rev-parse', 'main']);
    repo.write(DRAFT, `ALTER TABLE "Tenant" ADD COLUMN "plan" TEXT NOT NULL DEFAULT 'free';\n`);
    repo.write('prisma/schema.prisma', edit(PLAN_SCHEMA, '  plan      String?\n', '  plan      String   @default("free")\n'));
    repo.commitAll('rework the draft');
    expect(runJson(repo, ['ci', '--base', base]).findings).toEqual([]);

    const refused = runJson(repo, ['ci', '--base', 'HEAD~1']);
    expect(refused.code).toBe(1);
    expect(refused.findings[0]!.message).toMatch(/^Migration 20240202000000_plan is already in the base commit [0-9a-f]{12} and is edited here/);
  });
});
