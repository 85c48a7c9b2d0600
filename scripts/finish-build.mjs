// After rolldown: the bin (dist/cli.cjs) made executable, and dist/cli.js, kept for hooks and scripts
// that run `node node_modules/shipguard/dist/cli.js` directly, as a one-line ESM entry that loads it.
// The bin is CommonJS because an ESM entry costs every run ~10 ms on Node 20: each node: builtin it
// imports gets an ES module facade built from all of its exports.
import { chmodSync, writeFileSync } from 'node:fs';

const shim = "#!/usr/bin/env node\n// The bin is dist/cli.cjs; this file is kept for hooks that name dist/cli.js.\nimport './cli.cjs';\n";
writeFileSync('dist/cli.js', shim);
for (const file of ['dist/cli.cjs', 'dist/cli.js']) chmodSync(file, 0o755);
