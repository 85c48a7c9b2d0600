// `shipguard … --format json` in tests: the documented report shape (docs/reporters.md), parsed.
import type { RunResult, TestRepo } from './repo.js';

export interface JsonFinding {
  ruleId: string;
  kind: string | null;
  severity: 'error' | 'warn';
  message: string;
  file: string | null;
  line: number | null;
  column: number | null;
  commit: string | null;
  hint: string | null;
  docs: string;
  fingerprint: string;
}

export interface JsonReport {
  exitCode: number;
  summary: { errors: number; warnings: number; suppressed: number; baselined: number; staleBaseline: number };
  rulesRun: string[];
  skipped: string[];
  failures: { ruleId: string; message: string }[];
  /** What rules noted about their decisions (shown with --verbose). */
  notes: { ruleId: string; text: string }[];
  findings: JsonFinding[];
}

export type JsonRun = RunResult & JsonReport;

/** Runs shipguard with `--format json`; fails the test with the output when it printed no report. */
export function runJson(repo: TestRepo, args: string[], env?: NodeJS.ProcessEnv): JsonRun {
  const run = repo.shipguard([...args, '--format', 'json'], { env });
  try {
    return { ...run, ...(JSON.parse(run.stdout) as JsonReport) };
  } catch {
    throw new Error(`shipguard ${args.join(' ')} printed no JSON report (exit ${run.code}):\n${run.output}`);
  }
}
