// The per-rule time budget (config `ruleTimeout`): a runaway rule stops the run with exit 2 and its
// name, never a hang and never a silent pass. Each case runs the real CLI in a real repository, with a
// wall-clock limit on the child so that a hang fails the test instead of stalling it.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ES module shared with the secrets corpus
import { checksummed, rng } from '../fixtures/secrets/tokens.mjs';
import { CLI, createRepo, lines, testEnv, type TestRepo } from '../helpers/repo.js';

/** A repository with one staged file and `shipguard.config.mjs` holding these plugin rules (budget 1 s). */
function repoWithPlugins(plugins: string, extra = '', seconds = 1): TestRepo {
  const repo = createRepo();
  const ids = [...plugins.matchAll(/id: '([\w-]+)'/g)].map((match) => `'${match[1]}': 'error'`);
  repo.write('shipguard.config.mjs', `export default {\n  ruleTimeout: ${seconds},${extra}\n  plugins: [${plugins}],\n  rules: { ${ids.join(', ')} },\n};\n`);
  repo.write('src/a.ts', 'export const a = 1;\n');
  repo.gitOk(['add', 'src/a.ts']);
  return repo;
}

interface Run {
  code: number | null;
  output: string;
  ms: number;
}

/** `shipguard <args>` with a hard limit: a run that hangs comes back with code null. */
function runLimited(repo: TestRepo, args: string[], limitMs = 45_000): Run {
  const started = performance.now();
  const child = spawnSync(process.execPath, [CLI, ...args], { cwd: repo.dir, encoding: 'utf8', input: '', env: testEnv(), timeout: limitMs, killSignal: 'SIGKILL' });
  return { code: child.status, output: `${child.stdout ?? ''}${child.stderr ?? ''}`, ms: performance.now() - started };
}

const preCommit = (repo: TestRepo) => runLimited(repo, ['pre-commit', '--config', 'shipguard.config.mjs']);

function expectRuleFailed(run: Run, ruleId: string, detail: string | RegExp): void {
  expect(run.code).toBe(2);
  expect(run.output).toContain(`rule ${ruleId} failed to run: `);
  expect(run.output).toMatch(detail);
  expect(run.output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m); // no stack trace
  expect(run.output).not.toContain('passed');
}

describe('a runaway plugin rule fails the run with exit 2, naming it', () => {
  it('a plugin rule whose check never settles (and keeps a timer alive) fails within its budget', () => {
    const repo = repoWithPlugins(`{ meta: { id: 'never-settles' }, check() { setInterval(() => {}, 1000); return new Promise(() => {}); } }`);
    const run = preCommit(repo);
    expectRuleFailed(run, 'never-settles', 'did not finish within its time budget of 1 s');
    expect(run.ms).toBeLessThan(30_000);
  });

  it('a plugin rule that throws from a timer while its check is pending fails with the error, not a stack', () => {
    const repo = repoWithPlugins(
      `{ meta: { id: 'throws-later' }, check() { return new Promise(() => { setTimeout(() => { throw new Error('lost the connection'); }, 20); }); } }`,
    );
    expectRuleFailed(preCommit(repo), 'throws-later', 'failed asynchronously (an error thrown in a callback): lost the connection');
  });

  it('a plugin rule that leaves a promise to reject after it returned fails the run', () => {
    const repo = repoWithPlugins(
      `{ meta: { id: 'rejects-later' }, check() { setTimeout(() => Promise.reject(new Error('late write failed')), 10); return []; } }`,
    );
    const run = preCommit(repo);
    // The report may be out before the promise rejects: the failure follows it, and the exit code is 2.
    expect(run.code).toBe(2);
    expect(run.output).toContain('shipguard: rule rejects-later failed asynchronously (a promise rejected with no handler): late write failed; the run fails');
    expect(run.output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });

  it('a plugin rule that loops synchronously (while (true) {}) is stopped and fails the run', () => {
    const repo = repoWithPlugins(`{ meta: { id: 'spins' }, check() { while (true) {} } }`);
    const run = preCommit(repo);
    expectRuleFailed(run, 'spins', 'did not finish within its time budget of 1 s');
    expect(run.ms).toBeLessThan(30_000);
  });

  it('a plugin that spins does not take the built-in rules down with it: only it is named', () => {
    // 8 s: the built-in rules' own work (loading TypeScript on a busy machine) must fit in it.
    const repo = repoWithPlugins(`{ meta: { id: 'spins' }, check() { while (true) {} } }`, "\n  extends: ['shipguard/presets/recommended'],", 8);
    repo.write('src/mock.ts', 'export const mockUsers = [{ id: 1 }];\n');
    repo.gitOk(['add', 'src/mock.ts']);
    const run = runLimited(repo, ['pre-commit', '--config', 'shipguard.config.mjs', '--format', 'json']);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.output.slice(0, run.output.lastIndexOf('}') + 1)) as { failures: { ruleId: string }[]; findings: { ruleId: string }[] };
    expect(report.failures.map((failure) => failure.ruleId)).toEqual(['spins']);
    expect(report.findings.map((finding) => finding.ruleId)).toContain('no-mock-data');
  });

  it('a stopped rule does not stop the others: their findings are still reported', () => {
    const repo = repoWithPlugins(
      `{ meta: { id: 'spins' }, check() { while (true) {} } }, { meta: { id: 'finds' }, check() { return [{ file: 'src/a.ts', line: 1, message: 'found it' }]; } }`,
    );
    const run = preCommit(repo);
    expectRuleFailed(run, 'spins', 'did not finish within its time budget');
    expect(run.output).toContain('found it');
  });
});

describe('the budget of shipguard’s own rules', () => {
  it('a user placeholder pattern that backtracks exponentially stops no-mock-data within the budget', () => {
    const repo = createRepo();
    repo.write(
      'shipguard.config.mjs',
      // 10 s: room for loading TypeScript on a busy machine; the pattern would run for days.
      `export default { extends: ['shipguard/presets/recommended'], ruleTimeout: 10, rules: { 'no-mock-data': ['error', { placeholders: { patterns: ['(a+)+$'] } }] } };\n`,
    );
    repo.write('src/banner.ts', `export const banner = '${'a'.repeat(40)}!';\n`);
    repo.gitOk(['add', 'src/banner.ts']);
    const run = preCommit(repo);
    expectRuleFailed(run, 'no-mock-data', 'did not finish within its time budget of 10 s');
    expect(run.ms).toBeLessThan(40_000);
  });

  it('required-build gets its own command timeouts on top of ruleTimeout: a 3 s build passes with ruleTimeout 1', () => {
    const repo = createRepo({
      config: {
        ruleTimeout: 1,
        rules: { 'required-build': ['error', { commands: [['node', '-e', 'setTimeout(() => {}, 3000)']], timeoutMs: 20_000, cacheInCi: false }] },
      },
    });
    const base = repo.gitOk(['rev-parse', 'HEAD']);
    repo.write('src/app.ts', lines(3));
    repo.commitAll('app');
    const run = runLimited(repo, ['ci', '--base', base]);
    expect(run.output).not.toContain('failed to run');
    expect(run.code).toBe(0);
    expect(run.ms).toBeGreaterThan(3000);
  });
});

describe('ruleTimeout in the config', () => {
  it('a ruleTimeout that is not a positive number of seconds is a config error naming the file and key', () => {
    const repo = createRepo({ config: { ruleTimeout: '2m' } });
    const run = repo.shipguard(['pre-commit']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('shipguard: config error in .shipguardrc.json: ruleTimeout must be a number of seconds, more than 0 and at most 86400 (got "2m")');
  });

  it('print-config shows the budget (120 s by default)', () => {
    const repo = createRepo();
    expect(JSON.parse(repo.shipguard(['print-config']).stdout).ruleTimeout).toBe(120);
  });

  it('secret fingerprints (scrypt, ~50 ms each) do not count against the budget: 40 secrets with ruleTimeout 0.5 are all reported', () => {
    const random = rng(20261201);
    const repo = createRepo({ config: { ruleTimeout: 0.5, rules: { secrets: 'error' } } });
    const tokens = Array.from({ length: 40 }, () => checksummed(random, ['gh', 'p_'].join('')));
    repo.write('config/tokens.ts', tokens.map((token, index) => `export const token${index} = '${token}';`).join('\n'));
    repo.gitOk(['add', '-A']);
    const run = runLimited(repo, ['pre-commit', '--format', 'json'], 120_000);
    expect(run.output).not.toContain('time budget');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.output.slice(0, run.output.lastIndexOf('}') + 1)).findings).toHaveLength(40);
  });
});
