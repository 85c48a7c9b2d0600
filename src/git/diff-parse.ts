// Parsers for `git diff -z --raw -p -U0` and `git log` with the same flags. The raw part (NUL
// separated, exact paths) says which files changed; the patch part, in the same order, gives the
// added lines. Each patch header is checked against its raw entry so a parse slip fails loudly.
import { ChangedFile, type BlobSource, type Commit, type FileStatus } from '../changeset.js';
import { GitError } from '../errors.js';
import { ALLOW_TRAILER } from '../exceptions/trailers.js';
import { PatchLines } from './added-lines.js';

export { DIFF_FLAGS } from './early.js';

const STATUS: Record<string, FileStatus> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  R: 'renamed',
  C: 'copied',
  T: 'typechange',
  U: 'unmerged',
};

/** Read position in git's output, kept as bytes: only headers and paths are decoded while parsing. */
interface Cursor {
  data: Buffer;
  pos: number;
}

const NUL = 0x00;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const COMMIT_START = 0x01;
const DIFF_HEADER = Buffer.from('diff --git ');
const HUNK_HEADER = Buffer.from('@@ ');
const BINARY_FILES = Buffer.from('Binary files ');
const BINARY_PATCH = Buffer.from('GIT binary patch');

/** Parses `git diff -z --raw -p` output into changed files. */
export function parseDiff(data: Buffer, blobs: BlobSource): ChangedFile[] {
  const cursor = { data, pos: 0 };
  const files = parseRawEntries(cursor, blobs);
  applyPatch(data, cursor.pos, data.length, files);
  return files;
}

/**
 * Parses `git log -z --format=<LOG_FORMAT> --raw -p` output: each commit starts with \x01 (which a
 * patch line can never start with: content lines start with + - space, and paths with control
 * characters are quoted). The `Shipguard-Allow` trailers come in the same process (unfolded, \x03 apart).
 */
export const LOG_FORMAT = `%x01%H%x02%P%x02%an <%ae>%x02%s%x02%(trailers:key=${ALLOW_TRAILER},valueonly,unfold,separator=%x03)`;

export function parseLog(data: Buffer, blobs: BlobSource): Commit[] {
  const commits: Commit[] = [];
  const cursor = { data, pos: 0 };
  while (cursor.pos < data.length) {
    const headerEnd = data.indexOf(NUL, cursor.pos);
    if (data[cursor.pos] !== COMMIT_START || headerEnd < 0) throw parseError(data, cursor.pos);
    const [sha = '', parents = '', author = '', ...rest] = data.toString('utf8', cursor.pos + 1, headerEnd).split('\x02');
    // The trailers come last: a subject holding \x02 cannot shift them.
    // Git before 2.24 prints the placeholder itself (no `separator`): no trailers, never a false refusal.
    const trailers = rest.length > 1 ? rest.pop()! : '';
    const allows = trailers.startsWith('%(trailers') ? [] : trailers.split('\x03').filter((value) => value.trim());
    const subject = rest.join('\x02');
    cursor.pos = headerEnd + 1;
    if (data[cursor.pos] === NEWLINE) cursor.pos++;
    const files = parseRawEntries(cursor, blobs);
    // A commit without a diff (a merge) is followed directly by the next header, with no newline.
    let next = data[cursor.pos] === COMMIT_START ? cursor.pos - 1 : data.indexOf('\n\x01', cursor.pos);
    next = next < 0 ? data.length : next + 1;
    applyPatch(data, cursor.pos, next, files);
    cursor.pos = next;
    commits.push({ sha, parents: parents ? parents.split(' ') : [], author, subject, allows, files });
  }
  return commits;
}

function parseRawEntries(cursor: Cursor, blobs: BlobSource): ChangedFile[] {
  const { data } = cursor;
  const files: ChangedFile[] = [];
  while (data[cursor.pos] === 0x3a /* : */) {
    const meta = readField(cursor).slice(1).split(' ');
    const [oldMode = '', newMode = '', oldOid = '', newOid = '', code = ''] = meta;
    const status = STATUS[code[0] ?? ''];
    if (!status) throw new GitError(`unexpected git diff status "${code}"`);
    const first = readField(cursor);
    const second = status === 'renamed' || status === 'copied' ? readField(cursor) : undefined;
    const similarity = second === undefined ? undefined : Number(code.slice(1));
    files.push(
      second === undefined
        ? new ChangedFile(first, status, oldMode, newMode, oldOid, newOid, blobs)
        : new ChangedFile(second, status, oldMode, newMode, oldOid, newOid, blobs, first, similarity),
    );
  }
  // A NUL separates the raw part from the patch.
  if (data[cursor.pos] === NUL) cursor.pos++;
  if (data[cursor.pos] === NEWLINE && startsWith(data, cursor.pos + 1, data.length, DIFF_HEADER)) cursor.pos++;
  return files;
}

function readField(cursor: Cursor): string {
  const end = indexOfByte(cursor.data, NUL, cursor.pos);
  if (end < 0) throw parseError(cursor.data, cursor.pos);
  const field = cursor.data.toString('utf8', cursor.pos, end);
  cursor.pos = end + 1;
  return field;
}

/** Which file each `diff --git` section belongs to. A type change prints two sections. */
function expectedSections(files: ChangedFile[]): { file: ChangedFile; countsAdded: boolean }[] {
  const sections: { file: ChangedFile; countsAdded: boolean }[] = [];
  for (const file of files) {
    if (file.status === 'unmerged') continue;
    if (file.status === 'typechange') sections.push({ file, countsAdded: false });
    sections.push({ file, countsAdded: true });
  }
  return sections;
}

/** Reads the patch lines in data[start, end): counts, binary markers, and where each added line is. */
function applyPatch(data: Buffer, start: number, end: number, files: ChangedFile[]): void {
  const sections = expectedSections(files);
  let index = -1;
  let current: { file: ChangedFile; countsAdded: boolean } | undefined;
  let submodule = false;
  let added: PatchLines | undefined;
  let inHunk = false;
  let newLine = 0;
  let indexInSection = 0;
  for (let lineStart = start; lineStart <= end; ) {
    const newline = indexOfByte(data, NEWLINE, lineStart);
    const rawEnd = newline < 0 || newline >= end ? end : newline;
    const next = rawEnd + 1;
    if (startsWith(data, lineStart, rawEnd, DIFF_HEADER)) {
      added?.close(lineStart);
      current = sections[++index];
      const header = data.toString('utf8', lineStart, rawEnd);
      if (!current || !header.endsWith(` ${cQuote(`b/${current.file.path}`)}`)) {
        throw new GitError(`could not match git diff output to its file list near: ${header.slice(0, 120)}`);
      }
      submodule = current.file.submodule;
      added = current.countsAdded && !submodule ? new PatchLines(data, lineStart) : undefined;
      if (added) current.file.addedLineSource = added;
      indexInSection = 0;
      inHunk = false;
    } else if (current) {
      const lineEnd = rawEnd > lineStart && data[rawEnd - 1] === RETURN ? rawEnd - 1 : rawEnd;
      if (startsWith(data, lineStart, lineEnd, HUNK_HEADER)) {
        const line = data.toString('utf8', lineStart, lineEnd);
        const match = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
        if (!match) throw new GitError(`unexpected hunk header: ${line.slice(0, 80)}`);
        newLine = Number(match[3]);
        // An omitted count means one line.
        if (current.countsAdded) {
          current.file.hunks.push({ oldStart: Number(match[1]), oldLines: Number(match[2] ?? 1), newStart: newLine, newLines: Number(match[4] ?? 1) });
        }
        inHunk = true;
      } else if (!inHunk) {
        if (startsWith(data, lineStart, lineEnd, BINARY_FILES) || equals(data, lineStart, lineEnd, BINARY_PATCH)) current.file.binary = true;
      } else if (!submodule && lineEnd > lineStart) {
        countLine(data[lineStart]!, lineStart, lineEnd);
      }
    }
    indexInSection++;
    lineStart = next;
  }
  added?.close(end);
  if (index + 1 < sections.length) {
    throw new GitError(`git diff output ended early: expected ${sections.length} file sections, read ${index + 1}`);
  }

  function countLine(marker: number, lineStart: number, lineEnd: number): void {
    const { file, countsAdded } = current!;
    if (marker === 0x2b /* + */) {
      if (countsAdded) {
        file.additions++;
        added?.add(indexInSection, newLine, lineStart, lineEnd);
      }
      newLine++;
    } else if (marker === 0x2d /* - */) {
      file.deletions++;
    } else if (marker === 0x20 /* space */) {
      newLine++;
    }
  }
}

/**
 * `data.indexOf(byte, from)`. Most diff lines and fields are short, and each Buffer.indexOf call
 * costs about half a microsecond of argument checks: the first bytes are looked at here.
 */
function indexOfByte(data: Buffer, byte: number, from: number): number {
  const stop = Math.min(from + 128, data.length);
  for (let pos = from; pos < stop; pos++) if (data[pos] === byte) return pos;
  return stop < data.length ? data.indexOf(byte, stop) : -1;
}

/** data[start, end) begins with `prefix` (a few bytes: compared here, not through Buffer.compare). */
function startsWith(data: Buffer, start: number, end: number, prefix: Buffer): boolean {
  if (end - start < prefix.length) return false;
  for (let index = 0; index < prefix.length; index++) if (data[start + index] !== prefix[index]) return false;
  return true;
}

function equals(data: Buffer, start: number, end: number, bytes: Buffer): boolean {
  return end - start === bytes.length && startsWith(data, start, end, bytes);
}

/** Git's C-style quoting of a path in patch headers (with core.quotepath=off). */
export function cQuote(path: string): string {
  if (!/["\\\x00-\x1f\x7f]/.test(path)) return path;
  const escapes: Record<string, string> = {
    '\x07': '\\a',
    '\b': '\\b',
    '\t': '\\t',
    '\n': '\\n',
    '\v': '\\v',
    '\f': '\\f',
    '\r': '\\r',
    '"': '\\"',
    '\\': '\\\\',
  };
  const body = path.replace(/["\\\x00-\x1f\x7f]/g, (char) => {
    return escapes[char] ?? `\\${char.charCodeAt(0).toString(8).padStart(3, '0')}`;
  });
  return `"${body}"`;
}

function parseError(data: Buffer, pos: number): GitError {
  return new GitError(`could not parse git output at byte ${pos}: ${JSON.stringify(data.toString('utf8', pos, pos + 60))}`);
}
