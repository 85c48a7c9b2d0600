// Secret fingerprints computed earlier, so a baselined secret does not cost a scrypt on every run.
// Kept in `.git/shipguard/fingerprints.json` (0600 in a 0700 directory). An entry is keyed by WHERE
// the secret is (salt, rule, file, blob id, line, column, length), never by the secret itself: the
// file maps places to fingerprints that are published anyway (baseline, SARIF), so reading it
// confirms no guess faster than scrypt does. A key built from the secret (even keyed with a local
// random key stored beside it) would let whoever reads the file test guesses at hash speed.
import { crypto } from './lazy-crypto.js';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { privateStateDir, tightenFile, writePrivateFile } from './private-files.js';

const FORMAT = 1;
/** Enough for a large baseline; beyond it the oldest entries go. */
const MAX_ENTRIES = 20_000;

export interface SecretLocation {
  /** Blob id of the file content the secret was read from. */
  blob: string;
  line: number;
  column: number;
}

export class FingerprintCache {
  private entries: Map<string, string> | undefined;
  private changed = false;

  /** `commonDir` undefined: an in-memory cache for this run only. */
  constructor(private readonly commonDir: string | undefined) {}

  /** The cache key of a secret: its place and length, no character of it. */
  static key(salt: string, parts: readonly string[], at: SecretLocation, length: number): string | undefined {
    if (!/^[0-9a-f]{40,64}$/.test(at.blob) || /^0+$/.test(at.blob)) return undefined;
    return crypto().createHash('sha256').update(JSON.stringify([FORMAT, salt, parts, at.blob, at.line, at.column, length])).digest('hex').slice(0, 40);
  }

  get(key: string): string | undefined {
    return this.load().get(key);
  }

  set(key: string, fingerprint: string): void {
    this.load().set(key, fingerprint);
    this.changed = true;
  }

  /** Writes the new entries (once, at the end of a run). */
  save(): void {
    if (!this.changed || !this.commonDir) return;
    const dir = privateStateDir(this.commonDir);
    if (!dir) return;
    const entries = [...this.load()].slice(-MAX_ENTRIES);
    writePrivateFile(path.join(dir, 'fingerprints.json'), JSON.stringify({ format: FORMAT, entries: Object.fromEntries(entries) }));
    this.changed = false;
  }

  private load(): Map<string, string> {
    if (this.entries) return this.entries;
    this.entries = new Map();
    const dir = this.commonDir && privateStateDir(this.commonDir);
    const file = dir && path.join(dir, 'fingerprints.json');
    // A file we cannot trust (not ours) is ignored: a planted entry would accept a finding.
    if (!file || !existsSync(file) || !tightenFile(file)) return this.entries;
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { format?: number; entries?: Record<string, unknown> };
      if (data.format !== FORMAT || !data.entries) return this.entries;
      for (const [key, value] of Object.entries(data.entries)) if (typeof value === 'string') this.entries.set(key, value);
    } catch {
      // corrupt: rebuilt from scratch
    }
    return this.entries;
  }
}
