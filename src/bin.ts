#!/usr/bin/env node
// The `shipguard` command: turns on Node's compile cache first (it only applies to modules compiled
// after it is enabled, so the CLI itself is loaded afterwards), then runs the CLI.
import { enableCompileCache } from './compile-cache.js';

enableCompileCache(import.meta.url);
await import('./cli.js');
