// Where resolved config values came from, in words a user recognises: a preset by its package name,
// the project's own file by its path.
import path from 'node:path';
import { displayPath, PRESETS_DIR } from '../paths.js';
import { repoInfo } from '../git/reader.js';
import type { ResolvedConfig } from '../types.js';
import { resolveConfig, type ResolveOptions } from './resolve.js';

/** `shipguard/presets/recommended` for a built-in preset, the repository-relative path otherwise. */
export function sourceName(file: string, root: string): string {
  const relative = path.relative(PRESETS_DIR, file);
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) return `shipguard/presets/${relative.replace(/\.[cm]?js$/, '')}`;
  return displayPath(file, root);
}

/** Each contributing file once, in the order first applied (a preset two presets extend is one source). */
export function uniqueSources(config: ResolvedConfig, root: string): string[] {
  return [...new Set(config.sources.map((file) => sourceName(file, root)))];
}

/**
 * True when the project's own config file extends no preset: ESLint's semantics make every rule it
 * does not name `off`, which surprises whoever only meant to tune one rule.
 */
export function extendsNothing(config: ResolvedConfig): boolean {
  return Boolean(config.filepath) && config.sources.length === 1;
}

export const EXTENDS_NOTHING_NOTICE =
  'the config extends no preset, so only the rules it names are on; add "extends": ["shipguard/presets/recommended"] to keep the others';

/** For `init` over an existing config: does it extend nothing? A broken config is doctor's business. */
export async function existingConfigExtendsNothing(cwd: string, builtinRules: ResolveOptions['builtinRules']): Promise<boolean> {
  try {
    const repo = await repoInfo(cwd);
    return extendsNothing(await resolveConfig({ cwd, root: repo.root, commonDir: repo.commonDir, builtinRules }));
  } catch {
    return false;
  }
}
