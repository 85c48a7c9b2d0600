// doctor: are shipguard's hooks active in this worktree? Follows git's effective hooks path and
// husky's indirection to the script that runs `shipguard <stage>`, and says what to do when a hook
// is missing, not executable, points elsewhere or would never reach shipguard. Read-only.
import { installCommand, packageManagerOnDisk } from '../package-manager.js';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { git } from '../git/exec.js';
import { repoInfo, type RepoInfo } from '../git/reader.js';
import { reachShipguard } from '../hooks/reach.js';
import { displayPath } from '../paths.js';
import type { Command } from './types.js';

const HOOKS = ['pre-commit', 'pre-push'] as const;
type HookName = (typeof HOOKS)[number];
/** The line husky writes into each generated `.husky/_/<hook>`: run `h`, which runs `.husky/<hook>`. */
const HUSKY_LOADER = /^\. "\$\(dirname "\$0"\)\/h"$/m;

interface Problem {
  text: string;
  fix: string;
}

interface Setup {
  repo: RepoInfo;
  configured?: string;
  /** Where git looks for hooks in this worktree (core.hooksPath resolved, or the common `hooks/`). */
  effective: string;
  /** `<project>/.husky` of the nearest project that has hook scripts, if any. */
  huskyDir?: string;
}

export const doctorCommand: Command = {
  name: 'doctor',
  usage: 'doctor',
  summary: 'Check that the hooks are active in this worktree and reach shipguard (read-only).',
  options: {},
  maxPositionals: 0,
  async run(_args, io) {
    const setup = await readSetup(io.cwd);
    const { problems, reached } = diagnose(setup, io.env);
    if (problems.length) {
      io.stdout.write(`✖ shipguard doctor: hooks are NOT active in this worktree (${setup.repo.root})\n`);
      for (const problem of problems) io.stdout.write(`  - ${problem.text}\n    → ${problem.fix}\n`);
      return 1;
    }
    const how = setup.configured ? `core.hooksPath ${setup.configured}` : 'git hooks directory';
    io.stdout.write(`✔ shipguard doctor: hooks active (${how}): ${reached.join(', ')}\n`);
    if (setup.configured && path.isAbsolute(setup.configured)) {
      io.stdout.write('  note: core.hooksPath is absolute: it breaks when the repository moves (`shipguard init` sets a relative one)\n');
    }
    return 0;
  },
};

function diagnose(setup: Setup, env: NodeJS.ProcessEnv): { problems: Problem[]; reached: string[] } {
  const where = (file: string) => displayPath(file, setup.repo.root);
  const problems: Problem[] = [];
  if (env.HUSKY === '0') problems.push({ text: 'HUSKY=0 is set: husky skips every hook', fix: 'unset HUSKY (HUSKY=0 is for CI and production installs)' });
  const reached: string[] = [];
  const hookProblems: Problem[] = [];
  if (!existsSync(setup.effective)) hookProblems.push(missingHooksDir(setup, where));
  else {
    for (const hook of HOOKS) {
      const result = inspectHook(setup, hook, where);
      if (typeof result === 'string') reached.push(result);
      else hookProblems.push(result);
    }
  }
  // Hooks that reach shipguard through another path are fine; otherwise the path is the cause.
  const elsewhere = hookProblems.length ? otherHooksPath(setup, where) : undefined;
  problems.push(...(elsewhere ? [elsewhere] : hookProblems));
  return { problems, reached };
}

async function readSetup(cwd: string): Promise<Setup> {
  const repo = await repoInfo(cwd);
  const [configured, effective, tracked] = await Promise.all([
    git(['config', '--type=path', '--get', 'core.hooksPath'], { cwd: repo.root, allowFailure: true }),
    git(['rev-parse', '--path-format=absolute', '--git-path', 'hooks'], { cwd: repo.root }),
    git(['ls-files', '-z', '--', ...HOOKS.map((hook) => `:(glob)**/.husky/${hook}`)], { cwd: repo.root }),
  ]);
  const value = configured.code === 0 ? configured.stdout.toString('utf8').trim() : '';
  const trackedDirs = tracked.stdout.toString('utf8').split('\0').filter(Boolean).map((file) => path.join(repo.root, path.dirname(file)));
  return {
    repo,
    configured: value || undefined,
    effective: effective.stdout.toString('utf8').trim(),
    huskyDir: findHuskyDir(cwd, repo.root) ?? (new Set(trackedDirs).size === 1 ? trackedDirs[0] : undefined),
  };
}

/** The nearest `.husky` with a pre-commit or pre-push script, from `cwd` up to the repository root. */
function findHuskyDir(cwd: string, root: string): string | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const husky = path.join(dir, '.husky');
    if (HOOKS.some((hook) => existsSync(path.join(husky, hook)))) return husky;
    if (dir === root || path.dirname(dir) === dir) return undefined;
  }
}

/** The script that reaches shipguard (as a display path), or what is wrong with this hook. */
function inspectHook(setup: Setup, hook: HookName, where: (file: string) => string): string | Problem {
  const file = path.join(setup.effective, hook);
  if (!existsSync(file)) return { text: `${hook}: git finds no hook at ${where(file)}, so nothing runs`, fix: installFix(setup, where) };
  if (!isExecutable(file)) return { text: `${hook}: ${where(file)} is not executable, so git skips it`, fix: `chmod +x ${where(file)}` };
  let script = file;
  if (HUSKY_LOADER.test(readFileSync(file, 'utf8'))) {
    // husky's `h` runs `<dir of _>/<hook>` and exits 0 when that file does not exist.
    script = path.join(path.dirname(setup.effective), hook);
    if (!existsSync(script)) return { text: `${hook}: husky runs ${where(script)}, which does not exist, so the hook does nothing`, fix: installFix(setup, where) };
  }
  const reach = reachShipguard(readFileSync(script, 'utf8'), hook);
  if (reach.reached) return `${hook} → ${where(script)}:${reach.line}`;
  const line = hook === 'pre-push' ? 'shipguard pre-push "$@"' : 'shipguard pre-commit';
  const fix = reach.line
    ? `remove line ${reach.line} of ${where(script)}, make it conditional, or move \`${line}\` above it`
    : `add \`${line}\` to ${where(script)} (or run \`npx shipguard init\`)`;
  return { text: `${hook}: ${where(script)} never runs shipguard: ${reach.reason}`, fix };
}

function missingHooksDir(setup: Setup, where: (file: string) => string): Problem {
  if (setup.huskyDir && path.resolve(setup.effective) === path.join(setup.huskyDir, '_')) {
    const project = projectLabel(setup);
    return {
      text: `${where(setup.effective)} does not exist: husky generates it on install and git does not track it (a new worktree, or a clone not installed yet)`,
      fix: `run \`${installCommand(packageManagerOnDisk([path.dirname(setup.huskyDir), setup.repo.root]))}\` in ${project} (its prepare script runs husky); \`npx shipguard init\` adds a post-checkout hook that does this for every new worktree`,
    };
  }
  return { text: `the hooks directory ${where(setup.effective)} does not exist (core.hooksPath ${setup.configured ?? 'unset'})`, fix: installFix(setup, where) };
}

/** core.hooksPath is not where this project's husky hooks are: another hook manager or a stale path. */
function otherHooksPath(setup: Setup, where: (file: string) => string): Problem | undefined {
  if (!setup.huskyDir) {
    return { text: 'no .husky/pre-commit or .husky/pre-push here: shipguard\'s hooks are not set up', fix: 'run `npx shipguard init` in your package directory and commit the files' };
  }
  const expected = path.join(setup.huskyDir, '_');
  if (path.resolve(setup.effective) === expected) return undefined;
  const current = setup.configured ? `core.hooksPath is "${setup.configured}"` : 'core.hooksPath is not set';
  return {
    text: `${current}, so git runs hooks from ${where(setup.effective)}, not from ${where(expected)} where shipguard's hooks are (another hook manager, or a stale path)`,
    fix: `run \`npx shipguard init\` (or \`npm run prepare\`) in ${projectLabel(setup)}, or call shipguard from the other hook manager`,
  };
}

function installFix(setup: Setup, where: (file: string) => string): string {
  if (!setup.huskyDir) return 'run `npx shipguard init` in your package directory';
  return `run \`npx shipguard init\` in ${projectLabel(setup)} (it installs ${where(path.join(setup.huskyDir, '_'))})`;
}

/** The package directory holding `.husky`, for messages. */
function projectLabel(setup: Setup): string {
  const relative = path.relative(setup.repo.root, path.dirname(setup.huskyDir!)).split(path.sep).join('/');
  return relative || 'the repository root';
}

function isExecutable(file: string): boolean {
  if (process.platform === 'win32') return true; // Git for Windows runs hooks without the mode bit
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
