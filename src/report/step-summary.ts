// GitHub Actions job summary ($GITHUB_STEP_SUMMARY): a Markdown table of the findings on the run's page.
import { appendFileSync } from 'node:fs';
import { shortSha } from '../changeset.js';
import { ALLOW_TRAILER } from '../exceptions/trailers.js';
import type { RunResult } from '../engine.js';
import { counts, plural } from './summary.js';
import { visible } from './visible.js';

/** One table cell: no pipe or newline may end the cell or the row; no HTML from a file name. */
function cell(text: string): string {
  return visible(text).replace(/[<>&]/g, (char) => `&#${char.charCodeAt(0)};`).replace(/\|/g, '\\|');
}

export function stepSummary(result: RunResult): string {
  const { errors, warnings } = counts(result);
  const verdict = result.exitCode === 0 ? '✅ passed' : result.exitCode === 1 ? '❌ refused' : '⚠️ could not finish';
  const out = [`### shipguard ${result.stage}: ${verdict}`, '', `${plural(errors, 'error')}, ${plural(warnings, 'warning')} from ${plural(result.rulesRun.length, 'rule')}.`, ''];
  if (result.findings.length) {
    out.push('| severity | rule | where | message |', '| --- | --- | --- | --- |');
    for (const finding of result.findings) {
      const where = finding.file ? `${finding.file}${finding.line ? `:${finding.line}` : ''}` : finding.commit ? `commit ${shortSha(finding.commit)}` : 'whole change';
      const rule = finding.kind ? `${finding.ruleId}/${finding.kind}` : finding.ruleId;
      out.push(`| ${finding.severity} | ${cell(rule)} | ${cell(where)} | ${cell(finding.message)} |`);
    }
    out.push('');
  }
  if (result.exceptions.length) {
    out.push(`Accepted by \`${ALLOW_TRAILER}\` trailers:`, '', '| rule | where | commit | reason |', '| --- | --- | --- | --- |');
    for (const { finding, commits, reason } of result.exceptions) {
      const rule = finding.kind ? `${finding.ruleId}/${finding.kind}` : finding.ruleId;
      const where = finding.file ? `${finding.file}${finding.line ? `:${finding.line}` : ''}` : 'whole commit';
      out.push(`| ${cell(rule)} | ${cell(where)} | ${cell(commits.map(shortSha).join(', '))} | ${cell(reason)} |`);
    }
    out.push('');
  }
  for (const failure of result.failures) out.push(`- rule \`${cell(failure.ruleId)}\` failed to run: ${cell(failure.message)}`);
  return `${out.join('\n')}\n`;
}

export function stepSummaryError(stage: string, error: string): string {
  return `### shipguard ${stage}: ⚠️ could not finish\n\n${cell(error)}\n\n`;
}

/** Appends to the job summary when GitHub Actions provides one; never fails the run over it. */
export function appendStepSummary(env: NodeJS.ProcessEnv, markdown: string): void {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    appendFileSync(file, markdown);
  } catch {
    // A summary is a convenience: the verdict and exit code stand without it.
  }
}
