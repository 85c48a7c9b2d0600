// matchAny/matchWhole skip minimatch when a path lacks a literal piece of the pattern (src/glob.ts).
// That shortcut must never change an answer: every pattern the rules ship, and patterns built to
// defeat it, are matched against realistic paths both ways.
import { Minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { matchAny, matchWhole } from '../src/glob.js';
import { DEFAULT_EXCLUDE, DEFAULT_TEST_GLOBS } from '../src/rules/commit-size/index.js';
import { DEFAULT_TEST_DOUBLE_PATHS } from '../src/rules/no-mock-data/detectors.js';
import { NON_PRODUCTION_GLOBS, PRODUCTION_GLOBS } from '../src/rules/shared/code.js';

const SHIPPED = [...DEFAULT_EXCLUDE, ...DEFAULT_TEST_GLOBS, ...DEFAULT_TEST_DOUBLE_PATHS, ...PRODUCTION_GLOBS, ...NON_PRODUCTION_GLOBS];
const TRICKY = [
  './src/**', 'src/./lib/*.ts', 'a/../src/**', '!!src/**', '#notes.md', '*.{js,ts}', '[ab].ts', '**', '*', '',
  'src/', '**/.env*', 'fixtures/**', '**/*.min.js', '?at.ts', 'a?c', '.*', '+(a|b).ts', '\\*.ts', 'SRC/**',
  'src//app/*.ts', '**/__snapshots__/**', 'docs/**/*.md', '*.lock', 'package-lock.json', '**/*.generated.*',
  '**/*.{test,spec}.*', '{src,lib}/**', '{src,app}/{a,b}*.ts', 'a{b}c', '{a..c}.ts', '*.{ts,}', '{,src/}*.ts',
  '**/{mocks,__mocks__}/**', '*key*', 'kkelvin', '*FAKE*', 'mockdata*', '{docs/**,*.md}', '{[ab],c}.ts', '{!a,b}.ts', '{src/../lib,x}/*', 'src/{a,{b,c}}/*.ts',
];
const PATHS = [
  'src/app.ts', 'src/lib/util.ts', 'src/services/orders.test.ts', 'app/page.tsx', 'lib/a.js', 'docs/guide/intro.md',
  'README.md', 'package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'dist/bundle.min.js', 'test/fixtures/data.json',
  '.env', '.env.local', 'cat.ts', 'abc', 'a.ts', 'b.ts', 'x.js', '#notes.md', '*.ts', 'SRC/app.ts', 'src',
  'src/__snapshots__/a.snap', 'MockData.ts', 'FIXTURES', 'Fake-Users.ts', 'K\u212Aelvin', '\u212Aey.ts', 'caf\u00e9-fake', 'packages/web/src/mocks/handlers.ts', 'src/fake-users.ts', 'prisma/schema.prisma',
  'src/api/users.generated.ts', 'e2e/login.spec.ts', '.github/workflows/ci.yml', 'a/b/c/d/e.tsx', 'ab.ts', 'src/lib/Makefile', 'abc/xyz',
];

/** The answer without the shortcut: minimatch on every pattern, last match wins. */
function reference(path: string, globs: readonly string[], whole: boolean, nocase = false): boolean {
  let matched = false;
  for (const glob of globs) {
    const negated = glob.startsWith('!');
    if (negated !== matched) continue;
    const pattern = negated ? glob.slice(1) : glob;
    const subject = whole || pattern.includes('/') ? path : path.slice(path.lastIndexOf('/') + 1);
    if (new Minimatch(pattern, { dot: true, nocomment: true, nocase }).match(subject)) matched = !negated;
  }
  return matched;
}

describe('glob matching with the literal shortcut', () => {
  it('gives minimatch\'s answer for every shipped and tricky pattern, alone, negated and in lists', () => {
    const lists = [...SHIPPED, ...TRICKY].flatMap((pattern) => [[pattern], ['**', `!${pattern}`]]);
    lists.push(SHIPPED, DEFAULT_EXCLUDE, [...PRODUCTION_GLOBS, ...NON_PRODUCTION_GLOBS.map((glob) => `!${glob}`)]);
    let matches = 0;
    for (const globs of lists) {
      for (const path of PATHS) {
        const expected = reference(path, globs, false);
        expect(matchAny(path, globs), `${path} against ${JSON.stringify(globs)}`).toBe(expected);
        expect(matchWhole(path, globs), `${path} whole against ${JSON.stringify(globs)}`).toBe(reference(path, globs, true));
        expect(matchWhole(path, globs, { nocase: true }), `${path} nocase against ${JSON.stringify(globs)}`).toBe(reference(path, globs, true, true));
        if (expected) matches++;
      }
    }
    // The corpus exercises both answers: a shortcut that refused everything would fail above.
    expect(matches).toBeGreaterThan(100);
  });
});
