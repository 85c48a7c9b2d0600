// Scanner properties that no corpus shows: linear time on hostile input, and the docs list every kind.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, createRepo } from '../../helpers/repo.js';
import { Scanner } from '../../../src/rules/secrets/scanner.js';
import { describeFile } from '../../../src/rules/secrets/files.js';
import { allKinds } from '../../../src/rules/secrets/report.js';
import { PROVIDERS } from '../../../src/rules/secrets/providers.js';
import { PatchLines } from '../../../src/git/added-lines.js';
// @ts-expect-error plain ES modules shared with bench/secrets-quality.mjs
import { buildCorpus } from '../../fixtures/secrets/corpus.mjs';
// @ts-expect-error plain ES module
import { buildRealWorld } from '../../fixtures/secrets/real-world.mjs';

const MB = 1_000_000;
const scanner = new Scanner({ ssh: { users: ['root'] }, disable: [] });

function scan(text: string, file = 'deploy/config.env') {
  return scanner.scan([{ line: 1, text }], describeFile(file));
}

// Hostile input must complete and still report what it holds. How long it takes is measured by
// bench/hostile-input.mjs as a ratio to ordinary input (a timed unit test fails on a loaded machine);
// super-linear patterns are caught by the recheck test over every regular expression in src/.
describe('scanner on hostile input', () => {
  it('scans a 1 MB single line of near matches to its end, where a real root SSH target is found', () => {
    const target = ' ssh root@203.0.113.9 uptime';
    const line = Array.from({ length: MB / 50 }, (_, i) => `password=${i.toString(36)}x token:ab ssh root@h`).join(' ').slice(0, MB - target.length) + target;
    expect(scan(line, 'deploy/deploy.sh').map((candidate) => candidate.kind)).toContain('ssh-root-target');
  });

  it('scans 1 MB lines of repeated near matches of every keyword to the end', () => {
    const keywords = new Set(PROVIDERS.flatMap((format) => format.keywords));
    for (const keyword of [...keywords, 'password', 'secret', 'token', 'api_key', 'eyJ', '://a:b@', '-----BEGIN RSA PRIVATE KEY-----', 'ssh root@', 'Authorization: Bearer ']) {
      for (const filler of ['A', 'a1', '=', ' ']) {
        const unit = `${keyword}${filler.repeat(40)}`;
        const line = unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
        expect(Array.isArray(scan(line)), `${keyword} + ${JSON.stringify(filler)}`).toBe(true);
      }
    }
  }, 600_000);
});

// Detectors run only on lines holding one of their keywords. Every detector run on every line must
// find nothing more: a keyword the search misses (letter case, overlapping keywords) would hide a secret.
describe('keyword search', () => {
  const everyDetector = new Scanner({ ssh: { users: ['root'] }, disable: [], prefilter: false });
  const sets = { corpus: buildCorpus(20240611), 'real-world set': buildRealWorld(20240611) } as Record<string, { files: { path: string; content: string }[] }>;
  const linesOf = (text: string) => text.split('\n').map((line, index) => ({ line: index + 1, text: line }));

  for (const [name, { files }] of Object.entries(sets)) {
    it(`hides no finding of the ${name}`, () => {
      let found = 0;
      for (const file of files) {
        const expected = everyDetector.scan(linesOf(file.content), describeFile(file.path));
        expect(scanner.scan(linesOf(file.content), describeFile(file.path)), file.path).toEqual(expected);
        found += expected.length;
      }
      expect(found).toBeGreaterThan(150);
    });

    // Two secrets on a line, keywords next to other keywords: a proximity detector (an AWS key id near
    // its secret) may then name the same place differently, so places are compared.
    it(`hides no place of a finding when the ${name}'s lines are glued in pairs`, () => {
      const lines = files.flatMap((file) => file.content.split('\n'));
      const input = linesOf(lines.map((line, index) => `${line} ${lines[(index * 7919) % lines.length]}`).join('\n'));
      const places = (scanning: Scanner) => scanning.scan(input, describeFile('deploy/deploy.sh')).map((candidate) => `${candidate.line}:${candidate.col}`);
      const expected = places(everyDetector);
      expect(places(scanner)).toEqual(expected);
      expect(expected.length).toBeGreaterThan(150);
    });
  }
});

/** The added lines of a new file, as the diff parser keeps them: positions in git's output bytes. */
function addedLines(text: string): PatchLines {
  const header = `diff --git a/f b/f\nnew file mode 100644\n@@ -0,0 +1 @@\n`;
  const lines = text.split('\n');
  const diff = Buffer.from(header + lines.map((line) => `+${line}\n`).join(''));
  const added = new PatchLines(diff, 0);
  let at = Buffer.byteLength(header);
  lines.forEach((line, index) => {
    added.add(index + 3, index + 1, at, at + 1 + Buffer.byteLength(line.endsWith('\r') ? line.slice(0, -1) : line));
    at += Buffer.byteLength(line) + 2;
  });
  added.close(diff.length);
  return added;
}

// A diff's added lines are searched as bytes and decoded only around keywords (scanEncoded): the
// findings must be those of the decoded lines, with key bodies and key pairs read across lines.
describe('scanning added lines without decoding them', () => {
  const sets = { corpus: buildCorpus(20240611), 'real-world set': buildRealWorld(20240611) } as Record<string, { files: { path: string; content: string }[] }>;

  for (const [name, { files }] of Object.entries(sets)) {
    it(`finds in the ${name} what decoding every line finds, with CRLF, a byte order mark and non-ASCII text around`, () => {
      const all = files.flatMap((file) => file.content.split('\n'));
      // The byte order mark goes before a line with a finding: its column must not count the mark.
      const first = all.find((line) => scan(line, 'deploy/.env').length)!;
      const variants = [
        ...files.map((file) => ({ path: file.path, text: file.content })),
        { path: 'deploy/.env', text: `\uFEFF${first}\n${all.map((line, index) => `${index % 3 ? '' : 'é€😀 '}${line}${index % 2 ? '\r' : ''}`).join('\n')}` },
      ];
      let found = 0;
      for (const { path, text } of variants) {
        const added = addedLines(text);
        const expected = scanner.scan(added.lines(), describeFile(path));
        expect(scanner.scanEncoded(added, describeFile(path)), path).toEqual(expected);
        found += expected.length;
      }
      expect(found).toBeGreaterThan(300);
    });
  }
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

describe('real code', () => {
  // Third-party source pinned by the lockfile: types, a compiler, parsers, a test runner; minified
  // bundles (lodash.min.js, js-yaml.min.js, ajv.min.js), bundled dists (vite, rolldown, jiti, Prisma),
  // lockfiles, packages' own test fixtures, and a secret scanner's rules (token shapes and vendors'
  // examples in its comments). None of it holds a credential, so every finding here would be a false
  // positive a team would meet. Scanned without the default skip list (lockfiles, *.min.js): the
  // detectors themselves must stay quiet on them.
  const PACKAGES = [
    '@types/node', 'typescript/lib', 'yaml/dist', 'minimatch/dist', 'cosmiconfig/dist', 'vitest/dist', 'husky', 'picocolors',
    'lodash', 'js-yaml/dist', 'json5/dist', 'ajv/dist', '@microsoft/jest-sarif/node_modules/ajv/dist', 'uri-js', 'vite/dist',
    'rolldown/dist', 'jiti/dist', '@prisma/internals/dist', '@secretlint', 'fast-uri/test', '@streamparser/json/test',
    'json-schema-traverse/spec', '.package-lock.json',
  ];

  it('reports nothing on third-party packages in node_modules', async () => {
    const { readdirSync, statSync } = await import('node:fs');
    const path = await import('node:path');
    const found: string[] = [];
    let bytes = 0;
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(?:[cm]?js|d\.[cm]?ts|json|md|lock|ya?ml)$/.test(entry.name) && statSync(full).size < 4_000_000) scanFile(full);
      }
    };
    const scanFile = (full: string) => {
      const text = readFileSync(full, 'utf8');
      bytes += text.length;
      const relative = path.relative(`${PACKAGE_ROOT}/node_modules`, full);
      const lines = text.split('\n').map((line, index) => ({ line: index + 1, text: line }));
      for (const candidate of scanner.scan(lines, describeFile(relative))) found.push(`${relative}:${candidate.line} ${candidate.kind}`);
    };
    for (const name of PACKAGES) {
      const full = `${PACKAGE_ROOT}/node_modules/${name}`;
      if (statSync(full).isDirectory()) walk(full);
      else scanFile(full);
    }
    scanFile(`${PACKAGE_ROOT}/package-lock.json`);
    expect(bytes).toBeGreaterThan(20_000_000);
    expect(found).toEqual([]);
  });
});
