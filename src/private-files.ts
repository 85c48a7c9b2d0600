// Files shipguard keeps for itself (build logs, pass records, compiled configs, fingerprint caches)
// live under `<git common dir>/shipguard/` and are private to the user: directories 0700, files
// 0600. Build logs can hold credentials a build printed, and a cache another local user could write
// would let them decide what runs (a compiled config) or what passes (a pass record, a baseline match).
import { chmodSync, createWriteStream, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
/** Group and others: no bit may be set on a private file or directory. */
const SHARED_BITS = 0o077;
const POSIX = process.platform !== 'win32';

/**
 * `<git common dir>/shipguard/<parts…>`, created with mode 0700 (existing directories with looser
 * modes are tightened). Undefined when a directory on the way is not ours (another user's, or a
 * symlink): callers then neither trust nor write a cache there.
 */
export function privateStateDir(commonDir: string, ...parts: string[]): string | undefined {
  const top = path.join(commonDir, 'shipguard');
  const dir = path.join(top, ...parts);
  try {
    mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  } catch {
    return undefined; // e.g. `.git/shipguard` created by another user (a `sudo` run)
  }
  if (!POSIX) return dir;
  for (let current = dir; ; current = path.dirname(current)) {
    if (!makePrivate(current, true)) return undefined;
    if (current === top) return dir;
  }
}

/** Tightens a file we are about to reuse (a log or cache written before modes were set). */
export function tightenFile(file: string): boolean {
  return !POSIX || makePrivate(file, false);
}

/** Writes `content` atomically (temporary file, then rename) with mode 0600. */
export function writePrivateFile(file: string, content: string | Buffer): void {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  // `wx`: never follows or reuses a file someone placed at the temporary name.
  writeFileSync(temporary, content, { mode: FILE_MODE, flag: 'wx' });
  try {
    renameSync(temporary, file);
  } catch (error) {
    unlinkSync(temporary);
    throw error;
  }
}

/** A new file (it must not exist yet) opened for appending, mode 0600. */
export function privateWriteStream(file: string): WriteStream {
  return createWriteStream(file, { mode: FILE_MODE, flags: 'wx' });
}

/** True when `target` is a real file/directory owned by us, after removing group/other bits. */
function makePrivate(target: string, directory: boolean): boolean {
  let stat;
  try {
    stat = lstatSync(target);
  } catch {
    return false;
  }
  if (stat.isSymbolicLink() || stat.isDirectory() !== directory) return false;
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return false;
  if ((stat.mode & SHARED_BITS) === 0) return true;
  try {
    chmodSync(target, directory ? DIR_MODE : FILE_MODE);
    return true;
  } catch {
    return false;
  }
}

/** Keeps the `keep` most recently used `.json` entries of a cache directory (readers touch what they use), removes the rest. */
export function pruneOldest(dir: string, keep: number): void {
  const entries = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ file: path.join(dir, name), mtime: statSync(path.join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { file } of entries.slice(keep)) rmSync(file, { force: true });
}
