// Fingerprints of secret findings. A fingerprint is published (the committed baseline, SARIF uploads,
// JSON output) beside a redacted preview, and the salt is in the repository, so a fast hash lets
// anyone test guesses offline (HMAC-SHA256: ~280k guesses/s on one core). scrypt makes each guess
// cost ~50 ms and 32 MiB. Runs stay fast through FingerprintCache; baselines written with the old
// HMAC keep matching through `legacyOf` until `shipguard baseline` rewrites them.
import { crypto } from './lazy-crypto.js';
import { FingerprintCache, type SecretLocation } from './fingerprint-cache.js';

/** scrypt cost: N = 2^15, r = 8 (32 MiB per hash), p = 1. Changing it changes every fingerprint. */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const LENGTH = 16; // 32 hex characters, the baseline's fingerprint format
/** Hashes at once: each holds 32 MiB. */
const CONCURRENCY = 2;

let running = 0;
const waiting: (() => void)[] = [];

/** crypto().scrypt(parts…, secret) keyed with the baseline salt: the slow fingerprint. */
export async function slowFingerprint(salt: string, text: string): Promise<string> {
  if (running >= CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await new Promise((resolve, reject) => {
      crypto().scrypt(text, salt, LENGTH, SCRYPT, (error, key) => (error ? reject(error) : resolve(key.toString('hex'))));
    });
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** The fingerprint baselines held before scrypt (HMAC-SHA256): for matching old entries only, never printed. */
export function legacyFingerprint(salt: string, text: string): string {
  return crypto().createHmac('sha256', salt).update(text).digest('hex').slice(0, 32);
}

/** Secret fingerprints of one run and one salt. */
export class SecretFingerprints {
  private readonly computed = new Map<string, Promise<string>>();
  private readonly legacy = new Map<string, string>();

  constructor(
    private readonly salt: string,
    private readonly cache: FingerprintCache,
  ) {}

  /** Fingerprint of `secret` identified by `parts` (rule, file); `at` lets a later run find it in the cache. */
  async fingerprint(secret: string, parts: readonly string[], at?: SecretLocation): Promise<string> {
    const text = [...parts, secret].join('\0');
    const key = at && FingerprintCache.key(this.salt, parts, at, secret.length);
    let promise = this.computed.get(text);
    if (!promise) {
      const cached = key && this.cache.get(key);
      promise = cached ? Promise.resolve(cached) : slowFingerprint(this.salt, text);
      this.computed.set(text, promise);
    }
    const fingerprint = await promise;
    if (key && this.cache.get(key) !== fingerprint) this.cache.set(key, fingerprint);
    this.legacy.set(fingerprint, legacyFingerprint(this.salt, text));
    return fingerprint;
  }

  /** The HMAC fingerprint an older baseline holds for the finding with this fingerprint. */
  legacyOf(fingerprint: string | undefined): string | undefined {
    return fingerprint === undefined ? undefined : this.legacy.get(fingerprint);
  }
}
