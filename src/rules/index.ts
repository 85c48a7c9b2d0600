// Built-in rules. Every run reads each rule's `meta`; a rule whose code is large (parsers, resolvers,
// Prisma) is a `lazyRule`: its code is a chunk loaded only when the change needs it (lazy-rule.ts).
import type { Rule } from '../types.js';
import { commitSize } from './commit-size/index.js';
import { lazyRule } from './lazy-rule.js';
import { lockfileSync } from './lockfile-sync/index.js';
import { noMockDataMeta, noMockDataNeeded } from './no-mock-data/meta.js';
import { prismaMigrationMeta, prismaMigrationNeeded } from './prisma-migration/meta.js';
import { prismaQueryFieldsMeta, prismaQueryFieldsNeeded } from './prisma-query-fields/meta.js';
import { protectedBranch } from './protected-branch/index.js';
import { requiredBuildMeta } from './required-build/meta.js';
import { runtimeImportsMeta, runtimeImportsNeeded } from './runtime-imports/meta.js';
import { secrets } from './secrets/index.js';

const noMockData = lazyRule(noMockDataMeta, async () => (await import('./no-mock-data/index.js')).noMockData, noMockDataNeeded);
// required-build runs only at pre-push and in CI (the engine never calls it at pre-commit).
const requiredBuild = lazyRule(requiredBuildMeta, async () => (await import('./required-build/index.js')).requiredBuild, () => true);
const prismaMigration = lazyRule(prismaMigrationMeta, async () => (await import('./prisma-migration/index.js')).prismaMigration, prismaMigrationNeeded);
const prismaQueryFields = lazyRule(prismaQueryFieldsMeta, async () => (await import('./prisma-query-fields/index.js')).prismaQueryFields, prismaQueryFieldsNeeded);
const runtimeImports = lazyRule(runtimeImportsMeta, async () => (await import('./runtime-imports/index.js')).runtimeImports, runtimeImportsNeeded);

/** Each declares every finding kind it reports in `meta.kinds` (test/rules/meta.test.ts; the engine enforces it). */
export const builtinRules: readonly Rule[] = [
  commitSize,
  protectedBranch,
  secrets,
  requiredBuild,
  noMockData,
  runtimeImports,
  lockfileSync,
  prismaMigration,
  prismaQueryFields,
];
