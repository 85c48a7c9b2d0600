// Which of the detectors' literal keywords occur in a line, in one walk over its characters: an
// Aho-Corasick automaton compiled to a transition table (what gitleaks does with its keywords). A
// regex alternation of ~190 keywords tried at every position cost ~1.2 s per 50 MB; the table walk
// is one lookup per character, whatever the number of keywords.

export interface Keyword {
  text: string;
  /** Matches any ASCII letter case (as a regex `i` flag without `u`: only ASCII letters fold). */
  caseless: boolean;
}

/** Keywords are ASCII; any other character leads back to the start state. */
const ALPHABET = 128;

export class KeywordSearch {
  /** state * ALPHABET + character → next state; upper-case letters share their lower-case transitions. */
  private readonly next: Uint16Array;
  /** States from here on end keywords: one comparison per character tells whether any ends there. */
  private readonly firstEnding: number;
  /** Per state from `firstEnding` on: the keywords (indexes) that end there. */
  private readonly ending: (readonly number[])[];

  constructor(private readonly keywords: readonly Keyword[]) {
    const trie = buildTrie(keywords);
    ({ next: this.next, firstEnding: this.firstEnding, ending: this.ending } = endingStatesLast(compile(trie), trie.ending));
  }

  /**
   * Calls `found` with the index of every keyword occurrence in `text` (once per occurrence; an exact
   * keyword only where its letter case matches).
   */
  search(text: string, found: (keyword: number) => void): void {
    const { next, firstEnding } = this;
    let state = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      state = code < ALPHABET ? next[state * ALPHABET + code]! : 0;
      if (state < firstEnding) continue;
      for (const keyword of this.ending[state - firstEnding]!) {
        const { text: word, caseless } = this.keywords[keyword]!;
        if (caseless || text.startsWith(word, index + 1 - word.length)) found(keyword);
      }
    }
  }

  /** `search` over UTF-8 bytes [start, end): the same keywords are found (they are ASCII, and so is every byte below 128). */
  searchBytes(bytes: Uint8Array, start: number, end: number, found: (keyword: number) => void): void {
    const { next, firstEnding } = this;
    let state = 0;
    for (let index = start; index < end; index++) {
      const code = bytes[index]!;
      state = code < ALPHABET ? next[state * ALPHABET + code]! : 0;
      if (state < firstEnding) continue;
      for (const keyword of this.ending[state - firstEnding]!) {
        const { text: word, caseless } = this.keywords[keyword]!;
        if (caseless || sameBytes(bytes, index + 1 - word.length, word)) found(keyword);
      }
    }
  }
}

/** Renumbers the states so that those where keywords end come last (the start state stays 0). */
function endingStatesLast(next: Uint16Array, ending: readonly (readonly number[] | undefined)[]): { next: Uint16Array; firstEnding: number; ending: (readonly number[])[] } {
  const order = [...ending.keys()].sort((a, b) => Number(ending[a] !== undefined) - Number(ending[b] !== undefined) || a - b);
  const renumbered = new Uint16Array(order.length);
  order.forEach((state, position) => (renumbered[state] = position));
  const table = new Uint16Array(next.length);
  for (let state = 0; state < order.length; state++) {
    for (let code = 0; code < ALPHABET; code++) table[renumbered[state]! * ALPHABET + code] = renumbered[next[state * ALPHABET + code]!]!;
  }
  const firstEnding = order.findIndex((state) => ending[state] !== undefined);
  if (firstEnding < 0) return { next: table, firstEnding: order.length, ending: [] };
  return { next: table, firstEnding, ending: order.slice(firstEnding).map((state) => ending[state]!) };
}

function sameBytes(bytes: Uint8Array, at: number, word: string): boolean {
  for (let offset = 0; offset < word.length; offset++) if (bytes[at + offset] !== word.charCodeAt(offset)) return false;
  return true;
}

interface Trie {
  /** Per state: child state by lower-cased character. */
  children: Map<number, number>[];
  ending: (number[] | undefined)[];
}

function buildTrie(keywords: readonly Keyword[]): Trie {
  const trie: Trie = { children: [new Map()], ending: [undefined] };
  keywords.forEach(({ text }, index) => {
    if (!text || !/^[\x20-\x7e]+$/.test(text)) throw new Error(`secrets: keyword ${JSON.stringify(text)} is not printable ASCII`);
    let state = 0;
    for (const char of text.toLowerCase()) {
      const code = char.charCodeAt(0);
      let child = trie.children[state]!.get(code);
      if (child === undefined) {
        child = trie.children.push(new Map()) - 1;
        trie.ending.push(undefined);
        trie.children[state]!.set(code, child);
      }
      state = child;
    }
    (trie.ending[state] ??= []).push(index);
  });
  if (trie.children.length > 0xffff) throw new Error('secrets: too many keywords for the search table');
  return trie;
}

/** Breadth first, so a state's fallback (longest proper suffix in the trie) is complete before it. */
function compile(trie: Trie): Uint16Array {
  const next = new Uint16Array(trie.children.length * ALPHABET);
  const fallback = new Uint16Array(trie.children.length);
  const queue = [0];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    const back = fallback[state]!;
    // A keyword that ends at the fallback state also ends here (`secret` inside `aws_secret`).
    if (state !== 0 && trie.ending[back]) trie.ending[state] = [...(trie.ending[state] ?? []), ...trie.ending[back]!];
    for (let code = 0; code < ALPHABET; code++) {
      const child = trie.children[state]!.get(fold(code));
      if (child === undefined) {
        next[state * ALPHABET + code] = state === 0 ? 0 : next[back * ALPHABET + code]!;
        continue;
      }
      next[state * ALPHABET + code] = child;
      if (code !== fold(code)) continue; // the upper-case twin of a transition already queued
      fallback[child] = state === 0 ? 0 : next[back * ALPHABET + code]!;
      queue.push(child);
    }
  }
  return next;
}

function fold(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}
