// Output people read: hints once per kind, "1 error", commands named as typed, commits named,
// explain and SHIPGUARD_SKIP that suggest the rule meant, print-config that says where values came
// from, --help for every command, and a notice when a config extends no preset.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ES module shared with the benchmarks
import { checksummed, rng } from './fixtures/secrets/tokens.mjs';
import { createRepo, tempDir } from './helpers/repo.js';

const random = rng(12);
const token = (): string => checksummed(random, ['gh', 'p_'].join(''));

/** A plugin rule that reports every added line holding "XXX", all of one kind with one hint. */
const PLACEHOLDER_PLUGIN = `export default {
  extends: ['shipguard/presets/recommended'],
  plugins: [{
    meta: { id: 'no-xxx', description: 'No XXX placeholders', docs: 'https://example.com/rules/no-xxx' },
    check(ctx) {
      return ctx.changes.files.filter((file) => file.path.endsWith('.txt')).flatMap((file) => file.addedLines.filter((a) => a.text.includes('XXX'))
        .map((a) => ({ file: file.path, line: a.line, kind: 'placeholder', message: 'XXX placeholder', hint: 'Write the real text.' })));
    },
  }],
  rules: { 'no-xxx': 'error' },
};
`;

describe('pretty output', () => {
  it('seven findings of one kind print their hint and docs line once, not seven times', () => {
    const repo = createRepo({ init: false });
    repo.write('shipguard.config.mjs', PLACEHOLDER_PLUGIN);
    repo.write('copy.txt', Array.from({ length: 7 }, (_, i) => `XXX ${i}\n`).join(''));
    repo.gitOk(['add', '-A']);
    const run = repo.shipguard(['pre-commit']);
    expect(run.code).toBe(1);
    expect(run.stdout.match(/XXX placeholder/g)).toHaveLength(7);
    expect(run.stdout.match(/→ Write the real text\./g)).toHaveLength(1);
    expect(run.stdout.match(/docs: shipguard explain no-xxx/g)).toHaveLength(1);
    expect(run.stdout).toContain('refused the commit: 7 errors, 0 warnings');
  });

  it('the github format says "1 error", not "1 errors"', () => {
    const repo = createRepo({ init: false });
    repo.write('shipguard.config.mjs', PLACEHOLDER_PLUGIN);
    repo.write('copy.txt', 'XXX\n');
    repo.gitOk(['add', '-A']);
    const out = repo.shipguard(['pre-commit', '--format', 'github']).stdout;
    expect(out).toContain('shipguard pre-commit: 1 error, 0 warnings, 0 rule failures');
  });
});

describe('scan', () => {
  it('names itself "shipguard scan", never "shipguard ci"', () => {
    const repo = createRepo();
    repo.write('config.ts', `export const key = '${token()}';\n`);
    repo.commitAll('add key');
    const run = repo.shipguard(['scan']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✖ shipguard scan found problems: 1 error');
    expect(run.stdout).not.toContain('shipguard ci');
  });

  it('--history names the commit each finding is in', () => {
    const repo = createRepo();
    repo.write('config.ts', `export const key = '${token()}';\n`);
    const leaked = repo.commitAll('add key');
    repo.write('config.ts', 'export const key = process.env.KEY;\n');
    repo.commitAll('remove key');
    const run = repo.shipguard(['scan', '--history']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`commit ${leaked.slice(0, 8)}`);
  });
});

describe('baseline', () => {
  it('does not run required-build', () => {
    const marker = `${tempDir('shipguard-built-')}/built`;
    const repo = createRepo();
    const pkg = JSON.parse(repo.read('package.json'));
    pkg.scripts = { ...pkg.scripts, build: `node -e "require('fs').writeFileSync('${marker}', 'x')"` };
    repo.write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
    repo.commitAll('build script');
    const run = repo.shipguard(['baseline']);
    expect(run.code, run.output).toBe(0);
    expect(run.output).not.toContain('required-build');
    expect(() => readFileSync(marker)).toThrow();
  });
});

describe('explain', () => {
  it('prints a plugin rule\'s own description and docs link', () => {
    const repo = createRepo({ init: false });
    repo.write('shipguard.config.mjs', PLACEHOLDER_PLUGIN);
    const run = repo.shipguard(['explain', 'no-xxx']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('# no-xxx');
    expect(run.stdout).toContain('No XXX placeholders');
    expect(run.stdout).toContain('Docs: https://example.com/rules/no-xxx');
  });

  it('suggests the nearest rule id for a typo', () => {
    const repo = createRepo({ init: false });
    const run = repo.shipguard(['explain', 'comit-size']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"comit-size" is not one (did you mean "commit-size"?)');
  });
});

describe('SHIPGUARD_SKIP', () => {
  it('a mistyped rule id stops the commit and names the rule meant', () => {
    const repo = createRepo();
    repo.write('a.txt', 'a\n');
    repo.gitOk(['add', 'a.txt']);
    const run = repo.shipguard(['pre-commit'], { env: { SHIPGUARD_SKIP: 'secret' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('SHIPGUARD_SKIP names an unknown rule "secret" (did you mean "secrets"?)');
  });
});

describe('print-config', () => {
  it('says where each rule came from and lists a preset once', () => {
    const repo = createRepo({ init: false });
    // strict extends recommended; extending both must not list recommended twice.
    repo.write('.shipguardrc.json', JSON.stringify({ extends: ['shipguard/presets/recommended', 'shipguard/presets/strict'], rules: { secrets: 'warn' } }));
    const run = repo.shipguard(['print-config']);
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout);
    expect(printed.sources).toEqual(['shipguard/presets/recommended', 'shipguard/presets/strict', '.shipguardrc.json']);
    expect(printed.ruleSources.secrets).toBe('.shipguardrc.json');
    expect(printed.ruleSources['commit-size']).toBe('shipguard/presets/strict');
    expect(printed.ruleSources['prisma-migration']).toBe('default');
    expect(run.stderr).toBe('');
  });
});

describe('a config that extends no preset', () => {
  const onlyCommitSize = JSON.stringify({ rules: { 'commit-size': 'error' } });
  const notice = 'the config extends no preset, so only the rules it names are on';

  it('print-config says so on stderr, keeping stdout valid JSON', () => {
    const repo = createRepo({ init: false });
    repo.write('.shipguardrc.json', onlyCommitSize);
    const run = repo.shipguard(['print-config']);
    expect(JSON.parse(run.stdout).rules.secrets[0]).toBe('off');
    expect(run.stderr).toContain(notice);
  });

  it('a pretty run says so in one line', () => {
    const repo = createRepo({ init: false });
    repo.write('.shipguardrc.json', onlyCommitSize);
    repo.write('a.txt', 'a\n');
    repo.gitOk(['add', '-A']);
    const run = repo.shipguard(['pre-commit']);
    expect(run.code).toBe(0);
    expect(run.stdout.match(new RegExp(notice, 'g'))).toHaveLength(1);
  });

  it('init over such a config says so', () => {
    const repo = createRepo({ init: false });
    repo.write('.shipguardrc.json', onlyCommitSize);
    const run = repo.shipguard(['init']);
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain(notice);
  });
});

describe('--help', () => {
  it.each(['pre-commit', 'ci', 'scan', 'baseline', 'explain', 'print-config', 'init'])('shipguard %s --help lists its options', (command) => {
    const repo = createRepo({ init: false });
    const run = repo.shipguard([command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: shipguard ${command}`);
    expect(run.stdout).toContain('Options:');
    expect(run.stdout).toContain('-h, --help');
  });

  it('ci --help explains --output', () => {
    const out = createRepo({ init: false }).shipguard(['ci', '--help']).stdout;
    expect(out).toMatch(/-o, --output <value> +write the json\/sarif report to this file/);
  });
});
