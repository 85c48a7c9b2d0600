// Locations inside the installed shipguard package.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The folder holding shipguard's package.json, above this module (dist/paths.js, dist/cli.cjs or a chunk in dist/chunks/). */
export const PACKAGE_ROOT = packageRoot(path.dirname(fileURLToPath(import.meta.url)));
export const PRESETS_DIR = path.join(PACKAGE_ROOT, 'presets');

let version: string | undefined;
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

function packageRoot(dir: string): string {
  return existsSync(path.join(dir, 'package.json')) || dir === path.dirname(dir) ? dir : packageRoot(path.dirname(dir));
}

/** Repository-relative, forward-slash form of a path for messages. */
export function displayPath(file: string, root: string): string {
  const relative = path.relative(root, file);
  return (relative && !relative.startsWith('..') ? relative : file).split(path.sep).join('/');
}
