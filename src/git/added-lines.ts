// A file's added lines kept as positions in the bytes git printed, decoded only when a rule reads
// them. One `{ line, text }` object per added line of a whole change, plus the diff as one string,
// cost ~450 MB for a 50 MB staged change; a rule reads one file at a time.
import type { AddedLine } from '../changeset.js';

/** Where a file's added lines come from. */
export interface AddedLineSource {
  readonly count: number;
  lines(): AddedLine[];
  lineNumbers(): Set<number>;
  /**
   * False when no added line can hold `literal` (ASCII): a caller looking for a marker skips the
   * file without decoding its lines. True may be a false alarm.
   */
  mayContain(literal: string): boolean;
}

/** Lines built in memory (a UTF-16 file diffed here). */
export class ListedLines implements AddedLineSource {
  constructor(private readonly list: readonly AddedLine[]) {}

  get count(): number {
    return this.list.length;
  }

  lines(): AddedLine[] {
    return [...this.list];
  }

  lineNumbers(): Set<number> {
    return new Set(this.list.map((added) => added.line));
  }

  mayContain(literal: string): boolean {
    return this.list.some((added) => added.text.includes(literal));
  }
}

export const NO_LINES: AddedLineSource = new ListedLines([]);

/**
 * Added lines of one `diff --git` section: the section's byte range in the diff output and, per
 * added line, its index among the section's lines and its line number in the new content.
 */
export class PatchLines implements AddedLineSource {
  /** [index in section, new line number] per added line. */
  private entries = new Uint32Array(16);
  count = 0;
  private end: number;

  constructor(
    private readonly diff: Buffer,
    private readonly start: number,
  ) {
    this.end = start;
  }

  add(indexInSection: number, line: number): void {
    if (this.count * 2 === this.entries.length) {
      const grown = new Uint32Array(this.entries.length * 2);
      grown.set(this.entries);
      this.entries = grown;
    }
    this.entries[this.count * 2] = indexInSection;
    this.entries[this.count * 2 + 1] = line;
    this.count++;
  }

  /** The section ends here: spare room is given back. */
  close(end: number): void {
    this.end = end;
    this.entries = this.entries.slice(0, this.count * 2);
  }

  /** Decoded as the whole diff used to be: UTF-8 text split on \n, a trailing \r and the +/BOM dropped. */
  lines(): AddedLine[] {
    if (!this.count) return [];
    const sectionLines = this.diff.toString('utf8', this.start, this.end).split('\n');
    const lines: AddedLine[] = new Array(this.count);
    for (let index = 0; index < this.count; index++) {
      const raw = sectionLines[this.entries[index * 2]!]!;
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      const line = this.entries[index * 2 + 1]!;
      // A UTF-8 byte order mark is not part of the first line's text (`\uFEFFKEY=value` in a .env).
      lines[index] = { line, text: line === 1 && text[1] === '\uFEFF' ? text.slice(2) : text.slice(1) };
    }
    return lines;
  }

  lineNumbers(): Set<number> {
    const numbers = new Set<number>();
    for (let index = 0; index < this.count; index++) numbers.add(this.entries[index * 2 + 1]!);
    return numbers;
  }

  /** Searched in the section's bytes (removed lines and headers too): an ASCII literal is the same bytes in UTF-8. */
  mayContain(literal: string): boolean {
    return this.count > 0 && this.diff.subarray(this.start, this.end).includes(literal, 0, 'latin1');
  }
}
