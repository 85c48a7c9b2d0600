// GitHub Actions workflow commands: each finding becomes an annotation on the pull request.
import { shortSha } from '../changeset.js';
import { ALLOW_TRAILER } from '../exceptions/trailers.js';
import { counts, plural, skipNotice, type ReportInput } from './summary.js';
import { visible, visibleResult } from './visible.js';

export function formatGithub(input: ReportInput): string {
  // Control characters first (the log viewer renders ANSI), then the workflow-command escapes.
  const result = visibleResult(input.result);
  const lines = (input.notices ?? []).map((text) => `::warning title=shipguard config::${escapeData(visible(text))}`);
  const notice = skipNotice(result, input.allowSkip);
  if (notice) lines.push(`::warning title=shipguard skip::${escapeData(notice)}`);
  for (const finding of result.findings) {
    const properties: string[] = [];
    if (finding.file) properties.push(`file=${escapeProperty(finding.file)}`);
    if (finding.file && finding.line) properties.push(`line=${finding.line}`);
    if (finding.file && finding.line && finding.column) properties.push(`col=${finding.column}`);
    const rule = finding.kind ? `${finding.ruleId}/${finding.kind}` : finding.ruleId;
    properties.push(`title=${escapeProperty(`shipguard ${rule}`)}`);
    const where = finding.commit ? ` (commit ${shortSha(finding.commit)})` : '';
    const text = `${finding.message}${where}${finding.hint ? `\n${finding.hint}` : ''}`;
    lines.push(`::${finding.severity === 'error' ? 'error' : 'warning'} ${properties.join(',')}::${escapeData(text)}`);
  }
  for (const { finding, commits, reason } of result.exceptions) {
    const rule = finding.kind ? `${finding.ruleId}/${finding.kind}` : finding.ruleId;
    const where = commits.map(shortSha).join(', ');
    lines.push(`::notice title=${escapeProperty(`shipguard accepted ${rule}`)}::${escapeData(`${finding.message} — accepted by ${ALLOW_TRAILER} in ${where}: ${reason}`)}`);
  }
  for (const failure of result.failures) {
    lines.push(`::error title=${escapeProperty(`shipguard ${failure.ruleId} failed`)}::${escapeData(failure.message)}`);
  }
  const { errors, warnings } = counts(result);
  lines.push(`shipguard ${input.command ?? result.stage}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(result.failures.length, 'rule failure')}${result.exceptions.length ? `, ${result.exceptions.length} accepted` : ''}`);
  return `${lines.join('\n')}\n`;
}

/** Workflow-command data: `%`, CR and LF would end or forge the command. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command property values: also `:` and `,`, which separate properties. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
