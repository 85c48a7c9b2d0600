// required-build: the exact tree being pushed must build, start and answer its health check.
// Incidents 1 and 5: 348 lines pushed without `npm run build` (503 in production), and a server
// that compiled but crashed at start with MODULE_NOT_FOUND. "Build, start and curl before you push."
import type { GitReader } from '../../git/reader.js';
import type { Rule, RuleContext } from '../../types.js';
import { requiredBuildMeta } from './meta.js';
import { DOCS_ONLY, type RequiredBuildOptions } from './options.js';
import { buildCommit, treesOf, type BuildOutcome } from './pipeline.js';
import { stderrSteps } from './progress.js';

export type { RequiredBuildOptions } from './options.js';

/** One build per distinct tree per run, however many refs of the push point at it. */
const builds = new WeakMap<GitReader, Map<string, Promise<BuildOutcome>>>();

export const requiredBuild: Rule<RequiredBuildOptions> = {
  meta: requiredBuildMeta,

  async check(context) {
    const { changes, git, options } = context;
    if (changes.head.kind !== 'commit' || context.push?.update.isDelete || !needsBuild(context)) return [];
    const commit = changes.head.sha;
    const trees = await treesOf(git, commit);
    let perRun = builds.get(git);
    if (!perRun) builds.set(git, (perRun = new Map()));
    let outcome = perRun.get(trees.tree);
    if (!outcome) {
      const useCache = context.stage === 'ci' ? options.cacheInCi : options.cache;
      outcome = buildCommit({ git, options, commit, trees, useCache, steps: stderrSteps(context.progress) });
      perRun.set(trees.tree, outcome);
    }
    return (await outcome).findings.map((finding) => ({ ...finding }));
  },
};

/** `when` globs, or by default any change that is not documentation. */
function needsBuild({ changes, options, match }: RuleContext<RequiredBuildOptions>): boolean {
  const paths = changes.files.flatMap((file) => (file.oldPath ? [file.path, file.oldPath] : [file.path]));
  if (options.when.length) return paths.some((file) => match(file, options.when));
  return paths.some((file) => !match(file, DOCS_ONLY));
}
