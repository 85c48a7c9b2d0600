// Schemas' datamodels (models, fields, enums: a few hundred KB for a large schema), kept between runs
// in `<git common dir>/shipguard/prisma-datamodel/` (private, 0700/0600), keyed like the DMMF cache.
// Both Prisma rules read a schema's datamodel (validity, what changed, calls checked against it:
// datamodel-check.ts); with it kept, a commit retried after a refusal, or one that only calls the
// client, loads no Prisma wasm. Only a valid schema has a datamodel: an invalid one is never stored.
import { existsSync, readFileSync, utimesSync } from 'node:fs';
import path from 'node:path';
import type { PrismaWasmFiles } from '../lazy.js';
import { privateStateDir, pruneOldest, tightenFile, writePrivateFile } from '../private-files.js';
import { schemaCacheKey } from './cache-key.js';
import type { Datamodel } from './dmmf-types.js';
import type { SchemaFile } from './schema-text.js';

const FORMAT = 'datamodel 1';
/** A schema change reads two (before and after): a few branches' worth. */
const KEEP_ENTRIES = 16;

/** The stored datamodel of `files` by `engines`, if this schema was read before. */
export function storedDatamodel(files: readonly SchemaFile[], engines: PrismaWasmFiles | undefined, commonDir: string): Datamodel | undefined {
  const file = path.join(commonDir, 'shipguard', 'prisma-datamodel', `${schemaCacheKey(files, engines, FORMAT)}.json`);
  if (!existsSync(file) || !tightenFile(file)) return undefined;
  try {
    const datamodel = JSON.parse(readFileSync(file, 'utf8')) as Datamodel;
    if (!Array.isArray(datamodel.models) || !Array.isArray(datamodel.enums)) return undefined;
    const now = new Date();
    utimesSync(file, now, now); // most recently used: kept by pruneOldest
    return datamodel;
  } catch {
    return undefined; // cut short: asked for again and rewritten
  }
}

export function storeDatamodel(files: readonly SchemaFile[], engines: PrismaWasmFiles | undefined, commonDir: string, datamodel: Datamodel): void {
  const dir = privateStateDir(commonDir, 'prisma-datamodel');
  if (!dir) return;
  try {
    writePrivateFile(path.join(dir, `${schemaCacheKey(files, engines, FORMAT)}.json`), JSON.stringify(datamodel));
    pruneOldest(dir, KEEP_ENTRIES);
  } catch {
    // a full disk or a read-only .git: the next run asks the engines again
  }
}
