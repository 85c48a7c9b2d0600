// A module generated at build time and listed in a .gitignore of the commit is "built, not
// committed": hoppscotch f690d5969a imports "../graphql", which graphql-codegen writes to
// packages/hoppscotch-common/src/helpers/backend/graphql.ts, ignored by that package's own nested
// .gitignore. CI replayed it in a clone without a work tree and refused it as unresolved, because
// the ignore rules were read from the work tree. They are now read from the tree being checked.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { located, repoWithRules } from '../../helpers/fixture-project.js';
import type { JsonReport } from '../../helpers/json.js';
import { CLI, tempDir, testEnv, type TestRepo } from '../../helpers/repo.js';

const COMMON = 'packages/hoppscotch-common';
const QUERY = `${COMMON}/src/helpers/backend/queries/PublishedDocs.ts`;
const IMPORTS_GENERATED = 'import { PublishedDocDocument } from "../graphql"\nexport const getPublishedDoc = () => PublishedDocDocument\n';

function monorepo(): TestRepo {
  const repo = repoWithRules({ 'runtime-imports': 'error' });
  repo.write('pnpm-workspace.yaml', 'packages:\n  - packages/*\n');
  repo.write(`${COMMON}/package.json`, `${JSON.stringify({ name: '@hoppscotch/common', version: '1.0.0', type: 'module' }, null, 2)}\n`);
  repo.write(`${COMMON}/.gitignore`, 'node_modules\ndist\nsrc/helpers/backend/graphql.ts\n');
  repo.write(`${COMMON}/gql-codegen.yml`, 'generates:\n  src/helpers/backend/graphql.ts:\n    plugins: [typescript, typed-document-node]\n');
  return repo;
}

/** `shipguard ci` over base..head in a clone without a work tree, as CI and the replay read a range. */
function ciInBareClone(repo: TestRepo, base: string, head: string): JsonReport & { code: number } {
  const clone = path.join(tempDir('shipguard-clone-'), 'repo');
  spawnSync('git', ['clone', '-q', '--no-checkout', repo.dir, clone], { env: testEnv() });
  const config = path.join(repo.dir, '.shipguardrc.json');
  const run = spawnSync(process.execPath, [CLI, 'ci', '--base', base, '--head', head, '--config', config, '--format', 'json'], { cwd: clone, encoding: 'utf8', env: testEnv() });
  return { code: run.status ?? 1, ...(JSON.parse(run.stdout) as JsonReport) };
}

describe('runtime-imports: files generated at build time', () => {
  it('takes a module listed in the commit\'s nested .gitignore for build output, in a clone without a work tree; an import nothing generates is still refused', () => {
    const repo = monorepo();
    const base = repo.commitAll('common package with graphql codegen');
    repo.write(QUERY, IMPORTS_GENERATED);
    const head = repo.commitAll('route published docs operations through the platform backend');
    const generated = ciInBareClone(repo, base, head);
    expect(located(generated.findings)).toEqual([]);
    expect(generated.code).toBe(0);

    // CONTROL: the same import of a module no .gitignore of the commit lists.
    repo.write(`${COMMON}/src/helpers/backend/queries/Teams.ts`, 'import { TeamsDocument } from "../teamsGraphql"\nexport const teams = TeamsDocument\n');
    const missing = repo.commitAll('teams query');
    const refused = ciInBareClone(repo, head, missing);
    expect(located(refused.findings)).toEqual([`${COMMON}/src/helpers/backend/queries/Teams.ts:1 unresolved`]);
    expect(refused.code).toBe(1);
  });

  it('reads the ignore rules of the commit, not of the work tree: an uncommitted .gitignore line does not excuse a missing module', () => {
    const repo = monorepo();
    const base = repo.commitAll('common package with graphql codegen');
    repo.write(`${COMMON}/src/helpers/backend/queries/Teams.ts`, 'import { TeamsDocument } from "../teamsGraphql"\nexport const teams = TeamsDocument\n');
    const head = repo.commitAll('teams query');
    // CONTROL: only the work tree ignores it; CI's checkout of the commit would not.
    repo.write(`${COMMON}/.gitignore`, 'node_modules\ndist\nsrc/helpers/backend/graphql.ts\nsrc/helpers/backend/teamsGraphql.ts\n');
    const run = repo.shipguard(['ci', '--base', base, '--head', head, '--format', 'json']);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(located(report.findings)).toEqual([`${COMMON}/src/helpers/backend/queries/Teams.ts:1 unresolved`]);
    expect(run.code).toBe(1);
  });
});
