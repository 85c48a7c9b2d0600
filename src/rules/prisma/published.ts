// What other environments may already have applied: the migrations on the remote (pre-commit),
// on the remote ref being pushed to (pre-push), or on the base branch (ci).
import type { RuleContext } from '../../types.js';

export interface Published {
  /** Commits whose trees hold what is published. Empty: nothing is (no remote has any of it). */
  commits: string[];
  /** Where that is, for messages: "on the remote", "on the base branch". */
  where: string;
}

export async function publishedState(context: RuleContext<unknown>): Promise<Published> {
  const base = context.changes.base;
  if (context.stage === 'ci') return { commits: base ? [base] : [], where: 'on the base branch' };
  if (context.stage === 'pre-push') return { commits: base ? [base] : [], where: `on ${context.push?.remote || 'the remote'}` };
  if (!base) return { commits: [], where: 'on the remote' };
  // Local commits no remote-tracking ref contains; their boundary is what the remotes already have.
  const result = await context.git.run(['rev-list', '--boundary', base, '--not', '--remotes'], { allowFailure: true });
  const lines = result.stdout.toString('utf8').split('\n').filter(Boolean);
  if (result.code !== 0) return { commits: [base], where: 'in HEAD' };
  if (!lines.length) return { commits: [base], where: 'on the remote' };
  return { commits: lines.filter((line) => line.startsWith('-')).map((line) => line.slice(1)), where: 'on the remote' };
}

/** The file's content in the first published tree that has it, or undefined when none does. */
export async function publishedContent(context: RuleContext<unknown>, published: Published, file: string): Promise<Buffer | undefined> {
  for (const commit of published.commits) {
    const content = await context.git.readBlob(`${commit}:${file}`);
    if (content) return content;
  }
  return undefined;
}
