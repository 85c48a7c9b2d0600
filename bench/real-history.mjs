#!/usr/bin/env node
// Real-history replay: how often shipguard refuses real teams' ordinary commits (precision, issue 11)
// and how it treats real Prisma schema changes (issue 14). Run by hand, never from .ci/run.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildHash, cachedOnly, cachedReplay, git, listCommits, prepareClone } from './real-history-lib/replay.mjs';
import { commitRows, readJudged, refusalRows, summarize, toTsv } from './real-history-lib/report.mjs';

const HELP = `Usage: nice -n 10 node bench/real-history.mjs [options]

Replays the last N first-parent, non-merge commits of real repositories one commit at a time through
  node dist/cli.cjs ci --base C^ --head C --format json --config <scratch>/config.json
with the config { extends: shipguard/presets/prisma (= recommended + Prisma rules), required-build: off },
and prints per rule: error findings, warnings, commits refused; the per-commit time distribution and the
slowest commits with their SHIPGUARD_DEBUG breakdown; and, once <out>/judged.tsv exists, how today's
build compares with the judged verdicts (false blocks still refused, true catches lost).

Repositories come from the search tool's fetch (bare git dirs <mirror>/<owner>+<name>/repo); the
list and the tip each was replayed from are pinned in <out>/repos.json (a repo named with --repos
that is not there yet is pinned at the snapshot's HEAD). Each is cloned once into <scratch>/clones/
with no remotes, tags or branches; HEAD is detached at each commit. The clones have no work tree and
no node_modules: shipguard ci reads every file from git objects (and the snapshots lack blobs of
4 MiB and more, so a checkout could fail), required-build is off (it would install and build), and
rules that look at installed packages see a checkout without install.

Results are cached per repo + sha + build hash (dist/, presets/, config) in <scratch>/cache/, so an
interrupted run resumes and a rebuilt shipguard re-runs everything.

Options:
  --repos a,b        owner/name (or name) of repos to replay (default: all in repos.json)
  --commits N        commits per repository (default 150)
  --out DIR          where repos.json, judged.tsv and the outputs live (default bench/real-history)
  --scratch DIR      clones and cache (default $TMPDIR/shipguard-real-history)
  --mirror DIR       where fetched snapshots are (default /work/.mirror)
  --shipguard DIR    the shipguard package to replay with (dist/, presets/; default this checkout):
                     point it at a copy to keep a long run away from rebuilds by the commit hooks
  --slowest N        slowest commits to break down (default 10)
  --timeout S        seconds per commit before it counts as a timeout (default 600)
  --report-only      print and write from the cache only, run nothing
  --select FILE      replay only the commits FILE lists (tab-separated, repo and sha first, e.g. a
                     previous <date>-commits.tsv filtered by hand); the summary covers those only
  --only RULE        replay with only this rule on (error), no preset: a quick before/after of one rule
  -h, --help         this text

Writes <out>/<date>-refusals.tsv (repo, sha, rule, kind, file:line, message: every error finding but
commit-size, to judge), <out>/<date>-commits.tsv (one row per commit: exit, ms, files, schema change,
migration, refusing rules) and <out>/<date>-summary.txt (what is printed). Judge into <out>/judged.tsv:
repo, sha, rule, kind, file:line, verdict (false-block | debatable | true-catch), class, reason.
`;

const { values } = parseArgs({
  options: {
    repos: { type: 'string' },
    commits: { type: 'string', default: '150' },
    out: { type: 'string' },
    scratch: { type: 'string' },
    mirror: { type: 'string', default: '/work/.mirror' },
    shipguard: { type: 'string' },
    slowest: { type: 'string', default: '10' },
    timeout: { type: 'string', default: '600' },
    'report-only': { type: 'boolean', default: false },
    only: { type: 'string' },
    select: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const shipguard = path.resolve(values.shipguard ?? root);
// The bin (dist/cli.cjs); builds from before it existed had dist/cli.js.
const cli = ['cli.cjs', 'cli.js'].map((name) => path.join(shipguard, 'dist', name)).find((file) => existsSync(file));
const outDir = path.resolve(values.out ?? path.join(root, 'bench', 'real-history'));
const scratch = path.resolve(values.scratch ?? path.join(tmpdir(), 'shipguard-real-history'));
const count = Number(values.commits);
const timeoutMs = Number(values.timeout) * 1000;
if (!existsSync(cli)) fail(`${cli} is missing: run npm run build first`);
if (!Number.isInteger(count) || count < 1) fail(`--commits must be a positive integer (got "${values.commits}")`);

const CONFIG = values.only ? { rules: { [values.only]: 'error' } } : { extends: ['shipguard/presets/prisma'], rules: { 'required-build': 'off' } };
const configText = `${JSON.stringify(CONFIG, null, 2)}\n`;
mkdirSync(scratch, { recursive: true });
mkdirSync(outDir, { recursive: true });
const configFile = path.join(scratch, 'config.json');
writeFileSync(configFile, configText);
const build = buildHash(shipguard, configText);

function fail(message) {
  process.stderr.write(`real-history: ${message}\n`);
  process.exit(2);
}

/** repos.json entries to replay; names not pinned yet are pinned at the snapshot's HEAD. */
function selectRepos() {
  const listFile = path.join(outDir, 'repos.json');
  const list = existsSync(listFile) ? JSON.parse(readFileSync(listFile, 'utf8')) : { repos: [] };
  if (!values.repos) return list.repos;
  const selected = [];
  for (const name of values.repos.split(',').filter(Boolean)) {
    let entry = list.repos.find((repo) => repo.repo === name || repo.repo.split('/')[1] === name);
    if (!entry) {
      if (!name.includes('/')) fail(`--repos: "${name}" is not in ${listFile}; name it as owner/name`);
      const source = sourceOf(name);
      entry = { repo: name, sha: git(source, ['rev-parse', 'HEAD']).stdout.trim(), shape: '', prisma: null };
      list.repos.push(entry);
      writeFileSync(listFile, `${JSON.stringify(list, null, 2)}\n`);
      process.stderr.write(`pinned ${name} at ${entry.sha} in ${listFile}\n`);
    }
    selected.push(entry);
  }
  return selected;
}

function sourceOf(name) {
  const source = path.join(values.mirror, name.replace('/', '+'), 'repo');
  if (!existsSync(source)) fail(`no snapshot of ${name} at ${source} (fetch github:${name} first)`);
  return source;
}

/** `repo\tsha` pairs of --select, undefined to replay every listed commit. */
const selected = values.select
  ? new Set(readFileSync(values.select, 'utf8').split('\n').filter((line) => line && !line.startsWith('repo\t')).map((line) => line.split('\t').slice(0, 2).join('\t')))
  : undefined;

const records = [];
for (const entry of selectRepos()) {
  const short = entry.repo.split('/')[1];
  const clone = path.join(scratch, 'clones', entry.repo.replace('/', '+'));
  const cacheDir = path.join(scratch, 'cache', entry.repo.replace('/', '+'), build);
  if (!existsSync(clone) && values['report-only']) continue;
  if (!values['report-only']) prepareClone(sourceOf(entry.repo), clone, entry.sha);
  const commits = listCommits(clone, entry.sha, count)
    .map((commit) => ({ repo: short, ...commit }))
    .filter((commit) => !selected || selected.has(`${commit.repo}\t${commit.sha}`));
  if (values['report-only']) {
    records.push(...cachedOnly(cacheDir, commits));
    continue;
  }
  let index = 0;
  for (const commit of commits) {
    index += 1;
    const { record, cached } = cachedReplay(cacheDir, { cli, clone, configFile, commit, timeoutMs });
    records.push(record);
    const errors = record.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.rule);
    process.stderr.write(`[${short} ${index}/${commits.length}] ${commit.sha.slice(0, 10)} exit ${record.exit} ${record.ms} ms${cached ? ' (cached)' : ''}${errors.length ? ` ${[...new Set(errors)].join(',')}` : ''}\n`);
  }
}

const date = new Date().toISOString().slice(0, 10);
const judged = readJudged(path.join(outDir, 'judged.tsv'));
const summary = [
  `shipguard build ${build}, config ${JSON.stringify(CONFIG)}; clones without node_modules or work tree`,
  summarize(records, judged, { slowest: Number(values.slowest) }),
].join('\n');
process.stdout.write(summary);
writeFileSync(path.join(outDir, `${date}-summary.txt`), summary);
writeFileSync(path.join(outDir, `${date}-commits.tsv`), toTsv(['repo', 'sha', 'exit', 'ms', 'files', 'schema', 'migration', 'refused by', 'subject'], commitRows(records)));
writeFileSync(path.join(outDir, `${date}-refusals.tsv`), toTsv(['repo', 'sha', 'rule', 'kind', 'file:line', 'message'], refusalRows(records)));
