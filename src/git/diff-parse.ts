// Parsers for `git diff -z --raw -p -U0` and `git log` with the same flags. The raw part (NUL
// separated, exact paths) says which files changed; the patch part, in the same order, gives the
// added lines. Each patch header is checked against its raw entry so a parse slip fails loudly.
import { ChangedFile, type BlobSource, type Commit, type FileStatus } from '../changeset.js';
import { GitError } from '../errors.js';
import { ALLOW_TRAILER } from '../exceptions/trailers.js';

/** Flags shared by every diff we parse. `-c core.quotepath=off` is set by the exec layer. */
export const DIFF_FLAGS = [
  '-z',
  '--raw',
  '-p',
  '-U0',
  '-M',
  '--no-abbrev',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--no-relative',
  '--ignore-submodules=none',
  '--submodule=short', // diff.submodule=log would print a log instead of the section parsed here
  '--src-prefix=a/',
  '--dst-prefix=b/',
];

const STATUS: Record<string, FileStatus> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  R: 'renamed',
  C: 'copied',
  T: 'typechange',
  U: 'unmerged',
};

interface Cursor {
  text: string;
  pos: number;
}

/** Parses `git diff -z --raw -p` output into changed files. */
export function parseDiff(text: string, blobs: BlobSource): ChangedFile[] {
  const cursor = { text, pos: 0 };
  const files = parseRawEntries(cursor, blobs);
  applyPatch(text.slice(cursor.pos), files);
  return files;
}

/**
 * Parses `git log -z --format=<LOG_FORMAT> --raw -p` output: each commit starts with \x01 (which a
 * patch line can never start with: content lines start with + - space, and paths with control
 * characters are quoted). The `Shipguard-Allow` trailers come in the same process (unfolded, \x03 apart).
 */
export const LOG_FORMAT = `%x01%H%x02%P%x02%an <%ae>%x02%s%x02%(trailers:key=${ALLOW_TRAILER},valueonly,unfold,separator=%x03)`;

export function parseLog(text: string, blobs: BlobSource): Commit[] {
  const commits: Commit[] = [];
  const cursor = { text, pos: 0 };
  while (cursor.pos < text.length) {
    if (text[cursor.pos] !== '\x01') throw parseError(text, cursor.pos);
    const headerEnd = text.indexOf('\0', cursor.pos);
    const [sha = '', parents = '', author = '', ...rest] = text.slice(cursor.pos + 1, headerEnd).split('\x02');
    // The trailers come last: a subject holding \x02 cannot shift them.
    // Git before 2.24 prints the placeholder itself (no `separator`): no trailers, never a false refusal.
    const trailers = rest.length > 1 ? rest.pop()! : '';
    const allows = trailers.startsWith('%(trailers') ? [] : trailers.split('\x03').filter((value) => value.trim());
    const subject = rest.join('\x02');
    cursor.pos = headerEnd + 1;
    if (text[cursor.pos] === '\n') cursor.pos++;
    const files = parseRawEntries(cursor, blobs);
    // A commit without a diff (a merge) is followed directly by the next header, with no newline.
    let next = text[cursor.pos] === '\x01' ? cursor.pos - 1 : text.indexOf('\n\x01', cursor.pos);
    next = next < 0 ? text.length : next + 1;
    applyPatch(text.slice(cursor.pos, next), files);
    cursor.pos = next;
    commits.push({ sha, parents: parents ? parents.split(' ') : [], author, subject, allows, files });
  }
  return commits;
}

function parseRawEntries(cursor: Cursor, blobs: BlobSource): ChangedFile[] {
  const { text } = cursor;
  const files: ChangedFile[] = [];
  while (text[cursor.pos] === ':') {
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
  if (text[cursor.pos] === '\0') cursor.pos++;
  if (text[cursor.pos] === '\n' && text.startsWith('\ndiff --git ', cursor.pos)) cursor.pos++;
  return files;
}

function readField(cursor: Cursor): string {
  const end = cursor.text.indexOf('\0', cursor.pos);
  if (end < 0) throw parseError(cursor.text, cursor.pos);
  const field = cursor.text.slice(cursor.pos, end);
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

function applyPatch(patch: string, files: ChangedFile[]): void {
  const sections = expectedSections(files);
  let index = -1;
  let current: { file: ChangedFile; countsAdded: boolean } | undefined;
  let inHunk = false;
  let newLine = 0;
  for (const rawLine of patch.split('\n')) {
    if (rawLine.startsWith('diff --git ')) {
      current = sections[++index];
      if (!current || !rawLine.endsWith(` ${cQuote(`b/${current.file.path}`)}`)) {
        throw new GitError(`could not match git diff output to its file list near: ${rawLine.slice(0, 120)}`);
      }
      inHunk = false;
      continue;
    }
    if (!current) continue;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.startsWith('@@ ')) {
      const match = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!match) throw new GitError(`unexpected hunk header: ${line.slice(0, 80)}`);
      newLine = Number(match[3]);
      // An omitted count means one line.
      if (current.countsAdded) {
        current.file.hunks.push({ oldStart: Number(match[1]), oldLines: Number(match[2] ?? 1), newStart: newLine, newLines: Number(match[4] ?? 1) });
      }
      inHunk = true;
      continue;
    }
    if (!inHunk) {
      if (line.startsWith('Binary files ') || line === 'GIT binary patch') current.file.binary = true;
      continue;
    }
    const { file, countsAdded } = current;
    if (file.submodule) continue;
    const marker = line[0];
    if (marker === '+') {
      if (countsAdded) {
        file.additions++;
        // A UTF-8 byte order mark is not part of the first line's text (`\uFEFFKEY=value` in a .env).
        file.addedLines.push({ line: newLine, text: newLine === 1 && line[1] === '\uFEFF' ? line.slice(2) : line.slice(1) });
      }
      newLine++;
    } else if (marker === '-') {
      file.deletions++;
    } else if (marker === ' ') {
      newLine++;
    }
  }
  if (index + 1 < sections.length) {
    throw new GitError(`git diff output ended early: expected ${sections.length} file sections, read ${index + 1}`);
  }
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

function parseError(text: string, pos: number): GitError {
  return new GitError(`could not parse git output at byte ${pos}: ${JSON.stringify(text.slice(pos, pos + 60))}`);
}
