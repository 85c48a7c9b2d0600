// ci over a range: findings of rules that judge the net change name the commit that introduced the
// line (json `commit`, pretty, sarif, github), not `commit: null`.
import { describe, expect, it } from 'vitest';
import type { JsonFinding } from './helpers/json.js';
import { createRepo, lines } from './helpers/repo.js';

const config = { rules: { 'no-mock-data': 'error', 'commit-size': 'error' } };
const MOCK_IMPORT = "import { users } from '../mocks/users.js';\n";

function mockFindings(run: { stdout: string }): JsonFinding[] {
  return (JSON.parse(run.stdout).findings as JsonFinding[]).filter((finding) => finding.ruleId === 'no-mock-data');
}

/** main, then three commits: a plain one, one that adds the mock import to a file, one that edits above it. */
function threeCommits() {
  const repo = createRepo({ config });
  repo.write('src/routes/users.ts', lines(5, '// line'));
  repo.write('src/mocks/users.ts', "export const users = [{ id: 1, name: 'Jane Doe' }];\n");
  repo.commitAll('base');
  repo.gitOk(['branch', 'main']);
  repo.write('src/other.ts', 'export const other = 1;\n');
  const first = repo.commitAll('first: unrelated');
  repo.write('src/routes/users.ts', `${lines(3, '// line')}${MOCK_IMPORT}export const list = () => users;\n${lines(2, '// more')}`);
  repo.gitOk(['add', '-A']);
  repo.gitOk(['commit', '-q', '--no-verify', '-m', 'second: users route serves mock users']);
  const second = repo.gitOk(['rev-parse', 'HEAD']).trim();
  // The third commit moves the import down by five lines (past every line commit 2 added) and renames
  // the file: still commit 2's line.
  repo.gitOk(['mv', 'src/routes/users.ts', 'src/routes/people.ts']);
  repo.write('src/routes/people.ts', `// people\n// of the app\n// served at /people\n// by the api\n// since v2\n${repo.read('src/routes/people.ts')}`);
  const third = repo.commitAll('third: rename and document');
  return { repo, first, second, third };
}

describe('ci attribution of net-change findings', () => {
  it('names the commit that added the line, through later edits and a rename, in json, pretty, sarif and github', () => {
    const { repo, second, third } = threeCommits();
    const json = repo.shipguard(['ci', '--base', 'main', '--format', 'json']);
    expect(json.code).toBe(1);
    const found = mockFindings(json);
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((finding) => [finding.file, finding.commit])).toEqual(found.map(() => ['src/routes/people.ts', second]));
    expect(found.find((finding) => finding.line === 9)).toBeDefined(); // the import, at its head line

    const pretty = repo.shipguard(['ci', '--base', 'main']);
    expect(pretty.stdout).toMatch(new RegExp(`9:\\d+ +error .*no-mock-data/\\S+ +commit ${second.slice(0, 8)}`));
    expect(pretty.stdout).not.toContain(third.slice(0, 8));

    const sarif = JSON.parse(repo.shipguard(['ci', '--base', 'main', '--format', 'sarif']).stdout);
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'no-mock-data');
    expect(result.properties.commit).toBe(second);
    expect(result.message.text).toContain(`(commit ${second.slice(0, 8)})`);

    const github = repo.shipguard(['ci', '--base', 'main', '--format', 'github']);
    expect(github.stdout).toMatch(new RegExp(`::error file=src/routes/people.ts,line=9,.*\\(commit ${second.slice(0, 8)}\\)`));

    // The fingerprint is the one the finding has without a commit (the same alert after a rebase),
    // and a pre-commit run names no commit.
    repo.gitOk(['reset', '-q', '--soft', 'main']);
    const staged = mockFindings(repo.shipguard(['pre-commit', '--format', 'json']));
    expect(staged.map((finding) => finding.commit)).toEqual(found.map(() => null));
    expect(staged.map((finding) => finding.fingerprint)).toEqual(found.map((finding) => finding.fingerprint));
  });

  it('attributes each line to its own commit, and a line older than the range (--all) to the last commit that touched the file', () => {
    const repo = createRepo({ config });
    repo.write('src/routes/legacy.ts', `${MOCK_IMPORT}export const legacy = () => users;\n`);
    repo.write('src/mocks/users.ts', "export const users = [{ id: 1, name: 'Jane Doe' }];\n");
    repo.write('src/mocks/orders.ts', 'export const orders = [];\n');
    repo.commitAll('base, with a mock import from before shipguard');
    repo.gitOk(['branch', 'main']);
    repo.write('src/routes/legacy.ts', `// legacy route\n${repo.read('src/routes/legacy.ts')}`);
    const touched = repo.commitAll('first: comment on the legacy route');
    repo.write('src/routes/shop.ts', `${MOCK_IMPORT}export const a = () => users;\n`);
    const adds = repo.commitAll('second: shop route with mock users');
    repo.write('src/routes/shop.ts', `// shop\n${repo.read('src/routes/shop.ts')}import { orders } from '../mocks/orders.js';\nexport const b = () => orders;\n`);
    const more = repo.commitAll('third: mock orders too');
    const found = mockFindings(repo.shipguard(['ci', '--base', 'main', '--all', '--format', 'json']));
    const byPlace = Object.fromEntries(found.filter((f) => f.kind === 'mock-import').map((f) => [`${f.file}:${f.line}`, f.commit]));
    expect(byPlace).toEqual({ 'src/routes/legacy.ts:2': touched, 'src/routes/shop.ts:2': adds, 'src/routes/shop.ts:4': more });
  });
});
