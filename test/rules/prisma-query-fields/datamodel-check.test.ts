// prisma-query-fields checks calls against the schema's datamodel first and asks the DMMF (tens of MB
// for a large schema, seconds to render) only about calls the datamodel cannot vouch for. The
// datamodel never reports: whatever it accepts, the DMMF must accept too, and every mistake the DMMF
// reports must reach it. Both are run here with Prisma's real engines on the same calls.
import { existsSync, readdirSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCode } from '../../../src/rules/shared/ast.js';
import { DatamodelCheck } from '../../../src/rules/prisma-query-fields/datamodel-check.js';
import { findClientCalls } from '../../../src/rules/prisma-query-fields/query-scan.js';
import type { Extension } from '../../../src/rules/prisma-query-fields/extensions.js';
import { validateCall } from '../../../src/rules/prisma-query-fields/query-validate.js';
import { SchemaIndex } from '../../../src/rules/prisma-query-fields/schema-index.js';
import { cachedDmmf } from '../../../src/prisma/dmmf-cache.js';
import { getDatamodel } from '../../../src/prisma/wasm.js';
import { datasourceProvider } from '../../../src/prisma/schema-text.js';
import { fixture, prismaRepo, runJson } from '../../helpers/prisma.js';
import { edit } from '../../helpers/repo.js';

const SAAS_SCHEMA = fixture('saas', 'schema.prisma');

/** Each call of `code` (`prisma.<model>.<operation>(…)`, one per line): the datamodel's verdict and the DMMF's problems. */
async function verdicts(schema: string, code: string, extensions: Extension[] = []) {
  const files = [{ path: 'prisma/schema.prisma', content: schema }];
  const check = new DatamodelCheck(await getDatamodel(files), {
    provider: datasourceProvider(files),
    views: new Set([...schema.matchAll(/^view (\w+)/gm)].map((match) => match[1]!)),
    unsupportedFields: schema.includes('Unsupported('),
    prisma62: true, // shipguard's own engines: Prisma 7
  });
  const index = new SchemaIndex((await cachedDmmf(files, undefined, undefined)).tables);
  const source = await parseCode('src/calls.ts', code);
  return findClientCalls(source).map((found) => {
    const call = { ...found, certain: true, extensions };
    const line = code.split('\n')[source.position(call.delegateNode.start).line - 1]!.trim();
    return { line, accepted: check.accepts(call), problems: validateCall(index, call).map((problem) => problem.kind) };
  });
}

describe('prisma-query-fields: the datamodel check', () => {
  it('accepts the common shapes of right calls, which the DMMF accepts too', async () => {
    const results = await verdicts(
      SAAS_SCHEMA,
      [
        `prisma.user.findMany({ where: { email: { contains: 'a', mode: 'insensitive' }, role: 'ADMIN', tenant: { slug: 's' }, enrollments: { some: { status: { in: ['CONFIRMED', 'ATTENDED'] } } } }, orderBy: [{ createdAt: 'desc' }, { name: { sort: 'asc', nulls: 'last' } }], select: { id: true, profile: { select: { bio: true } }, enrollments: { where: { status: 'CONFIRMED' }, take: 5 }, _count: { select: { enrollments: true } } }, take: 10, distinct: ['email'] });`,
        `prisma.enrollment.findUnique({ where: { userId_classId: { userId: 'u', classId: 'c' } }, include: { class: true } });`,
        `prisma.class.update({ where: { id }, data: { capacity: { increment: 1 }, tags: { push: 'yoga' }, tenant: { connect: { slug: 's' } } } });`,
        `prisma.tenant.create({ data: { name: 'n', slug: 's', status: 'ACTIVE' } });`,
        `prisma.user.count({ where: { role: { not: 'MEMBER' } } });`,
        `prisma.profile.upsert({ where: { userId }, create: { userId, settings: { theme: 'dark' } }, update: { phone: null } });`,
        `prisma.session.deleteMany({ where: { OR: [{ room: null }, { endsAt: { lt: new Date() } }] } });`,
        `prisma.tenant.create({ data: { name: 'n', slug: 's', users: { create: [{ email: 'e', role: 'ADMIN' }] }, classes: { connectOrCreate: { where: { id: 'c' }, create: { title: 't', capacity: 1, startsAt: new Date() } } } } });`,
        `prisma.session.createMany({ data: [{ classId: 'c', startsAt: new Date(), endsAt: new Date() }], skipDuplicates: true });`,
        `prisma.class.update({ where: { id }, data: { sessions: { createMany: { data: [{ startsAt: new Date(), endsAt: new Date() }] } } } });`,
        `prisma.class.aggregate({ where: { tenantId }, _avg: { price: true, capacity: true }, _count: { _all: true, tags: true }, _min: { startsAt: true } });`,
        `prisma.enrollment.groupBy({ by: ['classId', 'status'], where: { status: 'CONFIRMED' }, _count: { _all: true }, orderBy: [{ _count: { userId: 'desc' } }, { classId: 'asc' }], take: 5 });`,
        `prisma.user.count({ where: { role: 'ADMIN' }, select: { _all: true, name: true } });`,
        `prisma.session.updateMany({ where: { room: null }, data: { room: 'A' }, limit: 10 });`,
        `prisma.profile.findMany({ where: { settings: { path: ['theme'], equals: 'dark' } }, omit: { phone: true } });`,
        `prisma.user.update({ where: { id }, data: { profile: { upsert: { create: { bio: 'b' }, update: { bio: 'c' } } }, enrollments: { deleteMany: { status: 'CANCELLED' }, upsert: [{ where: { id: 'e' }, create: { classId: 'c' }, update: { status: 'ATTENDED' } }] } } });`,
        `prisma.tenant.findUnique({ where: { id }, include: { users: { omit: { email: true } } } });`,
      ].join('\n'),
    );
    expect(results).toHaveLength(17);
    for (const result of results) expect(result, result.line).toMatchObject({ accepted: true, problems: [] });
  });

  it('leaves every call with a mistake to the DMMF, which reports it', async () => {
    const results = await verdicts(
      SAAS_SCHEMA,
      [
        `prisma.tenant.findMany({ where: { status: 'CLOSED' } });`,
        `prisma.user.findMany({ select: { emial: true } });`,
        `prisma.user.findMany({ include: { email: true } });`,
        `prisma.profile.findMany({ select: { _count: true } });`,
        `prisma.enrollment.findMany({ where: { userId_classId: { userId: 'u', classId: 'c' } } });`,
        `prisma.user.updateMany({ data: { tenant: { connect: { id: 't' } } } });`,
        `prisma.user.findMany({ where: { tenant: { email: 'x' } } });`,
        `prisma.class.findMany({ where: { capacity: { contains: 'x' } } });`,
        `prisma.user.findMany({ orderBy: { name: 'DESC' } });`,
        `prisma.user.findMany({ distinct: ['tenant'] });`,
        `prisma.user.findMany({ where: { email: { not: { contains: 'a', mode: 'insensitive' } } } });`,
        `prisma.class.findMany({ where: { enrollments: { status: 'CONFIRMED' } } });`,
        `prisma.user.findMany({ select: { profile: { take: 1 } } });`,
        `prisma.tenant.update({ where: { id }, data: { status: { set: 'GONE' } } });`,
        `prisma.user.count({ distinct: ['email'] });`,
        `prisma.tenant.create({ data: { name: 'n', slug: 's', users: { create: { email: 'e', tenantId: 't' } } } });`,
        `prisma.tenant.create({ data: { name: 'n', slug: 's', users: { create: { email: 'e', tenant: { connect: { id: 't' } } } } } });`,
        `prisma.session.createMany({ data: [{ startsAt: new Date(), endsAt: new Date(), class: { connect: { id: 'c' } } }] });`,
        `prisma.class.update({ where: { id }, data: { sessions: { createMany: { data: [{ classId: 'c', startsAt: new Date(), endsAt: new Date() }] } } } });`,
        `prisma.user.update({ where: { id }, data: { profile: { createMany: { data: [{ bio: 'b' }] } } } });`,
        `prisma.class.aggregate({ _avg: { title: true } });`,
        `prisma.user.aggregate({ _sum: { role: true } });`,
        `prisma.enrollment.groupBy({ by: ['user'], _count: true });`,
        `prisma.enrollment.groupBy({ by: ['classId'], orderBy: { _sum: { status: 'asc' } } });`,
        `prisma.enrollment.groupBy({ by: ['classId'], orderBy: { user: { email: 'asc' } } });`,
        `prisma.user.count({ select: { _all: true, tenant: true } });`,
        `prisma.session.updateMany({ where: { room: null }, data: { room: 'A' }, limt: 10 });`,
        `prisma.profile.findMany({ where: { settings: { has: 'dark' } } });`,
        `prisma.user.update({ where: { id }, data: { enrollments: { deleteMany: { class: { title: 't' } } } } });`,
        `prisma.user.update({ where: { id }, data: { enrollments: { upsert: { where: { id: 'e' }, create: { classId: 'c', userId: 'u' }, update: {} } } } });`,
        `prisma.user.findMany({ omit: { tenant: true } });`,
        `prisma.user.create({ data: { email: 'e', tenantId: 't', profile: { upsert: { create: { bio: 'b' }, update: { bio: 'c' } } } } });`,
      ].join('\n'),
    );
    expect(results).toHaveLength(32);
    for (const result of results) {
      expect(result.accepted, result.line).toBe(false);
      expect(result.problems.length, result.line).toBeGreaterThan(0);
    }
  });

  it('leaves to the DMMF the shapes it does not know, right or not: having, nested updates, JSON comparisons', async () => {
    const results = await verdicts(
      SAAS_SCHEMA,
      [
        `prisma.enrollment.groupBy({ by: ['classId'], having: { classId: { _count: { gt: 1 } } } });`,
        `prisma.user.update({ where: { id }, data: { profile: { update: { bio: 'b' } } } });`,
        `prisma.profile.findMany({ where: { settings: { lt: 1 } } });`,
        `prisma.session.createManyAndReturn({ data: [{ classId: 'c', startsAt: new Date(), endsAt: new Date() }] });`,
      ].join('\n'),
    );
    expect(results.map((result) => [result.accepted, result.problems])).toEqual([
      [false, []],
      [false, []],
      [false, []],
      [false, []],
    ]);
  });

  it('vouches for a right call through a client whose extensions it cannot read; a near-miss still goes to the DMMF', async () => {
    const opaque: Extension = { args: [], result: {}, methods: {}, opaque: true };
    const results = await verdicts(SAAS_SCHEMA, `prisma.user.findMany({ where: { role: 'ADMIN' }, select: { email: true } });\nprisma.user.findMany({ select: { emial: true } });`, [opaque]);
    expect(results.map((result) => [result.accepted, result.problems])).toEqual([
      [true, []],
      [false, ['unknown-field']],
    ]);
  });

  it('knows what the provider and the schema text change: mode on MySQL, writes to a view', async () => {
    const mysql = await verdicts(fixture('mysql', 'schema.prisma'), `prisma.tenant.findMany({ where: { name: { contains: 'a', mode: 'insensitive' } } });\nprisma.tenant.findMany({ where: { name: { contains: 'a' } } });`);
    expect(mysql.map((result) => [result.accepted, result.problems])).toEqual([
      [false, ['unknown-input-field']],
      [true, []],
    ]);
    // `@db.Uuid` on PostgreSQL: a UuidFilter, which has no `contains` (found by bench/prisma-datamodel-check.mjs on umami)
    const uuid = await verdicts(SAAS_SCHEMA.replace('  bio      String?\n', '  bio      String?\n  ref      String?  @db.Uuid\n'), `prisma.profile.findMany({ where: { ref: { contains: 'a' } } });\nprisma.profile.findMany({ where: { ref: { in: ['a'], mode: 'insensitive' } } });`);
    expect(uuid.map((result) => [result.accepted, result.problems])).toEqual([
      [false, ['unknown-input-field']],
      [true, []],
    ]);
    // A Json field takes any value, a Json[] only `set` (and `push` in an update)
    const jsonList = await verdicts(SAAS_SCHEMA.replace('  bio      String?\n', '  bio      String?\n  links    Json[]\n'), `prisma.profile.create({ data: { userId: 'u', links: { url: 'x' } } });\nprisma.profile.create({ data: { userId: 'u', links: { set: [{ url: 'x' }] }, settings: { any: 1 } } });`);
    expect(jsonList.map((result) => [result.accepted, result.problems])).toEqual([
      [false, ['unknown-input-field']],
      [true, []],
    ]);
    const withView = `${SAAS_SCHEMA.replace('provider = "prisma-client"', 'provider = "prisma-client"\n  previewFeatures = ["views"]')}\nview TenantSummary {\n  id    String @unique\n  users Int\n}\n`;
    const view = await verdicts(withView, `prisma.tenantSummary.create({ data: { id: 'x', users: 1 } });\nprisma.tenantSummary.findMany({ where: { users: { gt: 1 } } });`);
    expect(view.map((result) => [result.accepted, result.problems])).toEqual([
      [false, ['unknown-operation']],
      [true, []],
    ]);
  });

  it('a schema change whose calls the datamodel accepts renders no DMMF; retried, it loads no Prisma wasm at all', () => {
    const repo = prismaRepo();
    repo.write('prisma/schema.prisma', SAAS_SCHEMA);
    repo.write('prisma/migrations/20240101000000_init/migration.sql', '-- init\nSELECT 1;\n');
    repo.write('src/users.ts', `export const emails = () => prisma.user.findMany({ select: { email: true, name: true } });\n`);
    repo.commitAll('schema and queries');
    repo.write('prisma/schema.prisma', edit(SAAS_SCHEMA, '  plan      String       @default("free")\n', ''));
    repo.write('prisma/migrations/20240202000000_drop_plan/migration.sql', 'ALTER TABLE "Tenant" DROP COLUMN "plan";\n');
    repo.write('src/tenants.ts', `export const active = () => prisma.tenant.findMany({ where: { status: 'ACTIVE' }, select: { slug: true } });\n`);
    repo.gitOk(['add', '-A']);
    const first = runJson(repo, ['pre-commit']);
    expect(first.exitCode).toBe(0);
    expect(first.notes.map((note) => note.text)).toContain("prisma-query-fields: 1 client call(s) checked in 1 file(s) (1 of them from the schema's datamodel, without its DMMF).");
    const shipguardDir = path.join(repo.dir, '.git', 'shipguard');
    const entries = (name: string) => (existsSync(path.join(shipguardDir, name)) ? readdirSync(path.join(shipguardDir, name)).filter((file) => file.endsWith('.json')) : []);
    expect(entries('prisma-dmmf')).toEqual([]);
    expect(entries('prisma-datamodel')).toHaveLength(2); // the schema before and after the change
    const again = runJson(repo, ['pre-commit'], { SHIPGUARD_DEBUG: '1' });
    expect(again.exitCode).toBe(0);
    expect(again.stderr).not.toContain('loaded @prisma');
    // Kept private; an entry cut short is asked for again, with the same answer.
    const datamodelDir = path.join(shipguardDir, 'prisma-datamodel');
    expect(statSync(datamodelDir).mode & 0o777).toBe(0o700);
    for (const entry of entries('prisma-datamodel')) {
      expect(statSync(path.join(datamodelDir, entry)).mode & 0o777).toBe(0o600);
      truncateSync(path.join(datamodelDir, entry), 10);
    }
    const cutShort = runJson(repo, ['pre-commit'], { SHIPGUARD_DEBUG: '1' });
    expect(cutShort.exitCode).toBe(0);
    expect(cutShort.stderr).toContain('loaded @prisma/prisma-schema-wasm');
    const queryNotes = (report: typeof first) => report.notes.filter((note) => note.ruleId === 'prisma-query-fields');
    expect(queryNotes(cutShort)).toEqual(queryNotes(first));
    // A call on a model the schema lacks is refused from the model names alone: still no DMMF.
    repo.write('src/plans.ts', `export const plans = () => prisma.tenantPlan.findMany();\n`);
    repo.gitOk(['add', '-A']);
    const unknownModel = runJson(repo, ['pre-commit']);
    expect(unknownModel.exitCode).toBe(1);
    expect(unknownModel.findings.filter((finding) => finding.ruleId === 'prisma-query-fields').map((finding) => `${finding.file}:${finding.line} ${finding.kind} ${finding.message}`)).toEqual([
      'src/plans.ts:1 unknown-model prisma.tenantPlan: the schema has no model `TenantPlan`. Did you mean `tenant`?',
    ]);
    expect(entries('prisma-dmmf')).toEqual([]);
    repo.gitOk(['rm', '-q', '-f', 'src/plans.ts']);
    // Control: a misspelled field in the same change goes to the DMMF and is refused.
    repo.write('src/tenants.ts', `export const active = () => prisma.tenant.findMany({ where: { status: 'ACTIVE' }, select: { slgu: true } });\n`);
    repo.gitOk(['add', '-A']);
    const refused = runJson(repo, ['pre-commit']);
    expect(refused.exitCode).toBe(1);
    expect(refused.findings.filter((finding) => finding.ruleId === 'prisma-query-fields').map((finding) => `${finding.file}:${finding.line} ${finding.kind}`)).toEqual(['src/tenants.ts:1 unknown-field']);
    expect(entries('prisma-dmmf')).toHaveLength(1);
  });
});
