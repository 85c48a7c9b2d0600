// Reading one `rules` object (a config's own, or an override's): known rule ids, ESLint-style
// severities, options checked against each rule's schema. Shared by resolve.ts and overrides.ts.
import { ConfigError } from '../errors.js';
import type { Rule, RuleBlock, SeveritySetting } from '../types.js';
import { isPlainObject, show, unknownKey, validate } from './schema.js';

const SEVERITIES: Record<string, SeveritySetting> = { off: 'off', warn: 'warn', error: 'error', 0: 'off', 1: 'warn', 2: 'error' };

/** `key` is where the object sits (`rules`, `overrides[0].rules`); `where` the file, for errors. */
export function readRules(value: unknown, key: string, where: string, known: ReadonlyMap<string, Rule>): RuleBlock['rules'] {
  if (!isPlainObject(value)) throw new ConfigError(where, `${key} must be an object (got ${show(value)})`);
  const rules: RuleBlock['rules'] = {};
  for (const [id, setting] of Object.entries(value)) {
    const rule = known.get(id);
    if (!rule) throw new ConfigError(where, unknownKey(key, id, [...known.keys()], 'rule'));
    const read = readSetting(setting, `${key}.${id}`, where);
    if (read.options) {
      // Partial: a preset or an earlier entry may give the required options.
      const problem = validate(read.options, rule.meta.schema, `${key}.${id}`, true);
      if (problem) throw new ConfigError(where, problem);
    }
    rules[id] = read;
  }
  return rules;
}

function readSetting(setting: unknown, key: string, where: string): { severity: SeveritySetting; options?: Record<string, unknown> } {
  const [rawSeverity, options, extra] = Array.isArray(setting) ? setting : [setting];
  const known = (typeof rawSeverity === 'string' || typeof rawSeverity === 'number') && Object.hasOwn(SEVERITIES, rawSeverity);
  const severity = known ? SEVERITIES[rawSeverity as string] : undefined;
  if (!severity || extra !== undefined || (Array.isArray(setting) && setting.length === 0)) {
    throw new ConfigError(where, `${key} must be "off", "warn", "error" or [severity, options] (got ${show(setting)})`);
  }
  if (options !== undefined && !isPlainObject(options)) {
    throw new ConfigError(where, `${key} options must be an object (got ${show(options)})`);
  }
  return options === undefined ? { severity } : { severity, options };
}
