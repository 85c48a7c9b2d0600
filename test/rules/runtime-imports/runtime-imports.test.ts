// runtime-imports through real repositories and hooks: the incident-1 alias under plain tsc and its
// working variants, devDependencies in production code, case mismatches and missing files, all
// resolved against the staged tree or the pushed commit, never the working tree.
import { describe, expect, it } from 'vitest';
import { copyFixture, expectActionable, expectedFromComments, located, repoWithRules, runJson } from '../../helpers/fixture-project.js';
import { edit } from '../../helpers/repo.js';

const RULES = { 'runtime-imports': 'error' };

describe('runtime-imports: tsconfig path aliases', () => {
  it('refuses a @/ alias built with plain tsc through the real hook, naming the script and the fixes', () => {
    const repo = repoWithRules(RULES);
    copyFixture(repo, 'runtime-imports', 'alias-tsc');
    repo.gitOk(['add', '-A']);
    const commit = repo.git(['commit', '-m', 'server: use the db alias']);
    expect(commit.code).toBe(1);
    expect(commit.output).toContain('src/server.ts');
    expect(commit.output).toMatch(
      /2:23 +error {2}"@\/lib\/db\.js" is a tsconfig paths alias \("@\/\*" in tsconfig\.json\), but this package runs it through plain tsc\/node \(scripts\.build: "tsc -p tsconfig\.json"\)/,
    );
    expect(commit.output).toContain('MODULE_NOT_FOUND');
    // ESM package: the fixes that work for ESM, with the relative path spelled out.
    expect(commit.output).toContain('Import "./lib/db.js" instead, add tsc-alias to the build');
    expect(commit.output).toContain('package.json "imports"');
    expect(commit.output).toContain('runtime-imports/path-alias');
  });

  it('passes the same alias when a bundler (tsup) or tsc-alias rewrites it', () => {
    for (const fixture of ['alias-bundler', 'alias-tsc-alias']) {
      const repo = repoWithRules(RULES);
      copyFixture(repo, 'runtime-imports', fixture);
      repo.gitOk(['add', '-A']);
      const commit = repo.git(['commit', '-m', `server via ${fixture}`]);
      expect(commit.output, fixture).toContain('shipguard pre-commit: 1 rule passed');
      expect(commit.code, fixture).toBe(0);
    }
  });

  it('suggests tsconfig-paths for a CommonJS package, and reads aliases from the staged tsconfig', () => {
    const repo = repoWithRules(RULES);
    copyFixture(repo, 'runtime-imports', 'alias-tsc');
    const pkg = JSON.parse(repo.read('package.json'));
    delete pkg.type;
    repo.write('package.json', JSON.stringify(pkg, null, 2));
    repo.gitOk(['add', '-A']);
    const run = runJson(repo, ['pre-commit']);
    expect(located(run.findings)).toEqual(['src/server.ts:2 path-alias']);
    expect(run.findings[0]!.hint).toContain('node -r tsconfig-paths/register dist/server.js');

    // Without `paths` in the staged tsconfig the specifier is a package name nobody lists.
    const tsconfig = repo.read('tsconfig.json');
    repo.write('tsconfig.json', edit(tsconfig, '"paths": { "@/*": ["./src/*"] },', ''));
    repo.gitOk(['add', 'tsconfig.json']);
    repo.write('tsconfig.json', tsconfig); // working tree has the alias again: must not matter
    expect(located(runJson(repo, ['pre-commit']).findings)).toEqual(['src/server.ts:2 missing-dependency']);
  });
});

describe('runtime-imports: dependencies', () => {
  it('refuses a devDependency imported from src/, allows it from tests, tool configs and as types only', () => {
    const repo = repoWithRules(RULES);
    copyFixture(repo, 'runtime-imports', 'dev-dependency');
    repo.gitOk(['add', '-A']);
    const run = runJson(repo, ['pre-commit']);
    expect(run.code).toBe(1);
    expect(located(run.findings)).toEqual(expectedFromComments('runtime-imports/dev-dependency'));
    expect(run.findings[0]!.message).toContain('"zod" is imported by production code but is only a devDependency in package.json');
    expect(run.findings[0]!.message).toContain('npm ci --omit=dev');
    expect(run.findings[0]!.hint).toContain('Move it to dependencies (npm install --save-prod zod)');
    expectActionable(run.findings);
  });

  it('allows builtins, node: imports, listed dependencies and dependencies of the workspace root; refuses unlisted ones', () => {
    const repo = repoWithRules(RULES);
    repo.write('package.json', JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'], dependencies: { zod: '^3' }, devDependencies: { vitest: '^4' } }));
    repo.write('packages/shared/package.json', JSON.stringify({ name: '@acme/shared', version: '1.0.0' }));
    repo.write('packages/shared/src/index.ts', 'export const shared = 1;\n');
    repo.write('packages/api/package.json', JSON.stringify({ name: '@acme/api', dependencies: { express: '^4' }, scripts: { build: 'tsc' } }));
    repo.write(
      'packages/api/src/server.ts',
      [
        "import fs from 'fs';",
        "import { join } from 'node:path';",
        "import express from 'express';",
        "import { z } from 'zod';",
        "import { shared } from '@acme/shared';",
        "import { describe } from 'vitest'; // expect: dev-dependency",
        "import dayjs from 'dayjs'; // expect: missing-dependency",
        "const lodash = require('lodash/fp'); // expect: missing-dependency",
        "const dynamic = await import('left-pad'); // expect: missing-dependency",
        'export const all = [fs, join, express, z, shared, describe, dayjs, lodash, dynamic];',
        '',
      ].join('\n'),
    );
    repo.gitOk(['add', '-A']);
    const run = runJson(repo, ['pre-commit']);
    expect(located(run.findings)).toEqual([
      'packages/api/src/server.ts:6 dev-dependency',
      'packages/api/src/server.ts:7 missing-dependency',
      'packages/api/src/server.ts:8 missing-dependency',
      'packages/api/src/server.ts:9 missing-dependency',
    ]);
    expect(run.findings[0]!.message).toContain('only a devDependency in package.json');
    expect(run.findings[1]!.hint).toBe('Add it to dependencies: npm install --save-prod dayjs -w packages/api.');
    expect(run.findings[2]!.message).toContain('"lodash" is imported by production code but packages/api/package.json does not list it');
  });
});

describe('runtime-imports: dynamic imports', () => {
  it('warns (does not refuse) on a dynamic import of a devDependency: the dev-only `await import()` pattern', () => {
    const repo = repoWithRules(RULES);
    copyFixture(repo, 'runtime-imports', 'dev-dependency');
    repo.write('src/dev-server.ts', "export async function devServer() {\n  const { createServer } = await import('vitest/node');\n  return createServer;\n}\n");
    repo.gitOk(['add', '-A']);
    const run = runJson(repo, ['pre-commit']);
    const dynamic = run.findings.filter((finding) => finding.file === 'src/dev-server.ts');
    expect(dynamic.map((finding) => `${finding.line} ${finding.kind} ${finding.severity}`)).toEqual(['2 dev-dependency warn']);
    expect(dynamic[0]!.hint).toContain('shipguard-ignore runtime-imports -- dev only');
  });
});

describe('runtime-imports: relative imports', () => {
  it('finds unchanged files broken by a case-only rename or a deletion in this change', () => {
    const repo = repoWithRules(RULES);
    copyFixture(repo, 'runtime-imports', 'case-mismatch');
    repo.write('src/routes/users.ts', "import { findUser } from '../services/userService.js';\nexport const route = (id: string) => findUser(id);\n");
    repo.write('src/routes/admin.ts', "import * as services from '../services';\nexport const admin = services;\n");
    repo.commitAll('users route');

    // Fine on macOS, where the file system ignores case; git records a real rename.
    repo.gitOk(['mv', 'src/services/userService.ts', 'src/services/UserService.ts']);
    repo.gitOk(['rm', '-q', 'src/services/index.ts']);
    const run = runJson(repo, ['pre-commit']);
    expect(located(run.findings)).toEqual(['src/routes/admin.ts:1 unresolved', 'src/routes/users.ts:1 case-mismatch']);
    const [deleted, renamed] = run.findings;
    expect(renamed!.message).toContain('(src/services/userService.ts is renamed to src/services/UserService.ts in this change)');
    expect(renamed!.hint).toContain('Write "../services/UserService.js"');
    expect(deleted!.message).toContain('(src/services/index.ts is deleted in this change)');

    // Updating the importers makes the same rename fine.
    repo.write('src/routes/users.ts', edit(repo.read('src/routes/users.ts'), 'userService.js', 'UserService.js'));
    repo.write('src/routes/admin.ts', "import * as services from '../services/UserService.js';\nexport const admin = services;\n");
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toEqual([]);
  });

  it('parses a changed file once per run, though both code rules and the renamed-module check read it (issue 10.6)', () => {
    const repo = repoWithRules({ 'runtime-imports': 'error', 'no-mock-data': 'error' });
    copyFixture(repo, 'runtime-imports', 'case-mismatch');
    repo.write('src/routes/users.ts', "import { findUser } from '../services/userService.js';\nexport const route = (id: string) => findUser(id);\n");
    repo.commitAll('users route');

    // users.ts is changed (read by blob id) and still imports the renamed module (found by path).
    repo.gitOk(['mv', 'src/services/userService.ts', 'src/services/UserService.ts']);
    repo.write('src/routes/users.ts', `${repo.read('src/routes/users.ts')}export const list = () => [];\n`);
    repo.gitOk(['add', '-A']);
    const run = runJson(repo, ['pre-commit'], { SHIPGUARD_DEBUG: '1' });
    expect(located(run.findings)).toEqual(['src/routes/users.ts:1 case-mismatch', 'src/services/index.ts:1 case-mismatch']);
    // users.ts and the unchanged services/index.ts: each parsed once. The renamed UserService.ts adds
    // no line, so no code rule has anything of it to check: it is not parsed at all.
    expect(run.stderr).toContain('shipguard debug: parsed code 2 times, 2 distinct files');
  });

  it('parses only the unchanged files whose relative imports can reach the deleted module, not every file importing a module of that name', () => {
    const repo = repoWithRules(RULES);
    repo.write('package.json', '{ "name": "shop", "type": "module" }\n');
    repo.write('src/cart/utils.ts', 'export const total = 1;\n');
    repo.write('src/cart/cart.ts', "import { total } from './utils.js';\nexport const cart = total;\n");
    repo.write('src/users/utils.ts', 'export const name = "a";\n');
    repo.write('src/users/user.ts', "import { name } from './utils.js';\nexport const user = name;\n");
    repo.commitAll('cart and users');

    repo.gitOk(['rm', '-q', 'src/cart/utils.ts']);
    const run = runJson(repo, ['pre-commit'], { SHIPGUARD_DEBUG: '1' });
    expect(located(run.findings)).toEqual(['src/cart/cart.ts:1 unresolved']);
    // src/users/user.ts also imports './utils.js', but its own: it is not parsed.
    expect(run.stderr).toContain('shipguard debug: parsed code 1 times, 1 distinct files');
  });

  it('in ci, refuses an import of a directory whose index file the range deletes (the directory itself still exists)', () => {
    const repo = repoWithRules(RULES);
    copyFixture(repo, 'runtime-imports', 'case-mismatch');
    repo.write('src/routes/users.ts', "import { findUser } from '../services/userService.js';\nexport const route = findUser;\n");
    repo.write('src/routes/admin.ts', "import * as services from '../services';\nexport const admin = services;\n");
    // The other ways an importer names an index module: its file, in double quotes, through require.
    repo.write('src/routes/legacy.js', 'const services = require("../services/index.js");\nmodule.exports = services;\n');
    const base = repo.commitAll('admin route');
    repo.gitOk(['rm', '-q', 'src/services/index.ts']);
    repo.commitAll('drop the services barrel');
    expect(repo.gitOk(['ls-tree', '--name-only', 'HEAD', 'src/services/'])).toContain('src/services/userService.ts');
    const run = runJson(repo, ['ci', '--base', base]);
    expect(run.code).toBe(1);
    expect(located(run.findings)).toEqual(['src/routes/admin.ts:1 unresolved', 'src/routes/legacy.js:1 unresolved']);
    expect(run.findings[0]!.message).toContain('(src/services/index.ts is deleted in this change)');
  });

  it('refuses a case-mismatched import (works on macOS, crashes on Linux) and a missing file, through the real hook', () => {
    const repo = repoWithRules(RULES);
    copyFixture(repo, 'runtime-imports', 'case-mismatch');
    repo.gitOk(['add', '-A']);
    const run = runJson(repo, ['pre-commit']);
    expect(located(run.findings)).toEqual(expectedFromComments('runtime-imports/case-mismatch'));
    const [caseMismatch] = run.findings;
    expect(caseMismatch!.message).toBe(
      '"../services/UserService.js" matches src/services/userService.ts only on a case-insensitive file system (macOS, Windows); Linux servers and CI are case-sensitive and throw MODULE_NOT_FOUND.',
    );
    expect(caseMismatch!.hint).toContain('Write "../services/userService.js"');
    expect(run.findings[1]!.hint).toContain('Write "../services/index.js"');
    expect(run.findings[2]!.message).toContain('"./helpers.js" does not resolve to any file in the staged tree');

    const commit = repo.git(['commit', '-m', 'users route']);
    expect(commit.code).toBe(1);
    expect(commit.output).toContain('runtime-imports/case-mismatch');
  });

  it('resolves against the staged tree: an unstaged file does not count, a gitignored (generated) target is not judged', () => {
    const repo = repoWithRules(RULES);
    repo.write('.gitignore', 'node_modules/\nsrc/generated/\n');
    repo.write('src/app.ts', "import { a } from './a.js';\nimport { client } from './generated/client/index.js';\nexport const x = [a, client];\n");
    repo.write('src/a.ts', 'export const a = 1;\n');
    repo.gitOk(['add', 'src/app.ts', '.gitignore']);
    const before = repo.snapshot();
    const unstaged = runJson(repo, ['pre-commit']);
    expect(located(unstaged.findings)).toEqual(['src/app.ts:1 unresolved']);
    expect(unstaged.findings[0]!.hint).toContain('git add src/a.js');
    expect(repo.snapshot()).toBe(before);
    repo.gitOk(['add', 'src/a.ts']);
    expect(runJson(repo, ['pre-commit']).findings).toEqual([]);
  });

  it('refuses extensionless relative imports in an ES module package built by plain tsc', () => {
    const repo = repoWithRules(RULES);
    copyFixture(repo, 'runtime-imports', 'alias-tsc');
    repo.write('src/server.ts', "import { query } from './lib/db';\nexport const q = query;\n");
    repo.gitOk(['add', '-A']);
    const run = runJson(repo, ['pre-commit']);
    expect(located(run.findings)).toEqual(['src/server.ts:1 missing-extension']);
    expect(run.findings[0]!.hint).toContain('Write "./lib/db.js"');
  });
});

describe('runtime-imports: scope and stages', () => {
  it('checks the pushed commit at pre-push, only for added lines, and ignores non-production paths', () => {
    const repo = repoWithRules(RULES);
    repo.addBareRemote();
    copyFixture(repo, 'runtime-imports', 'dev-dependency');
    repo.commitAll('service with a devDependency in src (before shipguard)');
    repo.gitOk(['push', '-q', '--no-verify', '-u', 'origin', 'feature']);

    // An unrelated edit to the file does not re-report its old import line.
    repo.write('src/signup.ts', `${repo.read('src/signup.ts')}\nexport const version = 2;\n`);
    repo.write('scripts/seed.ts', "import { z } from 'zod';\nexport const s = z;\n");
    repo.commitAll('version');
    expect(repo.git(['push', 'origin', 'feature']).code).toBe(0);

    repo.write('src/later.ts', "import { z } from 'zod';\nexport const later = z;\n");
    repo.commitAll('later');
    const push = repo.git(['push', 'origin', 'feature']);
    expect(push.code).not.toBe(0);
    expect(push.output).toContain('src/later.ts');
    expect(push.output).toContain('"zod" is imported by production code but is only a devDependency');
  });

  it('does not load the parser for a commit without production code, and loads oxc (never TypeScript) for one with TS files staged', () => {
    const repo = repoWithRules({ 'runtime-imports': 'error', 'no-mock-data': 'error', 'lockfile-sync': 'error' });
    repo.write('README.md', '# Webshop\n\nmock data is not allowed here.\n');
    repo.gitOk(['add', '-A']);
    const markdown = repo.git(['commit', '-m', 'docs'], { env: { SHIPGUARD_DEBUG: '1' } });
    expect(markdown.code).toBe(0);
    expect(markdown.output).toContain('shipguard debug: rule runtime-imports: 0 findings');
    expect(markdown.output).toContain('shipguard debug: rule no-mock-data: 0 findings');
    expect(markdown.output).not.toContain('loaded oxc-parser');

    // Code outside the production globs (tests, scripts) does not need the parser either.
    repo.write('test/cart.test.ts', "import { faker } from '@faker-js/faker';\nexport const name = faker.person.fullName();\n");
    repo.write('scripts/seed.ts', "import { z } from 'zod';\nexport const s = z;\n");
    repo.gitOk(['add', '-A']);
    const tests = repo.git(['commit', '-m', 'tests'], { env: { SHIPGUARD_DEBUG: '1' } });
    expect(tests.code).toBe(0);
    expect(tests.output).not.toContain('loaded oxc-parser');

    repo.write('src/a.ts', 'export const a = 1;\n');
    repo.gitOk(['add', '-A']);
    const code = repo.git(['commit', '-m', 'code'], { env: { SHIPGUARD_DEBUG: '1' } });
    expect(code.code).toBe(0);
    expect(code.output).toMatch(/shipguard debug: loaded oxc-parser in \d+ ms/);
    expect(code.output).not.toContain('loaded typescript');
  });

  it('reports a multi-line import on its first line, where an inline suppression goes', () => {
    const repo = repoWithRules(RULES);
    copyFixture(repo, 'runtime-imports', 'dev-dependency');
    repo.write('src/signup.ts', "import {\n  z,\n  ZodError,\n} from 'zod';\nexport const all = [z, ZodError];\n");
    repo.gitOk(['add', '-A']);
    expect(located(runJson(repo, ['pre-commit']).findings)).toEqual(['src/signup.ts:1 dev-dependency']);
    repo.write('src/signup.ts', `// shipguard-ignore runtime-imports -- bundled into the Lambda zip by our deploy script\n${repo.read('src/signup.ts')}`);
    repo.gitOk(['add', '-A']);
    const suppressed = repo.shipguard(['pre-commit']);
    expect(suppressed.code).toBe(0);
    expect(suppressed.stdout).toContain('1 suppressed inline');
  });

  it('prints its documentation with shipguard explain', () => {
    const repo = repoWithRules(RULES);
    for (const rule of ['runtime-imports', 'no-mock-data', 'lockfile-sync']) {
      const explained = repo.shipguard(['explain', rule]);
      expect(explained.code).toBe(0);
      expect(explained.stdout.split('\n')[0]).toBe(`# ${rule}`);
      expect(explained.stdout).toContain('## How to suppress');
    }
  });

  it('reports a broken staged package.json as one line naming the file, exit 2', () => {
    const repo = repoWithRules(RULES);
    const valid = repo.read('package.json');
    repo.write('package.json', '{ "name": "shop", "dependencies": { "zod": "^3" }, }');
    repo.write('src/a.ts', "import { z } from 'zod';\nexport const a = z;\n");
    repo.gitOk(['add', '-A']);
    // Only the staged copy is broken (the config loader reads the working tree's package.json).
    repo.write('package.json', valid);
    const run = repo.shipguard(['pre-commit']);
    expect(run.code).toBe(2);
    expect(run.output).toContain('rule runtime-imports failed to run: package.json is not valid JSON');
    expect(run.output).not.toMatch(/\n\s+at /);
  });
});
