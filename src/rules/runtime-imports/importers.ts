// Files the change did not touch can still break: when a module is deleted or renamed (a case-only
// rename included), every file that imports it by its old path fails at runtime. One `git grep` over
// the tree being checked finds the candidates; only they are parsed.
import type { Revision } from '../../changeset.js';
import type { GitReader } from '../../git/reader.js';
import { isCodeFile, parentDir } from '../shared/code.js';

const CODE_PATHSPECS = ['*.ts', '*.tsx', '*.mts', '*.cts', '*.js', '*.jsx', '*.mjs', '*.cjs'];

/** The name importers use for a module: `userService` for `src/userService.ts`, `services` for `src/services/index.ts`. */
export function importName(path: string): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
  if (base !== 'index') return base || undefined;
  const dir = parentDir(path);
  return dir ? dir.slice(dir.lastIndexOf('/') + 1) : undefined;
}

/** Code files in `revision` whose text mentions any of `names` (case-insensitively: `./UserService` too). */
export async function filesMentioning(git: GitReader, revision: Revision, names: string[]): Promise<string[]> {
  return (await git.filesContaining(revision, names, CODE_PATHSPECS)).filter(isCodeFile);
}
