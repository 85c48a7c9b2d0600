// Projects for required-build tests: real git repositories with shipguard's hooks, a bare remote,
// and (for the TypeScript shop) the real tsc linked in. Plus process checks that prove nothing
// started by a build or a smoke test outlives it.
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { CLI, createRepo, PACKAGE_ROOT, tempDir, type TestRepo } from '../../helpers/repo.js';

export const FIXTURES = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'required-build');

// npm marks a package's bin executable when it installs it; the linked dist/cli.cjs comes straight from the build.
chmodSync(CLI, 0o755);

export interface ProjectOptions {
  /** required-build options (the recommended preset is extended). */
  rule?: Record<string, unknown>;
  /** Severity of required-build; default error. */
  severity?: string;
  /** Copy the TypeScript shop (build: tsc, start: node dist/server.js) and link typescript + @types/node. */
  shop?: boolean;
  /** package.json scripts (merged over the shop's). */
  scripts?: Record<string, string>;
  /** Other rules' settings. In a hook required-build runs only when the other rules pass. */
  otherRules?: Record<string, unknown>;
}

export interface Project {
  repo: TestRepo;
  /** Environment for every push / shipguard run: the process marker and the pid and counter files. */
  env: NodeJS.ProcessEnv;
  mark: string;
  pidFile: string;
  counterFile: string;
  /** How many times the counting build ran. */
  builds(): number;
  /** Pids the fixture scripts recorded (server, its helper, hanging build and its child). */
  pids(): number[];
  /** Pushes `args` (default `origin feature`) through the real pre-push hook. */
  push(...args: string[]): ReturnType<TestRepo['git']>;
}

let counter = 0;

// Every project made in a test is checked after it, whatever the test asserted: nothing it started
// (hook, build, server, their children) may still run.
const madeInThisTest: Project[] = [];
afterEach(() => {
  for (const made of madeInThisTest.splice(0)) expect(survivors(made.mark), `processes left by ${made.mark}`).toEqual([]);
});

export function project(options: ProjectOptions = {}): Project {
  const rule = options.rule ?? {};
  const repo = createRepo({
    config: { extends: ['shipguard/presets/recommended'], rules: { ...options.otherRules, 'required-build': [options.severity ?? 'error', rule] } },
  });
  const pkg = JSON.parse(repo.read('package.json')) as { scripts?: Record<string, string> };
  if (options.shop) {
    cpSync(path.join(FIXTURES, 'shop'), repo.dir, { recursive: true });
    linkTypeScript(repo.dir);
  }
  mkdirSync(repo.path('scripts'), { recursive: true });
  for (const script of ['server.mjs', 'hang.mjs', 'count-build.mjs']) cpSync(path.join(FIXTURES, script), repo.path('scripts', script));
  const shopScripts = options.shop ? (JSON.parse(readFileSync(path.join(FIXTURES, 'shop', 'package.json'), 'utf8')) as typeof pkg).scripts : {};
  repo.write(
    'package.json',
    `${JSON.stringify({ ...pkg, type: 'module', scripts: { ...pkg.scripts, ...shopScripts, ...options.scripts } }, null, 2)}\n`,
  );
  repo.write('.gitignore', 'node_modules/\ndist/\n');
  repo.commitAll('project');
  repo.addBareRemote();

  const dir = tempDir('shipguard-rb-');
  const mark = `rb-${process.pid}-${++counter}`;
  const pidFile = path.join(dir, 'pids');
  const counterFile = path.join(dir, 'builds');
  const env = { SHIPGUARD_TEST_MARK: mark, PID_FILE: pidFile, COUNTER_FILE: counterFile };
  const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
  const made: Project = {
    repo,
    env,
    mark,
    pidFile,
    counterFile,
    builds: () => lines(counterFile).length,
    pids: () => lines(pidFile).map((line) => Number(line.split(' ')[0])),
    push: (...args) => repo.git(['push', ...(args.length ? args : ['origin', 'feature'])], { env }),
  };
  madeInThisTest.push(made);
  return made;
}

/** typescript, @types/node and the tsc bin, linked from shipguard's own node_modules as npm would install them. */
export function linkTypeScript(dir: string): void {
  const modules = path.join(dir, 'node_modules');
  mkdirSync(path.join(modules, '@types'), { recursive: true });
  mkdirSync(path.join(modules, '.bin'), { recursive: true });
  symlinkSync(path.join(PACKAGE_ROOT, 'node_modules', 'typescript'), path.join(modules, 'typescript'), 'dir');
  symlinkSync(path.join(PACKAGE_ROOT, 'node_modules', '@types', 'node'), path.join(modules, '@types', 'node'), 'dir');
  symlinkSync('../typescript/bin/tsc', path.join(modules, '.bin', 'tsc'));
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Smoke options for scripts/server.mjs on `port`. */
export function serverSmoke(port: number, extra: Record<string, unknown> = {}, env: Record<string, string> = {}): Record<string, unknown> {
  return {
    start: 'node scripts/server.mjs',
    url: `http://127.0.0.1:${port}/health`,
    env: { PORT: String(port), ...env },
    settleMs: 300,
    ...extra,
  };
}

/**
 * A process counts as alive unless it is gone or a zombie: where PID 1 does not reap orphans (some
 * containers), a killed grandchild stays a zombie forever and `process.kill(pid, 0)` still succeeds.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return !/^\d+ \(.*\) [ZX] /s.test(safeRead(`/proc/${pid}/stat`));
}

/**
 * Every live process that carries this test's marker in its environment: anything the push, the
 * hook, the build or the server started, however deep, and whatever process group it moved to.
 */
export function survivors(mark: string): number[] {
  const needle = `SHIPGUARD_TEST_MARK=${mark}\0`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .map(Number)
    .filter((pid) => alive(pid) && safeRead(`/proc/${pid}/environ`).includes(needle));
}

/** Worktrees registered in the repository (the main one included). */
export function worktrees(repo: TestRepo): string[] {
  return repo
    .gitOk(['worktree', 'list', '--porcelain'])
    .split('\n')
    .filter((line) => line.startsWith('worktree '))
    .map((line) => line.slice('worktree '.length));
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
