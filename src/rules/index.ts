// Built-in rules. Each rule module is cheap to import: heavy parsers load inside `check`.
import type { Rule } from '../types.js';
import { commitSize } from './commit-size/index.js';
import { lockfileSync } from './lockfile-sync/index.js';
import { noMockData } from './no-mock-data/index.js';
import { prismaMigration } from './prisma-migration/index.js';
import { prismaQueryFields } from './prisma-query-fields/index.js';
import { protectedBranch } from './protected-branch/index.js';
import { requiredBuild } from './required-build/index.js';
import { runtimeImports } from './runtime-imports/index.js';
import { secrets } from './secrets/index.js';

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
