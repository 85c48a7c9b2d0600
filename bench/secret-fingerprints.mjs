#!/usr/bin/env node
// Offline guessing cost of a published secret fingerprint (the HMAC baselines used before vs the
// scrypt used now, one core), and what the slow hash costs a run: `shipguard scan` over a tree with
// N secret findings, cold (no fingerprint cache: CI, a fresh clone) and warm (the cache in
// .git/shipguard/). Medians of a few runs on this machine; compare builds with SHIPGUARD_CLI=<cli.js>.
// Usage: npm run build && node bench/secret-fingerprints.mjs [N ...]
import { createHmac } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, ROOT, repoWith, run } from './common.mjs';
import { checksummed, rng } from '../test/fixtures/secrets/tokens.mjs';

const cli = process.env.SHIPGUARD_CLI ?? CLI;
const counts = process.argv.slice(2).map(Number);
const RUNS = 5;

function perSecond(work, ms) {
  const started = performance.now();
  let done = 0;
  while (performance.now() - started < ms) done += work(done);
  return done / ((performance.now() - started) / 1000);
}

async function guessing() {
  const salt = '0123456789abcdef0123456789abcdef';
  const hmac = perSecond((i) => (createHmac('sha256', salt).update(`secrets\0src/a.ts\0guess${i}`).digest('hex'), 1), 1000);
  const { slowFingerprint } = await import(pathToFileURL(path.join(ROOT, 'dist', 'secret-fingerprints.js')).href);
  const started = performance.now();
  let done = 0;
  while (performance.now() - started < 3000) await slowFingerprint(salt, `secrets\0src/a.ts\0guess${done++}`);
  const scrypt = done / ((performance.now() - started) / 1000);
  console.log(`guesses/s on one core: HMAC-SHA256 ${Math.round(hmac)}, scrypt ${scrypt.toFixed(1)} (${Math.round(hmac / scrypt)}x slower)`);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function scanCost(n) {
  const random = rng(n);
  const files = Array.from({ length: n }, (_, i) => ({ path: `src/key${i}.ts`, content: `export const github = '${checksummed(random, 'gh' + 'p_')}';\n` }));
  const dir = repoWith(files, { commit: true });
  const cache = path.join(dir, '.git', 'shipguard', 'fingerprints.json');
  const scan = () => run(process.execPath, [cli, 'scan'], { cwd: dir });
  const cold = [];
  const warm = [];
  for (let i = 0; i < RUNS; i++) {
    rmSync(cache, { force: true });
    cold.push(scan().ms);
    warm.push(scan().ms);
  }
  console.log(`scan, ${n} secret findings: cold ${Math.round(median(cold))} ms, warm ${Math.round(median(warm))} ms`);
  rmSync(dir, { recursive: true, force: true });
}

if (!process.env.SHIPGUARD_CLI) await guessing();
for (const n of counts.length ? counts : [0, 1, 10, 50]) scanCost(n);
