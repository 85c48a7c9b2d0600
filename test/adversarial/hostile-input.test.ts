// Hostile inputs for every rule (bench/hostile-cases.mjs, here at 100 KB; bench/hostile-input.mjs
// times them at 1 MB): each run completes and reports what it should, through the real CLI in a real
// repository. Not a timing test: a generous wall-clock limit only turns a hang into a failure.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildCases, cases, fill, write, writeBase } from '../../bench/hostile-cases.mjs';
import { CLI, TestRepo, tempDir, testEnv } from '../helpers/repo.js';

const SIZE = 100_000;
const LIMIT_MS = 120_000;

interface Report {
  findings: { ruleId: string; kind?: string }[];
  failures: { ruleId: string; message: string }[];
}

interface Expectation {
  code: number;
  findings?: string[];
  quiet?: string[];
  failed?: string[];
}

const repo = new TestRepo(tempDir());
repo.gitOk(['init', '-q', '-b', 'feature']);
writeBase(repo.dir);
repo.commitAll('base');
const base = repo.gitOk(['rev-parse', 'HEAD']);

function run(args: string[]): { code: number | null; report: Report; output: string } {
  const child = spawnSync(process.execPath, [CLI, ...args, '--format', 'json'], { cwd: repo.dir, encoding: 'utf8', env: testEnv(), timeout: LIMIT_MS, killSignal: 'SIGKILL', maxBuffer: 1 << 28 });
  const output = `${child.stdout ?? ''}${child.stderr ?? ''}`;
  let report: Report = { findings: [], failures: [] };
  try {
    report = JSON.parse(child.stdout) as Report;
  } catch {
    // asserted through `code` and `output`
  }
  return { code: child.status, report, output };
}

function expectReported(result: ReturnType<typeof run>, expected: Expectation): void {
  expect(result.code, result.output.slice(0, 500)).toBe(expected.code);
  const ids = result.report.findings.map((finding) => `${finding.ruleId}/${finding.kind ?? ''}`);
  for (const id of expected.findings ?? []) expect(ids).toContain(id);
  for (const rule of expected.quiet ?? []) expect(ids.filter((id) => id.startsWith(`${rule}/`))).toEqual([]);
  expect(result.report.failures.map((failure) => failure.ruleId).sort()).toEqual([...(expected.failed ?? [])].sort());
}

describe('hostile inputs: each run completes and reports correctly', () => {
  for (const hostile of cases(SIZE)) {
    it(`${hostile.rule}: ${hostile.name}`, () => {
      repo.gitOk(['checkout', '-q', '-B', hostile.branch ?? 'feature', base]);
      for (const [file, content] of Object.entries(hostile.files)) write(repo.dir, file, content);
      repo.gitOk(['add', '-A']);
      try {
        expectReported(run(['pre-commit']), hostile.expect);
      } finally {
        repo.gitOk(['reset', '-q', '--hard']);
        repo.gitOk(['clean', '-q', '-fd']);
      }
    });
  }

  it('no-mock-data: the reported 990 KB string literal of 555-555-… finishes and passes (it took 723 s)', () => {
    repo.gitOk(['checkout', '-q', '-B', 'feature', base]);
    write(repo.dir, 'src/phone.ts', `export const digits = '${fill('555-', 990_000)}';\n`);
    repo.gitOk(['add', '-A']);
    try {
      expectReported(run(['pre-commit']), { code: 0, quiet: ['no-mock-data'] }); // killed at LIMIT_MS before the fix
    } finally {
      repo.gitOk(['reset', '-q', '--hard']);
    }
  });

  for (const build of buildCases(SIZE)) {
    it(`required-build: a failing build printing ${build.name}`, () => {
      repo.gitOk(['checkout', '-q', '-B', 'feature', base]);
      write(repo.dir, 'output.txt', build.output);
      write(repo.dir, 'print.mjs', "import { readFileSync } from 'node:fs';\nprocess.stdout.write(readFileSync('output.txt', 'utf8'));\nprocess.exitCode = 1;\n");
      write(repo.dir, '.shipguardrc.json', JSON.stringify({ rules: { 'required-build': ['error', { commands: [['node', 'print.mjs']], cacheInCi: false }] } }));
      repo.commitAll('build');
      const result = run(['ci', '--base', base]);
      expectReported(result, { code: 1, findings: ['required-build/build'] });
    });
  }
});
