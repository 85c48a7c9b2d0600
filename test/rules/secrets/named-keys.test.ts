// Real-history false blocks (trigger.dev): a schedule's `deduplicationKey: "user_123456-daily-report"`
// in the docs (74db5a3f58), and a bench fixture's `MANAGED_WORKER_SECRET = "test-managed-worker-
// secret-for-e2e-tests"` (60d71da90e), a value that describes itself in words (`e2e` is a numeronym,
// like i18n and k8s). A key named after what it unlocks, and a random value under the same names,
// stay refused.
import { describe, expect, it } from 'vitest';
import { runJson } from '../../helpers/json.js';
import { createRepo } from '../../helpers/repo.js';
// @ts-expect-error plain ES module shared with the secrets corpus
import { A62, pick, rng } from '../../fixtures/secrets/tokens.mjs';

const rows = (run: ReturnType<typeof runJson>) => run.findings.map((finding) => `${finding.file}:${finding.line} ${finding.kind}`).sort();

function schedule(key: string): string {
  return ['```ts', 'const createdSchedule = await schedules.create({', '  task: dailyReport.id,', `  ${key},`, '});', '```', ''].join('\n');
}

describe('secrets: keys that name a job, values that describe themselves', () => {
  it('passes a deduplication key and a self-describing test secret; a signing key and random values are still refused', () => {
    const repo = createRepo({ config: { rules: { secrets: 'error' } } });
    const base = repo.gitOk(['rev-parse', 'HEAD']);
    repo.write('docs/tasks/scheduled.mdx', schedule('deduplicationKey: "user_123456-daily-report"'));
    repo.write('apps/webapp/test/bench/lib/engineFixtures.ts', 'const MANAGED_WORKER_SECRET = "test-managed-worker-secret-for-e2e-tests";\n');
    const fine = repo.commitAll('docs and bench fixtures');
    const passed = runJson(repo, ['ci', '--base', base, '--head', fine]);
    expect(rows(passed)).toEqual([]);
    expect(passed.code).toBe(0);

    // CONTROL: a key named after what it unlocks, and random values under the same names.
    const r = rng(20261203);
    repo.write('docs/tasks/scheduled.mdx', schedule(`signingKey: "${pick(r, A62, 24)}"`));
    repo.write('apps/webapp/test/bench/lib/engineFixtures.ts', `const MANAGED_WORKER_SECRET = "${pick(r, A62, 32)}";\n`);
    const real = repo.commitAll('real values');
    const refused = runJson(repo, ['ci', '--base', fine, '--head', real]);
    expect(rows(refused)).toEqual(['apps/webapp/test/bench/lib/engineFixtures.ts:1 secret-assignment', 'docs/tasks/scheduled.mdx:4 secret-assignment']);
    expect(refused.code).toBe(1);
  });
});
