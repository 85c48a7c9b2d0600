#!/usr/bin/env node
// What required-build costs on a small TypeScript server (tsc build + `npm start` + GET /health),
// next to peers measured in the same run on the same machine:
//   - `node -e 0`: the floor for any Node CLI;
//   - `npm run build`: a plain pre-push hook that only builds;
//   - "build, start and curl": the routine incident 5's team asked for, scripted (build, start the
//     server, poll /health, stop it).
// shipguard: a cold build in place, the same tree again (cached), a dirty working tree (temporary
// worktree), and a docs-only push (nothing to build). Prints medians and ratios; no thresholds.
//   node bench/required-build.mjs [--runs 3]
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'dist', 'cli.js');
const env = { ...process.env, NO_COLOR: '1', GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' };
delete env.SHIPGUARD_SKIP;

async function shopRepo() {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipguard-bench-build-'));
  const sh = (command, args) => spawnSync(command, args, { cwd: dir, env, encoding: 'utf8' });
  sh('git', ['init', '-q', '-b', 'feature']);
  cpSync(path.join(root, 'test', 'fixtures', 'required-build', 'shop'), dir, { recursive: true });
  const modules = path.join(dir, 'node_modules');
  mkdirSync(path.join(modules, '.bin'), { recursive: true });
  mkdirSync(path.join(modules, '@types'), { recursive: true });
  symlinkSync(root, path.join(modules, 'shipguard'), 'dir');
  symlinkSync(path.join(root, 'node_modules', 'typescript'), path.join(modules, 'typescript'), 'dir');
  symlinkSync(path.join(root, 'node_modules', '@types', 'node'), path.join(modules, '@types', 'node'), 'dir');
  symlinkSync('../typescript/bin/tsc', path.join(modules, '.bin', 'tsc'));
  const port = await freePort();
  const smoke = { start: 'npm start', url: `http://127.0.0.1:${port}/health`, env: { PORT: String(port) } };
  writeFileSync(path.join(dir, '.shipguardrc.json'), JSON.stringify({ extends: ['shipguard/presets/recommended'], rules: { 'required-build': ['error', { smoke }] } }));
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\ndist/\n');
  sh('git', ['add', '-A']);
  sh('git', ['commit', '-q', '-m', 'shop']);
  return { dir, port, sh };
}

function time(command, args, cwd, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env: { ...env, ...options.env }, encoding: 'utf8', input: options.input ?? '' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}${result.stderr}`);
  return ms;
}

/** The routine by hand: build, start, poll /health until 200, stop the server's process group. */
async function buildStartCurl(dir, port) {
  const started = process.hrtime.bigint();
  time('npm', ['run', 'build'], dir);
  const server = spawn('npm', ['start'], { cwd: dir, env: { ...env, PORT: String(port) }, detached: true, stdio: 'ignore' });
  for (;;) {
    const status = await new Promise((resolve) => {
      http.get(`http://127.0.0.1:${port}/health`, { agent: false }, (response) => resolve(response.resume().statusCode)).on('error', () => resolve(0));
    });
    if (status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  process.kill(-server.pid, 'SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

console.log(`shipguard required-build benchmark (${runs} runs each, interleaved; node ${process.version}; ${new Date().toISOString()})\n`);
const { dir, port, sh } = await shopRepo();
const samples = {
  'node -e 0': [],
  'npm run build': [],
  'build, start and curl (by hand)': [],
  'shipguard build --force (in place)': [],
  'shipguard build (same tree: cached)': [],
  'shipguard build --force (dirty: worktree)': [],
  'shipguard pre-push (docs-only change)': [],
};
// A docs-only commit on top, for the pre-push that has nothing to build.
const base = sh('git', ['rev-parse', 'HEAD']).stdout.trim();
writeFileSync(path.join(dir, 'NOTES.md'), '# notes\n');
sh('git', ['add', '-A']);
sh('git', ['commit', '-q', '-m', 'notes']);
const head = sh('git', ['rev-parse', 'HEAD']).stdout.trim();
const pushInput = `refs/heads/feature ${head} refs/heads/feature ${base}\n`;

time('npm', ['run', 'build'], dir); // warm the file cache
for (let i = 0; i < runs; i++) {
  samples['node -e 0'].push(time(process.execPath, ['-e', '0'], dir));
  samples['npm run build'].push(time('npm', ['run', 'build'], dir));
  samples['build, start and curl (by hand)'].push(await buildStartCurl(dir, port));
  samples['shipguard build --force (in place)'].push(time(process.execPath, [cli, 'build', '--force'], dir));
  samples['shipguard build (same tree: cached)'].push(time(process.execPath, [cli, 'build'], dir));
  writeFileSync(path.join(dir, 'draft.txt'), 'uncommitted\n');
  samples['shipguard build --force (dirty: worktree)'].push(time(process.execPath, [cli, 'build', '--force'], dir));
  rmSync(path.join(dir, 'draft.txt'));
  samples['shipguard pre-push (docs-only change)'].push(time(process.execPath, [cli, 'pre-push', 'origin', 'origin'], dir, { input: pushInput }));
}
const build = median(samples['npm run build']);
const routine = median(samples['build, start and curl (by hand)']);
for (const [label, list] of Object.entries(samples)) {
  const ms = median(list);
  console.log(`  ${label.padEnd(42)} ${ms.toFixed(0).padStart(7)} ms   ${(ms / build).toFixed(2)}x npm run build   ${(ms / routine).toFixed(2)}x by hand`);
}
console.log('');
rmSync(dir, { recursive: true, force: true });
