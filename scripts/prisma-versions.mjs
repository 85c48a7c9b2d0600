#!/usr/bin/env node
// Real Prisma 5, 6 and 7 installations for the tests that check shipguard judges a project with the
// Prisma version the project installs (test/rules/prisma-migration/versions.test.ts). Installed once from the npm
// registry into node_modules/.cache/shipguard-prisma-versions/<version>/ (install scripts off: the
// wasm engines need no download); .ci/run calls this before the tests.
//   node scripts/prisma-versions.mjs            installs what is missing, prints the folders
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const CACHE = path.join(root, 'node_modules', '.cache', 'shipguard-prisma-versions');

/** Each version with the engines build it pins (`@prisma/engines-version`), and the packages a project of that version has. */
export const PRISMA_VERSIONS = {
  '5.22.0': { engines: '5.22.0-44.605197351a3c8bdd595af2d2a9bc3025bca48ea2', packages: ['prisma@5.22.0'], schemaEngine: false },
  '6.14.0': { engines: '6.14.0-25.717184b7b35ea05dfa71a3236b7af656013e1e49', packages: ['@prisma/client@6.14.0'], schemaEngine: true },
  '7.10.0': { engines: '7.10.0-4.0edf323efd1d98336f3f0a68684b56f689b900d3', packages: ['@prisma/client@7.10.0'], schemaEngine: true },
};

/** The node_modules folder holding Prisma `version` (installing it first when missing). */
export function prismaVersion(version) {
  const spec = PRISMA_VERSIONS[version];
  if (!spec) throw new Error(`no test installation defined for Prisma ${version}`);
  const dir = path.join(CACHE, version);
  const done = path.join(dir, '.installed');
  if (!existsSync(done)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `prisma-${version}`, private: true }));
    const wasm = [`@prisma/prisma-schema-wasm@${spec.engines}`, ...(spec.schemaEngine ? [`@prisma/schema-engine-wasm@${spec.engines}`] : [])];
    const install = spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', ...spec.packages, ...wasm], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (install.status !== 0) throw new Error(`npm install of Prisma ${version} failed:\n${install.stdout}${install.stderr}`);
    writeFileSync(done, new Date().toISOString());
  }
  return path.join(dir, 'node_modules');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  for (const version of Object.keys(PRISMA_VERSIONS)) console.log(`Prisma ${version}: ${prismaVersion(version)}`);
}
