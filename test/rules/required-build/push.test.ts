// required-build through the real pre-push hook: real tsc, real servers, real git push to a bare remote.
import { describe, expect, it } from 'vitest';
import { freePort, project, worktrees, type Project } from './helpers.js';
import { edit } from '../../helpers/repo.js';

function remoteHas(p: Project, branch: string): boolean {
  return p.repo.gitOk(['ls-remote', 'origin', `refs/heads/${branch}`]) !== '';
}

const PRICE_AS_STRING = `export interface Product {
  id: string;
  name: string;
  priceCents: number;
}

export function listProducts(): Product[] {
  return [{ id: 'p1', name: 'Mug', priceCents: '12.50' }];
}
`;

describe('required-build at pre-push', () => {
  it('refuses a push whose tree does not compile and shows the tsc error with file and line', () => {
    const p = project({ shop: true });
    p.repo.write('src/routes/products.ts', PRICE_AS_STRING);
    p.repo.commitAll('price as a string');

    const push = p.push();
    expect(push.code).not.toBe(0);
    expect(push.output).toContain("src/routes/products.ts(8,36): error TS2322: Type 'string' is not assignable to type 'number'.");
    expect(push.output).toMatch(/src\/routes\/products\.ts\n\s+8:36\s+error\s+TS2322: Type 'string' is not assignable to type 'number'\./);
    expect(push.output).toMatch(/`npm run build` failed with exit code 2 on the pushed tree of [0-9a-f]{8}: 1 compiler error\. Full log: \.git\/shipguard\/required-build\/logs\/\S+\.log/);
    expect(push.output).toContain('shipguard pre-push refused the push');
    expect(remoteHas(p, 'feature')).toBe(false);

    p.repo.write('src/routes/products.ts', edit(PRICE_AS_STRING, "'12.50'", '1250'));
    p.repo.commitAll('price in cents');
    const fixed = p.push();
    expect(fixed.output).toContain('✔ required-build: npm run build passed');
    expect(fixed.code).toBe(0);
    expect(remoteHas(p, 'feature')).toBe(true);
  });

  it('refuses a server that compiles but dies at start with MODULE_NOT_FOUND (a @/ alias under plain tsc)', async () => {
    const port = await freePort();
    const p = project({
      shop: true,
      rule: { smoke: { start: 'npm start', url: `http://127.0.0.1:${port}/health`, env: { PORT: String(port) } } },
      // runtime-imports refuses the alias itself (path-alias) and the build would not start: off here, so
      // the smoke start is what catches it.
      otherRules: { 'runtime-imports': 'off' },
    });
    const tsconfig = JSON.parse(p.repo.read('tsconfig.json'));
    tsconfig.compilerOptions.paths = { '@/*': ['./src/*'] };
    p.repo.write('tsconfig.json', JSON.stringify(tsconfig, null, 2));
    p.repo.write('src/server.ts', edit(p.repo.read('src/server.ts'), "'./routes/products.js'", "'@/routes/products.js'"));
    p.repo.commitAll('import routes through the @ alias');

    const push = p.push();
    expect(push.code).not.toBe(0);
    expect(push.output).toContain('✔ required-build: npm run build passed'); // tsc is happy with the alias
    expect(push.output).toContain('✖ required-build: smoke: npm start failed');
    expect(push.output).toMatch(
      /`npm start` exited with code 1 before http:\/\/127\.0\.0\.1:\d+\/health answered: Error \[ERR_MODULE_NOT_FOUND\]: Cannot find package '@\/routes' imported from .*dist\/server\.js/,
    );
    expect(push.output).toContain('required-build/smoke-exit');
    expect(push.output).toContain('a path alias (`@/…`) that tsc leaves as is');
    expect(remoteHas(p, 'feature')).toBe(false);
  });

  it('passes a healthy server, does not build the same tree twice, and builds a new commit', async () => {
    const port = await freePort();
    const p = project({
      shop: true,
      scripts: { build: 'node scripts/count-build.mjs && tsc -p tsconfig.json' },
      rule: { smoke: { start: 'npm start', url: `http://127.0.0.1:${port}/health`, env: { PORT: String(port) }, settleMs: 300 } },
    });
    const first = p.push();
    expect(first.output).toContain('✔ required-build: smoke: npm start passed');
    expect(first.code).toBe(0);
    expect(p.builds()).toBe(1);

    // The same tree to another remote: the recorded pass is reused.
    p.repo.addBareRemote('backup');
    const again = p.push('backup', 'feature');
    expect(again.code).toBe(0);
    expect(again.output).toMatch(/required-build: tree [0-9a-f]{8} already passed npm run build \+ smoke: npm start \(\d+ s ago, commit [0-9a-f]{8}\): not building it again\./);
    expect(p.builds()).toBe(1);

    // A new commit is a new tree: built again.
    p.repo.write('src/routes/extra.ts', 'export const extra = 1;\n');
    p.repo.commitAll('extra');
    const next = p.push();
    expect(next.code).toBe(0);
    expect(p.builds()).toBe(2);
  });

  it('reuses a pass recorded by `shipguard build`, and --force builds again', () => {
    const p = project({ scripts: { build: 'node scripts/count-build.mjs' } });
    const built = p.repo.shipguard(['build'], { env: p.env });
    expect(built.stdout).toMatch(/✔ shipguard build: [0-9a-f]{8} passed \(recorded for tree [0-9a-f]{8}: pushing it will not build again\)/);
    expect(built.code).toBe(0);
    expect(p.builds()).toBe(1);

    const push = p.push();
    expect(push.code).toBe(0);
    expect(push.output).toContain('already passed npm run build');
    expect(p.builds()).toBe(1);

    expect(p.repo.shipguard(['build'], { env: p.env }).stdout).toContain('already recorded');
    expect(p.builds()).toBe(1);
    expect(p.repo.shipguard(['build', '--force'], { env: p.env }).code).toBe(0);
    expect(p.builds()).toBe(2);
  });

  it('never records a failure: a failing tree is built again on every push', () => {
    const p = project({ scripts: { build: 'node scripts/count-build.mjs && echo "Error: broken build" && exit 1' } });
    expect(p.push().code).not.toBe(0);
    const second = p.push();
    expect(second.code).not.toBe(0);
    expect(second.output).toContain('`npm run build` failed with exit code 1 on the pushed tree');
    expect(second.output).toContain('Error: broken build');
    expect(p.builds()).toBe(2);
  });

  it('builds a distinct tree once when several refs are pushed together', () => {
    const p = project({ scripts: { build: 'node scripts/count-build.mjs && exit 1' } });
    const push = p.push('origin', 'HEAD:refs/heads/one', 'HEAD:refs/heads/two');
    expect(push.code).not.toBe(0);
    expect(p.builds()).toBe(1);
    expect(remoteHas(p, 'one') || remoteHas(p, 'two')).toBe(false);
  });
});

describe('required-build builds exactly the pushed tree', () => {
  it('builds the pushed commit in a temporary checkout when the working tree is dirty, and leaves the working tree alone', () => {
    const p = project({ shop: true });
    p.repo.write('src/routes/products.ts', PRICE_AS_STRING);
    p.repo.commitAll('broken price');
    // Fixed on disk and staged, not committed: building the working tree would pass.
    p.repo.write('src/routes/products.ts', edit(PRICE_AS_STRING, "'12.50'", '1250'));
    p.repo.gitOk(['add', 'src/routes/products.ts']);
    const gitDir = p.repo.gitOk(['rev-parse', '--absolute-git-dir']);
    const before = p.repo.snapshot();

    // A hook environment that points git at the user's index must not leak into the temporary checkout.
    const push = p.repo.git(['push', 'origin', 'feature'], { env: { ...p.env, GIT_INDEX_FILE: `${gitDir}/index` } });
    expect(push.code).not.toBe(0);
    expect(push.output).toContain(
      'in a temporary checkout: the working tree has uncommitted or untracked changes (src/routes/products.ts)',
    );
    expect(push.output).toContain("src/routes/products.ts(8,36): error TS2322");
    expect(p.repo.snapshot()).toBe(before);
    expect(worktrees(p.repo)).toEqual([p.repo.gitOk(['rev-parse', '--show-toplevel'])]);
  });

  it('passes a good commit even when the working tree is broken', () => {
    const p = project({ shop: true });
    p.repo.write('src/routes/products.ts', PRICE_AS_STRING); // not committed
    const push = p.push();
    expect(push.output).toContain('in a temporary checkout: the working tree has uncommitted or untracked changes');
    expect(push.output).toContain('✔ required-build: npm run build passed');
    expect(push.code).toBe(0);
  });

  it('counts untracked files as dirty: a module that was never added does not make the push pass', () => {
    // runtime-imports would refuse the unresolved import first (and the build would not start): off here.
    const p = project({ shop: true, otherRules: { 'runtime-imports': 'off' } });
    p.repo.write('src/routes/discounts.ts', 'export const discount = 0;\n'); // never `git add`ed
    p.repo.write('src/server.ts', `import { discount } from './routes/discounts.js';\n${p.repo.read('src/server.ts')}console.log(discount);\n`);
    p.repo.gitOk(['add', 'src/server.ts']);
    p.repo.gitOk(['commit', '-q', '--no-verify', '-m', 'use discounts']);

    const push = p.push();
    expect(push.code).not.toBe(0);
    expect(push.output).toContain('src/routes/discounts.ts');
    expect(push.output).toContain("error TS2307: Cannot find module './routes/discounts.js'");
  });

  it('builds the pushed commit, not HEAD, when pushing an older commit', () => {
    const p = project({ shop: true });
    p.repo.write('src/routes/products.ts', PRICE_AS_STRING);
    const broken = p.repo.commitAll('broken');
    p.repo.write('src/routes/products.ts', edit(PRICE_AS_STRING, "'12.50'", '1250'));
    p.repo.commitAll('fixed');

    const push = p.push('origin', `${broken}:refs/heads/older`);
    expect(push.code).not.toBe(0);
    expect(push.output).toContain(`in a temporary checkout: the pushed commit ${broken.slice(0, 8)} is not the checked-out HEAD`);
    expect(push.output).toContain('TS2322');
    expect(p.push('origin', 'HEAD:refs/heads/newer').code).toBe(0);
  });

  it('with isolate: "never", refuses to build anything but the clean working tree, and says why', () => {
    const p = project({ scripts: { build: 'node scripts/count-build.mjs' }, rule: { isolate: 'never' } });
    p.repo.write('notes.ts', 'export const draft = true;\n');
    const push = p.push();
    expect(push.code).not.toBe(0);
    expect(push.output).toContain(
      'Cannot build exactly the pushed tree in place: the working tree has uncommitted or untracked changes (notes.ts), and isolated builds are off (isolate: "never").',
    );
    expect(push.output).toContain('required-build/not-built');
    expect(p.builds()).toBe(0);
  });
});
