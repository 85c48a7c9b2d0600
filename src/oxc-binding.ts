// oxc-parser without its ES module entry: `import('oxc-parser')` starts Node's ESM loader and compiles
// the package's modules on every run (21-25 ms measured on Node 20, against 4 ms to require its native
// binding). When the installed oxc-parser is the version this build bundled `wrap` and `visitorKeys`
// from, and its binding for this platform is the same version, the binding is required directly;
// anything else (another version, an override, WASI, an unknown platform) returns undefined and the
// caller imports the package as usual.
import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import oxcPackage from 'oxc-parser/package.json' with { type: 'json' };
import visitorKeys from 'oxc-parser/src-js/generated/visit/keys.js';
import { wrap } from 'oxc-parser/src-js/wrap.js';

const BUNDLED_VERSION = oxcPackage.version;

type OxcParser = typeof import('oxc-parser');
type Binding = { parseSync: (...args: Parameters<OxcParser['parseSync']>) => unknown };

/** What the rules use of oxc-parser: the same functions its entry exports, over the binding. */
export type NativeParser = Pick<OxcParser, 'parseSync' | 'visitorKeys'>;

/** `@oxc-parser/binding-<target>` names to try for this platform, as the package's own loader would. */
function targets(): string[] {
  const { platform, arch } = process;
  if (platform === 'linux' && (arch === 'x64' || arch === 'arm64')) return [`linux-${arch}-gnu`, `linux-${arch}-musl`];
  if (platform === 'darwin' && (arch === 'x64' || arch === 'arm64')) return ['darwin-universal', `darwin-${arch}`];
  if (platform === 'win32' && (arch === 'x64' || arch === 'arm64')) return [`win32-${arch}-msvc`];
  return [];
}

export function loadNativeParser(): NativeParser | undefined {
  if (process.env.NAPI_RS_NATIVE_LIBRARY_PATH || process.env.NAPI_RS_FORCE_WASI) return undefined;
  // Found as Node's resolver would, by the node_modules folders above each, without its package
  // `exports` evaluation (~5 ms cold); from oxc-parser's real folder on, where its optional
  // dependencies are (pnpm included). NODE_PATH and global folders are left to the import.
  const parser = findPackage(path.dirname(fileURLToPath(import.meta.url)), 'oxc-parser');
  if (!parser || parser.version !== BUNDLED_VERSION) return undefined;
  for (const target of targets()) {
    try {
      const found = findPackage(realpathSync(parser.dir), `@oxc-parser/binding-${target}`);
      if (!found || found.version !== BUNDLED_VERSION || typeof found.main !== 'string') continue;
      const binding = createRequire(import.meta.url)(path.join(found.dir, found.main)) as Binding;
      const parseSync = ((...args: Parameters<OxcParser['parseSync']>) => wrap(binding.parseSync(...args))) as OxcParser['parseSync'];
      return { parseSync, visitorKeys: visitorKeys as OxcParser['visitorKeys'] };
    } catch {
      // not found or it does not load here (another libc or CPU): try the next, then the package
    }
  }
  return undefined;
}

interface FoundPackage {
  dir: string;
  version?: unknown;
  main?: unknown;
}

/** `name` in the nearest `node_modules` at or above `from`, with its package.json's version and main. */
function findPackage(from: string, name: string): FoundPackage | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (path.basename(dir) !== 'node_modules') {
      try {
        const { version, main } = JSON.parse(readFileSync(path.join(candidate, 'package.json'), 'utf8')) as Omit<FoundPackage, 'dir'>;
        return { dir: candidate, version, main };
      } catch (error) {
        // Not here: the next folder up. Here but unreadable: as the resolver would fail, the import decides.
        if (!['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return undefined;
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
