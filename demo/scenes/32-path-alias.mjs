// Incident 1: `@/…` aliases compiled, plain tsc emitted them unchanged, and the server crashed with
// MODULE_NOT_FOUND (502 on every product page).
export default {
  title: 'A @/ path alias in a package built with plain tsc',
  incident: 'incident 1, runtime-imports',
  run({ write, git }) {
    write(
      'tsconfig.json',
      `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "outDir": "dist",
    "rootDir": "src",
    "baseUrl": ".",
    "paths": { "@/*": ["./src/*"] }
  },
  "include": ["src"]
}
`,
    );
    write('src/lib/format.ts', 'export const price = (cents: number) => `€${(cents / 100).toFixed(2)}`;\n');
    write(
      'src/routes/cart.ts',
      "import { price } from '@/lib/format.js';\n\nexport const cartTotal = (items: { priceCents: number }[]) => price(items.reduce((sum, item) => sum + item.priceCents, 0));\n",
    );
    git('add', '-A');
    return { expect: 'blocked', ...git('commit', '-m', 'cart: total with the @/ alias') };
  },
};
