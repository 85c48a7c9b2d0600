// Accepting findings by the `Shipguard-Allow` trailers of the commits that caused them, and
// refusing the trailers a config does not permit (a refused trailer is an error finding, exit 1:
// the commit message needs fixing, like any other problem in the change).
import { shortSha, type Commit, type Revision } from '../changeset.js';
import type { GitReader } from '../git/reader.js';
import type { ReportedFinding, ResolvedConfig } from '../types.js';
import { ALLOW_TRAILER, parseAllow, ruleFor } from './trailers.js';

/** The pseudo-rule refused and unused trailers are reported under. */
export const TRAILER_RULE = { id: 'shipguard-allow', description: 'Shipguard-Allow commit trailers: reviewed exceptions and refused ones.', docs: 'docs/exceptions.md' };

export interface AcceptedException {
  finding: ReportedFinding;
  /** The commits whose trailers accepted it (the finding's own commit, or those that made its line). */
  commits: string[];
  reason: string;
}

interface Allowance {
  commit: string;
  ids: string[];
  reason: string;
  value: string;
  used: boolean;
}

export class TrailerExceptions {
  readonly refused: ReportedFinding[] = [];
  private readonly byCommit = new Map<string, Allowance[]>();
  /** Some commit carries a valid trailer; without one (the usual case) no finding is looked up. */
  private any = false;

  constructor(commits: readonly Commit[], config: ResolvedConfig) {
    const known = Object.keys(config.rules);
    for (const commit of commits) {
      if (this.byCommit.has(commit.sha)) continue;
      const allowances: Allowance[] = [];
      for (const value of commit.allows) {
        const problem = this.problemOf(value, commit.sha, known, config.allowTrailer);
        const parsed = parseAllow(value);
        if (problem) this.refused.push(problem);
        else if (parsed.ok) allowances.push({ commit: commit.sha, ids: parsed.ids, reason: parsed.reason, value: parsed.value, used: false });
      }
      this.byCommit.set(commit.sha, allowances);
      this.any ||= allowances.length > 0;
    }
  }

  /** The exception accepting `finding`: every commit responsible for it must allow its rule. */
  async accept(finding: ReportedFinding, commits: readonly Commit[], head: Revision, git: GitReader): Promise<AcceptedException | undefined> {
    if (!this.any || finding.ruleId === TRAILER_RULE.id) return undefined;
    const responsible = await responsibleCommits(finding, commits, head, git);
    const matches = responsible.map((commit) => this.byCommit.get(commit.sha)?.find((allowance) => allows(allowance, finding)));
    if (!matches.length || matches.some((match) => !match)) return undefined;
    for (const match of matches) match!.used = true;
    const reason = [...new Set(matches.map((match) => match!.reason))].join('; ');
    return { finding, commits: responsible.map((commit) => commit.sha), reason };
  }

  /** Valid trailers that accepted nothing, for rules that ran: a warning (the exception may be stale). */
  unused(rulesRun: readonly string[]): ReportedFinding[] {
    const findings: ReportedFinding[] = [];
    for (const allowance of [...this.byCommit.values()].flat()) {
      if (allowance.used || !allowance.ids.some((id) => rulesRun.some((rule) => id === rule || id.startsWith(`${rule}/`)))) continue;
      findings.push(trailerFinding('unused', 'warn', allowance.commit, `${ALLOW_TRAILER}: ${allowance.value} in commit ${shortSha(allowance.commit)} accepted nothing: no such finding in that commit`, 'Remove the trailer when the exception is no longer needed (it documents an exception that did not happen).'));
    }
    return findings;
  }

  private problemOf(value: string, sha: string, known: string[], allowed: readonly string[]): ReportedFinding | undefined {
    const parsed = parseAllow(value);
    const where = `${ALLOW_TRAILER}: ${parsed.value} in commit ${shortSha(sha)}`;
    const how = `Write it as \`${ALLOW_TRAILER}: <rule> -- <why this exception is fine>\` (reword the commit: git rebase -i, or git commit --amend).`;
    if (!parsed.ok) {
      const why = parsed.problem === 'no-reason' ? 'has no reason (` -- <reason>`)' : 'names no rule';
      return trailerFinding(parsed.problem, 'error', sha, `${where} is refused: it ${why}`, how);
    }
    for (const id of parsed.ids) {
      const rule = ruleFor(id, known);
      if (!rule) return trailerFinding('unknown-rule', 'error', sha, `${where} is refused: "${id}" is not a rule (rules: ${known.join(', ')})`, how);
      if (!allowed.includes(rule)) {
        const list = allowed.length ? `allowTrailer: ${allowed.join(', ')}` : 'allowTrailer is empty';
        return trailerFinding('not-allowed', 'error', sha, `${where} is refused: the config does not accept ${rule} exceptions by trailer (${list})`, `Fix what ${rule} found, or have the config's owners add "${rule}" to allowTrailer.`);
      }
    }
    return undefined;
  }
}

function allows(allowance: Allowance, finding: ReportedFinding): boolean {
  return allowance.ids.some((id) => id === finding.ruleId || (finding.kind !== undefined && id === `${finding.ruleId}/${finding.kind}`));
}

function trailerFinding(kind: string, severity: 'error' | 'warn', commit: string, message: string, hint: string): ReportedFinding {
  return { ruleId: TRAILER_RULE.id, kind, severity, commit, message, hint, docs: TRAILER_RULE.docs };
}

/**
 * Which commits a finding belongs to: its own commit; else the last commit that added its line's
 * text to its file (a net-change finding), else every commit that changed the file; a finding about
 * the whole change belongs to every commit with changes.
 */
async function responsibleCommits(finding: ReportedFinding, commits: readonly Commit[], head: Revision, git: GitReader): Promise<Commit[]> {
  if (finding.commit) return commits.filter((commit) => commit.sha === finding.commit).slice(0, 1);
  const withChanges = commits.filter((commit) => commit.files.length);
  if (!finding.file) return withChanges;
  const touching = withChanges.filter((commit) => commit.files.some((file) => file.path === finding.file || file.oldPath === finding.file));
  if (!finding.line) return touching;
  const text = (await git.readFile(head, finding.file))?.split('\n')[finding.line - 1]?.replace(/\r$/, '');
  const adding = text === undefined ? undefined : touching.findLast((commit) => commit.files.some((file) => file.path === finding.file && file.addedLines.some((added) => added.text === text)));
  return adding ? [adding] : touching;
}
