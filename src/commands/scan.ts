// scan [--history]: the secrets rule over a whole tree (every line of every file at HEAD), or over
// every commit of history, for teams adopting shipguard on an existing repository.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BASELINE_FILE, parseBaseline, type Baseline } from '../baseline.js';
import type { Target } from '../engine.js';
import { UsageError } from '../errors.js';
import type { GitReader } from '../git/reader.js';
import { runStage } from './check.js';
import type { Command } from './types.js';

export const SCAN_OPTIONS = {
  format: { type: 'string', short: 'f' },
  config: { type: 'string', short: 'c' },
  output: { type: 'string', short: 'o' },
  history: { type: 'boolean' },
  rev: { type: 'string' },
} as const;

/** Every file of `rev` as added lines, and with `history` every commit reachable from it. */
export async function wholeTreeTargets(git: GitReader, rev: string, history: boolean): Promise<Target[]> {
  const head = await git.resolveCommit(rev);
  if (!head) throw new UsageError(`--rev "${rev}" is not a commit in this repository${rev === 'HEAD' ? ' (nothing committed yet?)' : ''}`);
  if (history) {
    const commits = await git.commits([head]);
    return [{ changes: { base: undefined, head: { kind: 'commit', sha: head }, files: [] }, commits }];
  }
  return [{ changes: { base: undefined, head: { kind: 'commit', sha: head }, files: await git.diff(undefined, head) }, commits: [] }];
}

/** The baseline as it is in the working tree (what `shipguard baseline` just wrote), if any. */
export function workingTreeBaseline(root: string): Baseline | undefined {
  const file = path.join(root, BASELINE_FILE);
  return existsSync(file) ? parseBaseline(readFileSync(file, 'utf8')) : undefined;
}

export const scanCommand: Command = {
  name: 'scan',
  usage: 'scan [--history] [--rev <commit>] [--format pretty|json|sarif|github] [--output <file>]',
  summary: 'Scan a whole tree (default HEAD) or all of its history for secrets; reports stale baseline entries.',
  options: SCAN_OPTIONS,
  maxPositionals: 0,
  async run(args, io) {
    const rev = (args.values.rev as string | undefined) ?? 'HEAD';
    const history = Boolean(args.values.history);
    return runStage('ci', args, io, (git) => wholeTreeTargets(git, rev, history), {
      rules: ['secrets'],
      baseline: (root) => workingTreeBaseline(root) ?? null,
      reportStale: true,
      command: 'scan',
    });
  },
};
