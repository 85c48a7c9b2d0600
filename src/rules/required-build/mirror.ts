// A node_modules folder for a temporary worktree that reads like the developer's but is not theirs:
// a real directory (and real `.bin` and `@scope` directories) holding one symlink per installed
// package and copies of the small state files. Whatever a package manager or a build writes at
// that level (a reinstall, `.vite-temp`, a `.cache`) lands in the worktree, never in the
// developer's folder, and links into the repository (workspace packages, `file:` dependencies)
// point at the pushed tree instead of the working tree.
import { copyFileSync, lstatSync, mkdirSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { linkPath } from '../../windows.js';

/** Tool caches written by builds: they start empty in the worktree, as in CI. */
const CACHES = new Set(['.cache', '.vite', '.vite-temp', '.vitest']);

export interface MirrorPlaces {
  /** The developer's repository root and the temporary worktree's. */
  repoRoot: string;
  worktreeRoot: string;
}

/** Mirrors `source` (a node_modules folder under repoRoot) to the same place under worktreeRoot. */
export function mirrorModules(source: string, places: MirrorPlaces): void {
  const target = path.join(places.worktreeRoot, path.relative(places.repoRoot, source));
  mirrorDir(source, target, places, true);
}

function mirrorDir(source: string, target: string, places: MirrorPlaces, top: boolean): void {
  mkdirSync(target);
  for (const name of readdirSync(source)) {
    if (top && CACHES.has(name)) continue;
    const from = path.join(source, name);
    const to = path.join(target, name);
    const stat = lstatSync(from);
    if (stat.isSymbolicLink()) linkPath(linkTarget(from, to, places), to);
    else if (stat.isFile()) copyFileSync(from, to);
    // `.bin` and scopes hold links the build resolves relative to themselves: recreate them too.
    else if (stat.isDirectory() && top && (name === '.bin' || name.startsWith('@'))) mirrorDir(from, to, places, false);
    else if (stat.isDirectory()) linkPath(from, to);
  }
}

/**
 * Where the copy of the link at `from` points: a place inside the repository is the same place in
 * the worktree (the pushed tree's version of a workspace package, or a missing file, as in CI);
 * anything outside stays where it was.
 */
function linkTarget(from: string, to: string, places: MirrorPlaces): string {
  const pointsAt = path.resolve(path.dirname(from), readlinkSync(from));
  const inRepo = path.relative(places.repoRoot, pointsAt);
  if (inRepo.startsWith('..') || path.isAbsolute(inRepo)) return pointsAt;
  return path.relative(path.dirname(to), path.join(places.worktreeRoot, inRepo)) || '.';
}
