// prisma-query-fields: what every run reads (config validation, SARIF, explain) and when the rule's
// code is needed at all; the rule itself (./index.ts) is a chunk loaded only then.
import { touchesPrisma } from '../../prisma/change-files.js';
import type { RuleContext, RuleMeta } from '../../types.js';
import { mayCallClient } from './query-scan.js';

export interface PrismaQueryFieldsOptions {
  /**
   * Receiver expressions trusted to be a Prisma Client by name, beyond those found from the code
   * (`new PrismaClient()`, `$extends`, classes extending PrismaClient, imported clients, `$transaction` parameters).
   */
  clients: string[];
  /** Source files checked (and re-checked when the schema changes). */
  sources: string[];
  /** Never checked. */
  exclude: string[];
  /** When the schema changes, re-check unchanged files that call the client and name what it removed or changed. */
  recheckOnSchemaChange: boolean;
  /** Computed fields a `$extends({ result })` client adds, by model: `{ User: ['fullName'] }`. */
  resultFields: Record<string, string[]>;
}

/** Receivers named `prisma` are a client; generic names (`db`, `tx`) only when the code shows it. */
const DEFAULT_CLIENTS = ['prisma', 'this.prisma', 'ctx.prisma', 'context.prisma'];

export const prismaQueryFieldsMeta: RuleMeta<PrismaQueryFieldsOptions> = {
  id: 'prisma-query-fields',
  description: 'Prisma Client calls may only name models, fields, relations and enum values that exist in the committed schema.',
  stages: ['pre-commit', 'pre-push', 'ci'],
  scope: 'file',
  docs: 'docs/rules/prisma-query-fields.md',
  kinds: {
    'unknown-model': 'a delegate that is not a model of the schema',
    'unknown-operation': 'an operation the provider does not have',
    'unknown-argument': 'an argument the operation does not take',
    'unknown-field': 'a select / include / omit key that is not a field of the model',
    'unknown-relation-count': 'a _count.select key that is not a relation of the model',
    'unknown-input-field': 'a where / data / orderBy / cursor / having key the input type does not have',
    'invalid-enum-value': 'a string literal where only an enum value fits',
    'schema-invalid': 'the schema does not validate, so calls were not checked (warning)',
    unparsable: 'a syntax error kept the file\'s client calls from being checked (warning)',
  },
  defaultOptions: {
    clients: DEFAULT_CLIENTS,
    sources: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/build/**', '**/generated/**', '**/.next/**', '**/coverage/**', '**/*.d.ts'],
    recheckOnSchemaChange: true,
    resultFields: {},
  },
  schema: {
    type: 'object',
    properties: {
      clients: { type: 'array', items: { type: 'string', minLength: 1 } },
      sources: { type: 'array', items: { type: 'string', minLength: 1 } },
      exclude: { type: 'array', items: { type: 'string', minLength: 1 } },
      recheckOnSchemaChange: { type: 'boolean' },
      resultFields: {
        type: 'object',
        properties: {},
        additionalProperties: { type: 'array', items: { type: 'string', minLength: 1 } },
        description: 'an object mapping model names to arrays of field names',
      },
    },
  },
};

/** A changed source file that may call the client, or a Prisma change (the rule's own first test). */
export async function prismaQueryFieldsNeeded(context: RuleContext<PrismaQueryFieldsOptions>): Promise<boolean> {
  const { options, match } = context;
  for (const change of context.changes.files) {
    if (change.status === 'deleted' || !match(change.path, options.sources) || match(change.path, options.exclude)) continue;
    const text = await change.content();
    if (text && mayCallClient(text)) return true;
  }
  return touchesPrisma(context.changes.files);
}
