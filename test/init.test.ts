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

  it('declares husky as a devDependency where the install does not hoist it (pnpm)', () => {
    const repo = createRepo({ init: false, initialCommit: false });
    rmSync(repo.path('node_modules', 'husky'));
    const run = repo.shipguard(['init']);
    expect(run.code).toBe(0);
    expect(JSON.parse(repo.read('package.json')).devDependencies).toEqual({ husky: `^${huskyVersion}` });
    expect(run.stdout).toContain("run your package manager's install so the lockfile has it");
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

  it('keeps existing hook lines and scripts, drops husky 4-8 boilerplate', () => {
    const repo = createRepo({ init: false, initialCommit: false });
    repo.write('package.json', JSON.stringify({ name: 'x', scripts: { prepare: 'node setup.js' } }, null, 4) + '\n');
    repo.write('.husky/pre-commit', '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\nnpm test\n');
    expect(repo.shipguard(['init']).code).toBe(0);
    expect(repo.read('.husky/pre-commit')).toBe('\nnpm test\nshipguard pre-commit\n');
    const pkg = repo.read('package.json');
    expect(JSON.parse(pkg).scripts.prepare).toBe('node setup.js && husky');
    expect(pkg).toContain('\n    "scripts"'); // indentation kept
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
