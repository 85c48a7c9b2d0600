// What other environments may already have applied: migrations on any remote-tracking branch
// (pre-commit), on the remote ref being pushed to (pre-push), or on the base branch (ci).
import type { RuleContext } from '../../types.js';

export interface PublishedTree {
  /** For messages: `origin/main`, `origin`, `the base branch`. */
  name: string;
  commit: string;
}

export async function publishedTrees(context: RuleContext<unknown>): Promise<PublishedTree[]> {
  const base = context.changes.base;
  if (context.stage === 'ci') return base ? [{ name: 'the base branch', commit: base }] : [];
  if (context.stage === 'pre-push') return base ? [{ name: context.push?.remote || 'the remote', commit: base }] : [];
  // One ref listing, no history walk: a file some remote branch has is published, whatever its history.
  const result = await context.git.run(['for-each-ref', '--format=%(objectname) %(refname:short)', 'refs/remotes'], { allowFailure: true });
  const trees: PublishedTree[] = [];
  const seen = new Set<string>();
  for (const line of result.stdout.toString('utf8').split('\n')) {
    const [commit, name] = line.split(' ');
    if (!commit || !name || name.endsWith('/HEAD') || !/^[0-9a-f]+$/.test(commit) || seen.has(commit)) continue;
    seen.add(commit);
    trees.push({ name, commit });
  }
  return trees;
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
