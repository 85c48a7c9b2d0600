// Reading a config file's `overrides`: rule settings for some paths (`files`, `excludedFiles`)
// and/or some stages. Every mistake is one line naming the file and the key.
import { ConfigError } from '../errors.js';
import { STAGES, type Rule, type RuleBlock, type Stage } from '../types.js';
import { readRules } from './setting.js';
import { isPlainObject, show, unknownKey, validate, type OptionsSchema } from './schema.js';

const OVERRIDE_KEYS = ['files', 'excludedFiles', 'stages', 'rules'];
const GLOBS: OptionsSchema = { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 }, description: 'a non-empty array of glob strings' };
const STAGE_LIST: OptionsSchema = { type: 'array', minItems: 1, items: { type: 'string', enum: STAGES } };

export function readOverrides(value: unknown, source: string, where: string, known: ReadonlyMap<string, Rule>): RuleBlock[] {
  if (!Array.isArray(value)) throw new ConfigError(where, `overrides must be an array of { files, rules } objects (got ${show(value)})`);
  return value.map((entry, index) => readOverride(entry, index, source, where, known));
}

function readOverride(entry: unknown, index: number, source: string, where: string, known: ReadonlyMap<string, Rule>): RuleBlock {
  const key = `overrides[${index}]`;
  if (!isPlainObject(entry)) throw new ConfigError(where, `${key} must be an object with "files" and/or "stages", and "rules" (got ${show(entry)})`);
  for (const name of Object.keys(entry)) {
    if (!OVERRIDE_KEYS.includes(name)) throw new ConfigError(where, unknownKey(key, name, OVERRIDE_KEYS, 'key'));
  }
  const block: RuleBlock = { source, override: index, rules: {} };
  for (const name of ['files', 'excludedFiles'] as const) {
    if (entry[name] === undefined) continue;
    check(validate(entry[name], GLOBS, `${key}.${name}`), where);
    block[name] = entry[name] as string[];
  }
  if (entry.stages !== undefined) {
    check(validate(entry.stages, STAGE_LIST, `${key}.stages`), where);
    block.stages = entry.stages as Stage[];
  }
  if (!block.files && !block.stages) throw new ConfigError(where, `${key} must say where it applies: "files" (globs), "stages", or both`);
  if (block.excludedFiles && !block.files) throw new ConfigError(where, `${key}.excludedFiles needs "files" to take paths out of`);
  if (entry.rules === undefined) throw new ConfigError(where, `${key}.rules is required (rule id -> severity or [severity, options])`);
  block.rules = readRules(entry.rules, `${key}.rules`, where, known);
  checkStagesReachRules(block, key, where, known);
  return block;
}

/** A rule set only for stages it never runs in would be a silent no-op: say so instead. */
function checkStagesReachRules(block: RuleBlock, key: string, where: string, known: ReadonlyMap<string, Rule>): void {
  if (!block.stages) return;
  for (const id of Object.keys(block.rules)) {
    const stages = known.get(id)!.meta.stages;
    if (block.stages.some((stage) => stages.includes(stage))) continue;
    throw new ConfigError(where, `${key}.rules.${id} never applies: ${id} runs only at ${stages.join(', ')}, and ${key}.stages is ${block.stages.join(', ')}`);
  }
}

function check(problem: string | undefined, where: string): void {
  if (problem) throw new ConfigError(where, problem);
}
