// Real git repositories in temp dirs, with shipguard "installed" the way npm would (node_modules
// links to this package), so hooks run the real CLI through husky.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The bin (package.json `bin`); dist/cli.js is the ESM entry kept for hooks that name it. */
export const CLI = path.join(PACKAGE_ROOT, 'dist', 'cli.cjs');

const created: string[] = [];
afterAll(() => {
  if (process.env.SHIPGUARD_KEEP_TMP) return;
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout + stderr, for assertions that do not care which stream. */
  output: string;
}

/** Environment for every child: no user/system git config, fixed identity, no colours, no hook env leaking in. */
export function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('GIT_') || key === 'HUSKY' || key === 'SHIPGUARD_SKIP' || key === 'FORCE_COLOR') delete env[key];
  }
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: path.join(PACKAGE_ROOT, 'test', 'helpers', 'gitconfig'),
    GIT_AUTHOR_NAME: 'Test Author',
    GIT_AUTHOR_EMAIL: 'author@shipguard.test',
    GIT_COMMITTER_NAME: 'Test Author',
    GIT_COMMITTER_EMAIL: 'author@shipguard.test',
    NO_COLOR: '1',
    // Built-in rules fail the run when they report a finding kind their meta.kinds does not declare.
    SHIPGUARD_STRICT_KINDS: '1',
    ...extra,
  };
}

function result(spawned: SpawnSyncReturns<string>): RunResult {
  if (spawned.error) throw spawned.error;
  const stdout = spawned.stdout ?? '';
  const stderr = spawned.stderr ?? '';
  return { code: spawned.status ?? 1, stdout, stderr, output: stdout + stderr };
}

export function tempDir(prefix = 'shipguard-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export interface RepoOptions {
  /** Install shipguard into node_modules and run `shipguard init` (husky hooks). Default true. */
  init?: boolean;
  /** Starting branch. Default `feature` so protected-branch stays out of the way unless tested. */
  branch?: string;
  /** Config written as .shipguardrc.json (object) before init. */
  config?: object;
  /** Link lint-staged into node_modules too. */
  lintStaged?: boolean;
  /** Create an initial commit holding package.json and the hook files. Default true. */
  initialCommit?: boolean;
}

export class TestRepo {
  constructor(readonly dir: string) {}

  path(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }

  write(file: string, content: string | Buffer): this {
    const full = this.path(file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
    return this;
  }

  read(file: string): string {
    return readFileSync(this.path(file), 'utf8');
  }

  /** Runs git; never throws (assert on `code`). */
  git(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): RunResult {
    return result(spawnSync('git', args, { cwd: this.dir, encoding: 'utf8', input: options.input, env: testEnv(options.env) }));
  }

  /** Runs git and throws with its output when it fails. */
  gitOk(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): string {
    const run = this.git(args, options);
    if (run.code !== 0) throw new Error(`git ${args.join(' ')} failed (${run.code}):\n${run.output}`);
    return run.stdout.trim();
  }

  /** Stages everything and commits, bypassing hooks (setup, not the thing under test). */
  commitAll(message: string): string {
    this.gitOk(['add', '-A']);
    this.gitOk(['commit', '-q', '--no-verify', '--allow-empty', '-m', message]);
    return this.gitOk(['rev-parse', 'HEAD']);
  }

  /** The shipguard CLI, as a user would run it. */
  shipguard(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): RunResult {
    return result(
      spawnSync(process.execPath, [CLI, ...args], {
        cwd: options.cwd ?? this.dir,
        encoding: 'utf8',
        input: options.input ?? '',
        env: testEnv(options.env),
      }),
    );
  }

  /** A bare repository beside this one, added as remote `origin`. */
  addBareRemote(name = 'origin'): string {
    const bare = tempDir('shipguard-remote-');
    result(spawnSync('git', ['init', '-q', '--bare', bare], { encoding: 'utf8', env: testEnv() }));
    this.gitOk(['remote', 'add', name, bare]);
    return bare;
  }

  /** Hash of the index file and every working-tree file: proves shipguard changed nothing. */
  snapshot(): string {
    const hash = createHash('sha256');
    const gitDir = this.gitOk(['rev-parse', '--absolute-git-dir']);
    const index = path.join(gitDir, 'index');
    hash.update(safeRead(index));
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir).sort()) {
        if (entry === '.git' || entry === 'node_modules') continue;
        const full = path.join(dir, entry);
        const stat = statSync(full, { throwIfNoEntry: false });
        if (!stat) continue;
        if (stat.isDirectory()) walk(full);
        else hash.update(full).update(readFileSync(full));
      }
    };
    walk(this.dir);
    return hash.digest('hex');
  }
}

function safeRead(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    return Buffer.alloc(0);
  }
}

/** node_modules links: shipguard itself, its bin, husky (and lint-staged when asked). */
export function installShipguard(dir: string, options: { lintStaged?: boolean } = {}): void {
  const modules = path.join(dir, 'node_modules');
  mkdirSync(path.join(modules, '.bin'), { recursive: true });
  symlinkSync(PACKAGE_ROOT, path.join(modules, 'shipguard'), 'dir');
  symlinkSync(CLI, path.join(modules, '.bin', 'shipguard'));
  symlinkSync(path.join(PACKAGE_ROOT, 'node_modules', 'husky'), path.join(modules, 'husky'), 'dir');
  if (options.lintStaged) {
    symlinkSync(path.join(PACKAGE_ROOT, 'node_modules', 'lint-staged'), path.join(modules, 'lint-staged'), 'dir');
    symlinkSync(path.join(PACKAGE_ROOT, 'node_modules', 'lint-staged', 'bin', 'lint-staged.js'), path.join(modules, '.bin', 'lint-staged'));
  }
}

/**
 * A new repository with package.json, shipguard installed and (by default) `shipguard init` run and
 * committed on branch `feature`.
 */
export function createRepo(options: RepoOptions = {}): TestRepo {
  const repo = new TestRepo(tempDir());
  repo.gitOk(['init', '-q', '-b', options.branch ?? 'feature']);
  repo.write('package.json', `${JSON.stringify({ name: 'fixture', version: '1.0.0', private: true }, null, 2)}\n`);
  repo.write('.gitignore', 'node_modules/\n');
  installShipguard(repo.dir, { lintStaged: options.lintStaged });
  if (options.config) repo.write('.shipguardrc.json', `${JSON.stringify(options.config, null, 2)}\n`);
  if (options.init ?? true) {
    const init = repo.shipguard(['init']);
    if (init.code !== 0) throw new Error(`shipguard init failed:\n${init.output}`);
  }
  if (options.initialCommit ?? true) repo.commitAll('initial');
  return repo;
}

/** `n` numbered lines of text. */
export function lines(n: number, prefix = 'line'): string {
  return Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join('\n') + '\n';
}

type Replacement = [from: string | RegExp, to: string];

/**
 * `text.replace(from, to)` for fixture edits, or several `[from, to]` pairs in order; throws when a
 * pattern matches nothing, so a test can never pass on an edit that silently did not happen.
 */
export function edit(text: string, from: string | RegExp | Replacement, to?: string | Replacement, ...more: Replacement[]): string {
  const pairs: Replacement[] = Array.isArray(from) ? [from, ...(to ? [to as Replacement] : []), ...more] : [[from, to as string]];
  return pairs.reduce((current, [pattern, replacement]) => {
    const next = current.replace(pattern, replacement);
    if (next === current) throw new Error(`fixture edit matched nothing: ${String(pattern)}`);
    return next;
  }, text);
}
