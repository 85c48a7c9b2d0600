// Built-in rules. Each rule module is cheap to import: heavy parsers load inside `check`.
import type { Rule } from '../types.js';
import { commitSize } from './commit-size.js';
import { protectedBranch } from './protected-branch.js';
import { secrets } from './secrets/index.js';

export const builtinRules: readonly Rule[] = [commitSize, protectedBranch, secrets];
