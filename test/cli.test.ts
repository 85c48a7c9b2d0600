// The command line: help, version, usage errors (one line, exit 2), explain, check --range.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRepo, lines, PACKAGE_ROOT } from './helpers/repo.js';

const version = JSON.parse(readFileSync(`${PACKAGE_ROOT}/package.json`, 'utf8')).version;

describe('cli', () => {
  const repo = createRepo({ init: false });

  it('prints version and help', () => {
    expect(repo.shipguard(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
    const help = repo.shipguard(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['init', 'pre-commit', 'pre-push', 'ci', 'check', 'build', 'scan', 'baseline', 'explain', 'print-config']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    expect(repo.shipguard(['ci', '--help']).stdout).toContain('Usage: shipguard ci --base <ref>');
  });

  it.each([
    [['deploy'], 'shipguard: unknown command "deploy" (commands: init, doctor, pre-commit, pre-push, ci, check, build, scan, baseline, explain, print-config; see shipguard --help)'],
    [['pre-commit', '--fromat', 'json'], 'shipguard: pre-commit: unknown option --fromat (usage: shipguard pre-commit'],
    [['pre-commit', '--format', 'xml'], 'shipguard: --format must be one of pretty, json, sarif, github (got "xml")'],
    [['ci'], 'shipguard: ci needs --base <ref>'],
    [['ci', '--base'], 'shipguard: ci: option --base needs a value'],
    [['pre-commit', 'extra'], 'shipguard: pre-commit: unexpected argument "extra"'],
    [['explain', 'nope'], 'shipguard: explain needs a rule id (one of: commit-size, protected-branch'],
    [['check', '--range', 'main'], 'shipguard: --range must look like <base>..<head> (got "main")'],
    [['pre-commit', '--config', 'missing.json'], 'shipguard: config error in missing.json: the file does not exist'],
  ])('%j -> exit 2 with one line', (args, message) => {
    const run = repo.shipguard(args as string[]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(message)).toBe(true);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('dist/cli.js, the ESM entry hooks may name directly, runs the same CLI as the bin (dist/cli.cjs)', () => {
    const run = spawnSync(process.execPath, [path.join(PACKAGE_ROOT, 'dist', 'cli.js'), '--version'], { encoding: 'utf8' });
    expect(run).toMatchObject({ status: 0, stdout: `${version}\n`, stderr: '' });
    expect(JSON.parse(readFileSync(`${PACKAGE_ROOT}/package.json`, 'utf8')).bin).toEqual({ shipguard: 'dist/cli.cjs' });
  });

  it('exits 2 outside a git repository', () => {
    const run = repo.shipguard(['pre-commit'], { cwd: '/' });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('shipguard: not inside a git working tree (/); run shipguard from your repository\n');
  });

  it('pre-push without ref updates on stdin says there is nothing to check', () => {
    const run = repo.shipguard(['pre-push', 'origin', 'url'], { input: '' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('shipguard pre-push: nothing to check');
  });

  it('explain prints the rule page', () => {
    const run = repo.shipguard(['explain', 'commit-size']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(`${PACKAGE_ROOT}/docs/rules/commit-size.md`, 'utf8'));
  });

  it('check --range runs the ci checks over a range', () => {
    const ranged = createRepo({ init: false, config: { rules: { 'commit-size': ['error', { maxLines: 10 }] } } });
    const base = ranged.gitOk(['rev-parse', 'HEAD']);
    ranged.write('a.txt', lines(20));
    ranged.commitAll('twenty lines');
    const run = ranged.shipguard(['check', '--range', `${base}..HEAD`]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Commit [0-9a-f]{8} "twenty lines": 20 lines changed \(limit 10\)/);
    expect(ranged.shipguard(['ci', '--base', 'HEAD']).code).toBe(0);
  });

  // The first git commands start before the CLI's code loads, from the directory the hook runs in.
  it('pre-commit from a subdirectory checks the whole staged change, with the config at the root', () => {
    const nested = createRepo({ init: false, config: { rules: { 'commit-size': ['error', { maxLines: 10 }] } } });
    nested.write('top.txt', lines(6));
    nested.write('packages/web/src/page.ts', lines(6));
    nested.gitOk(['add', '-A']);
    const run = nested.shipguard(['pre-commit'], { cwd: `${nested.dir}/packages/web` });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/12 lines changed \(limit 10\) in 2 files/);
    expect(run.stdout).toContain('packages/web/src/page.ts (+6 -0)');
    expect(run.stdout).toContain('top.txt (+6 -0)');
  });
});
