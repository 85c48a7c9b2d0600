// The scanning loop: one pass of a keyword search over each line (keyword-search.ts), then only the
// detectors whose keywords occur run on that line. Overlapping hits keep the most specific detector.
import { buildDetectors, type Detector, type Hit, type ScanLine, type SshOptions } from './detectors.js';
import type { FileInfo } from './files.js';
import { KeywordSearch, type Keyword } from './keyword-search.js';

export interface Candidate extends Hit {
  /** 1-based line in the file. */
  line: number;
  /** 1-based column. */
  col: number;
}

export interface ScannerOptions {
  ssh: SshOptions;
  /** Finding kinds switched off. */
  disable: readonly string[];
  /** False runs every detector on every line (tests check that the keyword search hides no finding). */
  prefilter?: boolean;
}

export class Scanner {
  private readonly detectors: Detector[];
  private readonly search: KeywordSearch;
  /** Per keyword of the search: the indexes of the detectors to run where it occurs. */
  private readonly detectorsOf: number[][];
  private readonly disabled: Set<string>;
  /** Per detector: the last line it was picked for (`detectorsFor` dedupes without a Set per line). */
  private readonly pickedAt: Uint32Array;
  private line = 0;
  /** Detectors (indexes) picked for the current line. */
  private readonly picked: number[] = [];
  private readonly prefilter: boolean;

  constructor(options: ScannerOptions) {
    const disabled = new Set(options.disable);
    this.detectors = buildDetectors(options.ssh).filter((detector) => detector.kinds.some((kind) => !disabled.has(kind.id)));
    this.disabled = disabled;
    this.prefilter = options.prefilter ?? true;
    this.pickedAt = new Uint32Array(this.detectors.length);
    const keywords = new Map<string, Keyword>();
    const byKeyword = new Map<string, Detector[]>();
    for (const detector of this.detectors) {
      for (const keyword of detector.keywords) {
        const key = detector.caseless ? keyword.toLowerCase() : keyword;
        keywords.set(`${detector.caseless ? 'i' : 'x'}${key}`, { text: key, caseless: !!detector.caseless });
        byKeyword.set(key, [...(byKeyword.get(key) ?? []), detector]);
      }
    }
    const list = [...keywords.values()];
    this.search = new KeywordSearch(list);
    // A keyword that contains another (`aws_secret` holds `secret`) also runs that keyword's detectors,
    // as the alternation regex this search replaced did (it reported the longest keyword at each place).
    // The search finds the candidates in each keyword's own text: comparing every pair cost ~4 ms per run.
    const order = new Map([...byKeyword.keys()].map((key, position) => [key, position]));
    for (const [key, detectors] of byKeyword) {
      const contained = new Set<string>();
      this.search.search(key, (found) => {
        const other = list[found]!.text;
        if (other !== key && key.includes(other)) contained.add(other);
      });
      for (const other of [...contained].sort((a, b) => order.get(a)! - order.get(b)!)) detectors.push(...byKeyword.get(other)!);
      byKeyword.set(key, [...new Set(detectors)]);
    }
    const indexOf = new Map(this.detectors.map((detector, index) => [detector, index]));
    this.detectorsOf = list.map(({ text }) => byKeyword.get(text)!.map((detector) => indexOf.get(detector)!));
  }

  /** Every kind a detector of this scanner can report. */
  static allKinds(): { id: string; title: string; rotate?: string }[] {
    return buildDetectors({ users: ['root'] }).flatMap((detector) => detector.kinds);
  }

  /**
   * Scans the given lines (added lines of a diff, or a whole file) of one file, of any size. A line
   * longer than WINDOW is scanned window by window, each on its own: its windows are not neighbouring
   * lines for the detectors that look around (key bodies, AWS key pairs).
   */
  scan(input: readonly ScanLine[], file: FileInfo): Candidate[] {
    if (!input.some((line) => line.text.length > WINDOW)) return this.scanLines(input, file);
    const candidates: Candidate[] = [];
    let run: ScanLine[] = [];
    const flush = () => {
      candidates.push(...this.scanLines(run, file));
      run = [];
    };
    for (const line of input) {
      if (line.text.length <= WINDOW) {
        run.push(line);
        continue;
      }
      flush();
      for (const window of windows(line)) candidates.push(...this.scanLines([window], file));
    }
    flush();
    return dedupe(candidates);
  }

  /**
   * Scans lines kept as UTF-8 bytes (a diff's added lines) as `scan` would scan them decoded: the
   * keyword search reads the bytes, and only a line holding a keyword is decoded, with the neighbours
   * its detectors read (their `reach`) when they read them. On a 50 MB change that is ~5 % of lines.
   */
  scanEncoded(input: EncodedLines, file: FileInfo): Candidate[] {
    const ranges = new Uint32Array(input.count * 2);
    for (let index = 0; index < input.count; index++) {
      const [start, end] = input.byteRange(index);
      // UTF-8 has at least as many bytes as the text has UTF-16 units: no longer line than WINDOW here.
      if (end - start > WINDOW) return this.scan(decodeAll(input), file);
      ranges[index * 2] = start;
      ranges[index * 2 + 1] = end;
    }
    const near = new NearbyLines(input);
    const candidates: Candidate[] = [];
    for (let index = 0; index < input.count; index++) {
      const wanted = this.detectorsFor(input.bytes, ranges[index * 2]!, ranges[index * 2 + 1]!);
      if (!wanted) continue;
      let before = 0;
      let after = 0;
      for (const detector of wanted) {
        before = Math.max(before, detector.reach?.before ?? 0);
        after = Math.max(after, detector.reach?.after ?? 0);
      }
      const from = Math.max(0, index - before);
      const lines = near.range(from, Math.min(input.count, index + after + 1));
      for (const candidate of this.scanAt(lines, index - from, file, wanted)) candidates.push({ ...candidate, at: candidate.at! + from });
    }
    return dedupe(candidates);
  }

  private scanLines(lines: readonly ScanLine[], file: FileInfo): Candidate[] {
    const candidates: Candidate[] = [];
    for (let index = 0; index < lines.length; index++) {
      const wanted = this.detectorsFor(lines[index]!.text);
      if (wanted) candidates.push(...this.scanAt(lines, index, file, wanted));
    }
    return dedupe(candidates);
  }

  /** The hits of the `wanted` detectors on line `index`, the most specific where they overlap. */
  private scanAt(lines: readonly ScanLine[], index: number, file: FileInfo, wanted: readonly Detector[]): Candidate[] {
    const hits: Ranked[] = [];
    for (const detector of wanted) {
      for (const hit of detector.scan(lines, index, file)) {
        if (!this.disabled.has(hit.kind)) hits.push({ ...hit, at: hit.at ?? index, priority: detector.priority });
      }
    }
    return keepSpecific(hits).map((hit) => {
      const at = lines[hit.at!]!;
      return { ...hit, line: at.line, col: (at.offset ?? 0) + hit.column + 1 };
    });
  }

  /** The detectors whose keywords occur in `text` (or bytes [start, end)), in the detectors' order (a tie between hits keeps the first). */
  private detectorsFor(text: string): Detector[] | undefined;
  private detectorsFor(bytes: Uint8Array, start: number, end: number): Detector[] | undefined;
  private detectorsFor(text: string | Uint8Array, start = 0, end = 0): Detector[] | undefined {
    if (!this.prefilter) return this.detectors;
    this.picked.length = 0;
    this.line = this.line === 0xffffffff ? 1 : this.line + 1;
    if (this.line === 1) this.pickedAt.fill(0);
    if (typeof text === 'string') this.search.search(text, this.pick);
    else this.search.searchBytes(text, start, end, this.pick);
    return this.picked.length ? this.picked.sort((a, b) => a - b).map((index) => this.detectors[index]!) : undefined;
  }

  private readonly pick = (keyword: number): void => {
    for (const index of this.detectorsOf[keyword]!) {
      if (this.pickedAt[index] === this.line) continue;
      this.pickedAt[index] = this.line;
      this.picked.push(index);
    }
  };
}

/** Lines kept as UTF-8 bytes (src/git/added-lines.ts, PatchLines). */
export interface EncodedLines {
  readonly count: number;
  readonly bytes: Uint8Array;
  /** Where line `index` lies in `bytes`, without its line break. */
  byteRange(index: number): [start: number, end: number];
  lineNumber(index: number): number;
  text(index: number): string;
}

function decodeAll(input: EncodedLines): ScanLine[] {
  return Array.from({ length: input.count }, (_, index) => ({ line: input.lineNumber(index), text: input.text(index) }));
}

/**
 * The lines around the one being scanned, decoded when a detector reads their text. Scanning moves
 * forward, so a ring of the last few is all that is kept.
 */
class NearbyLines {
  private readonly ring: LazyLine[] = new Array(RING);

  constructor(private readonly input: EncodedLines) {}

  range(from: number, to: number): ScanLine[] {
    if (to - from > RING) throw new Error('secrets: a detector reaches further than the scanner keeps lines');
    const lines: ScanLine[] = [];
    for (let index = from; index < to; index++) {
      const kept = this.ring[index % RING];
      lines.push(kept?.index === index ? kept : (this.ring[index % RING] = new LazyLine(this.input, index)));
    }
    return lines;
  }
}

/** More than any detector's reach before and after (detectors.ts). */
const RING = 64;

class LazyLine implements ScanLine {
  readonly line: number;
  private decoded: string | undefined;

  constructor(
    private readonly input: EncodedLines,
    readonly index: number,
  ) {
    this.line = input.lineNumber(index);
  }

  get text(): string {
    return (this.decoded ??= this.input.text(this.index));
  }
}

/**
 * A line longer than WINDOW characters (minified JSON, a bundled asset) is scanned as windows that
 * overlap by more than the longest secret a detector reports (a JWT, ~11 KB), so every secret lies
 * whole in one window and per-line work stays bounded. Windows are slices: no text is copied.
 */
const WINDOW = 256 * 1024;
const OVERLAP = 16 * 1024;

function* windows(line: ScanLine): Generator<ScanLine> {
  for (let start = 0; start < line.text.length - OVERLAP; start += WINDOW - OVERLAP) {
    yield { line: line.line, text: line.text.slice(start, start + WINDOW), offset: (line.offset ?? 0) + start };
  }
}

type Ranked = Hit & { priority: number };

/**
 * Of overlapping hits on one line, the highest priority (a provider format over a generic name).
 * A sweep in column order: linear after the sort, even for a line with thousands of hits.
 */
function keepSpecific(hits: Ranked[]): Ranked[] {
  if (hits.length < 2) return hits;
  const sorted = [...hits].sort((a, b) => a.at! - b.at! || a.column - b.column || b.priority - a.priority);
  const kept: Ranked[] = [];
  for (const hit of sorted) {
    const last = kept[kept.length - 1];
    const overlaps = last && last.at === hit.at && hit.column < last.column + last.secret.length;
    if (!overlaps) kept.push(hit);
    else if (hit.priority > last.priority || (hit.priority === last.priority && hit.secret.length > last.secret.length)) kept[kept.length - 1] = hit;
  }
  return kept;
}

/**
 * Proximity detectors can report a secret from a neighbouring line too, and overlapping windows
 * report the same one twice (the first window may see it cut short): keep one per place, the most
 * specific, then the longest.
 */
function dedupe(candidates: (Candidate & { priority?: number })[]): Candidate[] {
  const best = new Map<string, Candidate & { priority?: number }>();
  for (const candidate of candidates) {
    const key = `${candidate.line}:${candidate.col}`;
    const other = best.get(key);
    const rank = (candidate.priority ?? 0) - (other?.priority ?? 0);
    if (!other || rank > 0 || (rank === 0 && candidate.secret.length > other.secret.length)) best.set(key, candidate);
  }
  return [...best.values()].map(({ priority: _priority, ...candidate }) => candidate as Candidate);
}
