// Table constraints in CREATE TABLE bodies and ALTER TABLE … ADD: the indexes and foreign keys they make.
import { Cursor, splitTopLevel } from './sql-cursor.js';
import type { Token } from './sql-tokens.js';
import type { ForeignKeyTarget, IndexTarget } from './sql-targets.js';

/** `CONSTRAINT x UNIQUE (a, b)`, `PRIMARY KEY (a)`, `UNIQUE INDEX x (a)`, `KEY x (a)`: the index it makes. */
export function constraintIndex(element: Token[], table: string): IndexTarget | undefined {
  const cursor = new Cursor(element);
  let name: string | undefined;
  if (cursor.take('CONSTRAINT')) name = cursor.name();
  const kind = cursor.word();
  if (kind === 'FOREIGN' || kind === 'CHECK' || kind === 'EXCLUDE') return undefined;
  const unique = kind === 'UNIQUE' || kind === 'PRIMARY';
  const modifiers = new Set(['KEY', 'INDEX', 'CLUSTERED', 'NONCLUSTERED']);
  while (cursor.takeAny(modifiers));
  if (cursor.peek()?.type !== 'punct') name = cursor.name() ?? name;
  while (cursor.takeAny(modifiers));
  const columns = cursor.parenthesized();
  if (!columns) return undefined;
  return { name, table, columns: leadingNames(columns), unique };
}

/** `[CONSTRAINT x] FOREIGN KEY (a, b) REFERENCES …`: the columns it constrains. */
export function constraintForeignKey(element: Token[], table: string): ForeignKeyTarget | undefined {
  const cursor = new Cursor(element);
  if (cursor.take('CONSTRAINT')) cursor.name();
  if (!cursor.takeSequence('FOREIGN', 'KEY')) return undefined;
  if (cursor.peek()?.type !== 'punct') cursor.name(); // MySQL allows an index name here
  const columns = cursor.parenthesized();
  return columns ? { table, columns: leadingNames(columns) } : undefined;
}

/** First name of each comma-separated element: the columns of `("a" ASC, "b"(10))`. */
export function leadingNames(tokens: Token[]): string[] {
  return splitTopLevel(tokens)
    .map((element) => element.find((token) => token.type === 'ident' || token.type === 'word'))
    .filter((token): token is Token => token !== undefined)
    .map((token) => token.value);
}

