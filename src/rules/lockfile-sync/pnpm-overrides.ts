// pnpm `overrides` as pnpm applies them to a workspace project's package.json before comparing it
// with the lockfile (pnpm's read-package hook: a selector `name`, `name@range`, `parent>name` or
// `parent@range>name@range` claims a dependency when the names match and the ranges intersect;
// the project's manifest then carries the override's value, which is what the lockfile records).
// Where pnpm versions differ or the outcome depends on things not modelled here, the dependency
// is marked unsure and is not judged.
import semver from 'semver';

export interface Override {
  selector: string;
  parent?: { name: string; range?: string };
  target: { name: string; range?: string };
  value: string;
}

const PARENT_DELIMITER = /[^ |@]>/;

export function parseOverrides(overrides: Record<string, unknown>): Override[] {
  return Object.entries(overrides)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([selector, value]) => {
      const delimiter = selector.search(PARENT_DELIMITER);
      if (delimiter < 0) return { selector, target: parseSelector(selector), value };
      return { selector, parent: parseSelector(selector.slice(0, delimiter + 1)), target: parseSelector(selector.slice(delimiter + 2)), value };
    });
}

/** `@scope/name@^1` -> { name: '@scope/name', range: '^1' }; `name@` -> range ''. */
function parseSelector(selector: string): { name: string; range?: string } {
  const at = selector.indexOf('@', 1);
  return at < 0 ? { name: selector } : { name: selector.slice(0, at), range: selector.slice(at + 1) };
}

export interface Overridden {
  /** The specifier pnpm records after the override, per dependency name. */
  spec: Record<string, string>;
  /** Which override produced it, for the message. */
  by: Record<string, string>;
  /** Names whose outcome is not certain (pnpm versions differ, removal, local paths, several candidates). */
  unsure: Set<string>;
}

/** Applies `overrides` to one section of the manifest `owner` (name and version of the package). */
export function applyOverrides(deps: Record<string, string>, overrides: Override[], owner: { name?: string; version?: string }): Overridden {
  const result: Overridden = { spec: { ...deps }, by: {}, unsure: new Set() };
  for (const [name, spec] of Object.entries(deps)) {
    const scoped = overrides.filter((override) => override.parent && claimsParent(override, owner) && claims(override, name, spec));
    const candidates = scoped.length ? scoped : overrides.filter((override) => !override.parent && claims(override, name, spec));
    if (!candidates.length) continue;
    const values = new Set(candidates.map((override) => override.value));
    const override = candidates[0]!;
    // One certain outcome only: a single value, not a removal (`-`), not a local path rewritten per project,
    // not a convergence selector (`name@`, whose meaning changed between pnpm 10 and 11).
    if (values.size > 1 || override.value === '-' || /^(?:link|file):/.test(override.value) || override.target.range === '') {
      result.unsure.add(name);
      continue;
    }
    result.spec[name] = override.value;
    result.by[name] = `${override.selector}: ${override.value}`;
  }
  return result;
}

function claims(override: Override, name: string, spec: string): boolean {
  return override.target.name === name && intersects(override.target.range, spec);
}

function claimsParent(override: Override, owner: { name?: string; version?: string }): boolean {
  const parent = override.parent!;
  if (parent.name !== owner.name) return false;
  return !parent.range || (owner.version !== undefined && semver.valid(owner.version) !== null && semver.satisfies(owner.version, parent.range));
}

/** pnpm's isIntersectingRange (since pnpm 8.7): no range, the same text, or semver ranges that overlap. */
function intersects(range: string | undefined, spec: string): boolean {
  if (!range || range === spec) return true;
  return semver.validRange(spec) !== null && semver.validRange(range) !== null && semver.intersects(spec, range);
}
