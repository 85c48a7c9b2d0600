// What a rule sees of a change: the files (with status, line numbers and lazy content) and commits.
import { NO_LINES, type AddedLineSource } from './git/added-lines.js';

export type FileStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'typechange' | 'unmerged';

/** Where new content lives: the staged index, or a commit. */
export type Revision = { kind: 'index' } | { kind: 'commit'; sha: string };

export interface AddedLine {
  /** 1-based line number in the new content. */
  line: number;
  text: string;
}

/** One hunk of a `-U0` diff: which old lines were replaced by which new ones (counts may be 0). */
export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
}

/** Reads blob content by object id; shared by every file of a run (one `git cat-file --batch`). */
export interface BlobSource {
  readText(oid: string): Promise<string | null>;
}

const ZERO_OID = /^0+$/;

/**
 * Files whose decoded added lines are kept, most recent last: a rule reading `addedLines` again and
 * again decodes once, while a change of thousands of files is never held as objects all at once.
 * (A WeakRef alone is not enough: V8 keeps every target alive until the current job ends, and a
 * rule's loop over files that awaits nothing real is one job.)
 */
const recentlyDecoded = new Map<object, AddedLine[]>();
const KEEP_DECODED = 16;

export class ChangedFile {
  /** Where the added lines are kept until read (positions in the diff output). */
  private addedSource: AddedLineSource = NO_LINES;
  /** The diff's hunks, to follow a line back through the commits of a range (report/attribution.ts). */
  readonly hunks: Hunk[] = [];
  additions = 0;
  deletions = 0;
  /** Binary by content (git's own "Binary files differ" is re-checked: see git/binary-files.ts). */
  binary = false;
  /** Set (to its size in bytes) for a text file too large to read as lines: it stays `binary`. */
  tooLargeToRead?: number;

  constructor(
    /** New path; the old path for a deletion. Repository-relative, forward slashes. */
    readonly path: string,
    readonly status: FileStatus,
    readonly oldMode: string,
    readonly newMode: string,
    readonly oldOid: string,
    readonly newOid: string,
    private readonly blobs: BlobSource,
    /** Previous path of a rename or copy. */
    readonly oldPath?: string,
    /** Rename/copy similarity, 0-100. */
    readonly similarity?: number,
  ) {}

  /** Added lines with their text, from the diff (no blob read needed), decoded when first read. */
  get addedLines(): readonly AddedLine[] {
    let lines = recentlyDecoded.get(this);
    if (lines) {
      recentlyDecoded.delete(this);
    } else {
      lines = this.addedSource.lines();
      if (recentlyDecoded.size >= KEEP_DECODED) recentlyDecoded.delete(recentlyDecoded.keys().next().value!);
    }
    recentlyDecoded.set(this, lines);
    return lines;
  }

  /** Where the added lines come from (set by the diff parser, or when a binary-looking file is re-read). */
  get addedLineSource(): AddedLineSource {
    return this.addedSource;
  }

  set addedLineSource(source: AddedLineSource) {
    this.addedSource = source;
    recentlyDecoded.delete(this);
  }

  get submodule(): boolean {
    return this.newMode === '160000' || this.oldMode === '160000';
  }

  get symlink(): boolean {
    return this.newMode === '120000';
  }

  /** The new content as text (UTF-16 and byte order marks decoded); null for deletions, submodules and binary blobs. */
  async content(): Promise<string | null> {
    if (this.status === 'deleted' || this.submodule || ZERO_OID.test(this.newOid) || this.binary) return null;
    return this.blobs.readText(this.newOid);
  }

  /** The previous content as text; null when the file is new. */
  async oldContent(): Promise<string | null> {
    if (ZERO_OID.test(this.oldOid) || this.oldMode === '160000') return null;
    return this.blobs.readText(this.oldOid);
  }

  /** Set of added line numbers, for rules that report only on changed lines. */
  addedLineNumbers(): Set<number> {
    return this.addedSource.lineNumbers();
  }
}

export interface ChangeSet {
  /** The commit the change is measured from; undefined for an initial commit / root. */
  base?: string;
  /** Where the new content lives. */
  head: Revision;
  files: ChangedFile[];
}

export interface Commit {
  sha: string;
  parents: string[];
  author: string;
  subject: string;
  /** Values of the commit's `Shipguard-Allow` trailers, as written (see exceptions/trailers.ts). */
  allows: string[];
  files: ChangedFile[];
}

export function shortSha(sha: string): string {
  return sha.slice(0, 8);
}
