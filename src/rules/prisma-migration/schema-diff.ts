// Does a schema change need a database migration? Asked of Prisma's schema engine (the SQL
// `prisma migrate diff` would print) where it runs offline, otherwise answered by comparing datamodels.
// Judged by the project's own Prisma version when it is installed; by shipguard's otherwise, and then
// a rejection only a newer (or older) Prisma makes is not held against the project.
import { errorMessage } from '../../errors.js';
import { bundledPrismaWasm, type PrismaWasmFiles } from '../../lazy.js';
import { changeLines, datamodelBlindSpot, datamodelChanges, type DatamodelChange } from './datamodel-diff.js';
import { objectsOfSql, type DbObject } from './db-objects.js';
import type { ProjectPrisma } from '../../prisma/project-prisma.js';
import { datasourceProvider, type SchemaDiagnostic, type SchemaFile } from '../../prisma/schema-text.js';
import { stripFeatures, unknownPreviewFeatures, versionSensitive } from '../../prisma/version-leniency.js';
import { cachedEngineDiff, hasCachedEngineDiff, readDatamodelDecision, storeDatamodelDecision } from '../../prisma/diff-cache.js';
import { ENGINE_PROVIDERS, engineDiff, getDatamodel, SchemaInvalidError, validateSchema } from '../../prisma/wasm.js';

export type Decision =
  /** The new schema does not validate. */
  | { kind: 'invalid'; diagnostics: SchemaDiagnostic[] }
  /** Another Prisma version than the project's rejects the new schema for what only that version forbids. */
  | { kind: 'other-version'; diagnostics: SchemaDiagnostic[] }
  /** MongoDB: Prisma Migrate does not apply. */
  | { kind: 'no-migrations'; provider: string }
  /** The old schema does not validate, so there is nothing to compare with. */
  | { kind: 'old-invalid'; provider: string }
  | {
      kind: 'compared';
      provider: string;
      needed: boolean;
      /** SQL statements (engine) or database changes (fallback). */
      evidence: string;
      /** Which method decided, for messages: `Prisma 7.10.0 schema engine diff`. */
      method: string;
      suggestedName: string;
      /** The tables, columns, indexes and enums the change touches. */
      objects: DbObject[];
    };

export interface Judge {
  prisma: ProjectPrisma;
  /**
   * Only whether a migration is needed matters (none came with the change) and a hook is waiting: a
   * change the datamodels show the engine always turns into SQL decides without loading the engine
   * (~200 ms of a run: loading its wasm, compiling what the first diff runs). Its evidence is then
   * the datamodel changes rather than the SQL; `ci` keeps the SQL.
   */
  certainIsEnough?: boolean;
  /** What judged, for --verbose/json: versions and where their engines came from. */
  notes: string[];
  /** The git common dir: the engine's answers are kept there between runs (prisma/diff-cache.ts). */
  commonDir?: string;
}

export async function decideMigration(before: SchemaFile[] | undefined, after: SchemaFile[], judge: Judge): Promise<Decision> {
  const broken = unreadable(before, after);
  if (broken) return { kind: 'invalid', diagnostics: [broken] };
  const provider = datasourceProvider(after) ?? datasourceProvider(before ?? []) ?? 'unknown';
  const engines = judge.prisma.engines;
  const differ = ENGINE_PROVIDERS[provider] ? diffEngines(engines) : undefined;
  if (differ && judge.certainIsEnough && before && !hasCachedEngineDiff({ provider, from: before, to: after, engines: differ }, judge.commonDir)) {
    const certain = await certainChange(provider, before, after, engines, judge);
    if (certain) return certain;
  }
  if (differ === engines) return diffWith(provider, before, after, engines, judge);
  if (!differ) {
    const why = ENGINE_PROVIDERS[provider] ? 'DMMF comparison: no schema engine installed' : `DMMF comparison: no offline ${provider} connector in the schema engine`;
    return withDatamodels(provider, before, after, engines, judge, why);
  }
  // Prisma 5 has no schema-engine wasm: validated by the project's version, diffed by shipguard's.
  const adapted = await validated(after, engines, judge);
  if ('kind' in adapted) return adapted;
  try {
    const decision = await diffWith(provider, before && stripFeatures(before, adapted.stripped), adapted.files, differ, judge, true);
    judge.notes.push(`Diffed by Prisma ${differ.version}'s schema engine (Prisma ${engines.version} has no schema-engine wasm).`);
    return decision;
  } catch (error) {
    judge.notes.push(`Prisma ${differ.version}'s schema engine could not diff this schema: ${errorMessage(error).split('\n')[0]}`);
    return withDatamodels(provider, before, after, engines, judge, 'DMMF comparison');
  }
}

/**
 * The database changes the datamodels show and the engine would surely turn into SQL (see
 * `DatamodelChange.certain`), as a decision; undefined when there is none, or when either schema has
 * what a datamodel misrepresents or does not validate here (the engine then decides as usual).
 */
async function certainChange(provider: string, before: SchemaFile[], after: SchemaFile[], engines: PrismaWasmFiles, judge: Judge): Promise<Decision | undefined> {
  if ([...before, ...after].some((file) => datamodelBlindSpot(file.content))) return undefined;
  const pair = { provider, from: before, to: after, engines };
  const known = readDatamodelDecision(pair, judge.commonDir);
  if (isStoredDecision(known)) {
    judge.notes.push(`The datamodels' answer for these two schemas was read from .git/shipguard/prisma-diff/ (no Prisma wasm loaded).`);
    return known;
  }
  const decision = await decideFromDatamodels(provider, before, after, engines, judge);
  if (decision?.kind === 'compared') storeDatamodelDecision(pair, judge.commonDir, decision);
  return decision;
}

/** A decision as certainChange stores it (anything else is decided again). */
function isStoredDecision(value: unknown): value is Decision {
  const decision = value as Partial<Extract<Decision, { kind: 'compared' }>> | undefined;
  return (
    decision?.kind === 'compared' &&
    decision.needed === true &&
    [decision.provider, decision.evidence, decision.method, decision.suggestedName].every((text) => typeof text === 'string') &&
    Array.isArray(decision.objects)
  );
}

async function decideFromDatamodels(provider: string, before: SchemaFile[], after: SchemaFile[], engines: PrismaWasmFiles, judge: Judge): Promise<Decision | undefined> {
  const notes = judge.notes.length;
  const adapted = await validated(after, engines, judge);
  if ('kind' in adapted) return adapted;
  judge.notes.length = notes; // the engine path validates and says so itself
  let previous;
  try {
    previous = await getDatamodel(stripFeatures(before, adapted.stripped), engines, judge.commonDir);
  } catch (error) {
    if (error instanceof SchemaInvalidError) return undefined;
    throw error;
  }
  const certain = datamodelChanges(previous, await getDatamodel(adapted.files, engines, judge.commonDir), provider).filter((change) => change.certain);
  if (!certain.length) return undefined;
  judge.notes.push(`Validated by Prisma ${engines.version} (${judge.prisma.enginesFrom}); its datamodels show a database change the schema engine always makes, so the engine was not loaded.`);
  const lines = changeLines(certain);
  return {
    kind: 'compared',
    provider,
    needed: true,
    evidence: lines.map((change) => change.text).join('\n'),
    method: `Prisma ${engines.version.replace(/-.*/, '')} datamodel comparison`,
    suggestedName: nameFromChanges(lines),
    objects: certain.map((change) => change.object),
  };
}

/** For projects without migrations (`db push`): is the new schema one Prisma accepts? Undefined when it is. */
export async function checkValidity(before: SchemaFile[] | undefined, after: SchemaFile[], judge: Judge): Promise<Decision | undefined> {
  const broken = unreadable(before, after);
  if (broken) return { kind: 'invalid', diagnostics: [broken] };
  const adapted = await validated(after, judge.prisma.engines, judge);
  return 'kind' in adapted ? adapted : undefined;
}

/** Empty, whitespace-only or binary schema files: what git gives for a file truncated or corrupted. */
function unreadable(before: SchemaFile[] | undefined, after: SchemaFile[]): SchemaDiagnostic | undefined {
  const nul = after.find((file) => file.binary || file.content.includes('\0'));
  if (nul) return { file: nul.path, line: 1, message: 'the file contains NUL bytes: it is not a text schema' };
  if (after.every((file) => !file.content.trim())) return { file: after[0]?.path, line: 1, message: 'the schema is empty: it defines no datasource and no models' };
  if (before && datasourceProvider(before) && !datasourceProvider(after)) {
    return { file: after[0]?.path, line: 1, message: 'the schema no longer has a datasource block with a provider' };
  }
  return undefined;
}

/** The schema engine of the judging version, or shipguard's when that version has none (Prisma 5). */
function diffEngines(engines: PrismaWasmFiles): PrismaWasmFiles | undefined {
  if (engines.schemaEngine) return engines;
  try {
    const bundled = bundledPrismaWasm();
    return bundled.schemaEngine ? bundled : undefined;
  } catch {
    return undefined;
  }
}

async function diffWith(
  provider: string,
  before: SchemaFile[] | undefined,
  after: SchemaFile[],
  engines: PrismaWasmFiles,
  judge: Judge,
  borrowed = false,
): Promise<Decision> {
  const method = `Prisma ${engines.version.replace(/-.*/, '')} schema engine diff`;
  try {
    const diff = await cachedEngineDiff({ provider, from: before, to: after, engines }, judge.commonDir);
    if (!borrowed) judge.notes.push(`Validated and diffed by Prisma ${engines.version} (${judge.prisma.enginesFrom}).`);
    if (diff.cached) judge.notes.push(`The schema engine's answer for these two schemas was read from .git/shipguard/prisma-diff/ (no engine loaded).`);
    return { kind: 'compared', provider, needed: diff.needed, evidence: diff.sql, method, suggestedName: nameFromSql(diff.sql), objects: objectsOfSql(diff.sql) };
  } catch (error) {
    if (!(error instanceof SchemaInvalidError)) {
      if (borrowed) throw error;
      return withDatamodels(provider, before, after, engines, judge, `DMMF comparison: the schema engine failed: ${errorMessage(error)}`);
    }
    // Which side is invalid? Diffing the new schema from nothing answers it.
    try {
      await engineDiff(provider, undefined, after, engines);
    } catch (again) {
      if (!(again instanceof SchemaInvalidError)) throw again;
      const adapted = await lenient(after, again.diagnostics, engines, judge, borrowed);
      if ('kind' in adapted) {
        if (borrowed) throw again;
        return adapted;
      }
      return diffWith(provider, before && stripFeatures(before, adapted.stripped), adapted.files, engines, judge, borrowed);
    }
    return { kind: 'old-invalid', provider };
  }
}

interface Adapted {
  files: SchemaFile[];
  /** Preview features removed because only another Prisma version knows them. */
  stripped: string[];
}

/** The schema as the judging engines accept it, or why not. */
async function validated(after: SchemaFile[], engines: PrismaWasmFiles, judge: Judge): Promise<Adapted | Decision> {
  const diagnostics = await validateSchema(after, engines, judge.commonDir);
  if (!diagnostics.length) {
    judge.notes.push(`Validated by Prisma ${engines.version} (${judge.prisma.enginesFrom}).`);
    return { files: after, stripped: [] };
  }
  return lenient(after, diagnostics, engines, judge);
}

/**
 * A rejection by engines of another version than the project's: when every reason is one versions
 * differ on (a preview feature one knows and the other does not, syntax one removed), it is the
 * project's Prisma that decides, so the finding becomes a warning; unknown preview features are
 * dropped so that the migration check can still run.
 */
async function lenient(after: SchemaFile[], diagnostics: SchemaDiagnostic[], engines: PrismaWasmFiles, judge: Judge, borrowed = false): Promise<Adapted | Decision> {
  if (!(judge.prisma.otherVersion || borrowed) || !diagnostics.every((diagnostic) => versionSensitive(diagnostic.message))) return { kind: 'invalid', diagnostics };
  const unknown = unknownPreviewFeatures(diagnostics);
  if (!unknown.length) return { kind: 'other-version', diagnostics };
  const files = stripFeatures(after, unknown);
  if (!borrowed && (await validateSchema(files, engines, judge.commonDir)).length) return { kind: 'other-version', diagnostics };
  const from = borrowed ? "shipguard's @prisma/internals" : judge.prisma.enginesFrom;
  judge.notes.push(`Judged by Prisma ${engines.version} (${from}) without the preview feature(s) ${unknown.join(', ')}, which it does not know.`);
  return { files, stripped: unknown };
}

async function withDatamodels(
  provider: string,
  before: SchemaFile[] | undefined,
  after: SchemaFile[],
  engines: PrismaWasmFiles,
  judge: Judge,
  method: string,
): Promise<Decision> {
  const adapted = await validated(after, engines, judge);
  if ('kind' in adapted) return adapted;
  if (provider === 'mongodb') return { kind: 'no-migrations', provider };
  const next = await getDatamodel(adapted.files, engines, judge.commonDir);
  let previous;
  try {
    previous = before ? await getDatamodel(stripFeatures(before, adapted.stripped), engines, judge.commonDir) : undefined;
  } catch (error) {
    if (error instanceof SchemaInvalidError) return { kind: 'old-invalid', provider };
    throw error;
  }
  const changes = datamodelChanges(previous, next, provider);
  const enums = provider === 'postgresql' || provider === 'postgres' || provider === 'cockroachdb';
  const lines = changeLines(changes);
  return {
    kind: 'compared',
    provider,
    needed: changes.length > 0,
    evidence: lines.map((change) => change.text).join('\n'),
    method,
    suggestedName: nameFromChanges(lines),
    // MySQL and SQL Server enums live in their columns: only PostgreSQL has enum types to create.
    objects: changes.map((change) => change.object).filter((object) => enums || object.kind !== 'type'),
  };
}

/** `add_tenant_status`, `change_tenants`: a migration name from the first statements of the SQL. */
export function nameFromSql(sql: string): string {
  const parts: string[] = [];
  const statement = /^(CREATE|ALTER|DROP)\s+(TABLE|TYPE|INDEX|UNIQUE INDEX|SCHEMA)\s+(?:IF (?:NOT )?EXISTS\s+)?(?:"[\w]+"\.)?"?([\w.]+)"?/gim;
  for (const match of sql.matchAll(statement)) {
    const verb = { CREATE: 'add', ALTER: 'change', DROP: 'drop' }[match[1]!.toUpperCase()]!;
    if (match[2]!.toUpperCase() === 'SCHEMA') continue;
    parts.push(`${verb}_${snake(match[3]!)}`);
  }
  return joinName(parts);
}

/** `add_user_phone`, `change_tenant_status`: a migration name from the first datamodel changes. */
function nameFromChanges(changes: DatamodelChange[]): string {
  const parts = changes.map((change) => {
    const match = /^(add|change|drop) (?:\w+ )*?(?:table|column|enum|index on|foreign key|primary key on) "?([\w]+)"?(?:\."(\w+)")?/.exec(change.text);
    return match ? `${match[1]}_${snake(match[2]!)}${match[3] ? `_${snake(match[3])}` : ''}` : '';
  });
  return joinName(parts.filter(Boolean));
}

function joinName(parts: string[]): string {
  const unique = [...new Set(parts)].slice(0, 2);
  return (unique.join('_and_') || 'schema_change').slice(0, 60);
}

function snake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^\w]+/g, '_')
    .toLowerCase();
}
