// no-mock-data through real repositories: the incident-1 route through the real pre-commit hook,
// the detectors against annotated fixtures, and the false-positive guards.
import { describe, expect, it } from 'vitest';
import type { TestRepo } from '../../helpers/repo.js';
import { copyFixture, expectActionable, expectedFromComments, located, repoWithRules, runJson, type JsonRun } from '../../helpers/fixture-project.js';
import { edit } from '../../helpers/repo.js';

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

  it('reports only added lines, except with --all in CI', () => {
    const repo = repoWithRules({ 'no-mock-data': 'error' });
    copyFixture(repo, 'no-mock-data', 'webshop-mock');
    const base = repo.commitAll('legacy mock route (before shipguard)');
    const route = repo.read('src/routes/products.ts');
    repo.write('src/routes/products.ts', edit(route, '/** GET /products', '/** GET /products (cached for 60 s)'));
    repo.gitOk(['add', '-A']);
    const commentOnly = runJson(repo, ['pre-commit']);
    expect(commentOnly.findings).toEqual([]);
    expect(commentOnly.code).toBe(0);

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
      edit(route, '  return [\n', '  // shipguard-ignore no-mock-data -- demo shop for the trade fair, approved by ops\n  return [\n'),
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
    const withMock = edit(route, 'const products = await findProducts(50);', 'const products = mockProducts;');
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

// Each guard: the fixture passes, and a near variant (the control) is reported, so the guard cannot
// pass because the detector never looked.
/** One repository per describe block: `stage(guard, edit?)` puts a guard fixture (edited) in its index and runs pre-commit. */
function guardStager(): (guard: string, edit?: (repo: TestRepo) => void) => JsonRun {
  let repo: TestRepo | undefined;
  return (guard, change) => {
    repo ??= repoWithRules({ 'no-mock-data': 'error' });
    repo.gitOk(['reset', '-q', '--hard']);
    repo.gitOk(['clean', '-fdq']);
    copyFixture(repo, 'no-mock-data', `guards/${guard}`);
    change?.(repo);
    repo.gitOk(['add', '-A']);
    return runJson(repo, ['pre-commit']);
  };
}

const rewrite = (file: string, from: RegExp | string, to: string) => (r: TestRepo) => r.write(file, edit(r.read(file), from, to));

describe('no-mock-data false-positive guards', () => {
  const stage = guardStager();

  it('mock, lorem ipsum, John Doe and test@test.com in comments', () => {
    const run = stage('comments');
    expect(run.findings).toEqual([]);
    expect(run.code).toBe(0);
    const control = stage('comments', (r) => r.write('src/routes/banner.ts', "export const banner = 'Log in as John Doe';\n"));
    expect(located(control.findings)).toEqual(['src/routes/banner.ts:1 placeholder']);
  });

  it('placeholders named in comparisons and case labels (code that recognises them)', () => {
    expect(stage('comparisons').findings).toEqual([]);
    const control = stage('comparisons', rewrite('src/auth/tokens.ts', "claims.name === 'John Doe'", "claims.name + 'John Doe'"));
    expect(located(control.findings)).toEqual(['src/auth/tokens.ts:4 placeholder']);
  });

  it('installed packages, even when node_modules is staged by mistake', () => {
    const mockModule = "export const mockProducts = [{ id: 1, name: 'Lorem ipsum', price: 1 }];\n";
    const staged = stage('comparisons', (r) => {
      r.write('node_modules/shop-kit/package.json', '{"name":"shop-kit"}');
      r.write('node_modules/shop-kit/lib/data.js', mockModule);
      r.gitOk(['add', '-f', 'node_modules']);
    });
    expect(staged.findings).toEqual([]);
    const control = stage('comparisons', (r) => r.write('lib/data.js', mockModule));
    expect(located(control.findings)).toEqual(['lib/data.js:1 mock-name', 'lib/data.js:1 placeholder']);
  });

  it('an i18n table (array of short lookup records)', () => {
    expect(stage('i18n-table').findings).toEqual([]);
    const control = stage('i18n-table', rewrite('src/i18n/languages.ts', /dir: '(ltr|rtl)'/g, 'stock: 3'));
    expect(located(control.findings)).toEqual(['src/i18n/languages.ts:2 record-array']);
  });

  it('constants tables: SCREAMING_CASE, Object.freeze, as const', () => {
    expect(stage('constants-tables').findings).toEqual([]);
    const control = stage('constants-tables', rewrite('src/constants/shipping.ts', 'export const SHIPPING_ZONES', 'export const shippingZones'));
    expect(located(control.findings)).toEqual(['src/constants/shipping.ts:2 record-array']);
  });

  it('enum-like lookup arrays (select options, status lists)', () => {
    expect(stage('lookup-arrays').findings).toEqual([]);
    const control = stage('lookup-arrays', rewrite('src/constants/order-status.ts', /icon: '\w+'/g, 'stock: 1'));
    expect(located(control.findings)).toEqual(['src/constants/order-status.ts:4 record-array']);
  });

  it('example.com in a docs string, allowed by config', () => {
    const strict = stage('docs-strings');
    expect(located(strict.findings)).toEqual(['src/lib/docs.ts:2 placeholder', 'src/lib/docs.ts:5 placeholder']);
    expect(strict.findings[0]!.message).toContain('"https://shop.example.com" is a placeholder URL');
    const allowed = stage(
      'docs-strings',
      (r) => r.write('.shipguardrc.json', JSON.stringify({ rules: { 'no-mock-data': ['error', { placeholders: { allow: ['example.com'] } }] } })),
    );
    expect(allowed.findings).toEqual([]);
    expect(allowed.code).toBe(0);
  });

  it('tests, test helpers and seeds that use faker', () => {
    expect(stage('tests-and-seeds').findings).toEqual([]);
    const control = stage('tests-and-seeds', (r) => r.write('src/routes/products.ts', r.read('src/routes/products.spec.ts')));
    expect(located(control.findings)).toEqual(['src/routes/products.ts:1 mock-library', 'src/routes/products.ts:4 mock-name']);
  });

  it('whole words, not substrings: isFakeReview(), sampleRate(s), mockingbird', () => {
    expect(stage('whole-words').findings).toEqual([]);
    const control = stage('whole-words', rewrite('src/lib/orders.ts', 'const sampleRates', 'const mockRates'));
    expect(located(control.findings)).toEqual(['src/lib/orders.ts:14 mock-name']);
  });
});

// Real-history false blocks (issue 11, items 5 and 6), each next to a control that is still refused.
describe('no-mock-data on real-world shapes', () => {
  const stage = guardStager();
  const dialog = 'apps/web/app/components/send-test-dialog.tsx';
  const upsell = 'apps/web/app/components/email-domains-upsell.tsx';

  it('input placeholders through i18n wrappers (t`…`, t(), <Trans>) and a placeholder-named fallback', () => {
    const run = stage('ui-placeholders');
    expect(run.findings).toEqual([]);
    expect(run.code).toBe(0);
    const asTitle = stage('ui-placeholders', rewrite(dialog, 'placeholder={t`test@example.com`}', 'title={t`test@example.com`}'));
    expect(located(asTitle.findings)).toEqual([`${dialog}:19 placeholder`]);
    const renamed = stage('ui-placeholders', rewrite(dialog, /placeholderEmail/g, 'contactEmail'));
    expect(located(renamed.findings)).toEqual([`${dialog}:16 placeholder`]);
  });

  it('role addresses a UI component only draws (an upsell animation), not when exported, a person or a personal address', () => {
    expect(stage('ui-placeholders').findings).toEqual([]);
    const exported = stage('ui-placeholders', rewrite(upsell, 'const BRANDED_SENDERS', 'export const BRANDED_SENDERS'));
    expect(located(exported.findings)).toEqual([5, 6, 7, 8].map((line) => `${upsell}:${line} placeholder`));
    const person = stage('ui-placeholders', rewrite(upsell, "name: 'Support'", "name: 'John Doe'"));
    expect(located(person.findings)).toEqual([`${upsell}:5 placeholder`]);
    expect(person.findings[0]!.message).toContain('"John Doe" is a placeholder name');
    const personal = stage('ui-placeholders', rewrite(upsell, 'hello@example.com', 'jordan@example.com'));
    expect(located(personal.findings)).toEqual([`${upsell}:6 placeholder`]);
  });

  it('react-email default props and PreviewProps, not the same defaults outside an email template', () => {
    const template = 'packages/email/src/templates/domain-dns-instructions.tsx';
    expect(stage('email-templates').findings).toEqual([]);
    const control = stage('email-templates', (r) => {
      r.write(template, edit(r.read(template), '{senderEmail} asked', 'Write to help@example.com. {senderEmail} asked'));
      r.write('packages/email/src/lib/sender.ts', "export const sender = ({ from = 'someone@example.com' }) => from;\n");
    });
    expect(located(control.findings)).toEqual(['packages/email/src/lib/sender.ts:1 placeholder', `${template}:18 placeholder`]);
  });

  it('seed scripts anywhere in a monorepo (packages/*/src/seed.ts, seeds/), not a module beside them', () => {
    const run = stage('monorepo-seeds');
    expect(run.findings).toEqual([]);
    expect(run.code).toBe(0);
    const control = stage('monorepo-seeds', (r) => r.write('packages/database/src/users.ts', r.read('packages/database/src/seed.ts')));
    expect(located(control.findings)).toEqual([
      'packages/database/src/users.ts:2 mock-library',
      'packages/database/src/users.ts:7 placeholder',
      'packages/database/src/users.ts:7 placeholder',
      'packages/database/src/users.ts:8 placeholder',
    ]);
  });

  it('product words (fake door flag, Mock Servers feature and its module\'s mockUrl), an option list and a static FAQ', () => {
    const run = stage('product-words');
    expect(run.findings).toEqual([]);
    expect(run.code).toBe(0);
    const control = stage('product-words', (r) => {
      r.write('src/experiments/flags.ts', edit(r.read('src/experiments/flags.ts'), /FAKE_DOOR_FLAG/g, 'FAKE_USERS'));
      r.write('src/helpers/backend/queries/MockServer.ts', `${r.read('src/helpers/backend/queries/MockServer.ts')}export const getMockUsers = () => [];\n`);
      // Outside a module named after the feature, mockUrl is a switch to a mock backend's address.
      r.write('src/composables/useEnvironment.ts', r.read('src/composables/useMockServer.ts'));
      r.write('app/faq/page.tsx', edit(r.read('app/faq/page.tsx'), /category: '(\w+)'/g, "category: '$1', priceCents: 900"));
      const filters = edit(r.read('src/components/delivery-filters.tsx'), '] as const;', '];');
      r.write('src/components/delivery-filters.tsx', edit(filters, "{ value: 'all', title: 'All deliveries' }", "{ value: 'all', title: 'All deliveries', email: 'ops@shop.io' }"));
    });
    expect(located(control.findings)).toEqual([
      'app/faq/page.tsx:2 record-array',
      'src/components/delivery-filters.tsx:2 mock-name',
      'src/composables/useEnvironment.ts:11 mock-name',
      'src/composables/useEnvironment.ts:13 mock-name',
      'src/composables/useEnvironment.ts:5 mock-name',
      'src/experiments/flags.ts:4 mock-name',
      'src/helpers/backend/queries/MockServer.ts:6 mock-name',
    ]);
  });

  it('still refuses entity records served from an API route and a mockUsers import', () => {
    const control = stage('product-words', (r) => {
      r.write('src/mocks/users.ts', "export const mockUsers = [];\n");
      r.write(
        'src/api/users.ts',
        [
          "import { mockUsers } from '../mocks/users';",
          'const users = [',
          "  { id: 1, name: 'John Doe', email: 'john@example.com' },",
          "  { id: 2, name: 'Ann Lee', email: 'ann@shop.io' },",
          "  { id: 3, name: 'Bo Chen', email: 'bo@shop.io' },",
          "  { id: 4, name: 'Cem Ak', email: 'cem@shop.io' },",
          "  { id: 5, name: 'Di Ng', email: 'di@shop.io' },",
          '];',
          'export function GET() {',
          '  return Response.json(mockUsers.length ? mockUsers : users);',
          '}',
          '',
        ].join('\n'),
      );
    });
    expect(located(control.findings)).toEqual([
      'src/api/users.ts:1 mock-import',
      'src/api/users.ts:2 record-array',
      'src/api/users.ts:3 placeholder',
      'src/api/users.ts:3 placeholder',
    ]);
  });
});
