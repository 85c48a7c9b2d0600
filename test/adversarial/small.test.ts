// Small holes from the adversarial review: errors without a file name, prototype keys in options,
// an unknown sha on the pre-push stdin, a corrupt build cache, and SHIPGUARD_SKIP in CI.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, createRepo, lines, testEnv, type RunResult, type TestRepo } from '../helpers/repo.js';
import { project } from '../rules/required-build/helpers.js';

/** The CLI with a deadline: a config that fans out must fail the test, not hang the suite. */
function shipguard(repo: TestRepo, args: string[], env: NodeJS.ProcessEnv = {}): RunResult {
  const spawned = spawnSync(process.execPath, [CLI, ...args], { cwd: repo.dir, encoding: 'utf8', input: '', env: testEnv(env), timeout: 30_000 });
  const stdout = spawned.stdout ?? '';
  const stderr = spawned.stderr ?? '';
  return { code: spawned.status ?? -1, stdout, stderr, output: stdout + stderr };
}

function expectConfigError(run: RunResult, message: string | RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toContain('internal error');
}

/** A repository with `.shipguardrc.json` = `config` (raw JSON text or an object) and a staged file. */
function configured(config: string | object, files: Record<string, string> = {}): TestRepo {
  const repo = createRepo({ init: false });
  repo.write('.shipguardrc.json', typeof config === 'string' ? config : JSON.stringify(config));
  for (const [file, content] of Object.entries(files)) repo.write(file, content);
  repo.write('notes.txt', lines(3));
  repo.gitOk(['add', 'notes.txt']);
  return repo;
}

describe('errors name the file', () => {
  it('init with an invalid package.json names the file and position', () => {
    const repo = createRepo({ init: false });
    repo.write('package.json', '{\n  "name": "fixture",\n}\n');
    const run = repo.shipguard(['init']);
    expectConfigError(run, /^shipguard: config error in package\.json:3:1: invalid JSON: /);
  });

  it('init with a package.json whose scripts is a string names the file and key', () => {
    const repo = createRepo({ init: false });
    repo.write('package.json', JSON.stringify({ name: 'fixture', scripts: 'husky' }));
    expectConfigError(repo.shipguard(['init']), 'shipguard: config error in package.json: scripts must be an object (got "husky")\n');
  });

  it('a rule option nested 100,000 levels deep names the file and key', () => {
    const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
    const repo = configured(`{"rules":{"commit-size":["error",{"exclude":${deep}}]}}`);
    expectConfigError(shipguard(repo, ['pre-commit']), /^shipguard: config error in \.shipguardrc\.json: rules\.commit-size\[1\]\.exclude\[0\]\S*…\S* is nested more than 64 levels deep\n$/);
  });

  it('a 40-preset extends chain names the file where it goes too deep', () => {
    const presets = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`presets/p${i}.json`, JSON.stringify(i < 39 ? { extends: `./p${i + 1}.json` } : { rules: { 'commit-size': 'error' } })]),
    );
    const repo = configured({ extends: './presets/p0.json' }, presets);
    expectConfigError(
      shipguard(repo, ['pre-commit']),
      'shipguard: config error in presets/p31.json: extends goes more than 32 presets deep (.shipguardrc.json -> … -> presets/p29.json -> presets/p30.json -> presets/p31.json)\n',
    );
  });

  it('an extends tree that fans out exponentially stops at the preset limit', () => {
    // Each level extends the next one twice: 2^25 preset loads without a limit.
    const presets = Object.fromEntries(
      Array.from({ length: 25 }, (_, i) => [`presets/p${i}.json`, JSON.stringify(i < 24 ? { extends: [`./p${i + 1}.json`, `./p${i + 1}.json`] } : {})]),
    );
    const repo = configured({ extends: './presets/p0.json' }, presets);
    expectConfigError(shipguard(repo, ['pre-commit']), /^shipguard: config error in presets\/p\d+\.json: extends loads more than 256 presets in all/);
  });
});

describe('prototype keys in the config', () => {
  it('__proto__ in a rule\'s options is refused naming the file and key', () => {
    const repo = configured('{"rules":{"commit-size":["error",{"__proto__":{"maxLines":1}}]}}');
    expectConfigError(
      shipguard(repo, ['pre-commit']),
      'shipguard: config error in .shipguardrc.json: rules.commit-size[1].__proto__ is not allowed (__proto__, constructor and prototype are never config keys)\n',
    );
  });

  it('constructor in a rule\'s options is refused instead of validated against Object', () => {
    const repo = configured({ rules: { 'commit-size': ['error', { constructor: 'anything' }] } });
    expectConfigError(shipguard(repo, ['pre-commit']), 'shipguard: config error in .shipguardrc.json: rules.commit-size[1].constructor is not allowed');
  });

  it('a severity named after an Object.prototype member is refused', () => {
    const repo = configured({ rules: { 'commit-size': 'toString' } });
    expectConfigError(
      shipguard(repo, ['pre-commit']),
      'shipguard: config error in .shipguardrc.json: rules.commit-size must be "off", "warn", "error" or [severity, options] (got "toString")\n',
    );
  });

  it('a plugin rule with the id __proto__ is refused', () => {
    const repo = configured({});
    repo.write('shipguard.config.mjs', "export default { plugins: [{ meta: { id: '__proto__' }, check: () => [] }], rules: {} };\n");
    expectConfigError(
      shipguard(repo, ['pre-commit', '--config', 'shipguard.config.mjs']),
      'shipguard: config error in shipguard.config.mjs: plugins[0].meta.id "__proto__" is not allowed as a rule id\n',
    );
  });
});

describe('pre-push input', () => {
  it('an unknown local sha fed to pre-push exits 2 instead of passing', () => {
    const repo = createRepo();
    const unknown = 'e'.repeat(40);
    const run = repo.shipguard(['pre-push', 'origin', 'url'], { input: `refs/heads/feature ${unknown} refs/heads/feature ${'0'.repeat(40)}\n` });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `shipguard: pre-push: the local sha ${unknown} of refs/heads/feature is not an object in this repository; nothing was checked (was the hook's input changed?)\n`,
    );
  });
});

describe('required-build pass cache', () => {
  it('a corrupt pass-cache file is ignored and the build runs again', () => {
    const p = project({ rule: { commands: [['node', 'scripts/count-build.mjs']] } });
    expect(p.repo.shipguard(['build'], { env: p.env }).code).toBe(0);
    expect(p.builds()).toBe(1);
    const passes = path.join(p.repo.gitOk(['rev-parse', '--git-common-dir']), 'shipguard', 'required-build', 'passes');
    const dir = path.resolve(p.repo.dir, passes);
    const [file] = readdirSync(dir);
    for (const corrupt of ['{}', '"passed"', '{"commit": 1}']) {
      writeFileSync(path.join(dir, file!), corrupt);
      const run = p.repo.shipguard(['build'], { env: p.env });
      expect(run.code).toBe(0);
      expect(run.output).not.toContain('internal error');
      expect(run.output).not.toContain('failed to run');
      expect(JSON.parse(readFileSync(path.join(dir, file!), 'utf8'))).toMatchObject({ steps: expect.any(Array), commit: expect.any(String) });
    }
    expect(p.builds()).toBe(4);
  });
});

describe('SHIPGUARD_SKIP in CI', () => {
  function bigCommitRepo(config: object): { repo: TestRepo; base: string } {
    const repo = createRepo({ config });
    const base = repo.gitOk(['rev-parse', 'HEAD']);
    repo.write('notes.txt', lines(400));
    repo.commitAll('400 lines');
    return { repo, base };
  }

  it('SHIPGUARD_SKIP is ignored in ci under the recommended preset, and the report says so', () => {
    const { repo, base } = bigCommitRepo({ extends: ['shipguard/presets/recommended'] });
    const run = repo.shipguard(['ci', '--base', base], { env: { SHIPGUARD_SKIP: 'commit-size' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('commit-size/lines');
    expect(run.stdout).toContain('SHIPGUARD_SKIP=commit-size was ignored: CI runs every rule unless the config\'s allowSkip includes "ci".');
  });

  it('allowSkip including ci honours the skip in ci, and no report claims CI will still check', () => {
    const { repo, base } = bigCommitRepo({ extends: ['shipguard/presets/recommended'], allowSkip: true });
    const ci = repo.shipguard(['ci', '--base', base], { env: { SHIPGUARD_SKIP: 'commit-size' } });
    expect(ci.code).toBe(0);
    expect(ci.stdout).toContain('SHIPGUARD_SKIP: commit-size NOT checked at ci. The config lets CI skip rules (allowSkip includes "ci").');
    repo.write('more.txt', lines(400));
    repo.gitOk(['add', 'more.txt']);
    const commit = repo.shipguard(['pre-commit'], { env: { SHIPGUARD_SKIP: 'commit-size' } });
    expect(commit.code).toBe(0);
    expect(commit.stdout).toContain('the config lets CI skip too (allowSkip includes "ci")');
    expect(commit.stdout).not.toContain('CI will still run every rule');
  });
});
