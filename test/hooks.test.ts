// End to end through the husky hooks `shipguard init` installs: real `git commit` and `git push`.
import { describe, expect, it } from 'vitest';
import { createRepo, lines } from './helpers/repo.js';

describe('pre-commit hook', () => {
  it('refuses an oversized commit with exit 1 and the message, and lets a small one through', () => {
    const repo = createRepo();
    repo.write('src/worker.ts', lines(348, 'const x ='));
    repo.gitOk(['add', 'src/worker.ts']);
    const refused = repo.git(['commit', '-m', 'big worker']);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('Staged change: 348 lines changed (limit 300) in 1 file');
    expect(refused.output).toContain('src/worker.ts (+348 -0)');
    expect(refused.output).toContain('commit-size/lines');
    expect(repo.git(['rev-parse', '--verify', '-q', 'HEAD~1']).code).not.toBe(0); // still only the initial commit

    repo.gitOk(['reset', '-q']);
    repo.write('src/worker.ts', lines(40, 'const x ='));
    repo.gitOk(['add', 'src/worker.ts']);
    const passed = repo.git(['commit', '-m', 'small worker']);
    expect(passed.code).toBe(0);
    expect(passed.output).toMatch(/shipguard pre-commit: \d+ rules passed/);
  });

  it('judges a partially staged file by its staged lines only, and leaves index and tree untouched', () => {
    const repo = createRepo();
    repo.write('notes.txt', lines(10));
    repo.commitAll('notes');
    // 20 lines staged, then 400 more lines only in the working tree.
    repo.write('notes.txt', lines(30));
    repo.gitOk(['add', 'notes.txt']);
    repo.write('notes.txt', lines(430));
    const before = repo.snapshot();
    const run = repo.shipguard(['pre-commit', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).findings).toEqual([]);
    expect(repo.snapshot()).toBe(before);

    // The working-tree version would be refused: proof that the staged blob, not the file, was judged.
    repo.gitOk(['add', 'notes.txt']);
    expect(repo.shipguard(['pre-commit']).code).toBe(1);
  });

  it('refuses a direct commit on main but allows the first commit of a new repository', () => {
    const repo = createRepo({ branch: 'main', initialCommit: false });
    repo.gitOk(['add', '-A']);
    const first = repo.git(['commit', '-m', 'first commit']);
    expect(first.code).toBe(0);
    expect(first.output).toMatch(/shipguard pre-commit: \d+ rules passed/);
    repo.write('a.txt', 'a\n');
    repo.gitOk(['add', 'a.txt']);
    const refused = repo.git(['commit', '-m', 'on main']);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('Committing directly on protected branch "main"');
    repo.gitOk(['switch', '-q', '-c', 'topic']);
    expect(repo.git(['commit', '-m', 'on topic']).code).toBe(0);
  });
});

describe('pre-push hook', () => {
  it('refuses pushing an oversized commit, naming the commit', () => {
    const repo = createRepo();
    repo.addBareRemote();
    repo.gitOk(['push', '-q', '-u', 'origin', 'feature']);
    repo.write('big.txt', lines(500));
    repo.commitAll('too big');
    const push = repo.git(['push', 'origin', 'feature']);
    expect(push.code).not.toBe(0);
    expect(push.output).toMatch(/Commit [0-9a-f]{8} "too big": 500 lines changed \(limit 300\)/);
    expect(push.output).toContain('shipguard pre-push refused the push');
  });

  it('refuses a push to main, and a force push even with push allowed', () => {
    const repo = createRepo({ config: { extends: ['shipguard/presets/recommended'] } });
    repo.addBareRemote();
    const push = repo.git(['push', 'origin', 'feature:main']);
    expect(push.code).not.toBe(0);
    expect(push.output).toContain('Pushing directly to protected branch "main"');

    repo.write('.shipguardrc.json', JSON.stringify({ rules: { 'protected-branch': ['error', { allow: ['push'] }] } }));
    repo.commitAll('allow push');
    expect(repo.git(['push', 'origin', 'feature:main']).code).toBe(0);
    repo.gitOk(['commit', '-q', '--amend', '--no-verify', '-m', 'rewritten']);
    const force = repo.git(['push', '--force', 'origin', 'feature:main']);
    expect(force.code).not.toBe(0);
    expect(force.output).toContain('Force-pushing to protected branch "main"');
  });

  it('checks only the commits a new branch adds on top of the remote', () => {
    const repo = createRepo();
    repo.addBareRemote();
    // An oversized commit that is already on the remote must not be checked again.
    repo.write('old.txt', lines(600));
    repo.commitAll('old big commit');
    expect(repo.git(['push', '-q', '--no-verify', 'origin', 'feature']).code).toBe(0);
    repo.gitOk(['switch', '-q', '-c', 'next']);
    repo.write('new.txt', lines(20));
    repo.commitAll('small');
    const push = repo.git(['push', 'origin', 'next']);
    expect(push.output).toMatch(/shipguard pre-push: \d+ rules passed/);
    expect(push.code).toBe(0);
  });
});
