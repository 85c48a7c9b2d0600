// Does a schema change need a database migration? Asked of Prisma's schema engine (the SQL
// `prisma migrate diff` would print) where it runs offline, otherwise answered by comparing datamodels.
import { errorMessage } from '../../errors.js';
import { datamodelChanges } from './datamodel-diff.js';
import { datasourceProvider, type SchemaDiagnostic, type SchemaFile } from './schema-text.js';
import { ENGINE_PROVIDERS, engineDiff, getDatamodel, SchemaInvalidError, validateSchema } from './wasm.js';

export type Decision =
  /** The new schema does not validate. */
  | { kind: 'invalid'; diagnostics: SchemaDiagnostic[] }
  /** MongoDB: Prisma Migrate does not apply. */
  | { kind: 'no-migrations'; provider: string }
  /** The old schema does not validate, so there is nothing to compare with. */
  | { kind: 'old-invalid'; provider: string }
  | {
      kind: 'compared';
      provider: string;
      needed: boolean;
      /** SQL statements (engine) or database changes (fallback). */
      evidence: string;
      /** Which method decided, for messages. */
      method: string;
      suggestedName: string;
    };

export async function decideMigration(before: SchemaFile[] | undefined, after: SchemaFile[]): Promise<Decision> {
  const provider = datasourceProvider(after) ?? datasourceProvider(before ?? []) ?? 'unknown';
  if (ENGINE_PROVIDERS[provider]) {
    try {
      return await withEngine(provider, before, after);
    } catch (error) {
      if (error instanceof SchemaInvalidError) throw error;
      return withDatamodels(provider, before, after, `DMMF comparison (the schema engine failed: ${errorMessage(error)})`);
    }
  }
  return withDatamodels(provider, before, after, `DMMF comparison (the schema engine has no offline ${provider} connector)`);
}

async function withEngine(provider: string, before: SchemaFile[] | undefined, after: SchemaFile[]): Promise<Decision> {
  try {
    const diff = await engineDiff(provider, before, after);
    return { kind: 'compared', provider, needed: diff.needed, evidence: diff.sql, method: 'Prisma schema engine diff', suggestedName: nameFromSql(diff.sql) };
  } catch (error) {
    if (!(error instanceof SchemaInvalidError)) throw error;
    // Which side is invalid? Diffing the new schema from nothing answers it.
    try {
      await engineDiff(provider, undefined, after);
    } catch (again) {
      if (again instanceof SchemaInvalidError) return { kind: 'invalid', diagnostics: again.diagnostics };
      throw again;
    }
    return { kind: 'old-invalid', provider };
  }
}

async function withDatamodels(provider: string, before: SchemaFile[] | undefined, after: SchemaFile[], method: string): Promise<Decision> {
  const diagnostics = await validateSchema(after);
  if (diagnostics.length) return { kind: 'invalid', diagnostics };
  if (provider === 'mongodb') return { kind: 'no-migrations', provider };
  const next = await getDatamodel(after);
  let previous;
  try {
    previous = before ? await getDatamodel(before) : undefined;
  } catch (error) {
    if (error instanceof SchemaInvalidError) return { kind: 'old-invalid', provider };
    throw error;
  }
  const changes = datamodelChanges(previous, next);
  return { kind: 'compared', provider, needed: changes.length > 0, evidence: changes.join('\n'), method, suggestedName: nameFromChanges(changes) };
}

/** `add_tenant_status`, `change_tenants`: a migration name from the first statements of the SQL. */
export function nameFromSql(sql: string): string {
  const parts: string[] = [];
  const statement = /^(CREATE|ALTER|DROP)\s+(TABLE|TYPE|INDEX|UNIQUE INDEX|SCHEMA)\s+(?:IF (?:NOT )?EXISTS\s+)?"?([\w.]+)"?/gim;
  for (const match of sql.matchAll(statement)) {
    const verb = { CREATE: 'add', ALTER: 'change', DROP: 'drop' }[match[1]!.toUpperCase()]!;
    if (match[2]!.toUpperCase() === 'SCHEMA') continue;
    parts.push(`${verb}_${snake(match[3]!)}`);
  }
  return joinName(parts);
}

function nameFromChanges(changes: string[]): string {
  const parts = changes.map((change) => {
    const match = /^(add|change|drop) (?:\w+ )*?(?:table|column|enum|index on|foreign key|primary key on) "?([\w]+)"?/.exec(change);
    return match ? `${match[1]}_${snake(match[2]!)}` : '';
  });
  return joinName(parts.filter(Boolean));
}

function joinName(parts: string[]): string {
  const unique = [...new Set(parts)].slice(0, 2);
  return (unique.join('_and_') || 'schema_change').slice(0, 60);
}

function snake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^\w]+/g, '_')
    .toLowerCase();
}
