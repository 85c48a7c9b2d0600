// "shipguard never writes the index": a required-build run checks whether the working tree is clean
// (git status), which would rewrite .git/index to refresh stale stat data unless optional locks are off.
import { readFileSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { project } from './helpers.js';

describe('required-build and the index', () => {
  it('leaves .git/index byte-for-byte unchanged when a tracked file was touched but not changed', () => {
    const p = project({ scripts: { build: 'node scripts/count-build.mjs' } });
    const indexFile = path.join(p.repo.gitOk(['rev-parse', '--absolute-git-dir']), 'index');
    // Same content, newer mtime: the index's stat data is stale, so a plain `git status` would refresh it.
    const later = new Date(Date.now() + 5_000);
    utimesSync(p.repo.path('package.json'), later, later);
    const before = readFileSync(indexFile);
    const push = p.push();
    expect(push.code).toBe(0);
    expect(push.output).toContain('✔ required-build: npm run build passed');
    expect(p.builds()).toBe(1);
    expect(readFileSync(indexFile).equals(before)).toBe(true);
  });
});
