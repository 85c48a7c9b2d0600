// A tokenizer for migration SQL in the four dialects Prisma Migrate writes (PostgreSQL/CockroachDB,
// SQLite, MySQL, SQL Server), enough to split statements and read their DDL targets. Not a parser:
// the SQL parsers on npm each failed on some of Prisma's own DDL (see docs/rules/prisma-migration.md).

export type TokenType = 'word' | 'ident' | 'string' | 'body' | 'punct' | 'number';

export interface Token {
  type: TokenType;
  /** Words as written; identifiers unquoted; strings and dollar-quoted bodies without quotes. */
  value: string;
}

const WORD = /[A-Za-z_@#\u0080-\uffff][\w$@#\u0080-\uffff]*/y;
const NUMBER = /\d+(\.\d+)?/y;
const DOLLAR_TAG = /\$([A-Za-z_]\w*)?\$/y;

/**
 * Tokens of `sql`, comments and whitespace dropped. Unterminated quotes run to the end of the text.
 * Backslash escapes strings in MySQL and in PostgreSQL `E'…'` strings only.
 */
export function tokenize(sql: string, options: { backslashEscapes?: boolean } = {}): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < sql.length) {
    const char = sql[at]!;
    if (/\s/.test(char)) {
      at++;
    } else if (sql.startsWith('--', at)) {
      at = lineEnd(sql, at);
    } else if (sql.startsWith('/*', at)) {
      at = blockCommentEnd(sql, at);
    } else if (char === "'" || ((char === 'E' || char === 'e' || char === 'N') && sql[at + 1] === "'")) {
      const start = char === "'" ? at : at + 1;
      const [value, end] = quoted(sql, start, "'", options.backslashEscapes || char === 'E' || char === 'e');
      tokens.push({ type: 'string', value });
      at = end;
    } else if (char === '"' || char === '`') {
      const [value, end] = quoted(sql, at, char);
      tokens.push({ type: 'ident', value });
      at = end;
    } else if (char === '[') {
      const close = sql.indexOf(']', at + 1);
      const end = close < 0 ? sql.length : close;
      tokens.push({ type: 'ident', value: sql.slice(at + 1, end) });
      at = end + 1;
    } else if (char === '$' && matchAt(DOLLAR_TAG, sql, at)) {
      const tag = matchAt(DOLLAR_TAG, sql, at)!;
      const close = sql.indexOf(tag, at + tag.length);
      const end = close < 0 ? sql.length : close;
      tokens.push({ type: 'body', value: sql.slice(at + tag.length, end) });
      at = end + tag.length;
    } else if (matchAt(WORD, sql, at)) {
      const word = matchAt(WORD, sql, at)!;
      tokens.push({ type: 'word', value: word });
      at += word.length;
    } else if (matchAt(NUMBER, sql, at)) {
      const number = matchAt(NUMBER, sql, at)!;
      tokens.push({ type: 'number', value: number });
      at += number.length;
    } else {
      tokens.push({ type: 'punct', value: char });
      at++;
    }
  }
  return tokens;
}

/** Statements: tokens between top-level `;` (and SQL Server `GO` lines), empty ones dropped. */
export function statements(tokens: readonly Token[]): Token[][] {
  const result: Token[][] = [];
  let current: Token[] = [];
  for (const token of tokens) {
    if ((token.type === 'punct' && token.value === ';') || (token.type === 'word' && token.value.toUpperCase() === 'GO' && !current.length)) {
      if (current.length) result.push(current);
      current = [];
    } else {
      current.push(token);
    }
  }
  if (current.length) result.push(current);
  return result;
}

function matchAt(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

function lineEnd(sql: string, at: number): number {
  const end = sql.indexOf('\n', at);
  return end < 0 ? sql.length : end + 1;
}

/** PostgreSQL block comments nest. */
function blockCommentEnd(sql: string, at: number): number {
  let depth = 0;
  for (let index = at; index < sql.length - 1; index++) {
    if (sql.startsWith('/*', index)) {
      depth++;
      index++;
    } else if (sql.startsWith('*/', index)) {
      depth--;
      index++;
      if (!depth) return index + 1;
    }
  }
  return sql.length;
}

/** A quoted string or identifier starting at `at`; a doubled quote is the quote itself. */
function quoted(sql: string, at: number, quote: string, backslashEscapes = false): [string, number] {
  let value = '';
  for (let index = at + 1; index < sql.length; index++) {
    const char = sql[index]!;
    if (char === '\\' && backslashEscapes && index + 1 < sql.length) {
      value += sql[index + 1];
      index++;
    } else if (char === quote && sql[index + 1] === quote) {
      value += quote;
      index++;
    } else if (char === quote) {
      return [value, index + 1];
    } else {
      value += char;
    }
  }
  return [value, sql.length];
}
