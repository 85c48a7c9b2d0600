// Attacks on where hooks live: project paths with spaces, quotes and `$`, and new git worktrees.
// Real npm runs the `prepare` script init writes; real commits go through the husky hooks.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, lines, PACKAGE_ROOT, tempDir, testEnv, TestRepo } from '../helpers/repo.js';

const HUSKY = path.join(PACKAGE_ROOT, 'node_modules', 'husky');

/** Runs npm in `cwd` as a developer would; offline, husky comes from a `file:` dependency. */
function npm(cwd: string, args: string[]) {
  const run = spawnSync('npm', [...args, '--offline', '--no-audit', '--no-fund'], { cwd, encoding: 'utf8', env: testEnv() });
  return { code: run.status ?? 1, output: `${run.stdout}${run.stderr}` };
}

/**
 * A repository (in `rootName`, under a temp dir) with a package at `packageDir`: husky installed by
 * a real `npm install`, shipguard linked after it, `shipguard init` run in the package.
 */
function packageRepo(rootName: string, packageDir: string): { repo: TestRepo; pkg: string } {
  const repo = new TestRepo(path.join(tempDir(), rootName));
  mkdirSync(repo.dir, { recursive: true });
  repo.gitOk(['init', '-q', '-b', 'feature']);
  repo.write('.gitignore', 'node_modules/\n');
  const pkg = repo.path(packageDir);
  repo.write(path.join(packageDir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, devDependencies: { husky: `file:${HUSKY}` } }, null, 2));
  expect(npm(pkg, ['install']).code).toBe(0);
  linkShipguard(pkg);
  const init = repo.shipguard(['init'], { cwd: pkg });
  expect(init.code, init.output).toBe(0);
  repo.write(path.join(packageDir, '.shipguardrc.json'), JSON.stringify({ rules: { 'commit-size': ['error', { maxLines: 5 }] } }));
  return { repo, pkg };
}

/** shipguard in the package's node_modules, as npm would install it (npm install prunes the link). */
function linkShipguard(pkg: string): void {
  const modules = path.join(pkg, 'node_modules');
  mkdirSync(path.join(modules, '.bin'), { recursive: true });
  if (!existsSync(path.join(modules, 'shipguard'))) symlinkSync(PACKAGE_ROOT, path.join(modules, 'shipguard'), 'dir');
  if (!existsSync(path.join(modules, '.bin', 'shipguard'))) symlinkSync(CLI, path.join(modules, '.bin', 'shipguard'));
}

/** Commits a 7-line file in the package at `worktree`: the hook must refuse it (limit 5), proving shipguard ran. */
function expectHookRefusesBigCommit(worktree: string, packageDir: string): void {
  writeFileSync(path.join(worktree, packageDir, 'big.txt'), lines(7));
  const git = (args: string[]) => spawnSync('git', args, { cwd: worktree, encoding: 'utf8', env: testEnv() });
  expect(git(['add', '-A']).status).toBe(0);
  const commit = git(['commit', '-m', 'big']);
  expect(commit.status, `${commit.stdout}${commit.stderr}`).toBe(1);
  expect(`${commit.stdout}${commit.stderr}`).toContain('Staged change: 7 lines changed (limit 5)');
}

describe('hooks in paths with spaces, quotes and $', () => {
  it('npm install in "packages/my app" (repository root also in "my repo") sets the right hooks path and the hook runs', () => {
    const { repo, pkg } = packageRepo('my repo', 'packages/my app');
    expect(JSON.parse(repo.read('packages/my app/package.json')).scripts.prepare).toBe('cd ../.. && husky "packages/my app/.husky"');
    repo.gitOk(['config', '--unset', 'core.hooksPath']);
    const install = npm(pkg, ['install']);
    expect(install.code, install.output).toBe(0);
    expect(repo.gitOk(['config', 'core.hooksPath'])).toBe('packages/my app/.husky/_');
    linkShipguard(pkg);
    repo.commitAll('setup');
    expectHookRefusesBigCommit(repo.dir, 'packages/my app');
  });

  it("a package in \"packages/it's here\": npm run prepare keeps the quote in the hooks path and the hook runs", () => {
    const { repo, pkg } = packageRepo('repo', "packages/it's here");
    repo.gitOk(['config', '--unset', 'core.hooksPath']);
    const prepare = npm(pkg, ['run', 'prepare']);
    expect(prepare.code, prepare.output).toBe(0);
    expect(repo.gitOk(['config', 'core.hooksPath'])).toBe("packages/it's here/.husky/_");
    repo.commitAll('setup');
    expectHookRefusesBigCommit(repo.dir, "packages/it's here");
  });

  it('a package in "packages/price$list" (a $ the shell would expand): npm run prepare keeps it and the hook runs', () => {
    const { repo, pkg } = packageRepo('repo', 'packages/price$list');
    repo.gitOk(['config', '--unset', 'core.hooksPath']);
    const prepare = npm(pkg, ['run', 'prepare']);
    expect(prepare.code, prepare.output).toBe(0);
    expect(repo.gitOk(['config', 'core.hooksPath'])).toBe('packages/price$list/.husky/_');
    repo.commitAll('setup');
    expectHookRefusesBigCommit(repo.dir, 'packages/price$list');
  });

  it('re-running init quotes the unquoted prepare script an older init wrote', () => {
    const { repo, pkg } = packageRepo('repo', 'packages/my app');
    const manifest = JSON.parse(repo.read('packages/my app/package.json'));
    manifest.scripts.prepare = 'cd ../.. && husky packages/my app/.husky';
    repo.write('packages/my app/package.json', JSON.stringify(manifest, null, 2));
    const again = repo.shipguard(['init'], { cwd: pkg });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('quoted the husky directory in the "prepare" script');
    expect(JSON.parse(repo.read('packages/my app/package.json')).scripts.prepare).toBe('cd ../.. && husky "packages/my app/.husky"');
  });
});

describe('hooks in a new git worktree', () => {
  it('a worktree made with `git worktree add` gets .husky/_ and its commits go through the hook', () => {
    const { repo } = packageRepo('repo', 'packages/my app');
    repo.commitAll('setup');
    const worktree = path.join(tempDir(), 'second tree');
    repo.gitOk(['worktree', 'add', '-q', worktree, '-b', 'second']);
    expect(existsSync(path.join(worktree, 'packages/my app/.husky/_/pre-commit'))).toBe(true);
    linkShipguard(path.join(worktree, 'packages/my app')); // its own install, as after `npm ci` there
    expectHookRefusesBigCommit(worktree, 'packages/my app');
  });
});
