// Machine output, documented in docs/reporters.md. Every key is always present (null when unknown),
// so consumers can rely on the shape; `version` changes only with a breaking change.
import type { ReportedFinding } from '../types.js';
import { counts, fingerprint, type ReportInput } from './summary.js';

export function formatJson({ result, version, notices = [] }: ReportInput): string {
  const report = {
    version: 1,
    tool: { name: 'shipguard', version },
    stage: result.stage,
    exitCode: result.exitCode,
    summary: {
      ...counts(result),
      suppressed: result.suppressed,
      exceptions: result.exceptions.length,
      baselined: result.baselined,
      staleBaseline: result.staleBaseline.length,
    },
    rulesRun: result.rulesRun,
    skipped: result.skipped,
    skipRefused: result.skipRefused ?? [],
    notices,
    failures: result.failures,
    error: null,
    notes: result.notes,
    findings: result.findings.map(findingJson),
    // Findings a commit's Shipguard-Allow trailer accepted: the finding, its commits and the reason.
    exceptions: result.exceptions.map((exception) => ({ ...findingJson(exception.finding), commits: exception.commits, reason: exception.reason })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

function findingJson(finding: ReportedFinding) {
  return {
    ruleId: finding.ruleId,
    kind: finding.kind ?? null,
    severity: finding.severity,
    message: finding.message,
    file: finding.file ?? null,
    line: finding.line ?? null,
    column: finding.column ?? null,
    commit: finding.commit ?? null,
    hint: finding.hint ?? null,
    docs: finding.docs,
    fingerprint: fingerprint(finding),
  };
}

/** A run that could not finish (exit 2): the same shape, nothing checked, and why. */
export function formatJsonError(error: string, stage: string, version: string): string {
  const report = {
    version: 1,
    tool: { name: 'shipguard', version },
    stage,
    exitCode: 2,
    summary: { errors: 0, warnings: 0, suppressed: 0, exceptions: 0, baselined: 0, staleBaseline: 0 },
    rulesRun: [],
    skipped: [],
    skipRefused: [],
    notices: [],
    failures: [],
    error,
    notes: [],
    findings: [],
    exceptions: [],
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
