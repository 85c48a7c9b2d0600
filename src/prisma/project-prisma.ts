// Which Prisma judges a project: the version the project itself installs (node_modules next to it)
// or declares (package.json + lockfile in the tree being checked), and the wasm engines of that
// version when they are installed; otherwise the ones next to shipguard, flagged as another version.
import { TEXT_LOCKFILES } from '../package-manager.js';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { Revision } from '../changeset.js';
import type { GitReader } from '../git/reader.js';
import { bundledPrismaWasm, type PrismaWasmFiles } from '../lazy.js';

export interface ProjectPrisma {
  /** The Prisma version the project uses (`6.14.0`), undefined when it names none. */
  version?: string;
  /** Where that version was read: `node_modules/prisma`, `pnpm-lock.yaml`, `package.json`. */
  versionFrom?: string;
  /** The engines that judge the schema. */
  engines: PrismaWasmFiles;
  /** `the project's node_modules` or `shipguard's @prisma/internals`. */
  enginesFrom: string;
  /** The engines are not the project's version: rejections only that version makes are warnings. */
  otherVersion: boolean;
}

/** `7.10.0` from `7.10.0-4.0edf323…` or `^7.10.0`. */
export function baseVersion(version: string | undefined): string | undefined {
  // Anchored, bounded prefix: an unanchored `(\d+)\.` rescans a long digit run from every position.
  return /^\D{0,40}(\d{1,10})\.(\d{1,10})\.(\d{1,10})/.exec(version ?? '')?.slice(1, 4).join('.');
}

export function majorOf(version: string | undefined): number | undefined {
  const base = baseVersion(version);
  return base ? Number(base.split('.')[0]) : undefined;
}

const cache = new Map<string, Promise<ProjectPrisma>>();

/** The Prisma of the project at `root` (repository-relative) in the tree `revision`. */
export function projectPrisma(git: GitReader, revision: Revision, root: string): Promise<ProjectPrisma> {
  const cacheKey = `${revision.kind === 'index' ? 'index' : revision.sha}\0${root}`;
  let found = cache.get(cacheKey);
  if (!found) {
    found = resolve(git, revision, root);
    cache.set(cacheKey, found);
  }
  return found;
}

async function resolve(git: GitReader, revision: Revision, root: string): Promise<ProjectPrisma> {
  const projectDir = path.join(git.root, root);
  const installed = installedPrisma(projectDir);
  const declared = installed ? undefined : await declaredPrisma(git, revision, root);
  const version = installed?.version ?? declared?.version;
  const own = version ? installedWasm(projectDir, installed?.dir, version) : undefined;
  if (own) return { version, versionFrom: installed?.from ?? declared?.from, engines: own, enginesFrom: "the project's node_modules", otherVersion: false };
  const engines = bundledPrismaWasm();
  const otherVersion = version !== undefined && baseVersion(version) !== baseVersion(engines.version);
  return { version, versionFrom: installed?.from ?? declared?.from, engines, enginesFrom: "shipguard's @prisma/internals", otherVersion };
}

interface Installed {
  version: string;
  dir: string;
  from: string;
}

/** `prisma` (the CLI that runs migrations), else `@prisma/client`, as Node would resolve it from the project. */
function installedPrisma(projectDir: string): Installed | undefined {
  for (const name of ['prisma', '@prisma/client']) {
    const dir = findPackage(projectDir, name);
    const version = dir && packageVersion(dir);
    if (dir && version) return { version, dir, from: `${path.relative(projectDir, dir) || name} ${version}` };
  }
  return undefined;
}

/**
 * `@prisma/prisma-schema-wasm` (and `@prisma/schema-engine-wasm`) of exactly the project's version,
 * found from the project, its `@prisma/internals` or its `prisma` installation.
 */
function installedWasm(projectDir: string, prismaDir: string | undefined, version: string): PrismaWasmFiles | undefined {
  const starts = [projectDir];
  const internals = findPackage(projectDir, '@prisma/internals');
  for (const dir of [internals, prismaDir]) if (dir) starts.push(realpathSync(dir));
  const want = baseVersion(version);
  for (const start of starts) {
    const schemaWasmDir = findPackage(start, '@prisma/prisma-schema-wasm');
    const wasmVersion = schemaWasmDir && packageVersion(schemaWasmDir);
    if (!schemaWasmDir || !wasmVersion || baseVersion(wasmVersion) !== want) continue;
    const main = mainFile(schemaWasmDir);
    if (!main) continue;
    const engineDir = findPackage(realpathSync(schemaWasmDir), '@prisma/schema-engine-wasm') ?? findPackage(start, '@prisma/schema-engine-wasm');
    const engineVersion = engineDir && packageVersion(engineDir);
    const bindings = engineDir && path.join(engineDir, 'schema_engine_bg.js');
    const schemaEngine = bindings && baseVersion(engineVersion) === want && existsSync(bindings) ? bindings : undefined;
    return { version: wasmVersion, schemaWasm: main, schemaEngine };
  }
  return undefined;
}

/** Node's lookup of a bare package name: `node_modules/<name>` in `start` and every folder above. */
function findPackage(start: string, name: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === path.dirname(dir)) return undefined;
  }
}

function packageJson(dir: string): { version?: string; main?: string } | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: string; main?: string };
  } catch {
    return undefined;
  }
}

function packageVersion(dir: string): string | undefined {
  return packageJson(dir)?.version;
}

function mainFile(dir: string): string | undefined {
  const file = path.join(dir, packageJson(dir)?.main ?? 'index.js');
  return existsSync(file) ? file : undefined;
}

interface Declared {
  version: string;
  from: string;
}


/**
 * Without node_modules (CI before install, a bare clone): the `prisma` / `@prisma/client` version the
 * project's package.json pins, else the version its lockfile resolved (the highest with the major the
 * package.json range names, when several are locked).
 */
async function declaredPrisma(git: GitReader, revision: Revision, root: string): Promise<Declared | undefined> {
  const spec = await declaredSpec(git, revision, root);
  if (spec && /^\d+\.\d+\.\d+$/.test(spec.range)) return { version: spec.range, from: spec.file };
  const major = majorOf(spec?.range);
  // One round trip down the cat-file pipe for all of them.
  const texts = await Promise.all(TEXT_LOCKFILES.map((lockfile) => git.readFile(revision, lockfile)));
  for (const [index, lockfile] of TEXT_LOCKFILES.entries()) {
    const text = texts[index];
    if (!text) continue;
    const versions = lockedVersions(text).filter((version) => major === undefined || majorOf(version) === major);
    const highest = versions.sort(compareVersions).at(-1);
    if (highest) return { version: highest, from: lockfile };
  }
  return undefined;
}

async function declaredSpec(git: GitReader, revision: Revision, root: string): Promise<{ range: string; file: string } | undefined> {
  const files: string[] = [];
  for (let dir = root; ; dir = dir.includes('/') ? path.posix.dirname(dir) : '') {
    files.push(dir ? `${dir}/package.json` : 'package.json');
    if (!dir) break;
  }
  const texts = await Promise.all(files.map((file) => git.readFile(revision, file)));
  for (const [index, file] of files.entries()) {
    const text = texts[index];
    if (text?.includes('prisma')) {
      try {
        const json = JSON.parse(text) as Record<string, Record<string, unknown> | undefined>;
        for (const group of ['dependencies', 'devDependencies']) {
          for (const name of ['prisma', '@prisma/client']) {
            const range = json[group]?.[name];
            if (typeof range === 'string') return { range: range.trim(), file };
          }
        }
      } catch {
        // an invalid package.json is other rules' business
      }
    }
  }
  return undefined;
}

/** `prisma` versions in any of the four lockfile formats. */
function lockedVersions(text: string): string[] {
  const patterns = [
    /^[ \t]+'?\/?prisma@(\d+\.\d+\.\d+)/gm, // pnpm: `  prisma@6.14.0:`, `  /prisma@4.16.2:`
    /"prisma":\s*\["prisma@(\d+\.\d+\.\d+)"/g, // bun
  ];
  const found = patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]!));
  const npm = npmLockedPrisma(text);
  return [...new Set([...found, ...(npm ? [npm] : []), ...yarnLockedPrisma(text)])];
}

function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let index = 0; index < 3; index++) if (left[index] !== right[index]) return left[index]! - right[index]!;
  return 0;
}

/** package-lock: the `version` of the `"node_modules/prisma": { … }` entry (cut out first: a lazy `[^}]*?` over the whole file backtracks). */
function npmLockedPrisma(text: string): string | undefined {
  const start = text.indexOf('"node_modules/prisma":');
  if (start < 0) return undefined;
  const end = text.indexOf('}', start);
  const entry = text.slice(start, end < 0 ? undefined : end);
  return /"version":\s*"(\d+\.\d+\.\d+)"/.exec(entry)?.[1];
}

/** yarn.lock: `prisma@…:` (or `"prisma@…":`) entry headers, then `  version "6.14.0"` / `  version: 6.14.0` on the next line. */
function yarnLockedPrisma(text: string): string[] {
  const lines = text.split('\n');
  const versions: string[] = [];
  lines.forEach((line, index) => {
    const header = line.trimEnd();
    if (!(header.startsWith('prisma@') || header.startsWith('"prisma@')) || !header.endsWith(':')) return;
    const version = /^version:? "?(\d+\.\d+\.\d+)/.exec((lines[index + 1] ?? '').trim())?.[1];
    if (version) versions.push(version);
  });
  return versions;
}
