// What a developer sees while required-build runs: a live spinner with the elapsed time on a
// terminal, plain start/end lines elsewhere.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, testEnv } from '../../helpers/repo.js';
import { project } from './helpers.js';

const SLOW_STEP = ['node', '-e', 'setTimeout(() => {}, 800)'];

describe('required-build progress output', () => {
  it('on a terminal, redraws one progress line with a spinner and the elapsed time', () => {
    const p = project({ rule: { commands: [SLOW_STEP] } });
    // util-linux `script` gives the command a real pseudo-terminal.
    const run = spawnSync('script', ['-qec', `${process.execPath} ${CLI} build`, '/dev/null'], { cwd: p.repo.dir, env: testEnv(p.env), encoding: 'utf8' });
    expect(run.status).toBe(0);
    const redraws = run.stdout.match(/\r\x1b\[K[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] required-build: node -e "setTimeout\(\(\) => \{\}, 800\)"  \d+\.\d s/g) ?? [];
    expect(redraws.length).toBeGreaterThan(3); // redrawn every 100 ms
    expect(run.stdout).toMatch(/\r\x1b\[K✔ required-build: node -e "setTimeout\(\(\) => \{\}, 800\)" passed in \d+\.\d s\r?\n/);
  });

  it('elsewhere (CI, pipes), prints one line when a step starts and one when it ends', () => {
    const p = project({ rule: { commands: [SLOW_STEP] } });
    const run = p.repo.shipguard(['build'], { env: p.env });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('\r');
    expect(run.stderr.split('\n')).toEqual([
      expect.stringMatching(/^required-build: building [0-9a-f]{8} in place \(the working tree is clean and at the pushed commit\)$/),
      'required-build: node -e "setTimeout(() => {}, 800)" …',
      expect.stringMatching(/^✔ required-build: node -e "setTimeout\(\(\) => \{\}, 800\)" passed in \d+\.\d s$/),
      '',
    ]);
  });
});
