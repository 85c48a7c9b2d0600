// Attacks on the baseline: losing accepted entries and their reasons, and reading secrets back out
// of the fingerprints it publishes.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ES module shared with the benchmarks
import { checksummed, rng } from '../fixtures/secrets/tokens.mjs';
import { createRepo, type TestRepo } from '../helpers/repo.js';

const random = rng(14);
const token = (): string => checksummed(random, ['gh', 'p_'].join(''));

interface Entry {
  fingerprint: string;
  rule: string;
  file?: string;
  reason?: string;
}

/** A plugin rule with fingerprinted findings (one per `TODO`), beside the built-in secrets rule. */
const TODO_RULE = `export default {
  extends: ['shipguard/presets/recommended'],
  plugins: [{
    meta: { id: 'no-todo', description: 'No TODO comments', docs: 'docs/no-todo.md', stages: ['pre-commit', 'pre-push', 'ci'] },
    check(ctx) {
      return ctx.changes.files.filter((file) => file.path.startsWith('src/')).flatMap((file) => file.addedLines.filter((a) => a.text.includes('TODO'))
        .map((a) => ({ file: file.path, line: a.line, message: 'TODO left', fingerprint: ctx.fingerprint('no-todo', file.path, a.text.trim()) })));
    },
  }],
  rules: { 'no-todo': 'error', 'required-build': 'off' },
};
`;

function entries(repo: TestRepo): Entry[] {
  return (JSON.parse(repo.read('.shipguard-baseline.json')) as { entries: Entry[] }).entries;
}

/** Writes a reason into each entry, as a reviewer would by hand. */
function explain(repo: TestRepo): void {
  const file = JSON.parse(repo.read('.shipguard-baseline.json')) as { entries: Entry[] };
  for (const entry of file.entries) entry.reason = `accepted by security review: ${entry.rule}`;
  repo.write('.shipguard-baseline.json', `${JSON.stringify(file, null, 2)}\n`);
}

describe('baseline scope', () => {
  it('baseline --rule no-todo keeps the secrets entries and their hand-written reasons', () => {
    const repo = createRepo({ init: false });
    repo.write('shipguard.config.mjs', TODO_RULE);
    repo.write('src/legacy.ts', `// TODO remove\nexport const github = '${token()}';\n`);
    repo.commitAll('legacy code');
    expect(repo.shipguard(['baseline']).code).toBe(0);
    explain(repo);
    const before = entries(repo);
    expect(before.map((entry) => entry.rule).sort()).toEqual(['no-todo', 'secrets']);

    // The TODO is resolved; only no-todo is re-baselined.
    repo.write('src/legacy.ts', repo.read('src/legacy.ts').replace('// TODO remove\n', '// kept for old clients\n'));
    repo.commitAll('resolve the todo');
    const run = repo.shipguard(['baseline', '--rule', 'no-todo']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('wrote .shipguard-baseline.json with 1 entry (0 new, 0 kept, 1 stale removed; 1 of other rules left as they were)');
    expect(entries(repo)).toEqual(before.filter((entry) => entry.rule === 'secrets'));
    expect(entries(repo)[0]!.reason).toBe('accepted by security review: secrets');
  });
});
