// The baseline: findings a team accepted once (`shipguard baseline`), matched by fingerprint, never by
// line number, so an accepted finding stays accepted when lines move or a rebase rewrites commits.
// The file stores salted hashes only: no secret, no line of code.
import { crypto } from './lazy-crypto.js';
import { ConfigError } from './errors.js';
import type { ReportedFinding } from './types.js';
import { isPlainObject, show } from './config/schema.js';

export const BASELINE_FILE = '.shipguard-baseline.json';

export interface BaselineEntry {
  fingerprint: string;
  rule: string;
  kind?: string;
  file?: string;
  /** Why it was accepted (optional, for reviewers). */
  reason?: string;
}

export interface Baseline {
  version: 1;
  /** Random per repository: fingerprints cannot be looked up in a table precomputed elsewhere. */
  salt: string;
  entries: BaselineEntry[];
}

/** Salt for repositories without a baseline yet: fingerprints are still stable from run to run. */
const DEFAULT_SALT = 'shipguard-fingerprint-v1';

export function newSalt(): string {
  return crypto().randomBytes(16).toString('hex');
}

export function saltOf(baseline: Baseline | undefined): string {
  return baseline?.salt ?? DEFAULT_SALT;
}

/**
 * `fingerprint(...parts)`: keyed hash of the parts, stable for one salt, 32 hex characters. Fast:
 * for findings whose parts are no secret (secret findings use ./secret-fingerprints.ts).
 */
export function fingerprinter(salt: string | undefined): (...parts: string[]) => string {
  const key = salt ?? DEFAULT_SALT;
  return (...parts) => crypto().createHmac('sha256', key).update(parts.join('\0')).digest('hex').slice(0, 32);
}

/** Parses and validates the baseline file; errors name the file and the key, exit code 2. */
export function parseBaseline(text: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(BASELINE_FILE, `invalid JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isPlainObject(data)) throw new ConfigError(BASELINE_FILE, `must be an object { version, salt, entries } (got ${show(data)})`);
  if (data.version !== 1) throw new ConfigError(BASELINE_FILE, `version must be 1 (got ${show(data.version)})`);
  if (typeof data.salt !== 'string' || data.salt.length < 16) {
    throw new ConfigError(BASELINE_FILE, `salt must be a string of at least 16 characters (got ${show(data.salt)}); rewrite the file with \`shipguard baseline\``);
  }
  if (!Array.isArray(data.entries)) throw new ConfigError(BASELINE_FILE, `entries must be an array (got ${show(data.entries)})`);
  const entries = data.entries.map((entry, index) => readEntry(entry, `entries[${index}]`));
  return { version: 1, salt: data.salt, entries };
}

function readEntry(entry: unknown, key: string): BaselineEntry {
  if (!isPlainObject(entry)) throw new ConfigError(BASELINE_FILE, `${key} must be an object (got ${show(entry)})`);
  if (typeof entry.fingerprint !== 'string' || !/^[0-9a-f]{32}$/.test(entry.fingerprint)) {
    throw new ConfigError(BASELINE_FILE, `${key}.fingerprint must be 32 hex characters (got ${show(entry.fingerprint)})`);
  }
  if (typeof entry.rule !== 'string' || !entry.rule) throw new ConfigError(BASELINE_FILE, `${key}.rule must be a rule id (got ${show(entry.rule)})`);
  for (const optional of ['kind', 'file', 'reason'] as const) {
    if (entry[optional] !== undefined && typeof entry[optional] !== 'string') {
      throw new ConfigError(BASELINE_FILE, `${key}.${optional} must be a string (got ${show(entry[optional])})`);
    }
  }
  return entry as unknown as BaselineEntry;
}

export function formatBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

export interface MergedEntries {
  entries: BaselineEntry[];
  added: number;
  kept: number;
  /** Kept entries whose pre-scrypt (HMAC) fingerprint was replaced by the slow one. */
  migrated: number;
  /** Entries of the rules that ran which no finding matched any more: dropped. */
  stale: number;
  /** Entries of rules that did not run (`--rule`, a rule turned off): kept as they were. */
  untouched: number;
  /** Findings without a fingerprint: they cannot be baselined. */
  unkeyed: number;
}

/**
 * The entries `shipguard baseline` writes: one per current finding (its hand-written reason kept),
 * plus every entry of a rule this run did not check, untouched.
 */
export function mergeEntries(previous: readonly BaselineEntry[], findings: readonly ReportedFinding[], rulesRun: readonly string[]): MergedEntries {
  const ran = new Set(rulesRun);
  const untouched = previous.filter((entry) => !ran.has(entry.rule));
  const earlier = new Map(previous.filter((entry) => ran.has(entry.rule)).map((entry) => [entry.fingerprint, entry]));
  const current = new Map<string, BaselineEntry>();
  const matched = new Set<string>();
  let unkeyed = 0;
  let migrated = 0;
  for (const finding of findings) {
    if (!finding.fingerprint) {
      unkeyed++;
      continue;
    }
    const legacy = finding.legacyFingerprint ? earlier.get(finding.legacyFingerprint) : undefined;
    const previousEntry = earlier.get(finding.fingerprint) ?? legacy;
    if (previousEntry && !current.has(finding.fingerprint)) {
      matched.add(previousEntry.fingerprint);
      if (previousEntry === legacy) migrated++;
    }
    current.set(finding.fingerprint, entryFor(finding, previousEntry));
  }
  const entries = [...untouched, ...current.values()].sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.rule.localeCompare(b.rule));
  const kept = matched.size;
  return { entries, added: current.size - kept, kept, migrated, stale: earlier.size - kept, untouched: untouched.length, unkeyed };
}

/** Entry for a finding: identity and where it was, for the reviewer of the baseline file. */
function entryFor(finding: ReportedFinding, previous?: BaselineEntry): BaselineEntry {
  return {
    fingerprint: finding.fingerprint!,
    rule: finding.ruleId,
    ...(finding.kind ? { kind: finding.kind } : {}),
    ...(finding.file ? { file: finding.file } : {}),
    ...(previous?.reason ? { reason: previous.reason } : {}),
  };
}
