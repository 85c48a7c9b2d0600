// `shipguard doctor`: are the hooks active in this worktree? Real repositories, real worktrees,
// and a real commit where doctor says a hook never reaches shipguard.
import { chmodSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRepo, installShipguard, lines, tempDir, TestRepo } from './helpers/repo.js';

describe('shipguard doctor', () => {
  it('says the hooks are active after init, and changes nothing', () => {
    const repo = createRepo();
    const before = repo.snapshot();
    const run = repo.shipguard(['doctor']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('✔ shipguard doctor: hooks active (core.hooksPath .husky/_): pre-commit → .husky/pre-commit:1, pre-push → .husky/pre-push:1\n');
    expect(repo.snapshot()).toBe(before);
    expect(repo.gitOk(['config', 'core.hooksPath'])).toBe('.husky/_');
  });

  it('reports a worktree without .husky/_ (set up before the post-checkout hook) and what to do', () => {
    const repo = createRepo();
    rmSync(repo.path('.husky/post-checkout'));
    repo.commitAll('an older init: no post-checkout hook');
    const worktree = new TestRepo(path.join(tempDir(), 'wt'));
    repo.gitOk(['worktree', 'add', '-q', worktree.dir, '-b', 'second']);
    const run = worktree.shipguard(['doctor']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`✖ shipguard doctor: hooks are NOT active in this worktree (${worktree.dir})`);
    expect(run.stdout).toContain('.husky/_ does not exist: husky generates it on install and git does not track it');
    expect(run.stdout).toContain('→ run `npm install` in the repository root (its prepare script runs husky)');
    // Proof: a 400-line commit in that worktree goes through unchecked.
    worktree.write('big.txt', lines(400));
    worktree.gitOk(['add', 'big.txt']);
    expect(worktree.git(['commit', '-q', '-m', 'big']).code).toBe(0);
    // After the install the worktree is covered.
    installShipguard(worktree.dir);
    expect(worktree.shipguard(['init']).code).toBe(0);
    expect(worktree.shipguard(['doctor']).code).toBe(0);
  });

  it("names the project's package manager in what to run (pnpm)", () => {
    const repo = createRepo();
    repo.write('package.json', JSON.stringify({ name: 'x', packageManager: 'pnpm@9.15.0' }));
    rmSync(repo.path('.husky/_'), { recursive: true });
    const run = repo.shipguard(['doctor']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('→ run `pnpm install` in the repository root (its prepare script runs husky); `pnpm exec shipguard init` adds a post-checkout hook');
  });

  it('reports core.hooksPath pointing at another hook manager, accepts it when that hook runs shipguard', () => {
    const repo = createRepo();
    repo.write('.githooks/pre-commit', '#!/bin/sh\nnpm test\n');
    repo.write('.githooks/pre-push', '#!/bin/sh\nnpx shipguard pre-push "$@"\n');
    chmodSync(repo.path('.githooks/pre-commit'), 0o755);
    chmodSync(repo.path('.githooks/pre-push'), 0o755);
    repo.gitOk(['config', 'core.hooksPath', '.githooks']);
    const other = repo.shipguard(['doctor']);
    expect(other.code).toBe(1);
    expect(other.stdout).toContain('core.hooksPath is ".githooks", so git runs hooks from .githooks, not from .husky/_ where shipguard\'s hooks are');

    repo.write('.githooks/pre-commit', '#!/bin/sh\nnpm test\nnpx shipguard pre-commit\n');
    const calling = repo.shipguard(['doctor']);
    expect(calling.code).toBe(0);
    expect(calling.stdout).toContain('hooks active (core.hooksPath .githooks): pre-commit → .githooks/pre-commit:3');
  });

  it('reports a stale core.hooksPath (packages/my/_ from an unquoted "packages/my app")', () => {
    const repo = new TestRepo(tempDir());
    repo.gitOk(['init', '-q', '-b', 'feature']);
    repo.write('packages/my app/package.json', '{"name":"app"}');
    installShipguard(repo.path('packages/my app'));
    expect(repo.shipguard(['init'], { cwd: repo.path('packages/my app') }).code).toBe(0);
    repo.commitAll('setup');
    repo.gitOk(['config', 'core.hooksPath', 'packages/my/_']);
    const run = repo.shipguard(['doctor']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('core.hooksPath is "packages/my/_", so git runs hooks from packages/my/_, not from packages/my app/.husky/_');
    expect(run.stdout).toContain('run `npx shipguard init` (or `npm run prepare`) in packages/my app');
  });

  it('reports a hook that exits before the shipguard line, naming the line', () => {
    const repo = createRepo();
    repo.write('.husky/pre-commit', 'echo "checking"\nexit 0\nshipguard pre-commit\n');
    const run = repo.shipguard(['doctor']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('pre-commit: .husky/pre-commit never runs shipguard: line 2 `exit 0` ends the hook before shipguard runs (line 3)');
    // Proof: the hook lets a 400-line commit through.
    repo.write('big.txt', lines(400));
    repo.gitOk(['add', 'big.txt']);
    expect(repo.git(['commit', '-q', '-m', 'big']).code).toBe(0);
  });

  it('reports `exec lint-staged` before the shipguard line and a hook with no shipguard line', () => {
    const repo = createRepo();
    repo.write('.husky/pre-commit', 'exec npx lint-staged\nshipguard pre-commit\n');
    repo.write('.husky/pre-push', 'npm test\n');
    const run = repo.shipguard(['doctor']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('line 1 `exec npx lint-staged` ends the hook before shipguard runs (line 2)');
    expect(run.stdout).toContain('pre-push: .husky/pre-push never runs shipguard: no `shipguard pre-push` line');
    expect(run.stdout).toContain('→ add `shipguard pre-push "$@"` to .husky/pre-push');
  });

  it('does not flag a conditional exit, `exec < /dev/tty` or an exit inside if/fi', () => {
    const repo = createRepo();
    repo.write(
      '.husky/pre-commit',
      '[ -n "$CI" ] && exit 0\nexec < /dev/tty\necho "done; exit"\nif [ -f .skip ]; then\n  exit 0\nfi\nshipguard pre-commit\n',
    );
    expect(repo.shipguard(['doctor']).code).toBe(0);
  });

  it('reports a generated hook that is not executable, and HUSKY=0', () => {
    const repo = createRepo();
    chmodSync(repo.path('.husky/_/pre-push'), 0o644);
    const run = repo.shipguard(['doctor'], { env: { HUSKY: '0' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('HUSKY=0 is set: husky skips every hook');
    expect(run.stdout).toContain('pre-push: .husky/_/pre-push is not executable, so git skips it\n    → chmod +x .husky/_/pre-push');
  });

  it('outside a git repository: exit 2 and one line', () => {
    const run = new TestRepo(tempDir()).shipguard(['doctor']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^shipguard: not inside a git working tree \(.*\); run shipguard from your repository\n$/);
  });
});
