// Config, preset and plugin code runs inside shipguard's process. Code that never settles, exits
// early or throws from a timer must end the run with exit code 2 and one line naming the cause:
// never a silent pass, never a raw stack, never a hook that hangs.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, createRepo, lines, testEnv, type RunResult, type TestRepo } from '../helpers/repo.js';

const RECOMMENDED = "extends: ['shipguard/presets/recommended']";
const NEVER_SETTLES = 'await new Promise(() => {});';

/** The CLI with a deadline, so a regression fails the test instead of hanging the suite. */
function shipguard(repo: TestRepo, args: string[], env: NodeJS.ProcessEnv = {}): RunResult & { ms: number } {
  const started = Date.now();
  const spawned = spawnSync(process.execPath, [CLI, ...args], { cwd: repo.dir, encoding: 'utf8', input: '', env: testEnv(env), timeout: 30_000 });
  const stdout = spawned.stdout ?? '';
  const stderr = spawned.stderr ?? '';
  return { code: spawned.status ?? -1, stdout, stderr, output: stdout + stderr, ms: Date.now() - started };
}

/** A repository with `files` written and a 10-line file staged. */
function stagedRepo(files: Record<string, string>): TestRepo {
  const repo = createRepo({ init: false });
  for (const [file, content] of Object.entries(files)) repo.write(file, content);
  repo.write('notes.txt', lines(10));
  repo.gitOk(['add', 'notes.txt']);
  return repo;
}

function expectOneLine(run: RunResult, message: string | RegExp): void {
  expect(run.code).toBe(2);
  const errorLines = run.stderr.trim().split('\n');
  expect(errorLines).toHaveLength(1);
  expect(errorLines[0]).toMatch(message);
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

describe('a config that never finishes loading', () => {
  it('a config whose top-level await never settles exits 2 naming the file, in every format', () => {
    const repo = stagedRepo({ 'shipguard.config.mjs': `${NEVER_SETTLES}\nexport default { ${RECOMMENDED} };\n` });
    const message = /^shipguard: config error in shipguard\.config\.mjs: loading never finished \(a top-level await that never settles\?\); nothing was checked$/;
    for (const format of ['pretty', 'json', 'sarif', 'github']) {
      const run = shipguard(repo, ['pre-commit', '--format', format]);
      expectOneLine(run, message);
      expect(run.stdout).toBe('');
    }
    const base = repo.gitOk(['rev-parse', 'HEAD']);
    repo.commitAll('more notes');
    expectOneLine(shipguard(repo, ['ci', '--base', base, '--format', 'sarif']), message);
  });

  it('a preset whose top-level await never settles names the preset', () => {
    const repo = stagedRepo({
      '.shipguardrc.json': JSON.stringify({ extends: ['shipguard/presets/recommended', './team-preset.mjs'] }),
      'team-preset.mjs': `${NEVER_SETTLES}\nexport default {};\n`,
    });
    expectOneLine(shipguard(repo, ['pre-commit']), /^shipguard: config error in team-preset\.mjs: loading never finished/);
  });

  it('a TypeScript config whose top-level await never settles exits 2 naming the file', () => {
    const repo = stagedRepo({ 'shipguard.config.ts': `${NEVER_SETTLES}\nexport default { ${RECOMMENDED} };\n` });
    expectOneLine(shipguard(repo, ['pre-commit']), /^shipguard: config error in shipguard\.config\.ts: loading never finished/);
  });

  it('a config awaiting a timer for hours is stopped by the load timeout', () => {
    const repo = stagedRepo({ 'shipguard.config.mjs': `await new Promise((resolve) => setTimeout(resolve, 3_600_000));\nexport default {};\n` });
    const run = shipguard(repo, ['pre-commit'], { SHIPGUARD_LOAD_TIMEOUT_MS: '500' });
    expectOneLine(run, /^shipguard: config error in shipguard\.config\.mjs: still loading after 0\.5 s \(a top-level await that never settles\?\); nothing was checked$/);
    // The config's own timer would hold the process for an hour: shipguard exits anyway.
    expect(run.ms).toBeLessThan(15_000);
  });

  it('a never-settling config refuses the commit through the real pre-commit hook', () => {
    const repo = createRepo();
    // init wrote shipguard.config.mjs; the change under test replaces it.
    repo.write('shipguard.config.mjs', `${NEVER_SETTLES}\nexport default { ${RECOMMENDED} };\n`);
    repo.write('notes.txt', lines(10));
    repo.gitOk(['add', '-A']);
    const before = repo.gitOk(['rev-parse', 'HEAD']);
    const commit = repo.git(['commit', '-q', '-m', 'notes']);
    expect(commit.code).not.toBe(0);
    expect(commit.stderr).toContain('config error in shipguard.config.mjs: loading never finished');
    expect(repo.gitOk(['rev-parse', 'HEAD'])).toBe(before);
  });
});

describe('config and plugin code that ends or breaks the process', () => {
  it('a config calling process.exit(0) while loading does not pass', () => {
    const repo = stagedRepo({ 'shipguard.config.mjs': `process.exit(0);\nexport default { ${RECOMMENDED} };\n` });
    expectOneLine(shipguard(repo, ['pre-commit']), /^shipguard: internal error: process\.exit\(\) was called before the check finished/);
  });

  it('a plugin rule rejecting from a timer exits 2 with one line and no stack', () => {
    const plugin = `{ meta: { id: 'late' }, check() { setTimeout(() => Promise.reject(new Error('late failure')), 0); return new Promise((resolve) => setTimeout(() => resolve([]), 200)); } }`;
    const repo = stagedRepo({ 'shipguard.config.mjs': `export default { plugins: [${plugin}], rules: { late: 'error' } };\n` });
    const run = shipguard(repo, ['pre-commit']);
    expect(run.code).toBe(2);
    // Traced to the rule by the time budget (src/budget.ts): the report names it, as for a throw.
    expect(run.stdout).toContain('✖ rule late failed to run: failed asynchronously (a promise rejected with no handler): late failure');
    expect(run.output).not.toMatch(/^\s+at /m);
  });

  it('a plugin rule throwing from a timer after its check returned still fails the run', () => {
    const plugin = `{ meta: { id: 'after' }, check() { setTimeout(() => { throw new Error('thrown later'); }, 50); return []; } }`;
    const repo = stagedRepo({ 'shipguard.config.mjs': `export default { plugins: [${plugin}], rules: { after: 'error' } };\n` });
    const run = shipguard(repo, ['pre-commit']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('shipguard: rule after failed asynchronously (an error thrown in a callback): thrown later; the run fails');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('a config leaving an interval running does not hang the hook after the verdict', () => {
    const repo = stagedRepo({ 'shipguard.config.mjs': `setInterval(() => {}, 1000);\nexport default { ${RECOMMENDED} };\n` });
    const run = shipguard(repo, ['pre-commit']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✔ shipguard pre-commit: 6 rules passed');
    expect(run.ms).toBeLessThan(15_000);
  });
});
