// Shared by the no-mock-data, runtime-imports and lockfile-sync tests: fixture projects copied into
// real repositories, and the JSON report of a real `shipguard` run.
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { createRepo, PACKAGE_ROOT, type RunResult, type TestRepo } from '../helpers/repo.js';

export const FIXTURES = path.join(PACKAGE_ROOT, 'test', 'fixtures');

export interface JsonFinding {
  ruleId: string;
  kind: string | null;
  severity: 'error' | 'warn';
  message: string;
  file: string | null;
  line: number | null;
  column: number | null;
  hint: string | null;
}

export interface JsonRun extends RunResult {
  findings: JsonFinding[];
}

/** A repository with only `rules` enabled (no preset), shipguard installed and the hooks in place. */
export function repoWithRules(rules: Record<string, unknown>): TestRepo {
  return createRepo({ config: { rules } });
}

/** Copies `test/fixtures/<area>/<name>/` over the repository's working tree. */
export function copyFixture(repo: TestRepo, area: string, name: string): void {
  cpSync(path.join(FIXTURES, area, name), repo.dir, { recursive: true });
}

/** `shipguard <stage> --format json`, parsed; fails the test with the output when it is not a report. */
export function runJson(repo: TestRepo, args: string[], env?: NodeJS.ProcessEnv): JsonRun {
  const run = repo.shipguard([...args, '--format', 'json'], { env });
  let report: { findings: JsonFinding[] };
  try {
    report = JSON.parse(run.stdout);
  } catch {
    throw new Error(`shipguard ${args.join(' ')} printed no JSON report (exit ${run.code}):\n${run.output}`);
  }
  return { ...run, findings: report.findings };
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
