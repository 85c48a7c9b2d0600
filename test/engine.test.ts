// Engine behaviour a user sees: severities, inline suppressions, the emergency skip, global ignore,
// and a crashing rule stopping the change with exit 2.
import { describe, expect, it } from 'vitest';
import { createRepo, lines, type TestRepo } from './helpers/repo.js';

function stagedRepo(config: object): TestRepo {
  const repo = createRepo({ config });
  return repo;
}

describe('severities', () => {
  it('a rule set to warn reports but exits 0', () => {
    const repo = stagedRepo({ rules: { 'commit-size': ['warn', { maxLines: 5 }] } });
    repo.write('a.txt', lines(10));
    repo.gitOk(['add', 'a.txt']);
    const run = repo.shipguard(['pre-commit']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('warn   Staged change: 10 lines changed (limit 5)');
    expect(run.stdout).toContain('shipguard pre-commit passed with warnings: 0 errors, 1 warning');
  });

  it('warns between warnLines and maxLines, errors above', () => {
    const repo = stagedRepo({ rules: { 'commit-size': ['error', { maxLines: 20, warnLines: 5 }] } });
    repo.write('a.txt', lines(10));
    repo.gitOk(['add', 'a.txt']);
    const warned = repo.shipguard(['pre-commit', '--format', 'json']);
    expect(warned.code).toBe(0);
    expect(JSON.parse(warned.stdout).findings[0]).toMatchObject({ severity: 'warn', kind: 'lines' });
    repo.write('a.txt', lines(30));
    repo.gitOk(['add', 'a.txt']);
    const failed = repo.shipguard(['pre-commit', '--format', 'json']);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout).findings[0]).toMatchObject({ severity: 'error', kind: 'lines' });
  });
});

describe('inline suppression', () => {
  const lineRule = `export default {
  plugins: [{
    meta: { id: 'no-todo', stages: ['pre-commit', 'pre-push', 'ci'] },
    check(ctx) {
      return ctx.changes.files.flatMap((file) => file.addedLines
        .filter((added) => added.text.includes('TODO'))
        .map((added) => ({ file: file.path, line: added.line, column: added.text.indexOf('TODO') + 1, message: 'TODO left in code' })));
    },
  }],
  rules: { 'no-todo': 'error' },
};
`;

  it('honours shipguard-ignore on the line or the line before, and only for that rule', () => {
    const repo = createRepo();
    repo.write('shipguard.config.mjs', lineRule);
    repo.gitOk(['rm', '-q', '--cached', 'shipguard.config.mjs']);
    repo.write(
      'src/a.ts',
      [
        'const a = 1; // TODO tidy  shipguard-ignore no-todo -- tracked in #12',
        '// shipguard-ignore no-todo -- generated',
        'const b = 2; // TODO generated',
        'const c = 3; // TODO real one',
        '# shipguard-ignore other-rule -- wrong rule',
        'const d = 4; // TODO also real',
      ].join('\n'),
    );
    repo.gitOk(['add', 'src/a.ts']);
    const run = repo.shipguard(['pre-commit', '--config', 'shipguard.config.mjs', '--format', 'json']);
    const report = JSON.parse(run.stdout);
    const todos = report.findings.filter((finding: { ruleId: string }) => finding.ruleId === 'no-todo');
    expect(todos.map((finding: { line: number }) => finding.line)).toEqual([4, 6]);
    expect(report.summary.suppressed).toBe(2);
    expect(run.code).toBe(1);
  });
});

describe('SHIPGUARD_SKIP', () => {
  it('skips the named rule and says so loudly in every format', () => {
    const repo = stagedRepo({ rules: { 'commit-size': ['error', { maxLines: 5 }], 'protected-branch': 'error' } });
    repo.write('a.txt', lines(10));
    repo.gitOk(['add', 'a.txt']);
    const pretty = repo.shipguard(['pre-commit'], { env: { SHIPGUARD_SKIP: 'commit-size' } });
    expect(pretty.code).toBe(0);
    expect(pretty.stdout).toContain('SHIPGUARD_SKIP: commit-size NOT checked at pre-commit');
    const json = JSON.parse(repo.shipguard(['pre-commit', '--format', 'json'], { env: { SHIPGUARD_SKIP: 'commit-size' } }).stdout);
    expect(json.skipped).toEqual(['commit-size']);
    expect(json.rulesRun).toEqual(['protected-branch']);
    const github = repo.shipguard(['pre-commit', '--format', 'github'], { env: { SHIPGUARD_SKIP: 'commit-size' } }).stdout;
    expect(github).toContain('::warning title=shipguard skip::SHIPGUARD_SKIP: commit-size NOT checked');
    const sarif = JSON.parse(repo.shipguard(['pre-commit', '--format', 'sarif'], { env: { SHIPGUARD_SKIP: 'commit-size' } }).stdout);
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toContain('commit-size NOT checked');
  });

  it('is ignored (and says so) where the config does not allow it', () => {
    const repo = stagedRepo({ allowSkip: ['pre-push'], rules: { 'commit-size': ['error', { maxLines: 5 }] } });
    repo.write('a.txt', lines(10));
    repo.gitOk(['add', 'a.txt']);
    const run = repo.shipguard(['pre-commit'], { env: { SHIPGUARD_SKIP: 'commit-size' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('SHIPGUARD_SKIP=commit-size was ignored: the config does not allow skipping at pre-commit');
  });

  it('rejects an unknown rule name with exit 2', () => {
    const repo = stagedRepo({ rules: { 'commit-size': 'error' } });
    const run = repo.shipguard(['pre-commit'], { env: { SHIPGUARD_SKIP: 'comit-size' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^shipguard: SHIPGUARD_SKIP names an unknown rule "comit-size"/);
  });
});

describe('a rule that throws', () => {
  it('stops the commit with exit 2 and names the rule, even when other rules pass', () => {
    const repo = createRepo();
    repo.write(
      'shipguard.config.mjs',
      `export default { plugins: [{ meta: { id: 'flaky' }, check() { throw new Error('cannot reach the schema'); } }], rules: { flaky: 'error', 'commit-size': 'error' } };\n`,
    );
    repo.write('a.txt', 'a\n');
    repo.gitOk(['add', 'a.txt']);
    const run = repo.git(['commit', '-m', 'through the hook']);
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('rule flaky failed to run: cannot reach the schema');
    expect(run.output).toContain('shipguard pre-commit could not finish');
    const json = JSON.parse(repo.shipguard(['pre-commit', '--format', 'json']).stdout);
    expect(json.exitCode).toBe(2);
    expect(json.failures).toEqual([{ ruleId: 'flaky', message: 'cannot reach the schema' }]);
  });
});

describe('a rule that throws next to an error finding', () => {
  it('exits 2 (could not finish), not 1, and still reports the finding', () => {
    const repo = createRepo();
    repo.write(
      'shipguard.config.mjs',
      `export default { plugins: [{ meta: { id: 'flaky' }, check() { throw new Error('boom'); } }], rules: { flaky: 'error', 'commit-size': ['error', { maxLines: 5 }] } };\n`,
    );
    repo.write('a.txt', lines(20));
    repo.gitOk(['add', '-A']);
    const pretty = repo.shipguard(['pre-commit']);
    expect(pretty.code).toBe(2);
    expect(pretty.output).toContain('rule flaky failed to run: boom');
    expect(pretty.output).toMatch(/Staged change: \d+ lines changed \(limit 5\)/);
    const json = JSON.parse(repo.shipguard(['pre-commit', '--format', 'json']).stdout);
    expect(json.exitCode).toBe(2);
    expect(json.findings.map((f: { ruleId: string; severity: string }) => [f.ruleId, f.severity])).toEqual([['commit-size', 'error']]);
  });
});

describe('global ignore', () => {
  it('hides ignored paths from every rule', () => {
    const repo = stagedRepo({ ignore: ['vendor/**'], rules: { 'commit-size': ['error', { maxLines: 5 }] } });
    repo.write('vendor/lib.js', lines(100));
    repo.gitOk(['add', '-A']);
    expect(repo.shipguard(['pre-commit']).code).toBe(0);
  });
});

describe('a rule that declares its finding kinds', () => {
  const plugin = (kind: string) =>
    `export default { plugins: [{ meta: { id: 'todo', kinds: { 'todo-line': 'a TODO in an added line' } }, check: () => [{ kind: '${kind}', message: 'TODO added' }] }], rules: { todo: 'error' } };\n`;

  it('reports its declared kinds as usual', () => {
    const repo = createRepo();
    repo.write('shipguard.config.mjs', plugin('todo-line'));
    repo.write('a.txt', 'a\n');
    repo.gitOk(['add', '-A']);
    const run = repo.shipguard(['pre-commit']);
    expect(run.code).toBe(1);
    expect(run.output).toContain('todo/todo-line');
  });

  it('fails the run (exit 2, naming the rule and the kind) when it reports a kind it did not declare', () => {
    const repo = createRepo();
    repo.write('shipguard.config.mjs', plugin('todo-typo'));
    repo.write('a.txt', 'a\n');
    repo.gitOk(['add', '-A']);
    const run = repo.shipguard(['pre-commit']);
    expect(run.code).toBe(2);
    expect(run.output).toContain('rule todo failed to run: reported a finding of kind "todo-typo", which its meta.kinds does not declare');
  });

  it('rejects kinds that are not a map of descriptions, naming the file and key (exit 2)', () => {
    const repo = createRepo();
    repo.write('shipguard.config.mjs', `export default { plugins: [{ meta: { id: 'todo', kinds: ['todo-line'] }, check: () => [] }], rules: { todo: 'error' } };\n`);
    repo.write('a.txt', 'a\n');
    repo.gitOk(['add', '-A']);
    const run = repo.shipguard(['pre-commit']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^shipguard: config error in shipguard\.config\.mjs: plugins\[0\]\.meta\.kinds must map each finding kind to a description/m);
    expect(run.stderr).not.toContain('    at ');
  });
});
