// Built-in rules. Each rule module is cheap to import: heavy parsers load inside `check`.
import type { Rule } from '../types.js';
import { commitSize } from './commit-size.js';
import { protectedBranch } from './protected-branch.js';
import { prismaMigration } from './prisma/migration.js';
import { prismaQueryFields } from './prisma/query-fields.js';

export const builtinRules: readonly Rule[] = [commitSize, protectedBranch, prismaMigration, prismaQueryFields];
