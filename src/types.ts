// Public types: what a rule author and a config author see.
import type { ChangedFile, ChangeSet, Commit } from './changeset.js';
import type { GitReader } from './git/reader.js';
import type { OptionsSchema } from './config/schema.js';

/** When shipguard runs: a git hook, or a CI job over a commit range. */
export type Stage = 'pre-commit' | 'pre-push' | 'ci';
export const STAGES: readonly Stage[] = ['pre-commit', 'pre-push', 'ci'];

export type Severity = 'error' | 'warn';
export type SeveritySetting = Severity | 'off';
/** ESLint-style: `'error'`, or `['error', { ...options }]`. */
export type RuleSetting<Options = Record<string, unknown>> =
  | SeveritySetting
  | [SeveritySetting]
  | [SeveritySetting, Partial<Options>];

export interface Finding {
  /** The rule that produced it, e.g. `secrets`. Filled in by the engine when a rule leaves it out. */
  ruleId?: string;
  /** The rule's specific check, e.g. `github-pat` for `secrets`. */
  kind?: string;
  /** A rule may lower one finding to `warn`; the configured rule severity is the ceiling. */
  severity?: Severity;
  message: string;
  /** Repository-relative path, forward slashes. */
  file?: string;
  line?: number;
  column?: number;
  /** What to do next, one or two sentences. */
  hint?: string;
  /** Commit the finding belongs to (pre-push / ci). */
  commit?: string;
  /** Stable identity across line moves (baseline, SARIF partialFingerprints). Never a secret in clear. */
  fingerprint?: string;
}

/** A finding after the engine applied severities and suppressions. */
export interface ReportedFinding extends Finding {
  ruleId: string;
  severity: Severity;
  docs: string;
  /** A secret finding's pre-scrypt (HMAC) fingerprint, to match older baselines. Never printed. */
  legacyFingerprint?: string;
}

/** One ref update of a push, parsed from the pre-push hook's stdin. */
export interface RefUpdate {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
  /** `branch`, `tag`, or `other` (notes, custom refs), from the remote ref name. */
  kind: 'branch' | 'tag' | 'other';
  /** Short name: `main` for refs/heads/main, `v1.0` for refs/tags/v1.0. */
  name: string;
  isNew: boolean;
  isDelete: boolean;
  /** The remote sha is not an ancestor of the local sha (or is unknown here). */
  isForce: boolean;
}

export interface Amend {
  /** Parents of the commit being amended (HEAD): none for a root commit, two or more for a merge. */
  parents: string[];
  /** The amended commit's files: the index against HEAD's first parent (empty for a merge). */
  files: ChangedFile[];
}

export interface PushInfo {
  remote: string;
  url: string;
  update: RefUpdate;
}

export interface RuleMeta<Options> {
  id: string;
  description: string;
  /** Stages the rule runs in. */
  stages: readonly Stage[];
  /** Path of the rule's page inside the package, e.g. `docs/rules/commit-size.md`. */
  docs: string;
  defaultOptions: Options;
  schema: OptionsSchema;
  /**
   * How `overrides` with `files` reach the rule (docs/config.md#overrides). `file`: each finding
   * takes the setting of the file it names (the rule judges files one by one: secrets, code rules).
   * `change` (the default, and what custom rules get unless they say otherwise): the rule judges the
   * change as a whole, so an override applies only when every changed file matches it.
   */
  scope?: 'file' | 'change';
  /**
   * Every finding kind the rule reports, with a one-line description (like ESLint's `meta.messages`):
   * `{ lines: 'the change has more changed lines than maxLines' }`. Each is documented on the rule's
   * page as `<id>/<kind>` or in its kinds table. Required of built-in rules; a rule that declares
   * kinds fails the run (exit 2) when it reports a finding of another kind, a bug the tests catch.
   */
  kinds?: Readonly<Record<string, string>>;
  /**
   * Milliseconds the rule's own external commands may take (each stopped by its own timeout), added
   * to the config's `ruleTimeout` so the budget never stops a legitimately long build.
   */
  commandTimeMs?(options: Options): number;
}

export interface RuleContext<Options> {
  stage: Stage;
  options: Options;
  /** Repository top level (absolute). */
  cwd: string;
  /** The net change being checked: staged vs HEAD, or range base vs head. Global `ignore` already applied. */
  changes: ChangeSet;
  /** pre-push / ci: each new commit, oldest first, with its own files. Empty at pre-commit. */
  commits: Commit[];
  /** pre-push only: the ref update being checked. */
  push?: PushInfo;
  /**
   * `ci --all` / `check --all`: report on every line of the changed files, not only added lines
   * (for adopting shipguard on an existing codebase). Rules that report per added line honour it.
   */
  allLines: boolean;
  /**
   * pre-commit: the commit being made concludes a merge (MERGE_HEAD exists), so the staged change
   * also holds every change of the merged branch; those commits are checked on their own elsewhere.
   */
  merging: boolean;
  /**
   * pre-commit under `git commit --amend` (see git/amend.ts): the commit being made replaces HEAD,
   * so its change is the index against HEAD's parent. Undefined when not amending (or undetectable).
   */
  amend?: Amend;
  /** Current branch name at pre-commit (undefined when detached). */
  branch?: string;
  git: GitReader;
  /**
   * Config globs against a repository path (src/glob.ts `matchAny`): minimatch with dot files; a
   * pattern without a slash matches the base name anywhere (`*.pem`); a later `!pattern` excludes.
   */
  match(path: string, globs: readonly string[]): boolean;
  /** Progress line for slow rules (TTY only); no-op elsewhere. */
  progress(text: string): void;
  /**
   * What a rule decided and why when it found nothing to report (which engine judged, which folder
   * held the migration): in the json report's `notes`, and printed with `--verbose`.
   */
  note(text: string): void;
  /**
   * Salted hash (keyed with the repository's baseline salt) for `Finding.fingerprint`: give it what
   * identifies the finding apart from its line (e.g. rule, file, secret). The parts are never stored.
   */
  fingerprint(...parts: string[]): string;
  /**
   * Fingerprint of a finding that identifies a secret: a deliberately slow salted hash (scrypt) of
   * `parts` (rule, file) and `secret`, since fingerprints are published (baseline, SARIF) and a fast
   * hash would let anyone guess the secret offline. Give `at` (where the secret was read) so later
   * runs take it from a private cache instead of paying the hash again.
   */
  secretFingerprint(secret: string, parts: string[], at?: { blob: string; line: number; column: number }): Promise<string>;
}

export interface Rule<Options = any> {
  meta: RuleMeta<Options>;
  check(ctx: RuleContext<Options>): Promise<Finding[]> | Finding[];
}

/** Config as written by users and presets. */
export interface UserConfig {
  extends?: string | string[];
  /** Paths no rule looks at (minimatch globs). */
  ignore?: string[];
  rules?: Record<string, RuleSetting<any>>;
  /** Rules defined by this config (custom rules), by id. */
  plugins?: Rule[];
  /** Stages where SHIPGUARD_SKIP is honoured. Default: all stages. */
  allowSkip?: boolean | Stage[];
  /**
   * Rules whose findings a commit may accept with a `Shipguard-Allow: <rule> -- <reason>` trailer
   * (pre-push and ci). Default: none, so trailers do nothing until a team opts in.
   */
  allowTrailer?: string[];
  /** Seconds one rule may run on one target before the run fails naming it. Default 120. */
  ruleTimeout?: number;
  /** Rule settings for some paths and/or stages, applied after `rules`, later entries winning. */
  overrides?: OverrideConfig[];
}

/** One entry of `overrides`: needs `files` or `stages` (or both). */
export interface OverrideConfig {
  /** Repository-relative globs (like `ignore`); the override applies to paths matching one of them. */
  files?: string[];
  /** Globs taken back out of `files`. */
  excludedFiles?: string[];
  /** Only at these stages. */
  stages?: Stage[];
  rules: Record<string, RuleSetting<any>>;
}

/**
 * One step of the rule settings, in the order applied: each config file's own `rules` (no
 * conditions), then its `overrides`; presets before the file extending them (like ESLint).
 */
export interface RuleBlock {
  /** The config file it came from (absolute, or a built-in preset's path). */
  source: string;
  /** Its index in that file's `overrides`; undefined for the file's own `rules`. */
  override?: number;
  files?: string[];
  excludedFiles?: string[];
  stages?: Stage[];
  rules: Record<string, { severity: SeveritySetting; options?: Record<string, unknown> }>;
}

export interface ResolvedRuleConfig {
  severity: SeveritySetting;
  options: Record<string, unknown>;
  /** The config file that last set this rule (for error messages). */
  source: string;
  /** Set when an override set it last: its index in `source`'s `overrides`. */
  override?: number;
}

export interface ResolvedConfig {
  /** Absolute path of the config file, or undefined when none was found. */
  filepath?: string;
  /** Files that contributed, in the order applied (presets first). */
  sources: string[];
  ignore: string[];
  allowSkip: Stage[];
  /** Rules a `Shipguard-Allow` commit trailer may accept findings of. */
  allowTrailer: string[];
  /** Per-rule time budget (config `ruleTimeout`, in seconds there). */
  ruleTimeoutMs: number;
  /** Each rule's setting where no override applies (no path, no stage). */
  rules: Record<string, ResolvedRuleConfig>;
  /** Every `rules` and `overrides` entry in the order applied; `config/effective.ts` folds them. */
  blocks: RuleBlock[];
  plugins: Rule[];
}
