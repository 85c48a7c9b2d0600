// explain <rule>: prints the rule's docs page shipped with the package.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import { builtinRules } from '../rules/index.js';
import type { Command } from './types.js';

export const explainCommand: Command = {
  name: 'explain',
  usage: 'explain <rule>',
  summary: "Print a rule's documentation: what it checks, why, options, how to fix.",
  options: {},
  maxPositionals: 1,
  async run(args, io) {
    const id = args.positionals[0];
    const rule = builtinRules.find((candidate) => candidate.meta.id === id);
    if (!rule) {
      throw new UsageError(`explain needs a rule id (one of: ${builtinRules.map((r) => r.meta.id).join(', ')})${id ? `; "${id}" is not one` : ''}`);
    }
    const page = path.join(PACKAGE_ROOT, rule.meta.docs);
    if (existsSync(page)) {
      io.stdout.write(readFileSync(page, 'utf8'));
    } else {
      io.stdout.write(`# ${rule.meta.id}\n\n${rule.meta.description}\n\nDefaults: ${JSON.stringify(rule.meta.defaultOptions, null, 2)}\n`);
    }
    return 0;
  },
};
