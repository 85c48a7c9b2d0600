// What a hook run loads: each rule's code is a chunk of its own, loaded only when the staged change
// needs it (src/rules/lazy-rule.ts). SHIPGUARD_DEBUG prints `loaded rule <id>` for each one loaded.
import { describe, expect, it } from 'vitest';
import { repoWithRules } from './helpers/fixture-project.js';

const ALL_PRE_COMMIT_RULES = {
  'commit-size': 'error',
  secrets: 'error',
  'no-mock-data': 'error',
  'runtime-imports': 'error',
  'lockfile-sync': 'error',
  'prisma-migration': 'error',
  'prisma-query-fields': 'error',
  'required-build': 'error',
};

/** The rule chunks a debug run printed as loaded, sorted. */
function loadedRules(output: string): string[] {
  return [...output.matchAll(/shipguard debug: loaded rule ([\w-]+) in \d+ ms/g)].map((match) => match[1]!).sort();
}

describe('rule code loads only for the changes that need it', () => {
  it('a Markdown-only commit loads no rule code; a TS commit loads the code rules only; a client call adds prisma-query-fields', () => {
    const repo = repoWithRules(ALL_PRE_COMMIT_RULES);
    repo.write('docs/guide.md', '# Guide\n\nHow to use it.\n');
    repo.gitOk(['add', '-A']);
    const markdown = repo.git(['commit', '-m', 'docs'], { env: { SHIPGUARD_DEBUG: '1' } });
    expect(markdown.code).toBe(0);
    expect(markdown.output).toContain('shipguard debug: rule no-mock-data: 0 findings');
    expect(loadedRules(markdown.output)).toEqual([]);

    repo.write('src/orders.ts', 'export function total(prices: number[]) {\n  return prices.reduce((sum, price) => sum + price, 0);\n}\n');
    repo.gitOk(['add', '-A']);
    const code = repo.git(['commit', '-m', 'orders'], { env: { SHIPGUARD_DEBUG: '1' } });
    expect(code.code).toBe(0);
    expect(loadedRules(code.output)).toEqual(['no-mock-data', 'runtime-imports']);

    repo.write('src/users.ts', 'export async function users(prisma: any) {\n  return prisma.user.findMany({ where: { active: true } });\n}\n');
    repo.gitOk(['add', '-A']);
    const query = repo.git(['commit', '-m', 'users'], { env: { SHIPGUARD_DEBUG: '1' } });
    expect(query.code).toBe(0);
    expect(loadedRules(query.output)).toEqual(['no-mock-data', 'prisma-query-fields', 'runtime-imports']);
  });

  it('a deleted module loads runtime-imports (its importers may break) and still refuses the broken import', () => {
    const repo = repoWithRules(ALL_PRE_COMMIT_RULES);
    repo.write('package.json', JSON.stringify({ name: 'app', type: 'module' }));
    repo.write('src/db.ts', 'export const db = 1;\n');
    repo.write('src/server.ts', "import { db } from './db.js';\nexport const server = db;\n");
    repo.commitAll('base');
    repo.gitOk(['rm', '-q', 'src/db.ts']);
    const removal = repo.git(['commit', '-m', 'drop db'], { env: { SHIPGUARD_DEBUG: '1' } });
    expect(loadedRules(removal.output)).toEqual(['runtime-imports']);
    expect(removal.code).toBe(1);
    expect(removal.output).toContain('src/server.ts');
  });
});
