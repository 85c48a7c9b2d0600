// prisma-migration: what every run reads (config validation, SARIF, explain) and when the rule's
// code is needed at all; the rule itself (./index.ts, with the Prisma engines' loaders) is a chunk
// loaded only then.
import { touchesPrisma } from '../../prisma/change-files.js';
import type { Mode, ProjectOptions } from '../../prisma/project-setup.js';
import type { RuleContext, RuleMeta } from '../../types.js';

export interface PrismaMigrationOptions {
  /** `auto`: `push` when a project has no migration files or its scripts only run `prisma db push`. */
  mode: Mode;
  /** Per schema (file or folder path, or project folder): its mode and the folders holding its migrations. */
  projects: Record<string, ProjectOptions>;
  /** A new migration with no schema change: data migrations are legitimate, so a warning by default. */
  migrationWithoutSchemaChange: 'error' | 'warn' | 'off';
  /** A migration that leaves out tables, columns, indexes or enums the schema change touches. */
  migrationContent: 'error' | 'warn' | 'off';
  /** Refuse editing, deleting or renaming a migration the remote (or the range base) already has. */
  immutableMigrations: boolean;
  /** Lines of implied SQL shown in a finding. */
  sqlLines: number;
}

const LEVEL = { type: 'string', enum: ['error', 'warn', 'off'] } as const;
const MODE = { type: 'string', enum: ['auto', 'migrate', 'push'] } as const;

export const prismaMigrationMeta: RuleMeta<PrismaMigrationOptions> = {
  id: 'prisma-migration',
  description: 'A Prisma schema change that changes the database must come with its migration; pushed migrations are never edited.',
  stages: ['pre-commit', 'pre-push', 'ci'],
  docs: 'docs/rules/prisma-migration.md',
  kinds: {
    'missing-migration': 'a database-changing schema change with no migration',
    'incomplete-migration': 'the migration does not touch what the schema change touches',
    'migration-without-schema-change': 'a new migration with no database-changing schema change',
    'migration-edited': 'an applied migration is modified',
    'migration-deleted': 'an applied migration is deleted',
    'migration-renamed': 'an applied migration\'s folder is renamed',
    'migration-line-endings': 'only the line endings of an applied migration changed (warning)',
    'lock-provider-changed': 'migration_lock.toml switches provider',
    'invalid-schema': 'the project\'s Prisma rejects the schema being committed',
    unverified: 'the schema change could not be verified (warning)',
    'config-unreadable': 'prisma.config.ts sets its paths to something that is not a literal (warning)',
    'config-unmatched': 'a key of the projects option names no schema or project folder (warning)',
  },
  defaultOptions: { mode: 'auto', projects: {}, migrationWithoutSchemaChange: 'warn', migrationContent: 'error', immutableMigrations: true, sqlLines: 25 },
  schema: {
    type: 'object',
    properties: {
      mode: MODE,
      projects: {
        type: 'object',
        properties: {},
        additionalProperties: {
          type: 'object',
          properties: { mode: MODE, migrations: { type: 'array', items: { type: 'string', minLength: 1 } } },
        },
      },
      migrationWithoutSchemaChange: LEVEL,
      migrationContent: LEVEL,
      immutableMigrations: { type: 'boolean' },
      sqlLines: { type: 'integer', minimum: 1 },
    },
  },
};

/** A schema, migration or Prisma package.json key changed (the rule's own first test). */
export function prismaMigrationNeeded(context: RuleContext<PrismaMigrationOptions>): Promise<boolean> {
  const folders = Object.values(context.options.projects).flatMap((project) => project.migrations ?? []);
  return touchesPrisma(context.changes.files, folders);
}
