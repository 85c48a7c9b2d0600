// `overrides`: rule settings per path and per stage, through the real hooks and CLI in real repos.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ES module shared with the benchmarks
import { checksummed, rng } from './fixtures/secrets/tokens.mjs';
import { createRepo, type TestRepo } from './helpers/repo.js';

// Built at run time: this repository holds no scannable token.
const TOKEN: string = checksummed(rng(12), ['gh', 'p_'].join(''));
const RECOMMENDED = 'shipguard/presets/recommended';

/** `n` lines of valid TypeScript (the code rules parse it too). */
function code(n: number): string {
  return Array.from({ length: n }, (_, i) => `export const value${i} = ${i};`).join('\n') + '\n';
}

function commit(repo: TestRepo, files: Record<string, string>, message = 'change') {
  for (const [file, content] of Object.entries(files)) repo.write(file, content);
  repo.gitOk(['add', '-A']);
  return repo.git(['commit', '-q', '-m', message]);
}

describe('overrides by path: file-level rules judge each file by its own setting', () => {
  const config = {
    extends: [RECOMMENDED],
    overrides: [
      { files: ['scripts/**'], excludedFiles: ['scripts/prod/**'], rules: { secrets: 'off' } },
      { files: ['scripts/release/**'], rules: { secrets: 'error' } },
    ],
  };

  it('lets a secret under scripts/** through the pre-commit hook with secrets off there', () => {
    const repo = createRepo({ config });
    const run = commit(repo, { 'scripts/seed.sh': `export GITHUB_TOKEN=${TOKEN}\n` });
    expect(run.code, run.output).toBe(0);
    expect(repo.gitOk(['log', '-1', '--format=%s'])).toBe('change');
  });

  it('CONTROL: refuses the same secret in src/, and in the paths taken back out (excludedFiles, a later override)', () => {
    const repo = createRepo({ config });
    for (const file of ['src/config.ts', 'scripts/prod/deploy.sh', 'scripts/release/publish.sh']) {
      const run = commit(repo, { [file]: `export const token = '${TOKEN}';\n` });
      expect(run.code, file).toBe(1);
      expect(run.output).toContain(file);
      expect(run.output).not.toContain(TOKEN);
      repo.gitOk(['reset', '-q', '--hard', 'HEAD']);
      repo.gitOk(['clean', '-qfd', '--', 'src', 'scripts']);
    }
  });

  it('in one commit touching both, reports the src/ file and not the scripts/ one', () => {
    const repo = createRepo({ config });
    const run = commit(repo, { 'scripts/seed.sh': `TOKEN=${TOKEN}\n`, 'src/config.ts': `export const token = '${TOKEN}';\n` });
    expect(run.code).toBe(1);
    expect(run.output).toContain('src/config.ts');
    expect(run.output).not.toContain('scripts/seed.sh');
  });

  it('honours the same override in ci over the pushed range', () => {
    const repo = createRepo({ config });
    const base = repo.gitOk(['rev-parse', 'HEAD']);
    repo.write('scripts/seed.sh', `TOKEN=${TOKEN}\n`);
    repo.commitAll('seed script');
    expect(repo.shipguard(['ci', '--base', base]).code).toBe(0);
    repo.write('src/config.ts', `export const token = '${TOKEN}';\n`);
    repo.commitAll('config');
    const refused = repo.shipguard(['ci', '--base', base]);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('src/config.ts');
  });
});

describe('overrides by path: a rule off by default and on for some paths', () => {
  const config = { extends: [RECOMMENDED], rules: { secrets: 'off' }, overrides: [{ files: ['src/**'], rules: { secrets: 'error' } }] };

  it('runs only where the change touches those paths, and says so', () => {
    const repo = createRepo({ config });
    repo.write('docs/setup.md', `GITHUB_TOKEN=${TOKEN}\n`);
    repo.gitOk(['add', '-A']);
    const docs = repo.shipguard(['pre-commit', '--format', 'json']);
    expect(docs.code, docs.output).toBe(0);
    expect(JSON.parse(docs.stdout).rulesRun).not.toContain('secrets');
    repo.write('src/config.ts', `export const token = '${TOKEN}';\n`);
    repo.gitOk(['add', '-A']);
    const src = repo.shipguard(['pre-commit', '--format', 'json']);
    expect(src.code).toBe(1);
    const report = JSON.parse(src.stdout);
    expect(report.rulesRun).toContain('secrets');
    expect(report.findings.filter((finding: { ruleId: string }) => finding.ruleId === 'secrets').map((finding: { file: string }) => finding.file)).toEqual(['src/config.ts']);
  });
});

describe('overrides by path: change-level rules apply an override only when every changed file matches it', () => {
  const config = { extends: [RECOMMENDED], overrides: [{ files: ['data/fixtures/**'], rules: { 'commit-size': 'off' } }] };

  it('lets a 400-line commit made only of data/fixtures/ files through', () => {
    const repo = createRepo({ config });
    const run = commit(repo, { 'data/fixtures/products.ts': code(400) });
    expect(run.code, run.output).toBe(0);
  });

  it('CONTROL: refuses the same 400 lines when the commit also touches one file outside data/fixtures/', () => {
    const repo = createRepo({ config });
    const run = commit(repo, { 'data/fixtures/products.ts': code(400), 'src/index.ts': 'export const x = 1;\n' });
    expect(run.code).toBe(1);
    expect(run.output).toContain('commit-size');
  });
});

describe('overrides by path in ci: a change rule judges each commit by that commit\'s files', () => {
  const config = { extends: [RECOMMENDED], overrides: [{ files: ['vendor/sdk/**'], rules: { 'commit-size': ['error', { maxLines: 5000, maxFiles: 400 }] } }] };

  it('passes a 400-line vendor-only commit pushed together with an ordinary one', () => {
    const repo = createRepo({ config });
    const base = repo.gitOk(['rev-parse', 'HEAD']);
    repo.write('vendor/sdk/client.ts', code(400));
    repo.commitAll('vendor: sdk 2.0');
    repo.write('src/index.ts', 'export const x = 1;\n');
    repo.commitAll('use the sdk');
    const run = repo.shipguard(['ci', '--base', base]);
    expect(run.code, run.output).toBe(0);
  });

  it('CONTROL: refuses the same 400 lines in a commit that also touches src/', () => {
    const repo = createRepo({ config });
    const base = repo.gitOk(['rev-parse', 'HEAD']);
    repo.write('vendor/sdk/client.ts', code(400));
    repo.write('src/index.ts', 'export const x = 1;\n');
    const sha = repo.commitAll('vendor sdk and its first use');
    const run = repo.shipguard(['ci', '--base', base]);
    expect(run.code).toBe(1);
    expect(run.output).toContain(`Commit ${sha.slice(0, 8)}`);
  });
});

describe('overrides by path: a file rule with other options for some files', () => {
  // Public sample tokens in docs/ are allowed by pattern there, and nowhere else.
  const config = { extends: [RECOMMENDED], overrides: [{ files: ['docs/**'], rules: { secrets: ['error', { allowPatterns: [`^${['gh', 'p_'].join('')}`] }] } }] };

  it('runs once per set of options and reports each finding once, by its own file', () => {
    const repo = createRepo({ config });
    repo.write('docs/setup.md', `Example: GITHUB_TOKEN=${TOKEN}\n`);
    repo.write('src/config.ts', `export const token = '${TOKEN}';\n`);
    repo.gitOk(['add', '-A']);
    const run = repo.shipguard(['pre-commit', '--format', 'json']);
    expect(run.code).toBe(1);
    const findings = JSON.parse(run.stdout).findings as { ruleId: string; file: string }[];
    expect(findings.filter((finding) => finding.ruleId === 'secrets').map((finding) => finding.file)).toEqual(['src/config.ts']);
  });
});

describe('overrides by stage', () => {
  const config = { extends: [RECOMMENDED], overrides: [{ stages: ['pre-commit'], rules: { 'commit-size': 'warn' } }] };

  it('warns about a 400-line commit at pre-commit but refuses it in ci and at the pre-push hook', () => {
    const repo = createRepo({ config });
    const base = repo.gitOk(['rev-parse', 'HEAD']);
    const local = commit(repo, { 'src/worker.ts': code(400) });
    expect(local.code, local.output).toBe(0);
    expect(local.output).toMatch(/warn +Staged change: 400 lines changed \(limit 300\).*commit-size\/lines/);
    expect(local.output).toContain('0 errors, 1 warning');
    const ci = repo.shipguard(['ci', '--base', base]);
    expect(ci.code).toBe(1);
    expect(ci.output).toContain('commit-size');
    // The pre-push hook is not pre-commit either: the push is refused.
    repo.addBareRemote();
    const push = repo.git(['push', '-q', 'origin', 'feature']);
    expect(push.code).not.toBe(0);
    expect(push.output).toMatch(/error +Commit [0-9a-f]{8} "change": 400 lines changed \(limit 300\)/);
  });
});

describe('overrides: validation errors are one line naming the file and key, exit 2', () => {
  function configError(config: unknown, file = '.shipguardrc.json', extra: Record<string, string> = {}): string {
    const repo = createRepo({ init: false, initialCommit: false });
    repo.write(file, JSON.stringify(config));
    for (const [name, content] of Object.entries(extra)) repo.write(name, content);
    const run = repo.shipguard(['pre-commit']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const output = run.stderr.trim().split('\n');
    expect(output).toHaveLength(1); // one line, never a stack trace
    return output[0]!.replace(/^shipguard: config error in /, '');
  }
  const withOverride = (override: unknown) => ({ extends: [RECOMMENDED], overrides: [{ files: ['src/**'], rules: { secrets: 'off' } }, override] });

  it.each([
    [{ file: ['scripts/**'], rules: {} }, 'overrides[1].file is not a known key (known: files, excludedFiles, stages, rules). Did you mean "files"?'],
    [{ files: 'scripts/**', rules: {} }, 'overrides[1].files must be a non-empty array of glob strings (got "scripts/**")'],
    [{ files: ['scripts/**', 3], rules: {} }, 'overrides[1].files[1] must be a non-empty string (got 3)'],
    [{ files: [], rules: {} }, 'overrides[1].files must be a non-empty array of glob strings (got [])'],
    [{ stages: ['precommit'], rules: {} }, 'overrides[1].stages[0] must be one of "pre-commit", "pre-push", "ci" (got "precommit")'],
    [{ rules: { secrets: 'off' } }, 'overrides[1] must say where it applies: "files" (globs), "stages", or both'],
    [{ stages: ['ci'], excludedFiles: ['x/**'], rules: {} }, 'overrides[1].excludedFiles needs "files" to take paths out of'],
    [{ files: ['x/**'] }, 'overrides[1].rules is required (rule id -> severity or [severity, options])'],
    [{ files: ['x/**'], rules: { 'commit-size': 'fatal' } }, 'overrides[1].rules.commit-size must be "off", "warn", "error" or [severity, options] (got "fatal")'],
    [{ files: ['x/**'], rules: { 'commit-size': ['warn', { maxLines: 'abc' }] } }, 'overrides[1].rules.commit-size.maxLines must be a positive integer (got "abc")'],
    [{ files: ['x/**'], rules: { 'commit-sise': 'off' } }, /^overrides\[1\]\.rules\.commit-sise is not a known rule \(known: .*\)\. Did you mean "commit-size"\?$/],
    [{ stages: ['pre-commit'], rules: { 'required-build': 'error' } }, 'overrides[1].rules.required-build never applies: required-build runs only at pre-push, ci, and overrides[1].stages is pre-commit'],
    ['scripts/**', 'overrides[1] must be an object with "files" and/or "stages", and "rules" (got "scripts/**")'],
  ])('%j', (override, message) => {
    const line = configError(withOverride(override));
    if (typeof message === 'string') expect(line).toBe(`.shipguardrc.json: ${message}`);
    else expect(line.replace(/^\.shipguardrc\.json: /, '')).toMatch(message);
  });

  it('overrides that is not an array', () => {
    expect(configError({ overrides: { files: ['x/**'] } })).toBe('.shipguardrc.json: overrides must be an array of { files, rules } objects (got {"files":["x/**"]})');
  });

  it("names the preset's file for a mistake in a preset's override", () => {
    const preset = JSON.stringify({ overrides: [{ files: ['x/**'], rules: { secrets: ['error', { allowPaterns: [] }] } }] });
    const line = configError({ extends: ['./team-preset.json'] }, '.shipguardrc.json', { 'team-preset.json': preset });
    expect(line).toMatch(/^team-preset\.json: overrides\[0\]\.rules\.secrets\.allowPaterns is not a known option \(known: .*\)\. Did you mean "allowPatterns"\?$/);
  });
});

describe('overrides: order and print-config', () => {
  function printConfig(repo: TestRepo, args: string[] = []) {
    const run = repo.shipguard(['print-config', ...args]);
    expect(run.code, run.output).toBe(0);
    return JSON.parse(run.stdout);
  }
  // Like ESLint: each file's own rules, then its overrides; a preset's before the file extending it.
  const preset = { extends: [RECOMMENDED], overrides: [{ files: ['scripts/**'], rules: { 'no-mock-data': 'off', secrets: 'warn' } }] };
  const config = {
    extends: ['./team-preset.json'],
    rules: { 'no-mock-data': 'warn' },
    overrides: [
      { files: ['scripts/**'], rules: { secrets: 'off' } },
      { stages: ['pre-commit'], rules: { 'commit-size': ['warn', { maxLines: 500 }] } },
    ],
  };
  function repoWithPreset(): TestRepo {
    const repo = createRepo({ init: false, initialCommit: false });
    repo.write('team-preset.json', JSON.stringify(preset));
    repo.write('.shipguardrc.json', JSON.stringify(config));
    return repo;
  }

  it('lists every override in the order applied, with the file it came from', () => {
    const printed = printConfig(repoWithPreset());
    expect(printed.overrides).toEqual([
      { source: 'team-preset.json overrides[0]', files: ['scripts/**'], rules: { 'no-mock-data': 'off', secrets: 'warn' } },
      { source: '.shipguardrc.json overrides[0]', files: ['scripts/**'], rules: { secrets: 'off' } },
      { source: '.shipguardrc.json overrides[1]', stages: ['pre-commit'], rules: { 'commit-size': ['warn', { maxLines: 500 }] } },
    ]);
    // Without --file/--stage: the settings where no override applies.
    expect(printed.rules.secrets[0]).toBe('error');
    expect(printed.ruleSources.secrets).toBe('shipguard/presets/recommended');
  });

  it('--file and --stage show the effective settings and the override that set each', () => {
    const printed = printConfig(repoWithPreset(), ['--file', 'scripts/seed.ts', '--stage', 'pre-commit']);
    expect(printed).toMatchObject({ file: 'scripts/seed.ts', stage: 'pre-commit' });
    expect(printed.rules.secrets[0]).toBe('off');
    expect(printed.ruleSources.secrets).toBe('.shipguardrc.json overrides[0]');
    // The config's own `rules` come after the preset's overrides, so they win there (ESLint's order).
    expect(printed.rules['no-mock-data'][0]).toBe('warn');
    expect(printed.ruleSources['no-mock-data']).toBe('.shipguardrc.json');
    expect(printed.rules['commit-size']).toEqual(['warn', expect.objectContaining({ maxLines: 500, maxFiles: 25 })]);
    expect(printed.ruleSources['commit-size']).toBe('.shipguardrc.json overrides[1]');

    // Without --stage, entries limited to stages are left out.
    const anyStage = printConfig(repoWithPreset(), ['--file', 'scripts/seed.ts']);
    expect(anyStage).toMatchObject({ file: 'scripts/seed.ts', stage: null });
    expect(anyStage.rules['commit-size'][0]).toBe('error');
    expect(anyStage.rules.secrets[0]).toBe('off');

    const ci = printConfig(repoWithPreset(), ['--file', 'src/app.ts', '--stage', 'ci']);
    expect(ci.rules['commit-size'][0]).toBe('error');
    expect(ci.rules.secrets[0]).toBe('error');
  });

  it('--stage with an unknown stage is a usage error', () => {
    const run = repoWithPreset().shipguard(['print-config', '--stage', 'commit']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('shipguard: print-config --stage must be one of pre-commit, pre-push, ci (got "commit")');
  });
});
