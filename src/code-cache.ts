// Runs the CLI's CommonJS chunks (dist/chunks/*.cjs) with V8's code cache on every Node version:
// each chunk is compiled by `vm.Script` with the bytes a previous run stored, so a hook run skips
// parsing and compiling ~460 KB of JavaScript (Node 20 has no `module.enableCompileCache`, and that
// cache does not apply to vm scripts). The bytes are made after the run (`createCachedData` at exit),
// so they hold the functions the run compiled lazily too. They live in a private directory beside
// the install (see compile-cache.ts: whoever can write them decides what the next run executes),
// keyed by the chunk file (its size, modification time and inode: hashing its text would load
// node:crypto, ~3 ms of a hook run), the Node version and its flags; V8 rejects bytes that do not
// match (`cachedDataRejected`) and they are then rewritten. Any cache problem only costs the compile.
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';
import { now } from './clock.js';
import { shortHash } from './short-hash.js';

/** The chunk's own `import()` calls, rewritten at build time (rolldown.config.mjs): resolved from dist/cli.cjs, in the same package. */
export type ImportModule = (specifier: string, options?: ImportCallOptions) => Promise<unknown>;

interface ChunkModule {
  exports: unknown;
}

// CommonJS's wrapper plus the import function, on the chunk's first line so its line numbers stay.
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname, __shipguardImport) { ';
const WRAPPER_TAIL = '\n})';

export class ChunkLoader {
  private readonly modules = new Map<string, ChunkModule>();
  private readonly toStore: Array<{ script: Script; file: string; prefix: string }> = [];

  /**
   * `cacheDir`: a private directory checked by the caller, or undefined to compile without a cache.
   * `writes`: this run may store bytes. Only the checks do: the bytes hold the functions the storing
   * run compiled, and a first run of `init` or `--help` would leave the hooks compiling theirs forever.
   */
  constructor(
    private readonly cacheDir: string | undefined,
    private readonly writes: boolean,
    private readonly importModule: ImportModule,
    private readonly debug: (line: string) => void,
  ) {
    if (cacheDir && writes) process.once('exit', () => this.store());
  }

  /** Runs a chunk file once (as `require` would) and returns its exports. */
  load(file: string): unknown {
    const known = this.modules.get(file);
    if (known) return known.exports;
    const module: ChunkModule = { exports: {} };
    this.modules.set(file, module);
    const started = now();
    const run = this.compile(file).runInThisContext() as (...args: unknown[]) => void;
    const compiled = now();
    run.call(module.exports, module.exports, this.requireFrom(file), module, file, path.dirname(file), this.importModule);
    this.debug(`chunk ${path.basename(file)}: compiled in ${(compiled - started).toFixed(1)} ms, ran in ${(now() - compiled).toFixed(1)} ms (at ${Math.round(started)} ms)`);
    return module.exports;
  }

  /** `require` for a chunk: sibling chunks through this loader, everything else through Node's. */
  private requireFrom(file: string): NodeJS.Require {
    const nodeRequire = createRequire(file);
    const dir = path.dirname(file);
    const chunkRequire = ((id: string) =>
      id.startsWith('./') && id.endsWith('.cjs') ? this.load(path.join(dir, id)) : nodeRequire(id)) as NodeJS.Require;
    return Object.assign(chunkRequire, { resolve: nodeRequire.resolve, cache: nodeRequire.cache, main: nodeRequire.main, extensions: nodeRequire.extensions });
  }

  private compile(file: string): Script {
    const source = readFileSync(file, 'utf8');
    const code = WRAPPER_HEAD + source + WRAPPER_TAIL;
    // `<chunk>.<node version and flags>.<content>.bin`: an upgrade replaces its own bytes; two Node
    // versions or flag sets (an nvm shell and a GUI client's node) keep one each instead of taking turns.
    const prefix = `${path.basename(file)}.${runtimeKey()}.`;
    const cacheFile = this.cacheDir ? path.join(this.cacheDir, `${prefix}${fileKey(file)}.bin`) : undefined;
    const cachedData = cacheFile ? readIfPresent(cacheFile) : undefined;
    const script = new Script(code, { filename: file, cachedData });
    const usable = cachedData !== undefined && !script.cachedDataRejected;
    if (cacheFile && !usable && this.writes) this.toStore.push({ script, file: cacheFile, prefix });
    if (cacheFile) this.debug(`code cache ${path.basename(file)}: ${usable ? 'used' : `${cachedData ? 'rejected' : 'none yet'}${this.writes ? ', writing' : ' (stored by the checks only)'}`}`);
    return script;
  }

  /** At exit: the code of each chunk that had no usable cache, with what this run compiled; old keys removed. */
  private store(): void {
    // V8 flags a run changed (Prisma's wasm, src/lazy.ts) are put back: bytes made under them are rejected by the next run.
    (globalThis as Record<symbol, (() => void) | undefined>)[Symbol.for('shipguard.restoreV8Flags')]?.();
    for (const { script, file, prefix } of this.toStore) {
      try {
        const temporary = `${file}.${process.pid}.tmp`;
        writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
        renameSync(temporary, file);
        removeOlderBuilds(path.dirname(file), prefix, path.basename(file));
      } catch (error) {
        this.debug(`code cache ${path.basename(file)}: not written (${(error as Error).message})`);
      }
    }
  }
}

/** Node version, platform and V8 flags: bytes V8 would reject for another runtime are never looked up. */
let runtime: string | undefined;
function runtimeKey(): string {
  return (runtime ??= shortHash([process.version, process.arch, ...process.execArgv, process.env.NODE_OPTIONS ?? ''].join('\0')));
}

/**
 * This version of the chunk file. V8 itself checks only the text's length, so an edit of the same
 * length would run stale code: any write changes the modification time, and a reinstall (whose
 * files all carry npm's fixed 1985 time) makes new files, with new inodes.
 */
function fileKey(file: string): string {
  const stat = statSync(file, { bigint: true });
  return `${stat.size.toString(36)}-${stat.mtimeNs.toString(36)}-${stat.ino.toString(36)}`;
}


function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Bytes for earlier builds of this chunk under this runtime (an upgrade of shipguard) would only pile up. */
function removeOlderBuilds(dir: string, prefix: string, keep: string): void {
  for (const name of readdirSync(dir)) {
    if (name.startsWith(prefix) && name.endsWith('.bin') && name !== keep) rmSync(path.join(dir, name), { force: true });
  }
}
