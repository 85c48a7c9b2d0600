// commit-size: what counts, what does not, per commit and per push.
import { describe, expect, it } from 'vitest';
import type { JsonFinding } from '../../helpers/json.js';
import { createRepo, lines } from '../../helpers/repo.js';

function findings(run: { stdout: string }): JsonFinding[] {
  return JSON.parse(run.stdout).findings;
}

describe('commit-size', () => {
  it('does not count lockfiles, snapshots, generated output or migrations by default', () => {
    const repo = createRepo({ config: { rules: { 'commit-size': ['error', { maxLines: 50 }] } } });
    repo.write('package-lock.json', lines(500));
    repo.write('web/yarn.lock', lines(500));
    repo.write('src/__snapshots__/app.test.ts.snap', lines(500));
    repo.write('dist/bundle.js', lines(500));
    repo.write('prisma/migrations/20240101000000_init/migration.sql', lines(500));
    repo.write('src/app.ts', lines(10));
    repo.gitOk(['add', '-A']);
    const run = repo.shipguard(['pre-commit', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(findings(run)).toEqual([]);
  });

  it('allows exactly the limits and refuses one line or one file more (lines and files, warn and error)', () => {
    const limits = { maxLines: 40, warnLines: 20, maxFiles: 4, warnFiles: 2 };
    const repo = createRepo({ config: { rules: { 'commit-size': ['error', limits] } } });
    const stageLines = (n: number) => {
      repo.write('src/a.ts', lines(n));
      repo.gitOk(['add', '-A']);
      return repo.shipguard(['pre-commit', '--format', 'json']);
    };
    expect(findings(stageLines(20))).toEqual([]);
    expect(findings(stageLines(21)).map((f) => [f.kind, f.severity])).toEqual([['lines', 'warn']]);
    const atLimit = stageLines(40);
    expect(atLimit.code).toBe(0);
    expect(findings(atLimit).map((f) => [f.kind, f.severity])).toEqual([['lines', 'warn']]);
    const over = stageLines(41);
    expect(over.code).toBe(1);
    expect(findings(over)[0]!.message).toMatch(/^Staged change: 41 lines changed \(limit 40\) in 1 file/);

    repo.write('src/a.ts', lines(1));
    repo.write('src/b.ts', lines(1));
    repo.gitOk(['add', '-A']);
    expect(findings(repo.shipguard(['pre-commit', '--format', 'json']))).toEqual([]);
    repo.write('src/c.ts', lines(1));
    repo.gitOk(['add', '-A']);
    expect(findings(repo.shipguard(['pre-commit', '--format', 'json'])).map((f) => [f.kind, f.severity])).toEqual([['files', 'warn']]);
    repo.write('src/d.ts', lines(1));
    repo.gitOk(['add', '-A']);
    const filesAtLimit = repo.shipguard(['pre-commit', '--format', 'json']);
    expect(filesAtLimit.code).toBe(0);
    repo.write('src/e.ts', lines(1));
    repo.gitOk(['add', '-A']);
    const filesOver = repo.shipguard(['pre-commit', '--format', 'json']);
    expect(filesOver.code).toBe(1);
    expect(findings(filesOver).map((f) => [f.kind, f.severity])).toEqual([['files', 'error']]);
    expect(findings(filesOver)[0]!.message).toMatch(/^Staged change: 5 files changed \(limit 4\)\./);
  });

  it('counts a binary file as a file, not lines, and names the biggest contributors', () => {
    const repo = createRepo({ config: { rules: { 'commit-size': ['error', { maxLines: 30, maxFiles: 2, warnFiles: 0 }] } } });
    repo.write('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]));
    repo.write('src/a.ts', lines(25));
    repo.write('src/b.ts', lines(10));
    repo.gitOk(['add', '-A']);
    const found = findings(repo.shipguard(['pre-commit', '--format', 'json']));
    expect(found.map((f) => [f.kind, f.severity])).toEqual([
      ['lines', 'error'],
      ['files', 'error'],
    ]);
    expect(found[0]!.message).toBe(
      'Staged change: 35 lines changed (limit 30) in 3 files. Biggest: src/a.ts (+25 -0), src/b.ts (+10 -0), logo.png (binary).',
    );
    expect(found[1]!.message).toMatch(/^Staged change: 3 files changed \(limit 2\)\./);
  });

  it('takes extra exclusions, and can drop the built-in list', () => {
    const repo = createRepo({ config: { rules: { 'commit-size': ['error', { maxLines: 20, exclude: ['src/locales/**'] }] } } });
    repo.write('src/locales/de.json', lines(100));
    repo.write('package-lock.json', lines(100));
    repo.gitOk(['add', '-A']);
    expect(repo.shipguard(['pre-commit']).code).toBe(0);
    repo.write('.shipguardrc.json', JSON.stringify({ rules: { 'commit-size': ['error', { maxLines: 20, defaultExclude: false }] } }));
    const run = repo.shipguard(['pre-commit', '--format', 'json']);
    expect(run.code).toBe(1);
    expect(findings(run)[0]!.message).toContain('200 lines changed (limit 20) in 2 files');
  });

  it('checks each pushed commit on its own and, with push limits, the whole push', () => {
    const repo = createRepo({ config: { rules: { 'commit-size': ['error', { maxLines: 30, warnLines: 0, push: { maxLines: 50, maxFiles: 10 } }] } } });
    repo.addBareRemote();
    repo.gitOk(['push', '-q', '--no-verify', 'origin', 'feature']);
    for (const n of [1, 2, 3]) {
      repo.write(`part${n}.txt`, lines(20));
      repo.commitAll(`part ${n}`);
    }
    const push = repo.git(['push', 'origin', 'feature']);
    expect(push.code).not.toBe(0);
    expect(push.output).toContain('This push (3 commits): 60 lines changed (limit 50) in 3 files.');
    expect(push.output).not.toMatch(/Commit [0-9a-f]{8} "part/); // each commit alone is fine

    const json = findings(repo.shipguard(['ci', '--base', 'origin/feature', '--format', 'json']));
    expect(json).toEqual([expect.objectContaining({ kind: 'lines', commit: null, message: expect.stringMatching(/^This range \(3 commits\)/) })]);
  });

  it('does not count a merged branch when a conflicted merge is concluded', () => {
    const repo = createRepo({ config: { rules: { 'commit-size': ['error', { maxLines: 50 }] } } });
    repo.write('shared.txt', 'base\n');
    repo.commitAll('base');
    repo.gitOk(['switch', '-q', '-c', 'side']);
    repo.write('shared.txt', 'side\n');
    repo.write('big.txt', lines(400)); // committed on its own, measured at its own push
    repo.commitAll('side work');
    repo.gitOk(['switch', '-q', 'feature']);
    repo.write('shared.txt', 'feature\n');
    repo.commitAll('feature work');
    expect(repo.git(['merge', 'side']).code).not.toBe(0); // conflict in shared.txt
    repo.write('shared.txt', 'resolved\n');
    repo.gitOk(['add', 'shared.txt']);
    const merge = repo.git(['commit', '--no-edit']);
    expect(merge.output).toMatch(/rules? passed/);
    expect(merge.code).toBe(0);
    // The same staged content outside a merge is refused.
    repo.gitOk(['reset', '-q', '--soft', 'HEAD~1']);
    expect(repo.shipguard(['pre-commit']).code).toBe(1);
  });

  it('counts moved files by their edited lines, not toward the files limit; new files still count', () => {
    const repo = createRepo({ config: { rules: { 'commit-size': ['error', { maxFiles: 4, warnFiles: 0, maxLines: 40 }] } } });
    for (let index = 0; index < 6; index++) repo.write(`old/m${index}.ts`, `import { x } from './shared.js';\n${lines(20)}`);
    repo.gitOk(['add', '-A']);
    repo.gitOk(['commit', '-q', '--no-verify', '-m', 'base']);
    for (let index = 0; index < 6; index++) {
      repo.gitOk(['rm', '-q', `old/m${index}.ts`]);
      repo.write(`new/m${index}.ts`, `import { x } from '../shared.js';\n${lines(20)}`);
    }
    repo.gitOk(['add', '-A']);
    const moved = repo.shipguard(['pre-commit', '--format', 'json']);
    expect(moved.code).toBe(0);
    expect(findings(moved)).toEqual([]);
    repo.gitOk(['commit', '-q', '--no-verify', '-m', 'move']);
    const inCi = repo.shipguard(['ci', '--base', 'HEAD~1', '--format', 'json']);
    expect(findings(inCi).filter((f) => f.ruleId === 'commit-size')).toEqual([]);

    // Control: the same number of new files is refused, and the message names the moved ones apart.
    for (let index = 0; index < 5; index++) repo.write(`added/a${index}.ts`, lines(1));
    repo.write('moved/m0.ts', repo.read('new/m0.ts'));
    repo.gitOk(['rm', '-q', 'new/m0.ts']);
    repo.gitOk(['add', '-A']);
    const added = repo.shipguard(['pre-commit', '--format', 'json']);
    expect(added.code).toBe(1);
    expect(findings(added)[0]!.message).toMatch(/^Staged change: 5 files changed \(limit 4\) \(and 1 moved file, not counted as files\)\./);
  });

  it('does not count generated translation catalogs; hand-written locale JSON still counts', () => {
    const repo = createRepo({ config: { rules: { 'commit-size': ['error', { maxLines: 50, maxFiles: 3, warnFiles: 0 }] } } });
    // What `lingui extract`, `xgettext`/`msgmerge`, `ng extract-i18n` and translation services write: every language at once.
    for (const locale of ['de', 'fr', 'it', 'pl']) {
      repo.write(`packages/lib/translations/${locale}/web.po`, lines(200, 'msgid'));
      repo.write(`apps/client/src/locales/messages.${locale}.xlf`, lines(200, '<trans-unit>'));
      repo.write(`src/locales/${locale}/messages.json`, lines(200, '"key":'));
    }
    repo.write('po/app.pot', lines(200, 'msgid'));
    repo.write('i18n/app.xliff', lines(200, '<unit>'));
    repo.write('src/strings.ts', lines(10));
    repo.gitOk(['add', '-A']);
    const catalogs = repo.shipguard(['pre-commit', '--format', 'json']);
    expect(catalogs.code).toBe(0);
    expect(findings(catalogs)).toEqual([]);
    repo.commitAll('catalogs');

    // Control: a hand-written locale file (the source strings a developer edits) is reviewed content.
    repo.write('src/locales/en.json', lines(60, '"key":'));
    repo.gitOk(['add', '-A']);
    const handWritten = repo.shipguard(['pre-commit', '--format', 'json']);
    expect(handWritten.code).toBe(1);
    expect(findings(handWritten)[0]!.message).toBe('Staged change: 60 lines changed (limit 50) in 1 file. Biggest: src/locales/en.json (+60 -0).');
  });

  it('does not count the translations a Crowdin config says are downloaded; its source file still counts', () => {
    const repo = createRepo({ config: { rules: { 'commit-size': ['error', { maxLines: 50 }] } } });
    // The Crowdin sync of a real project: one source file, every language downloaded next to it.
    repo.write('crowdin.yml', 'files:\n  - source: /packages/app/locales/en.json\n    translation: /packages/app/locales/%locale%.json\n');
    repo.write('packages/app/locales/en.json', '{}\n');
    repo.commitAll('crowdin');
    for (const locale of ['de-DE', 'fr-FR', 'pt-BR']) repo.write(`packages/app/locales/${locale}.json`, lines(100, '"key":'));
    repo.write('packages/app/src/menu.ts', lines(20));
    repo.gitOk(['add', '-A']);
    expect(findings(repo.shipguard(['pre-commit', '--format', 'json']))).toEqual([]);
    repo.commitAll('New Crowdin updates');
    expect(repo.shipguard(['ci', '--base', 'HEAD~1', '--format', 'json']).code).toBe(0);

    // Control: the source file developers edit counts, and without the Crowdin config so do the others.
    repo.write('packages/app/locales/en.json', lines(60, '"key":'));
    repo.gitOk(['add', '-A']);
    const source = repo.shipguard(['pre-commit', '--format', 'json']);
    expect(source.code).toBe(1);
    expect(findings(source)[0]!.message).toMatch(/^Staged change: 61 lines changed \(limit 50\) in 1 file\./);
    repo.gitOk(['reset', '-q', '--hard']);
    repo.gitOk(['rm', '-q', 'crowdin.yml']);
    repo.write('packages/app/locales/de-DE.json', lines(60, '"Schlüssel":'));
    repo.gitOk(['add', '-A']);
    expect(repo.shipguard(['pre-commit', '--format', 'json']).code).toBe(1);
  });

  it('counts test files at a lower weight, or not at all, when configured; untested code still counts in full', () => {
    const repo = createRepo({ config: { rules: { 'commit-size': ['error', { tests: { weight: 0.5 } }] } } });
    repo.write('src/workers/sync.ts', lines(150));
    repo.write('src/workers/sync.test.ts', lines(200));
    repo.write('test/workers/sync-e2e.ts', lines(100));
    repo.gitOk(['add', '-A']);
    const tested = repo.shipguard(['pre-commit', '--format', 'json']);
    expect(tested.code).toBe(0);
    // 150 + (200 + 100) x 0.5 = 300: at the limit, with the warning saying how it counted.
    expect(findings(tested)[0]!.message).toBe(
      'Staged change: 300 lines changed (warning above 150) in 3 files, 300 test lines counted at 0.5. Biggest: src/workers/sync.test.ts (+200 -0), src/workers/sync.ts (+150 -0), test/workers/sync-e2e.ts (+100 -0).',
    );
    repo.commitAll('tested worker');

    // Control (incident 5): 348 untested lines of a backend worker are refused whatever tests weigh.
    repo.write('src/workers/crm.ts', lines(348));
    repo.gitOk(['add', '-A']);
    const untested = repo.shipguard(['pre-commit', '--format', 'json']);
    expect(untested.code).toBe(1);
    expect(findings(untested)[0]!.message).toMatch(/^Staged change: 348 lines changed \(limit 300\) in 1 file\./);
    repo.gitOk(['reset', '-q']);

    // weight 0 with the team's own globs: those files count neither as lines nor as files.
    repo.write('.shipguardrc.json', JSON.stringify({ rules: { 'commit-size': ['error', { maxFiles: 2, warnFiles: 0, tests: { weight: 0, match: ['checks/**'] } }] } }));
    repo.gitOk(['add', '.shipguardrc.json']);
    repo.gitOk(['commit', '-q', '--no-verify', '-m', 'config']);
    for (const name of ['a', 'b', 'c']) repo.write(`checks/${name}.ts`, lines(400));
    repo.write('src/app.ts', lines(10));
    repo.gitOk(['add', 'checks', 'src/app.ts']);
    expect(repo.shipguard(['pre-commit', '--format', 'json']).code).toBe(0);
    // The built-in test globs no longer apply once `match` is given.
    repo.write('src/app.test.ts', lines(400));
    repo.gitOk(['add', 'src/app.test.ts']);
    expect(repo.shipguard(['pre-commit', '--format', 'json']).code).toBe(1);
  });

  it('rejects a test weight outside 0..1 with one line naming the file and key', () => {
    const repo = createRepo({ config: { rules: { 'commit-size': ['error', { tests: { weight: 2 } }] } } });
    repo.write('a.ts', lines(1));
    repo.gitOk(['add', '-A']);
    const run = repo.shipguard(['pre-commit']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/\.shipguardrc\.json.*rules\.commit-size\.tests\.weight/);
  });

  describe('net change of a range (ci --net, net: true) for squash-merge teams', () => {
    /** main, then a feature branch: one 400-line work-in-progress commit, then a cleanup that removes most of it. */
    function wipThenCleanup() {
      const repo = createRepo();
      repo.write('src/keep.ts', lines(5));
      repo.commitAll('base');
      repo.gitOk(['branch', 'main']);
      repo.write('src/report.ts', lines(400));
      repo.gitOk(['add', '-A']);
      repo.gitOk(['commit', '-q', '--no-verify', '-m', 'wip: report, first draft']);
      repo.write('src/report.ts', lines(120));
      repo.gitOk(['add', '-A']);
      repo.gitOk(['commit', '-q', '--no-verify', '-m', 'report: keep what is needed']);
      repo.write('src/report.test.ts', lines(60));
      repo.commitAll('report: tests');
      return repo;
    }

    it('judges the squashed result, not an oversized intermediate commit; each commit is still judged without --net', () => {
      const repo = wipThenCleanup();
      const net = repo.shipguard(['ci', '--base', 'main', '--net', '--format', 'json']);
      expect(net.code).toBe(0);
      expect(findings(net).filter((f) => f.ruleId === 'commit-size').map((f) => [f.severity, f.message.split('. Biggest')[0]])).toEqual([
        ['warn', 'This range (net change of 3 commits, as one squashed commit): 180 lines changed (warning above 150) in 2 files'],
      ]);
      // Control: per commit (the default), the 400-line draft is refused.
      const perCommit = repo.shipguard(['ci', '--base', 'main', '--format', 'json']);
      expect(perCommit.code).toBe(1);
      expect(findings(perCommit)[0]!.message).toMatch(/^Commit [0-9a-f]{8} "wip: report, first draft": 400 lines changed \(limit 300\)/);
    });

    it('refuses a range whose net change is too big although every commit is small', () => {
      const repo = createRepo({ config: { rules: { 'commit-size': ['error', { net: true }] } } });
      repo.gitOk(['branch', 'main']);
      for (const part of ['a', 'b', 'c']) {
        repo.write(`src/${part}.ts`, lines(120));
        repo.commitAll(`part ${part}`);
      }
      const run = repo.shipguard(['ci', '--base', 'main']);
      expect(run.code).toBe(1);
      expect(run.output).toContain('This range (net change of 3 commits, as one squashed commit): 360 lines changed (limit 300) in 3 files.');
      expect(run.output).toContain('split the work into smaller pull requests');
      expect(run.output).not.toMatch(/Commit [0-9a-f]{8} "part/);
    });

    it('is listed in ci --help, and a net option that is not a boolean is a one-line config error', () => {
      const repo = createRepo({ config: { rules: { 'commit-size': ['error', { net: 'yes' }] } } });
      repo.commitAll('base');
      const help = repo.shipguard(['ci', '--help']);
      expect(help.stdout).toMatch(/--net +commit-size judges the net change of base\.\.\.head as one commit/);
      const bad = repo.shipguard(['ci', '--base', 'HEAD']);
      expect(bad.code).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      expect(bad.stderr).toMatch(/\.shipguardrc\.json.*rules\.commit-size\.net/);
    });
  });
});
