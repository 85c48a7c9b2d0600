// The schema a project's calls are checked against, read by the project's own Prisma version (its
// engines when installed, shipguard's otherwise): a schema that version accepts is never "invalid".
import { baseVersion, type ProjectPrisma } from '../../prisma/project-prisma.js';
import { datasourceProvider, type SchemaDiagnostic, type SchemaFile } from '../../prisma/schema-text.js';
import { stripFeatures, unknownPreviewFeatures, versionSensitive } from '../../prisma/version-leniency.js';
import type { Datamodel } from '../../prisma/dmmf-types.js';
import { cachedDmmf, isDmmfCached } from '../../prisma/dmmf-cache.js';
import { getDatamodel, SchemaInvalidError } from '../../prisma/wasm.js';
import { DatamodelCheck } from './datamodel-check.js';
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

/**
 * What calls are checked against first: the schema's datamodel, when its DMMF is not cached (the
 * engines take 0.5-2 s to render a large schema's). Undefined where the DMMF is quicker or the only
 * judge: cached already, engines older than Prisma 5, MongoDB (composite types), or a schema the
 * engines reject as written (the DMMF path strips what only the project's version knows, or warns).
 */
export async function datamodelCheck(files: SchemaFile[] | undefined, prisma: ProjectPrisma, commonDir: string): Promise<{ check: DatamodelCheck; stripped: string[] } | undefined> {
  const [major = 0, minor = 0] = (baseVersion(prisma.engines.version) ?? '').split('.').map(Number);
  if (!files || files.some((file) => file.binary) || major < 5) return undefined;
  const provider = datasourceProvider(files);
  if (provider === 'mongodb' || isDmmfCached(files, prisma.engines, commonDir)) return undefined;
  const read = await readDatamodel(files, prisma, commonDir);
  if (!read) return undefined;
  const text = files.map((file) => file.content).join('\n');
  const views = new Set([...text.matchAll(/^[ \t]*view[ \t]+(\w+)[ \t]*\{/gm)].map((match) => match[1]!));
  const prisma62 = major > 6 || (major === 6 && minor >= 2);
  return { check: new DatamodelCheck(read.datamodel, { provider, views, unsupportedFields: /\bUnsupported[ \t]*\(/.test(text), prisma62 }), stripped: read.stripped };
}

/**
 * The datamodel by the project's Prisma, undefined when it rejects the schema; preview features only
 * another version knows are dropped (`stripped`), as for the DMMF. Kept between runs with `commonDir`.
 */
export async function readDatamodel(files: SchemaFile[], prisma: ProjectPrisma, commonDir: string | undefined, stripped: string[] = []): Promise<{ datamodel: Datamodel; stripped: string[] } | undefined> {
  try {
    return { datamodel: await getDatamodel(stripFeatures(files, stripped), prisma.engines, commonDir), stripped };
  } catch (error) {
    if (!(error instanceof SchemaInvalidError)) throw error;
    const unknown = strippable(error.diagnostics, prisma);
    return unknown.length && !stripped.length ? readDatamodel(files, prisma, commonDir, unknown) : undefined;
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
