// explain <rule>: prints the rule's docs page shipped with the package, or a plugin rule's own docs.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { closest } from 'fastest-levenshtein';
import { resolveConfig } from '../config/resolve.js';
import { UsageError } from '../errors.js';
import { TRAILER_RULE } from '../exceptions/accept.js';
import { DIRECTIVE_RULE } from '../exceptions/directives.js';
import { repoInfo } from '../git/reader.js';
import { PACKAGE_ROOT } from '../paths.js';
import { builtinRules } from '../rules/index.js';
import type { Rule } from '../types.js';
import type { Command, CommandIO } from './types.js';

/** Built-in rules, and inside a repository the plugin rules its config defines. */
async function knownRules(io: CommandIO, configPath: string | undefined): Promise<{ rules: Rule[]; root: string }> {
  const repo = await repoInfo(io.cwd).catch(() => undefined);
  if (!repo) return { rules: [...builtinRules], root: io.cwd };
  const config = await resolveConfig({ cwd: io.cwd, root: repo.root, commonDir: repo.commonDir, builtinRules, configPath });
  return { rules: [...builtinRules, ...config.plugins], root: repo.root };
}

function pluginPage(rule: Rule, root: string): string {
  const { id, description, docs, defaultOptions } = rule.meta;
  const local = docs && !/^https?:\/\//.test(docs) ? path.resolve(root, docs) : undefined;
  if (local && local.startsWith(root + path.sep) && existsSync(local)) return readFileSync(local, 'utf8');
  const lines = [`# ${id}`, '', description || '(this plugin rule has no description)', ''];
  if (docs) lines.push(`Docs: ${docs}`, '');
  lines.push(`Defaults: ${JSON.stringify(defaultOptions ?? {}, null, 2)}`, '');
  return lines.join('\n');
}

export const explainCommand: Command = {
  name: 'explain',
  usage: 'explain <rule> [--config <file>]',
  summary: "Print a rule's documentation: what it checks, why, options, how to fix.",
  options: { config: { type: 'string', short: 'c' } },
  maxPositionals: 1,
  async run(args, io) {
    const id = args.positionals[0];
    // Trailer and directive problems are reported under their own ids; their page is the exceptions one.
    if (id === TRAILER_RULE.id || id === DIRECTIVE_RULE.id) {
      io.stdout.write(readFileSync(path.join(PACKAGE_ROOT, TRAILER_RULE.docs), 'utf8'));
      return 0;
    }
    // A built-in rule's page never depends on the project's config (which may be what is broken).
    const builtin = builtinRules.find((candidate) => candidate.meta.id === id);
    const { rules, root } = builtin ? { rules: [...builtinRules], root: io.cwd } : await knownRules(io, args.values.config as string | undefined);
    const ids = rules.map((rule) => rule.meta.id);
    const rule = builtin ?? rules.find((candidate) => candidate.meta.id === id);
    if (!rule) {
      const hint = id ? `; "${id}" is not one${ids.length ? ` (did you mean "${closest(id, ids)}"?)` : ''}` : '';
      throw new UsageError(`explain needs a rule id (one of: ${ids.join(', ')})${hint}`);
    }
    if (!builtinRules.includes(rule)) {
      io.stdout.write(pluginPage(rule, root));
      return 0;
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
