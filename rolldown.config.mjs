// The CLI ships as one bundled file: a hook pays Node's module-loading cost per file, and one file
// measured ~45 ms faster than tsc's ~30 modules plus dependencies (see bench/pre-commit.mjs).
// Pure-JS libraries (cosmiconfig, minimatch, yaml, semver, diff, ...) are bundled, so they are
// devDependencies: a user's install holds only what cannot be bundled (bench/install-size.mjs).
// External: oxc-parser loads its native binding (a per-platform optional dependency) at runtime;
// jiti (TypeScript configs) and husky (init) are loaded as packages; Prisma is the project's own.
// typescript is never loaded: it stays external only because cosmiconfig's unused TS loader names it.
import { fileURLToPath } from 'node:url';
import { Visitor, parseSync } from 'oxc-parser';
import { defineConfig } from 'rolldown';

// Code only some runs need: each command but the checks, each rule's code behind its `meta.ts`, the
// Prisma engines' loaders, lockfile models and semver, jsonc-parser (tsconfig), config from a ref.
// Everything else is what every pre-commit loads: one `core` chunk, since each extra file costs a
// hook run its own read, parse and link (59 small chunks measured slower than one).
const LAZY = new RegExp(
  [
    String.raw`src[\\/]commands[\\/](?!check\.ts)`,
    String.raw`src[\\/]hooks[\\/]`,
    String.raw`src[\\/]prisma[\\/](?!change-files\.ts|project-setup\.ts)`,
    String.raw`src[\\/]rules[\\/](?:no-mock-data|runtime-imports|prisma-migration|prisma-query-fields|required-build)[\\/](?!meta\.ts|options\.ts|query-scan\.ts)`,
    String.raw`src[\\/]rules[\\/]lockfile-sync[\\/](?!index\.ts)`,
    String.raw`src[\\/]rules[\\/]shared[\\/](?:tsconfig|project)\.ts`,
    String.raw`src[\\/](?:config[\\/](?:from-ref|tree-files)|attribution|report[\\/]step-summary)\.ts`,
    String.raw`src[\\/]oxc-binding\.ts|node_modules[\\/]oxc-parser[\\/]`,
    String.raw`node_modules[\\/](?:semver|jsonc-parser|diff|yaml|import-meta-resolve)[\\/]`,
  ].join('|'),
);

/**
 * The chunks are CommonJS so that dist/cli.js can compile them with `vm.Script` and V8's code cache
 * (src/code-cache.ts; Node 20 has no compile cache and cannot run ESM through vm without flags). A
 * vm script's own `import()` needs an experimental callback, so each `import(` of an external ESM
 * module (oxc-parser, a user's config, ...) becomes a call of the loader's `__shipguardImport`.
 */
const importThroughLoader = {
  name: 'import-through-loader',
  renderChunk(code) {
    const starts = [];
    new Visitor({ ImportExpression: (node) => starts.push(node.start) }).visit(parseSync('chunk.cjs', code, { sourceType: 'script' }).program);
    let out = code;
    for (const start of starts.sort((a, b) => b - a)) out = `${out.slice(0, start)}__shipguardImport${out.slice(start + 'import'.length)}`;
    return out;
  },
};

// Whitespace and comments out, non-ASCII escaped (names and code as written: stack traces stay
// readable): every hook run reads and decodes each chunk's text, and one non-ASCII character makes
// V8 hold all ~480 KB of core.cjs as two-byte UTF-16. Measured ~10 ms less per run on the 2-core VM.
const minify = { compress: false, mangle: false, codegen: { removeWhitespace: true, asciiOnly: true } };

export default defineConfig([
  {
    // dist/cli.cjs (the bin) is src/bin.ts: it starts a pre-commit's git commands, enables Node's
    // compile cache, then runs the CLI chunk through the code cache. CommonJS: an ESM entry cost ~10 ms
    // per run building ES module facades of the builtins it imports (scripts/finish-build.mjs).
    input: 'src/bin.ts',
    platform: 'node',
    external: [/^node:/],
    output: { file: 'dist/cli.cjs', format: 'cjs', minify },
  },
  {
    input: { cli: 'src/cli.ts' },
    platform: 'node',
    external: [/^node:/, 'typescript', 'oxc-parser', '@prisma/internals', 'jiti', 'husky', /^@prisma\//],
    resolve: {
      alias: {
        // jsonc-parser's `main` is a UMD build whose lazy require()s a bundle cannot follow; its ES build bundles cleanly.
        'jsonc-parser': 'jsonc-parser/lib/esm/main.js',
        // cosmiconfig's JSON and YAML loaders, without 120 KB compiled on every run (see each file).
        'parse-json': fileURLToPath(new URL('src/config/parse-json-native.cjs', import.meta.url)),
        'js-yaml': fileURLToPath(new URL('src/config/js-yaml-lazy.cjs', import.meta.url)),
        crypto: fileURLToPath(new URL('src/config/crypto-lazy.cjs', import.meta.url)),
      },
    },
    plugins: [importThroughLoader],
    output: {
      dir: 'dist/chunks',
      entryFileNames: '[name].cjs',
      chunkFileNames: '[name].cjs',
      format: 'cjs',
      minify,
      strict: true, // the source is ESM, which is always strict: keep its semantics in the CommonJS chunks
      codeSplitting: { groups: [{ name: 'core', test: (id) => !id.endsWith('src/cli.ts') && !LAZY.test(id) }] },
    },
  },
]);
