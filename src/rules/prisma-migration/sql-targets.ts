// What a migration's DDL creates, alters or drops (read by sql-statements.ts): tables with the columns
// each statement names, indexes, foreign keys and enum types. Names compare case-insensitively.
import type { Token } from './sql-tokens.js';

export interface IndexTarget {
  name?: string;
  table: string;
  columns: string[];
  unique: boolean;
}

export interface TableTarget {
  name: string;
  /** Created or dropped whole (a SQLite redefinition is a create + rename): every column is covered. */
  whole: boolean;
  /** Columns the statements add, drop, alter or rename explicitly. */
  changedColumns: Set<string>;
  /** Every identifier the statements on this table name (columns in any clause), lower-cased. */
  mentioned: Set<string>;
  /** Renamed to this table afterwards (SQLite's `new_User` → `User`): gone by the end. */
  renamedTo?: string;
}

export interface ForeignKeyTarget {
  table: string;
  columns: string[];
}

export interface SqlTargets {
  tables: Map<string, TableTarget>;
  indexes: IndexTarget[];
  foreignKeys: ForeignKeyTarget[];
  /** Index and constraint names created, dropped or renamed, lower-cased. */
  indexNames: Set<string>;
  /** Enum (and other) types created, altered or dropped. */
  types: Set<string>;
  /** Dynamic SQL (EXECUTE, PREPARE, procedure calls): what it changes cannot be read. */
  dynamic: boolean;
}

export function emptyTargets(): SqlTargets {
  return { tables: new Map(), indexes: [], foreignKeys: [], indexNames: new Set(), types: new Set(), dynamic: false };
}

/** Names compare case-insensitively (Prisma quotes them, hand-written SQL often does not). */
export function key(name: string): string {
  return name.toLowerCase();
}

export function addIndex(targets: SqlTargets, index: IndexTarget): void {
  targets.indexes.push(index);
  if (index.name) targets.indexNames.add(key(index.name));
}

export function tableTarget(targets: SqlTargets, name: string): TableTarget {
  let table = targets.tables.get(key(name));
  if (!table) {
    table = { name, whole: false, changedColumns: new Set(), mentioned: new Set() };
    targets.tables.set(key(name), table);
  }
  return table;
}

export function mentionAll(tokens: readonly Token[], table: TableTarget): void {
  for (const token of tokens) if (token.type === 'ident' || token.type === 'word') table.mentioned.add(key(token.value));
}

/** `ALTER TABLE "new_User" RENAME TO "User"`: what was done to new_User was done to User. */
export function mergeInto(targets: SqlTargets, from: string, to: string): void {
  const source = targets.tables.get(key(from));
  if (!source || key(from) === key(to)) return;
  const target = tableTarget(targets, to);
  source.renamedTo = to;
  target.whole ||= source.whole;
  for (const column of source.changedColumns) target.changedColumns.add(column);
  for (const word of source.mentioned) target.mentioned.add(word);
  const moved = targets.indexes.filter((index) => key(index.table) === key(from));
  for (const index of moved) targets.indexes.push({ ...index, table: to });
  const keys = targets.foreignKeys.filter((foreignKey) => key(foreignKey.table) === key(from));
  for (const foreignKey of keys) targets.foreignKeys.push({ ...foreignKey, table: to });
}
