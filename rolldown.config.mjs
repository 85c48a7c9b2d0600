// The CLI ships as one bundled file: a hook pays Node's module-loading cost per file, and one file
// measured ~45 ms faster than tsc's ~30 modules plus dependencies (see bench/pre-commit.mjs).
// Heavy or optional modules stay external and load lazily (src/lazy.ts, config loaders, init);
// internal dynamic imports become chunks under dist/chunks/, loaded only when reached.
import { defineConfig } from 'rolldown';

export default defineConfig({
  input: 'src/cli.ts',
  platform: 'node',
  external: [/^node:/, 'typescript', '@prisma/internals', 'jiti', 'husky', 'import-meta-resolve', 'yaml', /^@prisma\//],
  output: { dir: 'dist', entryFileNames: 'cli.js', chunkFileNames: 'chunks/[name]-[hash].js', format: 'esm' },
});
