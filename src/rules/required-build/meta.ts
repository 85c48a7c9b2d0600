// required-build: what every run reads (config validation, SARIF, explain); the rule itself
// (./index.ts: checkouts, builds, the smoke server) is a chunk loaded only at pre-push and in CI.
import type { RuleMeta } from '../../types.js';
import { commandTime, DEFAULT_OPTIONS, SCHEMA, type RequiredBuildOptions } from './options.js';

export const requiredBuildMeta: RuleMeta<RequiredBuildOptions> = {
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
};
