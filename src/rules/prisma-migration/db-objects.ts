// Does the migration do what the schema change needs? The database objects a schema change touches
// (from the engine's SQL, or from the datamodel comparison) against what the migration's DDL touches.
// Deliberately lenient about how: a column counts as handled when any statement on its table names
// it, an index when one with its name or its columns is created, a table when any DDL names it.
import { sqlTargets } from './sql-statements.js';
import { key, type IndexTarget, type SqlTargets } from './sql-targets.js';

export type DbObject =
  | { kind: 'table'; table: string }
  | { kind: 'column'; table: string; column: string }
  | { kind: 'index'; table: string; columns: string[]; name?: string; unique: boolean }
  /** Foreign keys (with their columns) and primary keys: handled when the table is. */
  | { kind: 'constraint'; table: string; foreignKey?: string[] }
  /** PostgreSQL enum types. */
  | { kind: 'type'; name: string };

/** The objects the engine's SQL for a schema change touches. */
export function objectsOfSql(sql: string): DbObject[] {
  return objectsOfTargets(sqlTargets([sql]));
}

export function objectsOfTargets(targets: SqlTargets): DbObject[] {
  const objects: DbObject[] = [];
  for (const table of targets.tables.values()) {
    if (table.renamedTo) continue;
    objects.push({ kind: 'table', table: table.name });
    if (!table.whole) for (const column of table.changedColumns) objects.push({ kind: 'column', table: table.name, column });
  }
  for (const index of targets.indexes) if (!targets.tables.get(key(index.table))?.renamedTo) objects.push({ kind: 'index', ...index });
  for (const foreignKey of targets.foreignKeys) {
    if (!targets.tables.get(key(foreignKey.table))?.renamedTo) objects.push({ kind: 'constraint', table: foreignKey.table, foreignKey: foreignKey.columns });
  }
  for (const name of targets.types) objects.push({ kind: 'type', name });
  return dedupe(objects);
}

/**
 * Strict: every object is an index or key that `migrations` defines the same way (an index of that
 * name or on those columns, a foreign key on those columns, a primary key in the table's CREATE).
 * Tables, columns and enums are never matched this way: whether their definitions agree cannot be
 * read from DDL without executing it.
 */
export function definedIn(objects: readonly DbObject[], migrations: SqlTargets): boolean {
  if (!objects.length) return false;
  return objects.every((object) => {
    if (object.kind === 'index') {
      const columns = columnSet(object.columns);
      return migrations.indexes.some(
        (other) => key(other.table) === key(object.table) && columnSet(other.columns) === columns && (!object.name || key(other.name ?? '') === key(object.name)),
      );
    }
    if (object.kind !== 'constraint') return false;
    if (!object.foreignKey) return Boolean(migrations.tables.get(key(object.table))?.whole);
    const columns = columnSet(object.foreignKey);
    return migrations.foreignKeys.some((other) => key(other.table) === key(object.table) && columnSet(other.columns) === columns);
  });
}

function sameIndex(index: Omit<IndexTarget, 'name'> & { name?: string }, migrations: SqlTargets): boolean {
  if (index.name && migrations.indexNames.has(key(index.name))) return true;
  const columns = columnSet(index.columns);
  return migrations.indexes.some((other) => key(other.table) === key(index.table) && columnSet(other.columns) === columns);
}

function columnSet(columns: readonly string[]): string {
  return columns.map(key).sort().join(',');
}

/** The objects `needed` names that the migration SQL leaves alone; empty when it handles them all (or cannot be read). */
export function uncovered(needed: readonly DbObject[], migrations: SqlTargets): DbObject[] {
  if (migrations.dynamic) return [];
  const types = new Set([...migrations.types].map(key));
  return needed.filter((object) => {
    switch (object.kind) {
      case 'table':
      case 'constraint':
        return !migrations.tables.has(key(object.table));
      case 'column': {
        const table = migrations.tables.get(key(object.table));
        return !(table && (table.whole || table.mentioned.has(key(object.column))));
      }
      case 'index':
        return !indexHandled(object, migrations);
      case 'type':
        return !types.has(key(object.name));
    }
  });
}

function indexHandled(index: Omit<IndexTarget, 'name'> & { name?: string }, migrations: SqlTargets): boolean {
  return Boolean(migrations.tables.get(key(index.table))?.whole) || sameIndex(index, migrations);
}

export function describeObject(object: DbObject): string {
  switch (object.kind) {
    case 'table':
      return `table "${object.table}"`;
    case 'constraint':
      return object.foreignKey ? `foreign key on "${object.table}"(${object.foreignKey.map((column) => `"${column}"`).join(', ')})` : `primary key of table "${object.table}"`;
    case 'column':
      return `column "${object.table}"."${object.column}"`;
    case 'index': {
      const what = object.unique ? 'unique index' : 'index';
      return `${what}${object.name ? ` "${object.name}"` : ''} on "${object.table}"(${object.columns.map((column) => `"${column}"`).join(', ')})`;
    }
    case 'type':
      return `enum "${object.name}"`;
  }
}

function dedupe(objects: DbObject[]): DbObject[] {
  const seen = new Set<string>();
  return objects.filter((object) => {
    const id = describeObject(object).toLowerCase();
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
