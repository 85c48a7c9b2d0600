#!/usr/bin/env node
// The `shipguard` command: turns on Node's compile cache first (it only applies to modules compiled
// after it is enabled: the external packages), starts a pre-commit's git commands, then runs the CLI
// chunk through V8's code cache.
import { ChunkLoader } from './code-cache.js';
import { enableCompileCache, privateCacheDir } from './compile-cache.js';
import { startEarlyGit } from './git/early.js';
import { fileURLToPath } from 'node:url';

// The commands hooks and CI run store the code cache; others (init, --help, doctor) only use it.
const [command, ...options] = process.argv.slice(2);
const writes = ['pre-commit', 'pre-push', 'ci', 'check'].includes(command ?? '') && !options.includes('--help') && !options.includes('-h');
// A pre-commit's first two git commands run while the chunks below are compiled (git/early.ts).
if (command === 'pre-commit' && writes) startEarlyGit(process.cwd());
enableCompileCache(import.meta.url);
const debug = process.env.SHIPGUARD_DEBUG ? (line: string) => process.stderr.write(`shipguard debug: ${line}\n`) : () => {};
const codeCache = privateCacheDir(import.meta.url, 'code-cache');
if (!codeCache.private) debug(`code cache ${codeCache.path ?? '-'}: not used (no private directory)`);
const loader = new ChunkLoader(codeCache.private ? codeCache.path : undefined, writes, (specifier, options) => import(specifier, options), debug);
loader.load(fileURLToPath(new URL('chunks/cli.cjs', import.meta.url)));
