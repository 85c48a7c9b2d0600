// prisma-query-fields after a schema change: unchanged files are re-checked only when they name what
// the change removed or changed (an added index or field breaks no existing query); the json notes
// (`--verbose`) say how many files were checked.
import { describe, expect, it } from 'vitest';
import { fixture, prismaRepo, runJson, type JsonReport } from '../../helpers/prisma.js';
import { edit } from '../../helpers/repo.js';

const SAAS_SCHEMA = fixture('saas', 'schema.prisma');

/** The saas schema and three unchanged files calling the client, committed. */
function callersRepo() {
  const repo = prismaRepo();
  repo.write('prisma/schema.prisma', SAAS_SCHEMA);
  repo.write('prisma/migrations/20240101000000_init/migration.sql', '-- init (not used by these tests)\nSELECT 1;\n');
  repo.write('src/profile.ts', `export const contact = (userId: string) =>\n  prisma.profile.findUnique({ where: { userId }, select: { bio: true, phone: true } });\n`);
  repo.write('src/tenants.ts', `export const cancelled = () => prisma.tenant.findMany({ where: { status: 'CANCELLED' } });\n`);
  repo.write('src/users.ts', `export const emails = () => prisma.user.findMany({ select: { email: true, name: true } });\n`);
  repo.commitAll('schema and queries');
  return repo;
}

function notes(report: JsonReport): string[] {
  return report.notes.filter((note) => note.ruleId === 'prisma-query-fields').map((note) => note.text);
}

function queryFindings(report: JsonReport): string[] {
  return report.findings.filter((finding) => finding.ruleId === 'prisma-query-fields').map((finding) => `${finding.file}:${finding.line} ${finding.kind}`);
}

describe('prisma-query-fields: what a schema change re-checks', () => {
  it('re-checks only the untouched file naming a removed field, and still reports its query (control)', () => {
    const repo = callersRepo();
    repo.write('prisma/schema.prisma', edit(SAAS_SCHEMA, '  phone    String?\n', ''));
    repo.write('prisma/migrations/20240202000000_drop_phone/migration.sql', 'ALTER TABLE "Profile" DROP COLUMN "phone";\n');
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.exitCode).toBe(1);
    expect(queryFindings(report)).toEqual(['src/profile.ts:2 unknown-field']);
    expect(notes(report)).toContain('prisma-query-fields: the schema change removes or changes phone; 1 unchanged file(s) naming them re-checked.');
    expect(notes(report)).toContain('prisma-query-fields: 1 client call(s) checked in 1 file(s).');
  });

  it('re-checks the untouched file using a removed enum value (control), and no other', () => {
    const repo = callersRepo();
    repo.write('prisma/schema.prisma', edit(SAAS_SCHEMA, '  SUSPENDED\n  CANCELLED\n', '  SUSPENDED\n'));
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(queryFindings(report)).toEqual(['src/tenants.ts:1 invalid-enum-value']);
    expect(notes(report)).toContain('prisma-query-fields: 1 client call(s) checked in 1 file(s).');
  });

  it('re-checks the untouched file using a compound unique the change renames (control)', () => {
    const repo = callersRepo();
    repo.write('src/enrol.ts', `export const one = (userId: string, classId: string) =>\n  prisma.enrollment.findUnique({ where: { userId_classId: { userId, classId } } });\n`);
    repo.commitAll('enrolment lookup');
    repo.write('prisma/schema.prisma', edit(SAAS_SCHEMA, '@@unique([userId, classId])', '@@unique([userId, classId], name: "member_class")'));
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(queryFindings(report)).toEqual(['src/enrol.ts:2 unknown-input-field']);
    expect(notes(report)).toContain('prisma-query-fields: the schema change removes or changes userId_classId; 1 unchanged file(s) naming them re-checked.');
  });

  it('re-checks nothing but the changed files when the schema only gains an index and an optional field', () => {
    const repo = callersRepo();
    const schema = edit(edit(SAAS_SCHEMA, '  settings Json?\n', '  settings Json?\n  website  String?\n\n  @@index([bio])\n'), '  phone    String?\n', '  phone    String? // E.164\n');
    repo.write('prisma/schema.prisma', schema);
    repo.write('prisma/migrations/20240202000000_website/migration.sql', 'ALTER TABLE "Profile" ADD COLUMN "website" TEXT;\nCREATE INDEX "Profile_bio_idx" ON "Profile"("bio");\n');
    repo.write('src/site.ts', `export const site = (userId: string) => prisma.profile.findUnique({ where: { userId }, select: { website: true } });\n`);
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(queryFindings(report)).toEqual([]);
    expect(notes(report)).toContain('prisma-query-fields: prisma/schema.prisma: only fields, indexes, enum values or blocks were added; no unchanged file re-checked.');
    expect(notes(report)).toContain("prisma-query-fields: 1 client call(s) checked in 1 file(s) (1 of them from the schema's datamodel, without its DMMF).");
    // The changed file is still checked against the new schema: a misspelling of the new field is refused.
    repo.write('src/site.ts', `export const site = (userId: string) => prisma.profile.findUnique({ where: { userId }, select: { webiste: true } });\n`);
    repo.gitOk(['add', '-A']);
    expect(queryFindings(runJson(repo, ['pre-commit']))).toEqual(['src/site.ts:1 unknown-field']);
  });

  it('re-checks nothing when a column changes only its native type and @map, and a compound unique is added', () => {
    const repo = callersRepo();
    const schema = edit(edit(SAAS_SCHEMA, '  bio      String?\n', '  bio      String? @db.VarChar(500) @map("biography")\n'), '  settings Json?\n', '  settings Json?\n\n  @@unique([userId, phone])\n');
    repo.write('prisma/schema.prisma', schema);
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(queryFindings(report)).toEqual([]);
    expect(notes(report)).toContain('prisma-query-fields: prisma/schema.prisma: nothing an existing query can name was removed or changed; no unchanged file re-checked.');
  });

  it('parses no unchanged file against a schema that does not validate, and still warns that their calls were not checked', () => {
    const repo = callersRepo();
    repo.write('prisma/schema.prisma', edit(SAAS_SCHEMA, '  capacity    Int\n', '  capacity    Integer\n'));
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(notes(report)).toContain('prisma-query-fields: prisma/schema.prisma: the new schema does not validate, so no query is checked against it; no unchanged file re-checked.');
    const warning = report.findings.find((finding) => finding.ruleId === 'prisma-query-fields');
    expect(warning).toMatchObject({ kind: 'schema-invalid', severity: 'warn', file: 'prisma/schema.prisma' });
    expect(warning!.message).toMatch(/^3 file\(s\) calling Prisma Client were not checked: prisma\/schema.prisma does not validate with Prisma /);
    expect(notes(report).filter((note) => note.includes('client call(s) checked in'))).toEqual([]); // none parsed
  });

  it('loads no Prisma engine and re-checks nothing for a comment-only schema edit', () => {
    const repo = callersRepo();
    repo.write('prisma/schema.prisma', edit(SAAS_SCHEMA, '/// A customer organisation.', '/// A customer organisation (a gym, a studio).'));
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit'], { SHIPGUARD_DEBUG: '1' });
    expect(report.exitCode).toBe(0);
    expect(notes(report)).toContain('prisma-query-fields: prisma/schema.prisma: only comments or layout changed; no unchanged file re-checked.');
    expect(report.stderr).toContain('rule prisma-query-fields: 0 findings');
    expect(report.stderr).not.toContain('loaded @prisma');
    expect(report.stderr).not.toContain('loaded oxc-parser');
  });
});
