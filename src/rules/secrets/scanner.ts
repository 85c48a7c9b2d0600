// The scanning loop: one pass of a keyword prefilter over each line, then only the detectors whose
// keywords occurred run on that line. Overlapping hits keep the most specific detector.
import { buildDetectors, type Detector, type Hit, type ScanLine, type SshOptions } from './detectors.js';
import type { FileInfo } from './files.js';
import { escapeRegExp } from './values.js';

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
}

export class Scanner {
  private readonly detectors: Detector[];
  private readonly exact: RegExp;
  private readonly caseless: RegExp;
  private readonly byKeyword = new Map<string, Detector[]>();
  private readonly disabled: Set<string>;

  constructor(options: ScannerOptions) {
    const disabled = new Set(options.disable);
    this.detectors = buildDetectors(options.ssh).filter((detector) => detector.kinds.some((kind) => !disabled.has(kind.id)));
    this.disabled = disabled;
    const exact = new Set<string>();
    const caseless = new Set<string>();
    for (const detector of this.detectors) {
      for (const keyword of detector.keywords) {
        const key = detector.caseless ? keyword.toLowerCase() : keyword;
        (detector.caseless ? caseless : exact).add(key);
        this.byKeyword.set(key, [...(this.byKeyword.get(key) ?? []), detector]);
      }
    }
    // A keyword that contains another (`aws_secret` holds `secret`) also runs that keyword's detectors:
    // the alternation below reports only the longest keyword at each place.
    for (const [key, detectors] of this.byKeyword) {
      for (const [other, more] of this.byKeyword) if (other !== key && key.includes(other)) detectors.push(...more);
      this.byKeyword.set(key, [...new Set(detectors)]);
    }
    // Longest first: where keywords start at the same place (`sk-ant-`, `sk-`), the specific one wins.
    const alternation = (words: Set<string>) => [...words].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|') || '(?!)';
    this.exact = new RegExp(alternation(exact), 'g');
    this.caseless = new RegExp(alternation(caseless), 'gi');
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

  private scanLines(lines: readonly ScanLine[], file: FileInfo): Candidate[] {
    const candidates: Candidate[] = [];
    for (let index = 0; index < lines.length; index++) {
      const text = lines[index]!.text;
      const wanted = this.detectorsFor(text);
      if (!wanted) continue;
      const hits: Ranked[] = [];
      for (const detector of wanted) {
        for (const hit of detector.scan(lines, index, file)) {
          if (!this.disabled.has(hit.kind)) hits.push({ ...hit, at: hit.at ?? index, priority: detector.priority });
        }
      }
      for (const hit of keepSpecific(hits)) {
        const at = lines[hit.at!]!;
        candidates.push({ ...hit, line: at.line, col: (at.offset ?? 0) + hit.column + 1 });
      }
    }
    return dedupe(candidates);
  }

  private detectorsFor(text: string): Set<Detector> | undefined {
    let wanted: Set<Detector> | undefined;
    const collect = (regex: RegExp, lower: boolean) => {
      regex.lastIndex = 0;
      for (let match = regex.exec(text); match; match = regex.exec(text)) {
        for (const detector of this.byKeyword.get(lower ? match[0].toLowerCase() : match[0]) ?? []) (wanted ??= new Set()).add(detector);
        regex.lastIndex = match.index + 1; // keywords may overlap (`secret_access_key`, `access_key`)
      }
    };
    collect(this.exact, false);
    collect(this.caseless, true);
    return wanted;
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
