#!/usr/bin/env node
// Mutation check: do the tests notice when behaviour breaks? Applies each one-line mutation of
// bench/mutations.mjs to a private copy of this checkout (HEAD plus uncommitted changes), rebuilds the
// CLI bundle, runs the test files mapped to that mutation and reports killed (a test failed) or
// survived (every test passed). Run by hand, on a quiet machine:
//
//   nice -n 10 node bench/mutation-check.mjs [--only id,id] [--keep] [--json file]
//
// The copy lives in a temp directory with a symlink to this checkout's node_modules, so nothing here
// is touched. A mutation whose `from` text is not found exactly once is reported as "stale" (the code
// moved on: update the list), never silently skipped.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MUTATIONS } from './mutations.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: { only: { type: 'string' }, keep: { type: 'boolean' }, json: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (args.help) {
  console.log('Usage: node bench/mutation-check.mjs [--only id,id] [--keep] [--json file]');
  process.exit(0);
}

const selected = args.only ? MUTATIONS.filter((mutation) => args.only.split(',').includes(mutation.id)) : MUTATIONS;
const copy = makeCopy();
console.log(`copy: ${copy}; ${selected.length} mutations`);

const results = [];
try {
  const baseline = run(copy, selected.flatMap((mutation) => mutation.tests));
  if (!baseline.ok) fail(`the mapped tests fail without any mutation; fix them first:\n${baseline.tail}`);
  for (const mutation of selected) {
    const started = Date.now();
    const result = { id: mutation.id, area: mutation.area, file: mutation.file, verdict: 'stale', seconds: 0 };
    const file = path.join(copy, mutation.file);
    const original = readFileSync(file, 'utf8');
    const occurrences = original.split(mutation.from).length - 1;
    if (occurrences === 1) {
      writeFileSync(file, original.replace(mutation.from, mutation.to));
      try {
        const built = build(copy);
        result.verdict = !built.ok ? 'killed (build)' : run(copy, mutation.tests).ok ? 'survived' : 'killed';
      } finally {
        writeFileSync(file, original);
      }
    } else {
      result.note = `"from" found ${occurrences} times`;
    }
    result.seconds = Math.round((Date.now() - started) / 1000);
    results.push(result);
    console.log(`${result.verdict.padEnd(15)} ${mutation.id.padEnd(34)} ${mutation.file} (${result.seconds} s)${result.note ? ` ${result.note}` : ''}`);
  }
  build(copy);
} finally {
  if (!args.keep) rmSync(copy, { recursive: true, force: true });
}

const judged = results.filter((result) => result.verdict !== 'stale');
const killed = judged.filter((result) => result.verdict.startsWith('killed'));
const areas = [...new Set(results.map((result) => result.area))].sort();
console.log(`\nkilled ${killed.length} of ${judged.length} (${percent(killed.length, judged.length)}); stale ${results.length - judged.length}`);
for (const area of areas) {
  const inArea = judged.filter((result) => result.area === area);
  console.log(`  ${area.padEnd(22)} ${inArea.filter((result) => result.verdict.startsWith('killed')).length}/${inArea.length}`);
}
const survivors = judged.filter((result) => result.verdict === 'survived');
if (survivors.length) console.log(`survived: ${survivors.map((result) => result.id).join(', ')}`);
if (args.json) writeFileSync(args.json, `${JSON.stringify(results, null, 2)}\n`);
process.exitCode = results.length !== judged.length ? 2 : 0;

function makeCopy() {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipguard-mutation-'));
  // Tracked and untracked-but-not-ignored files: the checkout as it stands, without node_modules.
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(path.join(ROOT, file))) continue;
    cpSync(path.join(ROOT, file), path.join(dir, file), { recursive: false, force: true, dereference: false });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  // dist/index.js (the library a test's shipguard.config.mjs imports) once; each mutation rebuilds the CLI.
  const library = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: dir, encoding: 'utf8' });
  if (library.status !== 0 || !build(dir).ok) fail('the unmutated copy does not build');
  return dir;
}

/** The CLI bundle only: the tests run dist/cli.js; tsc's declaration output plays no part. */
function build(dir) {
  const result = spawnSync(process.execPath, ['node_modules/rolldown/bin/cli.mjs', '-c', 'rolldown.config.mjs', '--logLevel', 'silent'], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (result.status === 0) chmodSync(path.join(dir, 'dist', 'cli.js'), 0o755); // the hooks run it as `shipguard`
  return { ok: result.status === 0 };
}

function run(dir, tests) {
  const files = [...new Set(tests)];
  const result = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--bail', '1', ...files], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: '1', FORCE_COLOR: '0' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ok: result.status === 0, tail: `${result.stdout}${result.stderr}`.split('\n').slice(-30).join('\n') };
}

function percent(part, whole) {
  return whole ? `${Math.round((part / whole) * 1000) / 10} %` : 'n/a';
}

function fail(message) {
  console.error(`mutation-check: ${message}`);
  process.exit(2);
}
