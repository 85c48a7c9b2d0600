// TypeScript configs. jiti compiles the config once; the compiled module is kept in the repository's
// private `.git/shipguard/config/` (0700) with the path, text and shipguard version it was compiled
// from (checked on read; the file name is a short hash of them), so a warm run evaluates it without
// loading jiti, node:crypto or resolving jiti at all. Never jiti's default
// filesystem cache: outside a project with its own node_modules it is the shared os.tmpdir()/jiti,
// where another local user could plant "compiled" code and have it run as the config.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runInThisContext } from 'node:vm';
import { loadJiti } from '../lazy.js';
import * as api from '../index.js';
import { PACKAGE_ROOT, packageVersion } from '../paths.js';
import { shortHash } from '../short-hash.js';
import { privateStateDir, tightenFile, writePrivateFile } from '../private-files.js';

/** Bump when the cached form changes. */
const FORMAT = 2;
const TYPESCRIPT_EXTENSIONS = /\.[cm]?tsx?$/;
/** Compiled versions kept (configs of several worktrees and branches). */
const KEEP_ENTRIES = 20;

/** What a cache entry holds: the compiled code and where its imports resolved when compiled. */
interface Compiled {
  /** What it was compiled from: an entry for anything else is a miss. */
  from?: string;
  code: string;
  /** Specifier → file URL, resolved from the config's location. */
  imports: Record<string, string>;
}

/**
 * Loads a TypeScript config. `commonDir` is the repository's git common dir; without it (or where
 * `.git/shipguard` is not private to this user) nothing is cached.
 */
export async function loadTypeScriptConfig(filepath: string, source: string, commonDir: string | undefined): Promise<unknown> {
  const dir = commonDir ? privateStateDir(commonDir, 'config') : undefined;
  const from = JSON.stringify([FORMAT, packageVersion(), filepath, source]);
  const file = dir && path.join(dir, `${shortHash(from)}.json`);
  const cached = file ? readCached(file, from) : undefined;
  if (cached) return evaluate(cached, filepath);
  const compiled = await compile(filepath, source);
  // Relative imports (other local .ts files) and TypeScript packages: jiti loads them, each cached
  // by its own content hash in the same private directory.
  if (!compiled) return importWithJiti(filepath, dir && privateStateDir(commonDir!, 'config', 'jiti'));
  if (file) {
    writePrivateFile(file, JSON.stringify({ ...compiled, from }));
    pruneOldest(dir!, KEEP_ENTRIES);
  }
  return evaluate(compiled, filepath);
}

/** jiti's own loader, its filesystem cache private or off. Also used to locate syntax errors. */
export async function importWithJiti(filepath: string, cacheDir?: string): Promise<unknown> {
  const { createJiti } = await loadJiti();
  const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: cacheDir ?? false });
  try {
    return await jiti.import(filepath, { default: true });
  } finally {
    if (cacheDir && existsSync(cacheDir)) for (const name of readdirSync(cacheDir)) tightenFile(path.join(cacheDir, name));
  }
}

function pruneOldest(dir: string, keep: number): void {
  const entries = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ file: path.join(dir, name), mtime: statSync(path.join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { file } of entries.slice(keep)) rmSync(file, { force: true });
}

/** A cache entry whose imports still resolve to existing files; anything else is a miss. */
function readCached(file: string, from: string): Compiled | undefined {
  if (!existsSync(file) || !tightenFile(file)) return undefined;
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as Compiled;
    if (entry.from !== from || typeof entry.code !== 'string' || !entry.imports) return undefined;
    const moved = Object.values(entry.imports).some((url) => url.startsWith('file:') && !existsSync(fileURLToPath(url)));
    return moved ? undefined : entry;
  } catch {
    return undefined; // a corrupt entry is compiled again
  }
}

/**
 * Compiles with jiti (ES module syntax becomes `await jitiImport("x")`). Undefined when the config
 * imports anything native `import()` cannot load as is: relative files, `require`, a computed
 * specifier, or a package whose entry is TypeScript.
 */
async function compile(filepath: string, source: string): Promise<Compiled | undefined> {
  const { createJiti } = await loadJiti();
  const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false });
  const code = jiti.transform({ source, filename: filepath, ts: true, async: true });
  // A syntax error compiles to `exports.__JITI_ERROR__ = {…}`: jiti's import turns it into the error.
  if (/\brequire\s*\(|\bjitiESMResolve\b|__JITI_ERROR__/.test(code)) return undefined;
  const specifiers = [...code.matchAll(/\bjitiImport\((["'])([^"'\\]+)\1\)/g)].map((match) => match[2]!);
  if (specifiers.length !== (code.match(/\bjitiImport\b/g) ?? []).length) return undefined;
  const imports: Record<string, string> = {};
  for (const specifier of specifiers) {
    const resolved = await resolveImport(specifier, filepath);
    if (!resolved) return undefined;
    imports[specifier] = resolved;
  }
  return { code, imports };
}

async function resolveImport(specifier: string, filepath: string): Promise<string | undefined> {
  if (specifier.startsWith('node:') || builtinModules.includes(specifier)) return specifier;
  if (/^[./]|^[a-z]+:/i.test(specifier)) return undefined; // relative, absolute, URL: left to jiti
  const { resolve } = await import('import-meta-resolve');
  try {
    const url = resolve(specifier, pathToFileURL(filepath).href);
    return url.startsWith('file:') && !TYPESCRIPT_EXTENSIONS.test(fileURLToPath(url)) ? url : undefined;
  } catch {
    return undefined; // jiti reports it as it always did
  }
}

/** Runs the compiled config the way jiti does, with each import loaded natively. */
async function evaluate({ code, imports }: Compiled, filepath: string): Promise<unknown> {
  const wrapper = `(async function (exports, require, module, __filename, __dirname, jitiImport) {${code}\n})`;
  const run = runInThisContext(wrapper, { filename: filepath }) as (...args: unknown[]) => Promise<void>;
  const module = { exports: {} as Record<string, unknown> };
  const jitiImport = async (specifier: string) => interopDefault(ownApi(imports[specifier]) ?? (await import(imports[specifier] ?? specifier)));
  await run(module.exports, createRequire(filepath), module, filepath, path.dirname(filepath), jitiImport);
  return module.exports.default ?? module.exports;
}

/**
 * `import { defineConfig } from 'shipguard'` resolving to this very install: its API (identity
 * functions) from the running bundle, since import() of dist/index.js would start Node's ESM loader
 * (~5 ms of every run). test/builtin-presets.test.ts checks it exports what dist/index.js does.
 */
export function ownApi(url: string | undefined): Record<string, unknown> | undefined {
  if (url !== pathToFileURL(path.join(PACKAGE_ROOT, 'dist', 'index.js')).href) return undefined;
  return Object.freeze(Object.assign(Object.create(null) as Record<string | symbol, unknown>, api, { [Symbol.toStringTag]: 'Module' }));
}

/**
 * jiti's interop for a natively imported module (its `jitiInteropDefault`), which the compiled code
 * expects: `__esModule` set, `default` the default export (or the module), named exports falling
 * back to the default export's properties (a CommonJS package's `module.exports`).
 */
function interopDefault(namespace: Record<string, unknown>): unknown {
  const fallback = namespace.default as Record<string, unknown> | undefined;
  const missing = fallback === null || fallback === undefined;
  const spread = (typeof fallback === 'object' || typeof fallback === 'function') && !(fallback instanceof Promise);
  return new Proxy(namespace, {
    get(target, key) {
      if (key === '__esModule') return true;
      if (key === 'default') {
        if (missing) return namespace;
        return typeof fallback.default === 'function' && namespace.__esModule ? fallback.default : fallback;
      }
      if (key in target) return target[key as string];
      if (!spread) return undefined;
      const value = fallback![key as string];
      return typeof value === 'function' ? value.bind(fallback) : value;
    },
  });
}
