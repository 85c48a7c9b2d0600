#!/usr/bin/env node
// Hostile inputs, 1 MB each, staged in a real repository and checked by `shipguard pre-commit` (and,
// for required-build's output parsing, `shipguard ci` over a failing build). Each case is reported as
// a ratio to a baseline measured in the same run: 1 MB of ordinary code for pre-commit, a build
// printing 1 MB of ordinary lines for ci. A linear rule stays near 1×; a quadratic one shows up as
// 10× or more (the no-mock-data placeholder email took 723 s on 990 KB before it was fixed).
//   node bench/hostile-input.mjs [--size 1000000] [--runs 3] [--only <substring>]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { baseline, buildCases, cases, ROOT, write, writeBase } from './hostile-cases.mjs';

const { values } = parseArgs({ options: { size: { type: 'string', default: '999000' }, runs: { type: 'string', default: '3' }, only: { type: 'string' }, limit: { type: 'string', default: '900' } } });
const size = Number(values.size);
const runs = Number(values.runs);
const limitMs = Number(values.limit) * 1000;
const cli = path.join(ROOT, 'dist', 'cli.js');
const env = { ...process.env, NO_COLOR: '1', GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b', GIT_CONFIG_NOSYSTEM: '1' };
delete env.SHIPGUARD_SKIP;

const sh = (dir, command, args) => spawnSync(command, args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 30 });

/** A repository with the base commit on `feature`. */
function baseRepo() {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipguard-hostile-'));
  sh(dir, 'git', ['init', '-q', '-b', 'feature']);
  writeBase(dir);
  sh(dir, 'git', ['add', '-A']);
  sh(dir, 'git', ['commit', '-q', '--no-verify', '-m', 'base']);
  return dir;
}

/** Median wall time of `shipguard <args>` with `files` staged (the index is reset after). */
function time(dir, files, args, branch) {
  if (branch) sh(dir, 'git', ['checkout', '-q', '-b', branch]);
  for (const [file, content] of Object.entries(files)) write(dir, file, content);
  sh(dir, 'git', ['add', '-A']);
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    last = spawnSync(process.execPath, [cli, ...args, '--format', 'json'], { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 30, timeout: limitMs, killSignal: 'SIGKILL' });
    times.push(performance.now() - started);
    if (last.status === null) break; // over the limit: no point repeating it
  }
  sh(dir, 'git', ['reset', '-q', '--hard']);
  sh(dir, 'git', ['clean', '-q', '-fd']);
  if (branch) sh(dir, 'git', ['checkout', '-q', 'feature']);
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], code: last.status, summary: summarize(last) };
}

function summarize(run) {
  if (run.status === null) return `killed after ${values.limit} s`;
  try {
    const report = JSON.parse(run.stdout);
    const ids = [...new Set(report.findings.map((finding) => `${finding.ruleId}/${finding.kind ?? ''}`))];
    const failed = report.failures.map((failure) => `${failure.ruleId} FAILED`);
    return [...failed, ...ids].join(', ') || 'no findings';
  } catch {
    return (run.stderr || run.stdout).split('\n')[0];
  }
}

const rows = [];
const report = (name, rule, result, base) =>
  rows.push({ case: name, rule, ms: Math.round(result.ms), ratio: `${(result.ms / base.ms).toFixed(2)}×`, exit: result.code ?? 'killed', reported: result.summary });

const dir = baseRepo();
try {
  const wanted = (name) => !values.only || name.includes(values.only);
  const plain = time(dir, baseline(size), ['pre-commit']);
  report(`baseline: ${Math.round(size / 1000)} KB of ordinary code`, '-', plain, plain);
  for (const hostile of cases(size).filter((c) => wanted(c.name))) report(hostile.name, hostile.rule, time(dir, hostile.files, ['pre-commit'], hostile.branch), plain);

  // required-build parses a failed build's output: `ci` over a commit whose build prints it and fails.
  const head = sh(dir, 'git', ['rev-parse', 'HEAD']).stdout.trim();
  const config = { rules: { 'required-build': ['error', { commands: [['node', 'print.mjs']], cacheInCi: false }] } };
  let buildBase;
  for (const build of buildCases(size).filter((c, i) => i === 0 || wanted(c.name))) {
    write(dir, 'output.txt', build.output);
    write(dir, 'print.mjs', "import { readFileSync } from 'node:fs';\nprocess.stdout.write(readFileSync('output.txt', 'utf8'));\nprocess.exitCode = 1;\n");
    write(dir, '.shipguardrc.json', JSON.stringify(config));
    sh(dir, 'git', ['add', '-A']);
    sh(dir, 'git', ['commit', '-q', '--no-verify', '-m', 'build']);
    const result = time(dir, {}, ['ci', '--base', head]);
    buildBase ??= result;
    report(`required-build output: ${build.name}`, 'required-build', result, buildBase);
    sh(dir, 'git', ['reset', '-q', '--hard', head]);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`shipguard on hostile inputs (${Math.round(size / 1000)} KB each, median of ${runs}, node ${process.version})`);
console.table(rows);
