// `shipguard init`: husky hooks, prepare script, starter config; idempotent; lint-staged first.
import { readFileSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRepo, PACKAGE_ROOT, tempDir, TestRepo, installShipguard } from './helpers/repo.js';

const huskyVersion = JSON.parse(readFileSync(`${PACKAGE_ROOT}/node_modules/husky/package.json`, 'utf8')).version;

describe('shipguard init', () => {
  it('sets up husky hooks, the prepare script and a starter config', () => {
    const repo = createRepo({ init: false, initialCommit: false });
    const run = repo.shipguard(['init']);
    expect(run.code).toBe(0);
    const pkg = JSON.parse(repo.read('package.json'));
    expect(pkg.scripts.prepare).toBe('husky');
    // husky comes hoisted with shipguard (node_modules/husky): declaring it would put package.json
    // out of step with the lockfile.
    expect(pkg.devDependencies).toBeUndefined();
    expect(repo.read('.husky/pre-commit')).toBe('shipguard pre-commit\n');
    expect(repo.read('.husky/pre-push')).toBe('shipguard pre-push "$@"\n');
    expect(repo.gitOk(['config', 'core.hooksPath'])).toBe('.husky/_');
    expect(repo.read('shipguard.config.mjs')).toContain("extends: ['shipguard/presets/recommended']");
    // The starter config is valid as written.
    expect(repo.shipguard(['print-config']).code).toBe(0);
  });

  it('declares husky as a devDependency where the install does not hoist it (pnpm), naming pnpm in every message', () => {
    const repo = createRepo({ init: false, initialCommit: false });
    rmSync(repo.path('node_modules', 'husky'));
    repo.write('pnpm-lock.yaml', "lockfileVersion: '9.0'\n");
    const run = repo.shipguard(['init']);
    expect(run.code).toBe(0);
    expect(JSON.parse(repo.read('package.json')).devDependencies).toEqual({ husky: `^${huskyVersion}` });
    expect(run.stdout).toContain('run `pnpm install` so the lockfile has it');
    expect(run.stdout).toContain('the whole team gets the hooks on `pnpm install`');
    expect(run.stdout).not.toMatch(/\bnpm install\b/);
    expect(repo.read('.husky/pre-commit')).toBe('shipguard pre-commit\n'); // hooks installed anyway
  });

  it('is idempotent: a second run changes nothing', () => {
    const repo = createRepo({ initialCommit: false });
    const before = repo.snapshot();
    const again = repo.shipguard(['init']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('shipguard init: already set up, nothing changed.\n');
    expect(repo.snapshot()).toBe(before);
  });

  it('stays with husky once it runs the hooks: a later .pre-commit-config.yaml changes nothing', () => {
    const repo = createRepo({ initialCommit: false });
    repo.write('.pre-commit-config.yaml', 'repos: []\n');
    const before = repo.snapshot();
    const again = repo.shipguard(['init']);
    expect(again.stdout).toBe('shipguard init: already set up, nothing changed.\n');
    expect(repo.snapshot()).toBe(before);
  });

  it('keeps existing hook lines and scripts, drops husky 4-8 boilerplate', () => {
    const repo = createRepo({ init: false, initialCommit: false });
    repo.write('package.json', JSON.stringify({ name: 'x', scripts: { prepare: 'node setup.js' } }, null, 4) + '\n');
    repo.write('.husky/pre-commit', '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\nnpm test\n');
    const run = repo.shipguard(['init']);
    expect(run.code).toBe(0);
    expect(repo.read('.husky/pre-commit')).toBe('\nnpm test\nshipguard pre-commit\n');
    expect(run.stdout).toContain(
      '.husky/pre-commit: added `shipguard pre-commit`; kept the 1 existing line; removed the husky 4-8 boilerplate `#!/usr/bin/env sh` and `. "$(dirname -- "$0")/_/husky.sh"` (husky 9 runs hooks without it)',
    );
    const pkg = repo.read('package.json');
    expect(JSON.parse(pkg).scripts.prepare).toBe('node setup.js && husky');
    expect(pkg).toContain('\n    "scripts"'); // indentation kept
  });

  it('puts shipguard before an `exec` that ends the hook, so a staged .env.production is refused by the real hook', () => {
    const repo = createRepo({ init: false, initialCommit: false });
    repo.write('.husky/pre-commit', 'echo ran > .git/other-hook-ran\nexec true\n');
    const run = repo.shipguard(['init']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('.husky/pre-commit: added `shipguard pre-commit`; before line 3 `exec true`, which can end the hook; kept the 2 existing lines');
    expect(repo.read('.husky/pre-commit')).toBe('echo ran > .git/other-hook-ran\nshipguard pre-commit\nexec true\n');
    repo.commitAll('setup');
    repo.write('notes.txt', 'hello\n');
    repo.gitOk(['add', 'notes.txt']);
    expect(repo.git(['commit', '-m', 'control: an ordinary commit passes']).code).toBe(0);
    repo.write('.env.production', `DB_PASSWORD=${['Zq8r', 'T3vK9pLm2Xw'].join('')}\n`);
    repo.gitOk(['add', '.env.production']);
    const refused = repo.git(['commit', '-m', 'config']);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('Committing environment file .env.production');
    expect(repo.read('.git/other-hook-ran')).toBe('ran\n');
  });

  it('puts shipguard before a conditional exit too, never after it', () => {
    const repo = createRepo({ init: false, initialCommit: false });
    repo.write('.husky/pre-push', 'npm run lint\nif [ -n "$SKIP" ]; then\n  exit 0\nfi\nnpm test\n');
    expect(repo.shipguard(['init']).code).toBe(0);
    expect(repo.read('.husky/pre-push')).toBe('npm run lint\nshipguard pre-push "$@"\nif [ -n "$SKIP" ]; then\n  exit 0\nfi\nnpm test\n');
  });

  it('extends the prisma preset when a Prisma schema is in the index, and suggests it otherwise', () => {
    const repo = createRepo({ init: false, initialCommit: false });
    repo.write('package.json', JSON.stringify({ name: 'x', devDependencies: { '@prisma/internals': '^7.0.0' } }));
    repo.write('prisma/schema.prisma', 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n');
    repo.gitOk(['add', 'prisma/schema.prisma']);
    const run = repo.shipguard(['init']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('wrote shipguard.config.mjs (extends shipguard/presets/prisma, as prisma/schema.prisma is in the index)');
    expect(repo.read('shipguard.config.mjs')).toContain("extends: ['shipguard/presets/prisma']");

    const without = createRepo({ init: false, initialCommit: false });
    without.write('prisma/schema.prisma', 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n');
    without.gitOk(['add', 'prisma/schema.prisma']);
    const starter = without.shipguard(['init']);
    expect(starter.stdout).toContain('wrote shipguard.config.mjs (extends shipguard/presets/recommended)');
    expect(starter.stdout).toContain("Tip: prisma/schema.prisma is in the index: add 'shipguard/presets/prisma' to extends in shipguard.config.mjs for the Prisma migration and query checks (it needs @prisma/internals: `npm install -D @prisma/internals`).");

    const existing = createRepo({ init: false, initialCommit: false, config: { extends: ['shipguard/presets/recommended'] } });
    existing.write('yarn.lock', '');
    existing.write('db/schema.prisma', 'datasource db {\n  provider = "mysql"\n  url = env("DATABASE_URL")\n}\n');
    existing.gitOk(['add', 'db/schema.prisma']);
    const tip = existing.shipguard(['init']);
    expect(tip.stdout).toContain("Tip: db/schema.prisma is in the index: add 'shipguard/presets/prisma' to extends in .shipguardrc.json for the Prisma migration and query checks (it needs @prisma/internals: `yarn add -D @prisma/internals`).");
    expect(tip.stdout).toContain('the whole team gets the hooks on `yarn install`');
  });

  it('writes a TypeScript config in a TypeScript project', () => {
    const repo = createRepo({ init: false, initialCommit: false });
    repo.write('tsconfig.json', '{}');
    expect(repo.shipguard(['init']).code).toBe(0);
    expect(repo.read('shipguard.config.ts')).toContain("import { defineConfig } from 'shipguard';");
    expect(repo.shipguard(['print-config']).code).toBe(0);
  });

  it('refuses clearly outside a git repository and without package.json', () => {
    const dir = tempDir();
    const outside = new TestRepo(dir).shipguard(['init']);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toBe('shipguard: init must run inside a git repository (run `git init` first)\n');
    const repo = new TestRepo(tempDir());
    repo.gitOk(['init', '-q']);
    const noPackage = repo.shipguard(['init']);
    expect(noPackage.code).toBe(2);
    expect(noPackage.stderr).toMatch(/^shipguard: init needs a package\.json in .* \(run `npm init -y` first\)\n$/);
  });

  it('runs lint-staged first, and shipguard judges what lint-staged staged', () => {
    const repo = createRepo({ init: false, initialCommit: false, lintStaged: true });
    repo.write(
      'package.json',
      JSON.stringify({ name: 'x', 'lint-staged': { '*.txt': 'node upper.cjs' } }, null, 2),
    );
    // A "formatter" that rewrites each staged file in upper case.
    repo.write('upper.cjs', "const fs = require('fs'); for (const f of process.argv.slice(2)) fs.writeFileSync(f, fs.readFileSync(f, 'utf8').toUpperCase());\n");
    repo.write('.shipguardrc.json', JSON.stringify({ rules: { 'commit-size': ['error', { maxLines: 50 }] } }));
    expect(repo.shipguard(['init']).code).toBe(0);
    expect(repo.read('.husky/pre-commit')).toBe('lint-staged\nshipguard pre-commit\n');
    repo.commitAll('setup');

    repo.write('notes.txt', 'hello\n');
    repo.gitOk(['add', 'notes.txt']);
    const commit = repo.git(['commit', '-m', 'notes']);
    expect(commit.code).toBe(0);
    expect(commit.output).toContain('shipguard pre-commit: 1 rule passed');
    expect(repo.gitOk(['show', 'HEAD:notes.txt'])).toBe('HELLO');

    repo.write('big.txt', Array.from({ length: 60 }, (_, i) => `line ${i}`).join('\n'));
    repo.gitOk(['add', 'big.txt']);
    const refused = repo.git(['commit', '-m', 'big']);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('Staged change: 60 lines changed (limit 50)');
  });

  it('sets up a package in a subdirectory of the repository', () => {
    const repo = new TestRepo(tempDir());
    repo.gitOk(['init', '-q', '-b', 'feature']);
    repo.write('web/package.json', JSON.stringify({ name: 'web' }));
    installShipguard(repo.path('web'));
    repo.write('.gitignore', 'node_modules/\n');
    const run = repo.shipguard(['init'], { cwd: repo.path('web') });
    expect(run.code).toBe(0);
    expect(JSON.parse(repo.read('web/package.json')).scripts.prepare).toBe('cd .. && husky web/.husky');
    expect(repo.gitOk(['config', 'core.hooksPath'])).toBe('web/.husky/_');
    expect(repo.read('web/.husky/pre-commit')).toBe('cd web && shipguard pre-commit\n');
    repo.write('web/.shipguardrc.json', JSON.stringify({ rules: { 'commit-size': ['error', { maxLines: 5 }] } }));
    repo.commitAll('setup');
    repo.write('web/big.txt', 'a\nb\nc\nd\ne\nf\ng\n');
    repo.gitOk(['add', '-A']);
    const refused = repo.git(['commit', '-m', 'big']);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('Staged change: 7 lines changed (limit 5)');
  });
});
