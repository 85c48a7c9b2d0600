// node:crypto on first use: loading it costs a hook run ~3 ms on Node 20, and a commit with no
// finding, no baseline and a JSON config never hashes anything.
import { createRequire } from 'node:module';

type Crypto = typeof import('node:crypto');
let loaded: Crypto | undefined;

export function crypto(): Crypto {
  loaded ??= createRequire(import.meta.url)('node:crypto') as Crypto;
  return loaded;
}
