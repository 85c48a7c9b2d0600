// Answers about a pair of schemas, kept between runs in `<git common dir>/shipguard/prisma-diff/`
// (private, 0700/0600), keyed by a hash of both schemas, the provider and the engines: the schema
// engine's (needed or not, and the SQL), and the decisions prisma-migration made from the datamodels
// alone at a hook. Loading the engine and its first diff cost a run ~150 ms, most of it V8 compiling
// the wasm; the same pair comes back when a commit refused for its missing migration is retried with
// it, and at pre-push for the commit pre-commit checked. Only answers are kept: a schema the engine
// rejects is diffed (and reported) again.
import { existsSync, readFileSync, utimesSync } from 'node:fs';
import path from 'node:path';
import type { PrismaWasmFiles } from '../lazy.js';
import { crypto } from '../lazy-crypto.js';
import { privateStateDir, pruneOldest, tightenFile, writePrivateFile } from '../private-files.js';
import type { SchemaFile } from './schema-text.js';
import { engineDiff, type EngineDiff } from './wasm.js';

/** Bumped when what is stored changes. */
const FORMAT = 1;
/** Answers kept (each a few KB of SQL at most). */
const KEEP_ENTRIES = 32;

export interface CachedDiff extends EngineDiff {
  /** Read from the cache: no engine was loaded for it. */
  cached: boolean;
}

/** The two schemas an answer is about, with what reads them. */
export interface SchemaPair {
  provider: string;
  from: readonly SchemaFile[] | undefined;
  to: readonly SchemaFile[];
  engines: PrismaWasmFiles;
}

/** `engineDiff`, from the cache when these schemas were diffed before (no cache without `commonDir`). */
export async function cachedEngineDiff(pair: SchemaPair, commonDir: string | undefined): Promise<CachedDiff> {
  const file = entryFile('', pair, commonDir);
  const hit = readEntry(file) as Partial<EngineDiff> | undefined;
  if (typeof hit?.needed === 'boolean' && typeof hit.sql === 'string') return { needed: hit.needed, sql: hit.sql, cached: true };
  const diff = await engineDiff(pair.provider, pair.from, pair.to, pair.engines); // throws SchemaInvalidError: never cached
  writeEntry(file, { needed: diff.needed, sql: diff.sql });
  return { ...diff, cached: false };
}

/** Has the engine answered for these schemas before (so its SQL costs no engine)? */
export function hasCachedEngineDiff(pair: SchemaPair, commonDir: string | undefined): boolean {
  const file = entryFile('', pair, commonDir);
  return file !== undefined && existsSync(file);
}

/**
 * A decision the datamodels alone made for these schemas (rules/prisma-migration/schema-diff.ts): a
 * commit refused for its missing migration and retried, or pushed after pre-commit refused it, then
 * loads no Prisma wasm at all. Unchecked: the caller checks its shape.
 */
export function readDatamodelDecision(pair: SchemaPair, commonDir: string | undefined): unknown {
  return (readEntry(entryFile('datamodels:', pair, commonDir)) as { decision?: unknown } | undefined)?.decision;
}

export function storeDatamodelDecision(pair: SchemaPair, commonDir: string | undefined, decision: unknown): void {
  writeEntry(entryFile('datamodels:', pair, commonDir), { decision });
}

/** Where the answer of `kind` ('' for the engine's) about `pair` is kept; undefined without a private directory. */
function entryFile(kind: string, pair: SchemaPair, commonDir: string | undefined): string | undefined {
  const dir = commonDir === undefined ? undefined : privateStateDir(commonDir, 'prisma-diff');
  return dir && path.join(dir, `${cacheKey(kind, pair)}.json`);
}

/** The stored JSON (the entry then counts as most recently used); undefined when missing, foreign, cut short or corrupt. */
function readEntry(file: string | undefined): unknown {
  if (!file || !existsSync(file) || !tightenFile(file)) return undefined;
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const now = new Date();
    utimesSync(file, now, now); // kept by pruneOldest
    return value;
  } catch {
    return undefined; // answered again and rewritten
  }
}

function writeEntry(file: string | undefined, value: unknown): void {
  if (!file) return;
  try {
    writePrivateFile(file, JSON.stringify(value));
    pruneOldest(path.dirname(file), KEEP_ENTRIES);
  } catch {
    // a full disk or a read-only .git: the next run answers again
  }
}

function cacheKey(kind: string, { provider, from, to, engines }: SchemaPair): string {
  const schema = (files: readonly SchemaFile[] | undefined) => files?.map((file) => [file.path, file.content]) ?? null;
  return crypto()
    .createHash('sha256')
    .update(JSON.stringify([FORMAT, engines.version, engines.schemaEngine ?? '', `${kind}${provider}`, schema(from), schema(to)]))
    .digest('hex');
}
