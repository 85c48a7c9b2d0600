// Finds and loads config files with cosmiconfig. JS configs load with native import(); TypeScript
// configs are compiled by jiti once and cached privately (./typescript.ts). Every loader error
// becomes one line naming the file and, when the parser knows it, the line and column.
import { cosmiconfig, cosmiconfigSync, defaultLoaders, defaultLoadersSync, type Loader, type LoaderSync } from 'cosmiconfig';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors.js';
import { loadBuiltinPreset } from './builtin-preset.js';
import { displayPath } from '../paths.js';
import { waitFor } from '../pending.js';
import { importWithJiti, loadTypeScriptConfig } from './typescript.js';

export const MODULE_NAME = 'shipguard';

export const SEARCH_PLACES = [
  'package.json',
  '.shipguardrc',
  '.shipguardrc.json',
  '.shipguardrc.yaml',
  '.shipguardrc.yml',
  '.shipguardrc.js',
  '.shipguardrc.mjs',
  '.shipguardrc.cjs',
  'shipguard.config.ts',
  'shipguard.config.mts',
  'shipguard.config.cts',
  'shipguard.config.js',
  'shipguard.config.mjs',
  'shipguard.config.cjs',
];

/**
 * How long a JS or TS config, preset or plugin module may take to load. Its top-level code runs in
 * this process: an await that never settles would otherwise hang the hook (or, with nothing left
 * to wait on, end the process with exit code 0).
 */
const LOAD_TIMEOUT_MS = 30_000;

export interface LoadedFile {
  filepath: string;
  config: unknown;
}

/**
 * The project's config file, searched from `cwd` up to the nearest package.json. `commonDir` (the
 * git common dir) is where compiled TypeScript configs are cached; without it nothing is.
 */
export async function findConfig(cwd: string, root: string, commonDir?: string): Promise<LoadedFile | undefined> {
  try {
    const located = locator().search(cwd);
    if (located && !isModule(located.filepath)) return { filepath: located.filepath, config: located.config };
    const loaded = located && (await explorer(root, commonDir).load(located.filepath));
    // A module that loads empty (exporting nothing) is passed over: the full search decides.
    const result = !located || loaded?.isEmpty ? await explorer(root, commonDir).search(cwd) : loaded;
    return result ? { filepath: result.filepath, config: result.config } : undefined;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    // A package.json that does not parse fails inside cosmiconfig's search, before our loaders.
    const [, kind, file] = /^(JSON|YAML) Error in (.+?):\s/.exec(error instanceof Error ? error.message : '') ?? [];
    if (file) throw await describe(error, file, readFileSync(file, 'utf8'), root, kind);
    throw new ConfigError('config', firstLine(error));
  }
}

/** A specific config or preset file. */
export async function loadConfigFile(filepath: string, root: string, commonDir?: string): Promise<LoadedFile> {
  if (!existsSync(filepath)) throw new ConfigError(displayPath(filepath, root), 'the file does not exist');
  const builtin = loadBuiltinPreset(filepath);
  if (builtin !== undefined) return { filepath, config: builtin };
  try {
    const result = await explorer(root, commonDir).load(filepath);
    return { filepath, config: result?.config ?? {} };
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    // cosmiconfig's own errors (file missing, unknown extension) happen before a loader runs.
    throw new ConfigError(displayPath(filepath, root), firstLine(error));
  }
}

const MODULE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];

function isModule(filepath: string): boolean {
  return MODULE_EXTENSIONS.includes(path.extname(filepath));
}

/**
 * The search with synchronous reads: cosmiconfig's async search awaits one readFile per search
 * place in turn, each answered only when the event loop gets to it (~10 ms of a hook run while git
 * and the rules' set-up keep it busy). JSON and YAML files are parsed here (a parse error is
 * described by findConfig as before); a JS or TS config is only named, and `explorer` loads it.
 */
function locator() {
  const named: LoaderSync = () => ({});
  const modules = Object.fromEntries(MODULE_EXTENSIONS.map((extension) => [extension, named]));
  const yaml = defaultLoadersSync['.yaml'];
  return cosmiconfigSync(MODULE_NAME, {
    searchPlaces: SEARCH_PLACES,
    searchStrategy: 'project',
    cache: false,
    loaders: { ...modules, '.json': defaultLoadersSync['.json'], '.yaml': yaml, '.yml': yaml, noExt: yaml },
  });
}

function explorer(root: string, commonDir: string | undefined) {
  const importTypeScript: Loader = (filepath, content) => loadTypeScriptConfig(filepath, content, commonDir);
  const wrap = (loader: Loader, kind?: string): Loader => {
    return async (filepath, content) => {
      try {
        return await loader(filepath, content);
      } catch (error) {
        if (error instanceof ConfigError) throw error;
        throw await describe(error, filepath, content, root, kind);
      }
    };
  };
  // Modules run code: limit how long that code may keep the load from settling.
  const timed = (loader: Loader): Loader => {
    return (filepath, content) => {
      const where = displayPath(filepath, root);
      const limit = loadTimeout();
      return waitFor(where, Promise.resolve(loader(filepath, content)), limit, () => {
        return new ConfigError(where, `still loading after ${limit / 1000} s (a top-level await that never settles?); nothing was checked`);
      });
    };
  };
  return cosmiconfig(MODULE_NAME, {
    searchPlaces: SEARCH_PLACES,
    searchStrategy: 'project',
    cache: false,
    loaders: {
      '.json': wrap(defaultLoaders['.json'], 'JSON'),
      '.yaml': wrap(defaultLoaders['.yaml'], 'YAML'),
      '.yml': wrap(defaultLoaders['.yml'], 'YAML'),
      noExt: wrap(defaultLoaders.noExt, 'YAML'),
      '.js': wrap(timed(importModule)),
      '.mjs': wrap(timed(importModule)),
      '.cjs': wrap(timed(importModule)),
      '.ts': wrap(timed(importTypeScript)),
      '.mts': wrap(timed(importTypeScript)),
      '.cts': wrap(timed(importTypeScript)),
    },
  });
}

/** SHIPGUARD_LOAD_TIMEOUT_MS overrides the limit (a slow machine, or a test). */
function loadTimeout(): number {
  const value = Number(process.env.SHIPGUARD_LOAD_TIMEOUT_MS);
  return Number.isInteger(value) && value > 0 ? value : LOAD_TIMEOUT_MS;
}

async function importModule(filepath: string): Promise<unknown> {
  const module = (await import(pathToFileURL(filepath).href)) as { default?: unknown };
  return module.default ?? module;
}

/** A JSON file outside the config search (init's package.json), reported like a config's. */
export function jsonError(error: unknown, filepath: string, content: string, root: string): Promise<ConfigError> {
  return describe(error, filepath, content, root, 'JSON');
}

/** One line: `file:line:col: detail` when the position is known. */
async function describe(error: unknown, filepath: string, content: string, root: string, kind?: string): Promise<ConfigError> {
  let detail = firstLine(error);
  let position = locate(error, filepath, content);
  if (error instanceof SyntaxError && !position && /\.[cm]?js$/.test(filepath)) {
    // Node's import() names no position for a syntax error; jiti's parser does.
    try {
      await importWithJiti(filepath);
    } catch (parseError) {
      position = locate(parseError, filepath, content);
      detail = firstLine(parseError);
    }
  }
  detail = detail
    .replace(/^(JSON|YAML) Error in [^:]+:\s*/, '')
    .replace(/ while parsing [^]*/, '')
    .replace(/ at position \d+/, '')
    .replace(/(?<!\s)\s*\(\d+:\d+\)$/, '')
    .replace(/^(Error: )?(ParseError|SyntaxError|YAMLException|JSONError): /, '')
    .split(filepath)
    .join(displayPath(filepath, root))
    .trim();
  const where = displayPath(filepath, root) + (position ? `:${position.line}:${position.column}` : '');
  return new ConfigError(where, kind ? `invalid ${kind}: ${detail}` : detail);
}

interface Position {
  line: number;
  column: number;
}

/** Finds a line/column in the many shapes parsers report them. */
function locate(error: unknown, filepath: string, content: string): Position | undefined {
  const text = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
  const offset = /at position (\d+)/.exec(text);
  if (offset) return positionOf(content, Number(offset[1]));
  const yaml = /\((\d+):(\d+)\)/.exec(text);
  if (yaml) return { line: Number(yaml[1]), column: Number(yaml[2]) };
  for (const name of [pathToFileURL(filepath).href, filepath]) {
    const at = new RegExp(`${escape(name)}:(\\d+):(\\d+)`).exec(text);
    if (at) return { line: Number(at[1]), column: Number(at[2]) };
  }
  return undefined;
}

function positionOf(content: string, offset: number): Position {
  const before = content.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split('\n').map((line) => line.trim());
  // cosmiconfig puts "JSON Error in <file>:" and a code frame before the parser's message.
  return lines.find((line) => line && !/^(JSON|YAML) Error in /.test(line) && !/^[>|\d-]/.test(line) && !/^\^/.test(line)) ?? message;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
