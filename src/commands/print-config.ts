// print-config: the fully resolved config (presets applied, defaults filled in) as JSON, with where
// each rule's setting came from.
import { EXTENDS_NOTHING_NOTICE, extendsNothing, sourceName, uniqueSources } from '../config/origin.js';
import { resolveConfig } from '../config/resolve.js';
import { repoInfo } from '../git/reader.js';
import { displayPath } from '../paths.js';
import { builtinRules } from '../rules/index.js';
import type { Command } from './types.js';

export const printConfigCommand: Command = {
  name: 'print-config',
  usage: 'print-config [--config <file>]',
  summary: 'Print the resolved config: every rule with its severity and options, and where they came from.',
  options: { config: { type: 'string', short: 'c' } },
  maxPositionals: 0,
  async run(args, io) {
    const repo = await repoInfo(io.cwd);
    const config = await resolveConfig({ cwd: io.cwd, root: repo.root, commonDir: repo.commonDir, builtinRules, configPath: args.values.config as string | undefined });
    const sorted = Object.entries(config.rules).sort(([a], [b]) => a.localeCompare(b));
    const printable = {
      configFile: config.filepath ? displayPath(config.filepath, repo.root) : null,
      sources: uniqueSources(config, repo.root),
      ignore: config.ignore,
      allowSkip: config.allowSkip,
      allowTrailer: config.allowTrailer,
      ruleTimeout: config.ruleTimeoutMs / 1000,
      rules: Object.fromEntries(sorted.map(([id, rule]) => [id, [rule.severity, rule.options]])),
      // The last file that set the rule; "default" for a rule no file names (off, default options).
      ruleSources: Object.fromEntries(sorted.map(([id, rule]) => [id, rule.source ? sourceName(rule.source, repo.root) : 'default'])),
    };
    io.stdout.write(`${JSON.stringify(printable, null, 2)}\n`);
    // stderr keeps stdout valid JSON for tools that read it.
    if (extendsNothing(config)) io.stderr.write(`shipguard: notice: ${EXTENDS_NOTHING_NOTICE}\n`);
    return 0;
  },
};
