// What a rule sees of a change: the files (with status, line numbers and lazy content) and commits.

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

export class ChangedFile {
  /** Added lines with their text, from the diff (no blob read needed). */
  readonly addedLines: AddedLine[] = [];
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
    return new Set(this.addedLines.map((added) => added.line));
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
