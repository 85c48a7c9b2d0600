// Scanner properties that no corpus shows: linear time on hostile input, and the docs list every kind.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, createRepo } from '../helpers/repo.js';
import { Scanner } from '../../src/rules/secrets/scanner.js';
import { describeFile } from '../../src/rules/secrets/files.js';
import { allKinds } from '../../src/rules/secrets/report.js';
import { PROVIDERS } from '../../src/rules/secrets/providers.js';

const MB = 1_000_000;
const scanner = new Scanner({ ssh: { users: ['root'] }, disable: [] });

function timeScan(text: string, file = 'deploy/config.env'): number {
  const started = performance.now();
  scanner.scan([{ line: 1, text }], describeFile(file));
  return performance.now() - started;
}

describe('scanner speed on hostile input', () => {
  // A generous bound: only catastrophic backtracking (seconds to hours) could exceed it.
  const BOUND_MS = 2000;

  it('scans a 1 MB single line quickly', () => {
    const line = Array.from({ length: MB / 50 }, (_, i) => `password=${i.toString(36)}x token:ab ssh root@h`).join(' ').slice(0, MB);
    expect(timeScan(line)).toBeLessThan(BOUND_MS);
  });

  it('scans 1 MB lines of repeated near matches of every keyword quickly', () => {
    const keywords = new Set(PROVIDERS.flatMap((format) => format.keywords));
    for (const keyword of [...keywords, 'password', 'secret', 'token', 'api_key', 'eyJ', '://a:b@', '-----BEGIN RSA PRIVATE KEY-----', 'ssh root@', 'Authorization: Bearer ']) {
      for (const filler of ['A', 'a1', '=', ' ']) {
        const unit = `${keyword}${filler.repeat(40)}`;
        const line = unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
        const ms = timeScan(line);
        expect(ms, `${keyword} + ${JSON.stringify(filler)}`).toBeLessThan(BOUND_MS);
      }
    }
  }, 600_000);
});

describe('secrets docs', () => {
  it('lists every finding kind in docs/rules/secrets.md, and `shipguard explain secrets` prints it', () => {
    const page = readFileSync(`${PACKAGE_ROOT}/docs/rules/secrets.md`, 'utf8');
    const missing = allKinds().filter((kind) => !page.includes(`\`${kind.id}\``));
    expect(missing.map((kind) => kind.id)).toEqual([]);
    const repo = createRepo({ init: false, initialCommit: false });
    const explain = repo.shipguard(['explain', 'secrets']);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain('# secrets');
    expect(explain.stdout).toContain('shipguard baseline');
  });
});
