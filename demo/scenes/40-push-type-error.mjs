// Incident 5: a change pushed without `npm run build`. The pushed tree does not compile.
export default {
  title: 'Pushing a change that does not compile',
  incident: 'incident 5, required-build',
  run({ write, git }) {
    write(
      'src/routes/discounts.ts',
      [
        "import type { Product } from './products.js';",
        '',
        '/** Price after a percentage discount, in cents. */',
        'export function discounted(product: Product, percent: number): number {',
        '  return (product.priceCents * (100 - percent) / 100).toFixed(0);',
        '}',
        '',
      ].join('\n'),
    );
    git('add', '-A');
    git('commit', '-q', '-m', 'discounts');
    return { expect: 'blocked', ...git('push', 'origin', 'feature/work') };
  },
};
