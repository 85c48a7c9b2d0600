export interface Product {
  id: string;
  name: string;
  priceCents: number;
}

/** Products come from the catalogue service; never from literals in code. */
export async function listProducts(): Promise<Product[]> {
  const response = await fetch(process.env.CATALOGUE_URL ?? 'http://localhost:4000/products');
  return (await response.json()) as Product[];
}
