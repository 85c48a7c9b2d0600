// The fallback when the schema engine cannot diff offline (MySQL, SQL Server): compare the database
// shape two datamodels describe. Keys are database names (`@map`/`@@map` applied), so renaming a
// field or model while keeping its column or table is no change, and comments or formatting never are.
import type { Datamodel, DatamodelField, DatamodelModel } from './dmmf-types.js';

type Shape = Map<string, string>;

/** Human-readable database changes from `before` to `after`; empty when the database stays the same. */
export function datamodelChanges(before: Datamodel | undefined, after: Datamodel): string[] {
  const old = before ? shapeOf(before) : new Map<string, string>();
  const next = shapeOf(after);
  const changes: string[] = [];
  for (const [key, value] of next) {
    const previous = old.get(key);
    if (previous === undefined) changes.push(`add ${key}${describeValue(value)}`);
    else if (previous !== value) changes.push(`change ${key}: ${previous} -> ${value}`);
  }
  for (const key of old.keys()) if (!next.has(key)) changes.push(`drop ${key}`);
  return changes;
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
    shape.set(`enum "${item.dbName ?? item.name}"`, item.values.map((value) => value.dbName ?? value.name).join(', '));
  }
  for (const model of datamodel.models) {
    const table = tables.get(model.name)!;
    shape.set(`table ${table}`, '');
    const columns = new Map(model.fields.map((field) => [field.name, field.dbName ?? field.name]));
    for (const field of model.fields) {
      if (field.kind === 'object') {
        addForeignKey(shape, table, field, columns, datamodel, tables);
      } else {
        shape.set(`column ${table}."${field.dbName ?? field.name}"`, columnType(field, enumNames));
      }
    }
    if (model.primaryKey) shape.set(`primary key on ${table}`, model.primaryKey.fields.map((name) => columns.get(name) ?? name).join(', '));
  }
  for (const index of datamodel.indexes ?? []) {
    const model = datamodel.models.find((candidate) => candidate.name === index.model);
    if (!model) continue;
    const columns = new Map(model.fields.map((field) => [field.name, field.dbName ?? field.name]));
    const fields = index.fields.map((field) => [columns.get(field.name) ?? field.name, field.sortOrder, field.length, field.operatorClass].filter(Boolean).join(' '));
    const details = [index.dbName && `name ${index.dbName}`, index.algorithm && `using ${index.algorithm}`, index.clustered !== undefined && `clustered ${index.clustered}`];
    shape.set(`${index.type} index on ${tables.get(model.name)}(${fields.join(', ')})`, details.filter(Boolean).join(', '));
  }
  addImplicitJoinTables(shape, datamodel, tables);
  return shape;
}

function tableName(model: DatamodelModel): string {
  return `${model.schema ? `"${model.schema}".` : ''}"${model.dbName ?? model.name}"`;
}

function columnType(field: DatamodelField, enumNames: Map<string, string>): string {
  const type = field.kind === 'enum' ? `enum ${enumNames.get(field.type) ?? field.type}` : field.type;
  const native = field.nativeType ? ` @db.${field.nativeType[0]}${field.nativeType[1].length ? `(${field.nativeType[1].join(', ')})` : ''}` : '';
  const list = field.isList ? '[]' : '';
  const optional = field.isRequired || field.isList ? '' : '?';
  const fallback = field.hasDefaultValue && field.default !== undefined ? ` default ${JSON.stringify(field.default)}` : '';
  return `${type}${list}${optional}${native}${fallback}`;
}

function addForeignKey(
  shape: Shape,
  table: string,
  field: DatamodelField,
  columns: Map<string, string>,
  datamodel: Datamodel,
  tables: Map<string, string>,
): void {
  if (!field.relationFromFields?.length) return;
  const target = datamodel.models.find((model) => model.name === field.type);
  const targetColumns = new Map(target?.fields.map((item) => [item.name, item.dbName ?? item.name]) ?? []);
  const from = field.relationFromFields.map((name) => columns.get(name) ?? name).join(', ');
  const to = (field.relationToFields ?? []).map((name) => targetColumns.get(name) ?? name).join(', ');
  const actions = [field.relationOnDelete && `on delete ${field.relationOnDelete}`, field.relationOnUpdate && `on update ${field.relationOnUpdate}`];
  shape.set(`foreign key ${table}(${from})`, [`references ${tables.get(field.type) ?? field.type}(${to})`, ...actions.filter(Boolean)].join(' '));
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
      shape.set(`table "_${field.relationName}"`, `join table of ${sides.join(' and ')}`);
    }
  }
}
