// prisma-query-fields on real repositories: Prisma Client calls in TypeScript checked against the
// schema being committed, through the real hooks and the CLI.
import { describe, expect, it } from 'vitest';
import { fixture, kinds, prismaRepo, runJson, statusToEnum, tenantRepo } from '../../helpers/prisma.js';
import { edit } from '../../helpers/repo.js';

const SAAS_SCHEMA = fixture('saas', 'schema.prisma');
const SERVICE = fixture('saas', 'classes.service.ts');

function saasRepo() {
  const repo = prismaRepo();
  repo.write('prisma/schema.prisma', SAAS_SCHEMA);
  repo.write('prisma/migrations/20240101000000_init/migration.sql', '-- init (not used by these tests)\nSELECT 1;\n');
  repo.commitAll('saas schema');
  return repo;
}

const INCIDENT_QUERY = `import { prisma } from '../db';

export async function upcomingClasses(tenantId: string) {
  return prisma.class.findMany({
    where: { tenantId },
    include: {
      _count: { select: { enrollments: true, sessions: true, classWaitlist: true } },
    },
  });
}
`;

describe('prisma-query-fields', () => {
  it("refuses incident 4's `_count.select.classWaitlist`, at its line and column, naming the real relations", () => {
    const repo = saasRepo();
    repo.write('src/classes/upcoming.ts', INCIDENT_QUERY);
    repo.gitOk(['add', '-A']);
    const refused = repo.git(['commit', '-m', 'upcoming classes with counts']);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('src/classes/upcoming.ts');
    expect(refused.output).toContain(
      '7:62    error  Unknown field `classWaitlist` in `include._count.select` of prisma.class.findMany(): model Class has no relation `classWaitlist` to count. Did you mean `waitlist`? Countable relations: enrollments, sessions, waitlist.',
    );
    expect(refused.output).toContain('prisma-query-fields/unknown-relation-count');
    expect(refused.output).toContain('Prisma throws "Unknown field `classWaitlist` for select statement" at runtime');

    repo.write('src/classes/upcoming.ts', edit(INCIDENT_QUERY, 'classWaitlist: true', 'waitlist: true'));
    repo.gitOk(['add', '-A']);
    expect(repo.git(['commit', '-m', 'upcoming classes with counts']).code).toBe(0);
  });

  it('refuses an unknown field in an aggregate `_count` (field names only), and passes the real ones', () => {
    const repo = saasRepo();
    const query = (field: string) => `import { prisma } from '../db';\n\nexport const stats = () => prisma.class.aggregate({ _count: { _all: true, ${field}: true } });\n`;
    repo.write('src/classes/stats.ts', query('capacty'));
    repo.gitOk(['add', '-A']);
    const refused = runJson(repo, ['pre-commit']);
    expect(refused.code).toBe(1);
    expect(refused.findings.map((finding) => `${finding.file}:${finding.line} ${finding.kind}`)).toEqual(['src/classes/stats.ts:3 unknown-field']);
    expect(refused.findings[0]!.message).toContain('Unknown field `capacty` in `_count`');
    // CONTROL: the real field passes.
    repo.write('src/classes/stats.ts', query('capacity'));
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toEqual([]);
  });

  it('passes a realistic service file with 31 queries across select/include/where/data/_count/groupBy', () => {
    const repo = saasRepo();
    repo.write('src/classes.service.ts', SERVICE);
    repo.gitOk(['add', '-A']);
    const run = runJson(repo, ['pre-commit'], { SHIPGUARD_DEBUG: '1' });
    expect(run.findings).toEqual([]);
    expect(run.code).toBe(0);
    // It was really checked: the parser and Prisma's schema wasm were loaded (the migration engine was not needed).
    expect(run.stderr).toContain('loaded oxc-parser');
    expect(run.stderr).toContain('loaded @prisma/prisma-schema-wasm');
    expect(run.stderr).not.toContain('loaded @prisma/schema-engine-wasm');

    // The same file with one typo in each kind of argument is refused at each typo.
    const broken = edit(
      SERVICE,
      ["where: { tenantId, startsAt: { gte: from }, tenant: { status: 'ACTIVE' } }", "where: { tenantId, startsAt: { gte: from }, tenant: { status: 'ACTIV' } }"],
      ['select: { id: true, startsAt: true, room: true }', 'select: { id: true, startsAt: true, rooom: true }'],
      ["by: ['status'],", "by: ['state'],"],
      ['data: { title, description: null }', 'data: { titel: title, description: null }'],
    );
    repo.write('src/classes.service.ts', broken);
    repo.gitOk(['add', '-A']);
    const refused = runJson(repo, ['pre-commit']);
    expect(refused.findings.map((finding) => [finding.kind, finding.line])).toEqual([
      ['invalid-enum-value', 12],
      ['unknown-field', 16],
      ['unknown-input-field', 53],
      ['invalid-enum-value', 86],
    ]);
    expect(refused.findings.map((finding) => finding.message.match(/Did you mean [^?]+\?/)?.[0])).toEqual([
      "Did you mean 'ACTIVE'?",
      'Did you mean `room`?',
      'Did you mean `title`?',
      "Did you mean 'status'?",
    ]);
  });

  it('does not check calls on receivers that are not a Prisma client, nor spreads and computed keys', () => {
    const repo = saasRepo();
    repo.write(
      'src/cache.ts',
      `const repo = { user: { findMany: (args: unknown) => args } };
const store = new Map<string, unknown>();
export function cached(base: object, key: string) {
  repo.user.findMany({ whatever: true, select: { nope: true } });
  store.delete('x');
  db.jobs.create({ data: { queue: 'mail' } }); // a generic client name and no model near \`jobs\`: another library
  return prisma.user.findMany({ ...base, [key]: true, where: { ...base, [key]: 1, email: 'a@b.c' }, select: { ...base, id: true } });
}
`,
    );
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toEqual([]);
  });

  it('accepts computed fields a $extends({ result }) client adds, when configured', () => {
    const repo = prismaRepo({ 'prisma-query-fields': ['error', { resultFields: { User: ['displayName'] } }] });
    repo.write('prisma/schema.prisma', SAAS_SCHEMA);
    repo.commitAll('schema');
    repo.write('src/names.ts', `export const names = () => prisma.user.findMany({ select: { id: true, displayName: true } });\n`);
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toEqual([]);

    const plain = saasRepo();
    plain.write('src/names.ts', `export const names = () => prisma.user.findMany({ select: { id: true, displayName: true } });\n`);
    plain.gitOk(['add', '-A']);
    expect(kinds(runJson(plain, ['pre-commit']))).toEqual(['unknown-field']);
  });

  it('follows $transaction callback parameters and reports unknown models with a suggestion', () => {
    const repo = saasRepo();
    repo.write(
      'src/enroll.ts',
      `export const enroll = (userId: string, classId: string) =>
  prisma.$transaction(async (t) => {
    await t.enrollment.create({ data: { userId, classId, state: 'CONFIRMED' } });
    return t.waitlistEntrys.deleteMany({ where: { userId, classId } });
  });
`,
    );
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.findings).toMatchObject([
      { kind: 'unknown-input-field', line: 3, column: 58 },
      { kind: 'unknown-model', line: 4, column: 14 },
    ]);
    expect(report.findings[1]!.message).toBe('t.waitlistEntrys: the schema has no model `WaitlistEntrys`. Did you mean `waitlistEntry`?');
  });

  it('reports only what the change adds: a pre-existing problem in a touched file stays quiet', () => {
    const repo = saasRepo();
    repo.write('src/legacy.ts', `export const old = () => prisma.user.findMany({ select: { nickname: true } });\n`);
    repo.commitAll('legacy code with a broken query');
    repo.write('src/legacy.ts', `export const old = () => prisma.user.findMany({ select: { nickname: true } });\nexport const fresh = () => prisma.user.findFirst({ where: { emial: 'x' } });\n`);
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.findings).toMatchObject([{ kind: 'unknown-input-field', file: 'src/legacy.ts', line: 2 }]);
    // `ci --all` reports the whole file (adopting shipguard on an existing codebase).
    repo.commitAll('fresh');
    const all = repo.shipguard(['ci', '--base', 'HEAD~1', '--all', '--format', 'json']);
    expect(JSON.parse(all.stdout).findings.map((finding: { line: number }) => finding.line)).toEqual([1, 2]);
  });

  it('re-checks unchanged files when the schema drops a field, and reports only what the change broke', () => {
    const repo = saasRepo();
    repo.write('src/profile.ts', `export const contact = (userId: string) =>\n  prisma.profile.findUnique({ where: { userId }, select: { bio: true, phone: true } });\n`);
    repo.write('src/legacy.ts', `export const old = () => prisma.user.findMany({ select: { nickname: true } });\n`);
    repo.write('src/other.ts', `export const id = (x: string) => x;\n`);
    repo.commitAll('profile queries');

    repo.write('prisma/schema.prisma', edit(SAAS_SCHEMA, '  phone    String?\n', ''));
    repo.write('prisma/migrations/20240202000000_drop_phone/migration.sql', 'ALTER TABLE "Profile" DROP COLUMN "phone";\n');
    repo.gitOk(['add', '-A']);
    const refused = repo.git(['commit', '-m', 'drop profile phone']);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('src/profile.ts');
    expect(refused.output).toContain('2:71    error  Unknown field `phone` in `select` of prisma.profile.findUnique(): model Profile has no field `phone`.');
    expect(refused.output).not.toContain('nickname'); // broken before this change: not this commit's to fix
  });

  it("catches existing code using a String value that the String -> enum change makes invalid (incident 4's status column)", () => {
    const repo = tenantRepo();
    repo.write('src/tenants.ts', `export const active = () => prisma.tenant.findMany({ where: { status: 'active' } });\n`);
    repo.commitAll('tenant queries');
    repo.write('prisma/schema.prisma', statusToEnum(fixture('tenant', 'schema.prisma')));
    repo.write('prisma/migrations/20240202000000_tenant_status_enum/migration.sql', fixture('tenant', 'status-enum.sql'));
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.findings).toMatchObject([{ ruleId: 'prisma-query-fields', kind: 'invalid-enum-value', file: 'src/tenants.ts', line: 1, column: 71 }]);
    expect(report.findings[0]!.message).toContain("'active' in `where.status` of prisma.tenant.findMany() is not a value of enum TenantStatus (ACTIVE, SUSPENDED). Did you mean 'ACTIVE'?");
  });

  it('says so (as a warning) when it cannot check queries because the schema does not validate', () => {
    const repo = saasRepo();
    repo.write('prisma/schema.prisma', edit(SAAS_SCHEMA, '  capacity    Int\n', '  capacity    Integer\n'));
    repo.write('src/classes/upcoming.ts', INCIDENT_QUERY);
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(kinds(report, 'prisma-query-fields')).toEqual(['schema-invalid']);
    expect(report.findings.find((finding) => finding.kind === 'schema-invalid')).toMatchObject({ severity: 'warn', file: 'prisma/schema.prisma' });
    expect(kinds(report, 'prisma-migration')).toEqual(['invalid-schema']);
  });
});

describe('lazy loading', () => {
  it('loads neither the parser nor any Prisma package for a commit with no .prisma file and no client call', () => {
    const repo = saasRepo();
    repo.write('README.md', '# docs\n');
    repo.write('src/util.ts', `// prisma helpers live elsewhere\nexport const sum = (a: number, b: number) => a + b;\nexport const remove = (m: Map<string, number>) => m.delete('x');\n`);
    repo.gitOk(['add', '-A']);
    const run = repo.shipguard(['pre-commit'], { env: { SHIPGUARD_DEBUG: '1' } });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('rule prisma-query-fields: 0 findings');
    expect(run.stderr).toContain('rule prisma-migration: 0 findings');
    expect(run.stderr).not.toContain('loaded oxc-parser');
    expect(run.stderr).not.toContain('loaded @prisma');
  });
});
