// init: husky 9 hooks (lint-staged first when the project uses it), the `prepare` script, and a
// starter config. Idempotent: a second run changes nothing; existing hook lines are kept.
import { installCommand, packageManagerOnDisk } from '../package-manager.js';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonError, SEARCH_PLACES } from '../config/load.js';
import { EXTENDS_NOTHING_NOTICE, existingConfigExtendsNothing } from '../config/origin.js';
import { builtinRules } from '../rules/index.js';
import { isPlainObject, show } from '../config/schema.js';
import { ConfigError, GitError, UsageError } from '../errors.js';
import { displayPath } from '../paths.js';
import { repoInfo } from '../git/reader.js';
import type { Command, CommandIO } from './types.js';

const LINT_STAGED_FILES = [
  '.lintstagedrc',
  '.lintstagedrc.json',
  '.lintstagedrc.yaml',
  '.lintstagedrc.yml',
  '.lintstagedrc.mjs',
  '.lintstagedrc.cjs',
  '.lintstagedrc.js',
  'lint-staged.config.js',
  'lint-staged.config.mjs',
  'lint-staged.config.cjs',
  'lint-staged.config.ts',
  'lint-staged.config.mts',
  'lint-staged.config.cts',
];

/** Boilerplate of husky 4-8 that husky 9 deprecates (and v10 will fail on). */
const DEPRECATED_HUSKY_LINES = [/^#!\/usr\/bin\/env sh$/, /^\. "\$\(dirname -- "\$0"\)\/_\/husky\.sh"$/];

interface PackageJson {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  'lint-staged'?: unknown;
  shipguard?: unknown;
  [key: string]: unknown;
}

export const initCommand: Command = {
  name: 'init',
  usage: 'init [--config-format ts|mjs|json]',
  summary: 'Set up husky pre-commit and pre-push hooks and a starter shipguard config.',
  options: { 'config-format': { type: 'string' } },
  maxPositionals: 0,
  async run(args, io) {
    const format = (args.values['config-format'] as string | undefined) ?? undefined;
    if (format && !['ts', 'mjs', 'json'].includes(format)) throw new UsageError(`--config-format must be ts, mjs or json (got "${format}")`);
    return init(io, format as ConfigFormat | undefined);
  },
};

type ConfigFormat = 'ts' | 'mjs' | 'json';

/** package.json as an object, or a one-line error naming it (never "internal error"). */
async function parsePackageJson(file: string, raw: string, root: string): Promise<PackageJson> {
  let pkg: unknown;
  try {
    pkg = JSON.parse(raw);
  } catch (error) {
    throw await jsonError(error, file, raw, root);
  }
  const where = displayPath(file, root);
  if (!isPlainObject(pkg)) throw new ConfigError(where, `must hold a JSON object (got ${show(pkg)})`);
  for (const key of ['scripts', 'dependencies', 'devDependencies']) {
    if (pkg[key] !== undefined && !isPlainObject(pkg[key])) throw new ConfigError(where, `${key} must be an object (got ${show(pkg[key])})`);
  }
  return pkg as PackageJson;
}

async function init(io: CommandIO, requestedFormat: ConfigFormat | undefined): Promise<number> {
  let repo;
  try {
    repo = await repoInfo(io.cwd);
  } catch (error) {
    if (error instanceof GitError) throw new UsageError('init must run inside a git repository (run `git init` first)');
    throw error;
  }
  const packageFile = path.join(io.cwd, 'package.json');
  if (!existsSync(packageFile)) throw new UsageError(`init needs a package.json in ${io.cwd} (run \`npm init -y\` first)`);
  const done: string[] = [];
  const raw = readFileSync(packageFile, 'utf8');
  const pkg = await parsePackageJson(packageFile, raw, repo.root);

  // The project directory relative to the repository root ('' at the root): husky runs from the root.
  const projectDir = path.relative(repo.root, io.cwd).split(path.sep).join('/');
  const huskyDir = projectDir ? `${projectDir}/.husky` : '.husky';
  // `cd` climbs with `..` only; the husky directory is the user's path and must be quoted.
  const huskyCall = `husky ${npmScriptQuote(huskyDir)}`;
  const prepare = projectDir ? `cd ${path.relative(io.cwd, repo.root).split(path.sep).join('/')} && ${huskyCall}` : 'husky';

  const scripts = (pkg.scripts ??= {});
  if (!scripts.prepare) {
    scripts.prepare = prepare;
    done.push(`added "prepare": ${JSON.stringify(prepare)} to package.json`);
  } else if (!/\bhusky\b/.test(scripts.prepare)) {
    scripts.prepare = `${scripts.prepare} && ${prepare}`;
    done.push(`appended husky to the "prepare" script`);
  } else if (projectDir && huskyCall !== `husky ${huskyDir}` && scripts.prepare.includes(`husky ${huskyDir}`)) {
    // An earlier init wrote the path unquoted: the shell split it and husky set a wrong core.hooksPath.
    scripts.prepare = scripts.prepare.replace(`husky ${huskyDir}`, huskyCall);
    done.push(`quoted the husky directory in the "prepare" script: ${JSON.stringify(scripts.prepare)}`);
  }
  // `prepare: husky` needs husky's bin at the top of node_modules. npm and yarn hoist shipguard's own
  // husky there, so declaring it again would only make the lockfile disagree with package.json.
  // Strict layouts (pnpm) do not hoist: there husky must be a devDependency of the project.
  const hoisted = [io.cwd, repo.root].some((dir) => existsSync(path.join(dir, 'node_modules', 'husky', 'package.json')));
  if (!hoisted && !pkg.devDependencies?.husky && !pkg.dependencies?.husky) {
    const huskyVersion = await ownHuskyVersion();
    (pkg.devDependencies ??= {}).husky = `^${huskyVersion}`;
    done.push(`added husky@^${huskyVersion} to devDependencies: run your package manager's install so the lockfile has it`);
  }
  const indent = /^\{\n(\s+)"/.exec(raw)?.[1] ?? '  ';
  const updated = `${JSON.stringify(pkg, null, indent)}\n`;
  if (updated !== raw) writeFileSync(packageFile, updated);

  // Install the hooks now with shipguard's own husky, so they work before the next install.
  const installError = await installHusky(repo.root, huskyDir);
  if (installError) throw new UsageError(`husky could not install the hooks: ${installError}`);

  const usesLintStaged = pkg['lint-staged'] !== undefined || LINT_STAGED_FILES.some((file) => existsSync(path.join(io.cwd, file)));
  const cd = projectDir ? `cd ${shellQuote(projectDir)} && ` : '';
  const hooksDir = path.join(io.cwd, '.husky');
  mkdirSync(hooksDir, { recursive: true });
  const preCommit = [...(usesLintStaged ? [`${cd}lint-staged`] : []), `${cd}shipguard pre-commit`];
  if (writeHook(path.join(hooksDir, 'pre-commit'), preCommit)) done.push(`wrote ${huskyDir}/pre-commit`);
  if (writeHook(path.join(hooksDir, 'pre-push'), [`${cd}shipguard pre-push "$@"`])) done.push(`wrote ${huskyDir}/pre-push`);
  if (writeHook(path.join(hooksDir, 'post-checkout'), worktreeSetup(huskyDir))) done.push(`wrote ${huskyDir}/post-checkout (sets up hooks in new git worktrees)`);

  const existingConfig = SEARCH_PLACES.find((place) =>
    place === 'package.json' ? pkg.shipguard !== undefined : existsSync(path.join(io.cwd, place)),
  );
  if (!existingConfig) {
    const format = requestedFormat ?? (existsSync(path.join(io.cwd, 'tsconfig.json')) ? 'ts' : 'mjs');
    const file = format === 'json' ? '.shipguardrc.json' : `shipguard.config.${format}`;
    writeFileSync(path.join(io.cwd, file), starterConfig(format));
    done.push(`wrote ${file} (extends shipguard/presets/recommended)`);
  }

  if (done.length === 0) {
    io.stdout.write('shipguard init: already set up, nothing changed.\n');
  } else {
    io.stdout.write(`shipguard init:\n${done.map((line) => `  - ${line}`).join('\n')}\n`);
    if (usesLintStaged) io.stdout.write('  lint-staged runs first in the pre-commit hook, then shipguard checks what it staged.\n');
    const install = installCommand(packageManagerOnDisk([io.cwd, repo.root]));
    io.stdout.write(`Next: commit these files so the whole team gets the hooks on \`${install}\`.\n`);
  }
  if (existingConfig && (await existingConfigExtendsNothing(io.cwd, builtinRules))) io.stdout.write(`Notice: ${EXTENDS_NOTHING_NOTICE}.\n`);
  return 0;
}

/**
 * Adds `lines` to a hook file, keeping what is there. A line counts as present when the file already
 * has it (or, for lint-staged, any line running lint-staged). Returns true when the file changed.
 */
function writeHook(file: string, lines: string[], lintStaged = /(^|\s)lint-staged\b/): boolean {
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const existing = (before ?? '').split('\n').filter((line) => !DEPRECATED_HUSKY_LINES.some((re) => re.test(line.trim())));
  while (existing.length && existing[existing.length - 1] === '') existing.pop();
  const has = (line: string) =>
    existing.some((current) => current.trim() === line || (lintStaged.test(line) && lintStaged.test(current)) || sameCommand(current, line));
  const missing = lines.filter((line) => !has(line));
  const content = `${[...existing, ...missing].join('\n')}\n`;
  if (content === before) return false;
  writeFileSync(file, content, { mode: 0o755 });
  return true;
}

/** `npx shipguard pre-commit` and `shipguard pre-commit` are the same hook line. */
function sameCommand(current: string, wanted: string): boolean {
  const command = /shipguard (pre-commit|pre-push)/.exec(wanted)?.[0];
  return command !== undefined && new RegExp(`\\b${command}\\b`).test(current);
}

async function installHusky(root: string, huskyDir: string): Promise<string> {
  const { default: husky } = (await import('husky')) as { default: (dir?: string) => string };
  const previous = process.cwd();
  process.chdir(root);
  try {
    return husky(huskyDir);
  } finally {
    process.chdir(previous);
  }
}

async function ownHuskyVersion(): Promise<string> {
  // husky's `exports` hides package.json from require.resolve; find it next to its entry point.
  const entry = fileURLToPath(import.meta.resolve('husky'));
  return (JSON.parse(readFileSync(path.join(path.dirname(entry), 'package.json'), 'utf8')) as { version: string }).version;
}

function shellQuote(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Quotes a path for an npm script, run by sh on POSIX and by cmd.exe on Windows. Double quotes mean
 * the same in both unless the path holds a character one of them expands inside them ($ ` \ " in sh,
 * % in cmd); such a path gets POSIX single quotes (npm on Windows then needs a POSIX script-shell).
 */
function npmScriptQuote(text: string): string {
  if (/^[\w./-]+$/.test(text)) return text;
  return /["$`\\%\n]/.test(text) ? shellQuote(text) : `"${text}"`;
}

/**
 * post-checkout lines that give a new `git worktree` husky's generated `_` directory. core.hooksPath
 * is relative, so each worktree looks for hooks in its own `.husky/_`, which git does not track; git
 * runs the post-checkout hook of the worktree that ran `git worktree add`, in the new worktree, so
 * the hook copies its own `_` there. Plain sh: the new worktree may have no node_modules yet.
 */
function worktreeSetup(huskyDir: string): string[] {
  return [
    '# shipguard: hooks for a new git worktree (husky generates .husky/_ and git does not track it)',
    `d=${shellQuote(huskyDir)}; s="$(dirname -- "$0")/_"; [ -d "$d/_" ] || [ ! -d "$d" ] || [ ! -d "$s" ] || cp -R "$s" "$d/"`,
  ];
}

function starterConfig(format: ConfigFormat): string {
  if (format === 'json') {
    return `${JSON.stringify({ extends: ['shipguard/presets/recommended'], rules: {} }, null, 2)}\n`;
  }
  return `import { defineConfig } from 'shipguard';

// Docs: npx shipguard explain <rule>, and node_modules/shipguard/docs/config.md
export default defineConfig({
  extends: ['shipguard/presets/recommended'],
  rules: {
    // 'commit-size': ['error', { maxLines: 300 }],
    // 'protected-branch': ['error', { branches: ['main', 'release/*'] }],
  },
});
`;
}
