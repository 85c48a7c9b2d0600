// How one rule runs on one target when `overrides` give paths or stages their own settings
// (docs/config.md#overrides): with which options, and which severity each finding gets.
import type { Commit } from './changeset.js';
import { hasOverrides, settingResolver } from './config/effective.js';
import type { Target } from './engine.js';
import type { Finding, ResolvedConfig, ResolvedRuleConfig, Rule, Severity, Stage } from './types.js';

export interface ScopedRun {
  options: Record<string, unknown>;
  /** The severity ceiling of a finding of this run, or undefined when another setting owns it (or is off). */
  severityOf(finding: Finding): Severity | undefined;
}

/**
 * Usually one run. A finding belongs to a setting: a file rule's to its file's, a change rule's to
 * its commit's (every file of that commit matching), otherwise to the whole target's (every changed
 * file matching). The rule runs once per distinct set of options among those settings.
 */
export function planRuns(config: ResolvedConfig, rule: Rule, stage: Stage, target: Target): ScopedRun[] {
  if (!hasOverrides(config)) return single(config.rules[rule.meta.id]);
  const resolver = settingResolver(config, rule, stage);
  const paths = changedPaths(target);
  const whole = resolver.settingFor(paths);
  // No override with `files` for this rule here: one setting for everything (stage overrides applied).
  if (!resolver.byPath) return single(whole);
  const byFile = rule.meta.scope === 'file';
  const units = byFile ? paths.map((path) => resolver.settingFor([path])) : target.commits.map((commit) => resolver.settingFor(pathsOf(commit)));
  const owner = (finding: Finding): ResolvedRuleConfig => {
    if (byFile) return finding.file ? resolver.settingFor([finding.file]) : whole;
    const commit = finding.commit ? target.commits.find((candidate) => candidate.sha === finding.commit) : undefined;
    return commit ? resolver.settingFor(pathsOf(commit)) : whole;
  };

  const runs = new Map<string, Record<string, unknown>>();
  for (const setting of new Set([whole, ...units])) {
    if (setting.severity !== 'off' && !runs.has(key(setting))) runs.set(key(setting), setting.options);
  }
  const first = runs.keys().next().value;
  return [...runs].map(([runKey, options]) => ({
    options,
    severityOf(finding) {
      const own = owner(finding);
      if (own.severity === 'off') return undefined;
      // A file no run has the options of (a finding outside the change, from a tree-wide re-check):
      // the first run reports it, with that file's severity.
      return key(own) === runKey || (!runs.has(key(own)) && runKey === first) ? own.severity : undefined;
    },
  }));
}

function single(setting: ResolvedRuleConfig | undefined): ScopedRun[] {
  if (!setting || setting.severity === 'off') return [];
  const severity = setting.severity;
  return [{ options: setting.options, severityOf: () => severity }];
}

/** Every path the target changes: the net change, each commit's files, an amended commit's. */
function changedPaths(target: Target): string[] {
  const paths = new Set(target.changes.files.map((file) => file.path));
  for (const commit of target.commits) for (const file of commit.files) paths.add(file.path);
  for (const file of target.amend?.files ?? []) paths.add(file.path);
  return [...paths];
}

function pathsOf(commit: Commit): string[] {
  return commit.files.map((file) => file.path);
}

/** Settings are folded once per set of overrides (settingResolver), so each is keyed once. */
const keys = new WeakMap<ResolvedRuleConfig, string>();

function key(setting: ResolvedRuleConfig): string {
  let known = keys.get(setting);
  if (known === undefined) keys.set(setting, (known = JSON.stringify(setting.options)));
  return known;
}
