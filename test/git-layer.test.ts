// The git layer's view of real changes: staged blobs, ranges, pushes, and the awkward cases.
import { describe, expect, it } from 'vitest';
import { dump, installDump } from './helpers/dump.js';
import { createRepo, tempDir, TestRepo } from './helpers/repo.js';

function bareRepo(): TestRepo {
  const repo = createRepo({ init: false, initialCommit: false });
  installDump(repo);
  return repo;
}

describe('staged changes', () => {
  it('reads the initial commit (no HEAD) with line numbers and the staged content', () => {
    const repo = bareRepo();
    repo.write('src/a.ts', 'one\ntwo\n');
    repo.gitOk(['add', 'src/a.ts']);
    const [view] = dump(repo, ['pre-commit']);
    expect(view!.base).toBeNull();
    expect(view!.files).toEqual([
      expect.objectContaining({ path: 'src/a.ts', status: 'added', additions: 2, deletions: 0, content: 'one\ntwo\n' }),
    ]);
    expect(view!.files[0]!.added).toEqual([
      { line: 1, text: 'one' },
      { line: 2, text: 'two' },
    ]);
  });

  it('reads the staged blob of a partially staged file, not the working tree', () => {
    const repo = bareRepo();
    repo.write('a.txt', 'a\nb\nc\n');
    repo.commitAll('base');
    repo.write('a.txt', 'a\nB\nc\n');
    repo.gitOk(['add', 'a.txt']);
    repo.write('a.txt', 'a\nB\nc\nunstaged\n');
    const [view] = dump(repo, ['pre-commit']);
    expect(view!.files[0]).toMatchObject({ status: 'modified', additions: 1, deletions: 1, content: 'a\nB\nc\n', added: [{ line: 2, text: 'B' }] });
  });

  it('handles renames, deletions, binaries, symlinks and mode changes', () => {
    const repo = bareRepo();
    repo.write('old-name.ts', 'export const x = 1;\nexport const y = 2;\nexport const z = 3;\n');
    repo.write('gone.txt', 'bye\nnow\n');
    repo.write('image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
    repo.write('run.sh', 'echo hi\n');
    repo.write('was-file.ts', 'plain\n');
    repo.commitAll('base');
    repo.gitOk(['mv', 'old-name.ts', 'new-name.ts']);
    repo.write('new-name.ts', 'export const x = 1;\nexport const y = 2;\nexport const z = 4;\n');
    repo.gitOk(['rm', '-q', 'gone.txt']);
    repo.write('image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 9, 9, 9]));
    repo.gitOk(['add', '-A']);
    repo.gitOk(['update-index', '--chmod=+x', 'run.sh']);
    repo.gitOk(['update-index', '--add', '--cacheinfo', `120000,${repo.gitOk(['hash-object', '-w', '--stdin'], { input: 'new-name.ts' })},link.ts`]);
    const target = repo.gitOk(['hash-object', '-w', '--stdin'], { input: 'run.sh' });
    repo.gitOk(['update-index', '--cacheinfo', `120000,${target},was-file.ts`]);
    const files = Object.fromEntries(dump(repo, ['pre-commit'])[0]!.files.map((file) => [file.path, file]));
    // A file replaced by a symlink: git prints two patch sections for one raw entry.
    expect(files['was-file.ts']).toMatchObject({ status: 'typechange', symlink: true, additions: 1, deletions: 1, content: 'run.sh', added: [{ line: 1, text: 'run.sh' }] });
    expect(files['new-name.ts']).toMatchObject({ status: 'renamed', oldPath: 'old-name.ts', additions: 1, deletions: 1, added: [{ line: 3, text: 'export const z = 4;' }] });
    expect(files['gone.txt']).toMatchObject({ status: 'deleted', deletions: 2, additions: 0, content: null });
    expect(files['image.png']).toMatchObject({ status: 'modified', binary: true, additions: 0, deletions: 0, content: null });
    expect(files['run.sh']).toMatchObject({ status: 'modified', additions: 0, deletions: 0 });
    expect(files['link.ts']).toMatchObject({ status: 'added', symlink: true, content: 'new-name.ts' });
  });

  it('keeps odd file names exact: spaces, newlines, quotes, unicode, leading dashes', () => {
    const repo = bareRepo();
    const names = ['with space.txt', 'new\nline.txt', 'quote"d.txt', 'back\\slash.txt', 'ünïcødé-日本.txt', '-leading-dash.txt', 'tab\there.txt'];
    for (const name of names) repo.write(name, `${name}\n`);
    repo.gitOk(['add', '-A', '--', ...names.map((name) => `./${name}`)]);
    const files = dump(repo, ['pre-commit'])[0]!.files;
    expect(files.map((file) => file.path).sort()).toEqual([...names].sort());
    for (const file of files) {
      // content() goes through `git cat-file --batch` by object id, so even the newline name reads.
      expect(file.content).toBe(`${file.path}\n`);
      expect(file.added).toEqual(file.path.split('\n').map((text, index) => ({ line: index + 1, text })));
    }
  });

  it('reads long lines and long paths whole (past the parser\'s short scan for line ends)', () => {
    const repo = bareRepo();
    const path = `${'deep-'.repeat(40)}/file.ts`;
    const lines = ['x'.repeat(127), 'y'.repeat(128), 'z'.repeat(129), `const long = '${'q'.repeat(5000)}';`, 'short'];
    repo.write(path, `${lines.join('\n')}\n`);
    repo.gitOk(['add', '-A']);
    const [view] = dump(repo, ['pre-commit']);
    const file = view!.files.find((candidate) => candidate.path === path);
    expect(file!.added).toEqual(lines.map((text, index) => ({ line: index + 1, text })));
  });

  it('reports a submodule change as a submodule, without lines', () => {
    const inner = bareRepo();
    inner.write('lib.txt', 'lib\n');
    inner.commitAll('lib');
    const repo = bareRepo();
    repo.gitOk(['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', inner.dir, 'vendor/lib']);
    const files = Object.fromEntries(dump(repo, ['pre-commit'])[0]!.files.map((file) => [file.path, file]));
    expect(files['vendor/lib']).toMatchObject({ status: 'added', submodule: true, additions: 0, content: null });
    expect(files['.gitmodules']).toMatchObject({ status: 'added' });
  });

  it('reports the branch at pre-commit, and none on a detached HEAD', () => {
    const repo = bareRepo();
    repo.commitAll('base');
    repo.write('x.txt', 'x\n');
    repo.gitOk(['add', 'x.txt']);
    expect(dump(repo, ['pre-commit'])[0]!.branch).toBe('feature');
    repo.gitOk(['switch', '-q', '--detach']);
    expect(dump(repo, ['pre-commit'])[0]!.branch).toBeNull();
  });
});

describe('commit ranges (ci)', () => {
  it('lists each commit with its own files, merge commits without files, and the net change from the merge base', () => {
    const repo = bareRepo();
    repo.write('base.txt', 'base\n');
    repo.commitAll('base');
    repo.gitOk(['branch', 'main']);
    repo.write('a.txt', 'a\n');
    repo.commitAll('add a');
    repo.gitOk(['switch', '-q', '-c', 'side', 'main']);
    repo.write('b.txt', 'b\n');
    repo.commitAll('add b');
    repo.gitOk(['switch', '-q', 'feature']);
    repo.gitOk(['merge', '-q', '--no-ff', '--no-edit', 'side']);
    const [view] = dump(repo, ['ci', '--base', 'main']);
    // Oldest first; the two sides of the merge may come in either order, the merge comes last.
    expect(view!.commits.slice(0, 2).sort((x, y) => x.subject.localeCompare(y.subject))).toEqual([
      { subject: 'add a', parents: 1, files: ['a.txt'] },
      { subject: 'add b', parents: 1, files: ['b.txt'] },
    ]);
    expect(view!.commits[2]).toEqual({ subject: "Merge branch 'side' into feature", parents: 2, files: [] });
    expect(view!.files.map((file) => file.path).sort()).toEqual(['a.txt', 'b.txt']);
  });

  it('says clearly when the base is missing from a shallow clone (exit 2)', () => {
    const origin = bareRepo();
    for (let i = 0; i < 5; i++) {
      origin.write(`f${i}.txt`, `${i}\n`);
      origin.commitAll(`commit ${i}`);
    }
    const baseSha = origin.gitOk(['rev-parse', 'HEAD~3']);
    const clone = new TestRepo(tempDir());
    clone.gitOk(['clone', '-q', '--depth', '1', `file://${origin.dir}`, clone.dir]);
    const run = clone.shipguard(['ci', '--base', baseSha]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`base ref "${baseSha}" is not in this repository`);
    expect(run.stderr).toContain('shallow clone');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('pre-push input', () => {
  function pushRepo() {
    const repo = bareRepo();
    repo.write('a.txt', 'a\n');
    const first = repo.commitAll('first');
    repo.addBareRemote();
    repo.gitOk(['push', '-q', 'origin', 'feature']);
    repo.write('b.txt', 'b\n');
    const second = repo.commitAll('second');
    return { repo, first, second };
  }
  const zero = '0'.repeat(40);

  it('checks only new commits on an existing branch, and flags a non-ancestor remote sha as a force push', () => {
    const { repo, first, second } = pushRepo();
    const [update] = dump(repo, ['pre-push', 'origin', 'url'], `refs/heads/feature ${second} refs/heads/feature ${first}\n`);
    expect(update!.push).toMatchObject({ kind: 'branch', name: 'feature', isNew: false, isDelete: false, isForce: false });
    expect(update!.commits.map((commit) => commit.subject)).toEqual(['second']);
    expect(update!.base).toBe(first);

    // Rewritten history: the remote sha is known here but not an ancestor of what we push.
    repo.gitOk(['commit', '-q', '--amend', '--no-verify', '-m', 'second, rewritten']);
    const rewritten = repo.gitOk(['rev-parse', 'HEAD']);
    const [forced] = dump(repo, ['pre-push', 'origin', 'url'], `refs/heads/feature ${rewritten} refs/heads/feature ${second}\n`);
    expect(forced!.push!.isForce).toBe(true);
    expect(forced!.commits.map((commit) => commit.subject)).toEqual(['second, rewritten']);
    expect(forced!.base).toBe(first); // merge base of old and new tip

    // A remote sha we have never seen (someone else pushed): only a force push can replace it.
    const unknown = 'f'.repeat(40);
    const [blind] = dump(repo, ['pre-push', 'origin', 'url'], `refs/heads/feature ${rewritten} refs/heads/feature ${unknown}\n`);
    expect(blind!.push!.isForce).toBe(true);
  });

  it('is no force push when the commits between the remote sha and the new ones are on another remote branch', () => {
    const { repo, first } = pushRepo();
    repo.gitOk(['push', '-q', 'origin', 'HEAD:refs/heads/other']); // `second` is on the remote, under another name
    repo.write('c.txt', 'c\n');
    const third = repo.commitAll('third');
    const [update] = dump(repo, ['pre-push', 'origin', 'url'], `refs/heads/feature ${third} refs/heads/feature ${first}\n`);
    expect(update!.push!.isForce).toBe(false);
    expect(update!.commits.map((commit) => commit.subject)).toEqual(['third']);
    expect(update!.base).toBe(first);
    expect(update!.files.map((file) => file.path)).toEqual(['b.txt', 'c.txt']);
  });

  it('reads a long push whole and oldest first, though two git processes share the reading', () => {
    const { repo, first } = pushRepo();
    const subjects = ['second'];
    for (let n = 0; n < 130; n++) {
      repo.gitOk(['commit', '-q', '--no-verify', '--allow-empty', '-m', `empty ${n}`]);
      repo.write(`log/${n % 7}.txt`, `${n}\n`);
      repo.commitAll(`edit ${n}`);
      subjects.push(`empty ${n}`, `edit ${n}`);
    }
    const head = repo.gitOk(['rev-parse', 'HEAD']);
    const [update] = dump(repo, ['pre-push', 'origin', 'url'], `refs/heads/feature ${head} refs/heads/feature ${first}\n`);
    expect(update!.push!.isForce).toBe(false);
    expect(update!.base).toBe(first);
    expect(update!.commits.map((commit) => commit.subject)).toEqual(subjects);
    expect(update!.commits.at(-1)).toEqual({ subject: 'edit 129', parents: 1, files: ['log/3.txt'] });
    expect(update!.commits.at(-2)).toEqual({ subject: 'empty 129', parents: 1, files: [] });
    expect(update!.files.map((file) => file.path)).toEqual(['b.txt', ...[0, 1, 2, 3, 4, 5, 6].map((n) => `log/${n}.txt`)]);
  });

  it('treats an all-zero remote sha as a new branch and checks only commits not on the remote', () => {
    const { repo, second } = pushRepo();
    const [update] = dump(repo, ['pre-push', 'origin', 'url'], `refs/heads/topic ${second} refs/heads/topic ${zero}\n`);
    expect(update!.push).toMatchObject({ isNew: true, name: 'topic' });
    expect(update!.commits.map((commit) => commit.subject)).toEqual(['second']);
  });

  it('has nothing to check for a branch deletion, and sees tags as tags', () => {
    const { repo, first, second } = pushRepo();
    repo.gitOk(['tag', '-a', '-m', 'release', 'v1.0', first]);
    const tagObject = repo.gitOk(['rev-parse', 'v1.0']);
    const views = dump(
      repo,
      ['pre-push', 'origin', 'url'],
      `(delete) ${zero} refs/heads/old ${second}\nrefs/tags/v1.0 ${tagObject} refs/tags/v1.0 ${zero}\n`,
    );
    const deletion = views.find((view) => view.push?.name === 'old')!;
    expect(deletion.push).toMatchObject({ isDelete: true, kind: 'branch' });
    expect(deletion.commits).toEqual([]);
    expect(deletion.files).toEqual([]);
    const tag = views.find((view) => view.push?.name === 'v1.0')!;
    expect(tag.push).toMatchObject({ kind: 'tag', isNew: true });
    expect(tag.commits).toEqual([]); // the tagged commit is already on the remote
  });

  it('has no commits to check in a tag of a tree, and still checks the branch pushed beside it', () => {
    const { repo, first, second } = pushRepo();
    const tree = repo.gitOk(['rev-parse', 'HEAD^{tree}']);
    const views = dump(repo, ['pre-push', 'origin', 'url'], `refs/tags/snapshot ${tree} refs/tags/snapshot ${zero}\nrefs/heads/feature ${second} refs/heads/feature ${first}\n`);
    expect(views.map((view) => view.push?.name)).toEqual(['snapshot', 'feature']);
    expect(views[0]).toMatchObject({ commits: [], files: [], push: { kind: 'tag', isNew: true, isForce: false } });
    expect(views[1]!.commits.map((commit) => commit.subject)).toEqual(['second']);
  });

  it('refuses malformed stdin with exit 2 and one line', () => {
    const { repo } = pushRepo();
    const run = repo.shipguard(['pre-push', 'origin', 'url'], { input: 'not a ref line\n' });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('shipguard: unexpected pre-push input line: "not a ref line" (expected "<local ref> <local sha> <remote ref> <remote sha>")');
  });
});

describe('user git config', () => {
  it('does not change what shipguard reads', () => {
    const repo = bareRepo();
    const settings: [string, string][] = [
      ['diff.noprefix', 'true'],
      ['diff.mnemonicPrefix', 'true'],
      ['color.ui', 'always'],
      ['color.diff', 'always'],
      ['core.quotePath', 'true'],
      ['diff.renames', 'copies'],
      ['diff.relative', 'true'],
      ['diff.algorithm', 'histogram'],
      ['log.showRoot', 'false'],
      ['log.decorate', 'full'],
      ['core.abbrev', '7'],
    ];
    for (const [key, value] of settings) repo.gitOk(['config', key, value]);
    repo.write('src/ünï.ts', 'a\n');
    const root = repo.commitAll('root');
    repo.write('src/b.ts', 'b\n');
    repo.commitAll('second');
    repo.write('src/c.ts', 'c\nd\n');
    repo.gitOk(['add', '-A']);
    const [staged] = dump(repo, ['pre-commit'], '', { cwd: repo.path('src') });
    expect(staged!.files).toEqual([expect.objectContaining({ path: 'src/c.ts', additions: 2, added: [{ line: 1, text: 'c' }, { line: 2, text: 'd' }] })]);
    const [pushed] = dump(repo, ['pre-push', 'origin', 'url'], `refs/heads/feature ${repo.gitOk(['rev-parse', 'HEAD'])} refs/heads/feature ${'0'.repeat(40)}\n`);
    expect(pushed!.commits).toEqual([
      { subject: 'root', parents: 0, files: ['.gitignore', 'package.json', 'shipguard.dump.mjs', 'src/ünï.ts'] },
      { subject: 'second', parents: 1, files: ['src/b.ts'] },
    ]);
    expect(root).toMatch(/^[0-9a-f]{40}$/);
  });
});
