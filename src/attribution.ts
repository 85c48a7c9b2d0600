// ci over a range: rules that judge the net change report a file and line of the head, but no
// commit. This names the commit that introduced the line (the last one in the range that touched
// it), so a reviewer knows where to look. It reads no git: each commit of the range was already
// parsed with its hunks, and a line is followed back through them, newest first, across renames.
import type { ChangedFile, Commit } from './changeset.js';
import { fingerprint } from './report/summary.js';
import type { ReportedFinding } from './types.js';

export function attributeFindings(findings: ReportedFinding[], commits: readonly Commit[]): ReportedFinding[] {
  const newestFirst = commits.filter((commit) => commit.files.length).reverse();
  if (!newestFirst.length) return findings;
  const byFile = new Map<string, Map<number, string | undefined>>();
  for (const finding of findings) {
    if (!finding.file || finding.commit) continue;
    const lines = byFile.get(finding.file) ?? new Map<number, string | undefined>();
    lines.set(finding.line ?? 0, undefined);
    byFile.set(finding.file, lines);
  }
  for (const [file, lines] of byFile) introducingCommits(file, lines, newestFirst);
  return findings.map((finding) => {
    const commit = finding.file && !finding.commit ? byFile.get(finding.file)?.get(finding.line ?? 0) : undefined;
    // The fingerprint stays what it was without a commit: the same finding after a rebase is the same alert.
    return commit ? { ...finding, fingerprint: fingerprint(finding), commit } : finding;
  });
}

/**
 * Fills `lines` (head line number, 0 for the whole file → commit) with the newest commit whose diff
 * added that line; a line no commit of the range added (it predates the range) gets the newest
 * commit that touched the file.
 */
function introducingCommits(path: string, lines: Map<number, string | undefined>, newestFirst: Commit[]): void {
  // Where each pending head line sits in the version of the file being walked back through.
  const pending = new Map([...lines.keys()].filter((line) => line > 0).map((line) => [line, line]));
  let current: string | undefined = path;
  let lastTouch: string | undefined;
  for (const commit of newestFirst) {
    if (!current) break;
    const file: ChangedFile | undefined = commit.files.find((changed) => changed.path === current && changed.status !== 'deleted');
    if (!file) continue;
    lastTouch ??= commit.sha;
    const added = file.addedLineNumbers();
    for (const [headLine, at] of pending) {
      if (added.has(at)) {
        lines.set(headLine, commit.sha);
        pending.delete(headLine);
      } else {
        pending.set(headLine, lineBefore(file, at));
      }
    }
    if (!pending.size || file.status === 'added') break;
    current = file.status === 'renamed' || file.status === 'copied' ? file.oldPath : current;
  }
  for (const [line, commit] of lines) if (!commit) lines.set(line, lastTouch);
}

/** The number a new-side line had before this diff: hunks above it moved it by their size change. */
function lineBefore(file: ChangedFile, line: number): number {
  let before = line;
  for (const hunk of file.hunks) {
    // A pure deletion (newLines 0) sits after new line newStart.
    const lastNewLine = hunk.newLines ? hunk.newStart + hunk.newLines - 1 : hunk.newStart;
    if (lastNewLine < line) before += hunk.oldLines - hunk.newLines;
  }
  return before;
}
