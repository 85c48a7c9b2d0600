// The hook path never lists the whole tree: in a 100k-file repository that costs ~100 ms of git plus
// far more to split and index the names. Lookups name what they need (case-insensitive pathspecs for
// an import that did not resolve, package.json files under a workspace root, Prisma schemas and
// migrations), in as few git processes as possible. GIT_TRACE records every git command shipguard runs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { located, repoWithRules, runJson } from './helpers/fixture-project.js';
import { tempDir, type TestRepo } from './helpers/repo.js';

/** Runs shipguard with GIT_TRACE and returns the report and the git commands it ran. */
function traced(repo: TestRepo, args: string[]) {
  const trace = path.join(tempDir('shipguard-trace-'), 'trace.log');
  const run = runJson(repo, args, { GIT_TRACE: trace });
  const commands = readFileSync(trace, 'utf8')
    .split('\n')
    .map((line) => /trace: built-in: (git .*)$/.exec(line)?.[1])
    .filter((command): command is string => Boolean(command));
  return { run, commands };
}

/** `git ls-files` without a pathspec, or a recursive `git ls-tree`: a listing of the whole tree. */
function wholeTreeListings(commands: string[]): string[] {
  return commands.filter((command) => /^git ls-files(?!.* -- )/.test(command) || /^git ls-tree .*-r/.test(command));
}

describe('lookups on the hook path', () => {
  it('an import that does not resolve is checked for a case mismatch with one targeted lookup, at pre-commit and in ci', () => {
    const repo = repoWithRules({ 'runtime-imports': 'error' });
    repo.write('src/services/userService.ts', 'export const user = 1;\n');
    repo.write('src/Lib/Format.ts', 'export const format = 1;\n');
    repo.commitAll('services');
    const base = repo.gitOk(['rev-parse', 'HEAD']);
    // A file-name case mismatch, a directory case mismatch, and an import of nothing at all.
    repo.write('src/app.ts', "import { user } from './services/UserService';\nimport { format } from './lib/format';\nimport { gone } from './missing';\nexport const app = [user, format, gone];\n");
    repo.gitOk(['add', '-A']);

    const staged = traced(repo, ['pre-commit']);
    expect(located(staged.run.findings)).toEqual(['src/app.ts:1 case-mismatch', 'src/app.ts:2 case-mismatch', 'src/app.ts:3 unresolved']);
    expect(staged.run.findings.map((finding) => finding.message.split(' only on')[0])).toEqual([
      '"./services/UserService" matches src/services/userService.ts',
      '"./lib/format" matches src/Lib/Format.ts',
      expect.stringContaining('"./missing" does not resolve'),
    ]);
    expect(wholeTreeListings(staged.commands)).toEqual([]);
    // Lookups are batched per event-loop turn: imports whose existence checks settle in different
    // turns take separate targeted lookups, never more than one per unresolved import.
    const lookups = staged.commands.filter((command) => command.startsWith('git ls-files'));
    expect(lookups.length).toBeGreaterThanOrEqual(1);
    expect(lookups.length).toBeLessThanOrEqual(3);
    expect(lookups.every((command) => command.includes(':(icase,glob)'))).toBe(true);

    repo.commitAll('app');
    const ci = traced(repo, ['ci', '--base', base]);
    expect(located(ci.run.findings)).toEqual(['src/app.ts:1 case-mismatch', 'src/app.ts:2 case-mismatch', 'src/app.ts:3 unresolved']);
    expect(wholeTreeListings(ci.commands)).toEqual([]);
  });

  it('workspace package names come from the package.json files under the workspace root only', () => {
    const repo = repoWithRules({ 'runtime-imports': 'error' });
    repo.write('package.json', JSON.stringify({ name: 'monorepo', private: true, workspaces: ['apps/*', 'packages/*'] }));
    repo.write('packages/util/package.json', JSON.stringify({ name: '@acme/util' }));
    repo.write('packages/util/index.js', 'export const util = 1;\n');
    repo.write('apps/web/package.json', JSON.stringify({ name: 'web' }));
    repo.commitAll('workspaces');
    repo.write('apps/web/src/app.ts', "import { util } from '@acme/util';\nimport { ghost } from '@acme/ghost';\nexport const app = [util, ghost];\n");
    repo.gitOk(['add', '-A']);
    const { run, commands } = traced(repo, ['pre-commit']);
    expect(located(run.findings)).toEqual(['apps/web/src/app.ts:2 missing-dependency']);
    expect(wholeTreeListings(commands)).toEqual([]);
    expect(commands).toContainEqual(expect.stringMatching(/^git ls-files -z --cached -- '?:\(glob\)\*\*\/package\.json'?$/));
  });

  it('Prisma projects are found from schemas, configs, package.json files and migrations, not a listing of the tree', () => {
    const repo = repoWithRules({ 'prisma-migration': 'error', 'prisma-query-fields': 'error' });
    repo.write('prisma/schema.prisma', 'datasource db {\n  provider = "postgresql"\n}\n\nmodel User {\n  id    Int    @id\n  email String\n}\n');
    repo.commitAll('schema');
    repo.write('src/users.ts', "import { prisma } from './db';\nexport const users = () => prisma.user.findMany({ select: { emial: true } });\n");
    repo.gitOk(['add', '-A']);
    const { run, commands } = traced(repo, ['pre-commit']);
    expect(located(run.findings)).toEqual(['src/users.ts:2 unknown-field']);
    expect(wholeTreeListings(commands)).toEqual([]);

    // A schema change re-checks the unchanged files that call the client: found with git grep, not by reading every file.
    repo.write('src/users.ts', "import { prisma } from './db';\nexport const users = () => prisma.user.findMany({ select: { email: true } });\n");
    repo.write('src/ids.ts', 'export const ids = [1, 2];\n');
    repo.commitAll('users');
    repo.write('prisma/schema.prisma', repo.read('prisma/schema.prisma').replace('  email String\n', ''));
    repo.write('prisma/migrations/20250101000000_drop_email/migration.sql', 'ALTER TABLE "User" DROP COLUMN "email";\n');
    repo.gitOk(['add', '-A']);
    const recheck = traced(repo, ['pre-commit']);
    expect(located(recheck.run.findings)).toEqual(['src/users.ts:2 unknown-field']);
    expect(wholeTreeListings(recheck.commands)).toEqual([]);
    expect(recheck.commands).toContainEqual(expect.stringMatching(/^git grep -l -z -I -E --no-color -e .*findMany/));
  });
});
