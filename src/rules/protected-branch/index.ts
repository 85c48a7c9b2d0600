// protected-branch: no direct commits, pushes, force pushes or deletions on the branches production
// deploys from. Incident 5 needed a force push to main to recover; the push that broke it went
// straight to main.
import { matchWhole } from '../../glob.js';
import type { Rule } from '../../types.js';

type Action = 'commit' | 'push' | 'force-push' | 'delete';

export interface ProtectedBranchOptions {
  /** Branch names or minimatch globs (`release/*`). */
  branches: string[];
  /** Actions allowed anyway, e.g. `['commit', 'push']` for a trunk-based repository. */
  allow: Action[];
}

const ACTIONS: Action[] = ['commit', 'push', 'force-push', 'delete'];

export const protectedBranch: Rule<ProtectedBranchOptions> = {
  meta: {
    id: 'protected-branch',
    description: 'Refuses commits on, and pushes, force pushes and deletions to, protected branches.',
    stages: ['pre-commit', 'pre-push'],
    docs: 'docs/rules/protected-branch.md',
    kinds: {
      commit: 'a commit made directly on a protected branch',
      push: 'a push straight to a protected branch',
      'force-push': 'a push that rewrites a protected branch',
      delete: 'a push that deletes a protected branch',
    },
    defaultOptions: { branches: ['main', 'master', 'production'], allow: [] },
    schema: {
      type: 'object',
      properties: {
        branches: { type: 'array', items: { type: 'string', minLength: 1 } },
        allow: { type: 'array', items: { type: 'string', enum: ACTIONS } },
      },
    },
  },

  check({ stage, options, branch, push, git }) {
    // Whole branch names: `main` does not protect `feature/main`.
    const isProtected = (name: string) => matchWhole(name, options.branches);
    if (stage === 'pre-commit') {
      // The first commit of a new repository has to land somewhere: allowed.
      if (!branch || !git.repo.head || !isProtected(branch) || options.allow.includes('commit')) return [];
      return [
        {
          kind: 'commit',
          message: `Committing directly on protected branch "${branch}".`,
          hint: `Move the change to a branch: \`git switch -c my-change\` (your staged work comes along), commit there and open a pull request.`,
        },
      ];
    }
    const update = push?.update;
    if (!update || update.kind !== 'branch' || !isProtected(update.name)) return [];
    const action: Action = update.isDelete ? 'delete' : update.isForce ? 'force-push' : 'push';
    if (options.allow.includes(action)) return [];
    const messages: Record<Action, string> = {
      commit: '',
      push: `Pushing directly to protected branch "${update.name}".`,
      'force-push': `Force-pushing to protected branch "${update.name}" rewrites history others have.`,
      delete: `Deleting protected branch "${update.name}".`,
    };
    return [
      {
        kind: action,
        message: messages[action],
        hint:
          action === 'push'
            ? `Push a branch instead (\`git push -u ${push!.remote} HEAD:my-change\`) and merge it through a pull request.`
            : `Protected branches are not rewritten or deleted from a laptop; if this is an emergency, do it with the team, or set protected-branch.allow.`,
      },
    ];
  },
};
