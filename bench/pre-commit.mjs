#!/usr/bin/env node
// Wall time of `shipguard pre-commit` on a typical staged commit, next to peers measured in the same
// run on the same machine: `node -e 0` (the floor for any Node CLI) and `git diff --cached --stat`
// (the floor for reading a staged change). Prints medians and ratios; no thresholds.
// --baseline <dist/cli.cjs (or dist/cli.js) of another build> times that build too, interleaved: before -> after in one run.
//   The baseline needs a node_modules of its own (a folder of symlinks to this one's packages is fine):
//   each build keeps its V8 code cache in node_modules/.cache/shipguard/, and two builds sharing it
//   evict each other's on every run, so neither would be measured with its cache.
//   node bench/pre-commit.mjs [--runs 15] [--baseline /path/to/old/dist/cli.js]     (BENCH_KEEP=1 keeps the repositories for profiling)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, baseline: { type: 'string' } } });
const runs = Number(values.runs);
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'dist', 'cli.cjs'); // the bin
if (values.baseline) {
  const cacheHome = (distFile) => realpathSync(path.join(path.dirname(distFile), '..', 'node_modules'));
  if (cacheHome(values.baseline) === cacheHome(cli)) {
    console.error('--baseline: that build shares this one\'s node_modules (and code cache): give it its own folder of symlinks to the packages');
    process.exit(2);
  }
}
const env = { ...process.env, NO_COLOR: '1', GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' };
delete env.SHIPGUARD_SKIP;

const RC_JSON = ['.shipguardrc.json', JSON.stringify({ extends: ['shipguard/presets/recommended'] })];
// What `init` writes in a TypeScript project: compiled once, then read from the private cache.
const CONFIG_TS = ['shipguard.config.ts', "import { defineConfig } from 'shipguard';\n\nexport default defineConfig({ extends: ['shipguard/presets/recommended'] });\n"];

/** A repo with shipguard installed, the recommended preset, and `files` staged on a feature branch. */
function stagedRepo(files, [configFile, configText] = RC_JSON) {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipguard-bench-'));
  const sh = (command, args) => spawnSync(command, args, { cwd: dir, env, encoding: 'utf8' });
  sh('git', ['init', '-q', '-b', 'feature']);
  mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(root, path.join(dir, 'node_modules', 'shipguard'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench', private: true }));
  writeFileSync(path.join(dir, configFile), configText);
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
  // Some history and an existing tree, so the diff is not against an empty repository.
  for (let i = 0; i < 50; i++) {
    mkdirSync(path.join(dir, 'src', 'old'), { recursive: true });
    writeFileSync(path.join(dir, 'src', 'old', `module${i}.ts`), `export const value${i} = ${i};\n`.repeat(40));
  }
  sh('git', ['add', '-A']);
  sh('git', ['commit', '-q', '-m', 'base']);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  sh('git', ['add', '-A']);
  return dir;
}

function tsModule(name, lines) {
  const body = Array.from({ length: lines - 4 }, (_, i) => `  const step${i} = await load${i % 7}(id); // ${name}`);
  return `import { load0, load1, load2, load3, load4, load5, load6 } from './loaders.js';\nexport async function ${name}(id: string) {\n${body.join('\n')}\n  return id;\n}\n`;
}

const typicalTs = {
  ...Object.fromEntries(['orders', 'payments', 'users', 'invoices'].map((name) => [`src/services/${name}.ts`, tsModule(name, 45)])),
  'src/services/loaders.ts': Array.from({ length: 7 }, (_, i) => `export async function load${i}(id: string) {\n  return { id, step: ${i} };\n}\n`).join(''),
};
const scenarios = {
  'typical commit: 5 TS files, ~200 lines': { files: typicalTs },
  'typical commit with a shipguard.config.ts': { files: typicalTs, config: CONFIG_TS },
  'docs only: 5 Markdown files, ~200 lines': {
    files: Object.fromEntries(['intro', 'setup', 'usage', 'faq', 'changelog'].map((name) => [`docs/${name}.md`, `# ${name}\n\n${'Some prose about it.\n'.repeat(38)}`])),
  },
};

function time(command, args, cwd) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0 && command !== 'git') throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}${result.stderr}`);
  return ms;
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

console.log(`shipguard pre-commit benchmark (${runs} runs each, interleaved; node ${process.version}; ${new Date().toISOString()})\n`);
for (const [name, { files, config }] of Object.entries(scenarios)) {
  const dir = stagedRepo(files, config);
  const samples = { 'node -e 0': [], 'git diff --cached --stat': [], 'shipguard pre-commit': [], ...(values.baseline ? { 'baseline pre-commit': [] } : {}) };
  time(process.execPath, [cli, 'pre-commit'], dir); // warm the file cache
  if (values.baseline) time(process.execPath, [values.baseline, 'pre-commit'], dir);
  for (let i = 0; i < runs; i++) {
    samples['node -e 0'].push(time(process.execPath, ['-e', '0'], dir));
    samples['git diff --cached --stat'].push(time('git', ['diff', '--cached', '--stat'], dir));
    // Alternate which build runs first: the second of two back-to-back runs measured up to ~20 ms faster.
    const builds = [() => samples['shipguard pre-commit'].push(time(process.execPath, [cli, 'pre-commit'], dir))];
    if (values.baseline) builds.push(() => samples['baseline pre-commit'].push(time(process.execPath, [values.baseline, 'pre-commit'], dir)));
    for (const build of i % 2 ? builds.reverse() : builds) build();
  }
  const node = median(samples['node -e 0']);
  const git = median(samples['git diff --cached --stat']);
  console.log(name);
  for (const [label, list] of Object.entries(samples)) {
    const ms = median(list);
    // Paired: each run's time over the `node -e 0` measured just before it, then the median of those
    // (the machine's speed drifts during a run; a pair shares the drift).
    const paired = median(list.map((sample, run) => sample / samples['node -e 0'][run]));
    console.log(`  ${label.padEnd(26)} ${ms.toFixed(1).padStart(7)} ms   ${(ms / node).toFixed(2)}x node -e 0 (paired ${paired.toFixed(2)}x)   ${(ms / git).toFixed(1)}x git diff`);
  }
  console.log('');
  if (process.env.BENCH_KEEP) console.log(`  (kept ${dir})\n`);
  else rmSync(dir, { recursive: true, force: true });
}
