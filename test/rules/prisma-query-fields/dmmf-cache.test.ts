// prisma-query-fields keeps the DMMF of a schema between runs in `.git/shipguard/prisma-dmmf/`
// (private): the next commit against the same schema reads it back instead of asking Prisma's
// engines again. `--verbose` (json notes) says where the DMMF came from.
import { isAscii } from 'node:buffer';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, prismaRepo, runJson, type JsonReport } from '../../helpers/prisma.js';
import { edit, tempDir } from '../../helpers/repo.js';
import { cachedDmmf } from '../../../src/prisma/dmmf-cache.js';

const SAAS_SCHEMA = fixture('saas', 'schema.prisma');

const FROM_CACHE = "prisma-query-fields: prisma/schema.prisma: DMMF read from shipguard's cache (.git/shipguard/prisma-dmmf/).";

function notes(report: JsonReport): string[] {
  return report.notes.map((note) => note.text);
}

function queryFindings(report: JsonReport): string[] {
  return report.findings.filter((finding) => finding.ruleId === 'prisma-query-fields').map((finding) => `${finding.file}:${finding.line} ${finding.kind}`);
}

describe('prisma-query-fields: the DMMF cache', () => {
  it('reads a schema read before from the private cache, still refusing a misspelled field; an edited schema is read afresh', () => {
    const repo = prismaRepo();
    repo.write('prisma/schema.prisma', SAAS_SCHEMA);
    repo.write('prisma/migrations/20240101000000_init/migration.sql', '-- init (not used by these tests)\nSELECT 1;\n');
    repo.commitAll('schema');
    repo.write('src/users.ts', `export const emails = () => prisma.user.findMany({ select: { emial: true } });\n`);
    repo.gitOk(['add', '-A']);

    const first = runJson(repo, ['pre-commit']);
    expect(queryFindings(first)).toEqual(['src/users.ts:1 unknown-field']);
    expect(notes(first)).not.toContain(FROM_CACHE);
    const dir = repo.path('.git', 'shipguard', 'prisma-dmmf');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir).map((name) => statSync(`${dir}/${name}`).mode & 0o777)).toEqual([0o600]);

    const second = runJson(repo, ['pre-commit']);
    expect(queryFindings(second)).toEqual(['src/users.ts:1 unknown-field']);
    expect(notes(second)).toContain(FROM_CACHE);

    // CONTROL: the schema now has the field: the new schema is read by the engines, and the call passes.
    repo.write('prisma/schema.prisma', edit(SAAS_SCHEMA, '  email           String          @unique\n', '  email           String          @unique\n  emial           String?\n'));
    repo.write('prisma/migrations/20240202000000_emial/migration.sql', 'ALTER TABLE "User" ADD COLUMN "emial" TEXT;\n');
    repo.gitOk(['add', '-A']);
    const edited = runJson(repo, ['pre-commit']);
    expect(queryFindings(edited)).toEqual([]);
    expect(notes(edited)).not.toContain(FROM_CACHE);
  });
});

describe('prisma-query-fields: what the DMMF cache stores', () => {
  it('reads back exactly the DMMF the engines gave, documentation and defaults in other scripts included, from ASCII text', async () => {
    const schema = [
      'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}',
      '/// Préférences de l’utilisateur ☕ 𝄞',
      'model User {\n  id    Int    @id\n  /// Prix en €\n  label String @default("naïve ☕ 𝄞")\n}',
    ].join('\n\n');
    const commonDir = path.join(tempDir(), 'git');
    mkdirSync(commonDir);
    const files = [{ path: 'prisma/schema.prisma', content: schema }];
    const fresh = await cachedDmmf(files, undefined, commonDir);
    const again = await cachedDmmf(files, undefined, commonDir);
    expect([fresh.cached, again.cached]).toEqual([false, true]);
    expect(again.dmmf).toEqual(fresh.dmmf);
    expect(JSON.stringify(again.dmmf)).toContain('naïve ☕ 𝄞');
    const [stored] = readdirSync(path.join(commonDir, 'shipguard', 'prisma-dmmf'));
    expect(isAscii(readFileSync(path.join(commonDir, 'shipguard', 'prisma-dmmf', stored!)))).toBe(true);
  });
});
