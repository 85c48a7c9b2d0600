// Node's compile cache (Node ≥ 22.8) makes every hook run faster, and whoever can write the cache
// decides what code the next run executes. shipguard keeps it in a directory only the user can write,
// beside the install, never in the shared temp folder; where Node has no compile cache it does nothing.
// These tests need a Node with module.enableCompileCache; on older Node they are skipped.
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installedProject } from '../helpers/installed.js';

const supported = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

describe.skipIf(!supported)('compile cache', () => {
  it('the compile cache is written only to node_modules/.cache/shipguard (mode 0700, the user\'s own), not a shared folder', () => {
    const { cache, run } = installedProject('shipguard-cc-', 'compile-cache');
    const first = run();
    expect(first.status).toBe(0);
    expect(first.stderr).toContain(`shipguard debug: compile cache ${cache}: status 1`);
    for (const dir of [cache, path.dirname(cache)]) {
      const stat = statSync(dir);
      expect(stat.mode & 0o777, dir).toBe(0o700);
      expect(stat.uid, dir).toBe(process.getuid!());
    }
    // Node's cache holds external packages only (our chunks compile through vm with code-cache.ts):
    // a run that loads none leaves at most Node's version directory here.
    expect(readdirSync(cache).length).toBeLessThanOrEqual(1);
    expect(run().status).toBe(0); // and a second run reads it back
  });

  it('a cache directory other users can write is not used', () => {
    const { cache, run } = installedProject('shipguard-cc-', 'compile-cache');
    mkdirSync(cache, { recursive: true });
    chmodSync(cache, 0o777);
    const result = run();
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`shipguard debug: compile cache ${cache}: not used (no private directory)`);
    expect(readdirSync(cache)).toEqual([]);
  });
});
