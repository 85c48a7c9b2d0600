// V8's code cache for the CLI's chunks (src/code-cache.ts) works on every Node version, Node 20
// included: a run stores the compiled code, the next run uses it. Whoever can write those bytes
// decides what the next hook run executes, so they live only in a directory the user alone can
// write, beside the install; a cache that is shared, linked elsewhere or damaged is never used, and
// no cache problem ever fails a run.
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installedProject } from '../helpers/installed.js';
import { fixture, installPrismaIn } from '../helpers/prisma.js';
import { edit, tempDir } from '../helpers/repo.js';

const cacheFiles = (cache: string) => (existsSync(cache) ? readdirSync(cache).filter((name) => name.endsWith('.bin')) : []);

describe('code cache for the CLI chunks', () => {
  it('the first run stores the compiled chunks in node_modules/.cache/shipguard (0700, files 0600); the second run uses them', () => {
    const { cache, run } = installedProject('shipguard-code-cache-', 'code-cache');
    const first = run();
    expect(first.status).toBe(0);
    expect(first.stderr).toContain('shipguard debug: code cache core.cjs: none yet, writing');
    const stat = statSync(cache);
    expect(stat.mode & 0o777).toBe(0o700);
    expect(stat.uid).toBe(process.getuid!());
    const files = cacheFiles(cache);
    expect(files.some((name) => name.startsWith('core.cjs.'))).toBe(true);
    for (const file of files) expect(statSync(path.join(cache, file)).mode & 0o777, file).toBe(0o600);

    const second = run();
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('shipguard pre-commit');
    expect(second.stderr).toContain('shipguard debug: code cache core.cjs: used');
    expect(cacheFiles(cache)).toEqual(files); // nothing rewritten, nothing piled up
  });

  it("a run that loaded Prisma's schema engine (which changes V8's wasm flags) stores bytes the next run uses", () => {
    const { project, git, run } = installedProject('shipguard-code-cache-', 'code-cache');
    installPrismaIn(path.join(project, 'node_modules'), '7.10.0');
    writeFileSync(path.join(project, '.shipguardrc.json'), JSON.stringify({ rules: { 'prisma-migration': 'error' } }));
    mkdirSync(path.join(project, 'prisma', 'migrations', '20240101000000_init'), { recursive: true });
    writeFileSync(path.join(project, 'prisma', 'migrations', '20240101000000_init', 'migration.sql'), 'SELECT 1;\n');
    writeFileSync(path.join(project, 'prisma', 'schema.prisma'), fixture('tenant', 'schema.prisma'));
    git('add', '-A');
    git('commit', '-q', '-m', 'tenant schema');
    // A unique index: a change the engine decides (a String -> enum change is decided from the datamodels at a hook).
    writeFileSync(path.join(project, 'prisma', 'schema.prisma'), edit(fixture('tenant', 'schema.prisma'), '  name      String\n', '  name      String   @unique\n'));
    git('add', '-A');
    const first = run();
    expect(first.status).toBe(1);
    expect(first.stdout).toContain('prisma-migration/missing-migration');
    expect(first.stderr).toContain('shipguard debug: loaded @prisma/schema-engine-wasm');
    expect(first.stderr).toContain('shipguard debug: code cache prisma-migration.cjs: none yet, writing');
    const second = run();
    expect(second.status).toBe(1);
    expect(second.stdout).toContain('prisma-migration/missing-migration');
    expect(second.stderr).toContain('shipguard debug: code cache prisma-migration.cjs: used');
    expect(second.stderr).not.toContain('rejected');
  });

  it('other commands (--version, --help) use the bytes but never store them: the next pre-commit stores its own', () => {
    const { cache, run } = installedProject('shipguard-code-cache-', 'code-cache');
    for (const args of [['--version'], ['pre-commit', '--help']]) {
      const other = run(args);
      expect(other.status).toBe(0);
      expect(other.stderr).toContain('shipguard debug: code cache core.cjs: none yet (stored by the checks only)');
      expect(cacheFiles(cache)).toEqual([]);
    }
    expect(run().stderr).toContain('shipguard debug: code cache core.cjs: none yet, writing');
    expect(run(['--version']).stderr).toContain('shipguard debug: code cache core.cjs: used');
  });

  it('damaged cache bytes are rejected and rewritten; the run still passes', () => {
    const { cache, run } = installedProject('shipguard-code-cache-', 'code-cache');
    expect(run().status).toBe(0);
    const core = cacheFiles(cache).find((name) => name.startsWith('core.cjs.'))!;
    writeFileSync(path.join(cache, core), Buffer.alloc(4096, 7));
    const damaged = run();
    expect(damaged.status).toBe(0);
    expect(damaged.stderr).toContain('shipguard debug: code cache core.cjs: rejected, writing');
    expect(run().stderr).toContain('shipguard debug: code cache core.cjs: used');
  });

  it('a chunk changed in place (same length: V8 checks only that) runs its new code, and its old bytes are removed', () => {
    const { cache, core, run } = installedProject('shipguard-code-cache-', 'code-cache');
    expect(run().status).toBe(0);
    const before = cacheFiles(cache).filter((name) => name.startsWith('core.cjs.'));
    const source = readFileSync(core, 'utf8');
    const edited = source.replace('} passed${suppressed}', '} PASSED${suppressed}');
    expect(edited.length).toBe(source.length);
    writeFileSync(core, edited);
    const result = run();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('shipguard pre-commit: 1 rule PASSED');
    expect(result.stderr).toContain('shipguard debug: code cache core.cjs: none yet, writing');
    const after = cacheFiles(cache).filter((name) => name.startsWith('core.cjs.'));
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
  });

  it('a cache directory other users can write is not used, and nothing is written to it', () => {
    const { cache, run } = installedProject('shipguard-code-cache-', 'code-cache');
    mkdirSync(cache, { recursive: true });
    chmodSync(cache, 0o777);
    const result = run();
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`shipguard debug: code cache ${cache}: not used (no private directory)`);
    expect(readdirSync(cache)).toEqual([]);
  });

  it('a cache directory that links to a shared folder is not used, and nothing is written there', () => {
    const { cache, run } = installedProject('shipguard-code-cache-', 'code-cache');
    const shared = tempDir('shipguard-shared-');
    chmodSync(shared, 0o700);
    mkdirSync(path.dirname(cache), { recursive: true, mode: 0o700 });
    symlinkSync(shared, cache, 'dir');
    const result = run();
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`shipguard debug: code cache ${cache}: not used (no private directory)`);
    expect(readdirSync(shared)).toEqual([]);
  });

  it.skipIf(process.getuid?.() !== 0)('a cache directory owned by another user is not used (as root: chown to nobody)', () => {
    const { cache, run } = installedProject('shipguard-code-cache-', 'code-cache');
    expect(run().status).toBe(0);
    chownSync(cache, 65534, 65534);
    const result = run();
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`shipguard debug: code cache ${cache}: not used (no private directory)`);
    expect(result.stderr).not.toContain('code cache core.cjs: used');
  });
});
