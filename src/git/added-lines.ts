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
 * added line, its index among the section's lines, its line number in the new content, and where
 * its bytes are (the secrets scanner searches them without decoding: scanner.ts, EncodedLines).
 */
const FIELDS = 4;

export class PatchLines implements AddedLineSource {
  /** [index in section, new line number, byte offset of the `+`, end offset before \r\n or \n] per added line. */
  private entries = new Uint32Array(FIELDS * 8);
  count = 0;
  private end: number;

  constructor(
    private readonly diff: Buffer,
    private readonly start: number,
  ) {
    this.end = start;
  }

  add(indexInSection: number, line: number, byteStart: number, byteEnd: number): void {
    if (this.count * FIELDS === this.entries.length) {
      const grown = new Uint32Array(this.entries.length * 2);
      grown.set(this.entries);
      this.entries = grown;
    }
    this.entries[this.count * FIELDS] = indexInSection;
    this.entries[this.count * FIELDS + 1] = line;
    this.entries[this.count * FIELDS + 2] = byteStart;
    this.entries[this.count * FIELDS + 3] = byteEnd;
    this.count++;
  }

  /** The section ends here: spare room is given back. */
  close(end: number): void {
    this.end = end;
    this.entries = this.entries.slice(0, this.count * FIELDS);
  }

  /** Decoded as the whole diff used to be: UTF-8 text split on \n, a trailing \r and the +/BOM dropped. */
  lines(): AddedLine[] {
    if (!this.count) return [];
    const sectionLines = this.diff.toString('utf8', this.start, this.end).split('\n');
    const lines: AddedLine[] = new Array(this.count);
    for (let index = 0; index < this.count; index++) {
      const raw = sectionLines[this.entries[index * FIELDS]!]!;
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      const line = this.lineNumber(index);
      // A UTF-8 byte order mark is not part of the first line's text (`\uFEFFKEY=value` in a .env).
      lines[index] = { line, text: line === 1 && text[1] === '\uFEFF' ? text.slice(2) : text.slice(1) };
    }
    return lines;
  }

  lineNumbers(): Set<number> {
    const numbers = new Set<number>();
    for (let index = 0; index < this.count; index++) numbers.add(this.lineNumber(index));
    return numbers;
  }

  /** Searched in the section's bytes (removed lines and headers too): an ASCII literal is the same bytes in UTF-8. */
  mayContain(literal: string): boolean {
    return this.count > 0 && this.diff.subarray(this.start, this.end).includes(literal, 0, 'latin1');
  }

  lineNumber(index: number): number {
    return this.entries[index * FIELDS + 1]!;
  }

  /**
   * The UTF-8 bytes of added line `index` in `this.bytes`, as `lines()` decodes them: without the `+`,
   * a trailing \r, or a byte order mark on line 1. A \n byte is never inside a multi-byte character,
   * so decoding a line alone gives the text decoding the whole section gives.
   */
  byteRange(index: number): [start: number, end: number] {
    let start = this.entries[index * FIELDS + 2]! + 1;
    const end = this.entries[index * FIELDS + 3]!;
    if (this.lineNumber(index) === 1 && this.diff[start] === 0xef && this.diff[start + 1] === 0xbb && this.diff[start + 2] === 0xbf) start += 3;
    return [start, end];
  }

  /** Bytes of the whole section (headers and removed lines too). */
  get byteLength(): number {
    return this.end - this.start;
  }

  get bytes(): Uint8Array {
    return this.diff;
  }

  text(index: number): string {
    const [start, end] = this.byteRange(index);
    return this.diff.toString('utf8', start, end);
  }
}

