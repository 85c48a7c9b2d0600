// A rule's effective setting for a stage and a set of paths: every `rules`/`overrides` block that
// applies, folded in order over the rule's default options (docs/config.md#overrides).
import { matchAny } from '../glob.js';
import type { ResolvedConfig, ResolvedRuleConfig, Rule, RuleBlock, Stage } from '../types.js';

/** True when the config has overrides at all: without them every path gets `config.rules`. */
export function hasOverrides(config: ResolvedConfig): boolean {
  return config.blocks.some((block) => block.override !== undefined);
}

/**
 * Does `block` apply at `stage` to `paths`? A block with `files` applies only when every path
 * matches it (and none is excluded), and never to no paths at all (a push of a deleted branch).
 */
export function blockApplies(block: RuleBlock, stage: Stage | undefined, paths: readonly string[]): boolean {
  // No stage (print-config without --stage): overrides limited to stages are left out.
  if (block.stages && !(stage && block.stages.includes(stage))) return false;
  if (!block.files) return true;
  if (!paths.length) return false;
  return paths.every((path) => covers(block, path));
}

/** Whether a block's globs cover a path, remembered: every rule asks about the same paths. */
const coverage = new WeakMap<RuleBlock, Map<string, boolean>>();

function covers(block: RuleBlock, path: string): boolean {
  let known = coverage.get(block);
  if (!known) coverage.set(block, (known = new Map()));
  let covered = known.get(path);
  if (covered === undefined) {
    covered = matchAny(path, block.files!) && !(block.excludedFiles && matchAny(path, block.excludedFiles));
    known.set(path, covered);
  }
  return covered;
}

/** The setting of `rule` at `stage` for a change touching `paths` (one path: that file's setting). */
export function effectiveSetting(config: ResolvedConfig, rule: Rule, stage: Stage | undefined, paths: readonly string[]): ResolvedRuleConfig {
  return fold(rule, config.blocks.filter((block) => Object.hasOwn(block.rules, rule.meta.id) && blockApplies(block, stage, paths)));
}

export interface SettingResolver {
  /** True when some override with `files` sets this rule at this stage: paths can differ. */
  readonly byPath: boolean;
  /** The same as effectiveSetting, folded once per distinct set of overrides that apply. */
  settingFor(paths: readonly string[]): ResolvedRuleConfig;
}

/** For many paths (a CI range of thousands of files): paths are grouped by the overrides covering them. */
export function settingResolver(config: ResolvedConfig, rule: Rule, stage: Stage): SettingResolver {
  const relevant = config.blocks.filter((block) => Object.hasOwn(block.rules, rule.meta.id) && (!block.stages || block.stages.includes(stage)));
  const byFiles = relevant.filter((block) => block.files);
  const folded = new Map<string, ResolvedRuleConfig>();
  return {
    byPath: byFiles.length > 0,
    settingFor(paths) {
      const covering = byFiles.map((block) => paths.length > 0 && paths.every((path) => covers(block, path)));
      const signature = covering.map(Number).join('');
      let setting = folded.get(signature);
      if (!setting) folded.set(signature, (setting = fold(rule, relevant.filter((block) => !block.files || covering[byFiles.indexOf(block)]))));
      return setting;
    },
  };
}

/** The blocks' settings in order over the rule's default options; `off` when none sets it. */
function fold(rule: Rule, blocks: readonly RuleBlock[]): ResolvedRuleConfig {
  let setting: ResolvedRuleConfig = { severity: 'off', options: { ...(rule.meta.defaultOptions as object) }, source: '' };
  for (const block of blocks) {
    const own = block.rules[rule.meta.id]!;
    setting = { severity: own.severity, options: { ...setting.options, ...own.options }, source: block.source, override: block.override };
  }
  return setting;
}

/** Can the rule be on anywhere at this stage: set on for no path in particular, or by an override with `files`? */
export function mayRun(config: ResolvedConfig, rule: Rule, stage: Stage): boolean {
  if (!rule.meta.stages.includes(stage)) return false;
  if (effectiveSetting(config, rule, stage, []).severity !== 'off') return true;
  const id = rule.meta.id;
  return config.blocks.some(
    (block) => block.files && (!block.stages || block.stages.includes(stage)) && Object.hasOwn(block.rules, id) && block.rules[id]!.severity !== 'off',
  );
}
