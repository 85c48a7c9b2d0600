// The schema a project's calls are checked against, read by the project's own Prisma version (its
// engines when installed, shipguard's otherwise): a schema that version accepts is never "invalid".
import type { ProjectPrisma } from '../../prisma/project-prisma.js';
import type { SchemaDiagnostic, SchemaFile } from '../../prisma/schema-text.js';
import { unknownPreviewFeatures, versionSensitive } from '../../prisma/version-leniency.js';
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
export async function indexSchema(files: SchemaFile[] | undefined, prisma: ProjectPrisma, commonDir?: string): Promise<Indexed | undefined> {
  if (!files) return undefined;
  try {
    const { tables, cached, stripped } = await cachedDmmf(files, prisma.engines, commonDir, (diagnostics) => strippable(diagnostics, prisma));
    return { index: new SchemaIndex(tables), stripped, cached };
  } catch (error) {
    if (!(error instanceof SchemaInvalidError)) throw error;
    return { diagnostics: error.diagnostics };
  }
}

/** Preview features only the project's own Prisma version knows, when that is all the engines object to. */
function strippable(diagnostics: SchemaDiagnostic[], prisma: ProjectPrisma): string[] {
  const onlyVersion = prisma.otherVersion && diagnostics.every((diagnostic) => versionSensitive(diagnostic.message));
  return onlyVersion ? unknownPreviewFeatures(diagnostics) : [];
}

/** For --verbose/json: which Prisma read the schema, and the version the project uses. */
export function judgedBy(schemaPath: string, prisma: ProjectPrisma, stripped: string[]): string {
  const uses = prisma.version ? `; the project uses Prisma ${prisma.version} (${prisma.versionFrom})` : '; the project names no Prisma version';
  const without = stripped.length ? `, without the preview feature(s) ${stripped.join(', ')}, which it does not know` : '';
  return `prisma-query-fields: ${schemaPath} read by Prisma ${prisma.engines.version} (${prisma.enginesFrom})${without}${uses}.`;
}
