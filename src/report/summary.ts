// Shared facts every reporter prints the same way.
import { createHash } from 'node:crypto';
import type { RunResult } from '../engine.js';
import type { ReportedFinding } from '../types.js';

export interface ReportInput {
  result: RunResult;
  version: string;
  /** Rule metadata for SARIF's rule table and docs lines. */
  rules: { id: string; description: string; docs: string }[];
  /** Warnings about the run itself (e.g. the config differs between --config-from and the head). */
  notices?: string[];
}

export function counts(result: RunResult): { errors: number; warnings: number } {
  const errors = result.findings.filter((finding) => finding.severity === 'error').length;
  return { errors, warnings: result.findings.length - errors };
}

/** Stable identity of a finding: no line numbers, so it survives edits above it. */
export function fingerprint(finding: ReportedFinding): string {
  if (finding.fingerprint) return finding.fingerprint;
  return createHash('sha256')
    .update([finding.ruleId, finding.kind ?? '', finding.file ?? '', finding.commit ?? '', finding.message].join('\0'))
    .digest('hex')
    .slice(0, 32);
}

export function skipNotice(result: RunResult): string | undefined {
  if (result.skipRefused?.length) {
    return `SHIPGUARD_SKIP=${result.skipRefused.join(',')} was ignored: the config does not allow skipping at ${result.stage} (allowSkip).`;
  }
  if (!result.skipped.length) return undefined;
  return `SHIPGUARD_SKIP: ${result.skipped.join(', ')} NOT checked at ${result.stage}. This skip is visible in the hook output and CI will still run every rule.`;
}

export function explainCommand(ruleId: string): string {
  return `shipguard explain ${ruleId}`;
}
