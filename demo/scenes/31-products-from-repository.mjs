// The fix the team wanted instead: the route reads products through a repository function.
export default {
  title: 'The product route reading from a repository function',
  incident: 'no-mock-data, the commit that was fine',
  run({ write, git }) {
    write(
      'src/repositories/products.ts',
      `import type { Product } from '../routes/products.js';

export async function findProducts(limit: number): Promise<Product[]> {
  const response = await fetch(\`\${process.env.CATALOGUE_URL ?? 'http://localhost:4000'}/products?limit=\${limit}\`);
  if (!response.ok) throw new Error(\`catalogue answered \${response.status}\`);
  return (await response.json()) as Product[];
}
`,
    );
    write(
      'src/routes/products.ts',
      `import { findProducts } from '../repositories/products.js';

export interface Product {
  id: string;
  name: string;
  priceCents: number;
}

export async function listProducts(): Promise<Product[]> {
  return findProducts(50);
}
`,
    );
    git('add', '-A');
    return { expect: 'allowed', ...git('commit', '-m', 'products: read through the repository') };
  },
};
