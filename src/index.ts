// Public API: config helpers and the types custom rules and presets are written against.
import type { Rule, UserConfig } from './types.js';

/** Identity function that gives a config file types and editor completion. */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}

/** Identity function for custom rules (`plugins: [myRule]` in the config). */
export function defineRule<Options>(rule: Rule<Options>): Rule<Options> {
  return rule;
}

export type {
  Finding,
  OverrideConfig,
  PushInfo,
  RefUpdate,
  ReportedFinding,
  ResolvedConfig,
  Rule,
  RuleContext,
  RuleMeta,
  RuleSetting,
  Severity,
  SeveritySetting,
  Stage,
  UserConfig,
} from './types.js';
export type { AddedLine, ChangeSet, ChangedFile, Commit, FileStatus, Revision } from './changeset.js';
export type { GitReader } from './git/reader.js';
export type { OptionsSchema } from './config/schema.js';
