// Reads a migration's DDL statement by statement (tokens, not a parse tree), so one statement this
// does not understand costs nothing but itself. Schema prefixes are dropped from names.
import { constraintForeignKey, constraintIndex, leadingNames } from './sql-constraints.js';
import { Cursor, isWord, splitTopLevel } from './sql-cursor.js';
import { addIndex, emptyTargets, key, mentionAll, mergeInto, tableTarget, type IndexTarget, type SqlTargets, type TableTarget } from './sql-targets.js';
import { statements, tokenize, type Token } from './sql-tokens.js';

const CONSTRAINT_WORDS = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK', 'INDEX', 'KEY', 'FULLTEXT', 'SPATIAL', 'EXCLUDE', 'LIKE', 'PERIOD']);
const TABLE_MODIFIERS = new Set(['OR', 'REPLACE', 'TEMP', 'TEMPORARY', 'UNLOGGED', 'GLOBAL', 'LOCAL', 'VIRTUAL']);
const TRANSACTION_WORDS = new Set(['BEGIN', 'TRY', 'TRAN', 'TRANSACTION', 'END', 'CATCH', 'COMMIT', 'WORK']);

/** Targets of one or more SQL texts, merged. */
export function sqlTargets(texts: readonly string[], options: { backslashEscapes?: boolean } = {}): SqlTargets {
  const targets = emptyTargets();
  const renames: [string, string][] = [];
  for (const text of texts) readStatements(tokenize(text, options), targets, renames, options);
  for (const [from, to] of renames) mergeInto(targets, from, to);
  return targets;
}

function readStatements(tokens: Token[], targets: SqlTargets, renames: [string, string][], options: { backslashEscapes?: boolean }): void {
  for (const statement of statements(tokens)) {
    let start = 0;
    while (start < statement.length && isWord(statement[start], ...TRANSACTION_WORDS)) start++;
    const ddl = statement.slice(start);
    if (!ddl.length) continue;
    // DO blocks and function bodies: read the DDL inside.
    for (const token of ddl) if (token.type === 'body') readStatements(tokenize(token.value, options), targets, renames, options);
    readStatement(new Cursor(ddl), targets, renames);
  }
}

function readStatement(cursor: Cursor, targets: SqlTargets, renames: [string, string][]): void {
  const verb = cursor.word();
  if (verb === 'CREATE') readCreate(cursor, targets);
  else if (verb === 'ALTER') readAlter(cursor, targets, renames);
  else if (verb === 'DROP') readDrop(cursor, targets);
  else if (verb === 'RENAME' && cursor.take('TABLE')) readRenameTables(cursor, targets, renames);
  else if (verb === 'EXEC' || verb === 'EXECUTE') readExec(cursor, targets, renames);
  else if (verb === 'PREPARE' || verb === 'CALL') targets.dynamic = true;
}

function readCreate(cursor: Cursor, targets: SqlTargets): void {
  while (cursor.takeAny(TABLE_MODIFIERS));
  const unique = cursor.take('UNIQUE');
  cursor.takeAny(new Set(['CLUSTERED', 'NONCLUSTERED', 'FULLTEXT', 'SPATIAL']));
  if (cursor.take('TABLE')) {
    cursor.takeSequence('IF', 'NOT', 'EXISTS');
    const name = cursor.name();
    if (!name) return;
    const table = tableTarget(targets, name);
    table.whole = true;
    const body = cursor.parenthesized();
    if (body) readTableBody(body, table, targets);
    mentionAll(cursor.rest(), table);
  } else if (cursor.take('INDEX')) {
    cursor.take('CONCURRENTLY');
    cursor.takeSequence('IF', 'NOT', 'EXISTS');
    const name = cursor.peekWord() === 'ON' ? undefined : cursor.name();
    if (!cursor.take('ON')) return;
    cursor.take('ONLY');
    const tableName = cursor.name();
    if (!tableName) return;
    if (cursor.take('USING')) cursor.next();
    const columns = cursor.parenthesized();
    const index: IndexTarget = { name, table: tableName, columns: columns ? leadingNames(columns) : [], unique };
    addIndex(targets, index);
    mentionAll(columns ?? [], tableTarget(targets, tableName));
  } else if (cursor.take('TYPE')) {
    const name = cursor.name();
    if (name) targets.types.add(name);
  }
}

/** Columns and table constraints of `CREATE TABLE t (…)`. */
function readTableBody(body: Token[], table: TableTarget, targets: SqlTargets): void {
  for (const element of splitTopLevel(body)) {
    mentionAll(element, table);
    const first = element[0];
    if (!first) continue;
    const keyword = first.type === 'word' ? first.value.toUpperCase() : '';
    if (CONSTRAINT_WORDS.has(keyword)) {
      const index = constraintIndex(element, table.name);
      if (index) addIndex(targets, index);
      const foreignKey = constraintForeignKey(element, table.name);
      if (foreignKey) targets.foreignKeys.push(foreignKey);
    } else if (first.type === 'ident' || first.type === 'word') {
      table.changedColumns.add(first.value);
      if (element.some((token) => isWord(token, 'REFERENCES'))) targets.foreignKeys.push({ table: table.name, columns: [first.value] });
    }
  }
}

function readAlter(cursor: Cursor, targets: SqlTargets, renames: [string, string][]): void {
  const object = cursor.word();
  if (object === 'TABLE') {
    cursor.takeSequence('IF', 'EXISTS');
    cursor.take('ONLY');
    const name = cursor.name();
    if (!name) return;
    const table = tableTarget(targets, name);
    for (const action of splitTopLevel(cursor.rest())) readTableAction(new Cursor(action), table, targets, renames);
  } else if (object === 'TYPE') {
    const name = cursor.name();
    if (!name) return;
    targets.types.add(name);
    if (cursor.takeSequence('RENAME', 'TO')) {
      const to = cursor.name();
      if (to) targets.types.add(to);
    }
  } else if (object === 'INDEX') {
    cursor.takeSequence('IF', 'EXISTS');
    const name = cursor.name();
    if (name) targets.indexNames.add(key(name));
    if (cursor.takeSequence('RENAME', 'TO')) {
      const to = cursor.name();
      if (to) targets.indexNames.add(key(to));
    }
  }
}

function readTableAction(cursor: Cursor, table: TableTarget, targets: SqlTargets, renames: [string, string][]): void {
  mentionAll(cursor.rest(), table);
  const verb = cursor.word();
  if (verb === 'RENAME') {
    if (cursor.take('TO') || cursor.take('AS')) {
      const to = cursor.name();
      if (to) renames.push([table.name, to]);
      return;
    }
    const what = cursor.peekWord();
    if (what === 'INDEX' || what === 'KEY' || what === 'CONSTRAINT') {
      cursor.next();
      for (const name of [cursor.name(), cursor.take('TO') ? cursor.name() : undefined]) if (name) targets.indexNames.add(key(name));
      return;
    }
    cursor.take('COLUMN');
    for (const name of [cursor.name(), cursor.take('TO') ? cursor.name() : undefined]) if (name) table.changedColumns.add(name);
    return;
  }
  if (verb === 'ADD' || verb === 'DROP' || verb === 'ALTER' || verb === 'MODIFY' || verb === 'CHANGE') {
    const next = cursor.peekWord();
    if (next && CONSTRAINT_WORDS.has(next) && next !== 'LIKE') {
      if (verb === 'ADD') {
        const index = constraintIndex(cursor.rest(), table.name);
        if (index) addIndex(targets, index);
        const foreignKey = constraintForeignKey(cursor.rest(), table.name);
        if (foreignKey) targets.foreignKeys.push(foreignKey);
      } else if (verb === 'DROP' && (next === 'INDEX' || next === 'KEY' || next === 'CONSTRAINT')) {
        cursor.next();
        cursor.takeSequence('IF', 'EXISTS');
        const name = cursor.name();
        if (name) targets.indexNames.add(key(name));
      }
      return;
    }
    cursor.take('COLUMN');
    cursor.takeSequence('IF', 'NOT', 'EXISTS');
    cursor.takeSequence('IF', 'EXISTS');
    const column = cursor.name();
    if (column) table.changedColumns.add(column);
    if (verb === 'CHANGE') {
      const renamed = cursor.name();
      if (renamed) table.changedColumns.add(renamed);
    }
  }
}

function readDrop(cursor: Cursor, targets: SqlTargets): void {
  const object = cursor.word();
  cursor.take('CONCURRENTLY');
  cursor.takeSequence('IF', 'EXISTS');
  if (object === 'TABLE') {
    for (const part of splitTopLevel(cursor.rest())) {
      const name = new Cursor(part).name();
      if (name) tableTarget(targets, name).whole = true;
    }
  } else if (object === 'INDEX') {
    const name = cursor.name();
    if (name) targets.indexNames.add(key(name));
    if (cursor.take('ON')) {
      const table = cursor.name();
      if (table) tableTarget(targets, table);
    }
  } else if (object === 'TYPE') {
    for (const part of splitTopLevel(cursor.rest())) {
      const name = new Cursor(part).name();
      if (name) targets.types.add(name);
    }
  }
}

/** MySQL `RENAME TABLE a TO b, c TO d`. */
function readRenameTables(cursor: Cursor, targets: SqlTargets, renames: [string, string][]): void {
  for (const part of splitTopLevel(cursor.rest())) {
    const pair = new Cursor(part);
    const from = pair.name();
    const to = pair.take('TO') ? pair.name() : undefined;
    if (from && to) {
      tableTarget(targets, from);
      renames.push([from, to]);
    }
  }
}

/** SQL Server `EXEC sp_rename 'dbo.T.old', 'new', 'COLUMN'`; any other EXEC is dynamic SQL. */
function readExec(cursor: Cursor, targets: SqlTargets, renames: [string, string][]): void {
  const procedure = cursor.name();
  if (procedure?.toLowerCase() !== 'sp_rename') {
    targets.dynamic = true;
    return;
  }
  const strings = cursor.rest().filter((token) => token.type === 'string').map((token) => token.value);
  const [object = '', newName, kind = ''] = strings;
  const parts = object.split('.').map((part) => part.replace(/^\[|\]$/g, ''));
  if (kind.toUpperCase() === 'COLUMN' && parts.length >= 2) {
    const table = tableTarget(targets, parts[parts.length - 2]!);
    table.changedColumns.add(parts[parts.length - 1]!);
    if (newName) table.changedColumns.add(newName);
  } else if (kind.toUpperCase() === 'INDEX') {
    targets.indexNames.add(key(parts[parts.length - 1]!));
    if (newName) targets.indexNames.add(key(newName));
  } else if (parts.length && newName) {
    tableTarget(targets, parts[parts.length - 1]!);
    renames.push([parts[parts.length - 1]!, newName]);
  }
}

