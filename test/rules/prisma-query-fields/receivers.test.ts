// prisma-query-fields finds its client receivers from the code (issue 14, items 6 and 7): clients
// created or extended in another file and imported, `prisma.client` of a module exporting `{ client }`,
// NestJS services extending PrismaClient injected through the constructor, tRPC `ctx.db`, and client
// extensions (Accelerate's cacheStrategy, `result` fields). Each shape passes when the query is right;
// a misspelled field through the same receiver is refused at its file and line; a `db` that is not
// a Prisma client is never judged.
import { describe, expect, it } from 'vitest';
import { fixture, prismaRepo, runJson } from '../../helpers/prisma.js';

const SAAS_SCHEMA = fixture('saas', 'schema.prisma');

function saasRepo(files: Record<string, string>) {
  const repo = prismaRepo();
  repo.write('prisma/schema.prisma', SAAS_SCHEMA);
  repo.write('prisma/migrations/20240101000000_init/migration.sql', '-- init (not used by these tests)\nSELECT 1;\n');
  repo.write('tsconfig.json', JSON.stringify({ compilerOptions: { paths: { '@/*': ['./src/*'] } } }));
  for (const [path, text] of Object.entries(files)) repo.write(path, text);
  repo.commitAll('schema and the client module');
  return repo;
}

/** Stages `files` and runs the pre-commit check: the findings and how many calls were checked. */
function check(repo: ReturnType<typeof saasRepo>, files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) repo.write(path, text);
  repo.gitOk(['add', '-A']);
  const run = runJson(repo, ['pre-commit']);
  const note = run.notes.find((item) => item.ruleId === 'prisma-query-fields' && item.text.includes('client call'))?.text ?? '';
  return { ...run, checked: Number(/(\d+) client call/.exec(note)?.[1] ?? 0), where: run.findings.map((f) => `${f.file}:${f.line} ${f.kind}`) };
}

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

const EXTENDED_DB = `import { PrismaClient } from '@prisma/client';

const base = new PrismaClient();
export const db = base.$extends({
  result: { user: { displayName: { needs: { name: true, email: true }, compute: (user) => user.name ?? user.email } } },
});
`;

describe('prisma-query-fields receivers found from the code', () => {
  it('follows an imported `$extends` client (`db`), accepts its result fields, refuses a misspelled field; an unknown `db` is not judged', () => {
    const repo = saasRepo({ 'src/db.ts': EXTENDED_DB });
    const users = `import { db } from './db';

export const names = () => db.user.findMany({ select: { id: true, displayName: true } });
export const broken = () => db.user.findMany({ select: { emial: true } });
`;
    const other = `import { db } from 'some-document-store';

export const docs = () => db.user.findMany({ select: { nickname: true }, wher: 1 });
`;
    const run = check(repo, { 'src/users.ts': users, 'src/docs.ts': other });
    expect(run.where).toEqual([`src/users.ts:${lineOf(users, 'emial')} unknown-field`]);
    expect(run.findings[0]!.message).toContain('Did you mean `email`?');
    expect(run.code).toBe(1);
    expect(run.checked).toBe(2);
  });

  it('checks `prisma.client.<model>` of a module exporting `{ client }`, imported through a tsconfig alias', () => {
    const lib = `import { PrismaClient } from '@prisma/client';

function getClient() {
  const prisma = new PrismaClient({ errorFormat: 'pretty' });
  return prisma;
}
const client = globalThis.prismaClient || getClient();
export default { client, transaction: (queries) => client.$transaction(queries) };
`;
    const repo = saasRepo({ 'src/lib/prisma.ts': lib });
    const queries = `import prisma from '@/lib/prisma';

export const tenants = () => prisma.client.tenant.findMany({ where: { slug: 'a' } });
export const broken = () => prisma.client.tenant.findMany({ where: { slgu: 'a' } });
`;
    const run = check(repo, { 'src/queries/tenants.ts': queries });
    expect(run.where).toEqual([`src/queries/tenants.ts:${lineOf(queries, 'slgu')} unknown-input-field`]);
    expect(run.checked).toBe(2);
  });

  it('checks a NestJS service that extends PrismaClient, injected as a constructor parameter property, and Prisma.TransactionClient parameters', () => {
    const service = `import { Injectable, OnModuleInit } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit {
  async onModuleInit() {
    await this.$connect();
  }
}
`;
    const repo = saasRepo({ 'src/prisma/prisma.service.ts': service });
    const users = `import { Injectable } from '@nestjs/common';
import { Prisma } from '@prisma/client';
import { PrismaService } from '../prisma/prisma.service';

@Injectable()
export class UsersService {
  constructor(private readonly prismaService: PrismaService) {}

  list() {
    return this.prismaService.user.findMany({ where: { role: 'ADMIN' } });
  }

  broken() {
    return this.prismaService.user.findMany({ where: { rol: 'ADMIN' } });
  }
}

export async function rename(tx: Prisma.TransactionClient, id: string) {
  return tx.user.update({ where: { id }, data: { nmae: 'x' } });
}
`;
    const run = check(repo, { 'src/users/users.service.ts': users });
    expect(run.where).toEqual([`src/users/users.service.ts:${lineOf(users, 'rol:')} unknown-input-field`, `src/users/users.service.ts:${lineOf(users, 'nmae')} unknown-input-field`]);
    expect(run.checked).toBe(3);
  });

  it('checks tRPC `ctx.db` when the context module builds `{ db }` from a Prisma client; a `ctx.db` that is not Prisma is not judged', () => {
    const db = `import { PrismaClient } from '@prisma/client';

const createPrismaClient = () => new PrismaClient({ log: ['error'] });
const globalForPrisma = globalThis as unknown as { prisma?: ReturnType<typeof createPrismaClient> };
export const db = globalForPrisma.prisma ?? createPrismaClient();
`;
    const trpc = `import { initTRPC } from '@trpc/server';
import { db } from './db';

export const createTRPCContext = async (opts: { headers: Headers }) => ({ db, ...opts });
const t = initTRPC.context<typeof createTRPCContext>().create();
export const publicProcedure = t.procedure;
`;
    const search = `import { Client } from 'search-engine';

export const cms = { db: new Client() };
`;
    const repo = saasRepo({ 'src/server/db.ts': db, 'src/server/trpc.ts': trpc, 'src/server/search.ts': search });
    const router = `import { publicProcedure } from '../trpc';

export const list = publicProcedure.query(({ ctx }) => ctx.db.class.findMany({ orderBy: { startsAt: 'asc' } }));
export const broken = publicProcedure.query(({ ctx }) => ctx.db.class.findMany({ orderBy: { startAt: 'asc' } }));
`;
    const other = `import { cms } from '../search';

export const find = (ctx: { db: unknown }) => ctx.db.class.findMany({ orderBy: { whatever: 'asc' } });
`;
    const run = check(repo, { 'src/server/routers/classes.ts': router, 'src/server/routers/search.ts': other });
    expect(run.where).toEqual([`src/server/routers/classes.ts:${lineOf(router, 'startAt')} unknown-input-field`]);
    expect(run.checked).toBe(2);
  });

  it("accepts Accelerate's cacheStrategy and an opaque extension's additions, still refusing misspelled schema fields", () => {
    const client = `import { PrismaClient } from '@prisma/client';
import { withAccelerate } from '@prisma/extension-accelerate';
import { softDelete } from './soft-delete';

export const prisma = new PrismaClient().$extends(withAccelerate());
export const xprisma = new PrismaClient().$extends(softDelete);
`;
    const repo = saasRepo({ 'src/client.ts': client, 'src/soft-delete.ts': 'export const softDelete = makeExtension();\n' });
    const queries = `import { prisma, xprisma } from './client';

export const cached = () => prisma.user.findMany({ where: { email: 'a@b.c' }, cacheStrategy: { ttl: 60 } });
export const broken = () => prisma.user.findMany({ where: { emial: 'a@b.c' }, cacheStrategy: { ttl: 60 } });
export const extended = () => xprisma.user.findMany({ select: { id: true, deletedLabel: true }, includeDeleted: true });
export const typo = () => xprisma.user.findMany({ select: { emial: true } });
`;
    const run = check(repo, { 'src/queries.ts': queries });
    expect(run.where).toEqual([`src/queries.ts:${lineOf(queries, "emial: 'a")} unknown-input-field`, `src/queries.ts:${lineOf(queries, 'emial: true')} unknown-field`]);
    expect(run.checked).toBe(4);
  });

  it('checks a monorepo app against the schema of the workspace package its client comes from (two Prisma projects, the app in neither)', () => {
    const repo = prismaRepo();
    repo.write('packages/database/package.json', JSON.stringify({ name: '@acme/database', main: 'src/index.ts' }));
    repo.write('packages/database/prisma/schema.prisma', SAAS_SCHEMA);
    repo.write('packages/database/prisma/migrations/20240101000000_init/migration.sql', 'SELECT 1;\n');
    repo.write('packages/database/src/index.ts', "export * from '@prisma/client';\n");
    repo.write('packages/events/prisma/schema.prisma', 'datasource db {\n  provider = "postgresql"\n}\n\nmodel Event {\n  id Int @id\n}\n');
    repo.write('packages/events/prisma/migrations/20240101000000_init/migration.sql', 'SELECT 1;\n');
    repo.write('apps/web/app/db.server.ts', "import { PrismaClient } from '@acme/database';\n\nexport const prisma = new PrismaClient();\n");
    repo.commitAll('two Prisma projects and a web app');
    const loader = `import { prisma } from '~/db.server';

export const tenants = () => prisma.tenant.findMany({ where: { slug: 'a' } });
export const broken = () => prisma.tenant.findMany({ where: { slgu: 'a' } });
`;
    repo.write('apps/web/tsconfig.json', JSON.stringify({ compilerOptions: { paths: { '~/*': ['./app/*'] } } }));
    const run = check(repo, { 'apps/web/app/routes/tenants.ts': loader });
    expect(run.where).toEqual([`apps/web/app/routes/tenants.ts:${lineOf(loader, 'slgu')} unknown-input-field`]);
    expect(run.checked).toBe(2);
  });
});
