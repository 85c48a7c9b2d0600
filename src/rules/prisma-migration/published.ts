// What other environments may already have applied. In `ci`, what the base has. In the hooks: what
// any remote-tracking branch, any tag or the default branch has (and, pre-push, the remote ref being
// pushed to). Never the branch being committed to itself: its unpushed commits were applied nowhere.
import type { RuleContext } from '../../types.js';

export interface PublishedTree {
  /** For messages: `on origin/main`, `in tag v1.2.0`, `in the base commit 3f2a9c1d7b0e`. */
  where: string;
  commit: string;
}

export async function publishedTrees(context: RuleContext<unknown>): Promise<PublishedTree[]> {
  const base = context.changes.base;
  if (context.stage === 'ci') return base ? [{ where: `in the base commit ${base.slice(0, 12)}`, commit: base }] : [];
  const trees: PublishedTree[] = [];
  if (context.stage === 'pre-push' && base) trees.push({ where: `on ${context.push?.remote || 'the remote'}`, commit: base });
  const tips = await context.git.refTips(['refs/remotes', 'refs/tags', 'refs/heads']);
  const own = context.stage === 'pre-push' ? context.push?.update.localRef : context.branch && `refs/heads/${context.branch}`;
  const defaults = await defaultBranches(context);
  const seen = new Set(trees.map((tree) => tree.commit));
  for (const { ref, commit } of tips) {
    if (!/^[0-9a-f]+$/.test(commit) || seen.has(commit) || ref === own || ref.endsWith('/HEAD')) continue;
    const where = publishedWhere(ref, defaults);
    if (!where) continue;
    seen.add(commit);
    trees.push({ where, commit });
  }
  return trees;
}

/** `on origin/main`, `in tag v1.2.0`, `on the default branch main`: other local branches are drafts. */
function publishedWhere(ref: string, defaults: Set<string>): string | undefined {
  if (ref.startsWith('refs/remotes/')) return `on ${ref.slice('refs/remotes/'.length)}`;
  if (ref.startsWith('refs/tags/')) return `in tag ${ref.slice('refs/tags/'.length)}`;
  const branch = ref.slice('refs/heads/'.length);
  return defaults.has(branch) ? `on the default branch ${branch}` : undefined;
}

/** The default branch: what the remotes' HEAD names, else `init.defaultBranch`, `main` and `master`. */
async function defaultBranches(context: RuleContext<unknown>): Promise<Set<string>> {
  const names = new Set(['main', 'master']);
  for (const head of await context.git.remoteHeads()) {
    const match = /^refs\/remotes\/[^/]+\/(.+)$/.exec(head);
    if (match) names.add(match[1]!);
  }
  const configured = await context.git.configValue('init.defaultBranch');
  if (configured) names.add(configured);
  return names;
}

export interface PublishedFile {
  content: Buffer;
  tree: PublishedTree;
}

/** The file as the first published tree that has it holds it; undefined when none does. */
export async function publishedFile(context: RuleContext<unknown>, trees: PublishedTree[], file: string): Promise<PublishedFile | undefined> {
  // All lookups go down the one cat-file pipe at once.
  const contents = await Promise.all(trees.map((tree) => context.git.readBlob(`${tree.commit}:${file}`)));
  const index = contents.findIndex(Boolean);
  return index < 0 ? undefined : { content: contents[index]!, tree: trees[index]! };
}
