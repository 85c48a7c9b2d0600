// Git prints "Binary files differ" (no lines) for a file when .gitattributes, info/attributes or
// core.attributesFile say so (`-diff`, `binary`, a diff driver with `binary = true`), when it is
// larger than core.bigFileThreshold, or when a NUL is in its first 8000 bytes. Any of these would hide
// a file's lines from every rule, so each file git called binary is judged again by its content:
// a real binary stays binary; UTF-8 text (a stray NUL included) gets its lines from `git diff --text`;
// UTF-16 text is decoded on both sides and diffed here.
import type { AddedLine, ChangedFile } from '../changeset.js';
import { GitError } from '../errors.js';
import { loadLineDiff } from '../lazy.js';
import { ListedLines } from './added-lines.js';
import type { BlobHead } from './blob-reader.js';
import { decode, sniff, SNIFF_BYTES, type BlobKind } from './encoding.js';

/** Above this a text file stays binary (its diff would not fit in one string); secrets warns. */
export const MAX_TEXT_BYTES = 256 * 1024 * 1024;

/** Edits jsdiff may search for before it gives up and counts every line as changed. */
const MAX_EDITS = 2000;

export interface BlobAccess {
  readHead(oid: string, limit: number): Promise<BlobHead | null>;
  readBlob(oid: string): Promise<Buffer | null>;
}

/** Re-diffs the given files with `--text` (same revisions, these paths only). */
export type TextDiff = (files: ChangedFile[]) => Promise<ChangedFile[]>;

const ZERO_OID = /^0+$/;

/** Corrects `binary`, lines and counts of the files git called binary. */
export async function judgeBinaries(files: readonly ChangedFile[], blobs: BlobAccess, textDiff: TextDiff): Promise<void> {
  const suspects = files.filter((file) => file.binary && !file.submodule);
  if (!suspects.length) return;
  const utf8: ChangedFile[] = [];
  const utf16: [ChangedFile, BlobKind | undefined, BlobKind | undefined][] = [];
  await Promise.all(
    suspects.map(async (file) => {
      const [before, after] = await Promise.all([side(blobs, file.oldOid), side(blobs, file.newOid)]);
      const kept = after ?? before;
      if (!kept || kept.kind.binary) return; // a real binary (or a text file replaced by one)
      const size = Math.max(before?.size ?? 0, after?.size ?? 0);
      if (size > MAX_TEXT_BYTES) {
        file.tooLargeToRead = size;
        return;
      }
      const encodings = [before?.kind, after?.kind].map((kind) => (kind && !kind.binary ? kind.encoding : undefined));
      if (encodings.some((encoding) => encoding?.startsWith('utf-16')) || before?.kind.binary) {
        utf16.push([file, before?.kind, after?.kind]);
      } else {
        utf8.push(file);
      }
    }),
  );
  if (utf8.length) copyLines(utf8, await textDiff(utf8));
  for (const [file, before, after] of utf16) await diffDecoded(file, blobs, before, after);
}

async function side(blobs: BlobAccess, oid: string): Promise<{ kind: BlobKind; size: number } | undefined> {
  if (ZERO_OID.test(oid)) return undefined;
  const blob = await blobs.readHead(oid, SNIFF_BYTES);
  return blob ? { kind: sniff(blob.head), size: blob.size } : undefined;
}

/** Takes lines and counts from the `--text` diff of the same files, matched by path. */
function copyLines(files: ChangedFile[], texts: ChangedFile[]): void {
  const byPath = new Map(texts.map((text) => [text.path, text]));
  for (const file of files) {
    const text = byPath.get(file.path);
    if (!text || text.newOid !== file.newOid) throw new GitError(`git diff --text did not list ${file.path}`);
    file.binary = false;
    file.additions = text.additions;
    file.deletions = text.deletions;
    file.addedLineSource = text.addedLineSource;
    file.hunks.push(...text.hunks);
  }
}

/** Lines of a UTF-16 file (or one whose other side is binary): decode both sides, diff the lines. */
async function diffDecoded(file: ChangedFile, blobs: BlobAccess, before?: BlobKind, after?: BlobKind): Promise<void> {
  const read = async (oid: string, kind?: BlobKind) => (kind ? decode((await blobs.readBlob(oid)) ?? Buffer.alloc(0), kind) : null) ?? '';
  const [oldText, newText] = await Promise.all([read(file.oldOid, before), read(file.newOid, after)]);
  const { diffLines } = await loadLineDiff();
  const changes = diffLines(oldText, newText, { maxEditLength: MAX_EDITS }) ?? [
    { value: oldText, count: lineCount(oldText), removed: true, added: false },
    { value: newText, count: lineCount(newText), removed: false, added: true },
  ];
  const added: AddedLine[] = [];
  let line = 1;
  let oldLine = 1;
  let deletions = 0;
  for (const change of changes) {
    if (change.removed) {
      file.hunks.push({ oldStart: oldLine, oldLines: change.count, newStart: line - 1, newLines: 0 });
      deletions += change.count;
      oldLine += change.count;
    } else if (change.added) {
      const start = line;
      for (const text of splitLines(change.value)) added.push({ line: line++, text });
      file.hunks.push({ oldStart: oldLine - 1, oldLines: 0, newStart: start, newLines: line - start });
    } else {
      line += change.count;
      oldLine += change.count;
    }
  }
  file.binary = false;
  file.additions = added.length;
  file.deletions = deletions;
  file.addedLineSource = new ListedLines(added);
}

function splitLines(text: string): string[] {
  if (!text) return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

function lineCount(text: string): number {
  return splitLines(text).length;
}
