// pre-commit, pre-push, ci and check: build the targets, run the rules, print, exit.
import { closest } from 'fastest-levenshtein';
import { EXTENDS_NOTHING_NOTICE, extendsNothing } from '../config/origin.js';
import { resolveConfig } from '../config/resolve.js';
import type { Baseline } from '../baseline.js';
import { releaseAbandonedWork } from '../budget.js';
import { prefetchBaselines, runRules, type RunResult, type Target } from '../engine.js';
import { UsageError } from '../errors.js';
import { TRAILER_RULE } from '../exceptions/accept.js';
import { DIRECTIVE_RULE } from '../exceptions/directives.js';
import { preCommitFrameworkInput } from '../git/push.js';
import { runEarlyGit, takeEarlyGit } from '../git/early.js';
import { GitReader, repoInfo } from '../git/reader.js';
import { loadRecords } from '../lazy.js';
import { parseCount } from '../parse-count.js';
import { packageVersion } from '../paths.js';
import { anchorsFrom } from '../report/anchor.js';
import { FORMATS, type Format } from '../report/index.js';
import { reportSink, runErrorLine, type ReportSink } from '../report/sink.js';
import { visible } from '../report/visible.js';
import { builtinRules } from '../rules/index.js';
import { pushTargets, rangeTarget, stagedTarget } from '../targets.js';
import type { ResolvedConfig, Stage } from '../types.js';
import type { Command, CommandIO, ParsedArgs } from './types.js';
import { now } from '../clock.js';

const COMMON_OPTIONS = {
  format: { type: 'string', short: 'f' },
  config: { type: 'string', short: 'c' },
  output: { type: 'string', short: 'o' },
  verbose: { type: 'boolean' },
} as const;

export function readFormat(value: unknown): Format {
  const format = (value ?? 'pretty') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${String(value)}")`);
  return format;
}

/** What `scan` and `baseline` change about a run: which rules, which baseline, what to report. */
export interface StageExtras {
  /** Only these rule ids (default: every enabled rule). */
  rules?: readonly string[];
  /** The baseline to apply instead of the one in each target's head (null: none). */
  baseline?: (root: string) => Baseline | null;
  reportStale?: boolean;
  /** Gets the result instead of printing it (`baseline` writes a file from it). */
  onResult?: (result: RunResult) => number;
  /** `ci --config-from`: read the config from this trusted ref, compared with the checked head. */
  configFrom?: { ref: string; head: string };
  /** `ci` under GitHub Actions: append the findings table to $GITHUB_STEP_SUMMARY. */
  stepSummary?: boolean;
  /** The command reports under its own name (`scan`), not the stage's. */
  command?: string;
  /** Rules never run by this command unless named in `rules` (`baseline` does not build). */
  exclude?: readonly string[];
  /** `ci --net`: commit-size judges the range's net change, not each commit (squash-merge teams). */
  net?: boolean;
  /** ci over a range: name the commit that introduced each net-change finding (never at the hooks). */
  attribute?: boolean;
}

export async function runStage(
  stage: Stage,
  args: ParsedArgs,
  io: CommandIO,
  buildTargets: (git: GitReader) => Promise<Target[]>,
  extras: StageExtras = {},
): Promise<number> {
  const format = readFormat(args.values.format);
  const sink = reportSink(io, format, args.values.output);
  try {
    return await checkStage(stage, args, io, buildTargets, extras, sink);
  } catch (error) {
    // A config or git error still leaves a valid document for the upload step and the job summary.
    if (!extras.onResult) {
      const line = runErrorLine(error);
      sink.writeError(stage, line);
      if (extras.stepSummary) {
        const { appendStepSummary, stepSummaryError } = await import('../report/step-summary.js');
        appendStepSummary(io.env, stepSummaryError(stage, line));
      }
    }
    throw error;
  }
}

async function checkStage(
  stage: Stage,
  args: ParsedArgs,
  io: CommandIO,
  buildTargets: (git: GitReader) => Promise<Target[]>,
  extras: StageExtras,
  sink: ReportSink,
): Promise<number> {
  const format = sink.format;
  const debug = io.env.SHIPGUARD_DEBUG ? (line: string) => io.stderr.write(`shipguard debug: ${line}\n`) : undefined;
  const started = now();
  // now() counts from the process start: Node's own start plus loading shipguard's chunks.
  debug?.(`started ${Math.round(started)} ms after the process (node start and module load)`);
  // pre-commit: rev-parse and the staged diff run side by side (dist/cli.cjs starts them before compiling).
  const early = stage === 'pre-commit' ? (takeEarlyGit(io.cwd) ?? runEarlyGit(io.cwd)) : undefined;
  const repo = await repoInfo(io.cwd, early?.revParse);
  const git = new GitReader(repo, early);
  try {
    const configPath = args.values.config as string | undefined;
    const [{ config: loaded, notices }, targets] = await Promise.all([
      extras.configFrom
        ? import('../config/from-ref.js').then(({ configFromRef }) => configFromRef({ git, ...extras.configFrom!, cwd: io.cwd, configPath, builtinRules }))
        : resolveConfig({ cwd: io.cwd, root: repo.root, commonDir: repo.commonDir, builtinRules, configPath }).then((resolved) => ({ config: resolved, notices: [] })),
      buildTargets(git).then((built) => {
        if (!extras.baseline) prefetchBaselines(git, built);
        return built;
      }),
    ]);
    const config = extras.net ? withNetCommitSize(loaded) : loaded;
    const rules = [...builtinRules, ...config.plugins].filter((rule) =>
      extras.rules ? extras.rules.includes(rule.meta.id) : !extras.exclude?.includes(rule.meta.id),
    );
    checkSkipNames(io.env.SHIPGUARD_SKIP, [...builtinRules, ...config.plugins].map((rule) => rule.meta.id));
    const progress = io.stderr.isTTY && format === 'pretty' ? (text: string) => io.stderr.write(`\r\x1b[K${visible(text)}`) : undefined;
    const allLines = Boolean(args.values.all);
    debug?.(`config and changes ready in ${Math.round(now() - started)} ms (${targets.length} target(s))`);
    const baseline = extras.baseline?.(repo.root);
    const reportStale = extras.reportStale;
    const checked = await runRules({ stage, config, rules, targets, git, allLines, skip: io.env.SHIPGUARD_SKIP, progress, debug, baseline, reportStale });
    // ci, check --range and scan only: the hooks never attribute or write a job summary.
    const result = extras.attribute ? await attributed(checked, targets) : checked;
    for (const record of loadRecords()) debug?.(`loaded ${record.module} in ${record.ms} ms`);
    const parsed = parseCount();
    if (parsed.parses) debug?.(`parsed code ${parsed.parses} times, ${parsed.files} distinct files`);
    debug?.(`total ${Math.round(now() - started)} ms`);
    if (progress) io.stderr.write('\r\x1b[K');
    releaseAbandonedWork();
    if (extras.onResult) return extras.onResult(result);
    const builtin = new Set(builtinRules.map((rule) => rule.meta.id));
    // Trailer and directive problems have ids of their own: SARIF needs them in its rule table, last
    // and only when used, so the other rules keep their ruleIndex.
    const used = new Set(result.findings.map((finding) => finding.ruleId));
    const metas = [
      ...rules.map((rule) => ({ id: rule.meta.id, description: rule.meta.description, docs: rule.meta.docs, builtin: builtin.has(rule.meta.id) })),
      ...[TRAILER_RULE, DIRECTIVE_RULE].filter((rule) => used.has(rule.id)).map((rule) => ({ ...rule, builtin: true })),
    ];
    const command = extras.command;
    sink.write({ result, version: packageVersion(), rules: metas, notices, allowSkip: config.allowSkip, anchor: anchorsFrom(targets), command, verbose: Boolean(args.values.verbose) });
    debug?.(`report written ${Math.round(now())} ms after the process`);
    if (extras.stepSummary) {
      const { appendStepSummary, stepSummary } = await import('../report/step-summary.js');
      appendStepSummary(io.env, stepSummary(result));
    }
    const prettyOnStdout = format === 'pretty' || args.values.output !== undefined;
    if (prettyOnStdout && extendsNothing(config)) io.stdout.write(`notice: ${EXTENDS_NOTHING_NOTICE}\n`);
    return result.exitCode;
  } finally {
    git.close();
  }
}

/** Names the commit that introduced each net-change finding. */
async function attributed(result: RunResult, targets: Target[]): Promise<RunResult> {
  const { attributeFindings } = await import('../attribution.js');
  return { ...result, findings: attributeFindings(result.findings, targets.flatMap((target) => target.commits)) };
}

/** `ci --net`: commit-size with `net: true` for this run, whatever the config says. */
function withNetCommitSize(config: ResolvedConfig): ResolvedConfig {
  const setting = config.rules['commit-size'];
  if (!setting) return config;
  return { ...config, rules: { ...config.rules, 'commit-size': { ...setting, options: { ...setting.options, net: true } } } };
}

/** A mistyped SHIPGUARD_SKIP stops the run (as the engine would), naming the rule meant. */
function checkSkipNames(skip: string | undefined, known: string[]): void {
  for (const id of (skip ?? '').split(/[\s,]+/).filter(Boolean)) {
    if (known.includes(id)) continue;
    const suggestion = closest(id, known);
    throw new UsageError(`SHIPGUARD_SKIP names an unknown rule "${id}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; rules: ${known.join(', ')}`);
  }
}

export const preCommitCommand: Command = {
  name: 'pre-commit',
  usage: 'pre-commit [--format pretty|json|sarif|github] [--verbose]',
  summary: 'Check the staged change (run by the pre-commit hook).',
  options: COMMON_OPTIONS,
  maxPositionals: 0,
  run: (args, io) => runStage('pre-commit', args, io, async (git) => [await stagedTarget(git)]),
};

export const prePushCommand: Command = {
  name: 'pre-push',
  usage: 'pre-push [<remote> [<url>]]   (ref updates on stdin, as git gives them)',
  summary: 'Check the commits being pushed (run by the pre-push hook).',
  options: COMMON_OPTIONS,
  maxPositionals: 2,
  run: (args, io) =>
    runStage('pre-push', args, io, async (git) => {
      // Under the pre-commit framework the hook gets no arguments and no stdin, only PRE_COMMIT_* variables.
      const [remote = io.env.PRE_COMMIT_REMOTE_NAME ?? '', url = io.env.PRE_COMMIT_REMOTE_URL ?? remote] = args.positionals;
      const stdin = await io.readStdin();
      return pushTargets(git, remote, url, stdin.trim() ? stdin : await preCommitFrameworkInput(io.env, git));
    }),
};

export const ciCommand: Command = {
  name: 'ci',
  usage: 'ci --base <ref> [--head <ref>] [--config-from <ref>] [--net] [--all] [--verbose] [--format sarif|github|json|pretty] [--output <file>]',
  summary: 'Check every commit in base..head, as the hooks would have (catches --no-verify).',
  options: { ...COMMON_OPTIONS, base: { type: 'string' }, head: { type: 'string' }, 'config-from': { type: 'string' }, net: { type: 'boolean' }, all: { type: 'boolean' } },
  maxPositionals: 0,
  run: (args, io) => {
    const base = args.values.base as string | undefined;
    if (!base) throw new UsageError('ci needs --base <ref> (for a pull request: --base origin/${{ github.base_ref }})');
    const head = (args.values.head as string | undefined) ?? 'HEAD';
    const configRef = args.values['config-from'] as string | undefined;
    const configFrom = configRef === undefined ? undefined : { ref: configRef, head };
    const stepSummary = Boolean(io.env.GITHUB_STEP_SUMMARY);
    const net = Boolean(args.values.net);
    return runStage('ci', args, io, async (git) => [await rangeTarget(git, base, head)], { configFrom, stepSummary, net, attribute: true });
  },
};

export const checkCommand: Command = {
  name: 'check',
  usage: 'check [--staged | --range <base>..<head>] [--all] [--verbose]',
  summary: 'Run the checks by hand: the staged change (default) or a commit range.',
  options: { ...COMMON_OPTIONS, staged: { type: 'boolean' }, range: { type: 'string' }, all: { type: 'boolean' } },
  maxPositionals: 0,
  run: (args, io) => {
    const range = args.values.range as string | undefined;
    if (range && args.values.staged) throw new UsageError('check takes --staged or --range, not both');
    if (!range) return runStage('pre-commit', args, io, async (git) => [await stagedTarget(git)]);
    const match = /^([^]+?)\.\.\.?([^]*)$/.exec(range);
    if (!match) throw new UsageError(`--range must look like <base>..<head> (got "${range}")`);
    return runStage('ci', args, io, async (git) => [await rangeTarget(git, match[1]!, match[2] || 'HEAD')], { attribute: true });
  },
};
