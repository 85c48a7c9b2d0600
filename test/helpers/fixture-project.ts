// Shared by the no-mock-data, runtime-imports and lockfile-sync tests: fixture projects copied into
// real repositories, and the JSON report of a real `shipguard` run.
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { type JsonFinding } from './json.js';
import { createRepo, PACKAGE_ROOT, type TestRepo } from './repo.js';

export { runJson, type JsonFinding, type JsonRun } from './json.js';

export const FIXTURES = path.join(PACKAGE_ROOT, 'test', 'fixtures');

/** A repository with only `rules` enabled (no preset), shipguard installed and the hooks in place. */
export function repoWithRules(rules: Record<string, unknown>): TestRepo {
  return createRepo({ config: { rules } });
}

/** Copies `test/fixtures/<area>/<name>/` over the repository's working tree. */
export function copyFixture(repo: TestRepo, area: string, name: string): void {
  cpSync(path.join(FIXTURES, area, name), repo.dir, { recursive: true });
}

/** `file:line kind` for each finding, sorted: compact and readable in a failed assertion. */
export function located(findings: JsonFinding[]): string[] {
  return findings.map((finding) => `${finding.file}:${finding.line} ${finding.kind}`).sort();
}

/**
 * The findings a fixture declares with `expect: kind[, kind]` comments, as `file:line kind`
 * (paths relative to the fixture, which is copied to the repository root).
 */
export function expectedFromComments(fixture: string): string[] {
  const root = path.join(FIXTURES, fixture);
  const expected: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) {
        walk(full);
        continue;
      }
      const file = path.relative(root, full).split(path.sep).join('/');
      readFileSync(full, 'utf8')
        .split('\n')
        .forEach((text, index) => {
          const match = /expect: ([\w-]+(?:, [\w-]+)*)/.exec(text);
          for (const kind of match?.[1]?.split(', ') ?? []) expected.push(`${file}:${index + 1} ${kind}`);
        });
    }
  };
  walk(root);
  return expected.sort();
}

/** Every finding carries what is wrong and what to do next. */
export function expectActionable(findings: JsonFinding[]): void {
  for (const finding of findings) {
    expect(finding.message.length, `${finding.kind} message`).toBeGreaterThan(20);
    expect(finding.hint ?? '', `${finding.kind} hint`).not.toBe('');
  }
}
