// The DMMF of a schema, kept between runs in `<git common dir>/shipguard/prisma-dmmf/` (private,
// 0700/0600), keyed by a hash of the schema text and the engines that read it. Prisma's wasm takes
// 0.5-1 s to render the DMMF of a large schema (20 MB of JSON) on every commit that touches a file
// calling the client; the schema rarely changes between commits, and reading the cached text back
// costs a tenth of that.
import { createHash } from 'node:crypto';
import { isAscii } from 'node:buffer';
import { existsSync, readFileSync, utimesSync } from 'node:fs';
import path from 'node:path';
import type { PrismaWasmFiles } from '../lazy.js';
import { privateStateDir, pruneOldest, tightenFile, writePrivateFile } from '../private-files.js';
import type { DmmfDocument } from './dmmf-types.js';
import type { SchemaFile } from './schema-text.js';
import { getDmmfText } from './wasm.js';

/** Bumped when what is stored changes (2: ASCII-only text). */
const FORMAT = 2;
/** Schemas kept: a few branches' worth (each entry is the size of the DMMF, up to tens of MB). */
const KEEP_ENTRIES = 4;

export interface CachedDmmf {
  dmmf: DmmfDocument;
  /** Read from the cache rather than rendered by the engines. */
  cached: boolean;
}

/** The DMMF of `files` by `engines`; from the cache when this schema was read before (no cache without `commonDir`). */
export async function cachedDmmf(files: readonly SchemaFile[], engines: PrismaWasmFiles | undefined, commonDir: string | undefined): Promise<CachedDmmf> {
  const dir = commonDir === undefined ? undefined : privateStateDir(commonDir, 'prisma-dmmf');
  const file = dir && path.join(dir, `${cacheKey(files, engines)}.json`);
  const hit = file ? readCached(file) : undefined;
  if (hit) return { dmmf: hit, cached: true };
  const text = await getDmmfText(files, engines); // throws SchemaInvalidError: an invalid schema is never cached
  if (file && dir) {
    try {
      writePrivateFile(file, asciiJson(text));
      pruneOldest(dir, KEEP_ENTRIES);
    } catch {
      // a full disk or a read-only .git: the next run renders the DMMF again
    }
  }
  return { dmmf: JSON.parse(text) as DmmfDocument, cached: false };
}

function readCached(file: string): DmmfDocument | undefined {
  if (!existsSync(file) || !tightenFile(file)) return undefined;
  try {
    const bytes = readFileSync(file);
    // Stored as ASCII: decoded byte for byte into a one-byte string. UTF-8 decoding of 20 MB with
    // one documentation comment in another script built a two-byte string, ~1.7x slower (measured).
    const dmmf = JSON.parse(isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8')) as DmmfDocument;
    const now = new Date();
    utimesSync(file, now, now); // most recently used: kept by pruneOldest
    return dmmf;
  } catch {
    return undefined; // cut short or corrupt: rendered again and rewritten
  }
}

/** JSON text with every non-ASCII character written as a `\\u` escape (outside strings JSON is ASCII already). */
function asciiJson(text: string): string {
  return text.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function cacheKey(files: readonly SchemaFile[], engines: PrismaWasmFiles | undefined): string {
  const schema = files.map((file) => [file.path, file.content]);
  return createHash('sha256')
    .update(JSON.stringify([FORMAT, engines?.version ?? 'bundled', engines?.schemaWasm ?? '', schema]))
    .digest('hex');
}
