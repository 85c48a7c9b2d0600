// Built-in presets are read as the object literal they are (src/config/builtin-preset.ts), not
// import()ed: each must still give exactly what importing the file gives, and take the fast path.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBuiltinPreset } from '../src/config/builtin-preset.js';
import { PACKAGE_ROOT } from './helpers/repo.js';

const PRESETS = path.join(PACKAGE_ROOT, 'presets');

describe('built-in presets', () => {
  it.each(readdirSync(PRESETS).filter((file) => file.endsWith('.js')))('%s reads as the same config import() gives', async (name) => {
    const file = path.join(PRESETS, name);
    const imported = ((await import(pathToFileURL(file).href)) as { default: unknown }).default;
    const read = loadBuiltinPreset(file);
    expect(read).toBeDefined();
    expect(read).toEqual(imported);
  });

  it('leaves any other file to import()', () => {
    expect(loadBuiltinPreset(path.join(PACKAGE_ROOT, 'package.json'))).toBeUndefined();
    expect(loadBuiltinPreset(path.join(PACKAGE_ROOT, 'rolldown.config.mjs'))).toBeUndefined();
  });
});
