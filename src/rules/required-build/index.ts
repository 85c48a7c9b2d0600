// required-build: the exact tree being pushed must build, start and answer its health check.
// Incidents 1 and 5: 348 lines pushed without `npm run build` (503 in production), and a server
// that compiled but crashed at start with MODULE_NOT_FOUND. "Build, start and curl before you push."
import type { GitReader } from '../../git/reader.js';
import type { Rule, RuleContext } from '../../types.js';
import { commandTime, DEFAULT_OPTIONS, DOCS_ONLY, SCHEMA, type RequiredBuildOptions } from './options.js';
import { buildCommit, treesOf, type BuildOutcome } from './pipeline.js';
import { stderrSteps } from './progress.js';

export type { RequiredBuildOptions } from './options.js';

/** One build per distinct tree per run, however many refs of the push point at it. */
const builds = new WeakMap<GitReader, Map<string, Promise<BuildOutcome>>>();

export const requiredBuild: Rule<RequiredBuildOptions> = {
  meta: {
    id: 'required-build',
    description: 'The exact tree being pushed must build (and, with smoke, start and answer its health URL); passes are cached per tree.',
    stages: ['pre-push', 'ci'],
    docs: 'docs/rules/required-build.md',
    kinds: {
      build: 'a build command failed (plus one finding per TypeScript error it printed)',
      timeout: 'a command ran past timeoutMs and was stopped',
      'smoke-exit': 'the server exited before answering the smoke request, or soon after',
      'smoke-timeout': 'the server did not answer the smoke request as expected in time',
      'port-in-use': 'something already listens on the smoke port',
      'not-built': 'isolate "never" and the pushed tree is not the clean working tree',
    },
    defaultOptions: DEFAULT_OPTIONS,
    schema: SCHEMA,
    commandTimeMs: commandTime,
  },

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
