// Limits on a config's shape, checked before anything recurses into it, merges it or prints it: a
// value nested thousands of levels deep overflowed the stack ("internal error" with no file name),
// an extends tree can fan out exponentially, and keys such as `__proto__` reach Object.prototype
// through lookups and merges.
import { isPlainObject } from './schema.js';

/** Deeper than any real option (the deepest built-in schema is 4 levels). */
export const MAX_DEPTH = 64;
/** Presets extending presets, from the project config down. */
export const MAX_EXTENDS_DEPTH = 32;
/** Preset files loaded in all, counting a preset each time it is extended. */
export const MAX_PRESETS = 256;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

/**
 * The first problem in a config's data, as `<key path> …`, or undefined. `plugins` holds rule
 * objects (code, not data) and is checked where plugins are read.
 */
export function shapeProblem(config: Record<string, unknown>): string | undefined {
  const walker = new Walker();
  for (const [key, value] of Object.entries(config)) {
    if (isForbiddenKey(key)) return forbidden(key);
    if (key === 'plugins') continue;
    const problem = walker.walk(value, key, 1);
    if (problem) return problem;
  }
  return undefined;
}

class Walker {
  /** Deepest level each object was checked at: a value shared by many keys is walked again only deeper. */
  private readonly checkedAt = new Map<object, number>();
  private readonly ancestors = new Set<object>();

  walk(value: unknown, path: string, depth: number): string | undefined {
    if (!Array.isArray(value) && !isPlainObject(value)) return undefined;
    if (this.ancestors.has(value)) return `${path} refers to itself`;
    if (depth > MAX_DEPTH) return `${shorten(path)} is nested more than ${MAX_DEPTH} levels deep`;
    if ((this.checkedAt.get(value) ?? 0) >= depth) return undefined;
    this.checkedAt.set(value, depth);
    this.ancestors.add(value);
    try {
      const entries = Array.isArray(value)
        ? value.map((item, index) => [`${path}[${index}]`, item, undefined] as const)
        : Object.entries(value).map(([key, item]) => [`${path}.${key}`, item, key] as const);
      for (const [childPath, item, key] of entries) {
        if (key !== undefined && isForbiddenKey(key)) return forbidden(childPath);
        const problem = this.walk(item, childPath, depth + 1);
        if (problem) return problem;
      }
      return undefined;
    } finally {
      this.ancestors.delete(value);
    }
  }
}

/** A key path 64 levels deep, kept readable on one line. */
function shorten(path: string): string {
  return path.length > 80 ? `${path.slice(0, 50)}…${path.slice(-20)}` : path;
}

function forbidden(path: string): string {
  return `${path} is not allowed (__proto__, constructor and prototype are never config keys)`;
}
