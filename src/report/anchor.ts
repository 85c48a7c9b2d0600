// GitHub code scanning rejects a SARIF result without a location ("expected at least one
// location"), but some findings are about a whole commit or change (commit-size, protected-branch).
// They are anchored to the file that best stands for them: the commit's (or change's) largest file.
import type { ChangedFile, Commit } from '../changeset.js';
import type { ReportedFinding } from '../types.js';

/** What a finding without a file is shown on, and why. */
export interface Anchor {
  file: string;
  why: string;
}

export type AnchorFor = (finding: ReportedFinding) => Anchor;

/** Every repository shipguard runs in has one, and it is where the project's policy lives. */
const LAST_RESORT = 'package.json';

export function anchorsFrom(targets: readonly { changes: { files: ChangedFile[] }; commits: Commit[] }[]): AnchorFor {
  const commits = new Map(targets.flatMap((target) => target.commits.map((commit) => [commit.sha, commit] as const)));
  const changeFiles = targets.flatMap((target) => target.changes.files);
  return (finding) => {
    const commit = finding.commit ? commits.get(finding.commit) : undefined;
    const largest = largestFile(commit ? commit.files : changeFiles);
    if (largest) return { file: largest, why: commit ? `largest file of commit ${commit.sha.slice(0, 8)}` : 'largest file of the change' };
    return { file: LAST_RESORT, why: 'the finding is about the change as a whole' };
  };
}

function largestFile(files: readonly ChangedFile[]): string | undefined {
  let best: ChangedFile | undefined;
  for (const file of files) {
    if (file.status === 'deleted') continue;
    if (!best || file.additions + file.deletions > best.additions + best.deletions) best = file;
  }
  return best?.path;
}
