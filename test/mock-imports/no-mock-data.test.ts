// no-mock-data through real repositories: the incident-1 route through the real pre-commit hook,
// the detectors against annotated fixtures, and the false-positive guards.
import { describe, expect, it } from 'vitest';
import { copyFixture, expectActionable, expectedFromComments, located, repoWithRules, runJson } from './helpers.js';

describe('no-mock-data', () => {
  it('refuses the incident-1 product route (literal product list + mockProducts import) through the real hook', () => {
    const repo = repoWithRules({ 'no-mock-data': 'error' });
    copyFixture(repo, 'no-mock-data', 'webshop-mock');
    repo.gitOk(['add', '-A']);
    const commit = repo.git(['commit', '-m', 'products: serve mock data while the catalogue is down']);
    expect(commit.code).toBe(1);
    expect(commit.output).toContain('src/routes/products.ts');
    expect(commit.output).toMatch(/2:1 +error {2}Production code imports mock data from "\.\.\/mocks\/products\.js"/);
    expect(commit.output).toMatch(/14:10 +error {2}A hard-coded list of 6 records \(id, name, priceCents, image\) returned by production code/);
    expect(commit.output).toContain('no-mock-data/mock-import');
    expect(commit.output).toContain('no-mock-data/record-array');
    expect(commit.output).toContain('Mock data reached customers once (incident 1');
    expect(commit.output).toContain('shipguard-ignore no-mock-data -- <reason>');
    // The mock module itself lives under mocks/: not production code, not reported.
    expect(commit.output).not.toContain('src/mocks/products.ts');
    expect(repo.git(['rev-parse', '--verify', '-q', 'HEAD~1']).code).not.toBe(0);
  });

  it('lets the same route through when it reads products from a repository function', () => {
    const repo = repoWithRules({ 'no-mock-data': 'error' });
    copyFixture(repo, 'no-mock-data', 'webshop-repository');
    repo.gitOk(['add', '-A']);
    const commit = repo.git(['commit', '-m', 'products: read from the catalogue']);
    expect(commit.output).toContain('shipguard pre-commit: 1 rule passed');
    expect(commit.code).toBe(0);
  });

  it('reports exactly the lines each detector is for, with kind, line and an actionable hint', () => {
    const repo = repoWithRules({ 'no-mock-data': 'error' });
    copyFixture(repo, 'no-mock-data', 'detectors');
    repo.gitOk(['add', '-A']);
    const run = runJson(repo, ['pre-commit']);
    expect(run.code).toBe(1);
    expect(located(run.findings)).toEqual(expectedFromComments('no-mock-data/detectors'));
    expectActionable(run.findings);
    const placeholder = run.findings.find((finding) => finding.file === 'src/placeholders.tsx' && finding.line === 10)!;
    expect(placeholder.message).toContain('"via.placeholder.com" is a placeholder image service');
    expect(placeholder.column).toBe(25);
  });

  it('stays quiet on the false-positive guards: comments, i18n and constants tables, lookup arrays, tests and seeds with faker', () => {
    const repo = repoWithRules({ 'no-mock-data': ['error', { placeholders: { allow: ['example.com'] } }] });
    copyFixture(repo, 'no-mock-data', 'guards');
    repo.gitOk(['add', '-A']);
    const allowed = runJson(repo, ['pre-commit']);
    expect(allowed.findings).toEqual([]);
    expect(allowed.code).toBe(0);

    // Without the allow entry, the docs strings are the only thing reported: proof the other guards held.
    repo.write('.shipguardrc.json', JSON.stringify({ rules: { 'no-mock-data': 'error' } }));
    const strict = runJson(repo, ['pre-commit']);
    expect(located(strict.findings)).toEqual(['src/lib/docs.ts:2 placeholder', 'src/lib/docs.ts:5 placeholder']);
    expect(strict.findings[0]!.message).toContain('"https://shop.example.com" is a placeholder URL');
  });

  it('reports only added lines, except with --all in CI', () => {
    const repo = repoWithRules({ 'no-mock-data': 'error' });
    copyFixture(repo, 'no-mock-data', 'webshop-mock');
    const base = repo.commitAll('legacy mock route (before shipguard)');
    const route = repo.read('src/routes/products.ts');
    repo.write('src/routes/products.ts', route.replace('/** GET /products', '/** GET /products (cached for 60 s)'));
    repo.gitOk(['add', '-A']);
    const edit = runJson(repo, ['pre-commit']);
    expect(edit.findings).toEqual([]);
    expect(edit.code).toBe(0);

    repo.gitOk(['commit', '-q', '--no-verify', '-m', 'doc comment']);
    expect(runJson(repo, ['ci', '--base', base]).findings).toEqual([]);
    const all = runJson(repo, ['ci', '--base', base, '--all']);
    expect(located(all.findings)).toEqual(['src/routes/products.ts:14 record-array', 'src/routes/products.ts:2 mock-import']);
  });

  it('gives each detector its own severity, and honours inline suppressions', () => {
    const repo = repoWithRules({ 'no-mock-data': ['error', { records: 'warn', imports: 'off' }] });
    copyFixture(repo, 'no-mock-data', 'webshop-mock');
    repo.gitOk(['add', '-A']);
    const run = runJson(repo, ['pre-commit']);
    expect(run.findings.map((finding) => `${finding.kind} ${finding.severity}`)).toEqual(['record-array warn']);
    expect(run.code).toBe(0);

    const route = repo.read('src/routes/products.ts');
    repo.write(
      'src/routes/products.ts',
      route.replace('  return [\n', '  // shipguard-ignore no-mock-data -- demo shop for the trade fair, approved by ops\n  return [\n'),
    );
    repo.gitOk(['add', '-A']);
    const suppressed = repo.shipguard(['pre-commit']);
    expect(suppressed.code).toBe(0);
    expect(suppressed.stdout).toContain('1 suppressed inline');
  });

  it('judges the staged content only and leaves the index and working tree as they were', () => {
    const repo = repoWithRules({ 'no-mock-data': 'error' });
    copyFixture(repo, 'no-mock-data', 'webshop-repository');
    repo.gitOk(['add', '-A']);
    // The working tree has the mock import; the staged blob does not.
    const route = repo.read('src/routes/products.ts');
    const withMock = route.replace('const products = await findProducts(50);', 'const products = mockProducts;');
    repo.write('src/routes/products.ts', `import { mockProducts } from '../mocks/products.js';\n${withMock}`);
    const before = repo.snapshot();
    const run = runJson(repo, ['pre-commit']);
    expect(run.findings).toEqual([]);
    expect(repo.snapshot()).toBe(before);
    repo.gitOk(['add', '-A']);
    expect(located(runJson(repo, ['pre-commit']).findings)).toEqual(['src/routes/products.ts:1 mock-import']);
  });

  it('rejects bad options with one line naming the file and key, exit 2', () => {
    const repo = repoWithRules({ 'no-mock-data': ['error', { records: { minRecords: 'five' } }] });
    repo.write('src/a.ts', 'export const a = 1;\n');
    repo.gitOk(['add', '-A']);
    const run = repo.shipguard(['pre-commit']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('config error in .shipguardrc.json: rules.no-mock-data.records must be "error", "warn", "off" or an object');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
