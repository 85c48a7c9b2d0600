// The project's own Prisma decides: Prisma 5, 6 and 7 really installed (scripts/prisma-versions.mjs),
// or only named by the lockfile (a clone without node_modules). trigger.dev pinned Prisma 6.14 with
// previewFeatures = ["metrics"], which Prisma 7 no longer knows: every schema commit was refused.
import { describe, expect, it } from 'vitest';
import { edit, type TestRepo } from '../../helpers/repo.js';
import { fixture, installPrisma as install, prismaRepo, runJson, type JsonReport } from '../../helpers/prisma.js';

// Prisma 6's preview features and url/directUrl, shared by the two rules' version tests.
const SCHEMA = fixture('versions', 'schema.prisma');
const INIT = 'CREATE TABLE "User" ("id" TEXT NOT NULL, "email" TEXT NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));\nCREATE UNIQUE INDEX "User_email_key" ON "User"("email");\n';
const WITH_NAME = edit(SCHEMA, '  email String @unique\n', '  email String @unique\n  name  String?\n');
const NAME_SQL = 'ALTER TABLE "User" ADD COLUMN "name" TEXT;\n';

/** trigger.dev's shape: internal-packages/database with the schema, pinned to `version` in package.json. */
function project(version: string, schema = SCHEMA): TestRepo {
  const repo = prismaRepo();
  repo.write('package.json', JSON.stringify({ name: 'database', private: true, dependencies: { '@prisma/client': version, prisma: version } }));
  repo.write('prisma/schema.prisma', schema);
  repo.write('prisma/migrations/20240101000000_init/migration.sql', INIT);
  repo.commitAll(`database on Prisma ${version}`);
  return repo;
}

function notes(report: JsonReport): string {
  return report.notes.map((note) => note.text).join('\n');
}

function stage(repo: TestRepo, schema: string, migration?: string): void {
  repo.write('prisma/schema.prisma', schema);
  if (migration) repo.write('prisma/migrations/20240202000000_user_name/migration.sql', migration);
  repo.gitOk(['add', '-A']);
}

describe('prisma-migration judges with the Prisma version the project installs', () => {
  it('Prisma 6.14 installed: accepts its preview features, validates and diffs with its own engines', { timeout: 180_000 }, () => {
    const repo = project('6.14.0');
    install(repo, '6.14.0');
    stage(repo, WITH_NAME, NAME_SQL);
    const passed = runJson(repo, ['pre-commit']);
    expect(passed.findings).toEqual([]);
    expect(notes(passed)).toContain('prisma/schema.prisma: the project uses Prisma 6.14.0 (node_modules/@prisma/client 6.14.0).');
    expect(notes(passed)).toContain("Validated and diffed by Prisma 6.14.0-25.717184b7b35ea05dfa71a3236b7af656013e1e49 (the project's node_modules).");

    stage(repo, WITH_NAME.replace('  name  String?\n', '  name  Strin?\n'));
    const invalid = runJson(repo, ['pre-commit']);
    expect(invalid.findings).toMatchObject([{ kind: 'invalid-schema', severity: 'error', file: 'prisma/schema.prisma', line: 15 }]);

    stage(repo, WITH_NAME, undefined);
    repo.gitOk(['rm', '-r', '-q', '-f', 'prisma/migrations/20240202000000_user_name']);
    const missing = runJson(repo, ['pre-commit']);
    expect(missing.findings).toMatchObject([{ kind: 'missing-migration' }]);
    expect(missing.findings[0]!.message).toContain('(decided by Prisma 6.14.0 schema engine diff)');
  });

  it('Prisma 5.22 installed: validated by 5.22, diffed by the schema engine shipguard has (5 ships none as wasm)', { timeout: 180_000 }, () => {
    const repo = project('5.22.0');
    install(repo, '5.22.0');
    stage(repo, WITH_NAME);
    // At a hook, a new column needs no engine: the datamodels of Prisma 5.22 decide.
    const hook = runJson(repo, ['pre-commit']);
    expect(hook.findings).toMatchObject([{ kind: 'missing-migration' }]);
    expect(hook.findings[0]!.message).toContain('(decided by Prisma 5.22.0 datamodel comparison). The database changes: add column "User"."name" (String?)');
    // ci diffs with an engine: shipguard's, since Prisma 5 has none as wasm.
    repo.gitOk(['commit', '-q', '--no-verify', '-m', 'name']);
    const report = runJson(repo, ['ci', '--base', 'HEAD~1']);
    expect(report.findings).toMatchObject([{ kind: 'missing-migration' }]);
    expect(report.findings[0]!.message).toContain('ALTER TABLE "User" ADD COLUMN     "name" TEXT;');
    expect(notes(report)).toContain('the project uses Prisma 5.22.0 (node_modules/prisma 5.22.0)');
    expect(notes(report)).toContain("Validated by Prisma 5.22.0-44.605197351a3c8bdd595af2d2a9bc3025bca48ea2 (the project's node_modules).");
    expect(notes(report)).toMatch(/Diffed by Prisma 7\.\d+\.\d+-[^ ]+'s schema engine \(Prisma 5\.22\.0-[^ ]+ has no schema-engine wasm\)\./);
  });

  it('Prisma 7 installed: a preview feature Prisma 7 dropped is an invalid schema', { timeout: 180_000 }, () => {
    const repo = project('7.10.0', SCHEMA.replace(/ {2}url .*\n {2}directUrl .*\n/, ''));
    install(repo, '7.10.0');
    stage(repo, WITH_NAME.replace(/ {2}url .*\n {2}directUrl .*\n/, ''), NAME_SQL);
    const report = runJson(repo, ['pre-commit']);
    expect(report.code).toBe(1);
    expect(report.findings).toMatchObject([{ kind: 'invalid-schema', severity: 'error' }]);
    expect(report.findings[0]!.message).toContain('The preview feature "metrics" is not known');
    expect(notes(report)).toContain('the project uses Prisma 7.10.0 (node_modules/@prisma/client 7.10.0)');
  });

  it('Prisma 6.14 named only by the lockfile: what only Prisma 7 rejects is not held against it, and the migration check still runs', () => {
    const repo = project('^6.14.0');
    repo.write('package-lock.json', JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/prisma': { version: '6.14.0' }, 'node_modules/@prisma/client': { version: '6.14.0' } } }, null, 2));
    repo.commitAll('lockfile');
    stage(repo, WITH_NAME, NAME_SQL);
    const passed = runJson(repo, ['pre-commit']);
    expect(passed.findings).toEqual([]);
    expect(notes(passed)).toContain('the project uses Prisma 6.14.0 (package-lock.json)');
    expect(notes(passed)).toMatch(/Judged by Prisma 7\.[^ ]+ \(shipguard's @prisma\/internals\) without the preview feature\(s\) metrics, which it does not know\./);

    repo.gitOk(['rm', '-r', '-q', '-f', 'prisma/migrations/20240202000000_user_name']);
    expect(runJson(repo, ['pre-commit']).findings).toMatchObject([{ kind: 'missing-migration' }]);
  });
});
