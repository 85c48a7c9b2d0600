// Linear time as a project-wide guarantee: every regular expression in src/ (literals and
// `new RegExp(...)`, found by parsing the sources, not by a hand-kept list) goes through recheck, a
// ReDoS checker. A regex recheck calls vulnerable fails here unless it is allowed below with the
// reason and a hostile-input test. Regexes built from user options are listed as such; so are the
// ones minimatch compiles from user globs (ignore, exclude, when, allow): not checkable here, they run
// on paths and branch names under the rule time budget.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { check } from 'recheck';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../helpers/repo.js';

// recheck's native binary when its per-platform package is installed, else its Scala.js build (same
// analysis, offline either way). First with recheck's defaults (fast); a regex that does not come out
// safe is checked again on step counts only, no wall-clock limit, so a loaded machine cannot turn a
// verdict: 100k-character attacks, where a super-linear regex reads 10^10 characters and a linear one
// (even with a bounded repeat of a few hundred) stays far below the 5·10^7 limit.
process.env.RECHECK_BACKEND ??= 'auto';
const FAST = { timeout: 60_000 };
const CONFIRM = { attackTimeout: null, incubationTimeout: null, seedingTimeout: null, timeout: 600_000, maxAttackStringSize: 100_000, attackLimit: 50_000_000 };
const RECHECK_VERSION = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'node_modules/recheck/package.json'), 'utf8')) as { version: string }).version;

/**
 * recheck's verdicts, kept so an unchanged regex is not re-analysed on every run (a full pass takes
 * minutes). Only `safe` verdicts recheck itself gave are stored; a regex not in the file is checked
 * now. SHIPGUARD_REDOS_FULL=1 ignores the file and checks everything.
 */
const VERDICTS_FILE = path.join(PACKAGE_ROOT, 'test/fixtures/redos-verdicts.json');

/**
 * Regexes recheck cannot clear (it times out or calls them polynomial) that are linear: each repeat
 * is bounded, so the work from one start position is a constant. Not sent to recheck; each has a
 * hostile-input test below that times 1 MB against 100 KB (linear: about 10×; quadratic: 100×).
 */
const JDBC_PASSWORD = /(?:jdbc:[a-z]+:[^\s"'`]{0,300}?[;?&]|\b(?:Server|Data Source|Host)=[^\n"'`]{0,300}?;\s*)(?:password|pwd)=([^;&\s"'`]{1,200})/gi;
const FALSE_ALARMS: Record<string, { reason: string; regex: RegExp; hostile: (size: number) => string }> = {
  // src/rules/secrets/detectors.ts: JDBC and ADO.NET passwords (recheck times out on it)
  [`/${JDBC_PASSWORD.source}/${JDBC_PASSWORD.flags}`]: {
    reason: 'from each jdbc:/Server= start, at most 300 characters to the separator, then a fixed key: constant work per start',
    regex: JDBC_PASSWORD,
    hostile: (size) => fill('jdbc:a:;Server=a;', size),
  },
};

const fill = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

interface Found {
  file: string;
  line: number;
  source: string;
  flags: string;
}

interface Constructed {
  file: string;
  line: number;
  /** The first argument, as written. */
  argument: string;
}

/** `new RegExp(...)` sites: the regexes they build (checked like literals), or why they cannot be known here. */
const CONSTRUCTED: { file: string; argument: string; instances?: () => Promise<RegExp[]>; userInput?: string }[] = [
  {
    file: 'src/rules/secrets/providers.ts',
    argument: '`${B}(${source})${E}`',
    instances: async () => (await import('../../src/rules/secrets/providers.js')).PROVIDERS.map((format) => format.pattern),
  },
  { file: 'src/rules/secrets/values.ts', argument: '[', instances: async () => [(await import('../../src/rules/secrets/values.js')).REFERENCE] },
  { file: 'src/rules/secrets/detectors.ts', argument: '[', instances: async () => [(await import('../../src/rules/secrets/detectors.js')).PROVIDER_SHAPED] },
  { file: 'src/rules/prisma-query-fields/query-scan.ts', argument: '`\\\\.\\\\s*[\\\\w$]+', instances: async () => [(await import('../../src/rules/prisma-query-fields/query-scan.js')).OPERATION_CALL] },
  {
    file: 'src/rules/required-build/checkout.ts',
    argument: '`^${WORKTREE_PREFIX}',
    instances: async () => [(await import('../../src/rules/required-build/checkout.js')).WORKTREE_PID],
  },
  // A config file's path, escaped, then `:line:column`: a literal, then digits.
  { file: 'src/config/load.ts', argument: '`${escape(name)}', instances: async () => [new RegExp(`${'/repo/shipguard\\.config\\.mjs'}:(\\d+):(\\d+)`)] },
  { file: 'src/config/schema.ts', argument: 'source', userInput: 'compiled to validate a user pattern option; never run on any input' },
  { file: 'src/rules/secrets/index.ts', argument: 'source', userInput: 'secrets.allowPatterns from the user config: run on candidate secrets (at most a few hundred characters), under the rule time budget' },
  {
    file: 'src/rules/no-mock-data/index.ts',
    argument: 'source',
    userInput: 'no-mock-data placeholders.patterns from the user config: run on string literals, under the rule time budget',
  },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Regex literals and `RegExp(...)` / `new RegExp(...)` calls of every TypeScript file under src/. */
function extract(): { literals: Found[]; constructed: Constructed[] } {
  const literals: Found[] = [];
  const constructed: Constructed[] = [];
  for (const full of sourceFiles(path.join(PACKAGE_ROOT, 'src'))) {
    const file = path.relative(PACKAGE_ROOT, full).split(path.sep).join('/');
    const source = ts.createSourceFile(file, readFileSync(full, 'utf8'), ts.ScriptTarget.Latest, true);
    const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(source);
        const end = text.lastIndexOf('/');
        literals.push({ file, line: lineOf(node), source: text.slice(1, end), flags: text.slice(end + 1) });
      }
      if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        constructed.push({ file, line: lineOf(node), argument: node.arguments?.[0]?.getText(source).trim() ?? '' });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { literals, constructed };
}

const { literals, constructed } = extract();

function siteOf(site: Constructed) {
  return CONSTRUCTED.find((entry) => entry.file === site.file && site.argument.startsWith(entry.argument));
}

type Verdict = string;
const stored: Record<string, Verdict> = process.env.SHIPGUARD_REDOS_FULL
  ? {}
  : (() => {
      try {
        const file = JSON.parse(readFileSync(VERDICTS_FILE, 'utf8')) as { recheck: string; verdicts: Record<string, Verdict> };
        return file.recheck === RECHECK_VERSION ? file.verdicts : {};
      } catch {
        return {};
      }
    })();
const used: Record<string, Verdict> = {};

const keyOf = (source: string, flags: string) => `/${source}/${flags}`;

/** recheck's verdict: `safe (linear)`, or why not, with its attack string. */
async function verdict(source: string, flags: string): Promise<Verdict> {
  const key = keyOf(source, flags);
  if (FALSE_ALARMS[key]) return `allowed: ${FALSE_ALARMS[key].reason}`;
  let found = stored[key];
  if (!found) {
    let result = await check(source, flags, FAST);
    if (result.status !== 'safe') result = await check(source, flags, CONFIRM);
    if (result.status === 'safe') found = `safe (${result.complexity.type}, ${result.checker})`;
    else if (result.status === 'vulnerable') found = `vulnerable: ${result.complexity.summary}; attack ${result.attack.pattern.slice(0, 120)}`;
    else found = `unknown: ${result.error.kind}${'message' in result.error ? ` ${result.error.message}` : ''}`;
  }
  if (found.startsWith('safe') && !used[key]) {
    used[key] = found;
    if (!stored[key]) saveVerdicts(); // only a new verdict changes the file
  }
  return found;
}

/** Written as verdicts come in (a first full pass takes minutes); literals that no longer exist are dropped. */
function saveVerdicts(): void {
  if (process.env.CI) return;
  const current = new Set(literals.map((found) => keyOf(found.source, found.flags)));
  const kept = Object.entries(stored).filter(([key]) => current.has(key));
  const verdicts = Object.fromEntries([...kept, ...Object.entries(used)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  writeFileSync(VERDICTS_FILE, `${JSON.stringify({ recheck: RECHECK_VERSION, verdicts }, null, 1)}\n`);
}

function problem(found: Verdict): string | undefined {
  return found.startsWith('safe') || found.startsWith('allowed') ? undefined : found;
}

const byFile = new Map<string, Found[]>();
for (const found of literals) byFile.set(found.file, [...(byFile.get(found.file) ?? []), found]);

describe('every regular expression in src/ is linear time (recheck)', () => {
  it('finds the regexes by parsing the sources', () => {
    expect(literals.length).toBeGreaterThan(200);
    expect(constructed.length).toBeGreaterThan(5);
  });

  for (const [file, found] of byFile) {
    it(`${file}: ${found.length} regex literals`, { timeout: 1_800_000 }, async () => {
      const problems: string[] = [];
      for (const regex of found) {
        const key = keyOf(regex.source, regex.flags);
        const issue = problem(await verdict(regex.source, regex.flags));
        if (issue) problems.push(`${file}:${regex.line} ${key} ${issue}`);
      }
      expect(problems).toEqual([]);
    });
  }

  for (const [key, alarm] of Object.entries(FALSE_ALARMS)) {
    it(`allowed ${key.slice(0, 40)}…: 1 MB of hostile input takes about 10× the time of 100 KB (linear)`, () => {
      const regex = new RegExp(alarm.regex.source, alarm.regex.flags);
      const best = (size: number) => {
        const text = alarm.hostile(size);
        let fastest = Infinity;
        for (let run = 0; run < 3; run++) {
          const started = performance.now();
          regex.lastIndex = 0;
          for (const match of text.matchAll(regex)) void match;
          fastest = Math.min(fastest, performance.now() - started);
        }
        return fastest;
      };
      best(100_000); // warm up the regex compiler and the JIT
      // The lowest of several ratios: a busy machine can slow one measurement, never speed one up.
      const ratios = Array.from({ length: 4 }, () => best(1_000_000) / Math.max(best(100_000), 1));
      expect(Math.min(...ratios)).toBeLessThan(40); // linear: about 10; quadratic: about 100
      expect(literals.some((found) => keyOf(found.source, found.flags) === key)).toBe(true); // still in src/
    });
  }

  it('every new RegExp(...) is known: the regexes it builds are checked, or it is noted as user input', { timeout: 1_800_000 }, async () => {
    const unknown = constructed.filter((site) => !siteOf(site)).map((site) => `${site.file}:${site.line} new RegExp(${site.argument.slice(0, 60)})`);
    expect(unknown).toEqual([]);
    const stale = CONSTRUCTED.filter((entry) => !constructed.some((site) => siteOf(site) === entry)).map((entry) => `${entry.file} ${entry.argument}`);
    expect(stale).toEqual([]);
    const problems: string[] = [];
    for (const entry of CONSTRUCTED) {
      for (const regex of (await entry.instances?.()) ?? []) {
        const key = keyOf(regex.source, regex.flags);
        const issue = problem(await verdict(regex.source, regex.flags));
        if (issue) problems.push(`${entry.file} ${key} ${issue}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
