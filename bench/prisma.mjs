#!/usr/bin/env node
// Wall time of the Prisma rules in `shipguard pre-commit`, next to peers measured in the same run on
// the same machine. Three scenarios:
//   1. a schema change commit (String -> enum, no migration): Prisma's schema engine loaded and diffing
//      (goal: <= 1.5x the same commit with only recommended), and the same commit checked again, the
//      engine's answer read back from .git/shipguard/prisma-diff/ and the datamodels from
//      .git/shipguard/prisma-datamodel/ (every other prisma-preset run clears both; the DMMF cache is kept);
//   2. a field removed from the schema with 200 service files calling the client: the 20 that name it re-checked;
//   3. a commit in a Prisma project that touches no schema (a dependency bump and docs): goal <= 1.05x.
// Peers: `node -e 0` (the floor for any Node CLI), the same commit checked with the recommended preset
// only (what the Prisma rules add), importing @prisma/internals (what loading Prisma's toolkit alone
// costs), and for scenario 2 `tsc --noEmit` over the same 200 files (the type-check teams otherwise
// rely on, here without even a generated client). Medians and ratios; no thresholds.
//   npm run build && node bench/prisma.mjs [--runs 7]      (BENCH_KEEP=1 keeps the repositories for profiling)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const runs = Number(values.runs);
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'dist', 'cli.cjs'); // the bin, what the hooks run
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const fixtures = path.join(root, 'test', 'fixtures', 'prisma');
const env = { ...process.env, NO_COLOR: '1', GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' };
delete env.SHIPGUARD_SKIP;
delete env.SHIPGUARD_DEBUG;
delete env.DATABASE_URL;

const SCHEMA = readFileSync(path.join(fixtures, 'saas', 'schema.prisma'), 'utf8');

function write(dir, file, content) {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), content);
}

/** A repository with shipguard installed, `base` committed, then `staged` staged on a feature branch. */
function repo(base, staged) {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipguard-bench-prisma-'));
  const sh = (...args) => spawnSync('git', args, { cwd: dir, env, encoding: 'utf8' });
  sh('init', '-q', '-b', 'feature');
  mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  symlinkSync(root, path.join(dir, 'node_modules', 'shipguard'), 'dir');
  write(dir, 'package.json', JSON.stringify({ name: 'bench', private: true }));
  write(dir, '.gitignore', 'node_modules/\n');
  write(dir, 'prisma.json', JSON.stringify({ extends: ['shipguard/presets/prisma'], rules: { 'commit-size': 'off' } }));
  write(dir, 'recommended.json', JSON.stringify({ extends: ['shipguard/presets/recommended'], rules: { 'commit-size': 'off' } }));
  for (const [file, content] of Object.entries(base)) write(dir, file, content);
  sh('add', '-A');
  sh('commit', '-q', '-m', 'base');
  for (const [file, content] of Object.entries(staged)) write(dir, file, content);
  sh('add', '-A');
  return dir;
}

/** 200 service modules, 3 client calls each; every 10th selects `profile.phone`. */
function services(count) {
  const files = {};
  for (let i = 0; i < count; i++) {
    const phone = i % 10 === 0 ? ', phone: true' : '';
    files[`src/services/service${i}.ts`] = `import { prisma } from '../db';

export async function listClasses${i}(tenantId: string) {
  return prisma.class.findMany({
    where: { tenantId, startsAt: { gte: new Date() }, tenant: { status: 'ACTIVE' } },
    include: { _count: { select: { enrollments: true, sessions: true, waitlist: true } } },
    orderBy: { startsAt: 'asc' },
  });
}

export async function contact${i}(userId: string) {
  return prisma.profile.findUnique({ where: { userId }, select: { bio: true${phone} } });
}

export async function members${i}(tenantId: string) {
  return prisma.user.findMany({ where: { tenantId, role: { in: ['ADMIN', 'MEMBER'] } }, select: { id: true, email: true, profile: { select: { bio: true } } } });
}
`;
  }
  files['src/db.ts'] = 'export const prisma: any = {};\n';
  files['tsconfig.json'] = JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext' }, include: ['src'] });
  return files;
}

const enumSchema = `${SCHEMA.replace('  plan      String       @default("free")', '  plan      Plan         @default(FREE)')}\nenum Plan {\n  FREE\n  PRO\n}\n`;
const scenarios = [
  {
    name: 'schema change commit: String -> enum, no migration (engine load + diff)',
    dir: () => repo({ 'prisma/schema.prisma': SCHEMA, 'prisma/migrations/20240101000000_init/migration.sql': 'SELECT 1;\n' }, { 'prisma/schema.prisma': enumSchema }),
    tsc: false,
    again: true,
  },
  {
    name: 'non-schema commit in a Prisma project: package.json dependency bump and docs (no engine)',
    dir: () =>
      repo(
        { 'prisma/schema.prisma': SCHEMA, 'prisma/migrations/20240101000000_init/migration.sql': 'SELECT 1;\n' },
        { 'package.json': JSON.stringify({ name: 'bench', private: true, dependencies: { zod: '^3.23.8' } }), 'docs/setup.md': '# Setup\n\nRun the app.\n' },
      ),
    tsc: false,
  },
  {
    name: '200-file re-check after a field removal (Profile.phone dropped, with its migration)',
    dir: () =>
      repo(
        { 'prisma/schema.prisma': SCHEMA, 'prisma/migrations/20240101000000_init/migration.sql': 'SELECT 1;\n', ...services(200) },
        { 'prisma/schema.prisma': SCHEMA.replace('  phone    String?\n', ''), 'prisma/migrations/20240202000000_drop_phone/migration.sql': 'ALTER TABLE "Profile" DROP COLUMN "phone";\n' },
      ),
    tsc: true,
  },
];

function time(command, args, cwd, extraEnv = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status === null || result.status > 2 || (result.status === 2 && command === process.execPath && args[0] === cli)) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}${result.stderr}`);
  }
  return { ms, result };
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

console.log(`shipguard Prisma rules benchmark (${runs} runs each, interleaved; node ${process.version}; ${new Date().toISOString()})\n`);
for (const scenario of scenarios) {
  const dir = scenario.dir();
  const peers = {
    'node -e 0': () => time(process.execPath, ['-e', '0'], dir),
    "import('@prisma/internals')": () => time(process.execPath, ['-e', "import('@prisma/internals')"], root),
    'pre-commit, recommended only': () => time(process.execPath, [cli, 'pre-commit', '-c', 'recommended.json'], dir),
    // Without the engine's answers and the datamodels kept from the run before: the wasm loads and diffs.
    'pre-commit, prisma preset': () => {
      for (const cache of ['prisma-diff', 'prisma-datamodel']) rmSync(path.join(dir, '.git', 'shipguard', cache), { recursive: true, force: true });
      return time(process.execPath, [cli, 'pre-commit', '-c', 'prisma.json'], dir);
    },
    // The same commit checked again (a refused commit retried, pre-push after pre-commit): the answer is read back.
    ...(scenario.again ? { 'prisma preset, checked again': () => time(process.execPath, [cli, 'pre-commit', '-c', 'prisma.json'], dir) } : {}),
    ...(scenario.tsc ? { 'tsc --noEmit (200 files)': () => time(process.execPath, [tsc, '-p', 'tsconfig.json'], dir) } : {}),
  };
  const samples = Object.fromEntries(Object.keys(peers).map((label) => [label, []]));
  Object.values(peers).forEach((run) => run()); // warm file caches
  for (let i = 0; i < runs; i++) for (const [label, run] of Object.entries(peers)) samples[label].push(run().ms);

  const debug = time(process.execPath, [cli, 'pre-commit', '-c', 'prisma.json', '--format', 'json'], dir, { SHIPGUARD_DEBUG: '1' }).result;
  const findings = JSON.parse(debug.stdout).findings;
  const node = median(samples['node -e 0']);
  const recommended = median(samples['pre-commit, recommended only']);
  console.log(scenario.name);
  for (const [label, list] of Object.entries(samples)) {
    const ms = median(list);
    console.log(`  ${label.padEnd(30)} ${ms.toFixed(0).padStart(6)} ms   ${(ms / node).toFixed(1).padStart(5)}x node -e 0   ${(ms / recommended).toFixed(2)}x recommended only`);
  }
  const lines = debug.stderr.split('\n').filter((line) => /rule prisma|loaded|total/.test(line));
  console.log(`  one run with SHIPGUARD_DEBUG=1 (${findings.length} findings: ${[...new Set(findings.map((f) => `${f.ruleId}/${f.kind}`))].join(', ')}):`);
  for (const line of lines) console.log(`    ${line.replace('shipguard debug: ', '')}`);
  console.log('');
  if (process.env.BENCH_KEEP) console.log(`  (kept ${dir})\n`);
  else rmSync(dir, { recursive: true, force: true });
}
