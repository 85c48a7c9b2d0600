// Reviewed exceptions that survive to CI: `Shipguard-Allow: <rule> -- <reason>` commit trailers,
// through the real husky hooks (git commit, git push to a local bare remote) and `ci --base`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { createRepo, tempDir, type TestRepo } from './helpers/repo.js';

const require = createRequire(import.meta.url);
const Ajv = ((AjvDraft04 as unknown as { default?: typeof AjvDraft04 }).default ?? AjvDraft04) as unknown as new (options: object) => {
  compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown };
};
const sarifSchema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));

const REASON = 'generated client regenerated';
const ALLOW = `Shipguard-Allow: commit-size -- ${REASON}`;

/** A repo on branch `feature`, pushed to a bare remote, with this config; returns the pushed base. */
function pushedRepo(config: object): { repo: TestRepo; base: string } {
  const repo = createRepo({ config: { extends: ['shipguard/presets/recommended'], ...config } });
  repo.addBareRemote();
  repo.gitOk(['push', '-q', '--no-verify', '-u', 'origin', 'feature']);
  return { repo, base: repo.gitOk(['rev-parse', 'HEAD']) };
}

/** A 350-line refactor committed through the real pre-commit hook (which needs the skip: no message yet). */
function commitRefactor(repo: TestRepo, file: string, message: string[]): string {
  repo.write(file, Array.from({ length: 350 }, (_, i) => `export const field${i} = ${i};\n`).join(''));
  repo.gitOk(['add', file]);
  const args = ['commit', '-q', ...message.flatMap((paragraph) => ['-m', paragraph])];
  const commit = repo.git(args, { env: { SHIPGUARD_SKIP: 'commit-size' } });
  if (commit.code !== 0) throw new Error(`commit failed:\n${commit.output}`);
  return repo.gitOk(['rev-parse', 'HEAD']);
}

function json(repo: TestRepo, args: string[]) {
  const run = repo.shipguard([...args, '--format', 'json']);
  return { code: run.code, ...JSON.parse(run.stdout) };
}

describe('Shipguard-Allow trailers', () => {
  it('accept a 350-line refactor at push and in CI, listed as accepted in pretty, json, sarif and the step summary', () => {
    const { repo, base } = pushedRepo({ allowTrailer: ['commit-size'] });
    const sha = commitRefactor(repo, 'src/client.ts', ['Regenerate the API client', ALLOW]);
    const short = sha.slice(0, 8);

    const push = repo.git(['push', 'origin', 'feature']);
    expect(push.output).toContain(`accepted: commit-size/lines in ${short} — ${REASON}`);
    expect(push.output).toMatch(/✔ shipguard pre-push: \d+ rules passed \(1 accepted by Shipguard-Allow trailers\)/);
    expect(push.code).toBe(0);

    const pretty = repo.shipguard(['ci', '--base', base]);
    expect(pretty.stdout).toContain(`accepted: commit-size/lines in ${short} — ${REASON}`);
    expect(pretty.code).toBe(0);

    const report = json(repo, ['ci', '--base', base]);
    expect(report.exitCode).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.summary.exceptions).toBe(1);
    expect(report.exceptions).toEqual([
      expect.objectContaining({ ruleId: 'commit-size', kind: 'lines', severity: 'error', commit: sha, commits: [sha], reason: REASON }),
    ]);

    const summaryFile = path.join(tempDir(), 'summary.md');
    const sarifRun = repo.shipguard(['ci', '--base', base, '--format', 'sarif'], { env: { GITHUB_STEP_SUMMARY: summaryFile } });
    expect(sarifRun.code).toBe(0);
    const sarif = JSON.parse(sarifRun.stdout);
    const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(sarifSchema);
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const [result] = sarif.runs[0].results;
    expect(result.ruleId).toBe('commit-size');
    expect(result.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: `Shipguard-Allow: ${REASON}` }]);
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('src/client.ts');
    expect(readFileSync(summaryFile, 'utf8')).toContain(`| commit-size/lines | whole commit | ${short} | ${REASON} |`);
  });

  it('accept only the commit that carries them: an oversized commit without one is still refused (control)', () => {
    const { repo, base } = pushedRepo({ allowTrailer: ['commit-size'] });
    const allowed = commitRefactor(repo, 'src/client.ts', ['Regenerate the API client', ALLOW]);
    const plain = commitRefactor(repo, 'src/other.ts', ['Another big change']);
    const push = repo.git(['push', 'origin', 'feature']);
    expect(push.code).not.toBe(0);
    expect(push.output).toContain(`Commit ${plain.slice(0, 8)} "Another big change": 350 lines changed (limit 300)`);
    expect(push.output).toContain(`accepted: commit-size/lines in ${allowed.slice(0, 8)} — ${REASON}`);
    const report = json(repo, ['ci', '--base', base]);
    expect(report.exitCode).toBe(1);
    expect(report.findings.map((finding: { commit: string }) => finding.commit)).toEqual([plain]);
    expect(report.exceptions.map((exception: { commit: string }) => exception.commit)).toEqual([allowed]);
  });

  it('are refused for a rule the config does not allow (none by default): error naming trailer and commit, exit 1', () => {
    const { repo, base } = pushedRepo({});
    const sha = commitRefactor(repo, 'src/client.ts', ['Regenerate the API client', ALLOW]);
    const refusal = `Shipguard-Allow: commit-size -- ${REASON} in commit ${sha.slice(0, 8)} is refused: the config does not accept commit-size exceptions by trailer (allowTrailer is empty)`;
    const push = repo.git(['push', 'origin', 'feature']);
    expect(push.code).not.toBe(0);
    expect(push.output).toContain(refusal);
    expect(push.output).toContain('350 lines changed (limit 300)');

    const report = json(repo, ['ci', '--base', base]);
    expect(report.exitCode).toBe(1);
    expect(report.exceptions).toEqual([]);
    expect(report.findings.map((finding: { ruleId: string; kind: string }) => `${finding.ruleId}/${finding.kind}`).sort()).toEqual([
      'commit-size/lines',
      'shipguard-allow/not-allowed',
    ]);
  });

  it('never accept secrets unless the config lists them, even next to an allowed rule', () => {
    const { repo, base } = pushedRepo({ allowTrailer: ['commit-size'] });
    // Built at run time so this file holds no real-looking credential.
    repo.write('deploy.sh', `ssh ${'ro'}${'ot'}@prod.example.com 'systemctl restart app'\n`);
    repo.gitOk(['add', 'deploy.sh']);
    repo.gitOk(['commit', '-q', '--no-verify', '-m', 'Deploy script', '-m', 'Shipguard-Allow: secrets -- it is only the staging box']);
    const report = json(repo, ['ci', '--base', base]);
    expect(report.exitCode).toBe(1);
    const found = report.findings.map((finding: { ruleId: string; kind: string }) => `${finding.ruleId}/${finding.kind}`);
    expect(found).toContain('shipguard-allow/not-allowed');
    expect(found.some((id: string) => id.startsWith('secrets/'))).toBe(true);
    expect(report.findings.find((finding: { ruleId: string }) => finding.ruleId === 'shipguard-allow').message).toContain(
      'the config does not accept secrets exceptions by trailer (allowTrailer: commit-size)',
    );
  });

  it('are refused without a reason', () => {
    const { repo, base } = pushedRepo({ allowTrailer: ['commit-size'] });
    const sha = commitRefactor(repo, 'src/client.ts', ['Regenerate the API client', 'Shipguard-Allow: commit-size']);
    const push = repo.git(['push', 'origin', 'feature']);
    expect(push.code).not.toBe(0);
    expect(push.output).toContain(`Shipguard-Allow: commit-size in commit ${sha.slice(0, 8)} is refused: it has no reason`);
    expect(push.output).toContain('350 lines changed (limit 300)');
    const report = json(repo, ['ci', '--base', base]);
    expect(report.exitCode).toBe(1);
    expect(report.exceptions).toEqual([]);
  });

  it('accept a net-change finding by the commit that added its line, not by another commit touching the file', () => {
    const repo = createRepo({ init: false });
    repo.write(
      'shipguard.config.mjs',
      `export default {
  allowTrailer: ['no-todo'],
  plugins: [{
    meta: { id: 'no-todo', stages: ['pre-commit', 'pre-push', 'ci'] },
    check(ctx) {
      return ctx.changes.files.flatMap((file) => file.addedLines.filter((a) => a.text.includes('TODO'))
        .map((a) => ({ file: file.path, line: a.line, message: 'TODO left in code' })));
    },
  }],
  rules: { 'no-todo': 'error' },
};
`,
    );
    const base = repo.commitAll('config');
    repo.write('src/a.ts', 'const a = 1; // TODO vendor quirk\n');
    repo.commitAll('vendor shim\n\nShipguard-Allow: no-todo -- upstream bug, tracked in VEND-12');
    repo.write('src/a.ts', 'const a = 1; // TODO vendor quirk\nconst b = 2; // TODO mine\n');
    repo.commitAll('more');
    const report = json(repo, ['ci', '--base', base]);
    expect(report.findings.map((finding: { file: string; line: number }) => `${finding.file}:${finding.line}`)).toEqual(['src/a.ts:2']);
    expect(report.exceptions).toEqual([expect.objectContaining({ file: 'src/a.ts', line: 1, reason: 'upstream bug, tracked in VEND-12' })]);
    expect(report.exitCode).toBe(1);
  });

  it('warn when an allowed trailer accepted nothing', () => {
    const { repo, base } = pushedRepo({ allowTrailer: ['commit-size'] });
    repo.write('small.ts', 'export const small = 1;\n');
    repo.commitAll(`Small change\n\n${ALLOW}`);
    const report = json(repo, ['ci', '--base', base]);
    expect(report.exitCode).toBe(0);
    expect(report.findings).toEqual([expect.objectContaining({ ruleId: 'shipguard-allow', kind: 'unused', severity: 'warn' })]);
  });

  it('allowTrailer naming an unknown rule is a one-line config error, exit 2', () => {
    const repo = createRepo({ init: false, config: { allowTrailer: ['comit-size'] } });
    const run = repo.shipguard(['pre-commit']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/^shipguard: config error in \.shipguardrc\.json: allowTrailer\[0\] "comit-size" is not a rule \(did you mean "commit-size"\?\)/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
