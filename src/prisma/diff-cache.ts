// The schema engine's answer for a pair of schemas, kept between runs in
// `<git common dir>/shipguard/prisma-diff/` (private, 0700/0600), keyed by a hash of both schemas,
// the provider and the engines. Loading the engine and its first diff cost a run ~150 ms, most of it
// V8 compiling the wasm; the same pair comes back when a commit refused for its missing migration is
// retried with it, and at pre-push for the commit pre-commit checked. Only answers are kept: a
// schema the engine rejects is diffed (and reported) again.
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

/** `engineDiff`, from the cache when these schemas were diffed before (no cache without `commonDir`). */
export async function cachedEngineDiff(
  provider: string,
  from: readonly SchemaFile[] | undefined,
  to: readonly SchemaFile[],
  engines: PrismaWasmFiles,
  commonDir: string | undefined,
): Promise<CachedDiff> {
  const dir = commonDir === undefined ? undefined : privateStateDir(commonDir, 'prisma-diff');
  const file = dir && path.join(dir, `${cacheKey(provider, from, to, engines)}.json`);
  const hit = file ? readCached(file) : undefined;
  if (hit) return { ...hit, cached: true };
  const diff = await engineDiff(provider, from, to, engines); // throws SchemaInvalidError: never cached
  if (file && dir) {
    try {
      writePrivateFile(file, JSON.stringify({ needed: diff.needed, sql: diff.sql }));
      pruneOldest(dir, KEEP_ENTRIES);
    } catch {
      // a full disk or a read-only .git: the next run diffs again
    }
  }
  return { ...diff, cached: false };
}

/**
 * A decision the datamodels alone made for these schemas (rules/prisma-migration/schema-diff.ts),
 * kept beside the engine's answers: a commit refused for its missing migration and retried, or
 * pushed after pre-commit refused it with --no-verify, then loads no Prisma wasm at all.
 */
export function readDatamodelDecision(provider: string, from: readonly SchemaFile[], to: readonly SchemaFile[], engines: PrismaWasmFiles, commonDir: string | undefined): unknown {
  const file = decisionFile(provider, from, to, engines, commonDir);
  if (!file || !existsSync(file) || !tightenFile(file)) return undefined;
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { decision?: unknown };
    const now = new Date();
    utimesSync(file, now, now);
    return stored.decision;
  } catch {
    return undefined; // cut short or corrupt: decided again and rewritten
  }
}

export function storeDatamodelDecision(provider: string, from: readonly SchemaFile[], to: readonly SchemaFile[], engines: PrismaWasmFiles, commonDir: string | undefined, decision: unknown): void {
  const file = decisionFile(provider, from, to, engines, commonDir);
  if (!file) return;
  try {
    writePrivateFile(file, JSON.stringify({ decision }));
    pruneOldest(path.dirname(file), KEEP_ENTRIES);
  } catch {
    // a full disk or a read-only .git: the next run decides again
  }
}

function decisionFile(provider: string, from: readonly SchemaFile[], to: readonly SchemaFile[], engines: PrismaWasmFiles, commonDir: string | undefined): string | undefined {
  const dir = commonDir === undefined ? undefined : privateStateDir(commonDir, 'prisma-diff');
  return dir && path.join(dir, `${cacheKey(`datamodels:${provider}`, from, to, engines)}.json`);
}

/** Has the engine answered for these schemas before (so its SQL costs no engine)? */
export function hasCachedEngineDiff(
  provider: string,
  from: readonly SchemaFile[] | undefined,
  to: readonly SchemaFile[],
  engines: PrismaWasmFiles,
  commonDir: string | undefined,
): boolean {
  const dir = commonDir === undefined ? undefined : privateStateDir(commonDir, 'prisma-diff');
  return dir !== undefined && existsSync(path.join(dir, `${cacheKey(provider, from, to, engines)}.json`));
}

function readCached(file: string): EngineDiff | undefined {
  if (!existsSync(file) || !tightenFile(file)) return undefined;
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<EngineDiff>;
    if (typeof value.needed !== 'boolean' || typeof value.sql !== 'string') return undefined;
    const now = new Date();
    utimesSync(file, now, now); // most recently used: kept by pruneOldest
    return { needed: value.needed, sql: value.sql };
  } catch {
    return undefined; // cut short or corrupt: diffed again and rewritten
  }
}

function cacheKey(provider: string, from: readonly SchemaFile[] | undefined, to: readonly SchemaFile[], engines: PrismaWasmFiles): string {
  const schema = (files: readonly SchemaFile[] | undefined) => files?.map((file) => [file.path, file.content]) ?? null;
  return crypto()
    .createHash('sha256')
    .update(JSON.stringify([FORMAT, engines.version, engines.schemaEngine ?? '', provider, schema(from), schema(to)]))
    .digest('hex');
}
