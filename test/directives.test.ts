// Inline directives through the real pre-commit hook and `ci --base`: each form suppresses exactly
// its scope (the line after it is still refused), in any comment syntax, only with a reason, and is
// read from the staged or pushed content, never the working tree.
import { describe, expect, it } from 'vitest';
import { createRepo, type TestRepo } from './helpers/repo.js';

// Directive words are assembled at run time, so this file's own lines hold none (our hooks read them).
const D = (form: string) => `shipguard-${form}`;

/** A repo whose only rule reports every added line holding TODO (a plugin, so scopes are exact). */
function todoRepo(): TestRepo {
  const repo = createRepo();
  repo.write(
    'shipguard.config.mjs',
    `export default {
  plugins: [{
    meta: { id: 'no-todo', stages: ['pre-commit', 'pre-push', 'ci'] },
    check(ctx) {
      return ctx.changes.files.flatMap((file) => file.addedLines.filter((a) => a.text.includes('TODO'))
        .map((a) => ({ file: file.path, line: a.line, kind: 'comment', message: 'TODO left in code' })));
    },
  }],
  rules: { 'no-todo': 'error' },
};
`,
  );
  repo.commitAll('todo rule');
  return repo;
}

/** `git commit` through the hook; the pre-commit report as JSON (same staged content). */
function commitFile(repo: TestRepo, file: string, text: string) {
  repo.write(file, text);
  repo.gitOk(['add', file]);
  const report = JSON.parse(repo.shipguard(['pre-commit', '--format', 'json']).stdout);
  const commit = repo.git(['commit', '-q', '-m', `add ${file}`]);
  // A refused commit leaves the file staged: unstage it so the next check sees only its own file.
  if (commit.code !== 0) repo.gitOk(['reset', '-q']);
  const refused = (ruleId: string) =>
    report.findings.filter((finding: { ruleId: string }) => finding.ruleId === ruleId).map((finding: { file: string; line: number }) => `${finding.file}:${finding.line}`);
  return { commit, report, todos: refused('no-todo'), problems: report.findings.filter((finding: { ruleId: string }) => finding.ruleId === 'shipguard-directive') };
}

describe('inline directives', () => {
  it('ignore-next-line covers only the next line', () => {
    const repo = todoRepo();
    const run = commitFile(repo, 'src/a.ts', [`// ${D('ignore-next-line')} no-todo -- vendored quirk, see VEND-3`, 'x(); // TODO a', 'y(); // TODO b', ''].join('\n'));
    expect(run.todos).toEqual(['src/a.ts:3']);
    expect(run.commit.code).not.toBe(0);
    expect(run.commit.output).toContain('src/a.ts');
    expect(run.report.summary.suppressed).toBe(1);
  });

  it('disable/enable covers the block, in # and /* */ comments; the line after enable is refused', () => {
    const repo = todoRepo();
    const py = [`# ${D('disable')} no-todo -- generated fixtures`, 'a = 1  # TODO 1', 'b = 2  # TODO 2', `# ${D('enable')} no-todo`, 'c = 3  # TODO 3', ''].join('\n');
    expect(commitFile(repo, 'gen/fixtures.py', py).todos).toEqual(['gen/fixtures.py:5']);
    const css = [`/* ${D('disable')} no-todo -- theme copied from upstream */`, '.a { color: red; } /* TODO */', `/* ${D('enable')} */`, '.b { color: blue; } /* TODO */', ''].join('\n');
    expect(commitFile(repo, 'styles/theme.css', css).todos).toEqual(['styles/theme.css:4']);
  });

  it('disable without enable runs to the end of the file, and only for the rule (or kind) it names', () => {
    const repo = todoRepo();
    const text = ['x(); // TODO before', `// ${D('disable')} no-todo/comment -- legacy module`, 'y(); // TODO in', 'z(); // TODO in', ''].join('\n');
    expect(commitFile(repo, 'src/legacy.ts', text).todos).toEqual(['src/legacy.ts:1']);
    const other = ['x();', `// ${D('disable')} commit-size -- another rule`, 'y(); // TODO still', ''].join('\n');
    expect(commitFile(repo, 'src/other.ts', other).todos).toEqual(['src/other.ts:3']);
  });

  it('ignore-file covers its whole file (an HTML comment here), not the next file', () => {
    const repo = todoRepo();
    repo.write('docs/page.html', ['<p>TODO one</p>', `<!-- ${D('ignore-file')} no-todo -- copy drafted by marketing -->`, '<p>TODO two</p>', ''].join('\n'));
    repo.write('docs/next.html', '<p>TODO three</p>\n');
    repo.gitOk(['add', 'docs']);
    const report = JSON.parse(repo.shipguard(['pre-commit', '--format', 'json']).stdout);
    expect(report.findings.map((finding: { file: string; line: number }) => `${finding.file}:${finding.line}`)).toEqual(['docs/next.html:1']);
    expect(report.summary.suppressed).toBe(2);
  });

  it('without a reason, a directive suppresses nothing and a warning names it', () => {
    const repo = todoRepo();
    const run = commitFile(repo, 'src/a.ts', [`// ${D('ignore-next-line')} no-todo`, 'x(); // TODO a', `// ${D('ignore-file')} no-todo --`, ''].join('\n'));
    expect(run.todos).toEqual(['src/a.ts:2']);
    expect(run.commit.code).not.toBe(0);
    expect(run.problems.map((finding: { line: number; kind: string; severity: string }) => `${finding.line} ${finding.kind} ${finding.severity}`)).toEqual([
      '1 no-reason warn',
      '3 no-reason warn',
    ]);
    expect(run.commit.output).toContain(`\`${D('ignore-next-line')} no-todo\` has no reason, so it suppresses nothing`);
  });

  it('a directive naming an unknown rule is a warning', () => {
    const repo = todoRepo();
    const run = commitFile(repo, 'src/a.ts', [`// ${D('ignore-next-line')} no-todos -- typo`, 'x(); // TODO a', ''].join('\n'));
    expect(run.todos).toEqual(['src/a.ts:2']);
    expect(run.problems).toEqual([expect.objectContaining({ kind: 'unknown-rule', line: 1, severity: 'warn' })]);
  });

  it('reads directives from the staged blob, not the working tree', () => {
    const repo = todoRepo();
    // Only the staged blob has the directive: the commit passes although the working tree lost it.
    repo.write('src/a.ts', `// ${D('ignore-next-line')} no-todo -- staged\nx(); // TODO a\n`);
    repo.gitOk(['add', 'src/a.ts']);
    repo.write('src/a.ts', 'x(); // TODO a\n');
    expect(repo.git(['commit', '-q', '-m', 'staged directive']).code).toBe(0);
    // Control: only the working tree has it, and the commit is refused.
    repo.write('src/b.ts', 'y(); // TODO b\n');
    repo.gitOk(['add', 'src/b.ts']);
    repo.write('src/b.ts', `// ${D('ignore-next-line')} no-todo -- not staged\ny(); // TODO b\n`);
    const commit = repo.git(['commit', '-q', '-m', 'unstaged directive']);
    expect(commit.code).not.toBe(0);
    expect(commit.output).toContain('TODO left in code');
  });

  it('in CI, from the pushed commits: the block is accepted, the line after it refused', () => {
    const repo = todoRepo();
    const base = repo.gitOk(['rev-parse', 'HEAD']);
    repo.write('src/a.ts', [`// ${D('disable')} no-todo -- migration shims, removed in v3`, 'a(); // TODO', `// ${D('enable')} no-todo`, 'b(); // TODO', ''].join('\n'));
    repo.commitAll('shims');
    const run = repo.shipguard(['ci', '--base', base, '--format', 'json']);
    const report = JSON.parse(run.stdout);
    expect(report.findings.map((finding: { file: string; line: number }) => `${finding.file}:${finding.line}`)).toEqual(['src/a.ts:4']);
    expect(report.summary.suppressed).toBe(1);
    expect(run.code).toBe(1);
  });
});
