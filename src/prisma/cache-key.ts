// The name of a cache entry for what a version of Prisma's engines made of a schema (its DMMF, its
// datamodel): the same text read by the same engines gets the same entry.
import { createHash } from 'node:crypto';
import type { PrismaWasmFiles } from '../lazy.js';
import type { SchemaFile } from './schema-text.js';

/** `format` names the cache and the version of what it stores. */
export function schemaCacheKey(files: readonly SchemaFile[], engines: PrismaWasmFiles | undefined, format: number | string): string {
  const schema = files.map((file) => [file.path, file.content]);
  return createHash('sha256')
    .update(JSON.stringify([format, engines?.version ?? 'bundled', engines?.schemaWasm ?? '', schema]))
    .digest('hex');
}
