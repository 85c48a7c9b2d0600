// commit-size: small commits are reviewable and revertable. Incident 5: 348 lines in one commit,
// pushed without a build, took production down.
import { shortSha, type ChangedFile } from '../../changeset.js';
import type { Finding, Rule, RuleContext, Severity } from '../../types.js';
import { crowdinTranslations } from './crowdin.js';

export interface Limits {
  /** Lines changed (added + deleted) above which the change is an error. */
  maxLines: number;
  /** Lines changed above which the change is a warning; 0 turns the warning off. */
  warnLines: number;
  /** Files changed above which the change is an error. */
  maxFiles: number;
  /** Files changed above which the change is a warning; 0 turns the warning off. */
  warnFiles: number;
}

export interface CommitSizeOptions extends Limits {
  /** Extra globs not counted (added to the built-in list unless `defaultExclude` is false). */
  exclude: string[];
  /** Keep the built-in exclusions (lockfiles, snapshots, generated output, migrations). */
  defaultExclude: boolean;
  /** pre-push / ci: limits for the whole push or range together; false to check commits only. */
  push: Limits | false;
  /**
   * pre-push / ci: judge the push or range as one change (its net diff from the base), not each
   * commit: for teams that squash-merge, where the range becomes one commit. `ci --net` sets it.
   */
  net: boolean;
  /** How much a test file's lines weigh (1: like any code, 0: not counted, files included). */
  tests: TestWeight;
}

export interface TestWeight {
  weight: number;
  /** Globs of test files; the built-in list when omitted. */
  match?: string[];
}

/** Where tests live in the JavaScript ecosystem's usual layouts (jest, vitest, mocha, playwright). */
export const DEFAULT_TEST_GLOBS = [
  '*.test.*',
  '*.spec.*',
  '*.e2e.*',
  '**/__tests__/**',
  '**/__mocks__/**',
  '**/__fixtures__/**',
  '**/test/**',
  '**/tests/**',
  '**/e2e/**',
];

export const DEFAULT_EXCLUDE = [
  // lockfiles
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
  'Cargo.lock',
  'composer.lock',
  'Gemfile.lock',
  'poetry.lock',
  'go.sum',
  // snapshots and generated output
  '**/__snapshots__/**',
  '*.snap',
  '**/dist/**',
  '**/build/**',
  '**/coverage/**',
  '**/generated/**',
  '**/__generated__/**',
  '*.generated.*',
  '*.min.js',
  '*.min.css',
  '*.map',
  // migrations are generated from the schema and reviewed as SQL
  '**/prisma/migrations/**',
  // translation catalogs written by extraction tools (gettext, lingui, Angular i18n) and translation
  // services: each new string lands in every language's file. Hand-written locale JSON (en.json,
  // locales/de/translation.json) is reviewed content and still counts.
  '*.po',
  '*.pot',
  '*.xlf',
  '*.xliff',
  '**/locales/**/messages.json',
];

const limitsSchema = {
  maxLines: { type: 'integer', minimum: 1 },
  warnLines: { type: 'integer', minimum: 0 },
  maxFiles: { type: 'integer', minimum: 1 },
  warnFiles: { type: 'integer', minimum: 0 },
} as const;

interface Measure {
  /** Lines changed, test lines weighted (rounded up). */
  lines: number;
  /** Test lines when they weigh less than other lines (for the message). */
  testLines?: { lines: number; weight: number };
  files: ChangedFile[];
  /** Moved files (git renames) among them: reviewed by their edited lines, not counted as files. */
  moved: number;
}

export const commitSize: Rule<CommitSizeOptions> = {
  meta: {
    id: 'commit-size',
    description: 'Limits lines and files changed per commit (and optionally per push), so changes stay reviewable.',
    stages: ['pre-commit', 'pre-push', 'ci'],
    docs: 'docs/rules/commit-size.md',
    kinds: {
      lines: 'the change (or a pushed commit) has more changed lines than maxLines (warnLines: a warning)',
      files: 'the change (or a pushed commit) touches more files than maxFiles',
    },
    defaultOptions: {
      maxLines: 300,
      warnLines: 150,
      maxFiles: 25,
      warnFiles: 15,
      exclude: [],
      defaultExclude: true,
      push: false,
      net: false,
      tests: { weight: 1 },
    },
    schema: {
      type: 'object',
      properties: {
        ...limitsSchema,
        exclude: { type: 'array', items: { type: 'string', minLength: 1 } },
        defaultExclude: { type: 'boolean' },
        push: {
          anyOf: [
            { type: 'boolean', const: false },
            { type: 'object', properties: limitsSchema, required: ['maxLines', 'maxFiles'] },
          ],
          description: 'false or an object { maxLines, maxFiles, warnLines?, warnFiles? }',
        },
        net: { type: 'boolean' },
        tests: {
          type: 'object',
          properties: {
            weight: { type: 'number', minimum: 0, maximum: 1 },
            match: { type: 'array', items: { type: 'string', minLength: 1 } },
          },
          required: ['weight'],
          description: 'an object { weight: 0..1, match?: [globs] }',
        },
      },
    },
  },

  async check(context) {
    const { options } = context;
    const excluded = options.defaultExclude ? [...DEFAULT_EXCLUDE, ...options.exclude] : options.exclude;
    const findings = judgeChange(context, (path) => context.match(path, excluded));
    // Only a change over a limit pays for reading the Crowdin config (never the ordinary commit).
    if (!findings.length || !options.defaultExclude) return findings;
    const revision = context.stage === 'pre-commit' ? ({ kind: 'index' } as const) : context.changes.head;
    const translated = await crowdinTranslations(context.git, revision);
    return translated ? judgeChange(context, (path) => translated(path) || context.match(path, excluded)) : findings;
  },
};

/** Every finding of the change, with `excluded` telling which paths are not counted. */
function judgeChange(context: RuleContext<CommitSizeOptions>, excluded: (path: string) => boolean): Finding[] {
  const { options } = context;
  const measure = (files: ChangedFile[]) => measureFiles(files, excluded, context);
  if (context.stage === 'pre-commit') {
    // Concluding a merge stages the whole merged branch; its commits are measured at push and in CI.
    if (context.merging) return [];
    const { amend } = context;
    // Amending: the new commit replaces HEAD, so it holds HEAD's changes plus the staged ones. A
    // reword (nothing staged) changes no size: HEAD was judged when it was made. Amending a merge
    // commit is left to push and CI, like concluding one.
    if (amend && context.changes.files.length) {
      return amend.parents.length > 1 ? [] : judge(measure(amend.files), options, 'Amended commit (HEAD with the staged change)', AMEND_HINT);
    }
    return judge(measure(context.changes.files), options, 'Staged change', STAGED_HINT);
  }
  if (options.net) return judgeNet(context, measure);
  const findings: Finding[] = [];
  for (const commit of context.commits) {
    const label = `Commit ${shortSha(commit.sha)} "${truncate(commit.subject, 60)}"`;
    for (const finding of judge(measure(commit.files), options, label, COMMIT_HINT)) {
      findings.push({ ...finding, commit: commit.sha });
    }
  }
  if (options.push && context.commits.length > 1) {
    const all = context.commits.flatMap((commit) => commit.files);
    const label = `${context.stage === 'pre-push' ? 'This push' : 'This range'} (${context.commits.length} commits)`;
    findings.push(...judge(measure(all), { ...options, ...options.push }, label, PUSH_HINT));
  }
  return findings;
}

const STAGED_HINT =
  'Split it: unstage part with `git restore --staged <path>` or stage hunks with `git add -p`, and commit each step on its own.';
const AMEND_HINT =
  'Commit the staged change as a new commit (`git commit` without --amend), or split HEAD first: `git reset HEAD~`, then commit it in parts.';
const COMMIT_HINT = 'Split the commit before pushing: `git rebase -i`, mark it `edit`, `git reset HEAD~`, then commit it in parts.';
const NET_HINT =
  'Squash-merged, this becomes one commit: split the work into smaller pull requests (move part of it to a follow-up branch).';
const PUSH_HINT = 'Push in smaller steps (one reviewable piece at a time), or raise commit-size.push limits for this branch.';

/** `net`: the range's net change from its base, the commit a squash merge will make. */
function judgeNet(context: RuleContext<CommitSizeOptions>, measure: (files: ChangedFile[]) => Measure): Finding[] {
  const count = context.commits.filter((commit) => commit.parents.length < 2).length;
  if (!count) return [];
  const what = context.stage === 'pre-push' ? 'This push' : 'This range';
  const label = `${what} (net change of ${plural(count, 'commit')}, as one squashed commit)`;
  return judge(measure(context.changes.files), context.options, label, NET_HINT);
}

function measureFiles(files: ChangedFile[], excluded: (path: string) => boolean, context: RuleContext<CommitSizeOptions>): Measure {
  const { weight, match = DEFAULT_TEST_GLOBS } = context.options.tests;
  const isTest = (file: ChangedFile) => weight < 1 && context.match(file.path, match);
  // Tests weighted 0 are left out entirely, files included.
  const counted = files.filter((file) => !excluded(file.path) && !file.submodule && !(weight === 0 && isTest(file)));
  const size = (file: ChangedFile) => file.additions + file.deletions;
  const testLines = counted.filter(isTest).reduce((sum, file) => sum + size(file), 0);
  const lines = counted.reduce((sum, file) => sum + size(file), 0) - testLines + Math.ceil(testLines * weight);
  // A folder moved with its imports fixed is one change to review, not fifty: its edits still count
  // as lines.
  const moved = counted.filter((file) => file.status === 'renamed').length;
  return { lines, files: counted, moved, ...(testLines ? { testLines: { lines: testLines, weight } } : {}) };
}

function judge(measure: Measure, limits: Limits, label: string, hint: string): Finding[] {
  const findings: Finding[] = [];
  const lineSeverity = level(measure.lines, limits.maxLines, limits.warnLines);
  const fileCount = measure.files.length - measure.moved;
  const fileSeverity = level(fileCount, limits.maxFiles, limits.warnFiles);
  if (lineSeverity) {
    const limit = lineSeverity === 'error' ? limits.maxLines : limits.warnLines;
    findings.push({
      kind: 'lines',
      severity: lineSeverity,
      message: `${label}: ${measure.lines} lines changed (${lineSeverity === 'error' ? 'limit' : 'warning above'} ${limit}) in ${plural(fileCount, 'file')}${movedNote(measure)}${testNote(measure)}. Biggest: ${biggest(measure.files)}.`,
      hint,
    });
  }
  if (fileSeverity) {
    const limit = fileSeverity === 'error' ? limits.maxFiles : limits.warnFiles;
    findings.push({
      kind: 'files',
      severity: fileSeverity,
      message: `${label}: ${plural(fileCount, 'file')} changed (${fileSeverity === 'error' ? 'limit' : 'warning above'} ${limit})${movedNote(measure)}. Biggest: ${biggest(measure.files)}.`,
      hint,
    });
  }
  return findings;
}

function movedNote(measure: Measure): string {
  return measure.moved ? ` (and ${plural(measure.moved, 'moved file')}, not counted as files)` : '';
}

function testNote({ testLines }: Measure): string {
  return testLines ? `, ${plural(testLines.lines, 'test line')} counted at ${testLines.weight}` : '';
}

function level(value: number, max: number, warn: number): Severity | undefined {
  if (value > max) return 'error';
  if (warn > 0 && warn < max && value > warn) return 'warn';
  return undefined;
}

function biggest(files: ChangedFile[]): string {
  return [...files]
    .sort((a, b) => b.additions + b.deletions - (a.additions + a.deletions))
    .slice(0, 3)
    .map((file) => (file.binary ? `${file.path} (binary)` : `${file.path} (+${file.additions} -${file.deletions})`))
    .join(', ');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
