// prisma-query-fields keeps the DMMF of a schema between runs in `.git/shipguard/prisma-dmmf/`
// (private): the next commit against the same schema reads it back instead of asking Prisma's
// engines again. `--verbose` (json notes) says where the DMMF came from.
import { isAscii } from 'node:buffer';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
  const schema = [
    'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}',
    '/// Préférences de l’utilisateur ☕ 𝄞',
    'model User {\n  id    Int    @id\n  /// Prix en €\n  label String @default("naïve ☕ 𝄞")\n  role  Role\n}',
    'enum Role {\n  ADMIN\n  MEMBER\n}',
  ].join('\n\n');
  const files = [{ path: 'prisma/schema.prisma', content: schema }];

  function cacheDir(): { commonDir: string; stored: () => string } {
    const commonDir = path.join(tempDir(), 'git');
    mkdirSync(commonDir);
    const dir = path.join(commonDir, 'shipguard', 'prisma-dmmf');
    return { commonDir, stored: () => path.join(dir, readdirSync(dir)[0]!) };
  }

  it('reads back exactly the types the engines gave, type by type, from ASCII text', async () => {
    const { commonDir, stored } = cacheDir();
    const fresh = await cachedDmmf(files, undefined, commonDir);
    const again = await cachedDmmf(files, undefined, commonDir);
    expect([fresh.cached, again.cached]).toEqual([false, true]);
    expect(again.tables.modelOperations).toEqual(fresh.tables.modelOperations);
    for (const kind of ['outputTypes', 'inputTypes', 'enums'] as const) {
      const names = [...(fresh.tables[kind] as Map<string, unknown>).keys()];
      expect(names.length).toBeGreaterThan(kind === 'enums' ? 2 : 10);
      for (const name of names) expect(again.tables[kind].get(name)).toEqual(fresh.tables[kind].get(name));
    }
    expect(again.tables.enums.get('Role')).toEqual(['ADMIN', 'MEMBER']);
    expect(again.tables.outputTypes.has('Nothing')).toBe(false);
    expect(isAscii(readFileSync(stored()))).toBe(true);
  });

  it('renders again when the stored entry was cut short, and names a damaged one (removed) instead of reading garbage', async () => {
    const { commonDir, stored } = cacheDir();
    await cachedDmmf(files, undefined, commonDir);
    const text = readFileSync(stored(), 'latin1');
    writeFileSync(stored(), text.slice(0, -10), { mode: 0o600 });
    expect((await cachedDmmf(files, undefined, commonDir)).cached).toBe(false);

    // Same length, a type's JSON broken: found only when a call reaches that type.
    const entry = stored();
    const whole = readFileSync(entry, 'latin1');
    const at = whole.indexOf('"name":"User"', whole.indexOf('\n') + 1 + Number(whole.slice(0, 10)));
    writeFileSync(entry, `${whole.slice(0, at)}#${whole.slice(at + 1)}`, { mode: 0o600 });
    const damaged = await cachedDmmf(files, undefined, commonDir);
    expect(damaged.cached).toBe(true);
    expect(() => damaged.tables.outputTypes.get('User')).toThrow(/the cached DMMF .* was damaged \(removed: the next run renders it again\)/);
    expect(existsSync(entry)).toBe(false);
  });
});
