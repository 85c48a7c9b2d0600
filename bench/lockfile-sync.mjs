#!/usr/bin/env node
// lockfile-sync on large real lockfiles: the commits of the real-history replay where it was slowest
// (30k-line pnpm-lock.yaml files), run through `shipguard ci --base C^ --head C` exactly as
// bench/real-history.mjs runs them, with two shipguard builds side by side (interleaved runs, one
// machine). Prints the median wall time of the whole run and of lockfile-sync alone (SHIPGUARD_DEBUG).
//   node bench/lockfile-sync.mjs --before <shipguard dir> [--after <dir, default this checkout>] [--runs 5]
//     [--scratch /work/replay] [--commits formbricks+formbricks:fc8a0f887c,...] [--alone]
// --alone: lockfile-sync as the only rule (its own cost; with the replay config, rules run concurrently
// in one process and a rule's time includes waiting for the others' parsing).
// A shipguard dir holds dist/, presets/, package.json (and node_modules, or a link to it).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseDebug, replayEnv } from './real-history-lib/replay.mjs';

const SLOWEST = ['formbricks+formbricks:fc8a0f887c', 'hoppscotch+hoppscotch:2fcf5b7a5f', 'triggerdotdev+trigger.dev:6685cbd599'];
const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    after: { type: 'string', default: fileURLToPath(new URL('..', import.meta.url)) },
    runs: { type: 'string', default: '5' },
    scratch: { type: 'string', default: '/work/replay' },
    commits: { type: 'string', default: SLOWEST.join(',') },
    alone: { type: 'boolean', default: false },
  },
});
if (!values.before) {
  console.error('usage: node bench/lockfile-sync.mjs --before <shipguard dir> [--after <dir>] [--runs 5] [--scratch DIR] [--commits owner+name:sha,...]');
  process.exit(2);
}
const builds = { before: values.before, after: values.after };
const configFile = path.join(tmpdir(), 'shipguard-bench-lockfile-sync.json');
const config = values.alone ? { rules: { 'lockfile-sync': 'error' } } : { extends: ['shipguard/presets/prisma'], rules: { 'required-build': 'off' } };
writeFileSync(configFile, JSON.stringify(config));

const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];

function once(shipguard, clone, sha) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [path.join(shipguard, 'dist', 'cli.js'), 'ci', '--base', `${sha}^`, '--head', sha, '--format', 'json', '--config', configFile], {
    cwd: clone,
    env: replayEnv(),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const wall = performance.now() - started;
  const debug = parseDebug(result.stderr ?? '');
  const findings = JSON.parse(result.stdout).findings.filter((finding) => finding.ruleId === 'lockfile-sync').length;
  return { wall, rule: debug.rules['lockfile-sync'] ?? NaN, findings };
}

console.log(`lockfile-sync${values.alone ? ' alone' : ' in the replay config'}, ${values.runs} interleaved runs per build, medians (load average ${(await import('node:os')).loadavg()[0].toFixed(1)})`);
for (const spec of values.commits.split(',')) {
  const [repo, sha] = spec.split(':');
  const clone = path.join(values.scratch, 'clones', repo);
  const samples = { before: [], after: [] };
  for (let run = 0; run < Number(values.runs); run++) {
    for (const [name, dir] of Object.entries(builds)) samples[name].push(once(dir, clone, sha));
  }
  const line = Object.entries(samples).map(([name, list]) => {
    const rule = Math.round(median(list.map((sample) => sample.rule)));
    const wall = Math.round(median(list.map((sample) => sample.wall)));
    return `${name}: rule ${rule} ms, run ${wall} ms, ${list[0].findings} findings`;
  });
  console.log(`${repo.split('+')[1]} ${sha}  ${line.join('  |  ')}`);
}
