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
  const { files, excludedFiles } = block;
  return paths.every((path) => matchAny(path, files) && !(excludedFiles && matchAny(path, excludedFiles)));
}

/** The setting of `rule` at `stage` for a change touching `paths` (one path: that file's setting). */
export function effectiveSetting(config: ResolvedConfig, rule: Rule, stage: Stage | undefined, paths: readonly string[]): ResolvedRuleConfig {
  const id = rule.meta.id;
  let setting: ResolvedRuleConfig = { severity: 'off', options: { ...(rule.meta.defaultOptions as object) }, source: '' };
  for (const block of config.blocks) {
    const own = Object.hasOwn(block.rules, id) ? block.rules[id] : undefined;
    if (!own || !blockApplies(block, stage, paths)) continue;
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
