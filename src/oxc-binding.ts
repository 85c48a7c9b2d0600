// oxc-parser without its ES module entry: `import('oxc-parser')` starts Node's ESM loader and compiles
// the package's modules on every run (21-25 ms measured on Node 20, against 4 ms to require its native
// binding). When the installed oxc-parser is the version this build bundled `wrap` and `visitorKeys`
// from, and its binding for this platform is the same version, the binding is required directly;
// anything else (another version, an override, WASI, an unknown platform) returns undefined and the
// caller imports the package as usual.
import { createRequire } from 'node:module';
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
  let fromParser: NodeJS.Require;
  try {
    // Resolved from oxc-parser's own folder, where its optional dependencies are (pnpm included).
    fromParser = createRequire(createRequire(import.meta.url).resolve('oxc-parser/package.json'));
    if ((fromParser('./package.json') as { version: string }).version !== BUNDLED_VERSION) return undefined;
  } catch {
    return undefined;
  }
  for (const target of targets()) {
    try {
      const name = `@oxc-parser/binding-${target}`;
      if ((fromParser(`${name}/package.json`) as { version: string }).version !== BUNDLED_VERSION) continue;
      const binding = fromParser(name) as Binding;
      const parseSync = ((...args: Parameters<OxcParser['parseSync']>) => wrap(binding.parseSync(...args))) as OxcParser['parseSync'];
      return { parseSync, visitorKeys: visitorKeys as OxcParser['visitorKeys'] };
    } catch {
      // not installed for this libc or CPU, or it does not load here: try the next, then the package
    }
  }
  return undefined;
}
