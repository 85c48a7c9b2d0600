// runtime-imports in workspaces, modelled on how each package manager installs for production:
// npm/yarn/bun hoist every workspace's dependencies into the root node_modules, pnpm gives each
// package only what it declares (unless shamefully-hoist / node-linker=hoisted). Real-world shape:
// a tRPC package importing @prisma/client and p-map that its workspace dependencies declare.
import { describe, expect, it } from 'vitest';
import { located, repoWithRules, runJson } from '../../helpers/fixture-project.js';
import type { TestRepo } from '../../helpers/repo.js';

const RULES = { 'runtime-imports': 'error' };

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Root with `@prisma/client` as a devDependency; trpc -> lib -> prisma, where prisma and lib declare what trpc imports. */
function monorepo(repo: TestRepo, root: Record<string, unknown>): void {
  repo.write('package.json', json({ name: 'root', private: true, devDependencies: { '@prisma/client': '^6', vitest: '^4' }, ...root }));
  repo.write('packages/prisma/package.json', json({ name: '@acme/prisma', dependencies: { '@prisma/client': '^6' } }));
  repo.write('packages/lib/package.json', json({ name: '@acme/lib', dependencies: { '@acme/prisma': '*', 'p-map': '^7' } }));
  repo.write('packages/ui/package.json', json({ name: '@acme/ui', dependencies: { cmdk: '^1' } }));
  repo.write('packages/trpc/package.json', json({ name: '@acme/trpc', dependencies: { '@acme/lib': '*', zod: '^3' } }));
  repo.write(
    'packages/trpc/server/router.ts',
    [
      "import { PrismaClient } from '@prisma/client';",
      "import pMap from 'p-map';",
      "import { z } from 'zod';",
      "import { Command } from 'cmdk';",
      "import { describe } from 'vitest';",
      "import dayjs from 'dayjs';",
      "import { Button } from '@acme/ui';",
      'export const all = [PrismaClient, pMap, z, Command, describe, dayjs, Button];',
      '',
    ].join('\n'),
  );
}

describe('runtime-imports: workspaces (hoisted installs)', () => {
  it('passes modules a workspace dependency declares (a root devDependency included); refuses what no dependency ships, with npm commands', () => {
    const repo = repoWithRules(RULES);
    monorepo(repo, { workspaces: ['packages/*'], packageManager: 'npm@10.9.0' });
    repo.gitOk(['add', '-A']);
    const run = runJson(repo, ['pre-commit']);
    expect(run.code).toBe(1);
    // @prisma/client (root devDependency, a dependency of @acme/prisma via @acme/lib) and p-map pass;
    // cmdk is declared only by @acme/ui, which trpc does not depend on; @acme/ui itself is linked by npm.
    expect(located(run.findings)).toEqual([
      'packages/trpc/server/router.ts:4 missing-dependency',
      'packages/trpc/server/router.ts:5 dev-dependency',
      'packages/trpc/server/router.ts:6 missing-dependency',
    ]);
    const [cmdk, vitest] = run.findings;
    expect(cmdk!.hint).toBe('Add it to dependencies: npm install --save-prod cmdk -w packages/trpc.');
    expect(vitest!.message).toContain('"vitest" is imported by production code but is only a devDependency in package.json');
    expect(vitest!.hint).toBe('Add it to the dependencies of packages/trpc/package.json (npm install --save-prod vitest -w packages/trpc), or import it only from tests and tooling.');
  });

  it('a workspace glob names whole paths: "lib" is the folder lib/, not packages/lib (which then provides nothing)', () => {
    const repo = repoWithRules(RULES);
    monorepo(repo, { workspaces: ['packages/trpc', 'packages/prisma', 'lib'], packageManager: 'npm@10.9.0' });
    repo.gitOk(['add', '-A']);
    const lines = (run: ReturnType<typeof runJson>) => located(run.findings).filter((where) => where.includes(':2 '));
    expect(lines(runJson(repo, ['pre-commit']))).toEqual(['packages/trpc/server/router.ts:2 missing-dependency']);
    // CONTROL: the glob that does name packages/lib lets its p-map through.
    monorepo(repo, { workspaces: ['packages/trpc', 'packages/prisma', 'packages/lib'], packageManager: 'npm@10.9.0' });
    repo.gitOk(['add', '-A']);
    expect(lines(runJson(repo, ['pre-commit']))).toEqual([]);
  });

  it('refuses through the real hook when the workspace dependency that declared the module is dropped', () => {
    const repo = repoWithRules(RULES);
    monorepo(repo, { workspaces: ['packages/*'], packageManager: 'yarn@1.22.22' });
    repo.write('packages/trpc/server/router.ts', "import { PrismaClient } from '@prisma/client';\nexport const client = PrismaClient;\n");
    repo.gitOk(['add', '-A']);
    expect(repo.git(['commit', '-m', 'router']).code).toBe(0);

    repo.write('packages/trpc/package.json', json({ name: '@acme/trpc', dependencies: { zod: '^3' } }));
    repo.write('packages/trpc/server/router.ts', "import { PrismaClient, Prisma } from '@prisma/client';\nexport const client = [PrismaClient, Prisma];\n");
    repo.gitOk(['add', '-A']);
    const commit = repo.git(['commit', '-m', 'drop lib']);
    expect(commit.code).toBe(1);
    expect(commit.output).toContain('"@prisma/client" is imported by production code but is only a devDependency in package.json');
    expect(commit.output).toContain('`yarn install --production`');
    expect(commit.output).toContain('yarn workspace @acme/trpc add @prisma/client');
  });
});

describe('runtime-imports: workspaces (pnpm strict layout)', () => {
  it('refuses modules only a sibling declares and undeclared workspace packages under pnpm; passes them with shamefully-hoist', () => {
    const repo = repoWithRules(RULES);
    monorepo(repo, { packageManager: 'pnpm@9.15.0' });
    repo.write('pnpm-workspace.yaml', "packages:\n  - 'packages/*'\n");
    repo.gitOk(['add', '-A']);
    const strict = runJson(repo, ['pre-commit']);
    expect(located(strict.findings)).toEqual([
      'packages/trpc/server/router.ts:1 dev-dependency',
      'packages/trpc/server/router.ts:2 missing-dependency',
      'packages/trpc/server/router.ts:4 missing-dependency',
      'packages/trpc/server/router.ts:5 dev-dependency',
      'packages/trpc/server/router.ts:6 missing-dependency',
      'packages/trpc/server/router.ts:7 missing-dependency',
    ]);
    const byLine = new Map(strict.findings.map((finding) => [finding.line, finding]));
    expect(byLine.get(1)!.message).toContain('production installs (`pnpm install --prod`, NODE_ENV=production)');
    expect(byLine.get(2)!.hint).toBe('Add it to dependencies: pnpm add --save-prod p-map --filter @acme/trpc.');
    expect(byLine.get(7)!.message).toContain('"@acme/ui" is a workspace package, but packages/trpc/package.json does not list it: pnpm (strict node_modules');
    expect(byLine.get(7)!.hint).toBe('Add it to dependencies: pnpm add --save-prod "@acme/ui@workspace:*" --filter @acme/trpc.');

    repo.write('.npmrc', 'shamefully-hoist=true\n');
    repo.gitOk(['add', '.npmrc']);
    expect(located(runJson(repo, ['pre-commit']).findings)).toEqual([
      'packages/trpc/server/router.ts:4 missing-dependency',
      'packages/trpc/server/router.ts:5 dev-dependency',
      'packages/trpc/server/router.ts:6 missing-dependency',
    ]);
  });
});

describe('runtime-imports: hints name the project package manager', () => {
  it('moves a devDependency with the command of npm, pnpm, yarn or bun (packageManager field, else the lockfile)', () => {
    const cases: [Record<string, unknown>, string | undefined, string][] = [
      [{}, undefined, 'npm install --save-prod zod'],
      [{ packageManager: 'pnpm@9.15.0' }, undefined, 'pnpm add --save-prod zod'],
      [{}, 'yarn.lock', 'yarn add zod'],
      [{}, 'bun.lock', 'bun add zod'],
    ];
    for (const [fields, lockfile, command] of cases) {
      const repo = repoWithRules(RULES);
      repo.write('package.json', json({ name: 'api', devDependencies: { zod: '^3' }, ...fields }));
      if (lockfile) repo.write(lockfile, '\n');
      repo.write('src/signup.ts', "import { z } from 'zod';\nexport const schema = z.string();\n");
      repo.gitOk(['add', '-A']);
      const run = runJson(repo, ['pre-commit']);
      expect(located(run.findings), command).toEqual(['src/signup.ts:1 dev-dependency']);
      expect(run.findings[0]!.hint, command).toBe(`Move it to dependencies (${command}), or import it only from tests and tooling.`);
    }
  });
});

describe('runtime-imports: test-support workspace packages', () => {
  it('does not judge a private package every dependent lists as a devDependency; judges it once one depends on it at runtime', () => {
    const repo = repoWithRules(RULES);
    repo.write('package.json', json({ name: 'root', private: true, packageManager: 'pnpm@9.15.0' }));
    repo.write('pnpm-workspace.yaml', "packages:\n  - 'apps/*'\n  - 'internal-packages/*'\n");
    repo.write('internal-packages/testcontainers/package.json', json({ name: '@internal/testcontainers', private: true, devDependencies: { testcontainers: '^11' } }));
    repo.write('internal-packages/testcontainers/src/otel.ts', "import { GenericContainer } from 'testcontainers';\nexport const otel = GenericContainer;\n");
    repo.write('apps/webapp/package.json', json({ name: 'webapp', devDependencies: { '@internal/testcontainers': 'workspace:*' } }));
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toEqual([]);

    repo.write('apps/worker/package.json', json({ name: 'worker', dependencies: { '@internal/testcontainers': 'workspace:*' } }));
    repo.gitOk(['add', '-A']);
    expect(located(runJson(repo, ['pre-commit']).findings)).toEqual(['internal-packages/testcontainers/src/otel.ts:1 dev-dependency']);
  });
});
