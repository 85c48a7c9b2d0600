// The git commands a pre-commit starts before the CLI is compiled (src/git/early.ts) run in one shell
// on POSIX: what they give must be byte for byte what each command run on its own gives, failures
// included, and the shell must end as a working `git cat-file --batch`.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REV_PARSE_ARGS, runEarlyGit, STAGED_DIFF_ARGS, type EarlyGit } from '../src/git/early.js';
import { git } from '../src/git/exec.js';
import { createRepo, tempDir } from './helpers/repo.js';

async function expectSameAsAlone(early: EarlyGit, cwd: string): Promise<void> {
  const [revParse, stagedDiff] = await Promise.all([early.revParse, early.stagedDiff]);
  expect(revParse).toEqual(await git(REV_PARSE_ARGS, { cwd, allowFailure: true }));
  expect(stagedDiff).toEqual(await git(STAGED_DIFF_ARGS, { cwd, allowFailure: true }));
}

/** Asks the adopted cat-file for one object, as the blob reader does. */
function catFile(early: EarlyGit, name: string): Promise<string> {
  const child = early.catFile!;
  return new Promise((resolve) => {
    let answer = '';
    child.stdout.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    child.on('close', () => resolve(answer));
    child.stdin.end(`${name}\n`);
  });
}

describe('early git commands (one shell)', () => {
  it('give what rev-parse and the staged diff give alone, NUL bytes and odd names included', async () => {
    const repo = createRepo();
    repo.write('src/a.ts', 'export const a = 1;\n');
    repo.commitAll('base');
    repo.write('src/a.ts', 'export const a = 2;\n');
    repo.write("it's a file with 'quotes' and $HOME.txt", 'x\n');
    repo.write('data.bin', Buffer.from([0, 1, 2, 0, 255, 10]));
    repo.gitOk(['add', '-A']);
    const sub = repo.path('src');
    const early = runEarlyGit(sub);
    await expectSameAsAlone(early, sub);
    expect((await early.stagedDiff)!.stdout.includes('data.bin')).toBe(true);
    expect(await catFile(early, ':src/a.ts')).toMatch(/^[0-9a-f]{40} blob 20\nexport const a = 2;\n\n$/);
  });

  it('give the same failures: an unborn HEAD, and a directory outside any repository', async () => {
    const unborn = createRepo({ initialCommit: false });
    unborn.write('a.txt', 'a\n');
    unborn.gitOk(['add', 'a.txt']);
    const early = runEarlyGit(unborn.dir);
    await expectSameAsAlone(early, unborn.dir);
    expect((await early.revParse)!.code).not.toBe(0);

    const outside = path.join(tempDir(), 'not-a-repo');
    mkdirSync(outside);
    const lost = runEarlyGit(outside);
    await expectSameAsAlone(lost, outside);
    expect((await lost.revParse)!.stderr).toMatch(/not a git repository/i);
    expect((await lost.stagedDiff)!.code).not.toBe(0);
    const child = lost.catFile!;
    const exit = child.exitCode ?? (await new Promise((resolve) => child.once('exit', resolve)));
    expect(exit).toBe(128); // as `git cat-file --batch` alone: the reader reports its failure
  });
});
