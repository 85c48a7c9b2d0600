// Attacks on what shipguard reads: attributes, config and encodings that hid a file's lines from
// git's diff (so a token and 1,000 lines passed as "binary"), and `git commit --amend` growing a
// commit past the size limit. Every repository is real; hooks are the ones `shipguard init` installs.
// Tokens are assembled at run time (this repository holds none).
import { describe, expect, it } from 'vitest';
import { createRepo, lines, tempDir, type RunResult, type TestRepo } from '../helpers/repo.js';
import { PACKAGE_ROOT } from '../helpers/repo.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
// @ts-expect-error plain ES module shared with the benchmarks
import { checksummed, rng } from '../fixtures/secrets/tokens.mjs';

const random = rng(Date.now() >>> 0);
const token = (): string => checksummed(random, ['gh', 'p_'].join(''));

/** A PNG header (NUL bytes in its first 8000 bytes, as git's own test looks for) and random data. */
function png(): Buffer {
  const header = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 0x10]);
  const body = Buffer.alloc(20_000);
  for (let index = 0; index < body.length; index++) body[index] = Math.floor(random() * 256);
  return Buffer.concat([header, body]);
}

/** Stages a token in src/config.js plus 1,000 lines in src/table.js: what the attacks try to hide. */
function stageTokenAndLines(repo: TestRepo, secret: string): void {
  repo.write('src/config.js', `export const githubToken = '${secret}';\n`);
  repo.write('src/table.js', lines(1000, 'export const row ='));
  repo.gitOk(['add', 'src']);
}

/** The refusal a hidden token and 1,000 lines must still get: both rules, file and line named. */
function expectRefused(run: RunResult, secret: string): void {
  expect(run.code).toBe(1);
  expect(run.output).toMatch(/src\/config\.js\n\s+1:\d+\s+error\s+GitHub personal access token \(classic\) in clear: ghp_\w{1,6}…\(40 chars\)/);
  expect(run.output).toContain('1001 lines changed (limit 300) in');
  expect(run.output).toContain('src/table.js (+1000 -0)');
  expect(run.output).not.toContain(secret);
}

describe('.gitattributes and git config cannot hide content', () => {
  it('a committed "* -diff" .gitattributes does not hide a staged token and 1,000 lines (and a real PNG stays binary)', () => {
    const repo = createRepo();
    repo.write('.gitattributes', '* -diff\n');
    repo.commitAll('attributes');
    const secret = token();
    stageTokenAndLines(repo, secret);
    repo.write('assets/logo.png', png());
    repo.gitOk(['add', 'assets']);
    const commit = repo.git(['commit', '-m', 'hide it']);
    expectRefused(commit, secret);
    // The PNG counts as a file with no lines: its bytes are not read as text.
    expect(commit.output).toContain('1001 lines changed (limit 300) in 3 files');
    expect(commit.output).toContain('assets/logo.png (binary)');
    expect(repo.git(['rev-list', '--count', 'HEAD']).stdout.trim()).toBe('2');
  });

  it('"*.js binary" in .gitattributes does not hide a committed token and 1,000 lines from shipguard ci --all', () => {
    const repo = createRepo();
    const base = repo.commitAll('base');
    repo.write('.gitattributes', '*.js binary\n');
    const secret = token();
    stageTokenAndLines(repo, secret);
    repo.commitAll('hide it'); // --no-verify: a developer who skipped the hook; CI must catch it
    const ci = repo.shipguard(['ci', '--base', base, '--all']);
    expect(ci.code).toBe(1);
    expect(ci.output).toMatch(/Commit [0-9a-f]{8} "hide it": 1002 lines changed \(limit 300\) in 3 files/);
    expect(ci.output).toMatch(/src\/config\.js\n\s+1:\d+\s+error\s+GitHub personal access token/);
    expect(ci.output).not.toContain(secret);
  });

  it('a diff driver with textconv and "binary = true" in the repository config does not hide a staged token', () => {
    const repo = createRepo();
    repo.write('.gitattributes', '*.js diff=hide\n');
    repo.commitAll('attributes');
    repo.gitOk(['config', 'diff.hide.textconv', 'sed d']);
    repo.gitOk(['config', 'diff.hide.binary', 'true']);
    const secret = token();
    stageTokenAndLines(repo, secret);
    expectRefused(repo.git(['commit', '-m', 'hide it']), secret);
  });

  it('"* -diff" in .git/info/attributes does not hide a staged token and 1,000 lines', () => {
    const repo = createRepo();
    repo.write('.git/info/attributes', '* -diff\n');
    const secret = token();
    stageTokenAndLines(repo, secret);
    expectRefused(repo.git(['commit', '-m', 'hide it']), secret);
  });

  it('"* -diff" in a global core.attributesFile does not hide a staged token and 1,000 lines', () => {
    const repo = createRepo();
    const home = tempDir('shipguard-home-');
    const attributes = path.join(home, 'attributes');
    writeFileSync(attributes, '* -diff\n');
    const globalConfig = path.join(home, 'gitconfig');
    const shared = path.join(PACKAGE_ROOT, 'test', 'helpers', 'gitconfig');
    writeFileSync(globalConfig, `[include]\n\tpath = ${shared}\n[core]\n\tattributesFile = ${attributes}\n`);
    const secret = token();
    stageTokenAndLines(repo, secret);
    expect(repo.gitOk(['diff', '--cached', '--stat'], { env: { GIT_CONFIG_GLOBAL: globalConfig } })).toContain('Bin 0 ->');
    expectRefused(repo.git(['commit', '-m', 'hide it'], { env: { GIT_CONFIG_GLOBAL: globalConfig } }), secret);
  });

  it('i18n.logOutputEncoding=UTF-16 in the user\'s config does not break shipguard ci (nor hang it)', () => {
    const repo = createRepo();
    const base = repo.commitAll('base');
    repo.write('.gitattributes', '*.js -diff\n');
    const secret = token();
    stageTokenAndLines(repo, secret);
    repo.commitAll('hide it');
    repo.gitOk(['config', 'i18n.logOutputEncoding', 'UTF-16']);
    const ci = repo.shipguard(['ci', '--base', base]);
    expect(ci.code).toBe(1);
    expect(ci.output).toMatch(/Commit [0-9a-f]{8} "hide it": 1002 lines changed \(limit 300\)/);
    expect(ci.output).not.toContain(secret);
  });

  it('diff.submodule=log in the user\'s config does not break pre-commit on a submodule bump', () => {
    const library = createRepo({ init: false });
    const repo = createRepo();
    repo.gitOk(['submodule', 'add', '-q', library.dir, 'vendor/library']);
    repo.commitAll('add the library');
    library.write('a.txt', 'a\n');
    library.commitAll('library change');
    repo.gitOk(['-C', 'vendor/library', 'pull', '-q', 'origin', 'feature']);
    repo.gitOk(['add', 'vendor/library']);
    repo.gitOk(['config', 'diff.submodule', 'log']);
    const commit = repo.git(['commit', '-m', 'bump the library']);
    expect(commit.output).toMatch(/shipguard pre-commit: \d+ rules passed/);
    expect(commit.code).toBe(0);
  });

  it('a tiny core.bigFileThreshold does not hide a staged token and 1,000 lines', () => {
    const repo = createRepo();
    repo.gitOk(['config', 'core.bigFileThreshold', '10']);
    const secret = token();
    stageTokenAndLines(repo, secret);
    expectRefused(repo.git(['commit', '-m', 'hide it']), secret);
  });
});

describe('files that were skipped as binary or too large', () => {
  it('a .js file with one NUL byte does not hide a staged token', () => {
    const repo = createRepo();
    const secret = token();
    repo.write('src/client.js', `const padding = '\0';\nexport const githubToken = '${secret}';\n`);
    repo.gitOk(['add', 'src']);
    const commit = repo.git(['commit', '-m', 'stray NUL']);
    expect(commit.code).toBe(1);
    expect(commit.output).toMatch(/src\/client\.js\n\s+2:\d+\s+error\s+GitHub personal access token/);
    expect(commit.output).not.toContain(secret);
  });

  it('a UTF-16LE file with a byte order mark (Windows PowerShell\'s default) does not hide a token', () => {
    const repo = createRepo();
    const secret = token();
    const script = `Write-Host "deploying"\r\n$env:GITHUB_TOKEN = "${secret}"\r\n`;
    repo.write('scripts/deploy.ps1', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(script, 'utf16le')]));
    repo.gitOk(['add', 'scripts']);
    const commit = repo.git(['commit', '-m', 'powershell deploy']);
    expect(commit.code).toBe(1);
    expect(commit.output).toMatch(/scripts\/deploy\.ps1\n\s+2:22\s+error\s+GitHub personal access token/);
    expect(commit.output).not.toContain(secret);
  });

  it('a UTF-16BE file with a byte order mark does not hide a token added to it, and its lines are counted', () => {
    const repo = createRepo();
    const utf16be = (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    const before = lines(3, 'Write-Host');
    repo.write('scripts/deploy.ps1', utf16be(before));
    repo.commitAll('script');
    const secret = token();
    repo.write('scripts/deploy.ps1', utf16be(`${before}$env:GITHUB_TOKEN = "${secret}"\n${lines(400, '# note')}`));
    repo.gitOk(['add', 'scripts']);
    const commit = repo.git(['commit', '-m', 'token']);
    expect(commit.code).toBe(1);
    expect(commit.output).toMatch(/scripts\/deploy\.ps1\n\s+4:22\s+error\s+GitHub personal access token/);
    expect(commit.output).toContain('scripts/deploy.ps1 (+401 -0)');
    expect(commit.output).not.toContain(secret);
  });

  it('a UTF-8 byte order mark does not hide an .npmrc auth line', () => {
    const repo = createRepo();
    const auth = Buffer.from(`deploy:${token().slice(4)}`).toString('base64');
    repo.write('.npmrc', `\uFEFF_auth=${auth}\n`);
    repo.gitOk(['add', '.npmrc']);
    const commit = repo.git(['commit', '-m', 'registry auth']);
    expect(commit.code).toBe(1);
    expect(commit.output).toMatch(/\.npmrc\n\s+1:7\s+error\s+\.npmrc registry auth token/);
    expect(commit.output).not.toContain(auth);
  });

  it('a 1 MB single-line JSON with a token is scanned, not skipped, and the token is redacted', () => {
    const repo = createRepo();
    const secret = token();
    const rows = Array.from({ length: 24_000 }, (_, id) => ({ id, name: `item ${id}`, tags: ['a', 'b'] }));
    rows.splice(20_000, 0, { id: -1, name: 'ci', tags: [secret] });
    const json = JSON.stringify(rows);
    expect(json.length).toBeGreaterThan(1_000_000);
    repo.write('data/catalog.json', json);
    repo.gitOk(['add', 'data']);
    const run = repo.shipguard(['pre-commit', '--format', 'json']);
    expect(run.code).toBe(1);
    const findings = JSON.parse(run.stdout).findings as { kind: string; file: string; line: number; column: number }[];
    expect(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.kind}`)).toEqual([`data/catalog.json:1:${json.indexOf(secret) + 1} github-pat`]);
    expect(run.output).not.toContain(secret);
  });
});

describe('git commit --amend', () => {
  /** A repository whose HEAD is a 250-line commit made through the hook, plus 250 more lines staged. */
  function amendable(): TestRepo {
    const repo = createRepo();
    repo.write('src/one.ts', lines(250, 'export const one ='));
    repo.gitOk(['add', 'src']);
    expect(repo.git(['commit', '-m', 'first half']).code).toBe(0);
    repo.write('src/two.ts', lines(250, 'export const two ='));
    repo.gitOk(['add', 'src']);
    return repo;
  }

  it('git commit --amend cannot grow HEAD into a 500-line commit through the pre-commit hook', () => {
    const repo = amendable();
    const head = repo.gitOk(['rev-parse', 'HEAD']);
    const amend = repo.git(['commit', '--amend', '--no-edit']);
    expect(amend.code).toBe(1);
    expect(amend.output).toContain('Amended commit (HEAD with the staged change): 500 lines changed (limit 300) in 2 files');
    expect(amend.output).toContain('without --amend');
    expect(repo.gitOk(['rev-parse', 'HEAD'])).toBe(head);
    // The same 250 lines as a commit of their own are fine, and rewording it measures nothing new.
    expect(repo.git(['commit', '-m', 'second half']).code).toBe(0);
    const reword = repo.git(['commit', '--amend', '-m', 'second half, reworded']);
    expect(reword.code).toBe(0);
    expect(reword.output).not.toContain('Amended commit');
  });

  it('an alias for commit --amend (git ca) and an abbreviated --am are detected too', () => {
    const repo = amendable();
    repo.gitOk(['config', 'alias.ca', 'commit --amend --no-edit']);
    expect(repo.git(['ca']).output).toContain('Amended commit (HEAD with the staged change): 500 lines changed');
    expect(repo.git(['commit', '-m', '--amend', '--am']).output).toContain('Amended commit (HEAD with the staged change): 500 lines changed');
    // `-m --amend` is a message, not the option: an ordinary commit of 250 lines.
    expect(repo.git(['commit', '-q', '-m', '--amend']).code).toBe(0);
  });
});
