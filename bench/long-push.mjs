#!/usr/bin/env node
// Cost of `shipguard pre-push` as the number of pushed commits grows: the same repository shape with
// 5 and with 500 small commits (each edits one of a few TypeScript files, so many commits touch the
// same file), timed interleaved with `node -e 0` in one run. Prints medians and ratios; no thresholds.
//   npm run build && node bench/long-push.mjs [--runs 7] [--commits 5,500] [--cli path/to/cli.js ...] [--debug]
// --debug prints one SHIPGUARD_DEBUG run per repository (time per rule, modules loaded) before timing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, commits: { type: 'string', default: '5,500' }, cli: { type: 'string', multiple: true }, debug: { type: 'boolean' }, keep: { type: 'boolean' } } });
const runs = Number(values.runs);
const root = fileURLToPath(new URL('..', import.meta.url));
const clis = values.cli?.map((cli) => path.resolve(cli)) ?? [path.join(root, 'dist', 'cli.cjs')];
const env = { ...process.env, NO_COLOR: '1', GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' };
delete env.SHIPGUARD_SKIP;
delete env.SHIPGUARD_DEBUG;
const FILES = 8;

function sh(cwd, command, args, input) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', input });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout.trim();
}

function tsModule(index, revision) {
  const lines = Array.from({ length: 20 }, (_, line) => `  const step${line} = await load(id, ${line}); // rev ${line === revision % 20 ? revision : 0}`);
  return `import { load } from './load.js';\nexport async function run${index}(id: string) {\n${lines.join('\n')}\n  return id;\n}\n`;
}

/** A clone of a bare "origin" with `count` unpushed commits on main, and the hook's stdin line for them. */
function repoWith(count) {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipguard-bench-push-'));
  const origin = path.join(dir, 'origin.git');
  const work = path.join(dir, 'work');
  sh(dir, 'git', ['init', '-q', '--bare', '-b', 'main', origin]);
  sh(dir, 'git', ['init', '-q', '-b', 'main', work]);
  mkdirSync(path.join(work, 'src'), { recursive: true });
  mkdirSync(path.join(work, 'node_modules'));
  symlinkSync(root, path.join(work, 'node_modules', 'shipguard'), 'dir');
  writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'bench', private: true, type: 'module' }));
  writeFileSync(path.join(work, '.shipguardrc.json'), JSON.stringify({ extends: ['shipguard/presets/recommended'], rules: { 'protected-branch': 'off' } }));
  writeFileSync(path.join(work, '.gitignore'), 'node_modules/\n');
  writeFileSync(path.join(work, 'src', 'load.ts'), 'export async function load(id: string, step: number) {\n  return { id, step };\n}\n');
  for (let file = 0; file < FILES; file++) writeFileSync(path.join(work, 'src', `module${file}.ts`), tsModule(file, 0));
  sh(work, 'git', ['add', '-A']);
  sh(work, 'git', ['commit', '-q', '-m', 'base']);
  sh(work, 'git', ['remote', 'add', 'origin', origin]);
  sh(work, 'git', ['push', '-q', 'origin', 'main']);
  const remoteSha = sh(work, 'git', ['rev-parse', 'HEAD']);
  for (let commit = 1; commit <= count; commit++) {
    const file = commit % FILES;
    writeFileSync(path.join(work, 'src', `module${file}.ts`), tsModule(file, commit));
    sh(work, 'git', ['commit', '-q', '-am', `change ${commit}`]);
  }
  const localSha = sh(work, 'git', ['rev-parse', 'HEAD']);
  return { dir, work, stdin: `refs/heads/main ${localSha} refs/heads/main ${remoteSha}\n` };
}

function time(command, args, cwd, input) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', input });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}${result.stderr}`);
  return ms;
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const counts = values.commits.split(',').map(Number);
const repos = counts.map((count) => ({ count, ...repoWith(count) }));
const label = (cli) => (clis.length > 1 ? ` ${path.relative(root, cli)}` : '');
const samples = new Map([['node -e 0', []]]);
const runners = [['node -e 0', () => time(process.execPath, ['-e', '0'], root)]];
for (const cli of clis) {
  for (const repo of repos) {
    const name = `pre-push ${repo.count} commits${label(cli)}`;
    const args = [cli, 'pre-push', 'origin', path.join(repo.dir, 'origin.git')];
    time(process.execPath, args, repo.work, repo.stdin); // warm the file cache (and fail early)
    if (values.debug) {
      const traced = spawnSync(process.execPath, args, { cwd: repo.work, env: { ...env, SHIPGUARD_DEBUG: '1' }, encoding: 'utf8', input: repo.stdin });
      console.log(`${name}:\n${traced.stderr.split('\n').filter((line) => line.startsWith('shipguard debug')).join('\n')}\n`);
    }
    samples.set(name, []);
    runners.push([name, () => time(process.execPath, args, repo.work, repo.stdin)]);
  }
}
for (let run = 0; run < runs; run++) for (const [name, measure] of runners) samples.get(name).push(measure());

console.log(`shipguard pre-push benchmark (${runs} runs each, interleaved; node ${process.version}; ${new Date().toISOString()})\n`);
const node = median(samples.get('node -e 0'));
for (const [name, list] of samples) console.log(`  ${name.padEnd(44)} ${median(list).toFixed(0).padStart(6)} ms   ${(median(list) / node).toFixed(2)}x node -e 0`);
for (const cli of clis) {
  const [fewRuns, manyRuns] = counts.map((count) => samples.get(`pre-push ${count} commits${label(cli)}`));
  // Paired: the ratio within each run (both sizes timed back to back), then the median of those.
  const paired = median(manyRuns.map((ms, run) => ms / fewRuns[run]));
  console.log(`\n${counts[1]} vs ${counts[0]} commits${label(cli)}: ${(median(manyRuns) / median(fewRuns)).toFixed(2)}x (paired ${paired.toFixed(2)}x)`);
}
for (const repo of repos) {
  if (values.keep) console.log(`kept ${repo.work} (stdin: ${repo.stdin.trim()})`);
  else rmSync(repo.dir, { recursive: true, force: true });
}
