// One build of one commit's tree: resolve the steps, reuse a recorded pass, pick where to build,
// run the commands in order and the smoke test, record a pass. Shared by the rule (pre-push, ci)
// and by `shipguard build`.
import { bounded } from '../../budget.js';
import path from 'node:path';
import { shortSha } from '../../changeset.js';
import { GitError } from '../../errors.js';
import type { GitReader } from '../../git/reader.js';
import { displayPath } from '../../paths.js';
import type { Finding } from '../../types.js';
import { redactSecrets } from '../secrets/redact-text.js';
import { cacheKey, findPass, installedDependenciesHash, newLogFile, recordPass, type PassRecord } from './cache.js';
import { withoutRepositoryEnv } from '../../git/repository-env.js';
import { prepareCheckout, type Checkout } from './checkout.js';
import { isModulesPath, planDependencies, WORKTREE_BUILD_ENV } from './dependencies.js';
import { commandDir, describeCommand, resolveCommands, type CommandSpec, type RequiredBuildOptions } from './options.js';
import { BuildLog, keyErrorLine, parseDiagnostics, relativize, seconds, type Diagnostic } from './output.js';
import { describeExit, run, type Exit } from './process.js';
import type { Steps } from './progress.js';
import { endpointOf, smokeTest } from './smoke.js';
import { now } from '../../clock.js';

const MAX_DIAGNOSTICS = 20;
const TAIL_LINES = 25;

export interface BuildRequest {
  git: GitReader;
  options: RequiredBuildOptions;
  commit: string;
  /** Reuse a recorded pass for this tree. */
  useCache: boolean;
  steps: Steps;
  /** The commit's tree and HEAD's, when the caller already has them. */
  trees?: Trees;
}

export interface Trees {
  tree: string;
  /** Undefined on an unborn branch. */
  headTree?: string;
}

export interface BuildOutcome {
  findings: Finding[];
  /** Nothing configured and no build script: nothing ran. */
  nothingToRun?: boolean;
  /** The recorded pass that was reused. */
  cached?: PassRecord;
  tree: string;
}

export async function buildCommit(request: BuildRequest): Promise<BuildOutcome> {
  const { git, options, commit, steps } = request;
  if (options.smoke) endpointOf(options.smoke); // a bad URL is a config error, before anything runs
  const { tree, headTree } = request.trees ?? (await treesOf(git, commit));
  const dir = await commandDir(options, git, commit);
  const commands = await resolveCommands(options, git, commit, dir);
  if (!commands.length && !options.smoke) return { findings: [], nothingToRun: true, tree };

  const smokeName = options.smoke ? [`smoke: ${describeCommand(options.smoke.start)}`] : [];
  const stepNames = [...commands.map(describeCommand), ...smokeName];
  const key = cacheKey({
    tree,
    commands,
    dir,
    env: options.env,
    smoke: options.smoke,
    dependencies: installedDependenciesHash([...new Set([git.root, path.join(git.root, dir)])]),
    node: process.version,
  });
  const commonDir = git.repo.commonDir;
  if (request.useCache) {
    const cached = findPass(commonDir, key);
    if (cached) {
      const when = `${ago(cached.finishedAt)}, commit ${shortSha(cached.commit)}`;
      steps.info(`tree ${shortSha(tree)} already passed ${stepNames.join(' + ')} (${when}): not building it again.`);
      return { findings: [], cached, tree };
    }
  }

  const checkout = await prepareCheckout({
    git,
    commit,
    tree,
    headTree,
    isolate: options.isolate,
    links: options.links.filter((link) => !isModulesPath(link)),
    dependencies: () => planDependencies(git, commit, dir, options.links),
  });
  if (!('root' in checkout)) return { findings: [redacted(checkout)], tree };

  const started = now();
  const log = new BuildLog(newLogFile(commonDir, tree));
  const logPath = displayPath(log.file, git.root);
  try {
    steps.info(`building ${shortSha(commit)} ${checkout.where}`);
    log.note(`commit ${commit}, tree ${tree}, ${checkout.where}`);
    const findings = await runSteps({ ...request, commands, checkout, dir, log, logPath });
    for (const finding of findings) finding.commit ??= commit;
    if (!findings.length) {
      recordPass(commonDir, {
        key,
        tree,
        commit,
        steps: stepNames,
        durationMs: Math.round(now() - started),
        finishedAt: new Date().toISOString(),
      });
    }
    return { findings: findings.map(redacted), tree };
  } finally {
    await log.close();
    await checkout.dispose();
  }
}

/** Messages quote commands and what they printed: no secret leaves in full, whatever the format. */
function redacted(finding: Finding): Finding {
  return { ...finding, message: redactSecrets(finding.message), ...(finding.hint ? { hint: redactSecrets(finding.hint) } : {}) };
}

interface StepsRequest extends BuildRequest {
  commands: CommandSpec[];
  checkout: Checkout;
  dir: string;
  log: BuildLog;
  logPath: string;
}

async function runSteps(request: StepsRequest): Promise<Finding[]> {
  const { options, checkout, log, steps } = request;
  const cwd = path.join(checkout.root, request.dir);
  const env = { ...withoutRepositoryEnv(process.env), ...(checkout.isolated ? WORKTREE_BUILD_ENV : {}), ...options.env };
  for (const step of commandSteps(request, cwd, env)) {
    const label = describeCommand(step.command);
    log.step(label);
    const passed = (result: Exit & { timedOut: boolean }) => result.code === 0 && !result.timedOut;
    const exit = await steps.step(label, () => run(step.command, { cwd: step.cwd, env: step.env, onOutput: log.write, timeoutMs: options.timeoutMs }), passed);
    if (passed(exit)) continue;
    const lines = showTail(request);
    if (exit.timedOut) return [timeoutFinding(label, options.timeoutMs, request.logPath)];
    const output = log.lines();
    const diagnostics = bounded(output.reduce((size, line) => size + line.length + 1, 0), () => parseDiagnostics(output, checkout.root, step.cwd));
    return failedCommand(label, exit, lines, diagnostics, request);
  }
  if (!options.smoke) return [];
  const smoke = options.smoke;
  const label = `smoke: ${describeCommand(smoke.start)}`; // as in stepNames
  log.step(label);
  const smokeRequest = { smoke, cwd, env, log, checkoutRoot: checkout.root };
  const finding = await steps.step(label, () => smokeTest(smokeRequest), (result) => result === undefined);
  if (!finding) return [];
  showTail(request);
  return [{ ...finding, message: withLog(finding.message, request.logPath) }];
}

/** The configured commands, after a temporary checkout's dependency install when it needs one. */
function commandSteps({ checkout, commands }: StepsRequest, cwd: string, env: NodeJS.ProcessEnv) {
  const { install } = checkout;
  const installStep = install ? [{ command: install.command, cwd: path.join(checkout.root, install.dir), env: { ...env, ...install.env } }] : [];
  return [...installStep, ...commands.map((command) => ({ command, cwd, env }))];
}

/** Prints the failed step's last lines and the log path; returns all its lines (paths made relative). */
function showTail({ log, checkout, steps, logPath }: StepsRequest): string[] {
  const lines = log.lines().map((line) => relativize(line, checkout.root));
  steps.block([...lines.slice(-TAIL_LINES), `full log: ${logPath}`]);
  return lines;
}

function withLog(message: string, logPath: string): string {
  return `${message}${/[.!?]$/.test(message) ? '' : '.'} Full log: ${logPath}`;
}

function failedCommand(label: string, exit: Exit, lines: string[], diagnostics: Diagnostic[], request: StepsRequest): Finding[] {
  const status = describeExit(exit, 'failed with exit code');
  const where = request.checkout.isolated ? ` Built ${request.checkout.where}.` : '';
  const shown = diagnostics.slice(0, MAX_DIAGNOSTICS);
  const more = diagnostics.length > shown.length ? ` ${diagnostics.length - shown.length} more errors are in the log.` : '';
  const cause = shown.length ? `${diagnostics.length} compiler error${diagnostics.length === 1 ? '' : 's'}` : keyErrorLine(lines);
  const summary: Finding = {
    kind: 'build',
    message: withLog(`\`${label}\` ${status} on the pushed tree of ${shortSha(request.commit)}${cause ? `: ${cause}` : ''}.${more}${where}`, request.logPath),
    hint: `Run \`${label}\` yourself, fix what it reports, commit and push again (\`npx shipguard build\` runs this check without pushing).`,
  };
  const perError: Finding[] = shown.map((diagnostic) => ({
    kind: 'build',
    file: diagnostic.file,
    line: diagnostic.line,
    column: diagnostic.column,
    message: `${diagnostic.code}: ${diagnostic.message}`,
    hint: `\`${label}\` fails on this line in the pushed tree; fix it and commit.`,
  }));
  return [summary, ...perError];
}

function timeoutFinding(label: string, timeoutMs: number, logPath: string): Finding {
  return {
    kind: 'timeout',
    message: withLog(`\`${label}\` did not finish within ${seconds(timeoutMs)} and was stopped with all its processes.`, logPath),
    hint: 'Find what hangs (a watch mode, a prompt waiting for input, a server started by the build); if the build is just slow, raise required-build.timeoutMs.',
  };
}

/** The commit's tree and HEAD's, in one git call (a second only on an unborn HEAD). */
export async function treesOf(git: GitReader, commit: string): Promise<Trees> {
  const [tree, headTree] = await git.treesOf([commit, 'HEAD']);
  if (!tree) throw new GitError(`cannot read the tree of commit ${commit}`);
  return { tree, headTree };
}

function ago(iso: string): string {
  const ms = Date.now() - Date.parse(iso);
  if (!Number.isFinite(ms) || ms < 0) return 'earlier';
  if (ms < 90_000) return `${Math.max(1, Math.round(ms / 1000))} s ago`;
  if (ms < 90 * 60_000) return `${Math.round(ms / 60_000)} min ago`;
  return `${Math.round(ms / 3_600_000)} h ago`;
}
