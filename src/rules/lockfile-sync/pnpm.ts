// pnpm-lock.yaml judged the way `pnpm install --frozen-lockfile` judges it (pnpm's
// satisfiesPackageManifest): the manifest, after the lockfile's `overrides` are applied, must list
// exactly the specifiers the importer records. What pnpm itself does and this models:
// - `overrides` rewrite the specifier (selectors `name@range` claim intersecting ranges);
// - a name in both dependencies and devDependencies counts once, as a dependency;
// - with `autoInstallPeers`, peer dependencies not listed elsewhere are recorded as dependencies;
// - `catalog:` and `workspace:` specifiers are recorded as written.
import { matchesWildcard } from '../../strings.js';
import semver from 'semver';
import type { PackageJson } from '../shared/project.js';
import { declared, type LockedSection, type Problem, type Verdict } from './model.js';
import { applyOverrides, parseOverrides, type Overridden } from './pnpm-overrides.js';
import { parseAllImporters, parseImporter, parseTopLevel, type PnpmSections } from './pnpm-sections.js';

const SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;
type Section = (typeof SECTIONS)[number];

/** The lockfile-wide parts the model needs (small blocks at the top of the file). */
export interface PnpmHeader {
  /** `settings.autoInstallPeers`; undefined before lockfile v6 recorded it. */
  autoInstallPeers?: boolean;
  excludeLinksFromLockfile: boolean;
  overrides: Record<string, unknown>;
  ignoredOptional: string[];
  catalogs: Record<string, Record<string, unknown>>;
  /** Lockfile v5/v6 of a single project: the importer is at the top level. */
  topLevelImporter: boolean;
}

export async function readPnpmHeader(sections: PnpmSections, file: string): Promise<PnpmHeader> {
  const header = await parseTopLevel(sections, ['settings', 'overrides', 'ignoredOptionalDependencies', 'catalogs'], file);
  const settings = record(header.settings);
  const ignored = Array.isArray(header.ignoredOptionalDependencies) ? header.ignoredOptionalDependencies.map(String) : [];
  return {
    autoInstallPeers: typeof settings.autoInstallPeers === 'boolean' ? settings.autoInstallPeers : undefined,
    excludeLinksFromLockfile: settings.excludeLinksFromLockfile === true,
    overrides: record(header.overrides),
    ignoredOptional: ignored,
    catalogs: record(header.catalogs) as Record<string, Record<string, unknown>>,
    topLevelImporter: !sections.topLevel.has('importers'),
  };
}

/** An importer as pnpm reads it: one flat specifier map plus the names recorded per section. */
interface Importer {
  specifiers: Record<string, string>;
  sections: Record<Section, Record<string, string>>;
}

export async function readImporter(sections: PnpmSections, header: PnpmHeader, id: string, file: string, confirm: boolean): Promise<Importer | undefined> {
  let raw: Record<string, unknown> | undefined;
  if (header.topLevelImporter) raw = id === '.' ? await parseTopLevel(sections, ['specifiers', ...SECTIONS], file) : undefined;
  else raw = await parseImporter(sections, id, file);
  // The cut found no block: parse the whole importers section before calling it missing.
  if (!raw && confirm && !header.topLevelImporter) {
    const all = await parseAllImporters(sections, file);
    if (Object.hasOwn(all, id)) raw = record(all[id]);
  }
  if (!raw) return undefined;
  const specifiers: Record<string, string> = Object.fromEntries(Object.entries(record(raw.specifiers)).map(([name, spec]) => [name, String(spec)]));
  const importer: Importer = { specifiers, sections: { dependencies: {}, devDependencies: {}, optionalDependencies: {} } };
  for (const section of SECTIONS) {
    for (const [name, value] of Object.entries(record(raw[section]))) {
      // pnpm 6+: `{ specifier, version }`; pnpm 5: the version, with the specifier in `specifiers`.
      if (typeof value === 'object' && value !== null) {
        const entry = value as { specifier?: unknown; version?: unknown };
        specifiers[name] = String(entry.specifier);
        importer.sections[section][name] = String(entry.version);
      } else importer.sections[section][name] = String(value);
    }
  }
  return importer;
}

export function pnpmVerdict(importer: Importer | undefined, header: PnpmHeader, pkg: PackageJson): Verdict {
  const consequence = '`pnpm install --frozen-lockfile` (the CI default) refuses such a lockfile';
  const overrides = parseOverrides(header.overrides);
  const owner = { name: pkg.name, version: (pkg as { version?: string }).version };
  const applied = Object.fromEntries(
    [...SECTIONS, 'peerDependencies' as const].map((section) => [section, applyOverrides(withoutIgnored(declared(pkg, section), header, section), overrides, owner)]),
  ) as Record<LockedSection, Overridden>;
  const unsure = new Set(Object.values(applied).flatMap((result) => [...result.unsure]));
  if (!importer) {
    const declaredAny = SECTIONS.some((section) => Object.keys(applied[section].spec).length);
    const first = SECTIONS.map((section) => [section, Object.keys(applied[section].spec)[0]] as const).find(([, name]) => name);
    return {
      consequence,
      problems: declaredAny && first ? [{ name: first[1]!, section: first[0], text: 'the lockfile has no entry for this package' }] : [],
    };
  }
  const expected = expectedSections(applied, header, unsure);
  const problems: Problem[] = [];
  const reported = new Set<string>();
  const linked = (spec: string | undefined) => header.excludeLinksFromLockfile && spec?.startsWith('link:');
  for (const section of SECTIONS) {
    for (const [name, spec] of Object.entries(expected[section])) {
      if (unsure.has(name) || linked(spec)) continue;
      const locked = importer.specifiers[name];
      const via = Object.values(applied).find((result) => result.by[name])?.by[name];
      const shown = via ? `${declaredSpec(pkg, name)} in package.json (overrides ${via})` : `${spec} in package.json`;
      if (locked === undefined) problems.push({ name, section, text: `${name} ${spec} (${section}) is missing from the lockfile` });
      else if (locked !== spec && !sameGitSource(locked, spec)) problems.push({ name, section, text: `${name} is ${shown} but ${locked} in the lockfile` });
      else if (!Object.hasOwn(importer.sections[section], name)) problems.push({ name, section, text: `${name} is in ${section} in package.json but not in the lockfile's ${section}` });
      else continue;
      reported.add(name);
    }
  }
  for (const section of SECTIONS) {
    for (const [name, version] of Object.entries(importer.sections[section])) {
      if (Object.hasOwn(expected[section], name) || reported.has(name) || unsure.has(name) || expected.peerOnly.has(name)) continue;
      if (/(?:^|\()(?:link|file):/.test(version)) continue; // linked entries may be left out of the count (pnpm's countOfNonLinkedDeps)
      problems.push({ name, section, text: `${name} (${section}) is in the lockfile but no longer in package.json` });
    }
  }
  return { problems, consequence };
}

/** The sections pnpm expects in the importer, from the overridden manifest. */
function expectedSections(applied: Record<LockedSection, Overridden>, header: PnpmHeader, unsure: Set<string>): Record<Section, Record<string, string>> & { peerOnly: Set<string> } {
  const optional = applied.optionalDependencies.spec;
  let dependencies = { ...applied.dependencies.spec };
  const peerOnly = new Set<string>();
  const listed = new Set([...Object.keys(applied.devDependencies.spec), ...Object.keys(dependencies), ...Object.keys(optional)]);
  for (const [name, spec] of Object.entries(applied.peerDependencies.spec)) {
    if (listed.has(name)) continue;
    if (header.autoInstallPeers === true) {
      // A peer override to a non-range moves it into dependencies in pnpm; not modelled.
      if (semver.validRange(spec) === null && !spec.startsWith('workspace:') && !spec.startsWith('catalog:')) unsure.add(name);
      dependencies = { [name]: spec, ...dependencies };
    } else if (header.autoInstallPeers === undefined) peerOnly.add(name); // pnpm 5/7 lockfiles do not say: either is accepted
  }
  const dev = Object.fromEntries(Object.entries(applied.devDependencies.spec).filter(([name]) => !Object.hasOwn(dependencies, name) && !Object.hasOwn(optional, name)));
  const deps = Object.fromEntries(Object.entries(dependencies).filter(([name]) => !Object.hasOwn(optional, name)));
  return { dependencies: deps, devDependencies: dev, optionalDependencies: { ...optional }, peerOnly };
}

function withoutIgnored(deps: Record<string, string>, header: PnpmHeader, section: LockedSection): Record<string, string> {
  if (section === 'devDependencies' || !header.ignoredOptional.length) return deps;
  return Object.fromEntries(Object.entries(deps).filter(([name]) => !header.ignoredOptional.some((pattern) => matchesWildcard(pattern, name))));
}

function declaredSpec(pkg: PackageJson, name: string): string | undefined {
  for (const section of [...SECTIONS, 'peerDependencies' as const]) {
    const spec = declared(pkg, section)[name];
    if (spec !== undefined) return spec;
  }
  return undefined;
}

/** pnpm treats `git://`, `git+https://` and `github:` forms of one repository and ref as equal; not judged here. */
function sameGitSource(a: string, b: string): boolean {
  const git = /^(?:git[+:]|github:|gitlab:|bitbucket:|https?:\/\/.*\.git(?:#|$)|[\w.-]+\/[\w.-]+(?:#|$))/;
  return git.test(a) && git.test(b);
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * Settings the lockfile was written with that must equal the workspace's configuration, or pnpm
 * stops a frozen install with ERR_PNPM_LOCKFILE_CONFIG_MISMATCH: `overrides` and `catalogs`.
 * `configured` holds each place pnpm versions read overrides from (pnpm-workspace.yaml,
 * package.json `pnpm.overrides`); a match with any of them is accepted.
 */
export function settingsProblems(header: PnpmHeader, configured: { overrides: Record<string, unknown>[]; catalogs?: Record<string, Record<string, unknown>> }): string[] {
  const problems: string[] = [];
  const locked = stringMap(header.overrides);
  const candidates = configured.overrides.map(stringMap);
  // Values pnpm resolves before writing them (`catalog:`, `$name` of a root dependency) are not compared.
  const resolved = candidates.some((candidate) => Object.values(candidate).some((value) => value.startsWith('catalog:') || value.startsWith('$')));
  if (!resolved && !candidates.some((candidate) => sameMap(candidate, locked))) {
    const wanted = candidates.find((candidate) => Object.keys(candidate).length) ?? {};
    problems.push(`overrides ${describeDiff(wanted, locked)}`);
  }
  if (configured.catalogs) {
    for (const [catalog, entries] of Object.entries(header.catalogs)) {
      for (const [name, entry] of Object.entries(record(entries))) {
        const lockedSpec = record(entry).specifier;
        const wanted = configured.catalogs[catalog]?.[name];
        if (typeof lockedSpec === 'string' && (wanted === undefined || String(wanted) !== lockedSpec)) {
          problems.push(`catalog ${catalog === 'default' ? '' : `${catalog} `}entry ${name} is ${wanted === undefined ? 'gone' : String(wanted)} in pnpm-workspace.yaml but ${lockedSpec} in the lockfile`);
        }
      }
    }
  }
  return problems;
}

function stringMap(value: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, String(inner)]));
}

function sameMap(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}

function describeDiff(wanted: Record<string, string>, locked: Record<string, string>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(wanted)) {
    if (!Object.hasOwn(locked, key)) parts.push(`${key}: ${value} is not in the lockfile`);
    else if (locked[key] !== value) parts.push(`${key} is ${value} in the configuration but ${locked[key]} in the lockfile`);
  }
  for (const key of Object.keys(locked)) if (!Object.hasOwn(wanted, key)) parts.push(`${key}: ${locked[key]} is in the lockfile but no longer configured`);
  return parts.slice(0, 3).join('; ') + (parts.length > 3 ? `; and ${parts.length - 3} more` : '');
}
