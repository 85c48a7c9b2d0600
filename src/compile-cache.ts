// Node's on-disk compile cache (`module.enableCompileCache`, Node ≥ 22.8; absent on Node 20): a hook
// run then reuses V8's compiled code for shipguard's bundle instead of compiling it on every commit.
// The cache lives in a private directory beside the install, `node_modules/.cache/shipguard/
// compile-cache` (mode 0700, owned by the user), never in a shared temp folder: another user who
// could write the cache could change what runs in everyone's hooks.
import { existsSync, lstatSync, mkdirSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type EnableCompileCache = (directory: string) => { status: number; message?: string; directory?: string };

/** Turns the cache on for modules loaded from now on (external packages; our chunks use code-cache.ts); says why not under SHIPGUARD_DEBUG. */
export function enableCompileCache(entryUrl: string): void {
  const enable = (module as unknown as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
  if (typeof enable !== 'function') return;
  const dir = privateCacheDir(entryUrl, 'compile-cache');
  const result = dir.private ? enable(dir.path!) : undefined;
  if (process.env.SHIPGUARD_DEBUG) {
    const what = result ? `status ${result.status}${result.message ? ` (${result.message})` : ''}` : 'not used (no private directory)';
    process.stderr.write(`shipguard debug: compile cache ${dir.path ?? '-'}: ${what}\n`);
  }
}

/** `node_modules/.cache/shipguard/<name>` for this install, created 0700; `private` only when it is the user's alone. */
export function privateCacheDir(entryUrl: string, name: string): { path: string | undefined; private: boolean } {
  const dir = cacheDir(fileURLToPath(entryUrl), name);
  return { path: dir, private: dir !== undefined && isPrivateDir(dir) };
}

/**
 * `<project>/node_modules/.cache/shipguard/<name>` for an installed shipguard (the outermost
 * node_modules: npm, pnpm and nested installs alike); `<checkout>/node_modules/…` for a checkout of
 * shipguard itself; undefined when there is no node_modules folder to put it in.
 */
function cacheDir(entry: string, name: string): string | undefined {
  const parts = entry.split(path.sep);
  const index = parts.indexOf('node_modules');
  const modules = index > 0 ? parts.slice(0, index + 1).join(path.sep) : path.join(path.dirname(path.dirname(entry)), 'node_modules');
  return existsSync(modules) ? path.join(modules, '.cache', 'shipguard', name) : undefined;
}

/** Creates the directory (0700) and checks that it and `shipguard/` are ours alone, and `.cache/` is not writable by others. */
function isPrivateDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (process.platform === 'win32') return true; // ACLs, not mode bits: the user's own profile or project folder
    const uid = process.getuid?.();
    for (const owned of [dir, path.dirname(dir)]) {
      const stat = lstatSync(owned);
      if (!stat.isDirectory() || stat.uid !== uid || (stat.mode & 0o077) !== 0) return false;
    }
    const shared = lstatSync(path.dirname(path.dirname(dir)));
    return shared.isDirectory() && (shared.mode & 0o002) === 0;
  } catch {
    return false; // read-only install (a global one owned by root): run without the cache
  }
}
