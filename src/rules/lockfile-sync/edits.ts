// What a package.json change did to its dependency-related sections (key order does not count).
import type { PackageJson } from '../shared/project.js';

export interface Edit {
  /** The key's last segment, for pointing at its line. */
  name: string;
  section: string;
  text: string;
}

/** Added, removed and changed entries of `sections` (nested ones, like `pnpm.overrides`, flattened). */
export function dependencyEdits(before: PackageJson, after: PackageJson, sections: string[]): Edit[] {
  const edits: Edit[] = [];
  for (const section of sections) {
    const old = flatten((before as Record<string, unknown>)[section]);
    const now = flatten((after as Record<string, unknown>)[section]);
    for (const [name, value] of Object.entries(now)) {
      if (!Object.hasOwn(old, name)) edits.push({ name: leaf(name), section, text: `added ${name} ${value}` });
      else if (old[name] !== value) edits.push({ name: leaf(name), section, text: `${name} ${old[name]} -> ${value}` });
    }
    for (const name of Object.keys(old)) if (!Object.hasOwn(now, name)) edits.push({ name: leaf(name), section, text: `removed ${name}` });
  }
  return edits;
}

/** `{ a: '1', b: { c: '2' } }` -> `{ a: '1', 'b.c': '2' }` (overrides and pnpm settings nest). */
function flatten(value: unknown, prefix = ''): Record<string, string> {
  if (typeof value !== 'object' || value === null) return prefix ? { [prefix]: JSON.stringify(value) } : {};
  const out: Record<string, string> = {};
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof inner === 'object' && inner !== null) Object.assign(out, flatten(inner, path));
    else out[path] = typeof inner === 'string' ? inner : JSON.stringify(inner);
  }
  return out;
}

function leaf(path: string): string {
  return path.split('.').pop() ?? path;
}

export function describeEdits(edits: Edit[]): string {
  const shown = edits.slice(0, 3).map((edit) => edit.text).join(', ');
  return edits.length > 3 ? `${shown} and ${edits.length - 3} more` : shown;
}

/** The parts of a package.json any lockfile model reads: when they are unchanged, so is the verdict. */
export function lockRelevant(pkg: PackageJson): string {
  const { name, version, dependencies, devDependencies, optionalDependencies, peerDependencies, peerDependenciesMeta, overrides, resolutions, pnpm, workspaces } =
    pkg as Record<string, unknown>;
  return JSON.stringify({ name, version, dependencies, devDependencies, optionalDependencies, peerDependencies, peerDependenciesMeta, overrides, resolutions, pnpm, workspaces });
}

/** 1-based line of the first `"name":` key in a JSON text (for pointing at a dependency). */
export function lineOf(text: string, name: string): number | undefined {
  const needle = `${JSON.stringify(name)}:`;
  const index = text.split('\n').findIndex((line) => line.replace(/\s+/g, '').startsWith(needle));
  return index < 0 ? undefined : index + 1;
}
