#!/usr/bin/env node
// Load and first-parse time of the parsers a hook could use, each in a fresh Node process (what a
// hook pays), interleaved, same machine, same files: the TypeScript compiler API (`createSourceFile`,
// what shipguard used) and oxc-parser (what it uses). The files are the typical 5-file commit of
// bench/pre-commit.mjs plus shipguard's own largest sources. Prints medians; no thresholds.
//   node bench/parser.mjs [--runs 15]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const runs = Number(values.runs);
const root = fileURLToPath(new URL('..', import.meta.url));
const sources = ['src/rules/runtime-imports/index.ts', 'src/rules/no-mock-data/detectors.ts', 'src/rules/prisma-query-fields/query-validate.ts', 'src/git/reader.ts', 'src/engine.ts'];
const files = sources.map((file) => ({ path: file, text: readFileSync(path.join(root, file), 'utf8') }));
const typescript = path.join(root, 'node_modules', 'typescript');
const oxc = pathToFileURL(path.join(root, 'node_modules', 'oxc-parser', 'src-js', 'index.js')).href;

// Each probe prints "<load ms> <parse ms>" from inside the child.
const probes = {
  typescript: `const t0 = performance.now(); const ts = require(${JSON.stringify(typescript)}); const t1 = performance.now();
    for (const f of FILES) ts.createSourceFile(f.path, f.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    console.log(t1 - t0, performance.now() - t1);`,
  'oxc-parser': `const t0 = performance.now(); import(${JSON.stringify(oxc)}).then((oxc) => { const t1 = performance.now();
    for (const f of FILES) oxc.parseSync(f.path, f.text, { lang: 'ts', preserveParens: false }).program;
    console.log(t1 - t0, performance.now() - t1); });`,
};

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const samples = Object.fromEntries(Object.keys(probes).map((name) => [name, { load: [], parse: [] }]));
for (let i = 0; i < runs; i++) {
  for (const [name, code] of Object.entries(probes)) {
    const script = `const FILES = ${JSON.stringify(files)};\n${code}`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${name}: ${result.stderr}`);
    const [load, parse] = result.stdout.trim().split(' ').map(Number);
    samples[name].load.push(load);
    samples[name].parse.push(parse);
  }
}
const lines = files.reduce((sum, file) => sum + file.text.split('\n').length, 0);
console.log(`parser load and first parse (${runs} fresh processes each, interleaved; ${files.length} files, ${lines} lines; node ${process.version})\n`);
for (const [name, { load, parse }] of Object.entries(samples)) {
  console.log(`  ${name.padEnd(12)} load ${median(load).toFixed(1).padStart(7)} ms   first parse ${median(parse).toFixed(1).padStart(6)} ms`);
}
