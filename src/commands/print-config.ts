// print-config: the fully resolved config (presets applied, defaults filled in) as JSON.
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
    const rules = Object.fromEntries(
      Object.entries(config.rules)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([id, rule]) => [id, [rule.severity, rule.options]]),
    );
    const printable = {
      configFile: config.filepath ? displayPath(config.filepath, repo.root) : null,
      sources: config.sources.map((file) => displayPath(file, repo.root)),
      ignore: config.ignore,
      allowSkip: config.allowSkip,
      ruleTimeout: config.ruleTimeoutMs / 1000,
      rules,
    };
    io.stdout.write(`${JSON.stringify(printable, null, 2)}\n`);
    return 0;
  },
};
