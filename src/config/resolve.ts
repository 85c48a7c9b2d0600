// Turns the project's config file and its `extends` chain into one validated ResolvedConfig.
import path from 'node:path';
import { closest } from 'fastest-levenshtein';
import { ConfigError } from '../errors.js';
import { displayPath, PRESETS_DIR } from '../paths.js';
import { STAGES, type ResolvedConfig, type ResolvedRuleConfig, type Rule, type Stage } from '../types.js';
import { resolvePreset } from './extends.js';
import { isForbiddenKey, MAX_EXTENDS_DEPTH, MAX_PRESETS, shapeProblem } from './limits.js';
import { findConfig, loadConfigFile, type LoadedFile } from './load.js';
import { readOverrides } from './overrides.js';
import { isPlainObject, show, unknownKey, validate } from './schema.js';
import { readRules } from './setting.js';

const TOP_LEVEL_KEYS = ['extends', 'ignore', 'rules', 'overrides', 'plugins', 'allowSkip', 'allowTrailer', 'ruleTimeout'];
export const DEFAULT_PRESET = path.join(PRESETS_DIR, 'recommended.js');
/** Where SHIPGUARD_SKIP is honoured unless the config says otherwise: never in CI. */
const DEFAULT_ALLOW_SKIP: readonly Stage[] = ['pre-commit', 'pre-push'];
/** Seconds: far above any rule's normal time on a large change, short enough that a hang is not mistaken for work. */
export const DEFAULT_RULE_TIMEOUT = 120;

interface Layer {
  file: string;
  config: Record<string, unknown>;
}

export interface ResolveOptions {
  cwd: string;
  /** Repository root: paths in messages are relative to it. */
  root: string;
  builtinRules: readonly Rule[];
  /** `--config <file>`: skip the search. */
  configPath?: string;
  /** The git common dir: compiled TypeScript configs are cached under its private `shipguard/`. */
  commonDir?: string;
}

export async function resolveConfig(options: ResolveOptions): Promise<ResolvedConfig> {
  const { root, commonDir } = options;
  const entry = options.configPath
    ? await loadConfigFile(path.resolve(options.cwd, options.configPath), root, commonDir)
    : ((await findConfig(options.cwd, root, commonDir)) ?? (await loadConfigFile(DEFAULT_PRESET, root)));
  const layers = await collectLayers(entry, root, [], { presets: 0 }, commonDir);
  const plugins = layers.flatMap((layer) => readPlugins(layer, root));
  const known = new Map<string, Rule>();
  for (const rule of [...options.builtinRules, ...plugins]) known.set(rule.meta.id, rule);

  const resolved: ResolvedConfig = {
    filepath: entry.filepath === DEFAULT_PRESET ? undefined : entry.filepath,
    sources: layers.map((layer) => layer.file),
    ignore: [],
    allowSkip: [...DEFAULT_ALLOW_SKIP],
    allowTrailer: [],
    ruleTimeoutMs: DEFAULT_RULE_TIMEOUT * 1000,
    rules: {},
    blocks: [],
    plugins,
  };
  for (const layer of layers) applyLayer(resolved, layer, known, root);
  for (const [id, rule] of known) finishRule(resolved, id, rule, root);
  checkOverrideOptions(resolved, known, root);
  return resolved;
}

/** Presets first (depth first, in `extends` order), then the file itself. */
async function collectLayers(loaded: LoadedFile, root: string, chain: string[], count: { presets: number }, commonDir?: string): Promise<Layer[]> {
  const file = loaded.filepath;
  if (chain.includes(file)) {
    const cycle = [...chain.slice(chain.indexOf(file)), file].map((f) => displayPath(f, root)).join(' -> ');
    throw new ConfigError(displayPath(chain[0]!, root), `extends cycle: ${cycle}`);
  }
  const config = loaded.config ?? {};
  if (!isPlainObject(config)) {
    throw new ConfigError(displayPath(file, root), `the config must be an object (got ${show(config)})`);
  }
  const problem = shapeProblem(config);
  if (problem) throw new ConfigError(displayPath(file, root), problem);
  const specs = config.extends === undefined ? [] : typeof config.extends === 'string' ? [config.extends] : config.extends;
  if (!Array.isArray(specs) || specs.some((spec) => typeof spec !== 'string')) {
    throw new ConfigError(displayPath(file, root), `extends must be a string or an array of strings (got ${show(config.extends)})`);
  }
  const layers: Layer[] = [];
  for (const spec of specs as string[]) {
    checkExtendsLimits(file, chain, count, root);
    const presetFile = await resolvePreset(spec, file, root);
    layers.push(...(await collectLayers(await loadConfigFile(presetFile, root, commonDir), root, [...chain, file], count, commonDir)));
  }
  layers.push({ file, config });
  return layers;
}

/** A deep or exponentially wide extends tree fails fast, naming the file that goes too far. */
function checkExtendsLimits(file: string, chain: string[], count: { presets: number }, root: string): void {
  const where = displayPath(file, root);
  if (chain.length >= MAX_EXTENDS_DEPTH) {
    const shown = [chain[0]!, '…', ...chain.slice(-2), file].map((f) => (f === '…' ? f : displayPath(f, root))).join(' -> ');
    throw new ConfigError(where, `extends goes more than ${MAX_EXTENDS_DEPTH} presets deep (${shown})`);
  }
  if (++count.presets > MAX_PRESETS) {
    throw new ConfigError(where, `extends loads more than ${MAX_PRESETS} presets in all (presets extending the same presets many times?)`);
  }
}

function readPlugins(layer: Layer, root: string): Rule[] {
  const plugins = layer.config.plugins;
  if (plugins === undefined) return [];
  const where = displayPath(layer.file, root);
  if (!Array.isArray(plugins)) throw new ConfigError(where, `plugins must be an array of rules (got ${show(plugins)})`);
  return plugins.map((rule, index) => {
    const meta = isPlainObject(rule) && isPlainObject(rule.meta) ? rule.meta : undefined;
    if (!meta || typeof meta.id !== 'string' || typeof (rule as Rule).check !== 'function') {
      throw new ConfigError(where, `plugins[${index}] must be a rule: { meta: { id, ... }, check(context) }`);
    }
    if (isForbiddenKey(meta.id)) throw new ConfigError(where, `plugins[${index}].meta.id "${meta.id}" is not allowed as a rule id`);
    if (meta.kinds !== undefined && !(isPlainObject(meta.kinds) && Object.values(meta.kinds).every((text) => typeof text === 'string'))) {
      throw new ConfigError(where, `plugins[${index}].meta.kinds must map each finding kind to a description (got ${show(meta.kinds)})`);
    }
    const defaults: Omit<Rule['meta'], 'id'> = { description: '', stages: STAGES, docs: '', defaultOptions: {}, schema: { type: 'any' } };
    return { ...(rule as Rule), meta: { ...defaults, ...(meta as unknown as Rule['meta']) } };
  });
}

function applyLayer(resolved: ResolvedConfig, layer: Layer, known: Map<string, Rule>, root: string): void {
  const where = displayPath(layer.file, root);
  const { config } = layer;
  for (const key of Object.keys(config)) {
    if (!TOP_LEVEL_KEYS.includes(key)) throw new ConfigError(where, unknownKey('', key, TOP_LEVEL_KEYS, 'key'));
  }
  if (config.ignore !== undefined) {
    const problem = validate(config.ignore, { type: 'array', items: { type: 'string', minLength: 1 } }, 'ignore');
    if (problem) throw new ConfigError(where, problem);
    resolved.ignore.push(...(config.ignore as string[]));
  }
  if (config.allowSkip !== undefined) resolved.allowSkip = readAllowSkip(config.allowSkip, where);
  if (config.allowTrailer !== undefined) resolved.allowTrailer = readAllowTrailer(config.allowTrailer, where, [...known.keys()]);
  if (config.ruleTimeout !== undefined) resolved.ruleTimeoutMs = readRuleTimeout(config.ruleTimeout, where);
  if (config.rules !== undefined) {
    const block = { source: layer.file, rules: readRules(config.rules, 'rules', where, known) };
    resolved.blocks.push(block);
    for (const [id, { severity, options }] of Object.entries(block.rules)) {
      const previous = resolved.rules[id];
      resolved.rules[id] = { severity, options: { ...previous?.options, ...options }, source: layer.file };
    }
  }
  // After the file's own rules, before the next file's (ESLint's order): see docs/config.md#overrides.
  if (config.overrides !== undefined) resolved.blocks.push(...readOverrides(config.overrides, layer.file, where, known));
}

function readAllowSkip(value: unknown, where: string): Stage[] {
  if (value === true) return [...STAGES];
  if (value === false) return [];
  const problem = validate(value, { type: 'array', items: { type: 'string', enum: STAGES } }, 'allowSkip');
  if (problem) throw new ConfigError(where, problem.replace('an array of', 'true, false or an array of'));
  return value as Stage[];
}

/** Rules whose findings a commit's `Shipguard-Allow` trailer may accept (default: none). */
function readAllowTrailer(value: unknown, where: string, known: string[]): string[] {
  const problem = validate(value, { type: 'array', items: { type: 'string', minLength: 1 }, description: 'an array of rule ids' }, 'allowTrailer');
  if (problem) throw new ConfigError(where, problem);
  for (const [index, id] of (value as string[]).entries()) {
    if (known.includes(id)) continue;
    const suggestion = closest(id, known);
    throw new ConfigError(where, `allowTrailer[${index}] "${id}" is not a rule${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; rules: ${known.join(', ')}`);
  }
  return value as string[];
}

function readRuleTimeout(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 86_400) {
    throw new ConfigError(where, `ruleTimeout must be a number of seconds, more than 0 and at most 86400 (got ${show(value)})`);
  }
  return Math.round(value * 1000);
}

/** Defaults under the merged options, then the full schema (required keys included). */
function finishRule(resolved: ResolvedConfig, id: string, rule: Rule, root: string): void {
  const configured = resolved.rules[id];
  const entry: ResolvedRuleConfig = {
    severity: configured?.severity ?? 'off',
    options: { ...(rule.meta.defaultOptions as object), ...configured?.options },
    source: configured?.source ?? '',
  };
  if (entry.severity !== 'off') {
    const problem = validate(entry.options, rule.meta.schema, `rules.${id}`);
    if (problem) throw new ConfigError(displayPath(entry.source, root), problem);
  }
  resolved.rules[id] = entry;
}

/** An override's options over the rule's resolved ones must still be complete (required keys). */
function checkOverrideOptions(resolved: ResolvedConfig, known: Map<string, Rule>, root: string): void {
  for (const block of resolved.blocks) {
    if (block.override === undefined) continue;
    for (const [id, setting] of Object.entries(block.rules)) {
      if (setting.severity === 'off') continue;
      const options = { ...resolved.rules[id]!.options, ...setting.options };
      const problem = validate(options, known.get(id)!.meta.schema, `overrides[${block.override}].rules.${id}`);
      if (problem) throw new ConfigError(displayPath(block.source, root), problem);
    }
  }
}
