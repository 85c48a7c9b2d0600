// tsconfig.json and package.json are read from the tree being checked (the index at pre-commit, the
// commit at pre-push and in builds), never from the working tree, and tsconfig `extends` is followed
// the way TypeScript follows it, into installed packages too. Otherwise a change is judged on files
// that are not part of it.
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { located, repoWithRules, runJson } from '../helpers/fixture-project.js';
import { project } from '../rules/required-build/helpers.js';

const RULES = { 'runtime-imports': 'error' };
const SERVER = "import { db } from '@/lib/db.js';\nexport const server = db;\n";
const DB = 'export const db = 1;\n';

/**
 * A monorepo whose apps/api tsconfig extends `extendsSpec` from the workspace package @repo/tsconfig
 * (`manifest` and `files` in packages/tsconfig), committed, with node_modules/@repo/tsconfig linked to it
 * as npm, pnpm and yarn link workspace packages.
 */
function linkedConfigRepo(extendsSpec: string, manifest: Record<string, unknown>, files: Record<string, string>) {
  const repo = repoWithRules(RULES);
  repo.write('package.json', JSON.stringify({ name: 'monorepo', private: true, workspaces: ['apps/*', 'packages/*'] }));
  repo.write('packages/tsconfig/package.json', JSON.stringify({ name: '@repo/tsconfig', private: true, ...manifest }));
  for (const [file, content] of Object.entries(files)) repo.write(`packages/tsconfig/${file}`, content);
  repo.write('apps/api/package.json', JSON.stringify({ name: 'api', type: 'module', scripts: { build: 'tsc' } }));
  repo.write('apps/api/tsconfig.json', `{ "extends": "${extendsSpec}", "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }\n`);
  repo.write('apps/api/src/lib/db.ts', DB);
  repo.commitAll('monorepo');
  mkdirSync(repo.path('node_modules', '@repo'), { recursive: true });
  symlinkSync('../../packages/tsconfig', repo.path('node_modules', '@repo', 'tsconfig'), 'dir');
  return repo;
}

describe('tsconfig and package.json come from the tree being checked', () => {
  it('a compiler option inherited from a config package in node_modules (extends "@acme/tsconfig/node.json") counts', () => {
    const repo = repoWithRules(RULES);
    repo.write('package.json', JSON.stringify({ name: 'api', type: 'module', scripts: { typecheck: 'tsc -p tsconfig.json' } }));
    // node_modules is not in git: the shared config is read where npm installed it, through its exports map.
    repo.write('node_modules/@acme/tsconfig/package.json', JSON.stringify({ name: '@acme/tsconfig', exports: { './node.json': './configs/node.json' } }));
    repo.write('node_modules/@acme/tsconfig/configs/node.json', '// type-check only: the app runs through its bundler\n{ "compilerOptions": { "noEmit": true, "strict": true, }, }\n');
    repo.write('tsconfig.json', '{\n  "extends": "@acme/tsconfig/node.json",\n  "compilerOptions": { "paths": { "@/*": ["./src/*"] } }\n}\n');
    repo.write('src/server.ts', SERVER);
    repo.write('src/lib/db.ts', DB);
    repo.gitOk(['add', '-A']);
    const run = runJson(repo, ['pre-commit']);
    expect(run.findings).toEqual([]);
    expect(run.code).toBe(0);

    // The same project without the inherited noEmit: plain tsc would emit "@/lib/db.js" unchanged.
    repo.write('node_modules/@acme/tsconfig/configs/node.json', '{ "compilerOptions": { "strict": true } }\n');
    const emitting = runJson(repo, ['pre-commit']);
    expect(located(emitting.findings)).toEqual(['src/server.ts:1 path-alias']);
    expect(emitting.findings[0]!.message).toContain('("@/*" in tsconfig.json)');
  });

  it('a workspace config package behind a node_modules symlink is read from the staged tree, not the working tree', () => {
    const repo = linkedConfigRepo('@repo/tsconfig/base.json', {}, { 'base.json': '{ "compilerOptions": { "strict": true } }\n' });

    // Staged: the shared config turns emitting off. Working tree: back on. The staged one decides.
    repo.write('packages/tsconfig/base.json', '{ "compilerOptions": { "strict": true, "noEmit": true } }\n');
    repo.write('apps/api/src/server.ts', SERVER);
    repo.gitOk(['add', '-A']);
    repo.write('packages/tsconfig/base.json', '{ "compilerOptions": { "strict": true } }\n');
    const staged = runJson(repo, ['pre-commit']);
    expect(staged.findings).toEqual([]);
    expect(staged.code).toBe(0);

    // And the other way round: staged emits, the working tree does not.
    repo.gitOk(['add', 'packages/tsconfig/base.json']);
    repo.write('packages/tsconfig/base.json', '{ "compilerOptions": { "strict": true, "noEmit": true } }\n');
    const emitting = runJson(repo, ['pre-commit']);
    expect(located(emitting.findings)).toEqual(['apps/api/src/server.ts:1 path-alias']);
  });

  it('a bare `extends: "@repo/tsconfig"` behind a node_modules symlink: its package.json `tsconfig` field and the file are read from the staged tree', () => {
    const repo = linkedConfigRepo('@repo/tsconfig', { tsconfig: 'base.json' }, {
      'base.json': '{ "compilerOptions": { "strict": true } }\n',
      'no-emit.json': '{ "compilerOptions": { "noEmit": true } }\n',
    });

    // Staged: the shared config emits (base.json), so the alias ships unrewritten. Working tree: noEmit.
    repo.write('apps/api/src/server.ts', SERVER);
    repo.gitOk(['add', '-A']);
    repo.write('packages/tsconfig/base.json', '{ "compilerOptions": { "strict": true, "noEmit": true } }\n');
    expect(located(runJson(repo, ['pre-commit']).findings)).toEqual(['apps/api/src/server.ts:1 path-alias']);

    // The package.json `tsconfig` field too: the working tree points at no-emit.json, the staged one at base.json.
    repo.gitOk(['checkout', '--', 'packages/tsconfig/base.json']);
    repo.write('packages/tsconfig/package.json', JSON.stringify({ name: '@repo/tsconfig', private: true, tsconfig: 'no-emit.json' }));
    expect(located(runJson(repo, ['pre-commit']).findings)).toEqual(['apps/api/src/server.ts:1 path-alias']);

    // CONTROL: staged noEmit is judged as not emitting (nothing to report).
    repo.gitOk(['add', 'packages/tsconfig/package.json']);
    expect(runJson(repo, ['pre-commit']).findings).toEqual([]);
  });

  it('`extends: "@repo/tsconfig/node"` through a workspace package\'s `exports` map: the staged map decides, not the linked working tree', () => {
    const manifest = (target: string) => JSON.stringify({ name: '@repo/tsconfig', private: true, exports: { './node': target } });
    const repo = linkedConfigRepo('@repo/tsconfig/node', { exports: { './node': './emit.json' } }, {
      'emit.json': '{ "compilerOptions": { "strict": true } }\n',
      'no-emit.json': '{ "compilerOptions": { "noEmit": true } }\n',
    });

    // Staged: "./node" maps to emit.json, so the alias ships unrewritten. Working tree: no-emit.json.
    repo.write('apps/api/src/server.ts', SERVER);
    repo.gitOk(['add', '-A']);
    repo.write('packages/tsconfig/package.json', manifest('./no-emit.json'));
    expect(located(runJson(repo, ['pre-commit']).findings)).toEqual(['apps/api/src/server.ts:1 path-alias']);

    // CONTROL: the map staged to no-emit.json is judged as not emitting.
    repo.gitOk(['add', 'packages/tsconfig/package.json']);
    repo.write('packages/tsconfig/package.json', manifest('./emit.json'));
    expect(runJson(repo, ['pre-commit']).findings).toEqual([]);
  });

  it('a staged package.json that differs from the working tree is judged as staged', () => {
    const repo = repoWithRules(RULES);
    repo.write('src/validate.ts', "import { z } from 'zod';\nexport const name = z.string();\n");
    repo.write('package.json', JSON.stringify({ name: 'api', devDependencies: { zod: '^3.25.0' } }));
    repo.gitOk(['add', '-A']);
    repo.write('package.json', JSON.stringify({ name: 'api', dependencies: { zod: '^3.25.0' } }));
    const run = runJson(repo, ['pre-commit']);
    expect(located(run.findings)).toEqual(['src/validate.ts:1 dev-dependency']);
    expect(run.code).toBe(1);
  });

  it('a tsconfig.json that does not parse is one line naming the file, line and column, exit 2', () => {
    const repo = repoWithRules(RULES);
    repo.write('tsconfig.json', '{\n  "compilerOptions": {\n    "paths": { "@/*": ["./src/*"] }\n    "strict": true\n  }\n}\n');
    repo.write('src/server.ts', SERVER);
    repo.gitOk(['add', '-A']);
    const run = repo.shipguard(['pre-commit']);
    expect(run.code).toBe(2);
    expect(run.output).toContain('tsconfig.json:4:5 could not be parsed: CommaExpected');
    expect(run.output).not.toMatch(/^\s+at /m);
  });

  it('`shipguard build` in a folder whose package.json is not committed builds the committed package around it', () => {
    const p = project({ scripts: { build: 'node scripts/count-build.mjs' } });
    // An untracked package.json in the working tree is not part of the commit being built.
    p.repo.write('tools/draft/package.json', JSON.stringify({ name: 'draft', scripts: { build: 'node ../../scripts/count-build.mjs' } }));
    const run = p.repo.shipguard(['build'], { env: p.env, cwd: p.repo.path('tools', 'draft') });
    expect(run.code).toBe(0);
    // Built once, at the root of the checkout of the commit (the untracked file makes it a separate checkout).
    expect(readFileSync(p.counterFile, 'utf8')).toMatch(/^built in \S*shipguard-build-\d+-\w+\n$/);
  });
});
