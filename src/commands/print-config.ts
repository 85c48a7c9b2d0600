// print-config: the fully resolved config (presets applied, defaults filled in) as JSON, with where
// each rule's setting came from; with --file/--stage, the settings `overrides` give that file/stage.
import path from 'node:path';
import { effectiveSetting } from '../config/effective.js';
import { EXTENDS_NOTHING_NOTICE, extendsNothing, sourceName, uniqueSources } from '../config/origin.js';
import { resolveConfig } from '../config/resolve.js';
import { UsageError } from '../errors.js';
import { repoInfo } from '../git/reader.js';
import { displayPath } from '../paths.js';
import { builtinRules } from '../rules/index.js';
import { STAGES, type ResolvedConfig, type ResolvedRuleConfig, type Stage } from '../types.js';
import type { Command } from './types.js';

export const printConfigCommand: Command = {
  name: 'print-config',
  usage: 'print-config [--config <file>] [--file <path>] [--stage pre-commit|pre-push|ci]',
  summary: 'Print the resolved config: every rule with its severity and options, and where they came from (--file/--stage: as overrides set them for that file/stage).',
  options: { config: { type: 'string', short: 'c' }, file: { type: 'string' }, stage: { type: 'string' } },
  maxPositionals: 0,
  async run(args, io) {
    const repo = await repoInfo(io.cwd);
    const config = await resolveConfig({ cwd: io.cwd, root: repo.root, commonDir: repo.commonDir, builtinRules, configPath: args.values.config as string | undefined });
    const file = args.values.file === undefined ? undefined : repoPath(String(args.values.file), io.cwd, repo.root);
    const stage = readStage(args.values.stage);
    const scoped = file !== undefined || stage !== undefined;
    const rules = scoped ? effectiveRules(config, stage, file) : config.rules;
    const sorted = Object.entries(rules).sort(([a], [b]) => a.localeCompare(b));
    const printable = {
      configFile: config.filepath ? displayPath(config.filepath, repo.root) : null,
      sources: uniqueSources(config, repo.root),
      ...(scoped ? { file: file ?? null, stage: stage ?? null } : {}),
      ignore: config.ignore,
      allowSkip: config.allowSkip,
      allowTrailer: config.allowTrailer,
      ruleTimeout: config.ruleTimeoutMs / 1000,
      rules: Object.fromEntries(sorted.map(([id, rule]) => [id, [rule.severity, rule.options]])),
      // The last file (or override) that set the rule; "default" for a rule nothing names (off, default options).
      ruleSources: Object.fromEntries(sorted.map(([id, rule]) => [id, settingSource(rule, repo.root)])),
      overrides: printableOverrides(config, repo.root),
    };
    io.stdout.write(`${JSON.stringify(printable, null, 2)}\n`);
    // stderr keeps stdout valid JSON for tools that read it.
    if (extendsNothing(config)) io.stderr.write(`shipguard: notice: ${EXTENDS_NOTHING_NOTICE}\n`);
    return 0;
  },
};

function effectiveRules(config: ResolvedConfig, stage: Stage | undefined, file: string | undefined): Record<string, ResolvedRuleConfig> {
  const rules = [...builtinRules, ...config.plugins];
  return Object.fromEntries(rules.map((rule) => [rule.meta.id, effectiveSetting(config, rule, stage, file === undefined ? [] : [file])]));
}

/** `shipguard/presets/recommended`, `.shipguardrc.json`, `.shipguardrc.json overrides[1]` or `default`. */
function settingSource(rule: ResolvedRuleConfig, root: string): string {
  if (!rule.source) return 'default';
  const name = sourceName(rule.source, root);
  return rule.override === undefined ? name : `${name} overrides[${rule.override}]`;
}

function printableOverrides(config: ResolvedConfig, root: string): object[] {
  return config.blocks
    .filter((block) => block.override !== undefined)
    .map(({ source, override, files, excludedFiles, stages, rules }) => ({
      source: `${sourceName(source, root)} overrides[${override}]`,
      ...(files ? { files } : {}),
      ...(excludedFiles ? { excludedFiles } : {}),
      ...(stages ? { stages } : {}),
      rules: Object.fromEntries(Object.entries(rules).map(([id, { severity, options }]) => [id, options ? [severity, options] : severity])),
    }));
}

function readStage(value: unknown): Stage | undefined {
  if (value === undefined) return undefined;
  if (!STAGES.includes(value as Stage)) throw new UsageError(`print-config --stage must be one of ${STAGES.join(', ')} (got "${String(value)}")`);
  return value as Stage;
}

/** A path given from the current directory, as the repository-relative path overrides match. */
function repoPath(file: string, cwd: string, root: string): string {
  const relative = path.relative(root, path.resolve(cwd, file));
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) throw new UsageError(`print-config --file must name a path inside the repository (got "${file}")`);
  return relative.split(path.sep).join('/');
}
