// The schema a project's calls are checked against, read by the project's own Prisma version (its
// engines when installed, shipguard's otherwise): a schema that version accepts is never "invalid".
import type { ProjectPrisma } from '../../prisma/project-prisma.js';
import type { SchemaDiagnostic, SchemaFile } from '../../prisma/schema-text.js';
import { stripFeatures, unknownPreviewFeatures, versionSensitive } from '../../prisma/version-leniency.js';
import { cachedDmmf } from '../../prisma/dmmf-cache.js';
import { SchemaInvalidError } from '../../prisma/wasm.js';
import { SchemaIndex } from './schema-index.js';

export type Indexed =
  | {
      index: SchemaIndex;
      /** Preview features dropped because only the project's version knows them. */
      stripped: string[];
      /** The DMMF came from shipguard's cache (this schema was read before). */
      cached: boolean;
    }
  | { diagnostics: SchemaDiagnostic[] };

/**
 * The schema's index by `prisma`'s engines, or why they reject it; undefined when there is no schema.
 * `commonDir` (the git common dir) lets the DMMF be cached between runs.
 */
export async function indexSchema(files: SchemaFile[] | undefined, prisma: ProjectPrisma, commonDir?: string, stripped: string[] = []): Promise<Indexed | undefined> {
  if (!files) return undefined;
  try {
    const { tables, cached } = await cachedDmmf(stripFeatures(files, stripped), prisma.engines, commonDir);
    return { index: new SchemaIndex(tables), stripped, cached };
  } catch (error) {
    if (!(error instanceof SchemaInvalidError)) throw error;
    const unknown = unknownPreviewFeatures(error.diagnostics);
    const onlyVersion = prisma.otherVersion && error.diagnostics.every((diagnostic) => versionSensitive(diagnostic.message));
    if (onlyVersion && unknown.length && !stripped.length) return indexSchema(files, prisma, commonDir, unknown);
    return { diagnostics: error.diagnostics };
  }
}

/** For --verbose/json: which Prisma read the schema, and the version the project uses. */
export function judgedBy(schemaPath: string, prisma: ProjectPrisma, stripped: string[]): string {
  const uses = prisma.version ? `; the project uses Prisma ${prisma.version} (${prisma.versionFrom})` : '; the project names no Prisma version';
  const without = stripped.length ? `, without the preview feature(s) ${stripped.join(', ')}, which it does not know` : '';
  return `prisma-query-fields: ${schemaPath} read by Prisma ${prisma.engines.version} (${prisma.enginesFrom})${without}${uses}.`;
}
