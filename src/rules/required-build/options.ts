// Options of required-build, their schema, and how `commands: 'auto'` and `cwd` are resolved.
import type { OptionsSchema } from '../../config/schema.js';
import type { GitReader } from '../../git/reader.js';
import { packageManagerInTree, type PackageManager } from '../../package-manager.js';

/** A shell string (`npm run build`) or an argv array run without a shell (`['node', 'build.mjs']`). */
export type CommandSpec = string | string[];

export interface SmokeOptions {
  /** Starts the server, e.g. `npm start` or `node dist/server.js`. */
  start: CommandSpec;
  /** Polled until it answers with `expectStatus`. */
  url?: string;
  /** Instead of `url`: ready when this TCP port accepts connections. */
  port?: number;
  /** Host for `port` mode. */
  host?: string;
  /** Accepted status codes; default any 2xx. */
  expectStatus?: number | number[];
  readyTimeoutMs?: number;
  /** After the first good answer, the server must stay up this long (worker start-up crashes). */
  settleMs?: number;
  env?: Record<string, string>;
}

export type Isolate = 'when-needed' | 'always' | 'never';

export interface RequiredBuildOptions {
  /** Run in order; `auto`: the package manager's `run build` when package.json has a build script. */
  commands: 'auto' | CommandSpec[];
  /** Directory the commands run in, relative to the repository root; default: where shipguard runs. */
  cwd?: string;
  env: Record<string, string>;
  /** Per command. */
  timeoutMs: number;
  /** Only require the build when a changed file matches; empty: any change except docs. */
  when: string[];
  smoke: false | SmokeOptions;
  /** When the pushed tree is not the clean working tree: build a temporary worktree, or refuse. */
  isolate: Isolate;
  /** Paths (from the repository root) linked from the working tree into a temporary worktree (node_modules folders are set up per package manager instead). */
  links: string[];
  /** Reuse a recorded pass at pre-push and in `shipguard build`. */
  cache: boolean;
  /** Reuse a recorded pass in `shipguard ci` (off: CI always builds). */
  cacheInCi: boolean;
}

export const SMOKE_DEFAULTS = { readyTimeoutMs: 30_000, settleMs: 1_000, host: '127.0.0.1', env: {} };

/**
 * The longest a build may legitimately take: every command up to its timeout, one more for preparing
 * the checkout (`auto` runs one command), and the smoke test. The rule budget adds it to ruleTimeout.
 */
export function commandTime(options: RequiredBuildOptions): number {
  const commands = options.commands === 'auto' ? 1 : options.commands.length;
  const smoke = options.smoke ? (options.smoke.readyTimeoutMs ?? SMOKE_DEFAULTS.readyTimeoutMs) + (options.smoke.settleMs ?? SMOKE_DEFAULTS.settleMs) : 0;
  return (commands + 1) * options.timeoutMs + smoke;
}

/** Changes that never need a build (the default when `when` is empty). */
export const DOCS_ONLY = [
  '*.md',
  '*.mdx',
  '*.rst',
  '*.adoc',
  'docs/**',
  'LICENSE*',
  'CHANGELOG*',
  '.github/**',
  '.husky/**',
  '.vscode/**',
  '.idea/**',
  '.editorconfig',
];

export const DEFAULT_OPTIONS: RequiredBuildOptions = {
  commands: 'auto',
  env: {},
  timeoutMs: 300_000,
  when: [],
  smoke: false,
  isolate: 'when-needed',
  links: [],
  cache: true,
  cacheInCi: false,
};

const command: OptionsSchema = {
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'array', items: { type: 'string' }, minItems: 1 },
  ],
  description: 'a shell command string or a non-empty argv array of strings',
};
const stringMap: OptionsSchema = {
  type: 'object',
  properties: {},
  additionalProperties: { type: 'string' },
  description: 'an object of string values',
};
const smokeProperties = {
  start: command,
  url: { type: 'string', minLength: 1 },
  port: { type: 'integer', minimum: 1, maximum: 65535 },
  host: { type: 'string', minLength: 1 },
  expectStatus: {
    anyOf: [
      { type: 'integer', minimum: 100, maximum: 599 },
      { type: 'array', items: { type: 'integer', minimum: 100, maximum: 599 }, minItems: 1 },
    ],
    description: 'an HTTP status code or an array of them',
  },
  readyTimeoutMs: { type: 'integer', minimum: 1 },
  settleMs: { type: 'integer', minimum: 0 },
  env: stringMap,
} as const satisfies Record<string, OptionsSchema>;

export const SCHEMA: OptionsSchema = {
  type: 'object',
  properties: {
    commands: {
      anyOf: [
        { type: 'string', enum: ['auto'] },
        { type: 'array', items: command, minItems: 1 },
      ],
      description: '"auto" or a non-empty array of commands (shell strings or argv arrays)',
    },
    cwd: { type: 'string' },
    env: stringMap,
    timeoutMs: { type: 'integer', minimum: 1 },
    when: { type: 'array', items: { type: 'string', minLength: 1 } },
    smoke: {
      anyOf: [
        { type: 'boolean', const: false },
        { type: 'object', properties: smokeProperties, required: ['start', 'url'] },
        { type: 'object', properties: smokeProperties, required: ['start', 'port'] },
      ],
      description: `false or an object { start, url | port, expectStatus?, readyTimeoutMs?, settleMs?, host?, env? }`,
    },
    isolate: { type: 'string', enum: ['when-needed', 'always', 'never'] },
    links: { type: 'array', items: { type: 'string', minLength: 1 } },
    cache: { type: 'boolean' },
    cacheInCi: { type: 'boolean' },
  },
};

/** Repository-relative directory the commands run in ('' is the root). */
export async function commandDir(options: RequiredBuildOptions, git: GitReader, commit: string): Promise<string> {
  if (options.cwd !== undefined) return options.cwd.replace(/^\.\/?/, '').replace(/\/$/, '');
  // The package shipguard runs in: a hook that `shipguard init` set up in a sub-package runs from
  // there, and `shipguard build` typed in a subfolder means the package around it. Which folders are
  // packages is read from the commit being built, never the working tree.
  const revision = { kind: 'commit' as const, sha: commit };
  for (let dir = git.repo.prefix.replace(/\/$/, ''); ; dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '') {
    if (!dir || (await git.readFile(revision, `${dir}/package.json`)) !== null) return dir;
  }
}

interface PackageJson {
  scripts?: Record<string, string>;
}

/**
 * The commands to run for `commit`. `auto` reads package.json from the commit itself (not the
 * working tree) and picks the package manager from `packageManager` or the lockfile.
 */
export async function resolveCommands(options: RequiredBuildOptions, git: GitReader, commit: string, dir: string): Promise<CommandSpec[]> {
  if (options.commands !== 'auto') return options.commands;
  const pkg = await readPackageJson(git, commit, dir);
  if (typeof pkg?.scripts?.build !== 'string') return [];
  return [`${await packageManagerOf(git, commit, dir)} run build`];
}

/** The package manager of `dir` in the pushed tree (its package.json, else the repository root's). */
export function packageManagerOf(git: GitReader, commit: string, dir: string): Promise<PackageManager> {
  return packageManagerInTree(git, { kind: 'commit', sha: commit }, [dir, '']);
}

/** A broken or missing package.json reads as undefined: the build fails on it anyway. */
async function readPackageJson(git: GitReader, commit: string, dir: string): Promise<PackageJson | undefined> {
  const text = await git.readFile({ kind: 'commit', sha: commit }, `${dir ? `${dir}/` : ''}package.json`);
  if (!text) return undefined;
  try {
    return JSON.parse(text) as PackageJson;
  } catch {
    return undefined;
  }
}

export function describeCommand(spec: CommandSpec): string {
  return typeof spec === 'string' ? spec : spec.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ');
}
