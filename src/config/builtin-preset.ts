// The presets shipguard ships (presets/*.js) are comments and one `export default { … }` object
// literal. A hook run reads and evaluates that literal here instead of import()ing the file: the
// first import() starts Node's ESM loader, ~5 ms of every run that extends a built-in preset. A
// preset of any other shape is left to import(), which is also what the test compares this with.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runInThisContext } from 'node:vm';
import { PRESETS_DIR } from '../paths.js';

const EXPORT = 'export default ';

/** The preset's config, or undefined when `file` is not a built-in preset of the expected shape. */
export function loadBuiltinPreset(file: string): unknown {
  if (path.dirname(file) !== PRESETS_DIR || !file.endsWith('.js')) return undefined;
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(`\n${EXPORT}{`);
  if (at < 0 || !onlyComments(text.slice(0, at))) return undefined;
  const literal = text.slice(at + 1 + EXPORT.length).trimEnd().replace(/;$/, '');
  if (/\b(?:import|export|require)\b/.test(literal)) return undefined; // not a plain literal
  return runInThisContext(`(${literal}\n)`, { filename: file });
}

function onlyComments(text: string): boolean {
  return text.split('\n').every((line) => {
    const trimmed = line.trim();
    return trimmed === '' || trimmed.startsWith('//') || trimmed.startsWith('/*') || trimmed.startsWith('*');
  });
}
