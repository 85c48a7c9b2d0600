// Attacks on the baseline: losing accepted entries and their reasons, and reading secrets back out
// of the fingerprints it publishes.
import { createHash, createHmac, scryptSync } from 'node:crypto';
import { chownSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ES module shared with the benchmarks
import { checksummed, rng } from '../fixtures/secrets/tokens.mjs';
import { createRepo, type TestRepo } from '../helpers/repo.js';

const random = rng(14);
const token = (): string => checksummed(random, ['gh', 'p_'].join(''));

interface Entry {
  fingerprint: string;
  rule: string;
  file?: string;
  reason?: string;
}

/** A plugin rule with fingerprinted findings (one per `TODO`), beside the built-in secrets rule. */
const TODO_RULE = `export default {
  extends: ['shipguard/presets/recommended'],
  plugins: [{
    meta: { id: 'no-todo', description: 'No TODO comments', docs: 'docs/no-todo.md', stages: ['pre-commit', 'pre-push', 'ci'] },
    check(ctx) {
      return ctx.changes.files.filter((file) => file.path.startsWith('src/')).flatMap((file) => file.addedLines.filter((a) => a.text.includes('TODO'))
        .map((a) => ({ file: file.path, line: a.line, message: 'TODO left', fingerprint: ctx.fingerprint('no-todo', file.path, a.text.trim()) })));
    },
  }],
  rules: { 'no-todo': 'error', 'required-build': 'off' },
};
`;

function entries(repo: TestRepo): Entry[] {
  return (JSON.parse(repo.read('.shipguard-baseline.json')) as { entries: Entry[] }).entries;
}

/** Writes a reason into each entry, as a reviewer would by hand. */
function explain(repo: TestRepo): void {
  const file = JSON.parse(repo.read('.shipguard-baseline.json')) as { entries: Entry[] };
  for (const entry of file.entries) entry.reason = `accepted by security review: ${entry.rule}`;
  repo.write('.shipguard-baseline.json', `${JSON.stringify(file, null, 2)}\n`);
}

describe('baseline scope', () => {
  it('baseline --rule no-todo keeps the secrets entries and their hand-written reasons', () => {
    const repo = createRepo({ init: false });
    repo.write('shipguard.config.mjs', TODO_RULE);
    repo.write('src/legacy.ts', `// TODO remove\nexport const github = '${token()}';\n`);
    repo.commitAll('legacy code');
    expect(repo.shipguard(['baseline']).code).toBe(0);
    explain(repo);
    const before = entries(repo);
    expect(before.map((entry) => entry.rule).sort()).toEqual(['no-todo', 'secrets']);

    // The TODO is resolved; only no-todo is re-baselined.
    repo.write('src/legacy.ts', repo.read('src/legacy.ts').replace('// TODO remove\n', '// kept for old clients\n'));
    repo.commitAll('resolve the todo');
    const run = repo.shipguard(['baseline', '--rule', 'no-todo']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('wrote .shipguard-baseline.json with 1 entry (0 new, 0 kept, 1 stale removed; 1 of other rules left as they were)');
    expect(entries(repo)).toEqual(before.filter((entry) => entry.rule === 'secrets'));
    expect(entries(repo)[0]!.reason).toBe('accepted by security review: secrets');
  });
});

/** The published fingerprint of a secret: scrypt (N=2^15, r=8, p=1) of (rule, file, secret), keyed with the salt. */
const slow = (salt: string, ...parts: string[]) => scryptSync(parts.join('\0'), salt, 16, { N: 1 << 15, r: 8, p: 1, maxmem: 64 << 20 }).toString('hex');
/** What baselines held before: one HMAC-SHA256, ~280k guesses/s on one core. */
const hmac = (salt: string, ...parts: string[]) => createHmac('sha256', salt).update(parts.join('\0')).digest('hex').slice(0, 32);
const DEFAULT_SALT = 'shipguard-fingerprint-v1';

function secretRepo(secret: string): TestRepo {
  const repo = createRepo();
  repo.write('src/deploy.ts', `export const github = '${secret}';\n`);
  repo.commitAll('deploy');
  return repo;
}

const jsonFindings = (repo: TestRepo) => JSON.parse(repo.shipguard(['scan', '--format', 'json']).stdout).findings as { fingerprint: string }[];

describe('baseline fingerprints cannot be brute-forced offline', () => {
  it('a secret fingerprint published in the baseline or SARIF costs one scrypt per guess, not one HMAC', () => {
    const secret = token();
    const repo = secretRepo(secret);
    const sarif = JSON.parse(repo.shipguard(['scan', '--format', 'sarif']).stdout);
    const published = sarif.runs[0].results[0].partialFingerprints['shipguard/v1'];
    expect(published).toBe(slow(DEFAULT_SALT, 'secrets', 'src/deploy.ts', secret));
    expect(published).not.toBe(hmac(DEFAULT_SALT, 'secrets', 'src/deploy.ts', secret));

    expect(repo.shipguard(['baseline']).code).toBe(0);
    const { salt, entries: [entry] } = JSON.parse(repo.read('.shipguard-baseline.json'));
    expect(entry.fingerprint).toBe(slow(salt, 'secrets', 'src/deploy.ts', secret));
  });

  it('a baseline of old HMAC fingerprints still accepts its secrets, and `baseline` rehashes them with scrypt keeping the reasons', () => {
    const secret = token();
    const repo = secretRepo(secret);
    const salt = '0123456789abcdef0123456789abcdef';
    const old = { fingerprint: hmac(salt, 'secrets', 'src/deploy.ts', secret), rule: 'secrets', kind: 'github-pat', file: 'src/deploy.ts', reason: 'revoked in 2023' };
    repo.write('.shipguard-baseline.json', `${JSON.stringify({ version: 1, salt, entries: [old] }, null, 2)}\n`);
    repo.commitAll('old baseline');
    const scan = repo.shipguard(['scan']);
    expect(scan.code).toBe(0);
    expect(scan.output).toContain('1 accepted by the baseline');

    const rewrite = repo.shipguard(['baseline']);
    expect(rewrite.stdout).toContain('(0 new, 1 kept, 0 stale removed)');
    expect(rewrite.stdout).toContain('1 secret fingerprint rehashed with scrypt');
    expect(JSON.parse(repo.read('.shipguard-baseline.json'))).toEqual({
      version: 1,
      salt,
      entries: [{ ...old, fingerprint: slow(salt, 'secrets', 'src/deploy.ts', secret) }],
    });
    expect(repo.shipguard(['scan']).output).toContain('1 accepted by the baseline');
  });

  it('the fingerprint cache is private and keyed by place, so it confirms no guess faster than scrypt', () => {
    const secret = token();
    const repo = secretRepo(secret);
    const [finding] = jsonFindings(repo);
    const cache = repo.path('.git', 'shipguard', 'fingerprints.json');
    expect(statSync(cache).mode & 0o777).toBe(0o600);
    expect(statSync(repo.path('.git', 'shipguard')).mode & 0o777).toBe(0o700);
    const text = readFileSync(cache, 'utf8');
    const fastHashes = [secret, hmac(DEFAULT_SALT, 'secrets', 'src/deploy.ts', secret), createHash('sha256').update(secret).digest('hex').slice(0, 40)];
    for (const derived of fastHashes) expect(text).not.toContain(derived);
    const { entries } = JSON.parse(text) as { entries: Record<string, string> };
    expect(Object.values(entries)).toEqual([finding!.fingerprint]);
    // Warm runs take the fingerprint from the cache (an entry edited by its owner shows through).
    writeFileSync(cache, JSON.stringify({ format: 1, entries: Object.fromEntries(Object.keys(entries).map((key) => [key, 'f'.repeat(32)])) }));
    expect(jsonFindings(repo)[0]!.fingerprint).toBe('f'.repeat(32));
  });

  it.skipIf(process.getuid?.() !== 0)('a fingerprint cache planted by another local user is ignored (it could get a secret accepted)', () => {
    const secret = token();
    const repo = secretRepo(secret);
    const [finding] = jsonFindings(repo);
    const cache = repo.path('.git', 'shipguard', 'fingerprints.json');
    const { entries } = JSON.parse(readFileSync(cache, 'utf8')) as { entries: Record<string, string> };
    writeFileSync(cache, JSON.stringify({ format: 1, entries: Object.fromEntries(Object.keys(entries).map((key) => [key, 'f'.repeat(32)])) }));
    chownSync(cache, 4242, 4242);
    expect(jsonFindings(repo)[0]!.fingerprint).toBe(finding!.fingerprint);
  });
});
