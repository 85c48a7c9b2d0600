// Machine output, documented in docs/reporters.md. Every key is always present (null when unknown),
// so consumers can rely on the shape; `version` changes only with a breaking change.
import { counts, fingerprint, type ReportInput } from './summary.js';

export function formatJson({ result, version, notices = [] }: ReportInput): string {
  const report = {
    version: 1,
    tool: { name: 'shipguard', version },
    stage: result.stage,
    exitCode: result.exitCode,
    summary: { ...counts(result), suppressed: result.suppressed, baselined: result.baselined, staleBaseline: result.staleBaseline.length },
    rulesRun: result.rulesRun,
    skipped: result.skipped,
    skipRefused: result.skipRefused ?? [],
    notices,
    failures: result.failures,
    notes: result.notes,
    findings: result.findings.map((finding) => ({
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
    })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
