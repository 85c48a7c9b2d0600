// Works on a Mac, crashes on the Linux server: an import whose case differs from the file's.
export default {
  title: "Importing './Routes/Products.js' for src/routes/products.ts",
  incident: 'incident 1 (MODULE_NOT_FOUND), runtime-imports',
  run({ write, git }) {
    write('src/health.ts', "import { listProducts } from './Routes/Products.js';\n\nexport const ready = async () => (await listProducts()).length >= 0;\n");
    git('add', '-A');
    return { expect: 'blocked', ...git('commit', '-m', 'health: check the catalogue') };
  },
};
