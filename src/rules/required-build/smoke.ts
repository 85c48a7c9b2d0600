// The smoke step: start the server from the built tree, poll its health URL (or port) until it
// answers as expected, let it run a moment longer (start-up crashes of workers), then stop its
// whole process group. Incident 1: a server that compiled but died with MODULE_NOT_FOUND.
import { ShipguardError } from '../../errors.js';
import type { Finding } from '../../types.js';
import { describeCommand, SMOKE_DEFAULTS, type SmokeOptions } from './options.js';
import type { BuildLog } from './output.js';
import { keyErrorLine, relativize, seconds } from './output.js';
import { describeExit, sleep, start, type Exit } from './process.js';
import { now } from '../../clock.js';

const POLL_MS = 200;
const PROBE_TIMEOUT_MS = 2_000;

export interface SmokeRequest {
  smoke: SmokeOptions;
  /** Directory the start command runs in. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  log: BuildLog;
  /** Where the tree is checked out, to shorten paths in messages. */
  checkoutRoot: string;
}

interface Endpoint {
  host: string;
  port: number;
  url?: URL;
  label: string;
}

type Probe = { ready: true } | { ready: false; last: string };

export async function smokeTest(request: SmokeRequest): Promise<Finding | undefined> {
  const { smoke, log } = request;
  const endpoint = endpointOf(smoke);
  const label = `\`${describeCommand(smoke.start)}\``;
  if (await portAnswers(endpoint)) {
    return {
      kind: 'port-in-use',
      message: `Smoke test not started: ${endpoint.host}:${endpoint.port} is already in use by another process, so an answer there would prove nothing.`,
      hint: 'Stop what listens there (a dev server?), or give the smoke test a port of its own: set smoke.env.PORT and the port in smoke.url (e.g. 3999).',
    };
  }
  const server = start(smoke.start, { cwd: request.cwd, env: { ...request.env, ...smoke.env }, onOutput: log.write });
  let exit: Exit | undefined;
  const exited = server.exited.then((value) => (exit = value));
  const readyTimeoutMs = smoke.readyTimeoutMs ?? SMOKE_DEFAULTS.readyTimeoutMs;
  const started = now();
  try {
    let probe: Probe = { ready: false, last: 'no answer yet' };
    while (!exit && now() - started < readyTimeoutMs) {
      probe = await check(endpoint, smoke);
      if (probe.ready || exit) break;
      await Promise.race([exited, sleep(POLL_MS)]);
    }
    if (exit) return died(request, label, exit, `before ${endpoint.label} answered`);
    if (!probe.ready) {
      return {
        kind: 'smoke-timeout',
        message: `${label} did not answer ${endpoint.label} with ${expected(smoke)} within ${seconds(readyTimeoutMs)} (last: ${probe.last}); it was stopped.`,
        hint: 'Start it yourself from a fresh build and request the URL. If it is just slow to start, raise smoke.readyTimeoutMs; if it listens elsewhere, fix smoke.url and smoke.env.PORT.',
      };
    }
    return await settle(request, endpoint, label, exited, () => exit);
  } finally {
    await server.stop();
  }
}

/** A good first answer is not enough: workers that crash during start-up do so a moment later. */
async function settle(
  request: SmokeRequest,
  endpoint: Endpoint,
  label: string,
  exited: Promise<unknown>,
  exit: () => Exit | undefined,
): Promise<Finding | undefined> {
  const settleMs = request.smoke.settleMs ?? SMOKE_DEFAULTS.settleMs;
  if (settleMs === 0) return undefined;
  await Promise.race([exited, sleep(settleMs)]);
  const after = exit();
  if (after) return died(request, label, after, `${seconds(settleMs)} after answering ${endpoint.label}`);
  const probe = await check(endpoint, request.smoke);
  if (probe.ready) return undefined;
  return {
    kind: 'smoke-timeout',
    message: `${label} answered ${endpoint.label}, then stopped answering as expected within ${seconds(settleMs)} (last: ${probe.last}).`,
    hint: 'Start it yourself and watch its output for a moment: something fails shortly after start-up.',
  };
}

function died(request: SmokeRequest, label: string, exit: Exit, when: string): Finding {
  const lines = request.log.lines().map((line) => relativize(line, request.checkoutRoot));
  const status = describeExit(exit, 'exited with code');
  const cause = keyErrorLine(lines);
  const missingModule = cause && /MODULE_NOT_FOUND|Cannot find (module|package)/.test(cause);
  return {
    kind: 'smoke-exit',
    message: `${label} ${status} ${when}${cause ? `: ${cause}` : ''}`,
    hint: missingModule
      ? 'A module the compiled code imports does not exist at runtime: a path alias (`@/…`) that tsc leaves as is (use relative imports, or rewrite aliases at build time), or a package missing from dependencies.'
      : 'Build and start it yourself (the output above shows why it stopped), fix the start-up error, commit and push again.',
  };
}

/** Where the server is expected to answer; throws on a URL that cannot be polled (checked before any build). */
export function endpointOf(smoke: SmokeOptions): Endpoint {
  if (smoke.url !== undefined) {
    let url: URL;
    try {
      url = new URL(smoke.url);
    } catch {
      throw new ShipguardError(`required-build.smoke.url "${smoke.url}" is not a URL (expected e.g. http://127.0.0.1:3000/health)`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ShipguardError(`required-build.smoke.url "${smoke.url}" must be an http:// or https:// URL`);
    }
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    return { host: url.hostname.replace(/^\[|\]$/g, ''), port, url, label: url.href };
  }
  const host = smoke.host ?? SMOKE_DEFAULTS.host;
  return { host, port: smoke.port!, label: `${host}:${smoke.port}` };
}

function expected(smoke: SmokeOptions): string {
  if (smoke.url === undefined) return 'a TCP connection';
  const status = smoke.expectStatus;
  if (status === undefined) return 'a 2xx status';
  return `status ${Array.isArray(status) ? status.join(' or ') : status}`;
}

function statusAccepted(status: number, smoke: SmokeOptions): boolean {
  const wanted = smoke.expectStatus;
  if (wanted === undefined) return status >= 200 && status < 300;
  return Array.isArray(wanted) ? wanted.includes(status) : status === wanted;
}

async function check(endpoint: Endpoint, smoke: SmokeOptions): Promise<Probe> {
  if (!endpoint.url) return (await portAnswers(endpoint)) ? { ready: true } : { ready: false, last: 'connection refused' };
  const answer = await request(endpoint.url);
  if (typeof answer === 'number') return statusAccepted(answer, smoke) ? { ready: true } : { ready: false, last: `HTTP ${answer}` };
  return { ready: false, last: answer };
}

/** The status code, or what went wrong (`ECONNREFUSED`, `timeout`). */
async function request(url: URL): Promise<number | string> {
  // Loaded on first use, not on every hook run (https pulls in tls).
  const client = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise((resolve) => {
    // Health checks of a local server: no keep-alive, and a self-signed certificate is not our concern.
    const req = client.get(url, { agent: false, timeout: PROBE_TIMEOUT_MS, rejectUnauthorized: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 2 s')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? 'connection refused' : (error.code ?? error.message)));
  });
}

async function portAnswers({ host, port }: Endpoint): Promise<boolean> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
