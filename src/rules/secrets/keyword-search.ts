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
    ({ next: this.next, firstEnding: this.firstEnding, ending: this.ending } = compile(buildTrie(keywords)));
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

/**
 * The transition table, with the states where keywords end numbered last. Breadth first, so a
 * state's fallback (its longest proper suffix in the trie) is complete before it: its row starts as
 * a copy of the fallback's row, then its own children overwrite their characters. Built on every
 * run, so it copies rows instead of looping over every character of every state.
 */
function compile(trie: Trie): { next: Uint16Array; firstEnding: number; ending: (readonly number[])[] } {
  const size = trie.children.length;
  const fallback = new Uint16Array(size);
  const order = [0];
  for (let head = 0; head < order.length; head++) {
    const state = order[head]!;
    for (const [code, child] of trie.children[state]!) {
      fallback[child] = state === 0 ? 0 : step(trie, fallback, fallback[state]!, code);
      // A keyword that ends at the fallback state also ends here (`secret` inside `aws_secret`).
      const inherited = trie.ending[fallback[child]!];
      if (inherited) trie.ending[child] = [...(trie.ending[child] ?? []), ...inherited];
      order.push(child);
    }
  }
  const ending = order.filter((state) => trie.ending[state]);
  const numbered = [...order.filter((state) => !trie.ending[state]), ...ending];
  const id = new Uint16Array(size);
  numbered.forEach((state, position) => (id[state] = position));
  const next = new Uint16Array(size * ALPHABET);
  for (const state of order) {
    const row = id[state]! * ALPHABET;
    if (state !== 0) next.copyWithin(row, id[fallback[state]!]! * ALPHABET, id[fallback[state]!]! * ALPHABET + ALPHABET);
    for (const [code, child] of trie.children[state]!) {
      next[row + code] = id[child]!;
      if (code >= 97 && code <= 122) next[row + code - 32] = id[child]!; // the upper-case letter
    }
  }
  return { next, firstEnding: size - ending.length, ending: ending.map((state) => trie.ending[state]!) };
}

/** The trie state reached from `state` by `code`, following fallbacks (known for shallower states). */
function step(trie: Trie, fallback: Uint16Array, state: number, code: number): number {
  for (;;) {
    const child = trie.children[state]!.get(code);
    if (child !== undefined) return child;
    if (state === 0) return 0;
    state = fallback[state]!;
  }
}
