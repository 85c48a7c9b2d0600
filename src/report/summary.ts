// Shared facts every reporter prints the same way.
import { crypto } from '../lazy-crypto.js';
import type { RunResult } from '../engine.js';
import type { ReportedFinding, Stage } from '../types.js';
import type { AnchorFor } from './anchor.js';

export interface ReportInput {
  result: RunResult;
  version: string;
  /** Rule metadata for SARIF's rule table and docs lines. */
  rules: { id: string; description: string; docs: string; builtin?: boolean }[];
  /** Warnings about the run itself (e.g. the config differs between --config-from and the head). */
  notices?: string[];
  /** Stages where the config honours SHIPGUARD_SKIP: the skip notice says whether CI will check. */
  allowSkip: readonly Stage[];
  /** Where a finding without a file is shown in SARIF (code scanning needs a location). */
  anchor?: AnchorFor;
  /** The command when it is not the stage's own (`scan` runs the ci stage over a tree). */
  command?: string;
  /** `--verbose`: the pretty report also prints what rules noted about their decisions. */
  verbose?: boolean;
}

export function counts(result: RunResult): { errors: number; warnings: number } {
  const errors = result.findings.filter((finding) => finding.severity === 'error').length;
  return { errors, warnings: result.findings.length - errors };
}

/** Stable identity of a finding: no line numbers, so it survives edits above it. */
export function fingerprint(finding: ReportedFinding): string {
  if (finding.fingerprint) return finding.fingerprint;
  return crypto().createHash('sha256')
    .update([finding.ruleId, finding.kind ?? '', finding.file ?? '', finding.commit ?? '', finding.message].join('\0'))
    .digest('hex')
    .slice(0, 32);
}

export function skipNotice(result: RunResult, allowSkip: readonly Stage[]): string | undefined {
  const ciSkips = allowSkip.includes('ci');
  if (result.skipRefused?.length) {
    const why =
      result.stage === 'ci'
        ? 'CI runs every rule unless the config\'s allowSkip includes "ci".'
        : `the config does not allow skipping at ${result.stage} (allowSkip).`;
    return `SHIPGUARD_SKIP=${result.skipRefused.join(',')} was ignored: ${why}`;
  }
  if (!result.skipped.length) return undefined;
  const skipped = `SHIPGUARD_SKIP: ${result.skipped.join(', ')} NOT checked at ${result.stage}.`;
  if (result.stage === 'ci') return `${skipped} The config lets CI skip rules (allowSkip includes "ci").`;
  return ciSkips
    ? `${skipped} This skip is visible in the hook output; the config lets CI skip too (allowSkip includes "ci").`
    : `${skipped} This skip is visible in the hook output and CI will still run every rule.`;
}

export function explainCommand(ruleId: string): string {
  return `shipguard explain ${ruleId}`;
}

/** "1 error", "2 errors". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
