// Passes recorded under `<git common dir>/shipguard/required-build/`, one file per key, so pushing
// a tree that already built (at a push, or through `shipguard build`) does not build it again.
// Failures are never recorded. Build logs live beside them. Everything here is private to the user
// (0700/0600): a log can hold what a build printed, and a planted pass record would skip a build.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { processExists } from './process.js';
import { LOCKFILES } from '../../package-manager.js';
import { privateStateDir, tightenFile, writePrivateFile } from '../../private-files.js';

const KEEP_PASSES = 200;
const KEEP_LOGS = 20;

/** Files that say which dependencies are installed (npm, pnpm, yarn), then the lockfiles themselves. */
const INSTALL_STATE = [
  'node_modules/.package-lock.json',
  'node_modules/.modules.yaml',
  'node_modules/.yarn-state.yml',
  'node_modules/.yarn-integrity',
  ...LOCKFILES.map((lock) => lock.file),
];

export interface PassRecord {
  key: string;
  tree: string;
  commit: string;
  steps: string[];
  durationMs: number;
  finishedAt: string;
}

/**
 * What a pass depends on besides the tree: the installed dependencies (the tree holds the
 * lockfile, but a stale node_modules builds differently), read in the working tree where they live.
 */
export function installedDependenciesHash(dirs: readonly string[]): string {
  const hash = createHash('sha256');
  for (const dir of dirs) {
    for (const file of INSTALL_STATE) {
      const full = path.join(dir, file);
      if (!existsSync(full)) continue;
      hash.update(`${file}\0`).update(readFileSync(full));
    }
  }
  return hash.digest('hex');
}

export function cacheKey(parts: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify({ version: 1, ...parts })).digest('hex');
}

/** The recorded pass for `key`; a missing, unreadable or corrupt record is no pass (the build runs and rewrites it). */
export function findPass(commonDir: string, key: string): PassRecord | undefined {
  const dir = privateStateDir(commonDir, 'required-build', 'passes');
  const file = dir && path.join(dir, `${key}.json`);
  if (!file || !existsSync(file) || !tightenFile(file)) return undefined; // a record we cannot trust is no pass
  try {
    const record: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return isPassRecord(record) ? record : undefined;
  } catch {
    return undefined;
  }
}

function isPassRecord(value: unknown): value is PassRecord {
  const record = value as Partial<PassRecord> | null;
  return (
    typeof record === 'object' &&
    record !== null &&
    typeof record.commit === 'string' &&
    typeof record.tree === 'string' &&
    typeof record.finishedAt === 'string' &&
    Array.isArray(record.steps)
  );
}

export function recordPass(commonDir: string, record: PassRecord): void {
  const dir = privateStateDir(commonDir, 'required-build', 'passes');
  if (!dir) return;
  // Written then renamed: a concurrent reader sees the old record or the new one, never half of one.
  writePrivateFile(path.join(dir, `${record.key}.json`), `${JSON.stringify(record, null, 2)}\n`);
  pruneOldest(dir, KEEP_PASSES);
}

/**
 * A new log file path (its directory created, old logs pruned, never one a running build writes).
 * Where `.git/shipguard` is not ours (created by another user, e.g. under sudo), a private temporary
 * directory instead.
 */
export function newLogFile(commonDir: string, tree: string): string {
  const dir = privateStateDir(commonDir, 'required-build', 'logs') ?? mkdtempSync(path.join(tmpdir(), 'shipguard-log-'));
  pruneOldest(dir, KEEP_LOGS - 1, (name) => !processExists(Number(/-(\d+)\.log$/.exec(name)?.[1])));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return path.join(dir, `${stamp}-${tree.slice(0, 8)}-${process.pid}.log`);
}

function pruneOldest(dir: string, keep: number, removable: (name: string) => boolean = () => true): void {
  let entries: { file: string; mtime: number }[];
  try {
    entries = readdirSync(dir).map((name) => {
      const file = path.join(dir, name);
      tightenFile(file); // logs and records written before modes were set
      return { file, mtime: statSync(file).mtimeMs };
    });
  } catch {
    return;
  }
  entries = entries.filter(({ file }) => removable(path.basename(file)));
  if (entries.length <= keep) return;
  entries.sort((a, b) => b.mtime - a.mtime);
  for (const { file } of entries.slice(keep)) {
    try {
      unlinkSync(file);
    } catch {
      // another run pruned it first
    }
  }
}
