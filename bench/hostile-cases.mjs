// Adversarial inputs for every rule, shared by bench/hostile-input.mjs (1 MB each, timed) and
// test/adversarial/hostile-input.test.ts (smaller, checked for what is reported). Each case stages
// `files` (path -> content) on top of a base repository that holds a package.json with its lockfile
// and a Prisma project, so every rule has something to parse. `size` is the target input size.
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PRISMA_FIXTURE = path.join(ROOT, 'test', 'fixtures', 'prisma', 'tenant');

/** `unit` repeated to `size` characters. */
export const fill = (unit, size) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
/** `line(i)` for i = 0.. until `size` characters. */
function numbered(line, size) {
  const out = [];
  for (let i = 0, total = 0; total < size; i++) {
    const text = line(i);
    out.push(text);
    total += text.length;
  }
  return out.join('');
}

/** The config every case runs under: the recommended and Prisma presets, defaults otherwise. */
export const CONFIG = { extends: ['shipguard/presets/recommended', 'shipguard/presets/prisma'] };

/** Files of the base commit. */
export function baseFiles() {
  const files = {
    'package.json': `${JSON.stringify({ name: 'hostile', version: '1.0.0', private: true, dependencies: { leftpad: '1.0.0' } }, null, 2)}\n`,
    'package-lock.json': `${JSON.stringify(
      { name: 'hostile', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'hostile', version: '1.0.0', dependencies: { leftpad: '1.0.0' } }, 'node_modules/leftpad': { version: '1.0.0' } } },
      null,
      2,
    )}\n`,
    'prisma/schema.prisma': readFileSync(path.join(PRISMA_FIXTURE, 'schema.prisma'), 'utf8'),
    '.gitignore': 'node_modules/\n',
    '.shipguardrc.json': `${JSON.stringify(CONFIG)}\n`,
    'src/existing.ts': "export const existing = 'an ordinary module';\n",
  };
  return files;
}

/** Copies the Prisma fixture's migrations into `dir` (part of the base commit). */
export function writeBase(dir) {
  for (const [file, content] of Object.entries(baseFiles())) write(dir, file, content);
  cpSync(path.join(PRISMA_FIXTURE, 'migrations'), path.join(dir, 'prisma', 'migrations'), { recursive: true });
  mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  symlinkSync(ROOT, path.join(dir, 'node_modules', 'shipguard'), 'dir');
}

export function write(dir, file, content) {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), content);
}

/** Ordinary code of `size` characters: what the hostile cases are compared with. */
export function baseline(size) {
  return { 'src/plain.ts': numbered((i) => `export const line${i} = 'the quick brown fox jumps over the lazy dog';\n`, size) };
}

/**
 * The cases: `rule` is the rule whose regexes or parser the input aims at; `expect` is what a correct
 * run reports (exit code, finding ids `rule/kind` that must appear, rules that must report nothing).
 */
export function cases(size) {
  const line = (unit) => fill(unit, size);
  return [
    { name: 'many tiny lines', rule: 'commit-size', files: { 'notes/tiny.txt': fill('x\n', size) }, expect: { code: 1, findings: ['commit-size/lines'] } },
    {
      name: 'many tiny files',
      rule: 'commit-size',
      files: Object.fromEntries(Array.from({ length: Math.max(30, Math.round(size / 500)) }, (_, i) => [`notes/n${i}.txt`, 'x\n'])),
      expect: { code: 1, findings: ['commit-size/files'] },
    },
    { name: 'deep branch name', rule: 'protected-branch', branch: `wip/${'a/'.repeat(100)}end`, files: { 'notes/a.txt': 'a\n' }, expect: { code: 0, quiet: ['protected-branch'] } },
    {
      name: 'one huge line of near-miss tokens',
      rule: 'secrets',
      files: {
        'config/app.conf': line(
          'ghp_AAAA password=a1a1 sk-ant-api03- -----BEGIN RSA PRIVATE KEY----- ssh root@ jdbc:mysql:x; Server=x; <api-token>x ' +
            'Authorization: Bearer a AKIA postgres://a:b@ AccountKey= xoxb-1- eyJhbGciOi.eyJ ',
        ),
      },
      expect: { code: 0, quiet: ['secrets'] },
    },
    { name: 'a run of token characters', rule: 'secrets', files: { 'config/run.conf': `token=${line('A1b2')}\n` }, expect: { code: 0, quiet: ['secrets'] } },
    { name: 'many tiny key=value lines', rule: 'secrets', files: { 'config/many.conf': line('k=v\n') }, expect: { code: 1, findings: ['commit-size/lines'], quiet: ['secrets'] } },
    {
      name: 'a string literal of 555-555-… (990 KB took 723 s before)',
      rule: 'no-mock-data',
      files: { 'src/phone.ts': `export const digits = '${line('555-')}';\n` },
      expect: { code: 0, quiet: ['no-mock-data'] },
    },
    { name: 'a run of email characters', rule: 'no-mock-data', files: { 'src/mail.ts': `export const local = '${line('a.b+c-')}';\n` }, expect: { code: 0, quiet: ['no-mock-data'] } },
    { name: 'a run of URL host labels', rule: 'no-mock-data', files: { 'src/url.ts': `export const url = 'http://${line('a-b.')}';\n` }, expect: { code: 0, quiet: ['no-mock-data'] } },
    { name: 'a huge upper-case identifier', rule: 'no-mock-data', files: { 'src/name.ts': `export const ${line('A')} = 1;\n` }, expect: { code: 0, quiet: ['no-mock-data'] } },
    {
      name: 'deep nesting',
      rule: 'no-mock-data',
      // 2,000 levels: TypeScript's parser overflowed its stack here (exit 2); oxc parses it and the
      // walkers are iterative enough, so the file is checked like any other.
      files: { 'src/nested.ts': `export const nested = ${'['.repeat(2000)}${']'.repeat(2000)};\n` },
      expect: { code: 0, quiet: ['no-mock-data', 'runtime-imports'] },
    },
    {
      name: 'a huge import specifier of # and ?',
      rule: 'runtime-imports',
      files: { 'src/imports.ts': `import data from './missing${line('#?')}';\nexport const value = data;\n` },
      expect: { code: 1, findings: ['runtime-imports/unresolved'] },
    },
    {
      name: 'many relative imports',
      rule: 'runtime-imports',
      files: { 'src/many.ts': numbered((i) => `import v${i} from './existing';\n`, size) + 'export default v0;\n' },
      expect: { code: 1, findings: ['commit-size/lines'], quiet: ['runtime-imports'] },
    },
    {
      name: 'package.json with thousands of dependencies, lockfile untouched',
      rule: 'lockfile-sync',
      files: {
        'package.json': `${JSON.stringify({ name: 'hostile', version: '1.0.0', private: true, dependencies: Object.fromEntries(Array.from({ length: Math.round(size / 30) }, (_, i) => [`dep-${i}`, `^1.0.${i}`])) }, null, 2)}\n`,
      },
      expect: { code: 1, findings: ['lockfile-sync/not-updated'] },
    },
    {
      name: 'deeply nested package-lock.json',
      rule: 'lockfile-sync',
      files: { 'package-lock.json': `{"name":"hostile","lockfileVersion":3,"packages":{"":{"dependencies":{"leftpad":"1.0.0"}},"node_modules/leftpad":{"version":"1.0.0"}},"x":${'['.repeat(Math.min(size / 2, 2000))}${']'.repeat(Math.min(size / 2, 2000))}}\n` },
      expect: { code: 0, quiet: ['lockfile-sync'] },
    },
    {
      name: 'migration_lock.toml of blank lines',
      rule: 'prisma-migration',
      files: { 'prisma/migrations/migration_lock.toml': `${line('\n \t')}provider = "postgresql"\n` },
      expect: { code: 0, quiet: ['prisma-migration'] }, // migrations do not count towards commit-size
    },
    {
      name: 'schema.prisma with a huge comment line',
      rule: 'prisma-migration',
      files: { 'prisma/schema.prisma': `${readFileSync(path.join(PRISMA_FIXTURE, 'schema.prisma'), 'utf8')}\n// ${line('datasource db { ')}\n` },
      expect: { code: 0, quiet: ['prisma-migration'] },
    },
    {
      name: 'many Prisma Client calls',
      rule: 'prisma-query-fields',
      files: {
        'src/queries.ts': "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n" + numbered((i) => `export const q${i} = () => prisma.tenant.findMany({ where: { id: '${i}' } });\n`, size),
      },
      // @prisma/client is not in package.json: runtime-imports says so; the queries name real fields.
      expect: { code: 1, findings: ['runtime-imports/missing-dependency'], quiet: ['prisma-query-fields'] },
    },
  ];
}

/** required-build: a failing build whose output is `output` (printed by a script in the repository). */
export function buildCases(size) {
  return [
    { name: 'plain output (baseline)', output: numbered((i) => `building module ${i} of the project, nothing to see here\n`, size) },
    { name: 'one huge line of whitespace', output: `${fill(' \t', size)}x\n` },
    { name: 'thousands of tsc diagnostics', output: numbered((i) => `src/a${i}.ts(${i + 1},2): error TS2322: Type 'string' is not assignable to type 'number'.\n`, size) },
    { name: 'one huge line of Error words', output: `${fill('TypeError Error: ', size)}\n` },
  ];
}
