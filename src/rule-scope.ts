// How one rule runs on one target when `overrides` give paths or stages their own settings
// (docs/config.md#overrides): with which options, and which severity each finding gets.
import { effectiveSetting, hasOverrides } from './config/effective.js';
import type { Target } from './engine.js';
import type { Finding, ResolvedConfig, ResolvedRuleConfig, Rule, Severity, Stage } from './types.js';

export interface ScopedRun {
  options: Record<string, unknown>;
  /** The severity ceiling of a finding of this run, or undefined when another setting owns it (or is off). */
  severityOf(finding: Finding): Severity | undefined;
}

/** Usually one run; one per distinct set of options among the change's files for a file-scoped rule. */
export function planRuns(config: ResolvedConfig, rule: Rule, stage: Stage, target: Target): ScopedRun[] {
  if (!hasOverrides(config)) return single(config.rules[rule.meta.id]);
  const paths = changedPaths(target);
  const change = effectiveSetting(config, rule, stage, paths);
  if (rule.meta.scope !== 'file') return single(change);

  const settings = new Map<string, ResolvedRuleConfig>();
  const settingOf = (path: string) => {
    let setting = settings.get(path);
    if (!setting) settings.set(path, (setting = effectiveSetting(config, rule, stage, [path])));
    return setting;
  };
  const runs = new Map<string, Record<string, unknown>>();
  for (const setting of [change, ...paths.map(settingOf)]) {
    if (setting.severity !== 'off' && !runs.has(key(setting))) runs.set(key(setting), setting.options);
  }
  const first = runs.keys().next().value;
  return [...runs].map(([runKey, options]) => ({
    options,
    severityOf(finding) {
      // No file: the change's setting. A file no run has the options of (a finding outside the
      // change, from a tree-wide re-check): the first run reports it, with that file's severity.
      const owner = finding.file ? settingOf(finding.file) : change;
      if (owner.severity === 'off') return undefined;
      const ownKey = key(owner);
      return ownKey === runKey || (finding.file && !runs.has(ownKey) && runKey === first) ? owner.severity : undefined;
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

function key(setting: ResolvedRuleConfig): string {
  return JSON.stringify(setting.options);
}
