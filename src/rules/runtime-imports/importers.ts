// Files the change did not touch can still break: when a module is deleted or renamed (a case-only
// rename included), every file that imports it by its old path fails at runtime. One `git grep` over
// the tree being checked finds the candidates; only they are parsed. The pattern asks for the name
// inside a relative specifier (`'./name'`, `"../x/name.js"`), not anywhere in the text: a deleted
// `document.tsx` must not make every file that says "document" a candidate (1272 parses where 63 do).
import type { Revision } from '../../changeset.js';
import type { GitReader } from '../../git/reader.js';
import { isCodeFile, parentDir } from '../shared/code.js';
import { candidates } from './resolve.js';

const CODE_PATHSPECS = ['*.ts', '*.tsx', '*.mts', '*.cts', '*.js', '*.jsx', '*.mjs', '*.cjs'];
const QUOTES = `"'\``;
const ERE_SPECIAL = /[.*+?^${}()|[\]\\]/g;
/** A quoted relative specifier, as written (`'./x'`, `"../a/b.js"`, `` `./y` ``). */
const QUOTED_RELATIVE = /["'`](\.{1,2}\/[^"'`\n]*)["'`]/g;

/** The name importers use for a module: `userService` for `src/userService.ts`, `services` for `src/services/index.ts`. */
export function importName(path: string): string | undefined {
  const base = baseName(path);
  if (base !== 'index') return base || undefined;
  const dir = parentDir(path);
  return dir ? dir.slice(dir.lastIndexOf('/') + 1) : undefined;
}

/** Code files in `revision` with a relative specifier (any case: `./UserService` too) that may name one of `gone`. */
export async function filesImporting(git: GitReader, revision: Revision, gone: readonly string[]): Promise<string[]> {
  const pattern = importerPattern(gone);
  if (!pattern) return [];
  return (await git.grepFiles(revision, pattern, CODE_PATHSPECS, { ignoreCase: true })).filter(isCodeFile);
}

/**
 * An extended regular expression (for git grep, not JavaScript) for a quoted relative specifier whose
 * last part is a module's name: `./name`, `../a/name.js`, `./name?raw`, and for an index module also
 * `./dir/`, `./dir/index`, `./dir/index.js`.
 */
export function importerPattern(gone: readonly string[]): string | undefined {
  const files = new Set<string>();
  const dirs = new Set<string>();
  for (const path of gone) {
    const name = importName(path);
    if (name) (baseName(path) === 'index' ? dirs : files).add(escapeEre(name));
  }
  const ends: string[] = [];
  if (files.size) ends.push(`(${[...files].join('|')})(\\.[a-z0-9]+)?`);
  if (dirs.size) ends.push(`(${[...dirs].join('|')})(/(index(\\.[a-z0-9]+)?)?)?`);
  if (!ends.length) return undefined;
  return `[${QUOTES}]\\.\\.?/([^${QUOTES}]*/)?(${ends.join('|')})[${QUOTES}?#]`;
}

/**
 * Whether `text` (of the file at `path`) has a quoted relative specifier that may resolve to one of
 * the paths in `gone` (lower-cased keys): checked on the text so that the files git grep found for a
 * common name (`./utils`, `./route`) elsewhere in the tree are not parsed. The parsed imports decide.
 */
export function mayImport(path: string, text: string, gone: ReadonlyMap<string, string>): boolean {
  for (const match of text.matchAll(QUOTED_RELATIVE)) {
    const reached = candidates(path, match[1]!);
    if (reached && [...reached.exact, ...reached.probed].some((candidate) => gone.has(candidate.toLowerCase()))) return true;
  }
  return false;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
}

function escapeEre(text: string): string {
  return text.replace(ERE_SPECIAL, '\\$&');
}
