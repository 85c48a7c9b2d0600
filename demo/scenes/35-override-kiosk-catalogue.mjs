// Per-path settings: the trade-fair kiosk ships a fixed catalogue on purpose, so the team turns
// no-mock-data off for src/kiosk/** with an override. The same list in the product route, which
// serves real customers, is still refused.
const catalogue = `[
    { id: 'p1', name: 'Espresso machine', priceCents: 19900 },
    { id: 'p2', name: 'Burr grinder', priceCents: 8900 },
    { id: 'p3', name: 'Gooseneck kettle', priceCents: 4900 },
    { id: 'p4', name: 'Coffee scale', priceCents: 2900 },
    { id: 'p5', name: 'Paper filters', priceCents: 500 },
  ]`;

export default {
  title: 'An override lets the kiosk keep its fixed catalogue; the product route may not',
  incident: 'incident 1, no-mock-data with overrides',
  run({ write, git }) {
    write(
      'shipguard.config.ts',
      `import { defineConfig } from 'shipguard';

export default defineConfig({
  extends: ['shipguard/presets/recommended'],
  overrides: [
    // The offline trade-fair kiosk shows a fixed catalogue by design.
    { files: ['src/kiosk/**'], rules: { 'no-mock-data': 'off' } },
  ],
});
`,
    );
    write('src/kiosk/catalogue.ts', `/** Offline kiosk mode: a fixed catalogue, by design. */\nexport function kioskProducts() {\n  return ${catalogue};\n}\n`);
    git('add', '-A');
    const kiosk = git('commit', '-m', 'kiosk: offline catalogue for the trade fair');
    const header = `$ git commit -m 'kiosk: offline catalogue for the trade fair'   (exit ${kiosk.code})\n${kiosk.output.trimEnd()}\n`;
    if (kiosk.code !== 0) return { expect: 'allowed', code: kiosk.code, output: header };

    write('src/routes/products.ts', `export async function listProducts() {\n  return ${catalogue};\n}\n`);
    git('add', '-A');
    const route = git('commit', '-m', 'products: serve the kiosk list while the catalogue is down');
    return { expect: 'blocked', code: route.code, output: `${header}\n$ git commit -m 'products: serve the kiosk list while the catalogue is down'   (exit ${route.code})\n${route.output}` };
  },
};
