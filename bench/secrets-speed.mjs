#!/usr/bin/env node
// Throughput of the secrets rule at pre-commit on ~50 MB of real source text (this project's own
// node_modules .js/.ts/.json/.md files), staged in a temp repo, next to secretlint on the same files
// and `git cat-file --batch` reading the same blobs (the floor: git's own read cost). Ratios are
// from this one run on this machine.
// Peak memory (RSS) of each process is read with GNU time (/usr/bin/time -f %M) when it is installed.
// Usage: npm run build && node bench/secrets-speed.mjs [megabytes] [--cli path/to/cli.js ...] [--no-secretlint]
// Several --cli run side by side on the same repo (e.g. a copy of an older build next to dist/cli.js).
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CLI, ROOT, repoWith, run } from './common.mjs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { cli: { type: 'string', multiple: true }, 'no-secretlint': { type: 'boolean' } } });
const target = Number(positionals[0] ?? 50) * 1_000_000;
const clis = values.cli?.map((cli) => path.resolve(cli)) ?? [CLI];
const GNU_TIME = '/usr/bin/time';

/** `run` with the peak RSS (MB) of the process when GNU time is there. */
function measured(command, args, options) {
  if (!existsSync(GNU_TIME)) return { ...run(command, args, options), peakMb: NaN };
  const out = path.join(tmpdir(), `shipguard-bench-rss-${process.pid}`);
  const result = run(GNU_TIME, ['-f', '%M', '-o', out, command, ...args], options);
  const peakMb = Number(readFileSync(out, 'utf8').trim().split('\n').pop()) / 1024;
  rmSync(out, { force: true });
  return { ...result, peakMb };
}
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
const catFile = measured('git', ['cat-file', '--batch'], { cwd: dir, input });
const shipguards = clis.map((cli) => {
  const result = measured(process.execPath, [cli, 'pre-commit', '--format', 'json'], { cwd: dir, env: { ...process.env, SHIPGUARD_DEBUG: '1' } });
  return { cli, ...result, findings: JSON.parse(result.stdout).findings.length };
});
const secretlint = values['no-secretlint'] ? undefined : measured(path.join(dir, 'node_modules', '.bin', 'secretlint'), ['--secretlintrc', '.secretlintrc.json', '--format', 'json', '--output', path.join(dir, '.secretlint-report.json'), 'vendor/**/*'], { cwd: dir });

const label = (cli) => (clis.length > 1 ? ` ${path.relative(ROOT, cli)}` : '');
const rows = [
  ['git cat-file --batch (same blobs)', catFile],
  ...shipguards.map((shipguard) => [`shipguard${label(shipguard.cli)} pre-commit (secrets only, ${shipguard.findings} findings)`, shipguard]),
  ...(secretlint ? [['secretlint + preset-recommend (same files)', secretlint]] : []),
];
console.log('\n| run | time | throughput | vs git cat-file | peak RSS |');
console.log('| --- | --- | --- | --- | --- |');
for (const [name, { ms, peakMb }] of rows) {
  console.log(`| ${name} | ${(ms / 1000).toFixed(2)} s | ${(mb / (ms / 1000)).toFixed(1)} MB/s | ${(ms / catFile.ms).toFixed(2)}x | ${peakMb.toFixed(0)} MB |`);
}
for (const shipguard of shipguards) {
  const versus = secretlint ? ` is ${(secretlint.ms / shipguard.ms).toFixed(1)}x faster than secretlint and` : '';
  console.log(`\nshipguard${label(shipguard.cli)}${versus} takes ${(shipguard.ms / catFile.ms).toFixed(1)}x the time git needs to read the blobs.`);
  console.log(shipguard.stderr.split('\n').filter((line) => /rule secrets|total|ready/.test(line)).join('\n'));
}
