// One long-lived `git cat-file --batch` for every blob a run reads: one spawn instead of one per file.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { GitError } from '../errors.js';
import { GIT_FLAGS, gitEnv } from './exec.js';

interface Pending {
  name: string;
  resolve(value: Buffer | null): void;
  reject(error: Error): void;
}

export class BlobReader {
  private child?: ChildProcessWithoutNullStreams;
  private readonly queue: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private failure?: Error;

  constructor(private readonly cwd: string) {}

  /**
   * Content of an object by name: a full oid, `<rev>:<path>` or `:<path>` (the index).
   * Resolves null when the object does not exist. Names cannot contain newlines (a git limit).
   */
  read(name: string): Promise<Buffer | null> {
    if (name.includes('\n')) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.queue.push({ name, resolve, reject });
      this.start().stdin.write(`${name}\n`);
    });
  }

  /** Ends the process; the run calls this when it is done (an open reader keeps node alive). */
  close(): void {
    this.child?.stdin.end();
    this.child = undefined;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn('git', [...GIT_FLAGS, 'cat-file', '--batch'], { cwd: this.cwd, env: gitEnv() });
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.drain();
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const fail = (error: Error) => {
      this.failure = error;
      for (const pending of this.queue.splice(0)) pending.reject(error);
    };
    child.on('error', (error) => fail(new GitError(`could not run git cat-file: ${error.message}`)));
    child.on('close', (code) => {
      if (this.queue.length) fail(new GitError(`git cat-file exited (${code}): ${stderr.trim()}`));
      if (this.child === child) this.child = undefined;
    });
    this.child = child;
    return child;
  }

  /** Parse as many complete responses as the buffer holds: `<oid> <type> <size>\n<content>\n`. */
  private drain(): void {
    while (this.queue.length) {
      const newline = this.buffer.indexOf(10);
      if (newline < 0) return;
      const header = this.buffer.subarray(0, newline).toString('utf8');
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buffer = this.buffer.subarray(newline + 1);
        this.queue.shift()!.resolve(null);
        continue;
      }
      const size = Number(header.slice(header.lastIndexOf(' ') + 1));
      if (!Number.isInteger(size)) {
        const error = new GitError(`unexpected git cat-file output: ${header}`);
        this.queue.shift()!.reject(error);
        this.buffer = Buffer.alloc(0);
        return;
      }
      const end = newline + 1 + size;
      if (this.buffer.length < end + 1) return;
      const content = Buffer.from(this.buffer.subarray(newline + 1, end));
      this.buffer = this.buffer.subarray(end + 1);
      this.queue.shift()!.resolve(content);
    }
  }
}
