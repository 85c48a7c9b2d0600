// Prisma's own wasm, offline: schema validation, the datamodel and DMMF (prisma-schema-wasm), and the
// migration diff between two schemas (schema-engine-wasm). Nothing here connects to a database.
import { bounded } from '../budget.js';
import { loadPrismaSchemaEngine, loadPrismaSchemaWasm, type PrismaSchemaEngine, type PrismaWasmFiles } from '../lazy.js';
import { storedDatamodel, storeDatamodel } from './datamodel-cache.js';
import type { Datamodel, DmmfDocument } from './dmmf-types.js';
import { parseSchemaErrors, stripDatasourceUrls, wasmErrorMessage, type SchemaDiagnostic, type SchemaFile } from './schema-text.js';

export class SchemaInvalidError extends Error {
  constructor(readonly diagnostics: SchemaDiagnostic[]) {
    super(diagnostics.map((d) => d.message).join('; '));
  }
}

/**
 * Prisma 7 rejects `url` in the datasource block and Prisma 5 and 6 require it: the lines are blanked
 * only for engines of 7 and later (undefined: shipguard's own, Prisma 7).
 */
function wasmInput(files: readonly SchemaFile[], engines?: PrismaWasmFiles): [string, string][] {
  const keepUrls = engines !== undefined && Number(/^(\d+)\./.exec(engines.version)?.[1] ?? 7) < 7;
  return files.map((file) => [file.path, keepUrls ? file.content : stripDatasourceUrls(file.content)]);
}

/**
 * Prisma's diagnostics for the schema; empty when it is valid. Read from the datamodel call, which
 * validates the same way (the same P1012 errors) and which both Prisma rules ask for next anyway.
 */
export async function validateSchema(files: readonly SchemaFile[], engines?: PrismaWasmFiles, commonDir?: string): Promise<SchemaDiagnostic[]> {
  try {
    await getDatamodel(files, engines, commonDir);
    return [];
  } catch (error) {
    if (error instanceof SchemaInvalidError) return error.diagnostics;
    throw error;
  }
}

/** Datamodels already asked for in this run, by engines and schema text: both Prisma rules ask for the same ones. */
const datamodels = new Map<string, Promise<Datamodel>>();

/**
 * Models, enums and indexes only (fast): what the database shape is compared on. Throws
 * SchemaInvalidError. With `commonDir` (the git common dir), kept between runs (datamodel-cache.ts).
 */
export function getDatamodel(files: readonly SchemaFile[], engines?: PrismaWasmFiles, commonDir?: string): Promise<Datamodel> {
  const key = JSON.stringify([engines?.schemaWasm ?? 'bundled', files.map((file) => [file.path, file.content])]);
  let datamodel = datamodels.get(key);
  if (!datamodel) {
    datamodel = (async () => {
      const stored = commonDir === undefined ? undefined : storedDatamodel(files, engines, commonDir);
      if (stored) return stored;
      const wasm = await loadPrismaSchemaWasm(engines);
      const input = JSON.stringify({ prismaSchema: wasmInput(files, engines), noColor: true });
      const read = JSON.parse(callWasm(() => wasm.get_datamodel(input))) as Datamodel;
      if (commonDir !== undefined) storeDatamodel(files, engines, commonDir, read);
      return read;
    })();
    datamodels.set(key, datamodel);
  }
  return datamodel;
}

/** The full DMMF, query schema included: what Prisma Client validates every call against. */
export async function getDmmf(files: readonly SchemaFile[], engines?: PrismaWasmFiles): Promise<DmmfDocument> {
  return JSON.parse(await getDmmfText(files, engines)) as DmmfDocument;
}

/** The DMMF as the JSON text the engines render (what dmmf-cache.ts stores). */
export async function getDmmfText(files: readonly SchemaFile[], engines?: PrismaWasmFiles): Promise<string> {
  const wasm = await loadPrismaSchemaWasm(engines);
  return callWasm(() => wasm.get_dmmf(JSON.stringify({ prismaSchema: wasmInput(files, engines), noColor: true })));
}

function callWasm(call: () => string): string {
  try {
    return bounded(Infinity, call); // the schema engine's work grows with the schema, not with its text alone
  } catch (error) {
    throw new SchemaInvalidError(parseSchemaErrors(wasmErrorMessage(error)));
  }
}

/** Providers the schema engine can diff offline (its wasm build has only these SQL connectors). */
export const ENGINE_PROVIDERS: Record<string, 'postgres' | 'sqlite'> = {
  postgresql: 'postgres',
  postgres: 'postgres',
  cockroachdb: 'postgres',
  sqlite: 'sqlite',
};

export interface EngineDiff {
  /** The database must change. */
  needed: boolean;
  /** The SQL the schema change implies (empty when none is needed). */
  sql: string;
}

type Engine = Awaited<ReturnType<PrismaSchemaEngine['new']>>;

const started = new Map<string, Promise<Engine>>();

/**
 * `prisma migrate diff --from-schema old --to-schema new --script --exit-code`, in process.
 * `from` undefined means from an empty database. Throws SchemaInvalidError when a schema is invalid.
 */
export async function engineDiff(
  provider: string,
  from: readonly SchemaFile[] | undefined,
  to: readonly SchemaFile[],
  engines?: PrismaWasmFiles,
): Promise<EngineDiff> {
  const adapterProvider = ENGINE_PROVIDERS[provider];
  if (!adapterProvider) throw new Error(`the Prisma schema engine cannot diff ${provider} schemas offline`);
  const engine = await engineFor(adapterProvider, engines);
  const target = (files: readonly SchemaFile[]) => ({
    tag: 'schemaDatamodel' as const,
    files: wasmInput(files, engines).map(([path, content]) => ({ path, content })),
  });
  try {
    const result = await engine.diff({
      from: from ? target(from) : { tag: 'empty' },
      to: target(to),
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
      // Prisma 6 still reads this (deprecated there, gone in 7).
      ...({ shadowDatabaseUrl: null } as object),
    });
    return { needed: result.exitCode === 2, sql: result.exitCode === 2 ? (result.stdout ?? '').trim() : '' };
  } catch (error) {
    const message = wasmErrorMessage(error);
    if ((error as { code?: string }).code === 'P1012' || /^error: /m.test(message)) throw new SchemaInvalidError(parseSchemaErrors(message));
    throw new Error(`the Prisma schema engine failed: ${message.split('\n')[0]}`);
  }
}

function engineFor(provider: 'postgres' | 'sqlite', engines?: PrismaWasmFiles): Promise<Engine> {
  const key = `${engines?.schemaEngine ?? 'bundled'}\0${provider}`;
  let engine = started.get(key);
  if (!engine) {
    engine = loadPrismaSchemaEngine(engines).then((SchemaEngine) => SchemaEngine.new({ datamodels: undefined }, () => {}, offlineAdapter(provider)));
    started.set(key, engine);
  }
  return engine;
}

/**
 * A driver adapter with no database behind it. Creating the engine connects once and asks for the
 * server version; diffing two schemas never touches the connection. Everything else is refused.
 */
function offlineAdapter(provider: 'postgres' | 'sqlite') {
  const ok = <T>(value: T): unknown => ({ ok: true, value, map: (fn: (v: T) => unknown) => ok(fn(value)), flatMap: (fn: (v: T) => unknown) => fn(value) });
  const refuse = async () => {
    throw new Error('shipguard: the offline schema engine has no database');
  };
  const versionProbe = {
    columnTypes: [5, 7, 0], // Boolean, Text, Int32
    columnNames: ['exists', 'version', 'numeric_version'],
    rows: [[true, 'PostgreSQL 16.4', 160004]],
  };
  const connection = {
    provider,
    adapterName: 'shipguard-offline',
    queryRaw: async () => ok(provider === 'postgres' ? versionProbe : { columnTypes: [], columnNames: [], rows: [] }),
    executeRaw: async () => ok(0),
    executeScript: async () => ok(undefined),
    startTransaction: refuse,
    dispose: async () => ok(undefined),
  };
  return {
    provider,
    adapterName: 'shipguard-offline',
    errorRegistry: { consumeError: () => undefined },
    connect: async () => ok(connection),
    connectToShadowDb: refuse,
  };
}
