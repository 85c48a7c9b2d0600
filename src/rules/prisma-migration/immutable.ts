// Migrations other environments may have applied (see published.ts) are never edited, deleted or
// renamed, and migration_lock.toml keeps its provider.
import path from 'node:path';
import type { ChangedFile } from '../../changeset.js';
import type { Finding, RuleContext } from '../../types.js';
import { isMigrationScript } from '../../prisma/change-files.js';
import type { ProjectSetup } from '../../prisma/project-setup.js';
import type { PrismaProject } from '../../prisma/projects.js';
import { publishedFile, publishedTrees, type PublishedTree } from './published.js';

const REWRITES = new Set(['modified', 'deleted', 'renamed', 'typechange']);

/** One ref listing per run, only once a migration is rewritten. */
const treesOf = new WeakMap<object, Promise<PublishedTree[]>>();

export async function checkImmutable(context: RuleContext<unknown>, setup: ProjectSetup): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const file of context.changes.files) {
    const original = file.oldPath ?? file.path;
    if (!REWRITES.has(file.status) || !isMigrationScript(setup.dirs, original)) continue;
    let trees = treesOf.get(context.changes);
    if (!trees) treesOf.set(context.changes, (trees = publishedTrees(context)));
    const before = await publishedFile(context, await trees, original);
    if (!before) continue; // only in local drafts: still free to change
    const finding = await rewriteFinding(file, original, before.content.toString('utf8'), before.tree);
    if (finding) findings.push(finding);
  }
  return findings;
}

async function rewriteFinding(file: ChangedFile, original: string, before: string, tree: PublishedTree): Promise<Finding | undefined> {
  const name = migrationLabel(original);
  const where = `already ${tree.where}`;
  const restore = `Restore it (git checkout ${tree.commit.slice(0, 12)} -- ${original}) and put the change in a new migration (npx prisma migrate dev --name <change>).`;
  if (file.status === 'deleted') {
    return { kind: 'migration-deleted', file: original, message: `Migration ${name} is ${where} and is deleted here: databases that applied it will report it missing, and new ones will lack its tables.`, hint: restore };
  }
  if (file.status === 'renamed' && file.oldPath !== file.path) {
    return {
      kind: 'migration-renamed',
      file: file.path,
      message: `Migration ${name} is ${where} and is renamed here to ${file.path}: Prisma will see the old one missing and apply the new one again.`,
      hint: restore,
    };
  }
  const after = (await file.content()) ?? '';
  if (after === before) return undefined;
  if (normalizeEol(after) === normalizeEol(before)) {
    return {
      kind: 'migration-line-endings',
      severity: 'warn',
      file: file.path,
      message: `Only the line endings of migration ${name} changed (it is ${where}). Prisma's checksum tolerates CRLF/LF, but the file no longer matches what was applied byte for byte.`,
      hint: `Restore it (git checkout ${tree.commit.slice(0, 12)} -- ${original}) and pin SQL line endings in .gitattributes: *.sql text eol=lf`,
    };
  }
  return {
    kind: 'migration-edited',
    file: file.path,
    line: file.addedLines[0]?.line,
    message: `Migration ${name} is ${where} and is edited here: every database that applied it fails Prisma's checksum check ("migration was modified after it was applied").`,
    hint: restore,
  };
}

/** `20240101000000_init` for `<dir>/20240101000000_init/migration.sql`, the file name for a flat folder. */
function migrationLabel(file: string): string {
  const base = path.posix.basename(file);
  return base === 'migration.sql' ? path.posix.basename(path.posix.dirname(file)) : base;
}

function normalizeEol(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

export async function checkLockFile(context: RuleContext<unknown>, project: PrismaProject): Promise<Finding[]> {
  const lockPath = `${project.migrationsDir ? `${project.migrationsDir}/` : ''}migration_lock.toml`;
  const lock = context.changes.files.find((file) => file.path === lockPath && file.status === 'modified');
  if (!lock) return [];
  const before = lockProvider((await lock.oldContent()) ?? '');
  const after = lockProvider((await lock.content()) ?? '');
  if (!before || before === after) return [];
  return [
    {
      kind: 'lock-provider-changed',
      file: lockPath,
      line: lock.addedLines.find((added) => /provider/.test(added.text))?.line,
      message: `${lockPath} switches the migration provider from ${before} to ${after ?? 'nothing'}: the existing migrations are ${before} SQL and will not run on ${after ?? 'another database'}.`,
      hint: 'Changing databases means a new migration history (baseline the new database); keep the lock file as it is unless that is what you are doing.',
    },
  ];
}

/** `provider = "postgresql"` from migration_lock.toml (one key; a TOML parser would be overkill). */
function lockProvider(text: string): string | undefined {
  return /^[ \t]*provider[ \t]*=[ \t]*"([^"\n]*)"/m.exec(text)?.[1];
}
