// Finds and loads config files with cosmiconfig; TypeScript configs go through jiti (loaded only then).
import { cosmiconfig, type Loader } from 'cosmiconfig';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { displayPath } from '../paths.js';

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

const loadTypeScript: Loader = async (filepath) => {
  const { createJiti } = await import('jiti');
  const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: true });
  return jiti.import(filepath, { default: true });
};

const explorer = cosmiconfig(MODULE_NAME, {
  searchPlaces: SEARCH_PLACES,
  searchStrategy: 'project',
  loaders: { '.ts': loadTypeScript, '.mts': loadTypeScript, '.cts': loadTypeScript },
  cache: false,
});

export interface LoadedFile {
  filepath: string;
  config: unknown;
}

/** The project's config file, searched from `cwd` up to the nearest package.json. */
export async function findConfig(cwd: string, root: string): Promise<LoadedFile | undefined> {
  try {
    const result = await explorer.search(cwd);
    return result ? { filepath: result.filepath, config: result.config } : undefined;
  } catch (error) {
    throw loadError(error, root, guessFailedFile(error, cwd));
  }
}

/** A specific config or preset file. */
export async function loadConfigFile(filepath: string, root: string): Promise<LoadedFile> {
  try {
    const result = await explorer.load(filepath);
    return { filepath, config: result?.config ?? {} };
  } catch (error) {
    throw loadError(error, root, filepath);
  }
}

/** One line naming the file: cosmiconfig and the parsers put code frames on later lines. */
function loadError(error: unknown, root: string, filepath: string | undefined): ConfigError {
  const raw = error instanceof Error ? error.message : String(error);
  const file = filepath ? displayPath(filepath, root) : 'config';
  const lines = raw
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !/^(JSON|YAML) Error in /.test(line) && !line.startsWith('>') && !/^\d+ \|/.test(line));
  let detail = (lines[0] ?? raw).replace(/^(SyntaxError|YAMLException|JSONError|Error): /, '');
  if (filepath) detail = detail.split(filepath).join(file);
  const kind = /\.ya?ml$|\.shipguardrc$/.test(file) ? 'YAML' : /\.json$/.test(file) ? 'JSON' : undefined;
  return new ConfigError(file, kind && !/syntax|json|yaml/i.test(detail) ? `invalid ${kind}: ${detail}` : detail);
}

/** cosmiconfig's search error names the failing file in its message; find which candidate it was. */
function guessFailedFile(error: unknown, cwd: string): string | undefined {
  const message = error instanceof Error ? error.message : '';
  const match = /(?:Error in|from|loading) (\/[^\n:]+?)(?::|\n|$)/.exec(message);
  if (match?.[1]) return match[1];
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    for (const place of SEARCH_PLACES) {
      const candidate = path.join(dir, place);
      if (message.includes(candidate)) return candidate;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
