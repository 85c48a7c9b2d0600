#!/usr/bin/env node
// What the code rules (no-mock-data, runtime-imports, lockfile-sync) cost a pre-commit hook, with and
// without TS files staged, next to peers measured in the same run on the same machine:
//   - `node -e 0`: the floor for any Node CLI;
//   - `git diff --cached --stat`: the floor for reading a staged change;
//   - `node -e "require('typescript')"`: what parsing with the TypeScript compiler API costs to load;
//   - `node -e "import('oxc-parser')"`: what shipguard's parser costs to load;
//   - `tsc --noEmit` on the staged files: what a type-checking hook costs instead.
// Prints medians and ratios; no thresholds.   node bench/code-rules.mjs [--runs 11] [--baseline <old dist/cli.js>]
// --baseline times another build of shipguard in the same run (interleaved): before -> after side by side.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '11' }, baseline: { type: 'string' } } });
const runs = Number(values.runs);
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'dist', 'cli.cjs'); // the bin
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const env = { ...process.env, NO_COLOR: '1', GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' };
delete env.SHIPGUARD_SKIP;
delete env.SHIPGUARD_DEBUG;

/** A webshop-like repo: 50 committed modules, package.json with a lockfile, `files` staged. */
function stagedRepo(files) {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipguard-bench-code-'));
  const sh = (command, args) => spawnSync(command, args, { cwd: dir, env, encoding: 'utf8' });
  const write = (file, content) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  };
  sh('git', ['init', '-q', '-b', 'feature']);
  mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  symlinkSync(root, path.join(dir, 'node_modules', 'shipguard'), 'dir');
  const pkg = { name: 'bench', version: '1.0.0', private: true, type: 'module', scripts: { build: 'tsc' }, dependencies: { zod: '^3.25.76' } };
  write('package.json', JSON.stringify(pkg, null, 2));
  write('package-lock.json', JSON.stringify({ name: 'bench', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'bench', version: '1.0.0', dependencies: pkg.dependencies }, 'node_modules/zod': { version: '3.25.76' } } }, null, 2));
  write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true, types: [] } }));
  // commit-size would refuse the large scenario; every other rule must pass (a failure is a false positive).
  write('.shipguardrc.json', JSON.stringify({ extends: ['shipguard/presets/recommended'], rules: { 'commit-size': 'off' } }));
  write('.gitignore', 'node_modules/\n');
  write('src/loaders.ts', Array.from({ length: 7 }, (_, i) => `export const load${i} = async (id: string) => id.length + ${i};`).join('\n'));
  for (let i = 0; i < 50; i++) write(`src/old/module${i}.ts`, `export const value${i} = ${i};\n`.repeat(40));
  sh('git', ['add', '-A']);
  sh('git', ['commit', '-q', '-m', 'base']);
  for (const [file, content] of Object.entries(files)) write(file, content);
  sh('git', ['add', '-A']);
  return dir;
}

function tsModule(name, lines) {
  const body = Array.from({ length: lines - 6 }, (_, i) => `  const step${i} = await load${i % 7}(id); // ${name}`);
  return `import { load0, load1, load2, load3, load4, load5, load6 } from '../loaders.js';\nimport { z } from 'zod';\n\nexport async function ${name}(id: string) {\n${body.join('\n')}\n  return z.string().parse(id);\n}\n`;
}

const scenarios = {
  'docs only: 5 Markdown files, ~200 lines': Object.fromEntries(
    ['intro', 'setup', 'usage', 'faq', 'changelog'].map((name) => [`docs/${name}.md`, `# ${name}\n\n${'Some prose about it.\n'.repeat(38)}`]),
  ),
  'typical commit: 5 TS files, ~200 lines': Object.fromEntries(
    ['orders', 'payments', 'users', 'invoices', 'cart'].map((name) => [`src/services/${name}.ts`, tsModule(name, 40)]),
  ),
  'large commit: 40 TS files, ~2,400 lines': Object.fromEntries(
    Array.from({ length: 40 }, (_, i) => [`src/features/feature${i}.ts`, tsModule(`feature${i}`, 60)]),
  ),
};

function time(command, args, cwd) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0 && command !== 'git' && !args.includes('--noEmit')) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}${result.stderr}`);
  }
  return ms;
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

console.log(`shipguard code rules, pre-commit (${runs} runs each, interleaved; node ${process.version}; ${new Date().toISOString()})\n`);
for (const [name, files] of Object.entries(scenarios)) {
  const dir = stagedRepo(files);
  const staged = Object.keys(files).filter((file) => file.endsWith('.ts'));
  const commands = {
    'node -e 0': [process.execPath, ['-e', '0']],
    'git diff --cached --stat': ['git', ['diff', '--cached', '--stat']],
    "node -e require('typescript')": [process.execPath, ['-e', `require(${JSON.stringify(path.join(root, 'node_modules', 'typescript'))})`]],
    "node -e import('oxc-parser')": [process.execPath, ['-e', `import(${JSON.stringify(pathToFileURL(path.join(root, 'node_modules', 'oxc-parser', 'src-js', 'index.js')).href)})`]],
    ...(staged.length ? { 'tsc --noEmit (staged files)': [process.execPath, [tsc, '--noEmit', '--skipLibCheck', '--types', '', '--module', 'nodenext', ...staged]] } : {}),
    'shipguard pre-commit': [process.execPath, [cli, 'pre-commit']],
    ...(values.baseline ? { 'baseline pre-commit': [process.execPath, [values.baseline, 'pre-commit']] } : {}),
  };
  const samples = Object.fromEntries(Object.keys(commands).map((label) => [label, []]));
  time(process.execPath, [cli, 'pre-commit'], dir); // warm the file cache
  for (let i = 0; i < runs; i++) {
    for (const [label, [command, args]] of Object.entries(commands)) samples[label].push(time(command, args, dir));
  }
  const debug = spawnSync(process.execPath, [cli, 'pre-commit'], { cwd: dir, env: { ...env, SHIPGUARD_DEBUG: '1' }, encoding: 'utf8' });
  const loaded = [...debug.stderr.matchAll(/loaded (\S+) in (\d+) ms/g)].map((match) => `${match[1]}: ${match[2]} ms`).join(', ');
  const node = median(samples['node -e 0']);
  const ts = median(samples["node -e require('typescript')"]);
  console.log(`${name} (${loaded ? `loaded ${loaded}` : 'no parser loaded'} in the last run)`);
  for (const [label, list] of Object.entries(samples)) {
    const ms = median(list);
    console.log(`  ${label.padEnd(32)} ${ms.toFixed(1).padStart(8)} ms   ${(ms / node).toFixed(2).padStart(6)}x node -e 0   ${(ms / ts).toFixed(2).padStart(5)}x require('typescript')`);
  }
  console.log('');
  rmSync(dir, { recursive: true, force: true });
}
