// Code the parser cannot read must never pass as checked. oxc (unlike TypeScript's parser) gives up
// on a syntax error, so every code rule says "not checked" as a warning (the compiler, not shipguard,
// is the judge of syntax), and syntax the TypeScript compiler accepts must never land there.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { fixture, prismaRepo, copyFixture as copyPrismaFixture } from '../helpers/prisma.js';
import { located, repoWithRules, runJson } from '../helpers/fixture-project.js';

const CODE_RULES = { 'no-mock-data': 'error', 'runtime-imports': 'error' };

describe('files the parser cannot read', () => {
  it('a staged file with a syntax error is a "not checked" warning from each code rule, not a silent pass', () => {
    const repo = repoWithRules(CODE_RULES);
    // Fake data and a devDependency import above a half-written function: TypeScript's parser
    // recovered and refused them; oxc gives up, so the rules must say they did not look.
    repo.write('src/products.ts', "import { faker } from '@faker-js/faker';\nexport const mockProducts = [faker.commerce.product()];\nexport function list( {\n  return mockProducts;\n}\n");
    repo.gitOk(['add', '-A']);
    const run = runJson(repo, ['pre-commit']);
    expect(located(run.findings)).toEqual(['src/products.ts:4 unparsable', 'src/products.ts:4 unparsable']);
    expect(run.findings.map((finding) => [finding.ruleId, finding.severity])).toEqual([
      ['no-mock-data', 'warn'],
      ['runtime-imports', 'warn'],
    ]);
    expect(run.findings[0]!.message).toMatch(/^Could not parse src\/products\.ts:4:\d+ \(.+\): its imports, names, strings and arrays were not checked\.$/);
    expect(run.findings[1]!.message).toMatch(/^Could not parse src\/products\.ts:4:\d+ \(.+\): its imports were not checked\.$/);
    expect(run.code).toBe(0);

    // Through the real hook: the commit goes through, and the warning is on screen.
    const commit = repo.git(['commit', '-m', 'wip']);
    expect(commit.code).toBe(0);
    expect(commit.output).toContain('Could not parse src/products.ts:4:');
    expect(commit.output).toContain('no-mock-data/unparsable');
  });

  it('a change that only deletes lines has nothing for the code rules to check: not parsed, no warning (--all still reads it)', () => {
    const repo = repoWithRules(CODE_RULES);
    repo.write('src/products.ts', "import { faker } from '@faker-js/faker';\nexport const mockProducts = [faker.commerce.product()];\nexport function list() {\n  return mockProducts;\n}\n// old note\n");
    repo.commitAll('products');
    // Deleting the function's last line leaves the file unparsable, but adds nothing to look at.
    repo.write('src/products.ts', "import { faker } from '@faker-js/faker';\nexport const mockProducts = [faker.commerce.product()];\nexport function list() {\n  return mockProducts;\n// old note\n");
    repo.gitOk(['add', '-A']);
    const run = runJson(repo, ['pre-commit'], { SHIPGUARD_DEBUG: '1' });
    expect(run.findings).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('shipguard debug: parsed code');

    const all = runJson(repo, ['check', '--staged', '--all']);
    expect(located(all.findings)).toEqual(['src/products.ts:6 unparsable', 'src/products.ts:6 unparsable']);
  });

  it('syntax the TypeScript compiler accepts is parsed and checked, never skipped as unparsable', () => {
    // Each file hides mock data behind syntax a weaker parser rejects: JSX in .js (React projects),
    // generic arrows in .tsx, decorators, enums, namespaces, satisfies, accessor, top-level await,
    // import = require, a CommonJS top-level return, a hashbang.
    const files: Record<string, string> = {
      'src/App.js': "export function App() {\n  return <ul>{items.map((item) => <li key={item}>{item}</li>)}</ul>;\n}\nexport const mockUsers = [];\n",
      'src/pick.tsx': 'export const pick = <T,>(items: T[]) => items[0];\nexport const View = () => <div>{pick([1])}</div>;\nexport const mockOrders = [];\n',
      'src/service.ts': [
        'declare function Injectable(): ClassDecorator;',
        '@Injectable()',
        'export class Service {',
        '  accessor count = 0;',
        '}',
        'export enum Status { Active, Suspended }',
        'export namespace Shapes { export const square = 1; }',
        'export const config = { port: 3000 } satisfies Record<string, number>;',
        'export const ready = await Promise.resolve(true);',
        'export const mockTenants = [];',
        '',
      ].join('\n'),
      'src/legacy.cts': "import fs = require('node:fs');\nexport const exists = fs.existsSync;\nexport const fakeRows = [];\n",
      'src/bin.mjs': "#!/usr/bin/env node\nexport const mockConfig = {};\n",
    };
    for (const [file, text] of Object.entries(files)) {
      const output = ts.transpileModule(text, { fileName: file, reportDiagnostics: true, compilerOptions: { jsx: ts.JsxEmit.Preserve, allowJs: true, target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.ESNext } });
      expect(output.diagnostics?.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')), file).toEqual([]);
    }
    const repo = repoWithRules(CODE_RULES);
    for (const [file, text] of Object.entries(files)) repo.write(file, text);
    repo.gitOk(['add', '-A']);
    const run = runJson(repo, ['pre-commit']);
    expect(located(run.findings)).toEqual([
      'src/App.js:4 mock-name',
      'src/bin.mjs:2 mock-name',
      'src/legacy.cts:3 mock-name',
      'src/pick.tsx:3 mock-name',
      'src/service.ts:10 mock-name',
    ]);
    expect(run.code).toBe(1);
  });

  it('a missing native parser binding fails the run with exit 2 and one line, never a pass', () => {
    const repo = repoWithRules(CODE_RULES);
    repo.write('src/products.ts', 'export const mockProducts = [];\n');
    repo.gitOk(['add', '-A']);
    // NAPI_RS_FORCE_WASI=error makes oxc-parser's loader refuse its native binding, as on a machine
    // where npm skipped the platform's optional dependency.
    const run = repo.shipguard(['pre-commit'], { env: { NAPI_RS_FORCE_WASI: 'error' } });
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/rule no-mock-data failed to run: the code rules could not load oxc-parser's native binding for \w+-\w+ \(.+\): reinstall dependencies/);
    expect(run.output).not.toMatch(/^\s+at /m);
    expect(repo.git(['commit', '-m', 'mock'], { env: { NAPI_RS_FORCE_WASI: 'error' } }).code).not.toBe(0);
  });

  it('an unparsable prisma.config.ts is a warning naming where it fails, not a silently ignored config', () => {
    const repo = prismaRepo();
    copyPrismaFixture(repo, 'multi', '');
    repo.commitAll('multi-file schema');
    const config = fixture('multi', 'prisma.config.ts');
    const broken = config.replace('});\n', '}\n');
    expect(broken).not.toBe(config);
    repo.write('prisma.config.ts', broken);
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.findings).toMatchObject([{ ruleId: 'prisma-migration', kind: 'config-unreadable', severity: 'warn', file: 'prisma.config.ts' }]);
    expect(report.findings[0]!.message).toMatch(/^Could not parse prisma\.config\.ts:\d+:\d+ \(.+\): its `schema` and `migrations` settings were not read/);
  });

  it('a Prisma Client call in an unparsable file is a "not checked" warning from prisma-query-fields', () => {
    const repo = prismaRepo();
    copyPrismaFixture(repo, 'multi', '');
    repo.commitAll('multi-file schema');
    repo.write('src/users.ts', "import { prisma } from './db';\nexport const users = () => prisma.user.findMany({ select: { phonee: true } }\n");
    repo.gitOk(['add', '-A']);
    const report = runJson(repo, ['pre-commit']);
    expect(report.findings).toMatchObject([{ ruleId: 'prisma-query-fields', kind: 'unparsable', severity: 'warn', file: 'src/users.ts', line: 3 }]);
    expect(report.findings[0]!.message).toContain('its Prisma Client calls were not checked');
    expect(report.code).toBe(0);
  });
});
