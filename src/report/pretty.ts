// Human output: grouped by file, ESLint-like lines, a hint under each finding, colour only on a TTY.
import { createColors } from 'picocolors';
import { shortSha } from '../changeset.js';
import type { RunResult } from '../engine.js';
import { ALLOW_TRAILER } from '../exceptions/trailers.js';
import type { ReportedFinding } from '../types.js';
import { counts, explainCommand, plural, skipNotice, type ReportInput } from './summary.js';
import { visible, visibleResult } from './visible.js';

/** Heading for findings about the change as a whole rather than one file or commit. */
const WHOLE_CHANGE = { 'pre-commit': 'staged change', 'pre-push': 'push', ci: 'range' } as const;
/** Commands that run a stage under their own name (`scan` checks a tree, not a CI range). */
const WHOLE_TREE_HEADING: Record<string, string> = { scan: 'tree' };

export function useColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return !('NO_COLOR' in env) && Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

export function formatPretty(input: ReportInput, color: boolean): string {
  const result = visibleResult(input.result);
  const c = createColors(color);
  const notices = (input.notices ?? []).map(visible);
  const out: string[] = notices.map((text) => `${c.yellow('⚠')} ${c.yellow(text)}`);
  if (notices.length) out.push('');
  const notice = skipNotice(result, input.allowSkip);
  if (notice) out.push(c.bgYellow(c.black(' SKIP ')) + ' ' + c.yellow(notice), '');

  const name = input.command ?? result.stage;
  const groups = new Map<string, ReportedFinding[]>();
  for (const finding of result.findings) {
    const whole = WHOLE_TREE_HEADING[name] ?? WHOLE_CHANGE[result.stage];
    const key = finding.file ?? (finding.commit ? `commit ${shortSha(finding.commit)}` : whole);
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  // A hint and a docs line say the same for every finding of a kind: print each once, under its first finding.
  const hinted = new Set<string>();
  const documented = new Set<string>();
  for (const [heading, findings] of groups) {
    out.push(c.underline(heading));
    for (const finding of findings) {
      const where = finding.line ? `${finding.line}:${finding.column ?? 1}` : '';
      const severity = finding.severity === 'error' ? c.red('error') : c.yellow('warn ');
      const rule = finding.kind ? `${finding.ruleId}/${finding.kind}` : finding.ruleId;
      const commit = finding.file && finding.commit ? `  ${c.dim(`commit ${shortSha(finding.commit)}`)}` : '';
      out.push(`  ${c.dim(where.padEnd(7))} ${severity}  ${finding.message}  ${c.dim(rule)}${commit}`);
      const hintKey = `${rule}\0${finding.hint}`;
      if (finding.hint && !hinted.has(hintKey)) out.push(`  ${' '.repeat(7)}        ${c.cyan('→')} ${finding.hint}`);
      if (!documented.has(finding.ruleId)) out.push(`  ${' '.repeat(7)}        ${c.dim(`docs: ${explainCommand(finding.ruleId)}`)}`);
      hinted.add(hintKey);
      documented.add(finding.ruleId);
    }
    out.push('');
  }

  for (const line of acceptedLines(result)) out.push(`${c.green('accepted:')} ${line}`);
  if (result.exceptions.length) out.push('');

  if (input.verbose && result.notes.length) {
    for (const note of result.notes) out.push(`${c.dim('note')}  ${visible(note.text)}  ${c.dim(note.ruleId)}`);
    out.push('');
  }

  for (const failure of result.failures) {
    out.push(
      `${c.red('✖')} rule ${c.bold(failure.ruleId)} failed to run: ${failure.message}`,
      `  shipguard stops here rather than let the change through unchecked. Fix the cause, or skip the rule for this once: SHIPGUARD_SKIP=${failure.ruleId}`,
      '',
    );
  }

  const { errors, warnings } = counts(result);
  const accepted = [
    ...(result.suppressed ? [`${result.suppressed} suppressed inline`] : []),
    ...(result.exceptions.length ? [`${result.exceptions.length} accepted by ${ALLOW_TRAILER} trailers`] : []),
    ...(result.baselined ? [`${result.baselined} accepted by the baseline`] : []),
  ];
  const suppressed = accepted.length ? c.dim(` (${accepted.join(', ')})`) : '';
  const ran = `${result.rulesRun.length} rule${result.rulesRun.length === 1 ? '' : 's'}`;
  if (result.targets === 0 && result.exitCode === 0) {
    const why = result.stage === 'pre-push' ? ' (git gives the pushed refs on stdin; to check a range by hand: shipguard ci --base <ref>)' : '';
    out.push(`${c.green('✔')} shipguard ${name}: nothing to check${why}`);
  } else if (result.exitCode === 0 && !warnings) {
    out.push(`${c.green('✔')} shipguard ${name}: ${ran} passed${suppressed}`);
  } else {
    const mark = result.exitCode === 0 ? c.yellow('⚠') : c.red('✖');
    const verdict =
      result.exitCode === 2 ? 'could not finish' : result.exitCode === 1 ? (input.command === 'scan' ? 'found problems' : `refused the ${noun(result.stage)}`) : 'passed with warnings';
    out.push(`${mark} shipguard ${name} ${verdict}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')} from ${ran}${suppressed}`);
  }
  if (notice) out.push(c.yellow(notice));
  for (const text of notices) out.push(`${c.yellow('⚠')} ${c.yellow(text)}`);
  if (result.staleBaseline.length) {
    const files = [...new Set(result.staleBaseline.map((entry) => entry.file ?? entry.rule))].slice(0, 5).join(', ');
    const count = result.staleBaseline.length;
    const what = count === 1 ? '1 baseline entry no longer matches' : `${count} baseline entries no longer match`;
    out.push(c.yellow(`⚠ ${what} anything (${files}): run \`shipguard baseline\` to prune ${count === 1 ? 'it' : 'them'}.`));
  }
  return `${out.join('\n')}\n`;
}

/** `commit-size in 1a2b3c4d — generated client regenerated`: one line per accepted exception. */
export function acceptedLines(result: RunResult): string[] {
  return result.exceptions.map(({ finding, commits, reason }) => {
    const rule = finding.kind ? `${finding.ruleId}/${finding.kind}` : finding.ruleId;
    const where = [finding.file ? `${finding.file}${finding.line ? `:${finding.line}` : ''}` : '', commits.length ? commits.map(shortSha).join(', ') : '']
      .filter(Boolean)
      .join(' in ');
    return `${rule} in ${where} — ${reason}`;
  });
}

function noun(stage: string): string {
  return stage === 'pre-commit' ? 'commit' : stage === 'pre-push' ? 'push' : 'change';
}
