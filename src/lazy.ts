// Heavy modules load here, only when a rule needs them for a changed file. The engine prints what
// was loaded and how long it took under SHIPGUARD_DEBUG, which is also how tests prove laziness.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ShipguardError } from './errors.js';
import { now } from './clock.js';
import type { NativeParser } from './oxc-binding.js';

export interface LoadRecord {
  module: string;
  ms: number;
}

const records: LoadRecord[] = [];
const pending = new Map<string, Promise<unknown>>();

async function load<T>(module: string, importer: () => Promise<T>): Promise<T> {
  let promise = pending.get(module) as Promise<T> | undefined;
  if (!promise) {
    const started = now();
    promise = importer().then((value) => {
      records.push({ module, ms: Math.round(now() - started) });
      return value;
    });
    pending.set(module, promise);
  }
  return promise;
}

/**
 * oxc's parser (ESTree with TypeScript nodes), what every code rule parses with: ~4 ms to load where
 * the TypeScript compiler API took ~190 ms (its native binding directly where it can: oxc-binding.ts;
 * else the package, ~22 ms). Its native binding is an optional dependency chosen per
 * platform; when npm skipped it, say how to get it instead of printing a loader stack.
 */
export function loadParser(): Promise<NativeParser> {
  return load('oxc-parser', async () => {
    try {
      return (await import('./oxc-binding.js')).loadNativeParser() ?? (await import('oxc-parser'));
    } catch (error) {
      const reason = (error as Error).message.split('\n')[0];
      throw new ShipguardError(
        `the code rules could not load oxc-parser's native binding for ${process.platform}-${process.arch} (${reason}): reinstall dependencies (\`rm -rf node_modules && npm install\`; npm may skip optional dependencies, npm/cli#4828), or on a platform without a native build install @oxc-parser/binding-wasm32-wasi`,
      );
    }
  });
}

/** `@prisma/internals` (optional peer dependency: Prisma projects install it). */
export function loadPrismaInternals(): Promise<typeof import('@prisma/internals')> {
  return load('@prisma/internals', async () => {
    try {
      return await import('@prisma/internals');
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') {
        throw new ShipguardError(PRISMA_MISSING);
      }
      throw error;
    }
  });
}

const PRISMA_MISSING = 'the Prisma rules need @prisma/internals: npm install --save-dev @prisma/internals@7';

/**
 * Resolves a package that @prisma/internals depends on, from where @prisma/internals is installed:
 * the one peer dependency a team installs brings matching versions of the Prisma wasm packages.
 */
function resolveFromPrismaInternals(specifier: string): string {
  let internals: string;
  try {
    internals = createRequire(import.meta.url).resolve('@prisma/internals'); // the CLI's chunks are CommonJS: no import.meta.resolve
  } catch {
    throw new ShipguardError(PRISMA_MISSING);
  }
  try {
    return createRequire(internals).resolve(specifier);
  } catch {
    throw new ShipguardError(`${specifier} (a dependency of @prisma/internals) is missing: reinstall @prisma/internals@7`);
  }
}

/** A Node built-in module, required: import() of one starts Node's ESM loader in a CommonJS run. */
function builtin<T>(specifier: `node:${string}`): T {
  return createRequire(import.meta.url)(specifier) as T;
}

/** Prisma's wasm reports panics to this global first; without it a panic becomes a TypeError instead of the wasm error. */
function installWasmPanicRegistry(): void {
  const global = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
  global.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: () => {} };
}

/**
 * Prisma's wasm runs for a fraction of a second in a hook; V8's optimizing tier compiles it on
 * background threads that compete with the run itself. Baseline (Liftoff) code only measured a
 * first DMMF ~2x and a first engine diff ~3x faster on a busy 2-core machine; validating each
 * function only when it is first compiled took a further ~15 ms off loading the schema engine and
 * its first diff (81 -> 66 ms). Must be set before the modules compile; affects only WebAssembly.
 */
function preferQuickWasmStartup(): void {
  // node:v8 is loaded here, not at startup: most runs never load Prisma's wasm. Required, not
  // import()ed: the CLI's chunks are CommonJS, and import() would start Node's ESM loader (~10 ms).
  const v8 = builtin<typeof import('node:v8')>('node:v8');
  v8.setFlagsFromString('--liftoff-only');
  v8.setFlagsFromString('--wasm-lazy-validation');
  (globalThis as Record<symbol, unknown>)[RESTORE_V8_FLAGS] = () => {
    for (const flag of WASM_FLAG_DEFAULTS) v8.setFlagsFromString(flag);
  };
}

/**
 * V8 rejects code cache bytes made under other flags than its own, so dist/cli.cjs calls this
 * before it makes them at exit (code-cache.ts): every chunk stored by a run that had loaded Prisma's
 * wasm was rejected, recompiled and stored again by the next run. The defaults, with what
 * --liftoff-only implies turned back on.
 */
const RESTORE_V8_FLAGS = Symbol.for('shipguard.restoreV8Flags');
const WASM_FLAG_DEFAULTS = ['--no-liftoff-only', '--wasm-tier-up', '--wasm-dynamic-tiering', '--no-wasm-lazy-validation'];

export type PrismaSchemaWasm = typeof import('@prisma/prisma-schema-wasm');

/** Where the Prisma wasm packages of one Prisma version are: the entry files the loaders below take. */
export interface PrismaWasmFiles {
  /** `@prisma/prisma-schema-wasm`'s version, e.g. `7.10.0-4.0edf323…`. */
  version: string;
  /** `@prisma/prisma-schema-wasm`'s main file. */
  schemaWasm: string;
  /** `@prisma/schema-engine-wasm/schema_engine_bg.js`, when that version has it (Prisma 6.x+). */
  schemaEngine?: string;
}

/**
 * The wasm packages of the `@prisma/internals` installed next to shipguard (the optional peer
 * dependency). Throws the install command when it is missing.
 */
export function bundledPrismaWasm(): PrismaWasmFiles {
  bundled ??= resolveBundledPrismaWasm();
  return bundled;
}

let bundled: PrismaWasmFiles | undefined;

function resolveBundledPrismaWasm(): PrismaWasmFiles {
  const schemaWasm = resolveFromPrismaInternals('@prisma/prisma-schema-wasm');
  let schemaEngine: string | undefined;
  try {
    schemaEngine = resolveFromPrismaInternals('@prisma/schema-engine-wasm/schema_engine_bg');
  } catch {
    // an @prisma/internals without the schema engine: the datamodel comparison decides
  }
  return { version: packageVersionAbove(schemaWasm), schemaWasm, schemaEngine };
}

/** The `version` of the package.json closest above `file`. */
function packageVersionAbove(file: string): string {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
    } catch {
      // keep looking up
    }
  }
  return 'unknown';
}

/**
 * `@prisma/prisma-schema-wasm` (validate, DMMF), the Prisma package @prisma/internals wraps. Loaded
 * directly: ~100 ms, where importing all of @prisma/internals costs ~600-800 ms on every hook run.
 */
export function loadPrismaSchemaWasm(files: PrismaWasmFiles = bundledPrismaWasm()): Promise<PrismaSchemaWasm> {
  return load(`@prisma/prisma-schema-wasm ${files.version}`, async () => {
    await afterReadyWork();
    installWasmPanicRegistry();
    preferQuickWasmStartup();
    return createRequire(import.meta.url)(files.schemaWasm) as PrismaSchemaWasm;
  });
}

/**
 * Compiling Prisma's wasm and its first call hold the main thread for ~45 ms. Work already queued
 * runs first: another rule may be about to start a git command (prisma-query-fields' grep for the
 * client's callers), which then runs beside the wasm instead of after it.
 */
function afterReadyWork(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The WebAssembly global (the project's `lib` has no DOM types). */
const webAssembly = (globalThis as unknown as {
  WebAssembly: {
    compile(bytes: Uint8Array): Promise<object>;
    instantiate(module: object, imports: Record<string, object>): Promise<{ exports: Record<string, unknown> }>;
  };
}).WebAssembly;

export type PrismaSchemaEngine = typeof import('@prisma/schema-engine-wasm').SchemaEngine;

/**
 * The Prisma schema engine (migration diffing) from `@prisma/schema-engine-wasm`. Its entry point
 * imports the .wasm file as an ES module, which Node 20 cannot do, so the bindings are wired up here
 * the way @prisma/internals does it.
 */
export function loadPrismaSchemaEngine(files: PrismaWasmFiles = bundledPrismaWasm()): Promise<PrismaSchemaEngine> {
  const bindingsFile = files.schemaEngine;
  if (!bindingsFile) return Promise.reject(new ShipguardError(`Prisma ${files.version} has no @prisma/schema-engine-wasm`));
  return load(`@prisma/schema-engine-wasm ${files.version}`, async () => {
    preferQuickWasmStartup();
    const bindings = await loadWasmBindings(bindingsFile);
    // Read at once: an async read of its 5 MB took ~25 ms in 512 KB steps, with nothing else to run meanwhile.
    const module = await webAssembly.compile(readFileSync(path.join(path.dirname(bindingsFile), 'schema_engine_bg.wasm')));
    const instance = await webAssembly.instantiate(module, { './schema_engine_bg.js': bindings });
    installWasmPanicRegistry();
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
    return bindings.SchemaEngine;
  });
}

type SchemaEngineBindings = typeof import('@prisma/schema-engine-wasm/schema_engine_bg') & { __wbg_set_wasm(exports: object): void };

/**
 * wasm-bindgen's bindings, an ES module of `export function` and `export class` declarations only,
 * run as a function: import() would start Node's ESM loader for this one file (~14 ms of a run on
 * Node 20). A module of any other form is import()ed.
 */
async function loadWasmBindings(file: string): Promise<SchemaEngineBindings> {
  const source = readFileSync(file, 'utf8');
  const names: string[] = [];
  const body = source.replace(/^export ((?:async )?function|class) ([\w$]+)/gm, (_, kind: string, name: string) => {
    names.push(name);
    return `${kind} ${name}`;
  });
  if (/^[ \t]*(?:import|export)\b|\bimport\s*\(|\bimport\.meta\b/m.test(body)) return (await import(pathToFileURL(file).href)) as SchemaEngineBindings;
  const { compileFunction } = builtin<typeof import('node:vm')>('node:vm');
  return compileFunction(`'use strict';${body}\nreturn { ${names.join(', ')} };`, [], { filename: file })() as SchemaEngineBindings;
}

/** jiti, for TypeScript configs: only to compile one, or for configs that import local .ts files. */
export function loadJiti(): Promise<typeof import('jiti')> {
  return load('jiti', () => import('jiti'));
}

/** The `yaml` parser (Kubernetes manifests, compose files): only for YAML files that need a parse. */
export function loadYaml(): Promise<typeof import('yaml')> {
  return load('yaml', () => import('yaml'));
}

/** jsdiff's line diff: only for UTF-16 files, whose lines git cannot diff as text. */
export function loadLineDiff(): Promise<typeof import('diff')> {
  return load('diff', () => import('diff'));
}

/** A built-in rule's code (src/rules/lazy-rule.ts), printed as `loaded rule <id>`. */
export function loadRuleCode<T>(id: string, importer: () => Promise<T>): Promise<T> {
  return load(`rule ${id}`, importer);
}

/** What was loaded during this run, in order. */
export function loadRecords(): readonly LoadRecord[] {
  return records;
}
