// A custom rule (through the public `plugins` API) that reports what the engine gave it, so tests
// can assert the git layer's view of a change through the real CLI.
import type { TestRepo } from './repo.js';

export const DUMP_CONFIG = `export default {
  plugins: [{
    meta: { id: 'dump', stages: ['pre-commit', 'pre-push', 'ci'] },
    async check(ctx) {
      const files = await Promise.all(ctx.changes.files.map(async (f) => ({
        path: f.path, oldPath: f.oldPath ?? null, status: f.status, additions: f.additions, deletions: f.deletions,
        binary: f.binary, symlink: f.symlink, submodule: f.submodule, added: f.addedLines, content: await f.content(),
      })));
      const push = ctx.push ? ctx.push.update : null;
      const commits = ctx.commits.map((c) => ({ subject: c.subject, parents: c.parents.length, files: c.files.map((f) => f.path) }));
      return [{ severity: 'warn', message: JSON.stringify({ stage: ctx.stage, base: ctx.changes.base ?? null, files, commits, push, branch: ctx.branch ?? null }) }];
    },
  }],
  rules: { dump: 'warn' },
};
`;

export interface DumpedFile {
  path: string;
  oldPath: string | null;
  status: string;
  additions: number;
  deletions: number;
  binary: boolean;
  symlink: boolean;
  submodule: boolean;
  added: { line: number; text: string }[];
  content: string | null;
}

export interface Dump {
  stage: string;
  base: string | null;
  files: DumpedFile[];
  commits: { subject: string; parents: number; files: string[] }[];
  push: { kind: string; name: string; isNew: boolean; isDelete: boolean; isForce: boolean } | null;
  branch: string | null;
}

export function installDump(repo: TestRepo): void {
  repo.write('shipguard.dump.mjs', DUMP_CONFIG);
}

/** Runs shipguard with the dump config and returns one dump per target (pre-push may have several). */
export function dump(repo: TestRepo, args: string[], input = '', options: { cwd?: string } = {}): Dump[] {
  const config = repo.path('shipguard.dump.mjs');
  const run = repo.shipguard([...args, '--config', config, '--format', 'json'], { input, cwd: options.cwd });
  if (run.code !== 0) throw new Error(`shipguard ${args.join(' ')} exited ${run.code}:\n${run.output}`);
  const report = JSON.parse(run.stdout) as { findings: { message: string }[] };
  return report.findings.map((finding) => JSON.parse(finding.message) as Dump);
}
