// The fallback when the schema engine cannot diff offline (MySQL, SQL Server): compare the database
// shape two datamodels describe. Keys are database names (`@map`/`@@map` applied), so renaming a
// field or model while keeping its column or table is no change, and comments or formatting never are.
import type { DbObject } from './db-objects.js';
import type { Datamodel, DatamodelField, DatamodelModel } from '../../prisma/dmmf-types.js';

interface Entry {
  value: string;
  object: DbObject;
  /** Columns: the parts whose change always alters the column (type with list marker, nullability). */
  column?: { base: string; optional: boolean };
}

type Shape = Map<string, Entry>;

export interface DatamodelChange {
  verb: 'add' | 'change' | 'drop';
  /** `add column "users"."email" (String)`, `change enum "Role": A -> A, B`. */
  text: string;
  object: DbObject;
  /**
   * The schema engine turns this change into SQL on the given provider, whatever else the schemas
   * say: a table or column added or dropped, a column's nullability changed, and on PostgreSQL and
   * CockroachDB a column's type or an enum type. Defaults, native types, indexes, keys and foreign
   * keys are not certain (client-side defaults, `relationMode = "prisma"`, names the engine would
   * give anyway). Only valid for schemas without views or ignored models and fields, which a
   * datamodel shows as tables or leaves out (see `datamodelBlindSpot`).
   */
  certain: boolean;
}

/** The database changes from `before` to `after`; empty when the database stays the same. */
export function datamodelChanges(before: Datamodel | undefined, after: Datamodel, provider = 'unknown'): DatamodelChange[] {
  const old: Shape = before ? shapeOf(before) : new Map();
  const next = shapeOf(after);
  const typed = TYPED_PROVIDERS.has(provider);
  const changes: DatamodelChange[] = [];
  for (const [key, entry] of next) {
    const previous = old.get(key);
    if (previous === undefined) changes.push({ verb: 'add', text: `add ${key}${describeValue(entry.value)}`, object: entry.object, certain: addedOrDroppedIsCertain(entry, typed) });
    else if (previous.value !== entry.value) {
      changes.push({ verb: 'change', text: `change ${key}: ${previous.value} -> ${entry.value}`, object: entry.object, certain: changeIsCertain(previous, entry, typed) });
    }
  }
  for (const [key, entry] of old) if (!next.has(key)) changes.push({ verb: 'drop', text: `drop ${key}`, object: entry.object, certain: addedOrDroppedIsCertain(entry, typed) });
  return changes;
}

/** Providers whose columns have a type per Prisma type and enums of their own (SQLite stores enums and strings alike as TEXT). */
const TYPED_PROVIDERS = new Set(['postgresql', 'postgres', 'cockroachdb']);

function addedOrDroppedIsCertain(entry: Entry, typed: boolean): boolean {
  if (entry.object.kind === 'table' || entry.object.kind === 'column') return true;
  return entry.object.kind === 'type' && typed;
}

function changeIsCertain(previous: Entry, next: Entry, typed: boolean): boolean {
  if (next.object.kind === 'type') return typed;
  if (!previous.column || !next.column) return false;
  return previous.column.optional !== next.column.optional || (typed && previous.column.base !== next.column.base);
}

/**
 * What a datamodel does not show as the database has it: `view` blocks (listed as models) and
 * `@ignore`/`@@ignore` (left out, though their columns and tables stay). Undefined when there is none.
 */
export function datamodelBlindSpot(schemaText: string): string | undefined {
  if (/^[ \t]*view[ \t]+\w+[ \t]*\{/m.test(schemaText)) return 'a view';
  if (/@@?ignore\b/.test(schemaText)) return 'an ignored model or field';
  return undefined;
}

/**
 * The changes as a finding lists them: the columns of a table added or dropped folded into that
 * table's line (`add table "Job" (id, status)`) instead of a line each.
 */
export function changeLines(changes: DatamodelChange[]): DatamodelChange[] {
  const tableKey = (verb: string, table: string) => `${verb}\0${table}`;
  const tables = new Map<string, DatamodelChange>();
  for (const change of changes) if (change.object.kind === 'table' && change.verb !== 'change') tables.set(tableKey(change.verb, change.object.table), change);
  const columns = new Map<DatamodelChange, string[]>();
  const lines: DatamodelChange[] = [];
  for (const change of changes) {
    const table = change.object.kind === 'column' && change.verb !== 'change' ? tables.get(tableKey(change.verb, change.object.table)) : undefined;
    if (table && change.object.kind === 'column') columns.set(table, [...(columns.get(table) ?? []), change.object.column]);
    else lines.push(change);
  }
  return lines.map((change) => (columns.has(change) ? { ...change, text: `${change.text} (${columns.get(change)!.join(', ')})` } : change));
}

function describeValue(value: string): string {
  return value ? ` (${value})` : '';
}

/** One entry per database object: `table "users"`, `column "users"."email"`, `index ...`, `enum ...`. */
function shapeOf(datamodel: Datamodel): Shape {
  const shape: Shape = new Map();
  const tables = new Map(datamodel.models.map((model) => [model.name, tableName(model)]));
  const enumNames = new Map(datamodel.enums.map((item) => [item.name, item.dbName ?? item.name]));
  for (const item of datamodel.enums) {
    const name = item.dbName ?? item.name;
    shape.set(`enum "${name}"`, { value: item.values.map((value) => value.dbName ?? value.name).join(', '), object: { kind: 'type', name } });
  }
  for (const model of datamodel.models) {
    const table = tables.get(model.name)!;
    const dbTable = model.dbName ?? model.name;
    shape.set(`table ${table}`, { value: '', object: { kind: 'table', table: dbTable } });
    const columns = new Map(model.fields.map((field) => [field.name, field.dbName ?? field.name]));
    for (const field of model.fields) {
      if (field.kind === 'object') {
        addForeignKey(shape, model, field, columns, datamodel, tables);
      } else {
        const column = field.dbName ?? field.name;
        const facets = { base: `${baseType(field, enumNames)}${field.isList ? '[]' : ''}`, optional: !field.isRequired && !field.isList };
        shape.set(`column ${table}."${column}"`, { value: columnType(field, enumNames), object: { kind: 'column', table: dbTable, column }, column: facets });
      }
    }
    if (model.primaryKey) {
      const value = model.primaryKey.fields.map((name) => columns.get(name) ?? name).join(', ');
      shape.set(`primary key on ${table}`, { value, object: { kind: 'constraint', table: dbTable } });
    }
  }
  for (const index of datamodel.indexes ?? []) {
    const model = datamodel.models.find((candidate) => candidate.name === index.model);
    if (!model) continue;
    const columns = new Map(model.fields.map((field) => [field.name, field.dbName ?? field.name]));
    const fields = index.fields.map((field) => [columns.get(field.name) ?? field.name, field.sortOrder, field.length, field.operatorClass].filter(Boolean).join(' '));
    const details = [index.dbName && `name ${index.dbName}`, index.algorithm && `using ${index.algorithm}`, index.clustered !== undefined && `clustered ${index.clustered}`];
    const table = model.dbName ?? model.name;
    const indexColumns = index.fields.map((field) => columns.get(field.name) ?? field.name);
    const object: DbObject =
      index.type === 'id' ? { kind: 'constraint', table } : { kind: 'index', table, columns: indexColumns, name: index.dbName ?? undefined, unique: index.type === 'unique' };
    shape.set(`${index.type} index on ${tables.get(model.name)}(${fields.join(', ')})`, { value: details.filter(Boolean).join(', '), object });
  }
  addImplicitJoinTables(shape, datamodel, tables);
  return shape;
}

function tableName(model: DatamodelModel): string {
  return `${model.schema ? `"${model.schema}".` : ''}"${model.dbName ?? model.name}"`;
}

function baseType(field: DatamodelField, enumNames: Map<string, string>): string {
  return field.kind === 'enum' ? `enum ${enumNames.get(field.type) ?? field.type}` : field.type;
}

function columnType(field: DatamodelField, enumNames: Map<string, string>): string {
  const type = baseType(field, enumNames);
  const native = field.nativeType ? ` @db.${field.nativeType[0]}${field.nativeType[1].length ? `(${field.nativeType[1].join(', ')})` : ''}` : '';
  const list = field.isList ? '[]' : '';
  const optional = field.isRequired || field.isList ? '' : '?';
  const fallback = field.hasDefaultValue && field.default !== undefined ? ` default ${describeDefault(field.default)}` : '';
  return `${type}${list}${optional}${native}${fallback}`;
}

/** `"free"`, `0`, `cuid(1)`, `now()`, `dbgenerated("gen_random_uuid()")`: a default as the schema writes it. */
function describeDefault(value: unknown): string {
  const call = value as { name?: unknown; args?: unknown } | null;
  if (call && typeof call === 'object' && typeof call.name === 'string' && Array.isArray(call.args)) {
    return `${call.name}(${call.args.map((arg) => JSON.stringify(arg)).join(', ')})`;
  }
  return JSON.stringify(value);
}

function addForeignKey(
  shape: Shape,
  model: DatamodelModel,
  field: DatamodelField,
  columns: Map<string, string>,
  datamodel: Datamodel,
  tables: Map<string, string>,
): void {
  if (!field.relationFromFields?.length) return;
  const table = tables.get(model.name)!;
  const target = datamodel.models.find((model) => model.name === field.type);
  const targetColumns = new Map(target?.fields.map((item) => [item.name, item.dbName ?? item.name]) ?? []);
  const from = field.relationFromFields.map((name) => columns.get(name) ?? name).join(', ');
  const to = (field.relationToFields ?? []).map((name) => targetColumns.get(name) ?? name).join(', ');
  const actions = [field.relationOnDelete && `on delete ${field.relationOnDelete}`, field.relationOnUpdate && `on update ${field.relationOnUpdate}`];
  const value = [`references ${tables.get(field.type) ?? field.type}(${to})`, ...actions.filter(Boolean)].join(' ');
  const foreignKey = field.relationFromFields.map((name) => columns.get(name) ?? name);
  shape.set(`foreign key ${table}(${from})`, { value, object: { kind: 'constraint', table: model.dbName ?? model.name, foreignKey } });
}

/** Implicit many-to-many relations live in a join table named after the relation (`_CategoryToPost`). */
function addImplicitJoinTables(shape: Shape, datamodel: Datamodel, tables: Map<string, string>): void {
  for (const model of datamodel.models) {
    for (const field of model.fields) {
      if (field.kind !== 'object' || !field.isList || !field.relationName) continue;
      const other = datamodel.models.find((candidate) => candidate.name === field.type);
      const back = other?.fields.find((item) => item.relationName === field.relationName && item.type === model.name && item !== field);
      if (!back?.isList) continue;
      const sides = [model.name, field.type].sort().map((name) => tables.get(name) ?? name);
      shape.set(`table "_${field.relationName}"`, { value: `join table of ${sides.join(' and ')}`, object: { kind: 'table', table: `_${field.relationName}` } });
    }
  }
}
