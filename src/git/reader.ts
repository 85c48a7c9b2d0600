// Git access for the engine and for rules: repository facts, blobs, trees, ancestry, diffs.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { BlobSource, ChangedFile, Commit, Revision } from '../changeset.js';
import { GitError } from '../errors.js';
import { judgeBinaries } from './binary-files.js';
import { BlobReader, readBlobHead, type BlobHead } from './blob-reader.js';
import { DIFF_FLAGS, LOG_FORMAT, parseDiff, parseLog } from './diff-parse.js';
import { REV_PARSE_ARGS, STAGED_DIFF_ARGS, type EarlyGit } from './early.js';
import { decode } from './encoding.js';
import { git, gitText, type GitResult } from './exec.js';
import { UNSET_REPOSITORY_ENV } from './repository-env.js';

/** Blobs larger than this are sniffed through their own streaming `cat-file blob`, not the batch. */
const STREAM_HEAD_ABOVE = 1024 * 1024;

/** From this many commits a push's log is read by two git processes side by side (~0.15-0.2 ms a commit while its objects are loose). */
const SPLIT_LOG_FROM = 100;

/** Characters of pathspecs passed on one git command line. */
const MAX_PATHSPEC_CHARS = 24_000;

const FULL_SHA = /^[0-9a-f]{40,64}$/;

/** rev-parse's output lines; it echoes `--end-of-options` back as a line of its own (git 2.39). */
function revParseLines(stdout: Buffer): string[] {
  return stdout
    .toString('utf8')
    .split('\n')
    .filter((line) => line && line !== '--end-of-options');
}

export interface RepoInfo {
  /** Top level of the working tree. */
  root: string;
  /** This worktree's git dir (holds HEAD). */
  gitDir: string;
  /** The shared git dir (holds refs, objects, and `.git/shipguard/`). */
  commonDir: string;
  shallow: boolean;
  /** Where shipguard was started, relative to `root` ('' at the top, else ending in `/`). */
  prefix: string;
  /** The commit HEAD points at; undefined before the first commit. */
  head?: string;
}

/** One `git rev-parse` for everything we need to know about the repository. */
export async function repoInfo(cwd: string, early?: Promise<GitResult | undefined>): Promise<RepoInfo> {
  const result = (await early) ?? (await git(REV_PARSE_ARGS, { cwd, allowFailure: true }));
  // On an unborn branch rev-parse prints the literal "HEAD" last and exits 128; the rest is valid.
  const [root = '', gitDir = '', commonDir = '', shallow = '', prefix = '', head = ''] = result.stdout.toString('utf8').split('\n');
  if (!root || !commonDir) {
    throw new GitError(`not inside a git working tree (${cwd}); run shipguard from your repository`);
  }
  return { root, gitDir, commonDir, shallow: shallow === 'true', prefix, head: FULL_SHA.test(head) ? head : undefined };
}

export class GitReader implements BlobSource {
  private readonly blobs: BlobReader;
  /** `cat-file --batch-check`, started only when a file git called binary is judged again. */
  private readonly sizes: BlobReader;
  private readonly textCache = new Map<string, Promise<string | null>>();
  private readonly treeCache = new Map<string, Promise<string[]>>();
  private emptyTreeId?: Promise<string>;

  /** Started early (git/early.ts): the staged diff is used once, by the first staged diff against HEAD. */
  private earlyStagedDiff?: Promise<GitResult | undefined>;

  constructor(
    readonly repo: RepoInfo,
    early?: EarlyGit,
  ) {
    this.earlyStagedDiff = early?.stagedDiff;
    this.blobs = new BlobReader(repo.root, false, early?.catFile);
    this.sizes = new BlobReader(repo.root, true);
  }

  get root(): string {
    return this.repo.root;
  }

  /** Current branch from HEAD (no spawn); undefined when HEAD is detached. */
  currentBranch(): string | undefined {
    const head = readFileSync(path.join(this.repo.gitDir, 'HEAD'), 'utf8').trim();
    return head.startsWith('ref: refs/heads/') ? head.slice('ref: refs/heads/'.length) : undefined;
  }

  /** A merge is being concluded: `git commit` will create a merge commit. */
  isMerging(): boolean {
    return existsSync(path.join(this.repo.gitDir, 'MERGE_HEAD'));
  }

  /** Raw bytes of an object (`<oid>`, `<rev>:<path>`, `:<path>`), null when missing. */
  readBlob(name: string): Promise<Buffer | null> {
    return this.blobs.read(name);
  }

  /** Size and first bytes of a blob, without holding (or, when large, inflating) the rest. */
  async readHead(oid: string, limit: number): Promise<BlobHead | null> {
    const size = (await this.sizes.readHead(oid, 0))?.size;
    if (size === undefined) return null;
    if (size <= STREAM_HEAD_ABOVE) return this.blobs.readHead(oid, limit);
    return { size, head: await readBlobHead(this.root, oid, limit) };
  }

  /** Text of a blob by oid (cached, UTF-16 and byte order marks decoded); null when missing or binary. */
  readText(oid: string): Promise<string | null> {
    return this.cachedText(oid);
  }

  /** Text of `path` in the index or a commit (cached); null when absent or binary. */
  readFile(revision: Revision, filePath: string): Promise<string | null> {
    return this.cachedText(`${revisionPrefix(revision)}:${filePath}`);
  }

  private cachedText(name: string): Promise<string | null> {
    let cached = this.textCache.get(name);
    if (!cached) {
      cached = this.blobs.read(name).then((buffer) => (buffer ? decode(buffer) : null));
      this.textCache.set(name, cached);
    }
    return cached;
  }

  /**
   * File paths in the index or a commit that match git pathspecs (magic included: `:(glob)**\/*.prisma`,
   * `:(icase,glob)src/userservice.*`), in one process. Prefer it to `listFiles` on the hook path: a
   * 100k-file repository lists in ~100 ms, most of it spent splitting names nobody needs.
   */
  async listMatching(revision: Revision, pathspecs: readonly string[]): Promise<string[]> {
    if (!pathspecs.length) return [];
    // ls-tree takes no pathspec magic; a diff from the empty tree lists a commit's files and does.
    const args =
      revision.kind === 'index'
        ? ['ls-files', '-z', '--cached', '--', ...pathspecs]
        : ['diff-tree', '-r', '-z', '--name-only', '--no-renames', emptyTreeFor(revision.sha), revision.sha, '--', ...pathspecs];
    const result = await git(args, { cwd: this.root });
    return splitNul(result.stdout.toString('utf8'));
  }

  /** Paths in the index or a commit, within `pathspecs`, whose text matches an extended regular expression (`git grep -E`, `-i` with `ignoreCase`). */
  async grepFiles(revision: Revision, pattern: string, pathspecs: readonly string[], { ignoreCase = false } = {}): Promise<string[]> {
    const args = ['grep', '-l', '-z', '-I', '-E', ...(ignoreCase ? ['-i'] : []), '--no-color', '-e', pattern];
    args.push(...(revision.kind === 'index' ? ['--cached'] : [revision.sha]), '--', ...pathspecs);
    const result = await git(args, { cwd: this.root, allowFailure: true });
    if (result.code === 1) return []; // no match
    if (result.code !== 0) throw new GitError(`git grep failed (${result.code}): ${result.stderr.trim().split('\n')[0]}`);
    const prefix = revision.kind === 'commit' ? `${revision.sha}:` : '';
    return splitNul(result.stdout.toString('utf8')).map((path) => (prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path));
  }

  /** Every file path in the index or a commit's tree (cached per revision). */
  listFiles(revision: Revision): Promise<string[]> {
    const key = revisionPrefix(revision) || 'index';
    let cached = this.treeCache.get(key);
    if (!cached) {
      const args =
        revision.kind === 'index'
          ? ['ls-files', '-z', '--cached']
          : ['ls-tree', '-r', '-z', '--name-only', '--full-tree', revision.sha];
      cached = git(args, { cwd: this.root }).then((result) => splitNul(result.stdout.toString('utf8')));
      this.treeCache.set(key, cached);
    }
    return cached;
  }

  /** Full sha of a commit-ish, or undefined when it does not exist here. */
  resolveCommit(ref: string): Promise<string | undefined> {
    return this.peel(ref, 'commit');
  }

  /** The commits these refs name (undefined for any that names none), in one rev-parse when all do. */
  resolveCommits(refs: readonly string[]): Promise<(string | undefined)[]> {
    return this.peelAll(refs, 'commit');
  }

  private async peel(ref: string, type: 'commit' | 'tree'): Promise<string | undefined> {
    const result = await git(['rev-parse', '-q', '--verify', '--end-of-options', `${ref}^{${type}}`], { cwd: this.root, allowFailure: true });
    return result.code === 0 ? result.stdout.toString('utf8').trim() : undefined;
  }

  /** One rev-parse for every ref; one each only when some ref names no object of `type`. */
  private async peelAll(refs: readonly string[], type: 'commit' | 'tree'): Promise<(string | undefined)[]> {
    const all = await git(['rev-parse', '--end-of-options', ...refs.map((ref) => `${ref}^{${type}}`)], { cwd: this.root, allowFailure: true });
    const shas = revParseLines(all.stdout);
    if (all.code === 0 && shas.length === refs.length && shas.every((sha) => FULL_SHA.test(sha))) return shas;
    return Promise.all(refs.map((ref) => this.peel(ref, type)));
  }

  /** The commits `head` and `base` name and head's parents, from one rev-parse; undefined when either names no commit. */
  async resolveRange(head: string, base: string): Promise<{ head: string; base: string; headParents: string[] } | undefined> {
    const result = await git(['rev-parse', '--end-of-options', `${head}^{commit}`, `${base}^{commit}`, `${head}^@`], { cwd: this.root, allowFailure: true });
    const [headSha, baseSha, ...headParents] = revParseLines(result.stdout);
    if (result.code !== 0 || !headSha || !baseSha || ![headSha, baseSha, ...headParents].every((line) => FULL_SHA.test(line))) return undefined;
    return { head: headSha, base: baseSha, headParents };
  }

  /** The parents of a commit (a full sha): none for a root commit, two or more for a merge. */
  async parentsOf(sha: string): Promise<string[]> {
    const result = await git(['rev-parse', `${sha}^@`], { cwd: this.root });
    return result.stdout.toString('utf8').split('\n').filter(Boolean);
  }

  async mergeBase(a: string, b: string): Promise<string | undefined> {
    const result = await git(['merge-base', a, b], { cwd: this.root, allowFailure: true });
    return result.code === 0 ? result.stdout.toString('utf8').trim() : undefined;
  }

  /**
   * Staged changes: the index against HEAD (against the empty tree before the first commit), or
   * against `base` (the parent of the commit being amended; null: the empty tree).
   */
  async stagedDiff(base?: string | null): Promise<ChangedFile[]> {
    const from = base === undefined ? [] : ['--end-of-options', base ?? (await this.emptyTree())];
    return this.diffFiles(['--cached', ...from, '--']);
  }

  /** Net diff between two commits; `base` undefined means from the empty tree (a root commit). */
  async diff(base: string | undefined, head: string): Promise<ChangedFile[]> {
    const from = base ?? (await this.emptyTree());
    return this.diffFiles(['--end-of-options', from, head, '--']);
  }

  /** `git diff <revisions> --`, with what git called binary judged again by content. */
  private async diffFiles(revisions: string[]): Promise<ChangedFile[]> {
    const result = (await this.takeEarly(revisions)) ?? (await git(['diff', ...DIFF_FLAGS, ...revisions], { cwd: this.root }));
    const files = parseDiff(result.stdout, this);
    await judgeBinaries(files, this, (hidden) => this.textDiff(revisions, hidden));
    return files;
  }

  private async takeEarly(revisions: string[]): Promise<GitResult | undefined> {
    const early = this.earlyStagedDiff;
    if (!early || ['diff', ...DIFF_FLAGS, ...revisions].join('\0') !== STAGED_DIFF_ARGS.join('\0')) return undefined;
    this.earlyStagedDiff = undefined;
    const result = await early;
    return result?.code === 0 ? result : undefined; // a failure is reported by the diff run again from the root
  }

  /**
   * The same diff with `--text`: the lines of these files whatever attributes or core.bigFileThreshold
   * say. Named as literal pathspecs when they fit one command line (Windows allows ~32 KB); many
   * files (`* -diff`) re-run the whole diff instead, as matching thousands of pathspecs costs more.
   */
  private async textDiff(revisions: string[], files: ChangedFile[]): Promise<ChangedFile[]> {
    const paths = files.flatMap((file) => (file.oldPath ? [file.oldPath, file.path] : [file.path]));
    const fits = paths.reduce((sum, file) => sum + file.length + 1, 0) <= MAX_PATHSPEC_CHARS;
    const args = ['diff', ...DIFF_FLAGS, '--text', ...revisions, ...(fits ? paths : [])];
    const result = await git(args, { cwd: this.root, env: { GIT_LITERAL_PATHSPECS: '1' } });
    return parseDiff(result.stdout, this);
  }

  /** The empty tree's id (differs between SHA-1 and SHA-256 repositories). */
  private emptyTree(): Promise<string> {
    this.emptyTreeId ??= gitText(['hash-object', '-t', 'tree', '--stdin'], { cwd: this.root, input: '' });
    return this.emptyTreeId;
  }

  /**
   * Commits selected by `revisions` (full shas, `^sha`, `--not`, `--remotes=<name>`), oldest first,
   * each with its own diff. Merge commits come with no files (their changes belong to their parents).
   */
  async commits(revisions: readonly string[]): Promise<Commit[]> {
    const result = await git([...this.logArgs(), '--reverse', '--topo-order', ...revisions, '--'], { cwd: this.root });
    return this.judged(parseLog(result.stdout, this));
  }

  /** The commits `revisions` select, oldest first, with their parents: one rev-list, no diffs read. */
  async commitList(revisions: readonly string[]): Promise<{ sha: string; parents: string[] }[]> {
    const result = await git(['rev-list', '--reverse', '--topo-order', '--parents', ...revisions, '--'], { cwd: this.root });
    return result.stdout
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [sha = '', ...parents] = line.split(' ');
        return { sha, parents };
      });
  }

  /**
   * These commits (full shas), in this order, each with its own diff as `commits` reads them. Reading
   * diffs is git's slowest step in a long push, so a long list is split between two git processes.
   */
  async commitsOf(shas: readonly string[]): Promise<Commit[]> {
    if (!shas.length) return [];
    const half = Math.ceil(shas.length / 2);
    const parts = shas.length >= SPLIT_LOG_FROM && availableParallelism() > 1 ? [shas.slice(0, half), shas.slice(half)] : [shas];
    const args = [...this.logArgs(), '--no-walk=unsorted', '--stdin', '--'];
    const read = (part: readonly string[]) => git(args, { cwd: this.root, input: `${part.join('\n')}\n` }).then((log) => parseLog(log.stdout, this));
    return this.judged((await Promise.all(parts.map(read))).flat());
  }

  private logArgs(): string[] {
    // --root: a root commit's files are its diff even with log.showRoot=false; no signatures in the output.
    // --encoding: subjects in UTF-8 whatever i18n.logOutputEncoding says (UTF-16 would put NULs in the header).
    return ['log', `--format=${LOG_FORMAT}`, '--encoding=UTF-8', ...DIFF_FLAGS, '--root', '--no-show-signature'];
  }

  /** What git called binary in each commit's diff, judged again by content. */
  private async judged(commits: Commit[]): Promise<Commit[]> {
    for (const commit of commits) {
      const revisions = ['--end-of-options', commit.parents[0] ?? (await this.emptyTree()), commit.sha, '--'];
      await judgeBinaries(commit.files, this, (hidden) => this.textDiff(revisions, hidden));
    }
    return commits;
  }

  /** Tree ids of commit-ishes, in one git call (undefined for one that names no commit here). */
  treesOf(revisions: readonly string[]): Promise<(string | undefined)[]> {
    return this.peelAll(revisions, 'tree');
  }

  /** The newest commit reachable from `from` that touched `paths`, then its parents; undefined when none did. */
  async lastCommitTouching(from: string, paths: readonly string[]): Promise<string[] | undefined> {
    const log = await git(['log', '-1', '--format=%H %P', from, '--', ...paths], { cwd: this.root, allowFailure: true });
    const fields = log.stdout.toString('utf8').trim().split(' ').filter(Boolean);
    return fields.length ? fields : undefined;
  }

  /** Refs under `prefixes` with the commit each names (a tag peeled to its commit). */
  async refTips(prefixes: readonly string[]): Promise<{ ref: string; commit: string }[]> {
    const result = await git(['for-each-ref', '--format=%(objectname) %(*objectname) %(refname)', ...prefixes], { cwd: this.root, allowFailure: true });
    return result.stdout
      .toString('utf8')
      .split('\n')
      .map((line) => line.split(' '))
      .filter(([object, , ref]) => object && ref)
      .map(([object, peeled, ref]) => ({ ref: ref!, commit: peeled || object! }));
  }

  /** The branches the remotes' HEADs point at (`refs/remotes/origin/main`). */
  async remoteHeads(): Promise<string[]> {
    const result = await git(['for-each-ref', '--format=%(symref)', 'refs/remotes/*/HEAD'], { cwd: this.root, allowFailure: true });
    return result.stdout.toString('utf8').split('\n').map((line) => line.trim()).filter(Boolean);
  }

  /** A git config value, or undefined when unset. */
  async configValue(key: string): Promise<string | undefined> {
    const result = await git(['config', '--get', key], { cwd: this.root, allowFailure: true });
    return result.stdout.toString('utf8').trim() || undefined;
  }

  // Temporary worktrees (required-build): commands run without the hook's repository variables, so a
  // GIT_INDEX_FILE exported to a pre-commit hook never points them at the user's index.

  /** Paths with uncommitted or untracked changes in the working tree (`git status`, read-only: GIT_OPTIONAL_LOCKS=0). */
  async uncommittedPaths(): Promise<string[]> {
    const status = await git(['status', '--porcelain=v1', '-z', '--untracked-files=normal'], { cwd: this.root, env: UNSET_REPOSITORY_ENV });
    return splitNul(status.stdout.toString('utf8'))
      .filter((entry) => /^.. /.test(entry))
      .map((entry) => entry.slice(3));
  }

  /** A detached worktree of `commit` at `dir`, with hooks off (a post-checkout hook has no business there). */
  async worktreeAdd(dir: string, commit: string): Promise<void> {
    await git(['-c', 'core.hooksPath=/dev/null', 'worktree', 'add', '--detach', '--quiet', dir, commit], { cwd: this.root, env: UNSET_REPOSITORY_ENV });
  }

  /** Removes a worktree, changes and all; false when git could not. */
  async worktreeRemove(dir: string): Promise<boolean> {
    return (await git(['worktree', 'remove', '--force', dir], { cwd: this.root, allowFailure: true, env: UNSET_REPOSITORY_ENV })).code === 0;
  }

  /** Forgets worktrees whose directories are gone. */
  async worktreePrune(): Promise<void> {
    await git(['worktree', 'prune'], { cwd: this.root, allowFailure: true, env: UNSET_REPOSITORY_ENV });
  }

  /** Directories of the repository's worktrees. */
  async worktreeList(): Promise<string[]> {
    const listed = await git(['worktree', 'list', '--porcelain'], { cwd: this.root, env: UNSET_REPOSITORY_ENV });
    return listed.stdout
      .toString('utf8')
      .split('\n')
      .filter((line) => line.startsWith('worktree '))
      .map((line) => line.slice('worktree '.length));
  }

  /** Runs git with the same environment rules as the rest of shipguard (for commands; rules use the named methods above). */
  run(args: readonly string[], options: { input?: string; allowFailure?: boolean; cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
    return git(args, { cwd: options.cwd ?? this.root, ...options });
  }

  close(): void {
    this.blobs.close();
    this.sizes.close();
  }
}

/** Git's empty tree, which every repository knows without storing it: SHA-1 or SHA-256 by the length of a commit id. */
function emptyTreeFor(sha: string): string {
  return sha.length === 64 ? '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321' : '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
}

export function revisionPrefix(revision: Revision): string {
  return revision.kind === 'index' ? '' : revision.sha;
}

function splitNul(text: string): string[] {
  return text.split('\0').filter(Boolean);
}
