#!/usr/bin/env node
// Disk size of installing shipguard into an empty project, as a user's `npm i -D shipguard` does:
// `npm pack`, then `npm install <tarball>` in a fresh temp project. Optional peers (@prisma/internals)
// are not installed by npm, so Prisma's packages are left out; any @prisma/* found is listed apart.
//   node bench/install-size.mjs [<package dir or .tgz> ...]   (default: this checkout; build first)
// Compare two builds in one run: node bench/install-size.mjs /path/to/old/checkout .
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const sources = process.argv.slice(2).length ? process.argv.slice(2) : [ROOT];

function sh(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} in ${cwd} exited ${result.status}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** The tarball for a package directory (npm pack runs its prepack/postpack scripts), or the .tgz given. */
function tarballOf(source, scratch) {
  if (source.endsWith('.tgz')) return path.resolve(source);
  const [packed] = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', scratch], path.resolve(source)));
  return path.join(scratch, packed.filename);
}

/** Bytes on disk (4 KB blocks, like du) under `dir`, not following symlinks. */
function diskBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const stat = statSync(full, { throwIfNoEntry: false });
    if (entry.isSymbolicLink() || !stat) continue;
    total += entry.isDirectory() ? diskBytes(full) : Math.ceil(stat.size / 4096) * 4096;
  }
  return total;
}

/** Top-level packages under node_modules (scoped ones by `@scope/name`), with their sizes. */
function packages(modules) {
  const list = [];
  for (const name of readdirSync(modules)) {
    if (name.startsWith('.')) continue;
    const names = name.startsWith('@') ? readdirSync(path.join(modules, name)).map((inner) => `${name}/${inner}`) : [name];
    for (const pkg of names) list.push({ pkg, bytes: diskBytes(path.join(modules, pkg)) });
  }
  return list.sort((a, b) => b.bytes - a.bytes);
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

console.log(`shipguard install size (npm ${sh('npm', ['--version'], ROOT).trim()}, node ${process.version}; ${new Date().toISOString()})\n`);
for (const source of sources) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'shipguard-size-'));
  try {
    const tarball = tarballOf(source, scratch);
    const project = path.join(scratch, 'project');
    sh('mkdir', ['-p', project], scratch);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'size-probe', private: true }));
    sh('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', tarball], project);
    const list = packages(path.join(project, 'node_modules'));
    const prisma = list.filter(({ pkg }) => pkg.startsWith('@prisma/') || pkg === 'prisma');
    const counted = list.filter((entry) => !prisma.includes(entry));
    const total = counted.reduce((sum, { bytes }) => sum + bytes, 0);
    console.log(`${source} (${path.basename(tarball)}, ${mb(statSync(tarball).size)} packed)`);
    console.log(`  installed: ${mb(total)} in ${counted.length} packages${prisma.length ? ` (excluding ${prisma.map(({ pkg }) => pkg).join(', ')})` : ''}`);
    for (const { pkg, bytes } of counted.slice(0, 12)) console.log(`  ${mb(bytes).padStart(9)}  ${pkg}`);
    console.log('');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
