// Runs the enabled rules for a stage over one or more targets, then applies severities,
// suppressions and the emergency skip. Never lets a change through because a rule crashed.
import { outsideBudget, runWithinBudget, takeLateFailures } from './budget.js';
import { BASELINE_FILE, fingerprinter, parseBaseline, saltOf, type Baseline, type BaselineEntry } from './baseline.js';
import type { ChangeSet, Commit } from './changeset.js';
import { FingerprintCache } from './fingerprint-cache.js';
import { SecretFingerprints } from './secret-fingerprints.js';
import { errorMessage, UsageError } from './errors.js';
import type { GitReader } from './git/reader.js';
import { mayRun } from './config/effective.js';
import { matchAny } from './glob.js';
import { redactSecrets } from './rules/secrets/redact-text.js';
import { planRuns, type ScopedRun } from './rule-scope.js';
import { TrailerExceptions, type AcceptedException } from './exceptions/accept.js';
import { InlineDirectives } from './exceptions/directives.js';
import type { Amend, Finding, PushInfo, ReportedFinding, ResolvedConfig, Rule, RuleContext, Severity, Stage } from './types.js';
import { now } from './clock.js';

/** One thing to check: the staged change, a CI range, or one ref update of a push. */
export interface Target {
  changes: ChangeSet;
  commits: Commit[];
  push?: PushInfo;
  branch?: string;
  merging?: boolean;
  /** pre-commit under `git commit --amend`: the commit being made replaces HEAD. */
  amend?: Amend;
}

export interface RuleFailure {
  ruleId: string;
  message: string;
}

export interface RuleNote {
  ruleId: string;
  text: string;
}

export interface RunResult {
  stage: Stage;
  findings: ReportedFinding[];
  suppressed: number;
  /** Findings accepted by a commit's `Shipguard-Allow` trailer (pre-push, ci), with the reason. */
  exceptions: AcceptedException[];
  /** Findings accepted by the baseline file. */
  baselined: number;
  /** Baseline entries nothing matched (only computed for whole-tree runs, see `reportStale`). */
  staleBaseline: BaselineEntry[];
  /** Rules skipped through SHIPGUARD_SKIP. */
  skipped: string[];
  /** Set when SHIPGUARD_SKIP was given but the config does not allow it at this stage. */
  skipRefused?: string[];
  /** Rules that threw: the run fails with exit code 2. */
  failures: RuleFailure[];
  /** What rules noted about their decisions (`RuleContext.note`), in order, without duplicates. */
  notes: RuleNote[];
  rulesRun: string[];
  /** How many targets were checked: 0 when a push had no ref updates (nothing to check). */
  targets: number;
  exitCode: 0 | 1 | 2;
}

export interface RunOptions {
  stage: Stage;
  config: ResolvedConfig;
  rules: readonly Rule[];
  targets: Target[];
  git: GitReader;
  /** Report on whole changed files, not only added lines (`--all`). */
  allLines?: boolean;
  /** Value of SHIPGUARD_SKIP. */
  skip?: string;
  progress?: (text: string) => void;
  /** SHIPGUARD_DEBUG: one line per rule run (and per heavy module loaded, printed by the caller). */
  debug?: (line: string) => void;
  /**
   * The baseline to apply. Undefined: read `.shipguard-baseline.json` from each target's head
   * (index or commit). `shipguard baseline` passes its own (salt only, no entries).
   */
  baseline?: Baseline | null;
  /** The targets cover whole trees: baseline entries that matched nothing are stale. */
  reportStale?: boolean;
}

interface RawFinding {
  rule: Rule;
  /** The configured ceiling for this finding (its file's setting under `overrides`). */
  ceiling: Severity;
  target: Target;
  finding: Finding;
  baseline?: Baseline;
  /** The secret finding's HMAC fingerprint, as baselines written before scrypt hold it. */
  legacyFingerprint?: string;
}

const HOOK_STAGES: ReadonlySet<Stage> = new Set(['pre-commit', 'pre-push']);

export async function runRules(options: RunOptions): Promise<RunResult> {
  const { stage, config, git } = options;
  const byId = new Map(options.rules.map((rule) => [rule.meta.id, rule]));
  const requestedSkip = parseSkip(options.skip, byId);
  const skipAllowed = config.allowSkip.includes(stage);
  const skipped = skipAllowed ? requestedSkip : [];
  // On somewhere at this stage; which paths and options each target gets is planned per target.
  const enabled = [...byId.values()].filter((rule) => mayRun(config, rule, stage) && !skipped.includes(rule.meta.id));

  const trailers = new TrailerExceptions(
    options.targets.flatMap((target) => target.commits),
    config,
  );
  const directives = new InlineDirectives(git, [...byId.keys()]);
  for (const target of options.targets) directives.checkAdded(target.changes.files);
  // In a hook, rules that run the project's own commands (required-build) wait for the others: when
  // those already refuse the change, nobody waits minutes for a build whose result changes nothing.
  const deferred = HOOK_STAGES.has(stage) ? enabled.filter((rule) => rule.meta.commandTimeMs) : [];
  const first = await checkTargets(options, enabled.filter((rule) => !deferred.includes(rule)));
  const settled = await settle(first.raw, directives, trailers, git);
  const { failures, notes, ran } = first;
  const notRun = new Set<Rule>();
  if (deferred.length) {
    const refusedBy = [...new Set(settled.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.ruleId))];
    if (refusedBy.length || failures.length) {
      const why = refusedBy.length ? `${refusedBy.join(', ')} already refuse${refusedBy.length === 1 ? 's' : ''} the change` : 'a rule failed to run';
      for (const rule of deferred) {
        notRun.add(rule);
        notes.push({ ruleId: rule.meta.id, text: `not run: ${why}` });
      }
    } else {
      const later = await checkTargets(options, deferred);
      const more = await settle(later.raw, directives, trailers, git);
      settled.findings.push(...more.findings);
      settled.exceptions.push(...more.exceptions);
      settled.suppressed += more.suppressed;
      settled.baselined += more.baselined;
      for (const fingerprint of more.matched) settled.matched.add(fingerprint);
      failures.push(...later.failures);
      notes.push(...later.notes);
      for (const rule of later.ran) ran.add(rule);
    }
  }
  // Under `overrides` a rule on only for some paths ran only where the change touched them.
  const rulesRun = enabled.filter((rule) => !notRun.has(rule) && (!options.targets.length || ran.has(rule))).map((rule) => rule.meta.id);
  const { findings, suppressed, exceptions, baselined, matched } = settled;
  findings.push(...trailers.refused, ...trailers.unused(rulesRun), ...directives.findings());
  findings.sort(compareFindings);
  const hasError = findings.some((finding) => finding.severity === 'error');
  return {
    stage,
    findings,
    suppressed,
    exceptions,
    baselined,
    staleBaseline: options.reportStale ? await staleEntries(options, git, matched, enabled) : [],
    skipped,
    skipRefused: !skipAllowed && requestedSkip.length ? requestedSkip : undefined,
    failures,
    notes,
    rulesRun,
    targets: options.targets.length,
    exitCode: failures.length ? 2 : hasError ? 1 : 0,
  };
}

/** Runs every enabled rule on every target (rules of one target concurrently). */
async function checkTargets(options: RunOptions, enabled: Rule[]): Promise<{ raw: RawFinding[]; failures: RuleFailure[]; notes: RuleNote[]; ran: Set<Rule> }> {
  const failures: RuleFailure[] = [];
  const raw: RawFinding[] = [];
  const ran = new Set<Rule>();
  const cache = new FingerprintCache(options.git.repo.commonDir);
  const notes: RuleNote[] = [];
  const noted = new Set<string>();
  const noter = (ruleId: string) => (text: string) => {
    if (noted.has(`${ruleId}\0${text}`)) return;
    noted.add(`${ruleId}\0${text}`);
    notes.push({ ruleId, text });
  };
  for (const target of options.targets) {
    const filtered = applyIgnore(target, options.config.ignore);
    const baseline = options.baseline === undefined ? await readBaseline(options.git, target) : (options.baseline ?? undefined);
    const fingerprint = fingerprinter(baseline?.salt);
    const secrets = new SecretFingerprints(saltOf(baseline), cache);
    const runs = enabled.flatMap((rule) => planRuns(options.config, rule, options.stage, filtered).map((run) => ({ rule, run })));
    for (const { rule } of runs) ran.add(rule);
    await Promise.all(
      runs.map(async ({ rule, run }) => {
        const started = now();
        try {
          const context = makeContext(rule, run, filtered, options, fingerprint, secrets, noter(rule.meta.id));
          // Custom rules are watched and traced more closely than shipguard's own (see budget.ts).
          const custom = options.config.plugins.includes(rule);
          const found = await runWithinBudget(rule.meta.id, budgetMs(rule, run, options.config), () => rule.check(context), { custom });
          if (custom || STRICT_KINDS) checkKinds(rule, found);
          for (const finding of found) {
            const ceiling = run.severityOf(finding);
            if (ceiling) raw.push({ rule, ceiling, target: filtered, finding, baseline, legacyFingerprint: secrets.legacyOf(finding.fingerprint) });
          }
          options.debug?.(`rule ${rule.meta.id}: ${found.length} findings in ${Math.round(now() - started)} ms`);
        } catch (error) {
          failures.push({ ruleId: rule.meta.id, message: redactSecrets(errorMessage(error)) });
        }
      }),
    );
  }
  cache.save();
  failures.push(...takeLateFailures());
  return { raw, failures, notes, ran };
}

/**
 * A rule that declares its kinds (every built-in rule does) reports no other: that is a bug in the
 * rule. A custom rule's author gets the error; for shipguard's own rules the tests turn it on
 * (SHIPGUARD_STRICT_KINDS=1), and a user is never blocked by our metadata.
 */
const STRICT_KINDS = process.env.SHIPGUARD_STRICT_KINDS === '1';

function checkKinds(rule: Rule, found: readonly Finding[]): void {
  const kinds = rule.meta.kinds;
  if (!kinds) return;
  const stray = found.find((finding) => finding.kind === undefined || !Object.hasOwn(kinds, finding.kind));
  if (stray) throw new Error(`reported a finding of kind "${stray.kind ?? '(none)'}", which its meta.kinds does not declare`);
}

/** `ruleTimeout`, plus what the rule's own commands may take (required-build's builds). */
function budgetMs(rule: Rule, run: ScopedRun, config: ResolvedConfig): number {
  const commands = rule.meta.commandTimeMs?.(run.options) ?? 0;
  return config.ruleTimeoutMs + (Number.isFinite(commands) && commands > 0 ? commands : 0);
}

/**
 * Severities, then duplicates (several pushed refs), the baseline, inline directives and commit
 * trailers, in that order: what the change's own content accepts wins over its commit message.
 */
async function settle(raw: RawFinding[], directives: InlineDirectives, trailers: TrailerExceptions, git: GitReader) {
  const findings: ReportedFinding[] = [];
  const exceptions: AcceptedException[] = [];
  const seen = new Set<string>();
  const matched = new Set<string>();
  let suppressed = 0;
  let baselined = 0;
  for (const { rule, ceiling, target, finding, baseline, legacyFingerprint } of raw) {
    const reported = finish(rule, finding, ceiling, legacyFingerprint);
    const key = [reported.ruleId, reported.kind, reported.file, reported.line, reported.column, reported.message].join('\0');
    if (seen.has(key)) continue;
    seen.add(key);
    const accepted = baseline && findEntry(baseline.entries, reported);
    if (accepted) {
      matched.add(accepted.fingerprint);
      baselined++;
    } else if ((await directives.covering(reported, target.changes.head))?.reason) {
      suppressed++;
    } else {
      const exception = await trailers.accept(reported, target.commits, target.changes.head, git);
      if (exception) exceptions.push(exception);
      else findings.push(reported);
    }
  }
  return { findings, suppressed, exceptions, baselined, matched };
}

function parseSkip(value: string | undefined, rules: Map<string, Rule>): string[] {
  const ids = (value ?? '')
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter(Boolean);
  for (const id of ids) {
    if (!rules.has(id)) throw new UsageError(`SHIPGUARD_SKIP names an unknown rule "${id}" (rules: ${[...rules.keys()].join(', ')})`);
  }
  return ids;
}

const baselines = new WeakMap<Target, Promise<Baseline | undefined>>();

/**
 * Starts reading each target's baseline while the config still loads: the read starts git cat-file
 * and the rules cannot start before it answers. An invalid baseline still fails when the engine
 * awaits it (never as an unhandled rejection when the run stops first).
 */
export function prefetchBaselines(git: GitReader, targets: readonly Target[]): void {
  for (const target of targets) readBaseline(git, target).catch(() => undefined);
}

function readBaseline(git: GitReader, target: Target): Promise<Baseline | undefined> {
  let baseline = baselines.get(target);
  if (!baseline) {
    baseline = git.readFile(target.changes.head, BASELINE_FILE).then((text) => (text === null ? undefined : parseBaseline(text)));
    baselines.set(target, baseline);
  }
  return baseline;
}

/** Entries of the (last target's) baseline for rules that ran, which no finding matched. */
async function staleEntries(options: RunOptions, git: GitReader, matched: Set<string>, enabled: Rule[]): Promise<BaselineEntry[]> {
  const target = options.targets[options.targets.length - 1];
  const baseline = options.baseline === undefined ? target && (await readBaseline(git, target)) : options.baseline;
  const ran = new Set(enabled.map((rule) => rule.meta.id));
  return (baseline?.entries ?? []).filter((entry) => ran.has(entry.rule) && !matched.has(entry.fingerprint));
}

/** The baseline entry accepting a finding: by its fingerprint, or a secret's pre-scrypt one. */
export function findEntry(entries: readonly BaselineEntry[], finding: ReportedFinding): BaselineEntry | undefined {
  const { fingerprint, legacyFingerprint, ruleId } = finding;
  if (!fingerprint) return undefined;
  return entries.find((entry) => entry.rule === ruleId && (entry.fingerprint === fingerprint || entry.fingerprint === legacyFingerprint));
}

function makeContext(
  rule: Rule,
  run: ScopedRun,
  target: Target,
  options: RunOptions,
  fingerprint: (...parts: string[]) => string,
  secrets: SecretFingerprints,
  note: (text: string) => void,
): RuleContext<unknown> {
  return {
    stage: options.stage,
    options: run.options,
    cwd: options.git.root,
    changes: target.changes,
    commits: target.commits,
    push: target.push,
    branch: target.branch,
    allLines: options.allLines ?? false,
    merging: target.merging ?? false,
    amend: target.amend,
    git: options.git,
    match: matchAny,
    progress: options.progress ?? (() => {}),
    note,
    fingerprint,
    secretFingerprint: (secret, parts, at) => outsideBudget(rule.meta.id, () => secrets.fingerprint(secret, parts, at)),
  };
}

/** Global `ignore`: no rule sees these paths. */
function applyIgnore(target: Target, ignore: readonly string[]): Target {
  if (!ignore.length) return target;
  const keep = <T extends { path: string }>(files: T[]) => files.filter((file) => !matchAny(file.path, ignore));
  return {
    ...target,
    changes: { ...target.changes, files: keep(target.changes.files) },
    commits: target.commits.map((commit) => ({ ...commit, files: keep(commit.files) })),
    amend: target.amend && { ...target.amend, files: keep(target.amend.files) },
  };
}

const RANK: Record<Severity, number> = { warn: 1, error: 2 };

function finish(rule: Rule, finding: Finding, ceiling: Severity, legacyFingerprint: string | undefined): ReportedFinding {
  const own = finding.severity ?? 'error';
  return {
    ...finding,
    ruleId: finding.ruleId || rule.meta.id,
    severity: RANK[own] <= RANK[ceiling] ? own : ceiling,
    docs: rule.meta.docs,
    ...(legacyFingerprint ? { legacyFingerprint } : {}),
  };
}

function compareFindings(a: ReportedFinding, b: ReportedFinding): number {
  return (
    (a.file ?? '').localeCompare(b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    a.ruleId.localeCompare(b.ruleId)
  );
}
