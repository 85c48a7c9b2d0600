// A failing build prints the path of its full log. Every build prunes the log folder to the newest
// 20 when it starts, so builds running in parallel (two pushes, `shipguard build` in another
// terminal, a CI matrix on one machine) deleted the log of a build still running, which then
// pointed the developer at a file that did not exist.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, testEnv } from '../helpers/repo.js';
import { project } from '../rules/required-build/helpers.js';

// Fails at once, or, with RELEASE_FILE, says it started and fails when that file appears.
const FAIL_AFTER = `import { existsSync, writeFileSync } from 'node:fs';
const release = process.env.RELEASE_FILE;
if (release) {
  writeFileSync(release + '.started', '');
  while (!existsSync(release)) await new Promise((resolve) => setTimeout(resolve, 50));
}
console.error('Error: the build broke');
process.exit(1);
`;

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** `shipguard build` in the background: its exit code and everything it printed. */
function buildInBackground(dir: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [CLI, 'build'], { cwd: dir, env: testEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}

describe('build logs', () => {
  it('a failing build prints a log path that still exists after 20 builds ran beside it', async () => {
    const p = project({ rule: { commands: [['node', 'scripts/fail-after.mjs']] } });
    p.repo.write('scripts/fail-after.mjs', FAIL_AFTER);
    p.repo.commitAll('a build that fails');
    const release = path.join(path.dirname(p.counterFile), 'release');

    const slow = buildInBackground(p.repo.dir, { ...p.env, RELEASE_FILE: release });
    await until(() => existsSync(`${release}.started`));
    // 19 at once, then one more: that one finds 20 logs besides its own and prunes the oldest.
    const beside = await Promise.all(Array.from({ length: 19 }, () => buildInBackground(p.repo.dir, p.env)));
    beside.push(await buildInBackground(p.repo.dir, p.env));
    expect(beside.map((build) => build.code)).toEqual(Array(20).fill(1));
    writeFileSync(release, '');

    const { code, output } = await slow;
    expect(code).toBe(1);
    const printed = /Full log: (\S+\.log)/.exec(output)?.[1];
    expect(printed, output).toMatch(/^\.git\/shipguard\/required-build\/logs\//);
    expect(existsSync(path.join(p.repo.dir, printed!))).toBe(true);
  }, 180_000);
});
