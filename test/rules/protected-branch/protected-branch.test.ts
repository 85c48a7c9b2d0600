// protected-branch through real pushes to a bare remote: push, force push, delete, globs, allow.
import { describe, expect, it } from 'vitest';
import { createRepo } from '../../helpers/repo.js';

function protectedRepo(options: object = {}) {
  const repo = createRepo({ config: { rules: { 'protected-branch': ['error', options] } } });
  repo.addBareRemote();
  repo.gitOk(['push', '-q', '--no-verify', 'origin', 'feature:main', 'feature:release/1.0', 'feature']);
  return repo;
}

describe('protected-branch', () => {
  it('refuses deleting a protected branch, and allows it with allow: delete', () => {
    // (The bare remote's HEAD is main, which git itself refuses to delete; use another branch.)
    const repo = protectedRepo({ branches: ['release/*'] });
    const refused = repo.git(['push', 'origin', ':release/1.0']);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('Deleting protected branch "release/1.0".');
    expect(refused.output).toContain('protected-branch/delete');
    expect(repo.gitOk(['ls-remote', '--heads', 'origin', 'release/1.0'])).not.toBe('');

    repo.write('.shipguardrc.json', JSON.stringify({ rules: { 'protected-branch': ['error', { branches: ['release/*'], allow: ['delete'] }] } }));
    expect(repo.git(['push', 'origin', ':release/1.0']).code).toBe(0);
    expect(repo.gitOk(['ls-remote', '--heads', 'origin', 'release/1.0'])).toBe('');
  });

  it('protects branches by glob, matching whole names only', () => {
    const repo = protectedRepo({ branches: ['release/*'] });
    repo.write('x.txt', 'x\n');
    repo.commitAll('x');
    const refused = repo.git(['push', 'origin', 'HEAD:release/1.0']);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('Pushing directly to protected branch "release/1.0".');
    expect(repo.git(['push', 'origin', 'HEAD:main']).code).toBe(0); // main is not in the list
    expect(repo.git(['push', 'origin', 'HEAD:hotfix/release/2']).code).toBe(0);
  });

  it('a `!pattern` in branches exempts those branches only, and protects nothing else', () => {
    // minimatch alone reads `!release/legacy` as "every name but release/legacy", which protected feature branches.
    const repo = protectedRepo({ branches: ['release/*', '!release/legacy'] });
    repo.write('x.txt', 'x\n');
    repo.commitAll('x');
    expect(repo.git(['push', 'origin', 'HEAD:feature']).code).toBe(0);
    expect(repo.git(['push', 'origin', 'HEAD:release/legacy']).code).toBe(0);
    const refused = repo.git(['push', 'origin', 'HEAD:release/1.0']); // CONTROL
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('Pushing directly to protected branch "release/1.0".');
  });

  it('never refuses tags, and warns instead of refusing when set to warn', () => {
    const repo = protectedRepo();
    repo.gitOk(['tag', 'main']); // a tag that happens to be called main
    expect(repo.git(['push', 'origin', 'refs/tags/main']).code).toBe(0);
    repo.write('.shipguardrc.json', JSON.stringify({ rules: { 'protected-branch': 'warn' } }));
    repo.write('y.txt', 'y\n');
    repo.commitAll('y');
    const warned = repo.git(['push', 'origin', 'HEAD:refs/heads/main']);
    expect(warned.code).toBe(0);
    expect(warned.output).toContain('warn   Pushing directly to protected branch "main".');
  });

  it('refuses a commit on a protected branch, and allows it with allow: commit', () => {
    const repo = createRepo({ branch: 'production', config: { rules: { 'protected-branch': 'error' } } });
    repo.write('a.txt', 'a\n');
    repo.gitOk(['add', 'a.txt']);
    expect(repo.git(['commit', '-m', 'hotfix']).output).toContain('Committing directly on protected branch "production".');
    repo.write('.shipguardrc.json', JSON.stringify({ rules: { 'protected-branch': ['error', { allow: ['commit'] }] } }));
    expect(repo.git(['commit', '-m', 'hotfix']).code).toBe(0);
  });
});
