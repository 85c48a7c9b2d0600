// What a schema change can break in queries that were already there. Prisma Client's query schema is
// built from the datamodel, the provider and the preview features alone, and a query can only break
// on a name it writes (a model, field, relation, compound unique or enum value). So the names the
// change removes or changes are all an unchanged file has to mention to need a re-check: an added
// index, a new field or model, a comment or a `@map` break nothing that already worked.
import type { Datamodel, DatamodelField, DatamodelModel } from '../../prisma/dmmf-types.js';
import type { ProjectPrisma } from '../../prisma/project-prisma.js';
import { schemaWithoutLayout, type SchemaFile } from '../../prisma/schema-text.js';
import { readDatamodel } from './project-schema.js';
import { uncapitalize } from './schema-index.js';

export type SchemaImpact =
  /** Nothing a query can name was removed or changed (or, `invalid`, the new schema cannot check anything). */
  | { kind: 'none'; why: string; invalid?: boolean }
  /** Queries naming one of these may now fail. */
  | { kind: 'names'; names: string[] }
  /** Anything may have changed (no base schema, an unreadable one, another provider): re-check every caller. */
  | { kind: 'all'; why: string };

/** Lines of the generator and datasource blocks that shape the query schema (`provider = …`, `previewFeatures = …`). */
const QUERY_SCHEMA_SETTING = /^(provider|previewFeatures)=/;

/** What the text alone settles, with no engine: comments, layout, additions; undefined otherwise. */
export function textImpact(before: SchemaFile[] | undefined, after: SchemaFile[]): SchemaImpact | undefined {
  if (!before || after.some((file) => file.binary)) return undefined;
  const [oldText, newText] = [schemaWithoutLayout(before), schemaWithoutLayout(after)];
  if (oldText === newText) return { kind: 'none', why: 'only comments or layout changed' };
  if (settings(oldText) === settings(newText) && onlyAdditions(oldText, newText)) return { kind: 'none', why: 'only fields, indexes, enum values or blocks were added' };
  return undefined;
}

export async function schemaImpact(before: SchemaFile[] | undefined, after: SchemaFile[], prisma: ProjectPrisma, commonDir?: string): Promise<SchemaImpact> {
  const settled = textImpact(before, after);
  if (settled) return settled;
  const sameSettings = before !== undefined && settings(schemaWithoutLayout(before)) === settings(schemaWithoutLayout(after));
  // Nothing can be checked against a schema that does not validate (prisma-migration says where): no file is re-checked.
  const newModel = after.some((file) => file.binary) ? undefined : (await readDatamodel(after, prisma, commonDir))?.datamodel;
  if (!newModel) return { kind: 'none', why: 'the new schema does not validate, so no query is checked against it', invalid: true };
  if (!before) return { kind: 'all', why: 'there was no schema before' };
  if (!sameSettings) return { kind: 'all', why: 'the provider or preview features changed' };
  const oldModel = (await readDatamodel(before, prisma, commonDir))?.datamodel;
  if (!oldModel) return { kind: 'all', why: 'the base schema does not validate' };
  if (fullTextIndexes(oldModel) !== fullTextIndexes(newModel)) return { kind: 'all', why: 'a full-text index changed' };
  const names = [...brokenNames(oldModel, newModel)].sort();
  return names.length ? { kind: 'names', names } : { kind: 'none', why: 'nothing an existing query can name was removed or changed' };
}

/** A field declaration line, normalised: `name Type`, `name Type?`, `name Type[] @attr…`. */
const FIELD_LINE = /^[A-Za-z_]\w* [A-Za-z_][\w.]*(\?|\[\])?( |$)/;
const ENUM_VALUE_LINE = /^[A-Za-z_]\w*( @map\("[^"]*"\))?$/;
const INDEX_LINE = /^@@index\([^\n]*\)$/;
const BLOCK_HEADER = /^(model|view|type|enum) [A-Za-z_]\w*\{$/;

/**
 * Decided on the text, with no engine: every block and line of `before` is still there, and what
 * was added is whole new models/enums/types, field declarations, enum values or `@@index` lines:
 * none of these can take away a name a query uses. Anything else goes to the datamodel comparison.
 */
function onlyAdditions(before: string, after: string): boolean {
  const [oldBlocks, newBlocks] = [blocksOf(before), blocksOf(after)];
  for (const [header, lines] of oldBlocks) {
    const next = newBlocks.get(header);
    if (!next) return false;
    const remaining = new Map<string, number>();
    for (const line of next) remaining.set(line, (remaining.get(line) ?? 0) + 1);
    for (const line of lines) {
      const left = remaining.get(line) ?? 0;
      if (!left) return false;
      remaining.set(line, left - 1);
    }
    const fits = header.startsWith('enum ') ? (line: string) => ENUM_VALUE_LINE.test(line) : (line: string) => FIELD_LINE.test(line) || INDEX_LINE.test(line);
    for (const [line, left] of remaining) if (left && !fits(line)) return false;
  }
  return [...newBlocks.keys()].every((header) => oldBlocks.has(header) || BLOCK_HEADER.test(header));
}

/** Normalised schema lines by the block holding them (`model User{` … `}`); '' for lines outside any. */
function blocksOf(text: string): Map<string, string[]> {
  const blocks = new Map<string, string[]>();
  let header = '';
  for (const line of text.split('\n')) {
    if (header === '' && line.endsWith('{')) header = line;
    else if (header !== '' && line === '}') header = '';
    let lines = blocks.get(header);
    if (!lines) blocks.set(header, (lines = []));
    if (line !== header && line !== '}') lines.push(line);
  }
  return blocks;
}

function settings(text: string): string {
  return text
    .split('\n')
    .filter((line) => QUERY_SCHEMA_SETTING.test(line))
    .sort()
    .join('\n');
}

function fullTextIndexes(datamodel: Datamodel): string {
  return JSON.stringify((datamodel.indexes ?? []).filter((index) => index.type === 'fulltext'));
}

/** Names a query may write that `before` accepted and `after` removed or gave another meaning. */
function brokenNames(before: Datamodel, after: Datamodel): Set<string> {
  const names = new Set<string>();
  const newModels = new Map(after.models.map((model) => [model.name, model]));
  for (const model of before.models) {
    const next = newModels.get(model.name);
    if (!next) names.add(uncapitalize(model.name));
    changedFields(model, next, names);
    for (const compound of lostCompounds(model, next)) names.add(compound);
  }
  const newTypes = new Map((after.types ?? []).map((type) => [type.name, type]));
  for (const type of before.types ?? []) changedFields(type, newTypes.get(type.name), names);
  const newEnums = new Map(after.enums.map((item) => [item.name, new Set(item.values.map((value) => value.name))]));
  for (const item of before.enums) {
    const values = newEnums.get(item.name);
    for (const value of item.values) if (!values?.has(value.name)) names.add(value.name);
  }
  return names;
}

/** Fields removed, or changed in what the client sees (not a `@map`, a native type, a default's value or a comment). */
function changedFields(model: DatamodelModel, next: DatamodelModel | undefined, names: Set<string>): void {
  const fields = new Map(next?.fields.map((field) => [field.name, clientShape(field)]));
  for (const field of model.fields) if (fields.get(field.name) !== clientShape(field)) names.add(field.name);
}

function clientShape(field: DatamodelField): string {
  const { name, kind, type, isList, isRequired, isUnique, isId, hasDefaultValue, isUpdatedAt, relationName, relationFromFields, relationToFields } = field;
  const { isReadOnly, isGenerated } = field as { isReadOnly?: boolean; isGenerated?: boolean };
  return JSON.stringify([name, kind, type, isList, isRequired, isUnique, isId, hasDefaultValue, isUpdatedAt, relationName, relationFromFields, relationToFields, isReadOnly, isGenerated]);
}

/** `where: { a_b: { a, b } }` keys of compound ids and uniques that `next` no longer has with the same fields. */
function lostCompounds(model: DatamodelModel, next: DatamodelModel | undefined): string[] {
  const compounds = (item: DatamodelModel | undefined) => [...(item?.primaryKey ? [item.primaryKey] : []), ...(item?.uniqueIndexes ?? [])];
  const kept = new Set(compounds(next).map((compound) => JSON.stringify(compound)));
  return compounds(model)
    .filter((compound) => !kept.has(JSON.stringify(compound)))
    .map((compound) => compound.name ?? compound.fields.join('_'));
}
