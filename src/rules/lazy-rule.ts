// A built-in rule whose code is a chunk of its own (rolldown splits at the dynamic import), loaded
// only when the change needs it: every run reads each rule's `meta` to validate the config, but a
// Markdown commit should not compile the import resolver or the Prisma rules to learn they have
// nothing to do.
import { loadRuleCode } from '../lazy.js';
import type { Rule, RuleContext, RuleMeta } from '../types.js';

/**
 * `needed(context)` must be true whenever the rule's own `check` could report anything (a cheap
 * superset of the rule's own first test); when it is false the rule reports nothing and its code
 * is never loaded.
 */
export function lazyRule<Options>(
  meta: RuleMeta<Options>,
  load: () => Promise<Rule<Options>>,
  needed: (context: RuleContext<Options>) => boolean | Promise<boolean>,
): Rule<Options> {
  return {
    meta,
    async check(context) {
      if (!(await needed(context))) return [];
      const rule = await loadRuleCode(meta.id, load);
      return rule.check(context);
    },
  };
}
