// Fixture repositories for the Prisma rules: real git, real Prisma schemas and migrations, shipguard
// installed through node_modules links with the prisma preset.
import { readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
// @ts-expect-error a plain .mjs script without types
import { prismaVersion } from '../../scripts/prisma-versions.mjs';
import { createRepo, PACKAGE_ROOT, type TestRepo, edit } from './repo.js';

export const FIXTURES = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'prisma');

export function fixture(...parts: string[]): string {
  return readFileSync(path.join(FIXTURES, ...parts), 'utf8');
}

/** Copies a fixture folder into the repository under `to`. */
export function copyFixture(repo: TestRepo, from: string, to: string): void {
  const walk = (relative: string) => {
    const full = path.join(FIXTURES, from, relative);
    if (statSync(full).isDirectory()) {
      for (const entry of readdirSync(full)) walk(path.join(relative, entry));
    } else {
      repo.write(path.join(to, relative), readFileSync(full));
    }
  };
  walk('');
}

/**
 * A repository on branch `feature` with only the Prisma rules on (plus `rules` overrides), so the
 * other rules of the presets (imports, mock data, builds) do not judge these minimal fixtures.
 */
export function prismaRepo(rules: Record<string, unknown> = {}): TestRepo {
  return createRepo({ config: { rules: { 'prisma-migration': 'error', 'prisma-query-fields': 'error', ...rules } } });
}

/** The tenant project (schema + init migration) committed at `dir` ('' = repository root). */
export function tenantRepo(rules: Record<string, unknown> = {}, dir = ''): TestRepo {
  const repo = prismaRepo(rules);
  copyFixture(repo, 'tenant/migrations', path.join(dir, 'prisma/migrations'));
  repo.write(path.join(dir, 'prisma/schema.prisma'), fixture('tenant', 'schema.prisma'));
  repo.commitAll('tenant schema with its first migration');
  return repo;
}

/** Incident 4's schema change: `status` turns from String into enum TenantStatus. */
export function statusToEnum(schema: string): string {
  return `${edit(schema, 'status    String   @default("ACTIVE")', 'status    TenantStatus @default(ACTIVE)')}
enum TenantStatus {
  ACTIVE
  SUSPENDED
}
`;
}

/** Links the real installation of Prisma `version` (scripts/prisma-versions.mjs) into the repository's node_modules. */
export function installPrisma(repo: TestRepo, version: string): void {
  installPrismaIn(repo.path('node_modules'), version);
}

/** The same, into any node_modules folder. */
export function installPrismaIn(modulesDir: string, version: string): void {
  const modules = prismaVersion(version) as string;
  symlinkSync(path.join(modules, '@prisma'), path.join(modulesDir, '@prisma'), 'dir');
  if (version.startsWith('5.')) symlinkSync(path.join(modules, 'prisma'), path.join(modulesDir, 'prisma'), 'dir');
}

import type { JsonReport } from './json.js';

export { runJson, type JsonFinding, type JsonReport } from './json.js';

export function kinds(report: JsonReport, ruleId?: string): (string | null)[] {
  return report.findings.filter((finding) => !ruleId || finding.ruleId === ruleId).map((finding) => finding.kind);
}
