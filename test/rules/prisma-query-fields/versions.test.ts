// prisma-query-fields reads the schema with the Prisma version the project installs (5, 6 and 7 really
// installed by scripts/prisma-versions.mjs). trigger.dev pins Prisma 6 with previewFeatures = ["metrics"],
// which Prisma 7 no longer knows: its calls were "not checked", 0 calls checked.
import { describe, expect, it } from 'vitest';
import { type TestRepo } from '../../helpers/repo.js';
import { fixture, installPrisma, prismaRepo, runJson, type JsonReport } from '../../helpers/prisma.js';

// Prisma 6's preview features and url/directUrl, shared by the two rules' version tests.
const SCHEMA = fixture('versions', 'schema.prisma');

const QUERY = `import { prisma } from './db';

export function byEmail(email: string) {
  return prisma.user.findFirst({
    where: { email },
  });
}
`;
const MISSPELLED = QUERY.replace('where: { email }', 'where: { emial: email }');

/** A project pinned to `version` in package.json, its schema and migration committed. */
function project(version: string, schema = SCHEMA): TestRepo {
  const repo = prismaRepo();
  repo.write('package.json', JSON.stringify({ name: 'database', private: true, dependencies: { '@prisma/client': version, prisma: version } }));
  repo.write('prisma/schema.prisma', schema);
  repo.write('prisma/migrations/20240101000000_init/migration.sql', '-- init\nSELECT 1;\n');
  repo.commitAll(`database on Prisma ${version}`);
  return repo;
}

function stage(repo: TestRepo, code: string): void {
  repo.write('src/users.ts', code);
  repo.gitOk(['add', '-A']);
}

function notes(report: JsonReport): string {
  return report.notes.map((note) => note.text).join('\n');
}

describe('prisma-query-fields reads the schema with the Prisma version the project installs', () => {
  it('Prisma 6.14 installed: a preview feature Prisma 7 dropped does not stop the check; a misspelled field is refused', { timeout: 180_000 }, () => {
    const repo = project('6.14.0');
    installPrisma(repo, '6.14.0');
    stage(repo, MISSPELLED);
    const refused = runJson(repo, ['pre-commit']);
    expect(refused.code).toBe(1);
    expect(refused.findings).toMatchObject([{ ruleId: 'prisma-query-fields', kind: 'unknown-input-field', severity: 'error', file: 'src/users.ts', line: 5 }]);
    expect(refused.findings[0]!.message).toContain('`emial`');

    stage(repo, QUERY);
    const passed = runJson(repo, ['pre-commit']);
    expect(passed.findings).toEqual([]);
    expect(notes(passed)).toContain(
      "prisma-query-fields: prisma/schema.prisma read by Prisma 6.14.0-25.717184b7b35ea05dfa71a3236b7af656013e1e49 (the project's node_modules); the project uses Prisma 6.14.0 (node_modules/@prisma/client 6.14.0).",
    );
    expect(notes(passed)).toContain('prisma-query-fields: 1 client call(s) checked in 1 file(s).');
    const verbose = repo.shipguard(['pre-commit', '--verbose']);
    expect(verbose.code).toBe(0);
    expect(verbose.output).toContain('read by Prisma 6.14.0');
  });

  it('Prisma 5.22 installed: its DMMF checks the calls', { timeout: 180_000 }, () => {
    const repo = project('5.22.0', SCHEMA.replace('"metrics", ', ''));
    installPrisma(repo, '5.22.0');
    stage(repo, MISSPELLED);
    const refused = runJson(repo, ['pre-commit']);
    expect(refused.findings).toMatchObject([{ kind: 'unknown-input-field', file: 'src/users.ts', line: 5 }]);
    expect(notes(refused)).toContain("read by Prisma 5.22.0-44.605197351a3c8bdd595af2d2a9bc3025bca48ea2 (the project's node_modules)");
  });

  it('Prisma 6.14 named only by the lockfile: read by shipguard\'s Prisma without the preview feature it does not know', () => {
    const repo = project('^6.14.0');
    repo.write('package-lock.json', JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/prisma': { version: '6.14.0' } } }, null, 2));
    repo.commitAll('lockfile');
    stage(repo, MISSPELLED);
    const refused = runJson(repo, ['pre-commit']);
    expect(refused.findings).toMatchObject([{ kind: 'unknown-input-field', file: 'src/users.ts', line: 5 }]);
    expect(notes(refused)).toMatch(/read by Prisma 7\.[^ ]+ \(shipguard's @prisma\/internals\), without the preview feature\(s\) metrics, which it does not know; the project uses Prisma 6\.14\.0 \(package-lock\.json\)\./);

    // The next commit against the same schema: the cache entry (keyed by the schema as written) says
    // what was left out, so no engine is loaded just to reject the schema again.
    const again = runJson(repo, ['pre-commit'], { SHIPGUARD_DEBUG: '1' });
    expect(again.findings).toEqual(refused.findings);
    expect(notes(again)).toContain("DMMF read from shipguard's cache");
    expect(notes(again)).toContain('without the preview feature(s) metrics, which it does not know');
    expect(again.stderr).not.toContain('loaded @prisma/prisma-schema-wasm');
  });

  it('control: Prisma 7 installed rejects the dropped preview feature itself, so the calls are not checked (warning)', { timeout: 180_000 }, () => {
    const repo = project('7.10.0', SCHEMA.replace(/ {2}url .*\n {2}directUrl .*\n/, ''));
    installPrisma(repo, '7.10.0');
    stage(repo, MISSPELLED);
    const report = runJson(repo, ['pre-commit']);
    expect(report.code).toBe(0);
    expect(report.findings).toMatchObject([{ kind: 'schema-invalid', severity: 'warn', file: 'prisma/schema.prisma' }]);
    expect(report.findings[0]!.message).toContain("1 file(s) calling Prisma Client were not checked: prisma/schema.prisma does not validate with Prisma 7.10.0 (the project's node_modules).");
  });
});
