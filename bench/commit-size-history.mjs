#!/usr/bin/env node
// How many real commits does commit-size refuse? Replays the commits listed in a real-history
// commits.tsv through `shipguard ci` with only commit-size enabled: one run per repository over
// the whole range (commit-size judges each commit of a range on its own), then counts the listed
// commits that got an error, and which files made up the lines of the refused ones.
//
//   nice -n 10 node bench/commit-size-history.mjs [--tsv bench/real-history/2026-12-01-commits.tsv]
//     [--clones /work/replay/clones] [--shipguard DIR] [--options '{"maxLines":300}'] [--top 15]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    tsv: { type: 'string', default: 'bench/real-history/2026-12-01-commits.tsv' },
    clones: { type: 'string', default: '/work/replay/clones' },
    shipguard: { type: 'string', default: '.' },
    options: { type: 'string', default: '{}' },
    top: { type: 'string', default: '15' },
  },
});

const rows = readFileSync(values.tsv, 'utf8').trim().split('\n').slice(1).map((line) => line.split('\t'));
const byRepo = new Map();
for (const [repo, sha] of rows) byRepo.set(repo, [...(byRepo.get(repo) ?? []), sha]);

const scratch = mkdtempSync(join(tmpdir(), 'commit-size-history-'));
const configFile = join(scratch, 'config.json');
writeFileSync(configFile, JSON.stringify({ rules: { 'commit-size': ['error', JSON.parse(values.options)] } }));
const cli = resolve(values.shipguard, 'dist/cli.js');
const clones = readdirSync(values.clones);
const pinned = JSON.parse(readFileSync(join(dirname(values.tsv), 'repos.json'), 'utf8')).repos;
const tips = new Map(pinned.map((entry) => [entry.repo.split('/')[1], entry.sha]));

let total = 0;
const refused = { lines: new Set(), files: new Set(), any: new Set() };
const perRepo = [];
for (const [repo, shas] of byRepo) {
  const clone = clones.find((name) => name.split('+')[1] === repo);
  if (!clone) throw new Error(`no clone of ${repo} in ${values.clones}`);
  const cwd = join(values.clones, clone);
  const listed = new Set(shas);
  // The listed commits are first-parent history of the pinned tip: the range starts at the oldest one's parent.
  const history = spawnSync('git', ['-C', cwd, 'rev-list', '--first-parent', tips.get(repo)], { encoding: 'utf8', maxBuffer: 1 << 30 }).stdout.split('\n');
  const oldest = history.findLast((sha) => listed.has(sha));
  const head = history.find((sha) => listed.has(sha));
  const run = spawnSync(process.execPath, [cli, 'ci', '--base', `${oldest}^`, '--head', head, '--format', 'json', '--config', configFile], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, SHIPGUARD_SKIP: '' },
  });
  if (run.status === 2 || !run.stdout) throw new Error(`${repo}: exit ${run.status}: ${run.stderr || run.stdout}`);
  const findings = JSON.parse(run.stdout).findings.filter((f) => f.severity === 'error' && listed.has(f.commit));
  const mine = new Set(findings.map((f) => f.commit));
  for (const f of findings) refused[f.kind].add(f.commit), refused.any.add(f.commit);
  total += shas.length;
  perRepo.push(`${repo.padEnd(40)} ${String(mine.size).padStart(4)} / ${shas.length}`);
}
const pct = (n) => `${((100 * n) / total).toFixed(1)} %`;
console.log(`options ${values.options}`);
console.log(perRepo.join('\n'));
console.log(`refused: ${refused.any.size} of ${total} commits (${pct(refused.any.size)}); over lines ${refused.lines.size}, over files ${refused.files.size}`);
