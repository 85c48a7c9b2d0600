// Output formats: SARIF validated against the official 2.1.0 schema, JSON shape, GitHub
// annotations, pretty grouping and colours.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { CLI, createRepo, lines, testEnv } from './helpers/repo.js';

const require = createRequire(import.meta.url);
// ajv-draft-04 is CommonJS with `exports.default`: the class is there under Node's ESM interop.
const Ajv = ((AjvDraft04 as unknown as { default?: typeof AjvDraft04 }).default ?? AjvDraft04) as unknown as new (options: object) => {
  compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown };
};
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));

function findingRepo() {
  const repo = createRepo({ init: false });
  repo.write(
    'shipguard.config.mjs',
    `export default {
  plugins: [{
    meta: { id: 'no-todo', description: 'No TODO comments', docs: 'docs/no-todo.md' },
    check(ctx) {
      return ctx.changes.files.flatMap((file) => file.addedLines.filter((a) => a.text.includes('TODO'))
        .map((a) => ({ file: file.path, line: a.line, column: a.text.indexOf('TODO') + 1, kind: 'comment', message: 'TODO: left, in "code" 100%', hint: 'Finish it' })));
    },
  }],
  rules: { 'commit-size': ['error', { maxLines: 5, warnFiles: 1, maxFiles: 10 }], 'no-todo': 'warn' },
};
`,
  );
  repo.write('src/a file.ts', `${lines(8)}// TODO later\n`);
  repo.write('src/b.ts', 'ok\n');
  repo.gitOk(['add', 'src']);
  return repo;
}

describe('sarif', () => {
  it('validates against the SARIF 2.1.0 schema and carries locations, levels and fingerprints', () => {
    const repo = findingRepo();
    const run = repo.shipguard(['pre-commit', '--config', 'shipguard.config.mjs', '--format', 'sarif']);
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout);
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const results = sarif.runs[0].results;
    const todo = results.find((r: { ruleId: string }) => r.ruleId === 'no-todo');
    expect(todo.level).toBe('warning');
    expect(todo.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'src/a%20file.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 9, startColumn: 4 },
    });
    expect(todo.partialFingerprints['shipguard/v1']).toMatch(/^[0-9a-f]{32}$/);
    const size = results.find((r: { ruleId: string }) => r.ruleId === 'commit-size');
    expect(size.level).toBe('error');
    // Every rule shipguard knows (built-in ones first, then the config's own), so ruleIndex is stable.
    const ids = sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ids.slice(0, 2)).toEqual(['commit-size', 'protected-branch']);
    expect(ids.at(-1)).toBe('no-todo');
    expect(results.every((r: { ruleId: string; ruleIndex: number }) => ids[r.ruleIndex] === r.ruleId)).toBe(true);
  });

  it('a failed rule makes the invocation unsuccessful', () => {
    const repo = createRepo({ init: false });
    repo.write('shipguard.config.mjs', `export default { plugins: [{ meta: { id: 'boom' }, check() { throw new Error('kaput'); } }], rules: { boom: 'error' } };\n`);
    const sarif = JSON.parse(repo.shipguard(['pre-commit', '--format', 'sarif']).stdout);
    expect(new Ajv({ strict: false, unicodeRegExp: false }).compile(schema)(sarif)).toBe(true);
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toBe('rule boom failed to run: kaput');
  });
});

describe('json', () => {
  it('has the documented shape with every key present', () => {
    const repo = findingRepo();
    const report = JSON.parse(repo.shipguard(['pre-commit', '--config', 'shipguard.config.mjs', '--format', 'json']).stdout);
    expect(Object.keys(report)).toEqual(['version', 'tool', 'stage', 'exitCode', 'summary', 'rulesRun', 'skipped', 'skipRefused', 'notices', 'failures', 'error', 'notes', 'findings', 'exceptions']);
    expect(report).toMatchObject({ version: 1, tool: { name: 'shipguard' }, stage: 'pre-commit', exitCode: 1, summary: { errors: 1, warnings: 2, suppressed: 0 } });
    const todo = report.findings.find((f: { ruleId: string }) => f.ruleId === 'no-todo');
    expect(todo).toEqual({
      ruleId: 'no-todo',
      kind: 'comment',
      severity: 'warn',
      message: 'TODO: left, in "code" 100%',
      file: 'src/a file.ts',
      line: 9,
      column: 4,
      commit: null,
      hint: 'Finish it',
      docs: 'docs/no-todo.md',
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });
});

describe('github', () => {
  it('prints escaped workflow-command annotations', () => {
    const repo = findingRepo();
    const out = repo.shipguard(['pre-commit', '--config', 'shipguard.config.mjs', '--format', 'github']).stdout;
    expect(out).toContain('::warning file=src/a file.ts,line=9,col=4,title=shipguard no-todo/comment::TODO: left, in "code" 100%25%0AFinish it');
    expect(out).toMatch(/^::error title=shipguard commit-size\/lines::Staged change: 10 lines changed \(limit 5\)/m);
  });
});

describe('pretty', () => {
  it('groups by file with position, severity, rule, hint and docs; no colour without a TTY', () => {
    const repo = findingRepo();
    const out = repo.shipguard(['pre-commit', '--config', 'shipguard.config.mjs']).stdout;
    expect(out).not.toMatch(/\x1b\[/);
    expect(out).toContain('src/a file.ts\n  9:4     warn   TODO: left, in "code" 100%  no-todo/comment\n');
    expect(out).toContain('→ Finish it');
    expect(out).toContain('docs: shipguard explain no-todo');
    expect(out).toContain('staged change\n');
    expect(out).toContain('✖ shipguard pre-commit refused the commit: 1 error, 2 warnings from 2 rules');
  });

  it('uses colour with FORCE_COLOR and never with NO_COLOR', () => {
    const repo = findingRepo();
    const forced = repo.shipguard(['pre-commit', '--config', 'shipguard.config.mjs'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout;
    expect(forced).toMatch(/\x1b\[31merror/);
  });

  it('on a real terminal: colour by default, none with NO_COLOR or TERM=dumb', () => {
    const repo = findingRepo();
    // util-linux `script` gives the CLI a pseudo-terminal, so stdout.isTTY is true as in a developer's shell.
    const onTerminal = (env: NodeJS.ProcessEnv) =>
      spawnSync('script', ['-qec', `"${process.execPath}" "${CLI}" pre-commit --config shipguard.config.mjs`, '/dev/null'], {
        cwd: repo.dir,
        encoding: 'utf8',
        env: testEnv({ NO_COLOR: undefined, TERM: 'xterm', ...env }),
      }).stdout;
    expect(onTerminal({})).toMatch(/\x1b\[31merror/);
    const noColor = onTerminal({ NO_COLOR: '1' });
    expect(noColor).toContain('error');
    expect(noColor).not.toMatch(/\x1b\[\d+m/);
    expect(onTerminal({ TERM: 'dumb' })).not.toMatch(/\x1b\[\d+m/);
  });
});
