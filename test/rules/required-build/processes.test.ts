// Every process a build or a smoke test starts is stopped: after success, failure, timeout and
// Ctrl-C. Checked by pid (the fixtures record themselves and a helper child), by process group, and
// by the test's marker in the environment of every live process.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { CLI, testEnv } from '../../helpers/repo.js';
import { alive, freePort, project, serverSmoke, worktrees, type Project } from './helpers.js';

/** The recorded process groups have no live member left. */
function groupsGone(p: Project): void {
  const groups = new Set(
    readFileSync(p.pidFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => Number(line.split(' ')[1])),
  );
  for (const pgid of groups) {
    expect(pgid).toBeGreaterThan(1);
    expect(pgid).not.toBe(process.pid); // the server ran in its own group, not the test's
  }
  expect(p.pids().filter(alive)).toEqual([]);
}

describe('required-build stops what it starts', () => {
  it('kills a hanging build at its timeout, with the child it started', () => {
    const p = project({ rule: { commands: [['node', 'scripts/hang.mjs']], timeoutMs: 1500 } });
    const push = p.push();
    expect(push.code).not.toBe(0);
    expect(push.output).toContain('`node scripts/hang.mjs` did not finish within 1.5 s and was stopped with all its processes.');
    expect(push.output).toContain('compiling forever...');
    expect(push.output).toContain('required-build/timeout');
    expect(p.pids()).toHaveLength(2);
    expect(p.pids().filter(alive)).toEqual([]);
  });

  it('stops a healthy server and its helper child after the smoke test passes', async () => {
    const port = await freePort();
    const p = project({ rule: { commands: [['node', '-e', '']], smoke: serverSmoke(port) } });
    const push = p.push();
    expect(push.output).toContain('✔ required-build: smoke: node scripts/server.mjs passed');
    expect(push.code).toBe(0);
    expect(p.pids()).toHaveLength(2);
    groupsGone(p);
  });

  it('stops a server that never listens, at readyTimeoutMs, and says what it got', async () => {
    const port = await freePort();
    const p = project({ rule: { commands: [['node', '-e', '']], smoke: serverSmoke(port, { readyTimeoutMs: 1500 }, { SERVER_MODE: 'never-listen' }) } });
    const push = p.push();
    expect(push.code).not.toBe(0);
    expect(push.output).toContain(
      `\`node scripts/server.mjs\` did not answer http://127.0.0.1:${port}/health with a 2xx status within 1.5 s (last: connection refused); it was stopped.`,
    );
    expect(push.output).toContain('server starting in mode never-listen'); // its output is shown
    groupsGone(p);
  });

  it('refuses a server that only answers 503, naming the status', async () => {
    const port = await freePort();
    const p = project({ rule: { commands: [['node', '-e', '']], smoke: serverSmoke(port, { readyTimeoutMs: 1500 }, { SERVER_MODE: 'status-503' }) } });
    const push = p.push();
    expect(push.code).not.toBe(0);
    expect(push.output).toContain('within 1.5 s (last: HTTP 503)');
    expect(push.output).toContain('required-build/smoke-timeout');
    groupsGone(p);
  });

  it('accepts a configured status instead of 2xx', async () => {
    const port = await freePort();
    const p = project({
      rule: { commands: [['node', '-e', '']], smoke: serverSmoke(port, { expectStatus: [503] }, { SERVER_MODE: 'status-503' }) },
    });
    expect(p.push().code).toBe(0);
    groupsGone(p);
  });

  it('catches a crash right after the first good answer (a worker failing at start-up)', async () => {
    const port = await freePort();
    const p = project({ rule: { commands: [['node', '-e', '']], smoke: serverSmoke(port, { settleMs: 1000 }, { SERVER_MODE: 'crash-after-ready' }) } });
    const push = p.push();
    expect(push.code).not.toBe(0);
    expect(push.output).toContain(
      `\`node scripts/server.mjs\` exited with code 3 1.0 s after answering http://127.0.0.1:${port}/health: Error: worker queue connection lost during start-up`,
    );
    groupsGone(p);
  });

  it('reports a port already in use before starting the server', async () => {
    const port = await freePort();
    const squatter = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const p = project({ rule: { commands: [['node', '-e', '']], smoke: serverSmoke(port) } });
      const push = p.push();
      expect(push.code).not.toBe(0);
      expect(push.output).toContain(`Smoke test not started: 127.0.0.1:${port} is already in use by another process`);
      expect(push.output).toContain('required-build/port-in-use');
      expect(existsSync(p.pidFile)).toBe(false); // the server was never started
    } finally {
      squatter.close();
    }
  });

  it.each([
    ['in place', false],
    ['in a temporary worktree', true],
  ])('on Ctrl-C during the smoke step (%s), stops the server, cleans up and exits 130', async (_where, dirty) => {
    const port = await freePort();
    const p = project({
      rule: { commands: [['node', '-e', '']], smoke: serverSmoke(port, { readyTimeoutMs: 60_000 }, { SERVER_MODE: 'never-listen' }) },
    });
    if (dirty) p.repo.write('draft.txt', 'uncommitted\n');
    const child = spawn(process.execPath, [CLI, 'build'], { cwd: p.repo.dir, env: testEnv(p.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    // Wait until the server and its helper are up, then interrupt as a terminal would.
    for (let waited = 0; p.pids().length < 2 && waited < 30_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    expect(p.pids()).toHaveLength(2);
    const registered = worktrees(p.repo);
    expect(registered).toHaveLength(dirty ? 2 : 1);
    child.kill('SIGINT');

    expect(await exited).toBe(130);
    expect(output).toContain('shipguard: SIGINT: stopping the build and its processes');
    groupsGone(p);
    expect(worktrees(p.repo)).toHaveLength(1);
    for (const temporary of registered.slice(1)) expect(existsSync(temporary)).toBe(false);
  });
});
