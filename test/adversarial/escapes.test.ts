// Terminal escape sequences in anything a user controls (file names, file content quoted in a
// message, commit subjects, plugin rule ids and messages) must print as visible escapes: never move
// the cursor, erase a line or forge a "✔ passed" over a refusal.
import { describe, expect, it } from 'vitest';
import { createRepo, lines, type TestRepo } from '../helpers/repo.js';

const ESC = '\x1b';
const FAKE_PASS = '✔ shipguard pre-commit: 6 rules passed';
const FAKER_IMPORT = "import { faker } from '@faker-js/faker';\nexport const name = faker.person.fullName();\n";

function repoWith(files: Record<string, string>, config: object = { extends: ['shipguard/presets/recommended'] }): TestRepo {
  const repo = createRepo({ config });
  for (const [file, content] of Object.entries(files)) repo.write(file, content);
  repo.gitOk(['add', '-A']);
  return repo;
}

function expectNoControl(text: string): void {
  expect(text).not.toContain(ESC);
  expect(text).not.toContain('\r');
}

describe('pretty output', () => {
  it('a file name with an escape sequence cannot overwrite the verdict with a fake "✔ passed"', () => {
    const name = `src/a${ESC}[2K\r${ESC}[32m${FAKE_PASS}${ESC}[8m.ts`;
    const repo = repoWith({ [name]: FAKER_IMPORT });
    const run = repo.shipguard(['pre-commit']);
    expect(run.code).toBe(1);
    expectNoControl(run.stdout);
    expect(run.stdout).toContain(`src/a\\x1b[2K\\r\\x1b[32m${FAKE_PASS}\\x1b[8m.ts`);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/^✖ shipguard pre-commit refused the commit/);
  });

  it('a file name with newlines cannot forge a verdict line', () => {
    const repo = repoWith({ [`src/b\n${FAKE_PASS}\n.ts`]: FAKER_IMPORT });
    const run = repo.shipguard(['pre-commit']);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('✔'))).toEqual([]);
    expect(run.stdout).toContain(`src/b\\n${FAKE_PASS}\\n.ts`);
  });

  it('an import specifier written with \\u001b escapes cannot move the cursor through a finding message', () => {
    const repo = repoWith({ 'src/c.ts': 'import pad from "\\u001b[1A\\u001b[2Kleft-pad";\nexport default pad;\n' });
    const run = repo.shipguard(['pre-commit']);
    expect(run.code).toBe(1);
    expectNoControl(run.stdout);
    expect(run.stdout).toContain('"\\x1b[1A\\x1b[2Kleft-pad" is imported by production code');
  });

  it('a commit subject with escape sequences is shown escaped in a CI report', () => {
    const repo = createRepo({ config: { rules: { 'commit-size': ['error', { maxLines: 5 }] } } });
    const base = repo.gitOk(['rev-parse', 'HEAD']);
    repo.write('notes.txt', lines(10));
    repo.gitOk(['add', 'notes.txt']);
    repo.gitOk(['commit', '-q', '--no-verify', '-m', `notes${ESC}[2K${ESC}[1A hidden`]);
    const run = repo.shipguard(['ci', '--base', base]);
    expect(run.code).toBe(1);
    expectNoControl(run.stdout);
    expect(run.stdout).toContain('"notes\\x1b[2K\\x1b[1A hidden"');
  });

  it('a plugin rule id and messages from the config cannot inject escapes', () => {
    const id = `x${ESC}[2K`;
    const plugins = `[
      { meta: { id: ${JSON.stringify(id)} }, check: () => [{ message: 'found \\u001b[2K\\r${FAKE_PASS}', hint: 'fix \\u009b2K it' }] },
      { meta: { id: 'thrower' }, check() { throw new Error('broken \\u001b]0;title\\u0007 rule'); } },
    ]`;
    const config = `export default { plugins: ${plugins}, rules: { ${JSON.stringify(id)}: 'error', thrower: 'error' } };\n`;
    const repo = repoWith({ 'shipguard.config.mjs': config, 'notes.txt': lines(3) }, {});
    const run = repo.shipguard(['pre-commit', '--config', 'shipguard.config.mjs']);
    expect(run.code).toBe(2);
    expectNoControl(run.stdout);
    expect(run.stdout).not.toContain('\u009b');
    expect(run.stdout).toContain(`found \\x1b[2K\\r${FAKE_PASS}`);
    expect(run.stdout).toContain('fix \\x9b2K it');
    expect(run.stdout).toContain('x\\x1b[2K');
    expect(run.stdout).toContain('rule thrower failed to run: broken \\x1b]0;title\\x07 rule');
  });

  it('a config file name with an escape sequence stays visible in the one-line error', () => {
    const repo = createRepo();
    const run = repo.shipguard(['pre-commit', '--config', `missing${ESC}[2K.json`]);
    expect(run.code).toBe(2);
    expectNoControl(run.stderr);
    expect(run.stderr).toBe('shipguard: config error in missing\\x1b[2K.json: the file does not exist\n');
  });
});

describe('github output', () => {
  it('escape sequences in a file name never reach the Actions log, and the property is escaped', () => {
    const name = `src/d${ESC}[2K:1,%0A\n::error::forged.ts`;
    const repo = repoWith({ [name]: FAKER_IMPORT });
    const run = repo.shipguard(['pre-commit', '--format', 'github']);
    expect(run.code).toBe(1);
    expectNoControl(run.stdout);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::error::'))).toEqual([]);
    expect(run.stdout).toContain('::error file=src/d\\x1b[2K%3A1%2C%250A\\n%3A%3Aerror%3A%3Aforged.ts,line=1,col=1,');
  });
});
