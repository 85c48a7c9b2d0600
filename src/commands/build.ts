// build: runs required-build's steps on a commit now (default HEAD) and records the pass, so the
// pre-push hook does not make a developer who just built wait for the same build again.
import { createColors } from 'picocolors';
import { shortSha } from '../changeset.js';
import { resolveConfig } from '../config/resolve.js';
import { UsageError } from '../errors.js';
import { GitReader, repoInfo } from '../git/reader.js';
import { useColor } from '../report/pretty.js';
import { builtinRules } from '../rules/index.js';
import type { RequiredBuildOptions } from '../rules/required-build/index.js';
import { buildCommit } from '../rules/required-build/pipeline.js';
import { createSteps } from '../rules/required-build/progress.js';
import type { Finding } from '../types.js';
import type { Command } from './types.js';

export const buildCommand: Command = {
  name: 'build',
  usage: 'build [<commit>] [--force] [--config <file>]',
  summary: 'Build, start and health-check a commit (default HEAD) as required-build does at push, and record the pass.',
  options: { config: { type: 'string', short: 'c' }, force: { type: 'boolean' } },
  maxPositionals: 1,
  async run(args, io) {
    const repo = await repoInfo(io.cwd);
    const git = new GitReader(repo);
    try {
      const config = await resolveConfig({ cwd: io.cwd, root: repo.root, commonDir: repo.commonDir, builtinRules, configPath: args.values.config as string | undefined });
      const setting = config.rules['required-build']!;
      const ref = args.positionals[0] ?? 'HEAD';
      const commit = await git.resolveCommit(ref);
      if (!commit) throw new UsageError(`build: "${ref}" is not a commit in this repository`);
      const options = setting.options as unknown as RequiredBuildOptions;
      const steps = createSteps({
        progress: io.stderr.isTTY ? (text) => io.stderr.write(`\r\x1b[K${text}`) : undefined,
        write: (text) => io.stderr.write(text),
      });
      const outcome = await buildCommit({ git, options, commit, useCache: options.cache && !args.values.force, steps });
      const c = createColors(useColor(io.stdout, io.env));
      if (setting.severity === 'off') io.stdout.write(c.yellow('note: required-build is off in your config, so pushes are not checked.\n'));
      if (outcome.nothingToRun) {
        io.stdout.write('shipguard build: nothing to run (no required-build commands or smoke test configured, and package.json has no build script).\n');
        return 0;
      }
      io.stdout.write(printFindings(outcome.findings, c));
      if (outcome.findings.length) {
        io.stdout.write(`${c.red('✖')} shipguard build: ${shortSha(commit)} failed; pushing it would be refused.\n`);
        return 1;
      }
      const how = outcome.cached ? 'already recorded' : 'recorded';
      io.stdout.write(`${c.green('✔')} shipguard build: ${shortSha(commit)} passed (${how} for tree ${shortSha(outcome.tree)}: pushing it will not build again).\n`);
      return 0;
    } finally {
      git.close();
    }
  },
};

function printFindings(findings: readonly Finding[], c: ReturnType<typeof createColors>): string {
  return findings
    .map((finding) => {
      const where = finding.file ? `${finding.file}${finding.line ? `:${finding.line}:${finding.column ?? 1}` : ''}  ` : '';
      const hint = finding.hint ? `\n    ${c.cyan('→')} ${finding.hint}` : '';
      return `${c.red('error')}  ${where}${finding.message}  ${c.dim(`required-build/${finding.kind}`)}${hint}\n`;
    })
    .join('');
}
