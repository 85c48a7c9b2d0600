// Incident 1: the "quick fix" was the old server that answered /products with hard-coded mock data.
export default {
  title: 'Serving hard-coded mock products from the product route',
  incident: 'incident 1, no-mock-data',
  run({ write, git }) {
    write(
      'src/mocks/products.ts',
      `export const mockProducts = [\n  { id: 'p1', name: 'Espresso machine', priceCents: 19900 },\n  { id: 'p2', name: 'Burr grinder', priceCents: 8900 },\n];\n`,
    );
    write(
      'src/routes/products.ts',
      `import { mockProducts } from '../mocks/products.js';

export interface Product {
  id: string;
  name: string;
  priceCents: number;
}

/** Catalogue is down: serve something so the page renders. */
export async function listProducts(): Promise<Product[]> {
  if (mockProducts.length) return mockProducts;
  return [
    { id: 'p1', name: 'Espresso machine', priceCents: 19900 },
    { id: 'p2', name: 'Burr grinder', priceCents: 8900 },
    { id: 'p3', name: 'Gooseneck kettle', priceCents: 4900 },
    { id: 'p4', name: 'Coffee scale', priceCents: 2900 },
    { id: 'p5', name: 'Paper filters', priceCents: 500 },
  ];
}
`,
    );
    git('add', '-A');
    return { expect: 'blocked', ...git('commit', '-m', 'products: serve mock data while the catalogue is down') };
  },
};
