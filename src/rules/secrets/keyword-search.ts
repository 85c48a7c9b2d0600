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
  /** Per state: the keywords (indexes) that end there, or undefined. */
  private readonly ending: (readonly number[] | undefined)[];

  constructor(private readonly keywords: readonly Keyword[]) {
    const trie = buildTrie(keywords);
    this.ending = trie.ending;
    this.next = compile(trie);
  }

  /**
   * Calls `found` with the index of every keyword occurrence in `text` (once per occurrence; an exact
   * keyword only where its letter case matches).
   */
  search(text: string, found: (keyword: number) => void): void {
    const { next, ending, keywords } = this;
    let state = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      state = code < ALPHABET ? next[state * ALPHABET + code]! : 0;
      const ends = ending[state];
      if (ends === undefined) continue;
      for (const keyword of ends) {
        const { text: word, caseless } = keywords[keyword]!;
        if (caseless || text.startsWith(word, index + 1 - word.length)) found(keyword);
      }
    }
  }
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
