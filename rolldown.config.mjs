// The CLI ships as one bundled file: a hook pays Node's module-loading cost per file, and one file
// measured ~45 ms faster than tsc's ~30 modules plus dependencies (see bench/pre-commit.mjs).
// Heavy or optional modules stay external and load lazily (src/lazy.ts, config loaders, init);
// internal dynamic imports become chunks under dist/chunks/, loaded only when reached. oxc-parser
// stays external: it loads its native binding (a per-platform optional dependency) at runtime.
// typescript is never loaded: it stays external only because cosmiconfig's unused TS loader names it.
import { defineConfig } from 'rolldown';

export default defineConfig({
  // dist/cli.js is src/bin.ts: it enables Node's compile cache, then imports the CLI (a chunk).
  input: 'src/bin.ts',
  platform: 'node',
  external: [/^node:/, 'typescript', 'oxc-parser', '@prisma/internals', 'jiti', 'husky', 'import-meta-resolve', 'yaml', /^@prisma\//],
  // jsonc-parser's `main` is a UMD build whose lazy require()s a bundle cannot follow; its ES build bundles cleanly.
  resolve: { alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' } },
  output: { dir: 'dist', entryFileNames: 'cli.js', chunkFileNames: 'chunks/[name].js', format: 'esm' },
});
