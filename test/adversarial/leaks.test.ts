// Attacks on what shipguard prints and keeps: a build or a server that prints a credential, a config
// error that quotes a .env file, build logs other local users can read.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ES module shared with the benchmarks
import { checksummed, rng } from '../fixtures/secrets/tokens.mjs';
import { createRepo, PACKAGE_ROOT, tempDir, type TestRepo } from '../helpers/repo.js';
import { project, type Project } from '../rules/required-build/helpers.js';

// Built at run time so this file holds no scannable credential.
const PASSWORD = ['Zq9x', 'T7mK', '2pW4'].join('');
const DATABASE_URL = ['postgres', '://admin:', PASSWORD, '@db.internal:5432/app'].join('');
/** The secrets rule's preview: the first length/6 characters (at most 6) and the length. */
const REDACTED_URL = ['postgres', '://admin:', 'Zq…(12 chars)', '@db.internal:5432/app'].join('');
const TOKEN: string = checksummed(rng(7), ['gh', 'p_'].join(''));
const REDACTED_TOKEN = `${TOKEN.slice(0, 6)}…(40 chars)`;

const mode = (file: string) => statSync(file).mode & 0o777;

/** A project whose build prints a connection string with its password, then fails. */
function leakyBuild(): { p: Project; base: string } {
  const script = 'console.log("connecting to " + process.env.LEAK_URL); throw new Error("cannot reach " + process.env.LEAK_URL);';
  const p = project({ rule: { commands: [['node', '-e', script]] } });
  const base = p.repo.gitOk(['rev-parse', 'HEAD']);
  p.repo.write('src/app.js', 'export const app = 1;\n');
  p.repo.commitAll('app');
  p.env.LEAK_URL = DATABASE_URL;
  return { p, base };
}

describe('secrets printed by a build are redacted', () => {
  it.each(['pretty', 'json', 'sarif', 'github'])('a failing build printing a postgres:// password does not show it in %s output', (format) => {
    const { p, base } = leakyBuild();
    const run = p.repo.shipguard(['ci', '--base', base, '--format', format], { env: p.env });
    expect(run.code).toBe(1);
    expect(run.output).not.toContain(PASSWORD);
    expect(run.stdout).toContain(`cannot reach ${REDACTED_URL}`); // the finding (uploaded in SARIF)
    expect(run.stderr).toContain(`connecting to ${REDACTED_URL}`); // the build's tail
  });

  it('a server that prints a GitHub token while dying at start-up does not show it', () => {
    const script = 'console.error("Error: bad credentials for " + process.env.LEAK_TOKEN); process.exit(1);';
    const p = project({ rule: { smoke: { start: ['node', '-e', script], port: 1, settleMs: 0 } } });
    const run = p.repo.shipguard(['build'], { env: { ...p.env, LEAK_TOKEN: TOKEN } });
    expect(run.code).toBe(1);
    expect(run.output).not.toContain(TOKEN);
    expect(run.stdout).toContain(`Error: bad credentials for ${REDACTED_TOKEN}`);
  });

  it('a failing build that prints a private key shows none of its body lines', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const body = privateKey.trim().split('\n').slice(1, -1);
    const p = project({ rule: { commands: [['node', '-e', 'console.error("loaded key:\\n" + process.env.LEAK_KEY); process.exit(1);']] } });
    const run = p.repo.shipguard(['build'], { env: { ...p.env, LEAK_KEY: privateKey } });
    expect(run.code).toBe(1);
    for (const line of body) expect(run.output).not.toContain(line.slice(0, 24));
    expect(run.stderr).toContain(`  │ -----BEGIN RSA PRIVATE KEY-----\n  │ ${body[0]!.slice(0, 6)}…(400 chars)\n  │ …\n`);
  });

  it('a smoke URL with a password in the config is not echoed by the config error', () => {
    const url = ['ftp', '://deploy:', PASSWORD, '@127.0.0.1/health'].join('');
    const p = project({ rule: { smoke: { start: 'node server.js', url } } });
    const run = p.repo.shipguard(['build'], { env: p.env });
    expect(run.code).toBe(2);
    expect(run.output).not.toContain(PASSWORD);
    expect(run.stderr).toContain(`"ftp://deploy:Zq…(12 chars)@127.0.0.1/health" must be an http:// or https:// URL`);
  });
});

describe('config errors do not echo secrets', () => {
  it('--config .env holding a GitHub token does not print the token (not even cut short)', () => {
    const repo = createRepo();
    // A long name: a message cut at 60 characters used to keep most of the token and lose its checksum.
    repo.write('.env', `MY_GITHUB_PERSONAL_ACCESS_TOKEN=${TOKEN}\n`);
    const run = repo.shipguard(['print-config', '--config', '.env']);
    expect(run.code).toBe(2);
    expect(run.output).not.toContain(TOKEN.slice(4, 20));
    expect(run.stderr).toBe(`shipguard: config error in .env: the config must be an object (got "MY_GITHUB_PERSONAL_ACCESS_TOKEN=${REDACTED_TOKEN}")\n`);
  });
});

describe('files shipguard keeps are private', () => {
  it('build logs and pass records are 0600 in 0700 directories, and loose ones from older runs are tightened', () => {
    const { p, base } = leakyBuild();
    const logs = path.join(p.repo.path('.git'), 'shipguard', 'required-build', 'logs');
    mkdirSync(logs, { recursive: true, mode: 0o755 });
    chmodSync(path.join(p.repo.path('.git'), 'shipguard'), 0o755);
    const old = path.join(logs, '2020-01-01T00-00-00-000Z-00000000-1.log');
    writeFileSync(old, 'old log\n', { mode: 0o644 });
    expect(p.repo.shipguard(['ci', '--base', base], { env: p.env }).code).toBe(1);
    const written = readdirSync(logs).filter((name) => name !== path.basename(old));
    expect(written).toHaveLength(1);
    expect(mode(path.join(logs, written[0]!))).toBe(0o600);
    expect(mode(old)).toBe(0o600);
    for (const dir of ['shipguard', 'shipguard/required-build', 'shipguard/required-build/logs']) expect(mode(p.repo.path('.git', dir))).toBe(0o700);

    const passing = project({ rule: { commands: [['node', '-e', '0']] } });
    expect(passing.repo.shipguard(['build'], { env: passing.env }).code).toBe(0);
    const passes = passing.repo.path('.git', 'shipguard', 'required-build', 'passes');
    expect(mode(passes)).toBe(0o700);
    expect(readdirSync(passes).map((name) => mode(path.join(passes, name)))).toEqual([0o600]);
  });
});

const TS_CONFIG = `import { defineConfig } from 'shipguard';
import { limits } from './limits';

const maxLines: number = limits.maxLines;
export default defineConfig({ extends: ['shipguard/presets/recommended'], rules: { 'commit-size': ['error', { maxLines }] } });
`;

/** A repository with a TypeScript config (importing `./limits.ts` when asked) and a staged file. */
function tsConfigRepo(localImport: boolean): TestRepo {
  const repo = createRepo({ init: false });
  repo.write('limits.ts', 'export const limits: { maxLines: number } = { maxLines: 5 };\n');
  repo.write('shipguard.config.ts', localImport ? TS_CONFIG : TS_CONFIG.replace("import { limits } from './limits';\n", 'const limits = { maxLines: 5 };\n'));
  repo.commitAll('config');
  repo.write('notes.md', 'one\n');
  repo.gitOk(['add', 'notes.md']);
  return repo;
}

const maxLinesOf = (repo: TestRepo, env: NodeJS.ProcessEnv) => JSON.parse(repo.shipguard(['print-config'], { env }).stdout).rules['commit-size'][1].maxLines;

describe('TypeScript configs are never loaded from a shared cache', () => {
  it('a compiled config planted in the shared os.tmpdir()/jiti is never executed', async () => {
    const repo = tsConfigRepo(false);
    const tmp = tempDir('shipguard-tmp-');
    const marker = path.join(tmp, 'planted-code-ran');
    // Let jiti write the entry it would look for, then swap the code and keep jiti's validity marker.
    const { createJiti } = createRequire(path.join(PACKAGE_ROOT, 'package.json'))('jiti') as typeof import('jiti');
    await createJiti(path.join(PACKAGE_ROOT, 'dist', 'cli.js'), { fsCache: path.join(tmp, 'jiti') }).import(repo.path('shipguard.config.ts'));
    const [entry] = readdirSync(path.join(tmp, 'jiti'));
    const planted = path.join(tmp, 'jiti', entry!);
    const stamp = readFileSync(planted, 'utf8').match(/ \/\* v[\w-]+ \*\/\n$/)![0];
    writeFileSync(planted, `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran'); exports.default = {};${stamp}`);

    const env = { TMPDIR: tmp };
    expect(maxLinesOf(repo, env)).toBe(5);
    expect(existsSync(marker)).toBe(false);
    expect(repo.shipguard(['pre-commit'], { env }).code).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(readdirSync(path.join(tmp, 'jiti'))).toEqual([entry]);
  });

  it('a warm run of a .ts config loads no jiti and writes nothing to os.tmpdir(); the compiled config is private', () => {
    const repo = tsConfigRepo(false);
    const tmp = tempDir('shipguard-tmp-');
    const env = { TMPDIR: tmp, SHIPGUARD_DEBUG: '1' };
    const cold = repo.shipguard(['pre-commit'], { env });
    expect(cold.code).toBe(0);
    expect(cold.stderr).toMatch(/loaded jiti in \d+ ms/);
    const warm = repo.shipguard(['pre-commit'], { env });
    expect(warm.code).toBe(0);
    expect(warm.stderr).not.toContain('jiti');
    expect(readdirSync(tmp)).toEqual([]);
    const cache = repo.path('.git', 'shipguard', 'config');
    expect(mode(cache)).toBe(0o700);
    expect(readdirSync(cache).map((name) => mode(path.join(cache, name)))).toEqual([0o600]);
  });

  // The entry's file name is a short hash: what it was compiled from is checked, so a colliding or
  // stale entry is compiled again rather than run.
  it('a cached compiled config made from another text is not run: the config is compiled again', () => {
    const repo = tsConfigRepo(false);
    expect(maxLinesOf(repo, {})).toBe(5);
    const cache = repo.path('.git', 'shipguard', 'config');
    const [name] = readdirSync(cache).filter((file) => file.endsWith('.json'));
    const entry = JSON.parse(readFileSync(path.join(cache, name!), 'utf8')) as { code: string; from: string };
    expect(entry.code).toContain('maxLines');
    writeFileSync(path.join(cache, name!), JSON.stringify({ ...entry, code: entry.code.replace(/maxLines: 5/, 'maxLines: 77'), from: entry.from.replace('maxLines: 5', 'maxLines: 6') }), { mode: 0o600 });
    expect(maxLinesOf(repo, {})).toBe(5);
    writeFileSync(path.join(cache, name!), JSON.stringify({ ...entry, code: entry.code.replace(/maxLines: 5/, 'maxLines: 77') }), { mode: 0o600 });
    expect(maxLinesOf(repo, {})).toBe(77); // control: an entry made from this very text is used as is
  });

  it('a .ts config importing a local .ts file sees each edit of that file, with nothing cached in os.tmpdir()', () => {
    const repo = tsConfigRepo(true);
    const tmp = tempDir('shipguard-tmp-');
    const env = { TMPDIR: tmp };
    expect(maxLinesOf(repo, env)).toBe(5);
    expect(maxLinesOf(repo, env)).toBe(5);
    repo.write('limits.ts', 'export const limits: { maxLines: number } = { maxLines: 9 };\n');
    expect(maxLinesOf(repo, env)).toBe(9);
    expect(readdirSync(tmp)).toEqual([]);
    const jiti = repo.path('.git', 'shipguard', 'config', 'jiti');
    expect(mode(jiti)).toBe(0o700);
    expect(new Set(readdirSync(jiti).map((name) => mode(path.join(jiti, name))))).toEqual(new Set([0o600]));
  });
});
