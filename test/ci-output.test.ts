// CI output that GitHub accepts: SARIF every result of which has a location (upload-sarif rejects
// "expected at least one location"), a valid document even when the run cannot finish, --output,
// helpUri, and the job summary table.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { createRepo, lines, tempDir } from './helpers/repo.js';

const require = createRequire(import.meta.url);
const Ajv = ((AjvDraft04 as unknown as { default?: typeof AjvDraft04 }).default ?? AjvDraft04) as unknown as new (options: object) => {
  compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown };
};
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
const validateSchema = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
  partialFingerprints: Record<string, string>;
}

/** What github/codeql-action/upload-sarif refuses, besides the schema. */
function githubUploadProblems(sarif: any): string[] {
  const problems: string[] = [];
  for (const run of sarif.runs) {
    const rules = run.tool.driver.rules as { id: string; shortDescription?: { text: string } }[];
    for (const result of run.results as SarifResult[]) {
      const name = `${result.ruleId}: `;
      if (!result.ruleId) problems.push('a result without ruleId');
      if (!result.locations?.length) problems.push(`${name}expected at least one location`);
      if (result.locations?.some((l) => !l.physicalLocation?.artifactLocation?.uri)) problems.push(`${name}a location without a file`);
      if (!rules[result.ruleIndex] || rules[result.ruleIndex]!.id !== result.ruleId) problems.push(`${name}no rule metadata`);
      if (!result.partialFingerprints || !Object.keys(result.partialFingerprints).length) problems.push(`${name}no partialFingerprints`);
    }
  }
  return problems;
}

/** main with a base commit, then a 40-line commit whose largest file is big.ts (commit-size maxLines 10). */
function rangeRepo() {
  const repo = createRepo({ config: { extends: ['shipguard/presets/recommended'], rules: { 'commit-size': ['error', { maxLines: 10, warnLines: 5 }] } } });
  const base = repo.gitOk(['rev-parse', 'HEAD']);
  repo.write('small.ts', lines(3));
  repo.write('big.ts', lines(37));
  const big = repo.commitAll('big change');
  return { repo, base, big };
}

describe('ci --format sarif', () => {
  it('a commit-size finding about a whole commit is located on that commit\'s largest file', () => {
    const { repo, base, big } = rangeRepo();
    const run = repo.shipguard(['ci', '--base', base, '--format', 'sarif']);
    expect(run.code, run.stderr).toBe(1);
    const sarif = JSON.parse(run.stdout);
    expect(validateSchema(sarif), JSON.stringify(validateSchema.errors, null, 2)).toBe(true);
    expect(githubUploadProblems(sarif)).toEqual([]);
    const size = sarif.runs[0].results.find((r: SarifResult) => r.ruleId === 'commit-size');
    expect(size.locations[0].physicalLocation.artifactLocation.uri).toBe('big.ts');
    expect(size.locations[0].message.text).toBe(`shown on the largest file of commit ${big.slice(0, 8)}`);
  });

  it('a protected-branch finding at pre-commit is located on the staged change\'s largest file', () => {
    const repo = createRepo({ init: false, branch: 'main' });
    repo.commitAll('base');
    repo.write('a.ts', lines(2));
    repo.write('b.ts', lines(4));
    repo.gitOk(['add', '-A']);
    const sarif = JSON.parse(repo.shipguard(['pre-commit', '--format', 'sarif']).stdout);
    const branch = sarif.runs[0].results.find((r: SarifResult) => r.ruleId === 'protected-branch');
    expect(branch.locations[0].physicalLocation.artifactLocation.uri).toBe('b.ts');
    expect(githubUploadProblems(sarif)).toEqual([]);
  });

  it('every built-in rule has a helpUri to its docs page', () => {
    const { repo, base } = rangeRepo();
    const rules = JSON.parse(repo.shipguard(['ci', '--base', base, '--format', 'sarif']).stdout).runs[0].tool.driver.rules;
    const size = rules.find((rule: { id: string }) => rule.id === 'commit-size');
    expect(size.helpUri).toBe('https://github.com/shipguard/shipguard/blob/main/docs/rules/commit-size.md');
    expect(rules.every((rule: { helpUri?: string }) => rule.helpUri?.startsWith('https://'))).toBe(true);
  });

  it('a config error (exit 2) still writes a valid SARIF saying the run failed, and why', () => {
    const { repo, base } = rangeRepo();
    repo.write('.shipguardrc.json', '{ "rules": { "commit-sise": "error" } }');
    const run = repo.shipguard(['ci', '--base', base, '--format', 'sarif']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('config error in .shipguardrc.json');
    const sarif = JSON.parse(run.stdout);
    expect(validateSchema(sarif), JSON.stringify(validateSchema.errors, null, 2)).toBe(true);
    const invocation = sarif.runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications[0].level).toBe('error');
    expect(invocation.toolExecutionNotifications[0].message.text).toMatch(/^config error in \.shipguardrc\.json: .*commit-sise/);
    expect(sarif.runs[0].results).toEqual([]);
  });
});

describe('ci --format json on a config error', () => {
  it('prints a valid JSON report with exitCode 2 and the error', () => {
    const { repo, base } = rangeRepo();
    repo.write('.shipguardrc.json', '{ "rules": { "commit-sise": "error" } }');
    const run = repo.shipguard(['ci', '--base', base, '--format', 'json']);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ version: 1, exitCode: 2, findings: [], error: expect.stringMatching(/^config error in \.shipguardrc\.json: /) });
  });
});

describe('ci --output', () => {
  it('writes the SARIF to the file and the readable report to the job log', () => {
    const { repo, base } = rangeRepo();
    const run = repo.shipguard(['ci', '--base', base, '--format', 'sarif', '--output', 'shipguard.sarif']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✖ shipguard ci refused the change');
    expect(run.stdout).not.toContain('"$schema"');
    const sarif = JSON.parse(repo.read('shipguard.sarif'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
  });

  it('writes the error SARIF to the file when the config is broken', () => {
    const { repo, base } = rangeRepo();
    repo.write('.shipguardrc.json', '{ "extends": 5 }');
    const run = repo.shipguard(['ci', '--base', base, '--format', 'sarif', '--output', 'out.sarif']);
    expect(run.code).toBe(2);
    expect(JSON.parse(repo.read('out.sarif')).runs[0].invocations[0].executionSuccessful).toBe(false);
  });

  it('refuses --output with the pretty format', () => {
    const { repo, base } = rangeRepo();
    const run = repo.shipguard(['ci', '--base', base, '--output', 'x.sarif']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--output writes a json or sarif report: add --format sarif or --format json');
  });
});

describe('ci in GitHub Actions', () => {
  it('appends a findings table to $GITHUB_STEP_SUMMARY', () => {
    const { repo, base, big } = rangeRepo();
    const summary = `${tempDir('shipguard-summary-')}/summary.md`;
    const run = repo.shipguard(['ci', '--base', base, '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(run.code).toBe(1);
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown).toContain('### shipguard ci: ❌ refused');
    expect(markdown).toContain('| severity | rule | where | message |');
    expect(markdown).toMatch(new RegExp(`\\| error \\| commit-size/lines \\| commit ${big.slice(0, 8)} \\| `));
  });
});
