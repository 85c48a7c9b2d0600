// Resolves an `extends` entry to a file, like ESLint and commitlint: a built-in preset
// (`shipguard/presets/<name>`), a relative path, or an npm package (with shorthands).
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.js';
import { displayPath, PRESETS_DIR } from '../paths.js';

const BUILTIN_PREFIX = 'shipguard/presets/';
export const EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.json', '.yaml', '.yml'];

export function builtinPresetNames(): string[] {
  return readdirSync(PRESETS_DIR)
    .filter((file) => file.endsWith('.js'))
    .map((file) => file.slice(0, -3))
    .sort();
}

/**
 * Absolute path of the preset `spec` named in `fromFile`.
 * Package shorthands: `acme` -> `shipguard-preset-acme`, `@acme` -> `@acme/shipguard-preset`.
 */
export async function resolvePreset(spec: string, fromFile: string, root: string): Promise<string> {
  const where = displayPath(fromFile, root);
  if (spec.startsWith(BUILTIN_PREFIX)) {
    const name = spec.slice(BUILTIN_PREFIX.length).replace(/\.js$/, '');
    const file = path.join(PRESETS_DIR, `${name}.js`);
    if (/^[\w-]+$/.test(name) && existsSync(file)) return file;
    throw new ConfigError(where, `extends "${spec}" is not a built-in preset (available: ${builtinPresetNames().map((n) => BUILTIN_PREFIX + n).join(', ')})`);
  }
  if (spec.startsWith('.') || path.isAbsolute(spec)) {
    const file = resolveLocal(path.resolve(path.dirname(fromFile), spec));
    if (file) return file;
    throw new ConfigError(where, `extends "${spec}" does not exist (looked for ${displayPath(path.resolve(path.dirname(fromFile), spec), root)}{${EXTENSIONS.join(',')}})`);
  }
  const candidates = packageCandidates(spec);
  const { resolve } = await import('import-meta-resolve');
  const parent = pathToFileURL(fromFile).href;
  for (const candidate of candidates) {
    try {
      return fileURLToPath(resolve(candidate, parent));
    } catch {
      // try the next shorthand
    }
  }
  throw new ConfigError(where, `extends "${spec}" could not be resolved (tried ${candidates.join(', ')}); is the package installed?`);
}

function packageCandidates(spec: string): string[] {
  if (spec.startsWith('@')) {
    return spec.includes('/') ? [spec] : [`${spec}/shipguard-preset`];
  }
  return spec.startsWith('shipguard-preset-') ? [spec] : [spec, `shipguard-preset-${spec}`];
}

function resolveLocal(base: string): string | undefined {
  if (isFile(base)) return base;
  for (const extension of EXTENSIONS) if (isFile(base + extension)) return base + extension;
  for (const extension of EXTENSIONS) {
    const index = path.join(base, `index${extension}`);
    if (isFile(index)) return index;
  }
  return undefined;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
