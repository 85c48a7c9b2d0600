// Walking a statement's tokens: keywords, (dotted, quoted) names, parenthesized groups.
import type { Token } from './sql-tokens.js';

/** Splits on commas outside parentheses. */
export function splitTopLevel(tokens: readonly Token[]): Token[][] {
  const parts: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (token.type === 'punct' && token.value === '(') depth++;
    if (token.type === 'punct' && token.value === ')') depth--;
    if (depth === 0 && token.type === 'punct' && token.value === ',') {
      parts.push(current);
      current = [];
    } else {
      current.push(token);
    }
  }
  if (current.length) parts.push(current);
  return parts;
}

export function isWord(token: Token | undefined, ...words: string[]): boolean {
  return token?.type === 'word' && words.includes(token.value.toUpperCase());
}

export class Cursor {
  private at = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  peek(): Token | undefined {
    return this.tokens[this.at];
  }

  peekWord(): string | undefined {
    const token = this.peek();
    return token?.type === 'word' ? token.value.toUpperCase() : undefined;
  }

  next(): Token | undefined {
    return this.tokens[this.at++];
  }

  /** The next token as an upper-case keyword (consumed), or undefined. */
  word(): string | undefined {
    const word = this.peekWord();
    if (word) this.at++;
    return word;
  }

  take(word: string): boolean {
    if (this.peekWord() !== word) return false;
    this.at++;
    return true;
  }

  takeAny(words: Set<string>): boolean {
    const word = this.peekWord();
    if (!word || !words.has(word)) return false;
    this.at++;
    return true;
  }

  /** All of the words in order, or none consumed. */
  takeSequence(...words: string[]): boolean {
    if (!words.every((word, offset) => isWord(this.tokens[this.at + offset], word))) return false;
    this.at += words.length;
    return true;
  }

  /** `a`, `"a"`, `s.a`, `[dbo].[a]`: the last part. */
  name(): string | undefined {
    let name: string | undefined;
    for (;;) {
      const token = this.peek();
      if (!token || (token.type !== 'ident' && token.type !== 'word')) break;
      name = token.value;
      this.at++;
      const dot = this.peek();
      if (dot?.type !== 'punct' || dot.value !== '.') break;
      this.at++;
    }
    return name;
  }

  /** The tokens inside the next `( … )`, consumed; undefined when the next token is not `(`. */
  parenthesized(): Token[] | undefined {
    const open = this.peek();
    if (open?.type !== 'punct' || open.value !== '(') return undefined;
    let depth = 0;
    const start = this.at + 1;
    for (; this.at < this.tokens.length; this.at++) {
      const token = this.tokens[this.at]!;
      if (token.type === 'punct' && token.value === '(') depth++;
      if (token.type === 'punct' && token.value === ')' && --depth === 0) {
        this.at++;
        return this.tokens.slice(start, this.at - 1);
      }
    }
    return this.tokens.slice(start);
  }

  rest(): Token[] {
    return this.tokens.slice(this.at);
  }
}
