// Config: every file format, `extends` resolution and order, and one-line errors naming file and key.
import { describe, expect, it } from 'vitest';
import { createRepo, type TestRepo } from './helpers/repo.js';

function repoWith(files: Record<string, string>): TestRepo {
  const repo = createRepo({ init: false, initialCommit: false });
  for (const [file, content] of Object.entries(files)) repo.write(file, content);
  return repo;
}

function resolved(repo: TestRepo): { configFile: string; sources: string[]; rules: Record<string, [string, Record<string, unknown>]> } {
  const run = repo.shipguard(['print-config']);
  if (run.code !== 0) throw new Error(run.output);
  return JSON.parse(run.stdout);
}

function configError(repo: TestRepo): string {
  const run = repo.shipguard(['pre-commit']);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1); // one line, never a stack trace
  return lines[0]!;
}

describe('config formats', () => {
  const setting = { extends: ['shipguard/presets/recommended'], rules: { 'commit-size': ['warn', { maxLines: 123 }] } };
  const json = JSON.stringify(setting, null, 2);
  const yaml = "extends:\n  - shipguard/presets/recommended\nrules:\n  commit-size:\n    - warn\n    - maxLines: 123\n";
  const cases: [string, string][] = [
    ['.shipguardrc', yaml],
    ['.shipguardrc.json', json],
    ['.shipguardrc.yaml', yaml],
    ['.shipguardrc.yml', yaml],
    ['shipguard.config.js', `module.exports = ${json};\n`],
    ['shipguard.config.cjs', `module.exports = ${json};\n`],
    ['shipguard.config.mjs', `import { defineConfig } from 'shipguard';\nexport default defineConfig(${json});\n`],
    [
      'shipguard.config.ts',
      `import { defineConfig, type UserConfig } from 'shipguard';\nconst limit: number = 123;\nconst config: UserConfig = defineConfig({ extends: ['shipguard/presets/recommended'], rules: { 'commit-size': ['warn', { maxLines: limit }] } });\nexport default config;\n`,
    ],
    ['shipguard.config.mts', `import { defineConfig } from 'shipguard';\nexport default defineConfig(${json} as const);\n`],
  ];
  it.each(cases)('loads %s', (file, content) => {
    const config = resolved(repoWith({ [file]: content }));
    expect(config.configFile).toBe(file);
    expect(config.rules['commit-size']).toEqual(['warn', expect.objectContaining({ maxLines: 123, warnLines: 150 })]);
    expect(config.rules['protected-branch']![0]).toBe('error');
  });

  it('loads package.json#shipguard', () => {
    const repo = repoWith({});
    repo.write('package.json', JSON.stringify({ name: 'x', shipguard: setting }));
    const config = resolved(repo);
    expect(config.configFile).toBe('package.json');
    expect(config.rules['commit-size']![1]).toMatchObject({ maxLines: 123 });
  });

  it('uses the recommended preset when there is no config, and says so in print-config', () => {
    const config = resolved(repoWith({}));
    expect(config.configFile).toBeNull();
    expect(config.rules['commit-size']![0]).toBe('error');
  });
});

describe('extends', () => {
  function chainRepo(): TestRepo {
    return repoWith({
      'node_modules/@acme/shipguard-preset/package.json': JSON.stringify({ name: '@acme/shipguard-preset', type: 'module', exports: './index.js' }),
      'node_modules/@acme/shipguard-preset/index.js': `export default { extends: ['shipguard/presets/recommended'], rules: { 'commit-size': ['error', { maxLines: 111, warnLines: 50 }], 'protected-branch': ['error', { branches: ['main', 'trunk'] }] } };\n`,
      'config/team.yaml': 'rules:\n  commit-size: [error, { maxLines: 222 }]\n',
      '.shipguardrc.json': JSON.stringify({ extends: ['@acme', './config/team.yaml'], rules: { 'protected-branch': 'warn' } }),
    });
  }

  it('resolves npm package (shorthand), relative path and built-in preset, later entries winning', () => {
    const config = resolved(chainRepo());
    expect(config.sources).toEqual([
      'shipguard/presets/recommended',
      'node_modules/@acme/shipguard-preset/index.js',
      'config/team.yaml',
      '.shipguardrc.json',
    ]);
    // team.yaml's maxLines overrides @acme's; @acme's warnLines survives the shallow merge.
    expect(config.rules['commit-size']).toEqual(['error', expect.objectContaining({ maxLines: 222, warnLines: 50 })]);
    // A severity-only override keeps the preset's options.
    expect(config.rules['protected-branch']).toEqual(['warn', { branches: ['main', 'trunk'], allow: [] }]);
  });

  it('resolves the unscoped shorthand acme -> shipguard-preset-acme', () => {
    const repo = repoWith({
      'node_modules/shipguard-preset-acme/package.json': JSON.stringify({ name: 'shipguard-preset-acme', main: 'index.json' }),
      'node_modules/shipguard-preset-acme/index.json': JSON.stringify({ rules: { 'commit-size': ['error', { maxFiles: 7 }] } }),
      '.shipguardrc.json': JSON.stringify({ extends: 'acme' }),
    });
    expect(resolved(repo).rules['commit-size']![1]).toMatchObject({ maxFiles: 7 });
  });

  it('reports a cycle', () => {
    const repo = repoWith({
      '.shipguardrc.json': JSON.stringify({ extends: ['./presets/a.json'] }),
      'presets/a.json': JSON.stringify({ extends: ['./b.json'] }),
      'presets/b.json': JSON.stringify({ extends: ['./a.json'] }),
    });
    expect(configError(repo)).toBe(
      'shipguard: config error in .shipguardrc.json: extends cycle: presets/a.json -> presets/b.json -> presets/a.json',
    );
  });

  it('reports a preset that cannot be resolved', () => {
    expect(configError(repoWith({ '.shipguardrc.json': JSON.stringify({ extends: '@nope/missing' }) }))).toBe(
      'shipguard: config error in .shipguardrc.json: extends "@nope/missing" could not be resolved (tried @nope/missing); is the package installed?',
    );
    expect(configError(repoWith({ '.shipguardrc.json': JSON.stringify({ extends: 'shipguard/presets/nope' }) }))).toMatch(
      /^shipguard: config error in \.shipguardrc\.json: extends "shipguard\/presets\/nope" is not a built-in preset \(available: .*shipguard\/presets\/recommended/,
    );
  });
});

describe('config errors: one line, file and key, exit 2', () => {
  it('wrong option type (the message from the issue, word for word)', () => {
    const repo = repoWith({
      'shipguard.config.ts': `export default { rules: { 'commit-size': ['error', { maxLines: 'abc' }] } };\n`,
    });
    expect(configError(repo)).toBe(
      'shipguard: config error in shipguard.config.ts: rules.commit-size.maxLines must be a positive integer (got "abc")',
    );
  });

  it('a fractional, zero or negative count is not a positive integer', () => {
    for (const [value, shown] of [[12.5, '12.5'], [0, '0'], [-3, '-3']] as const) {
      const repo = repoWith({ '.shipguardrc.json': JSON.stringify({ rules: { 'commit-size': ['error', { maxLines: value }] } }) });
      expect(configError(repo)).toBe(`shipguard: config error in .shipguardrc.json: rules.commit-size.maxLines must be a positive integer (got ${shown})`);
    }
  });

  it('names the preset file when the bad value comes from a preset', () => {
    const repo = repoWith({
      '.shipguardrc.json': JSON.stringify({ extends: './team.json' }),
      'team.json': JSON.stringify({ rules: { 'protected-branch': ['error', { allow: ['everything'] }] } }),
    });
    expect(configError(repo)).toBe(
      'shipguard: config error in team.json: rules.protected-branch.allow[0] must be one of "commit", "push", "force-push", "delete" (got "everything")',
    );
  });

  it('unknown rule id, with a suggestion', () => {
    expect(configError(repoWith({ '.shipguardrc.json': JSON.stringify({ rules: { 'commit-sise': 'error' } }) }))).toMatch(
      /^shipguard: config error in \.shipguardrc\.json: rules\.commit-sise is not a known rule \(known: commit-size, .*\)\. Did you mean "commit-size"\?$/,
    );
  });

  it('unknown option, with a suggestion', () => {
    expect(configError(repoWith({ '.shipguardrc.yaml': 'rules:\n  commit-size: [error, { maxLine: 10 }]\n' }))).toMatch(
      /^shipguard: config error in \.shipguardrc\.yaml: rules\.commit-size\.maxLine is not a known option \(known: maxLines, .*\)\. Did you mean "maxLines"\?$/,
    );
  });

  it('bad severity and unknown top-level key', () => {
    expect(configError(repoWith({ '.shipguardrc.json': JSON.stringify({ rules: { 'commit-size': 'fatal' } }) }))).toBe(
      'shipguard: config error in .shipguardrc.json: rules.commit-size must be "off", "warn", "error" or [severity, options] (got "fatal")',
    );
    expect(configError(repoWith({ '.shipguardrc.json': JSON.stringify({ rule: {} }) }))).toMatch(
      /^shipguard: config error in \.shipguardrc\.json: rule is not a known key \(known: extends, ignore, rules, overrides, plugins, allowSkip, allowTrailer, ruleTimeout\)\. Did you mean "rules"\?$/,
    );
  });

  it('JSON syntax error, with line and column', () => {
    expect(configError(repoWith({ '.shipguardrc.json': '{\n  "rules": { "commit-size": "error", }\n}' }))).toBe(
      'shipguard: config error in .shipguardrc.json:2:38: invalid JSON: Expected double-quoted property name in JSON',
    );
  });

  it('broken package.json is named as such', () => {
    const repo = repoWith({});
    repo.write('package.json', '{"name": "x",}');
    expect(configError(repo)).toMatch(/^shipguard: config error in package\.json:1:\d+: invalid JSON: /);
  });

  it('YAML syntax error, with line and column', () => {
    expect(configError(repoWith({ '.shipguardrc.yaml': 'rules:\n  commit-size: [error\n  other: : x\n' }))).toBe(
      'shipguard: config error in .shipguardrc.yaml:3:3: invalid YAML: missed comma between flow collection entries',
    );
  });

  it('TypeScript and JavaScript syntax errors, with line and column', () => {
    expect(configError(repoWith({ 'shipguard.config.ts': 'export default { rules: { "commit-size": "error" ;\n' }))).toBe(
      'shipguard: config error in shipguard.config.ts:1:49: Unexpected token, expected ","',
    );
    expect(configError(repoWith({ 'shipguard.config.mjs': 'export default {\n  rules: {\n' }))).toMatch(
      /^shipguard: config error in shipguard\.config\.mjs:3:\d+: Unexpected token/,
    );
  });

  it('an exception thrown by a JS config names the line', () => {
    expect(configError(repoWith({ 'shipguard.config.mjs': '\n\nthrow new Error("no config for you");\n' }))).toBe(
      'shipguard: config error in shipguard.config.mjs:3:7: no config for you',
    );
  });

  it('a config that is not an object', () => {
    expect(configError(repoWith({ '.shipguardrc.json': '[1, 2]' }))).toBe(
      'shipguard: config error in .shipguardrc.json: the config must be an object (got [1,2])',
    );
  });
});
