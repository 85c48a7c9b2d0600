// One long-lived `git cat-file --batch` for every blob a run reads: one spawn instead of one per file.
// Responses are parsed as they stream in: a whole blob is joined once (no re-copying per chunk), and a
// head read keeps only its first bytes however large the blob, so sniffing a big binary stays cheap.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { GitError } from '../errors.js';
import { holdEventLoop, spawnCatFile } from './early.js';
import { GIT_FLAGS, gitEnv } from './exec.js';

export interface BlobHead {
  /** Size of the whole blob in bytes. */
  size: number;
  /** Its first bytes (at most the limit asked for). */
  head: Buffer;
}

interface Pending {
  /** Bytes to keep; the rest of the blob is read and dropped. */
  limit: number;
  resolve(value: BlobHead | null): void;
  reject(error: Error): void;
}

/** The response being received: bytes still to come (content and its trailing newline). */
interface Body {
  size: number;
  remaining: number;
  kept: Buffer[];
  keptBytes: number;
}

export class BlobReader {
  private child?: ChildProcessWithoutNullStreams;
  private readonly queue: Pending[] = [];
  /** An incomplete header line carried over to the next chunk. */
  private partialHeader: Buffer = Buffer.alloc(0);
  private body?: Body;
  private failure?: Error;
  /** Closed by the run: a late request (a branch still running after another failed) must not respawn git. */
  private closed = false;
  /** Names asked for in this turn of the event loop, written to git in one write (one per name cost ~50 µs each). */
  private unsent = '';

  /**
   * `sizesOnly`: a `git cat-file --batch-check` (sizes, no content: nothing is inflated). `early`: a
   * `--batch` process started before the run (git/early.ts), used while it is still running.
   */
  constructor(
    private readonly cwd: string,
    private readonly sizesOnly = false,
    private early?: ChildProcessWithoutNullStreams,
  ) {}

  /**
   * Content of an object by name: a full oid, `<rev>:<path>` or `:<path>` (the index).
   * Resolves null when the object does not exist. Names cannot contain newlines (a git limit).
   */
  async read(name: string): Promise<Buffer | null> {
    return (await this.request(name, Infinity))?.head ?? null;
  }

  /** The size and first `limit` bytes of an object, without holding the rest in memory. */
  readHead(name: string, limit: number): Promise<BlobHead | null> {
    return this.request(name, limit);
  }

  /** Ends the process; the run calls this when it is done (an open reader keeps node alive). */
  close(): void {
    this.closed = true;
    this.flush();
    this.child?.stdin.end();
    this.child = undefined;
  }

  private request(name: string, limit: number): Promise<BlobHead | null> {
    if (name.includes('\n')) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      if (this.closed) return reject(new GitError('git cat-file was asked for a blob after the run ended'));
      this.queue.push({ limit, resolve, reject });
      if (!this.unsent) setImmediate(() => this.flush());
      this.unsent += `${name}\n`;
    });
  }

  private flush(): void {
    if (!this.unsent || this.failure) return;
    const names = this.unsent;
    this.unsent = '';
    const child = this.start();
    holdEventLoop(child, true);
    child.stdin.write(names);
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const early = this.early;
    this.early = undefined;
    const child = early && early.exitCode === null && early.signalCode === null ? early : spawnCatFile(this.cwd, this.sizesOnly);
    child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error) => this.fail(new GitError(`could not run git cat-file: ${error.message}`)));
    child.on('close', (code) => {
      if (this.queue.length) this.fail(new GitError(`git cat-file exited (${code}): ${stderr.trim()}`));
      if (this.child === child) this.child = undefined;
    });
    // An idle reader must not keep node alive (spawnCatFile unreferences it): the process guard relies
    // on the event loop emptying to catch a config whose top-level await never settles.
    this.child = child;
    return child;
  }

  private fail(error: Error): void {
    this.failure = error;
    for (const pending of this.queue.splice(0)) pending.reject(error);
  }

  /** Parses responses `<oid> <type> <size>\n<content>\n` (or `<name> missing\n`) as bytes arrive. */
  private receive(chunk: Buffer): void {
    this.parse(chunk);
    if (!this.queue.length && this.child) holdEventLoop(this.child, false);
  }

  private parse(chunk: Buffer): void {
    const data = this.partialHeader.length ? Buffer.concat([this.partialHeader, chunk]) : chunk;
    this.partialHeader = Buffer.alloc(0);
    let pos = 0;
    while (pos < data.length && this.queue.length) {
      if (this.body) {
        pos = this.receiveBody(data, pos);
        continue;
      }
      const newline = data.indexOf(10, pos);
      if (newline < 0) {
        this.partialHeader = Buffer.from(data.subarray(pos));
        return;
      }
      const header = data.toString('utf8', pos, newline);
      pos = newline + 1;
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.queue.shift()!.resolve(null);
        continue;
      }
      const size = Number(header.slice(header.lastIndexOf(' ') + 1));
      if (!Number.isInteger(size)) {
        this.fail(new GitError(`unexpected git cat-file output: ${header}`));
        return;
      }
      if (this.sizesOnly) this.queue.shift()!.resolve({ size, head: Buffer.alloc(0) });
      else this.body = { size, remaining: size + 1, kept: [], keptBytes: 0 };
    }
  }

  /** Takes the current response's bytes from `data` at `pos`; returns the new position. */
  private receiveBody(data: Buffer, pos: number): number {
    const body = this.body!;
    const take = Math.min(body.remaining, data.length - pos);
    const content = Math.min(take, body.remaining - 1); // the last byte of a response is its newline
    const keep = Math.min(content, this.queue[0]!.limit - body.keptBytes);
    if (keep > 0) {
      body.kept.push(data.subarray(pos, pos + keep));
      body.keptBytes += keep;
    }
    body.remaining -= take;
    if (body.remaining === 0) {
      this.body = undefined;
      this.queue.shift()!.resolve({ size: body.size, head: Buffer.concat(body.kept, body.keptBytes) });
    }
    return pos + take;
  }
}

/**
 * The first `limit` bytes of a large blob from its own `git cat-file blob`, closed once they have
 * arrived: git streams a blob there and stops at the closed pipe, where `--batch` would inflate all
 * of it (a 100 MB video: 0.02 s and 4 MB instead of 0.3 s and 100 MB).
 */
export function readBlobHead(cwd: string, oid: string, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...GIT_FLAGS, 'cat-file', 'blob', oid], { cwd, env: gitEnv(), stdio: ['ignore', 'pipe', 'ignore'] });
    const parts: Buffer[] = [];
    let length = 0;
    const finish = () => {
      child.stdout.destroy();
      child.kill();
      resolve(Buffer.concat(parts, length).subarray(0, limit));
    };
    child.stdout.on('data', (chunk: Buffer) => {
      parts.push(chunk);
      length += chunk.length;
      if (length >= limit) finish();
    });
    child.on('error', (error) => reject(new GitError(`could not run git cat-file: ${error.message}`)));
    child.on('close', (code) => (length >= limit || code === 0 ? finish() : reject(new GitError(`git cat-file blob ${oid} failed (${code})`))));
  });
}

/** The pipes to a child keep node's event loop alive while referenced: only while answers are awaited. */
