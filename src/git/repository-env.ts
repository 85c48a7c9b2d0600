// The git variables a hook may export that locate a repository: kept away from temporary worktrees.

/**
 * Variables that point git at a repository, index or object store (`git rev-parse --local-env-vars`).
 * Hooks may export some (GIT_INDEX_FILE at pre-commit, GIT_DIR in some setups): a temporary
 * worktree, and the build run inside it, must not inherit them.
 */
export const REPOSITORY_ENV = [
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_CONFIG',
  'GIT_OBJECT_DIRECTORY',
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_IMPLICIT_WORK_TREE',
  'GIT_GRAFT_FILE',
  'GIT_INDEX_FILE',
  'GIT_NO_REPLACE_OBJECTS',
  'GIT_REPLACE_REF_BASE',
  'GIT_PREFIX',
  'GIT_INTERNAL_SUPER_PREFIX',
  'GIT_SHALLOW_FILE',
  'GIT_COMMON_DIR',
  'GIT_QUARANTINE_PATH',
];

/** `env` without the repository-locating git variables (undefined values are dropped by spawn). */
export function withoutRepositoryEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = { ...env };
  for (const name of REPOSITORY_ENV) delete clean[name];
  return clean;
}

/** The same variables set to undefined: an `env` override that unsets them for one git command. */
export const UNSET_REPOSITORY_ENV: NodeJS.ProcessEnv = Object.fromEntries(REPOSITORY_ENV.map((name) => [name, undefined]));
