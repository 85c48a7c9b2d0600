// Files the change did not touch can still break: when a module is deleted or renamed (a case-only
// rename included), every file that imports it by its old path fails at runtime. One `git grep` over
// the tree being checked finds the candidates; only they are parsed.
import type { Revision } from '../../changeset.js';
import { GitError } from '../../errors.js';
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
  if (!names.length) return [];
  const args = ['grep', '-l', '-z', '-i', '-F', '--no-color', ...names.flatMap((name) => ['-e', name])];
  args.push(...(revision.kind === 'index' ? ['--cached'] : [revision.sha]), '--', ...CODE_PATHSPECS);
  const result = await git.run(args, { allowFailure: true });
  if (result.code === 1) return []; // no match
  if (result.code !== 0) throw new GitError(`git grep failed (${result.code}): ${result.stderr.trim().split('\n')[0]}`);
  const prefix = revision.kind === 'commit' ? `${revision.sha}:` : '';
  return result.stdout
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((path) => (prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path))
    .filter(isCodeFile);
}
