#!/usr/bin/env node
// Throughput of the secrets rule at pre-commit on ~50 MB of real source text (this project's own
// node_modules .js/.ts/.json/.md files), staged in a temp repo, next to secretlint on the same files
// and `git cat-file --batch` reading the same blobs (the floor: git's own read cost). Ratios are
// from this one run on this machine.
// Usage: npm run build && node bench/secrets-speed.mjs [megabytes]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CLI, ROOT, repoWith, run } from './common.mjs';

const target = Number(process.argv[2] ?? 50) * 1_000_000;
const TEXT = /\.(?:[cm]?js|ts|json|md)$/;
const SKIP = /(?:\.min\.|\.map$|package-lock\.json$|yarn\.lock$)/;

/** Text files from node_modules, deterministic order, each under 500 KB, until `target` bytes. */
function collect() {
  const files = [];
  let total = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (total >= target) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && TEXT.test(entry.name) && !SKIP.test(entry.name)) {
        const size = statSync(full).size;
        if (size === 0 || size > 500_000) continue;
        files.push({ path: path.join('vendor', path.relative(path.join(ROOT, 'node_modules'), full)), content: readFileSync(full) });
        total += size;
      }
    }
  };
  walk(path.join(ROOT, 'node_modules'));
  return { files, total };
}

const { files, total } = collect();
const mb = total / 1e6;
const dir = repoWith(files, { config: { rules: { secrets: 'error' } } });
console.log(`staged ${files.length} files, ${mb.toFixed(1)} MB, in ${dir}`);

const oids = run('git', ['ls-files', '-s'], { cwd: dir }).stdout.split('\n').filter(Boolean).map((line) => line.split(/\s+/)[1]);
const input = `${oids.join('\n')}\n`;
run('git', ['cat-file', '--batch'], { cwd: dir, input }); // warm the page cache so every run below reads from memory
const catFile = run('git', ['cat-file', '--batch'], { cwd: dir, input });
const shipguard = run(process.execPath, [CLI, 'pre-commit', '--format', 'json'], { cwd: dir, env: { ...process.env, SHIPGUARD_DEBUG: '1' } });
const findings = JSON.parse(shipguard.stdout).findings.length;
const secretlint = run(path.join(dir, 'node_modules', '.bin', 'secretlint'), ['--secretlintrc', '.secretlintrc.json', '--format', 'json', '--output', path.join(dir, '.secretlint-report.json'), 'vendor/**/*'], { cwd: dir });

const rows = [
  ['git cat-file --batch (same blobs)', catFile.ms],
  [`shipguard pre-commit (secrets only, ${findings} findings)`, shipguard.ms],
  ['secretlint + preset-recommend (same files)', secretlint.ms],
];
console.log('\n| run | time | throughput | vs shipguard |');
console.log('| --- | --- | --- | --- |');
for (const [name, ms] of rows) {
  console.log(`| ${name} | ${(ms / 1000).toFixed(2)} s | ${(mb / (ms / 1000)).toFixed(1)} MB/s | ${(ms / shipguard.ms).toFixed(2)}x |`);
}
console.log(`\nshipguard is ${(secretlint.ms / shipguard.ms).toFixed(1)}x faster than secretlint and takes ${(shipguard.ms / catFile.ms).toFixed(1)}x the time git needs to read the blobs.`);
console.log(shipguard.stderr.split('\n').filter((line) => /rule secrets|total|ready/.test(line)).join('\n'));
