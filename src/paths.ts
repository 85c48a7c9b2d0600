// Locations inside the installed shipguard package (dist/paths.js -> package root).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PRESETS_DIR = path.join(PACKAGE_ROOT, 'presets');

let version: string | undefined;
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

/** Repository-relative, forward-slash form of a path for messages. */
export function displayPath(file: string, root: string): string {
  const relative = path.relative(root, file);
  return (relative && !relative.startsWith('..') ? relative : file).split(path.sep).join('/');
}
