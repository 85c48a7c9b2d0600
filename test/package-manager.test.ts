// Which package manager a project uses (src/package-manager.ts), as a user sees it: the command a
// runtime-imports hint names, and the install `shipguard init` tells the team to run. Decided from
// package.json `packageManager` (corepack's `pnpm@9.1.0+sha512.…` included), else the lockfile.
import { describe, expect, it } from 'vitest';
import { repoWithRules, runJson } from './helpers/fixture-project.js';
import { createRepo, type TestRepo } from './helpers/repo.js';

/** A package importing `dayjs`, which it does not list: runtime-imports names the command that adds it. */
function importsUnlisted(repo: TestRepo, dir = ''): void {
  const prefix = dir ? `${dir}/` : '';
  repo.write(`${prefix}src/server.ts`, "import dayjs from 'dayjs';\nexport const now = dayjs();\n");
}

function addHint(repo: TestRepo): string {
  repo.gitOk(['add', '-A']);
  const run = runJson(repo, ['pre-commit']);
  expect(run.findings.map((finding) => `${finding.file}:${finding.line} ${finding.kind}`)).toEqual([expect.stringMatching(/src\/server\.ts:1 missing-dependency$/)]);
  return run.findings[0]!.hint!;
}

function writePackage(repo: TestRepo, fields: object, dir = ''): void {
  repo.write(dir ? `${dir}/package.json` : 'package.json', `${JSON.stringify({ name: dir ? '@acme/api' : 'app', version: '1.0.0', ...fields }, null, 2)}\n`);
}

describe('package manager: the add command in runtime-imports hints', () => {
  it('pnpm from a corepack packageManager field with a hash, with no lockfile', () => {
    const repo = repoWithRules({ 'runtime-imports': 'error' });
    writePackage(repo, { packageManager: `pnpm@9.1.0+sha512.${'ab12'.repeat(16)}` });
    importsUnlisted(repo);
    expect(addHint(repo)).toBe('Add it to dependencies: pnpm add --save-prod dayjs.');
  });

  it('bun from bun.lock, and from the binary bun.lockb', () => {
    for (const lockfile of ['bun.lock', 'bun.lockb']) {
      const repo = repoWithRules({ 'runtime-imports': 'error' });
      repo.write(lockfile, lockfile === 'bun.lockb' ? '\0\u0001bun-lockfile-format-v0\0' : '{ "lockfileVersion": 1 }\n');
      importsUnlisted(repo);
      expect(addHint(repo), lockfile).toBe('Add it to dependencies: bun add dayjs.');
    }
  });

  it('packageManager wins over a stale lockfile of another manager; pnpm-lock.yaml wins over a stale package-lock.json', () => {
    const declared = repoWithRules({ 'runtime-imports': 'error' });
    writePackage(declared, { packageManager: 'yarn@4.1.0' });
    declared.write('package-lock.json', '{ "lockfileVersion": 3, "packages": {} }\n');
    importsUnlisted(declared);
    expect(addHint(declared)).toBe('Add it to dependencies: yarn add dayjs.');

    const both = repoWithRules({ 'runtime-imports': 'error' });
    both.write('package-lock.json', '{ "lockfileVersion": 3, "packages": {} }\n');
    both.write('pnpm-lock.yaml', "lockfileVersion: '9.0'\n");
    importsUnlisted(both);
    expect(addHint(both)).toBe('Add it to dependencies: pnpm add --save-prod dayjs.');
  });

  it('a workspace package: the root lockfile decides, and the command targets the package', () => {
    const repo = repoWithRules({ 'runtime-imports': 'error' });
    writePackage(repo, { private: true, workspaces: ['packages/*'] });
    writePackage(repo, {}, 'packages/api');
    repo.write('pnpm-lock.yaml', "lockfileVersion: '9.0'\n");
    importsUnlisted(repo, 'packages/api');
    expect(addHint(repo)).toBe('Add it to dependencies: pnpm add --save-prod dayjs --filter @acme/api.');
  });

  it('CONTROL: npm when nothing says otherwise; a lockfile only in the working tree does not count', () => {
    const repo = repoWithRules({ 'runtime-imports': 'error' });
    importsUnlisted(repo);
    repo.gitOk(['add', '-A']);
    repo.write('pnpm-lock.yaml', "lockfileVersion: '9.0'\n"); // not staged
    const run = runJson(repo, ['pre-commit']);
    expect(run.findings[0]!.hint).toBe('Add it to dependencies: npm install --save-prod dayjs.');
  });
});

describe('package manager: shipguard init', () => {
  it("names the project's install command in its closing line", () => {
    const pnpm = createRepo({ init: false, initialCommit: false });
    writePackage(pnpm, { packageManager: 'pnpm@9.1.0' });
    expect(pnpm.shipguard(['init']).stdout).toContain('Next: commit these files so the whole team gets the hooks on `pnpm install`.');

    const npm = createRepo({ init: false, initialCommit: false });
    expect(npm.shipguard(['init']).stdout).toContain('Next: commit these files so the whole team gets the hooks on `npm install`.');
  });
});
