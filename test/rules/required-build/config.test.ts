// required-build options as a team writes them: when it runs, what it runs, CI, bad config, docs.
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRepo, installShipguard, tempDir } from '../../helpers/repo.js';
import { FIXTURES, project } from './helpers.js';

const COUNTING = { build: 'node scripts/count-build.mjs' };

describe('required-build: what runs and when', () => {
  it('does nothing in a project without a build script (the preset is safe to extend)', () => {
    const p = project();
    const push = p.push();
    expect(push.code).toBe(0);
    expect(push.output).not.toContain('required-build:');
    expect(push.output).toMatch(/shipguard pre-push: \d+ rules passed/);
    expect(p.repo.shipguard(['build'], { env: p.env }).stdout).toContain('shipguard build: nothing to run');
  });

  it('runs the build script through the package manager the lockfile names', () => {
    const p = project({ scripts: COUNTING });
    p.repo.write('pnpm-lock.yaml', "lockfileVersion: '9.0'\n");
    p.repo.commitAll('pnpm');
    const run = p.repo.shipguard(['build'], { env: p.env });
    expect(run.output).toContain('required-build: pnpm run build …');
  });

  it('does not start the build when the push is refused anyway (protected branch); builds the same commit pushed elsewhere', () => {
    const p = project({ scripts: COUNTING });
    p.repo.write('src/a.ts', 'export const a = 1;\n');
    p.repo.commitAll('a change');
    const refused = p.push('origin', 'HEAD:main');
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('Pushing directly to protected branch "main".');
    expect(refused.output).not.toContain('npm run build');
    expect(p.builds()).toBe(0);
    const verbose = p.repo.shipguard(['pre-push', 'origin', '--verbose'], { env: p.env, input: `refs/heads/feature ${p.repo.gitOk(['rev-parse', 'HEAD'])} refs/heads/main ${'0'.repeat(40)}\n` });
    expect(verbose.output).toContain('not run: protected-branch already refuses the change');
    expect(p.builds()).toBe(0);

    // CONTROL: the same commit to a feature branch is built.
    expect(p.push('origin', 'HEAD:feature').code).toBe(0);
    expect(p.builds()).toBe(1);
  });

  it('skips pushes that change only docs, and honours `when`', () => {
    const p = project({ scripts: COUNTING });
    expect(p.push().code).toBe(0);
    expect(p.builds()).toBe(1);

    p.repo.write('README.md', '# shop\n');
    p.repo.write('docs/deploy.md', 'How we deploy.\n');
    p.repo.commitAll('docs');
    expect(p.push().code).toBe(0);
    expect(p.builds()).toBe(1);

    p.repo.write('.shipguardrc.json', JSON.stringify({ rules: { 'required-build': ['error', { when: ['server/**'] }] } }));
    p.repo.commitAll('only server changes need a build');
    p.repo.write('web/app.ts', 'export const app = 1;\n');
    p.repo.commitAll('web change');
    expect(p.push().code).toBe(0);
    expect(p.builds()).toBe(1);
    p.repo.write('server/main.ts', 'export const main = 1;\n');
    p.repo.commitAll('server change');
    expect(p.push().code).toBe(0);
    expect(p.builds()).toBe(2);
  });

  it('in a sub-package set up with `shipguard init` there, builds that package (in place and in a worktree)', () => {
    const repo = createRepo({ init: false });
    repo.write('server/package.json', JSON.stringify({ name: 'server', private: true, scripts: { build: 'node ../scripts/count-build.mjs' } }));
    cpSync(path.join(FIXTURES, 'count-build.mjs'), repo.path('scripts', 'count-build.mjs'));
    installShipguard(repo.path('server'));
    expect(repo.shipguard(['init'], { cwd: repo.path('server') }).code).toBe(0);
    repo.write('server/.gitignore', 'node_modules/\n');
    repo.commitAll('server package');
    repo.addBareRemote();
    const counterFile = path.join(tempDir(), 'builds');
    const env = { COUNTER_FILE: counterFile };
    const push = repo.git(['push', 'origin', 'feature'], { env });
    expect(push.output).toContain('✔ required-build: npm run build passed');
    expect(push.code).toBe(0);
    repo.write('server/app.js', 'export {};\n');
    repo.commitAll('app');
    repo.write('server/draft.js', 'dirty\n');
    expect(repo.git(['push', 'origin', 'feature'], { env }).code).toBe(0);
    const runs = readFileSync(counterFile, 'utf8').trim().split('\n');
    expect(runs).toHaveLength(2);
    expect(runs[0]).toBe(`built in ${repo.path('server')}`);
    expect(runs[1]).toMatch(/^built in .*shipguard-build-\d+-\w+\/server$/);
  });

  it('`shipguard build` typed in a subfolder builds the package around it', () => {
    const p = project({ scripts: COUNTING });
    p.repo.write('src/lib/util.ts', 'export const util = 1;\n');
    p.repo.commitAll('lib');
    const run = p.repo.shipguard(['build'], { env: p.env, cwd: p.repo.path('src', 'lib') });
    expect(run.code).toBe(0);
    expect(readFileSync(p.counterFile, 'utf8')).toBe(`built in ${p.repo.dir}\n`);
  });

  it('runs commands in order, argv arrays without a shell, with the configured env, and stops at the first failure', () => {
    const p = project({
      rule: {
        commands: [['node', '-e', 'console.log("first sees", process.env.STAGE_NAME)'], 'node -e "process.exit(4)"', 'node scripts/count-build.mjs'],
        env: { STAGE_NAME: 'compile $HOME' },
      },
    });
    const push = p.push();
    expect(push.code).not.toBe(0);
    expect(push.output).toContain('✔ required-build: node -e "console.log(\\"first sees\\", process.env.STAGE_NAME)" passed');
    expect(push.output).toContain('`node -e "process.exit(4)"` failed with exit code 4');
    expect(p.builds()).toBe(0);
    // Every step's output is in the full log, whose path the failure prints.
    const log = /full log: (\S+\.log)/.exec(push.output)![1]!;
    const text = p.repo.read(log);
    expect(text).toContain('first sees compile $HOME');
    expect(text).toContain('$ node -e "process.exit(4)"');
  });

  it('reports a command that does not exist', () => {
    const p = project({ rule: { commands: [['no-such-build-tool', '--prod']] } });
    const push = p.push();
    expect(push.code).not.toBe(0);
    expect(push.output).toContain('`no-such-build-tool --prod` could not start (spawn no-such-build-tool ENOENT)');
  });

  it('in CI, builds on every run unless cacheInCi is set', () => {
    const p = project({ rule: { commands: [['node', 'scripts/count-build.mjs']] } });
    const base = p.repo.gitOk(['rev-list', '--max-parents=0', 'HEAD']);
    expect(p.repo.shipguard(['ci', '--base', base], { env: p.env }).code).toBe(0);
    expect(p.repo.shipguard(['ci', '--base', base], { env: p.env }).code).toBe(0);
    expect(p.builds()).toBe(2);

    p.repo.write('.shipguardrc.json', JSON.stringify({ rules: { 'required-build': ['error', { commands: [['node', 'scripts/count-build.mjs']], cacheInCi: true }] } }));
    p.repo.commitAll('cache in ci');
    expect(p.repo.shipguard(['ci', '--base', base], { env: p.env }).code).toBe(0);
    expect(p.repo.shipguard(['ci', '--base', base], { env: p.env }).code).toBe(0);
    expect(p.builds()).toBe(3);
  });

  it('fails CI on a failing build with exit code 1', () => {
    const p = project({ scripts: { build: 'echo "src/a.ts(1,7): error TS2322: nope" && exit 2' } });
    const base = p.repo.gitOk(['rev-list', '--max-parents=0', 'HEAD']);
    const ci = p.repo.shipguard(['ci', '--base', base, '--format', 'json'], { env: p.env });
    expect(ci.code).toBe(1);
    const report = JSON.parse(ci.stdout) as { findings: { kind: string; file: string | null; line: number | null; message: string }[] };
    expect(report.findings.map((f) => [f.kind, f.file, f.line])).toEqual([
      ['build', null, null],
      ['build', 'src/a.ts', 1],
    ]);
    expect(report.findings[1]!.message).toBe('TS2322: nope');
  });
});

describe('required-build: bad config is a clear error, never a pass', () => {
  it.each([
    [{ timeoutMs: 'fast' }, 'rules.required-build.timeoutMs must be a positive integer (got "fast")'],
    [{ commands: [] }, 'rules.required-build.commands must be "auto" or a non-empty array of commands'],
    [{ smoke: { start: 'npm start' } }, 'rules.required-build.smoke must be false or an object { start, url | port,'],
    [{ isolate: 'sometimes' }, 'rules.required-build.isolate must be one of "when-needed", "always", "never" (got "sometimes")'],
    [{ timeout: 1000 }, 'rules.required-build.timeout is not a known option'],
  ])('%j', (options, message) => {
    const p = project({ rule: options as Record<string, unknown> });
    const push = p.push();
    expect(push.code).not.toBe(0);
    expect(push.output).toContain(`shipguard: config error in .shipguardrc.json: ${message}`);
    expect(push.output).not.toMatch(/\n\s+at /); // no stack trace
    expect(p.repo.shipguard(['build']).code).toBe(2);
  });

  it('an unusable smoke URL stops the push with exit 2 and says which key', () => {
    const p = project({ rule: { commands: [['node', '-e', '']], smoke: { start: 'node scripts/server.mjs', url: 'localhost:3000/health' } } });
    const run = p.repo.shipguard(['build'], { env: p.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('required-build.smoke.url "localhost:3000/health" must be an http:// or https:// URL');
    const push = p.push();
    expect(push.code).not.toBe(0);
    expect(push.output).toContain('rule required-build failed to run: required-build.smoke.url');
  });
});

describe('shipguard explain required-build', () => {
  it('prints the rule page', () => {
    const p = project();
    const explain = p.repo.shipguard(['explain', 'required-build']);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toMatch(/^# required-build/);
    expect(explain.stdout).toContain('## Options');
  });
});
