// init: husky 9 hooks (lint-staged first when the project uses it), the `prepare` script, and a
// starter config. Idempotent: a second run changes nothing; existing hook lines are kept.
// Where another hook manager already runs the hooks, shipguard is added to it instead (--force: husky).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { jsonError, SEARCH_PLACES } from '../config/load.js';
import { EXTENDS_NOTHING_NOTICE, existingConfigExtendsNothing } from '../config/origin.js';
import { builtinRules } from '../rules/index.js';
import { isPlainObject, show } from '../config/schema.js';
import { ConfigError, GitError, UsageError } from '../errors.js';
import { displayPath } from '../paths.js';
import { repoInfo } from '../git/reader.js';
import { git } from '../git/exec.js';
import { addHookLines, describeEdit } from '../hooks/hook-script.js';
import { integrate } from '../hooks/integrate.js';
import { detectHookManagers, type HookManager } from '../hooks/managers.js';
import { packageManager, type PackageManager } from '../hooks/package-manager.js';
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
  usage: 'init [--config-format ts|mjs|json] [--force]',
  summary: 'Set up pre-commit and pre-push hooks (husky, or the hook manager already in use) and a starter shipguard config.',
  options: { 'config-format': { type: 'string' }, force: { type: 'boolean' } },
  maxPositionals: 0,
  async run(args, io) {
    const format = (args.values['config-format'] as string | undefined) ?? undefined;
    if (format && !['ts', 'mjs', 'json'].includes(format)) throw new UsageError(`--config-format must be ts, mjs or json (got "${format}")`);
    return init(io, format as ConfigFormat | undefined, args.values.force === true);
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

async function init(io: CommandIO, requestedFormat: ConfigFormat | undefined, force: boolean): Promise<number> {
  let repo;
  try {
    repo = await repoInfo(io.cwd);
  } catch (error) {
    if (error instanceof GitError) throw new UsageError('init must run inside a git repository (run `git init` first)');
    throw error;
  }
  const packageFile = path.join(io.cwd, 'package.json');
  if (!existsSync(packageFile)) throw new UsageError(`init needs a package.json in ${io.cwd} (run \`npm init -y\` first)`);
  const raw = readFileSync(packageFile, 'utf8');
  const pkg = await parsePackageJson(packageFile, raw, repo.root);
  const pm = packageManager(pkg.packageManager, io.cwd, repo.root);
  // The project directory relative to the repository root ('' at the root): hooks run from the root.
  const projectDir = path.relative(repo.root, io.cwd).split(path.sep).join('/');
  const show = (file: string) => displayPath(file, repo.root);

  const managers = await detectHookManagers({ projectDir: io.cwd, repoRoot: repo.root, pkg, huskyDir: path.join(io.cwd, '.husky') });
  const done: string[] = [];
  const next: string[] = [];
  let usesLintStaged = false;
  if (managers.length && !force) {
    for (const manager of managers) {
      const result = integrate(manager, { repoRoot: repo.root, projectDir, pm, show });
      done.push(...result.done);
      if (result.done.length) next.push(...result.next);
    }
  } else {
    if (managers.length) done.push(`--force: husky now runs the hooks (core.hooksPath); ${managers.map((manager) => describeManager(manager, show)).join(', ')} no longer run${managers.length === 1 ? 's' : ''}`);
    usesLintStaged = await setUpHusky(io.cwd, repo.root, projectDir, pkg, raw, pm, done);
  }

  const existingConfig = SEARCH_PLACES.find((place) =>
    place === 'package.json' ? pkg.shipguard !== undefined : existsSync(path.join(io.cwd, place)),
  );
  const prismaSchema = await prismaSchemaInIndex(repo.root, projectDir);
  if (!existingConfig) {
    const format = requestedFormat ?? (existsSync(path.join(io.cwd, 'tsconfig.json')) ? 'ts' : 'mjs');
    const file = format === 'json' ? '.shipguardrc.json' : `shipguard.config.${format}`;
    // The prisma preset's rules load Prisma's schema engine from @prisma/internals.
    const prismaReady = prismaSchema !== undefined && (pkg.devDependencies?.['@prisma/internals'] ?? pkg.dependencies?.['@prisma/internals']) !== undefined;
    const preset = prismaReady ? 'prisma' : 'recommended';
    writeFileSync(path.join(io.cwd, file), starterConfig(format, preset));
    done.push(`wrote ${file} (extends shipguard/presets/${preset}${prismaReady ? `, as ${prismaSchema} is in the index` : ''})`);
  }

  if (done.length === 0) {
    io.stdout.write('shipguard init: already set up, nothing changed.\n');
  } else {
    io.stdout.write(`shipguard init:\n${done.map((line) => `  - ${line}`).join('\n')}\n`);
    if (usesLintStaged) io.stdout.write('  lint-staged runs first in the pre-commit hook, then shipguard checks what it staged.\n');
    if (next.length) io.stdout.write(`Next: run ${[...new Set(next)].map((command) => `\`${command}\``).join(' and ')} so git runs the updated hooks, then commit these files.\n`);
    else io.stdout.write(`Next: commit these files so the whole team gets the hooks on \`${pm.install}\`.\n`);
  }
  const configFile = existingConfig ?? readdirSync(io.cwd).find((name) => SEARCH_PLACES.includes(name) && name !== 'package.json');
  if (prismaSchema && configFile && !namesPrismaPreset(io.cwd, configFile, pkg)) {
    io.stdout.write(`Tip: ${prismaSchema} is in the index: add 'shipguard/presets/prisma' to extends in ${configFile} for the Prisma migration and query checks (it needs @prisma/internals: \`${addDev(pm)} @prisma/internals\`).\n`);
  }
  if (existingConfig && (await existingConfigExtendsNothing(io.cwd, builtinRules))) io.stdout.write(`Notice: ${EXTENDS_NOTHING_NOTICE}.\n`);
  return 0;
}

/** husky 9: the `prepare` script, husky as a dependency where needed, the hook files. Returns whether lint-staged runs first. */
async function setUpHusky(cwd: string, root: string, projectDir: string, pkg: PackageJson, raw: string, pm: PackageManager, done: string[]): Promise<boolean> {
  const huskyDir = projectDir ? `${projectDir}/.husky` : '.husky';
  // `cd` climbs with `..` only; the husky directory is the user's path and must be quoted.
  const huskyCall = `husky ${npmScriptQuote(huskyDir)}`;
  const prepare = projectDir ? `cd ${path.relative(cwd, root).split(path.sep).join('/')} && ${huskyCall}` : 'husky';

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
  const hoisted = [cwd, root].some((dir) => existsSync(path.join(dir, 'node_modules', 'husky', 'package.json')));
  if (!hoisted && !pkg.devDependencies?.husky && !pkg.dependencies?.husky) {
    const huskyVersion = await ownHuskyVersion();
    (pkg.devDependencies ??= {}).husky = `^${huskyVersion}`;
    done.push(`added husky@^${huskyVersion} to devDependencies: run \`${pm.install}\` so the lockfile has it`);
  }
  const indent = /^\{\n(\s+)"/.exec(raw)?.[1] ?? '  ';
  const updated = `${JSON.stringify(pkg, null, indent)}\n`;
  if (updated !== raw) writeFileSync(path.join(cwd, 'package.json'), updated);

  // Install the hooks now with shipguard's own husky, so they work before the next install.
  const installError = await installHusky(root, huskyDir);
  if (installError) throw new UsageError(`husky could not install the hooks: ${installError}`);

  const usesLintStaged = pkg['lint-staged'] !== undefined || LINT_STAGED_FILES.some((file) => existsSync(path.join(cwd, file)));
  const cd = projectDir ? `cd ${shellQuote(projectDir)} && ` : '';
  const hooksDir = path.join(cwd, '.husky');
  mkdirSync(hooksDir, { recursive: true });
  const preCommit = [...(usesLintStaged ? [`${cd}lint-staged`] : []), `${cd}shipguard pre-commit`];
  writeHook(hooksDir, huskyDir, 'pre-commit', preCommit, done);
  writeHook(hooksDir, huskyDir, 'pre-push', [`${cd}shipguard pre-push "$@"`], done);
  writeHook(hooksDir, huskyDir, 'post-checkout', worktreeSetup(huskyDir), done, ' (sets up hooks in new git worktrees)');
  return usesLintStaged;
}

/** Adds `lines` to a husky hook where they run (before any exit/exec), and reports what it kept and removed. */
function writeHook(hooksDir: string, huskyDir: string, hook: string, lines: string[], done: string[], why = ''): void {
  const file = path.join(hooksDir, hook);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const edit = addHookLines(before, lines, { husky: true });
  if (!edit.changed) return;
  writeFileSync(file, edit.content, { mode: 0o755 });
  done.push(`${describeEdit(`${huskyDir}/${hook}`, edit, before === undefined)}${why}`);
}

function describeManager(manager: HookManager, show: (file: string) => string): string {
  if (manager.kind === 'hooks-path') return `the hooks in core.hooksPath "${manager.value}"`;
  if (manager.kind === 'git-hooks') return manager.files.map(show).join(' and ');
  return `${manager.kind === 'husky4' ? 'husky 4' : manager.kind} (${show(manager.file)})`;
}

/** A `schema.prisma` (or `prisma/schema/*.prisma`) tracked in the project, as a path from the repository root. */
async function prismaSchemaInIndex(root: string, projectDir: string): Promise<string | undefined> {
  const prefix = projectDir ? `${projectDir}/` : '';
  const listed = await git(['ls-files', '-z', '--', `:(glob)${prefix}**/schema.prisma`, `:(glob)${prefix}**/prisma/schema/*.prisma`], { cwd: root });
  return listed.stdout.toString('utf8').split('\0').find(Boolean);
}

/** The existing config names the prisma preset (read as text: a tip, not a verdict). */
function namesPrismaPreset(cwd: string, place: string, pkg: PackageJson): boolean {
  const text = place === 'package.json' ? JSON.stringify(pkg.shipguard) : readFileSync(path.join(cwd, place), 'utf8');
  return text.includes('presets/prisma');
}

function addDev(pm: PackageManager): string {
  return pm.name === 'npm' ? 'npm install -D' : `${pm.name} add -D`;
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
  // (createRequire, not import.meta.resolve: the CLI's chunks are CommonJS, see code-cache.ts.)
  const entry = createRequire(import.meta.url).resolve('husky');
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

function starterConfig(format: ConfigFormat, preset: 'recommended' | 'prisma'): string {
  if (format === 'json') {
    return `${JSON.stringify({ extends: [`shipguard/presets/${preset}`], rules: {} }, null, 2)}\n`;
  }
  return `import { defineConfig } from 'shipguard';

// Docs: npx shipguard explain <rule>, and node_modules/shipguard/docs/config.md
export default defineConfig({
  extends: ['shipguard/presets/${preset}'],
  rules: {
    // 'commit-size': ['error', { maxLines: 300 }],
    // 'protected-branch': ['error', { branches: ['main', 'release/*'] }],
  },
});
`;
}
