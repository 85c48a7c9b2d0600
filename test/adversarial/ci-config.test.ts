// Attacks on the config CI trusts: a pull request that rewrites the config or a local preset to
// switch the rules off. `ci --config-from <base>` reads the config from the base's tree instead.
import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRepo, installShipguard, lines, type TestRepo } from '../helpers/repo.js';

const TEAM_PRESET = "export default { rules: { 'commit-size': ['error', { maxLines: 5 }] } };\n";
const CONFIG = "import { defineConfig } from 'shipguard';\nexport default defineConfig({ extends: ['shipguard/presets/recommended', './presets/team.mjs'] });\n";

/** `main` with a config extending a local preset (commit-size limit 5), and branch `pr` off it. */
function baseWithTeamPreset(): TestRepo {
  const repo = createRepo({ branch: 'main', init: false });
  repo.write('package.json', JSON.stringify({ name: 'fixture', private: true, type: 'module' }));
  repo.write('presets/team.mjs', TEAM_PRESET).write('shipguard.config.mjs', CONFIG);
  repo.commitAll('shipguard config');
  repo.gitOk(['switch', '-q', '-c', 'pr']);
  return repo;
}

describe('ci --config-from', () => {
  it('a pull request that replaces the config with {} is still checked with the base rules', () => {
    const repo = baseWithTeamPreset();
    repo.write('shipguard.config.mjs', 'export default {};\n').write('big.txt', lines(20));
    repo.commitAll('empty the config');
    // The attack: trusting the pull request's own config checks nothing.
    expect(repo.shipguard(['ci', '--base', 'main']).stdout).toContain('✔ shipguard ci: 0 rules passed');

    const run = repo.shipguard(['ci', '--base', 'main', '--config-from', 'main']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('"empty the config": 23 lines changed (limit 5)');
    expect(run.stdout).toContain('✖ shipguard ci refused the change');
  });

  it('a pull request that loosens a local preset is checked with the base preset', () => {
    const repo = baseWithTeamPreset();
    repo.write('presets/team.mjs', TEAM_PRESET.replace('maxLines: 5', 'maxLines: 5000')).write('big.txt', lines(20));
    repo.commitAll('raise the limit');
    const run = repo.shipguard(['ci', '--base', 'main', '--config-from', 'main', '--format', 'json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).findings[0].message).toContain('"raise the limit": 22 lines changed (limit 5)');
  });

  it('a changed config is announced in every format, an unchanged one is not', () => {
    const repo = baseWithTeamPreset();
    repo.write('notes.txt', 'one\n').commitAll('notes');
    const quiet = repo.shipguard(['ci', '--base', 'main', '--config-from', 'main', '--format', 'json']);
    expect(quiet.code).toBe(0);
    expect(JSON.parse(quiet.stdout).notices).toEqual([]);

    repo.write('presets/team.mjs', TEAM_PRESET.replace('maxLines: 5', 'maxLines: 50'));
    repo.write('shipguard.config.mjs', 'export default {};\n').commitAll('loosen');
    const notice = 'the shipguard config at HEAD differs from main (presets/team.mjs changed, shipguard.config.mjs changed): checked with the config from main';
    const ci = (format: string) => repo.shipguard(['ci', '--base', 'main', '--config-from', 'main', '--format', format]).stdout;
    const pretty = ci('pretty').split('\n');
    expect(pretty[0]).toContain(`⚠ ${notice}`);
    expect(pretty.at(-2)).toContain(`⚠ ${notice}`);
    expect(JSON.parse(ci('json')).notices[0]).toContain(notice);
    const sarifNotes = JSON.parse(ci('sarif')).runs[0].invocations[0].toolExecutionNotifications;
    expect(sarifNotes).toContainEqual({ level: 'warning', message: { text: expect.stringContaining(notice) } });
    expect(ci('github').split('\n')[0]).toBe(`::warning title=shipguard config::${notice}; the change takes effect once merged.`);
  });

  it('a TypeScript config and its plugin file in a sub-package come from the base, copied privately under .git', () => {
    const repo = createRepo({ branch: 'main', init: false });
    const app = repo.path('packages/app');
    repo.write('packages/app/package.json', JSON.stringify({ name: 'app', private: true, type: 'module' }));
    installShipguard(app); // its own node_modules, as under pnpm
    repo.write('packages/app/rules/no-todo.mjs', [
      "export default { meta: { id: 'no-todo', stages: ['ci'] }, check(context) {",
      '  return context.changes.files.flatMap((file) => file.addedLines.filter((l) => l.text.includes("TODO")).map((l) => ({ message: "TODO left in", file: file.path, line: l.line })));',
      '} };',
    ].join('\n'));
    repo.write('packages/app/shipguard.config.ts', "import { defineConfig } from 'shipguard';\nimport noTodo from './rules/no-todo.mjs';\nexport default defineConfig({ plugins: [noTodo], rules: { 'no-todo': 'error' } });\n");
    repo.commitAll('plugin');
    repo.gitOk(['switch', '-q', '-c', 'pr']);
    repo.write('packages/app/rules/no-todo.mjs', "export default { meta: { id: 'no-todo' }, check: () => [] };\n");
    repo.write('packages/app/src/a.ts', '// TODO ship it\n').commitAll('disarm the plugin');

    const run = repo.shipguard(['ci', '--base', 'main', '--config-from', 'main'], { cwd: app });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('packages/app/src/a.ts');
    expect(run.stdout).toContain('TODO left in');
    const sha = repo.gitOk(['rev-parse', 'main']);
    const copy = repo.path('.git/shipguard/config-from', sha);
    expect(statSync(copy).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(copy, 'packages/app/shipguard.config.ts')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(copy, 'packages/app/rules/no-todo.mjs')).mode & 0o777).toBe(0o600);
  });

  it('a config importing its own package by name loads the built package, not the untracked build output', () => {
    const repo = createRepo({ branch: 'main', init: false });
    repo.write('package.json', JSON.stringify({ name: 'acme-rules', private: true, type: 'module', exports: { '.': './dist/index.js' } }));
    repo.write('.gitignore', 'node_modules/\ndist/\n');
    repo.write('dist/index.js', "export const limit = ['error', { maxLines: 5 }];\n"); // built, never committed
    repo.write('shipguard.config.mjs', "import { limit } from 'acme-rules';\nexport default { rules: { 'commit-size': limit } };\n");
    repo.commitAll('config');
    repo.gitOk(['switch', '-q', '-c', 'pr']);
    repo.write('big.txt', lines(20)).commitAll('big');
    const run = repo.shipguard(['ci', '--base', 'main', '--config-from', 'main']);
    expect(run.code, run.output).toBe(1);
    expect(run.stdout).toContain('"big": 20 lines changed (limit 5)');
  });

  it('a ref that does not exist: exit 2 and one line', () => {
    const repo = baseWithTeamPreset();
    const run = repo.shipguard(['ci', '--base', 'main', '--config-from', 'origin/nope']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('shipguard: --config-from "origin/nope" is not a commit in this repository\n');
  });

  it('a broken config at the base names it as <ref>:<file>', () => {
    const repo = createRepo({ branch: 'main', init: false });
    repo.write('.shipguardrc.json', '{ "rules": { "commit-size": ["error", { "maxLines": "many" }] } }\n').commitAll('bad');
    const run = repo.shipguard(['ci', '--base', 'main', '--config-from', 'main']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^shipguard: config error in main:\.shipguardrc\.json: rules\.commit-size\.maxLines .*\n$/);
  });
});
