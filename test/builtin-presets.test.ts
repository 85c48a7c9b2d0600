// What a config gets from shipguard itself without import(), which would start Node's ESM loader:
// built-in presets read as the object literal they are (src/config/builtin-preset.ts), and the API a
// TypeScript config imports (`defineConfig`) from the running bundle. Each must equal the import.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBuiltinPreset } from '../src/config/builtin-preset.js';
import { ownApi } from '../src/config/typescript.js';
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

  it("gives a TypeScript config importing 'shipguard' the same exports as dist/index.js, for this install only", async () => {
    const url = pathToFileURL(path.join(PACKAGE_ROOT, 'dist', 'index.js')).href;
    const imported = (await import(url)) as Record<string, unknown>;
    const own = ownApi(url)!;
    expect(Object.keys(own).sort()).toEqual(Object.keys(imported).sort());
    const config = { rules: { 'commit-size': 'error' } };
    expect((own.defineConfig as (c: unknown) => unknown)(config)).toBe(config);
    expect(ownApi(pathToFileURL(path.join(PACKAGE_ROOT, 'node_modules', 'shipguard', 'dist', 'index.js')).href)).toBeUndefined();
  });
});
