// `shipguard init` next to another hook manager: lefthook and simple-git-hooks (real, from npm),
// pre-commit (the real Python tool, Debian's `pre-commit` package) and a team's own core.hooksPath.
// Through each, a real `git commit` of a staged secret is refused and the other manager's own hook
// still runs; pushes go through the manager's pre-push hook.
import { spawnSync } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRepo, PACKAGE_ROOT, tempDir, testEnv, type TestRepo } from './helpers/repo.js';

const OTHER_HOOK_RAN = '.git/other-hook-ran';
/** Built at run time: this repository holds no credential. */
const password = () => ['Zq8r', 'T3vK9pLm2Xw'].join('');

/** node_modules/<name> and its bin, linked the way an install would put them. */
function linkTool(repo: TestRepo, name: string, bin: string): void {
  symlinkSync(path.join(PACKAGE_ROOT, 'node_modules', name), repo.path('node_modules', name), 'dir');
  symlinkSync(path.join(PACKAGE_ROOT, 'node_modules', name, bin), repo.path('node_modules', '.bin', name));
}

function run(repo: TestRepo, command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, { cwd: repo.dir, encoding: 'utf8', env: testEnv(env) });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout + result.stderr;
}

/** A staged `.env.production` must be refused through the installed hooks, and the other hook must have run. */
function expectSecretRefused(repo: TestRepo, env: NodeJS.ProcessEnv = {}): void {
  repo.write('.env.production', `DB_PASSWORD=${password()}\n`);
  repo.gitOk(['add', '.env.production']);
  const commit = repo.git(['commit', '-m', 'config'], { env });
  expect(commit.code, commit.output).not.toBe(0);
  expect(commit.output).toContain('Committing environment file .env.production');
  expect(existsSync(repo.path(OTHER_HOOK_RAN)), 'the other manager\'s own hook ran').toBe(true);
  expect(repo.git(['rev-parse', '--verify', '-q', 'HEAD~1']).code).not.toBe(0); // still one commit
  repo.gitOk(['rm', '-q', '--cached', '.env.production']);
}

/** A commit with a secret made with --no-verify must be refused at push through the manager's pre-push hook. */
function expectPushRefused(repo: TestRepo, env: NodeJS.ProcessEnv = {}): void {
  repo.addBareRemote();
  repo.write('.env.production', `DB_PASSWORD=${password()}\n`);
  repo.gitOk(['add', '.env.production']);
  repo.gitOk(['commit', '-q', '--no-verify', '-m', 'sneaked in']);
  const push = repo.git(['push', 'origin', 'feature'], { env });
  expect(push.code, push.output).not.toBe(0);
  expect(push.output).toContain('Committing environment file .env.production');
}

function expectIdempotent(repo: TestRepo): void {
  const before = repo.snapshot();
  const again = repo.shipguard(['init']);
  expect(again.stdout).toBe('shipguard init: already set up, nothing changed.\n');
  expect(repo.snapshot()).toBe(before);
}

describe('init with lefthook', () => {
  it('adds a shipguard command to lefthook.yml, keeps its comments and commands, and refuses a secret through lefthook', () => {
    const repo = createRepo({ init: false, initialCommit: false });
    linkTool(repo, 'lefthook', 'bin/index.js');
    const config = `# team hooks: keep this comment\npre-commit:\n  parallel: true # in parallel\n  commands:\n    # the team's own check\n    other:\n      run: echo ran > ${OTHER_HOOK_RAN} # ours\n`;
    repo.write('lefthook.yml', config);
    run(repo, 'node_modules/.bin/lefthook', ['install']);
    expect(repo.shipguard(['doctor']).code).toBe(1); // control: lefthook does not run shipguard yet

    const init = repo.shipguard(['init']);
    expect(init.code, init.output).toBe(0);
    expect(init.stdout).toContain('lefthook.yml: added the `shipguard` command to pre-commit and pre-push');
    expect(init.stdout).toContain('Next: run `npx lefthook install`');
    const edited = repo.read('lefthook.yml');
    expect(edited.startsWith(config)).toBe(true); // comments and the team's command kept
    expect(edited).toContain('    shipguard:\n      run: npx shipguard pre-commit\n');
    expect(edited).toContain('pre-push:\n  commands:\n    shipguard:\n      run: npx shipguard pre-push {1} {2}\n      use_stdin: true\n');
    expect(repo.git(['config', 'core.hooksPath']).code).not.toBe(0); // husky did not take over
    expect(existsSync(repo.path('.husky'))).toBe(false);
    run(repo, 'node_modules/.bin/lefthook', ['install']);
    const doctor = repo.shipguard(['doctor']);
    expect(doctor.stdout).toBe('✔ shipguard doctor: hooks active (git hooks directory): pre-commit → .git/hooks/pre-commit → lefthook.yml, pre-push → .git/hooks/pre-push → lefthook.yml\n');
    repo.commitAll('setup');
    expectIdempotent(repo);

    expectSecretRefused(repo);
    expectPushRefused(repo);
  });
});

describe('init with simple-git-hooks', () => {
  it('adds shipguard after the existing package.json command, tells to rerun simple-git-hooks, and refuses a secret', () => {
    const repo = createRepo({ init: false, initialCommit: false });
    linkTool(repo, 'simple-git-hooks', 'cli.js');
    repo.write('package.json', `${JSON.stringify({ name: 'x', 'simple-git-hooks': { 'pre-commit': `echo ran > ${OTHER_HOOK_RAN}` } }, null, 2)}\n`);
    run(repo, 'node_modules/.bin/simple-git-hooks', []);

    const init = repo.shipguard(['init']);
    expect(init.code, init.output).toBe(0);
    expect(init.stdout).toContain('Next: run `npx simple-git-hooks`');
    expect(JSON.parse(repo.read('package.json'))['simple-git-hooks']).toEqual({
      'pre-commit': `echo ran > ${OTHER_HOOK_RAN} && npx shipguard pre-commit`,
      'pre-push': 'npx shipguard pre-push "$@"',
    });
    expect(repo.git(['config', 'core.hooksPath']).code).not.toBe(0);
    run(repo, 'node_modules/.bin/simple-git-hooks', []);
    expect(repo.shipguard(['doctor']).stdout).toContain('pre-commit → .git/hooks/pre-commit:9, pre-push → .git/hooks/pre-push:9');
    repo.commitAll('setup');
    expectIdempotent(repo);

    expectSecretRefused(repo);
    expectPushRefused(repo);
  });
});

describe('init with pre-commit (the framework)', () => {
  const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;
  it.runIf(hasPreCommit || process.env.CI)('adds local shipguard hooks to .pre-commit-config.yaml and refuses a secret at commit and push through pre-commit', () => {
    const repo = createRepo({ init: false, initialCommit: false });
    const env = { PRE_COMMIT_HOME: tempDir('shipguard-pre-commit-home-') };
    const config = [
      '# our checks',
      'repos:',
      '  - repo: local',
      '    hooks:',
      '      - id: other',
      '        name: other',
      `        entry: sh -c 'echo ran > ${OTHER_HOOK_RAN}'`,
      '        language: system',
      '        pass_filenames: false',
      '        always_run: true',
      '',
    ].join('\n');
    repo.write('.pre-commit-config.yaml', config);

    const init = repo.shipguard(['init']);
    expect(init.code, init.output).toBe(0);
    expect(init.stdout).toContain('.pre-commit-config.yaml: added local hooks shipguard-pre-commit and shipguard-pre-push');
    expect(init.stdout).toContain('Next: run `pre-commit install`');
    const edited = repo.read('.pre-commit-config.yaml');
    expect(edited.startsWith(config.trimEnd())).toBe(true);
    expect(edited).toContain('        entry: npx shipguard pre-push\n        language: system\n        pass_filenames: false\n');
    expect(edited).toContain('default_install_hook_types: [ pre-commit, pre-push ]');
    repo.commitAll('setup'); // pre-commit refuses to run with an unstaged config
    run(repo, 'pre-commit', ['install'], env);
    expect(repo.shipguard(['doctor']).stdout).toContain('pre-commit → .git/hooks/pre-commit → .pre-commit-config.yaml, pre-push → .git/hooks/pre-push → .pre-commit-config.yaml');
    expectIdempotent(repo);

    expectSecretRefused(repo, env);
    expectPushRefused(repo, env);
  });
});

describe("init with a team's own core.hooksPath", () => {
  it('adds shipguard to the existing hook before its `exit 0`, keeps core.hooksPath, and refuses a secret', () => {
    const repo = createRepo({ init: false, initialCommit: false });
    repo.write('.githooks/pre-commit', `#!/bin/sh\necho ran > ${OTHER_HOOK_RAN}\nexit 0\n`);
    spawnSync('chmod', ['+x', repo.path('.githooks/pre-commit')]);
    repo.gitOk(['config', 'core.hooksPath', '.githooks']);

    const init = repo.shipguard(['init']);
    expect(init.code, init.output).toBe(0);
    expect(init.stdout).toContain('.githooks/pre-commit: added `npx shipguard pre-commit || exit 1`; before line 4 `exit 0`, which can end the hook; kept the 3 existing lines');
    expect(init.stdout).toContain('wrote .githooks/pre-push');
    expect(repo.read('.githooks/pre-commit')).toBe(`#!/bin/sh\necho ran > ${OTHER_HOOK_RAN}\nnpx shipguard pre-commit || exit 1\nexit 0\n`);
    expect(repo.gitOk(['config', 'core.hooksPath'])).toBe('.githooks');
    expect(repo.shipguard(['doctor']).stdout).toContain('pre-commit → .githooks/pre-commit:3, pre-push → .githooks/pre-push:2');
    repo.commitAll('setup');
    expectIdempotent(repo);

    expectSecretRefused(repo);
    expectPushRefused(repo);
  });
});

describe('init where it cannot integrate', () => {
  it('stops with exit 2 for hand-written .git/hooks and a husky 4 config, and --force hands the hooks to husky, saying so', () => {
    const repo = createRepo({ init: false, initialCommit: false });
    repo.write('.git/hooks/pre-commit', '#!/bin/sh\nnpm test\n');
    const refused = repo.shipguard(['init']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^shipguard: \.git\/hooks\/pre-commit already exists: husky's core\.hooksPath would stop git from running it\. .*`shipguard init --force`/);
    expect(refused.stderr.split('\n')).toHaveLength(2);
    expect(existsSync(repo.path('.husky'))).toBe(false);
    expect(repo.git(['config', 'core.hooksPath']).code).not.toBe(0);

    const forced = repo.shipguard(['init', '--force']);
    expect(forced.code, forced.output).toBe(0);
    expect(forced.stdout).toContain('--force: husky now runs the hooks (core.hooksPath); .git/hooks/pre-commit no longer runs');
    expect(repo.gitOk(['config', 'core.hooksPath'])).toBe('.husky/_');

    const husky4 = createRepo({ init: false, initialCommit: false });
    husky4.write('package.json', JSON.stringify({ name: 'x', husky: { hooks: { 'pre-commit': 'npm test' } } }));
    const old = husky4.shipguard(['init']);
    expect(old.code).toBe(2);
    expect(old.stderr).toContain('package.json holds a husky 4 config ("husky.hooks"), which husky 9 ignores');
  });
});

describe('init with a broken hook-manager config', () => {
  it('names the file in one line with exit 2 and changes nothing', () => {
    const repo = createRepo({ init: false, initialCommit: false });
    repo.write('lefthook.yml', 'pre-commit:\n  commands:\n    lint: [unclosed\n');
    const before = repo.snapshot();
    const yaml = repo.shipguard(['init']);
    expect(yaml.code).toBe(2);
    expect(yaml.stderr).toMatch(/^shipguard: lefthook\.yml: not valid YAML \(.+\), so shipguard cannot add its commands\n$/);
    expect(repo.snapshot()).toBe(before);

    const json = createRepo({ init: false, initialCommit: false });
    json.write('.simple-git-hooks.json', '{ "pre-commit": ');
    const run = json.shipguard(['init']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^shipguard: \.simple-git-hooks\.json: not valid JSON \(.+\), so shipguard cannot add its hooks\n$/);
  });
});
