// Adds shipguard to the hook manager a project already uses (lefthook, simple-git-hooks, pre-commit,
// a team's own core.hooksPath), keeping that manager's format and comments. Where shipguard cannot
// edit the manager's config (a JS or TOML file, husky 4, hand-written `.git/hooks`), it stops with
// exit 2 and says what to add by hand, or that `--force` hands the hooks to husky.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { isMap, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { UsageError } from '../errors.js';
import { addHookLines, describeEdit } from './hook-script.js';
import { mentionsShipguard, type HookManager } from './managers.js';
import type { PackageManager } from './package-manager.js';

export interface Integration {
  done: string[];
  /** Commands the user must run for the change to take effect. */
  next: string[];
}

export interface IntegrationContext {
  repoRoot: string;
  /** The package directory relative to the repository root ('' at the root). */
  projectDir: string;
  pm: PackageManager;
  show(file: string): string;
}

type Stage = 'pre-commit' | 'pre-push';
const STAGES: Stage[] = ['pre-commit', 'pre-push'];

export function integrate(manager: HookManager, context: IntegrationContext): Integration {
  switch (manager.kind) {
    case 'lefthook':
      return lefthook(manager.file, context);
    case 'simple-git-hooks':
      return simpleGitHooks(manager.file, context);
    case 'pre-commit':
      return preCommitFramework(manager.file, context);
    case 'hooks-path':
      return hooksPath(manager.dir, manager.value, context);
    case 'husky4':
      throw new UsageError(
        `${context.show(manager.file)} holds a husky 4 config ("husky.hooks"), which husky 9 ignores: move each hook's command into .husky/<hook>, delete the config, then run \`shipguard init\` again (or \`shipguard init --force\` to set up husky 9 now; the husky 4 hooks then stop running)`,
      );
    case 'git-hooks': {
      const [it, its] = manager.files.length === 1 ? ['it', 'its'] : ['them', 'their'];
      throw new UsageError(
        `${manager.files.map(context.show).join(' and ')} already exist${manager.files.length === 1 ? 's' : ''}: husky's core.hooksPath would stop git from running ${it}. Move ${its} commands into .husky/<hook> and run \`shipguard init --force\`, or add \`${context.pm.exec} shipguard pre-commit || exit 1\` (and \`${context.pm.exec} shipguard pre-push "$@" || exit 1\`) to ${it} yourself`,
      );
    }
  }
}

/** The command a manager runs, from the repository root. */
function command(stage: Stage, context: IntegrationContext, args = ''): string {
  const run = `${context.pm.exec} shipguard ${stage}${args}`;
  return context.projectDir ? `cd ${context.projectDir} && ${run}` : run;
}

/** A line of a hook script git runs without `sh -e` (unlike husky's): a refusal must end the hook. */
function scriptLine(stage: Stage, context: IntegrationContext): string {
  const run = command(stage, context, stage === 'pre-push' ? ' "$@"' : '');
  return context.projectDir ? `(${run}) || exit 1` : `${run} || exit 1`;
}


function lefthook(file: string, context: IntegrationContext): Integration {
  const where = context.show(file);
  const json = /\.jsonc?$/.test(file);
  if (file.endsWith('.toml')) throw new UsageError(`${where}: shipguard cannot edit TOML; add a \`shipguard\` command to pre-commit (run: "${context.pm.exec} shipguard pre-commit") and pre-push (run: "${context.pm.exec} shipguard pre-push {1} {2}", use_stdin: true), or run \`shipguard init --force\` to use husky instead`);
  const doc = parseDocument(readFileSync(file, 'utf8'));
  if (doc.errors.length) throw new UsageError(`${where}: not valid ${json ? 'JSON' : 'YAML'} (${doc.errors[0]!.message.split('\n')[0]}), so shipguard cannot add its commands`);
  const added: Stage[] = [];
  for (const stage of STAGES) {
    const hook = doc.get(stage);
    const entry = { run: stage === 'pre-push' ? `${context.pm.exec} shipguard pre-push {1} {2}` : `${context.pm.exec} shipguard pre-commit`, ...(stage === 'pre-push' ? { use_stdin: true } : {}), ...(context.projectDir ? { root: `${context.projectDir}/` } : {}) };
    if (isMap(hook) && lefthookHas(hook, stage)) continue;
    if (isMap(hook) && isSeq(hook.get('jobs'))) (hook.get('jobs') as YAMLSeq).add(doc.createNode({ name: 'shipguard', ...entry }));
    else if (isMap(hook)) hook.setIn(['commands', 'shipguard'], doc.createNode(entry));
    else doc.set(stage, doc.createNode({ commands: { shipguard: entry } }));
    added.push(stage);
  }
  if (!added.length) return { done: [], next: [] };
  writeFileSync(file, json ? `${JSON.stringify(doc.toJS(), null, 2)}\n` : doc.toString());
  return {
    done: [`${where}: added the \`shipguard\` command to ${added.join(' and ')} (lefthook keeps running your other commands; husky not installed)`],
    next: [`${context.pm.exec} lefthook install`],
  };
}

/** A `commands`/`jobs`/`scripts` entry of this hook already runs shipguard. */
function lefthookHas(hook: YAMLMap, stage: Stage): boolean {
  return mentionsShipguard(JSON.stringify(hook.toJSON()), stage);
}

function simpleGitHooks(file: string, context: IntegrationContext): Integration {
  const where = context.show(file);
  const inPackage = path.basename(file) === 'package.json';
  if (!inPackage && !file.endsWith('.json')) {
    throw new UsageError(`${where}: shipguard cannot edit a JS config; add "pre-commit": "${context.pm.exec} shipguard pre-commit" and "pre-push": "${context.pm.exec} shipguard pre-push \\"$@\\"" to it (after your commands, before any exit), then run \`${context.pm.exec} simple-git-hooks\``);
  }
  const raw = readFileSync(file, 'utf8');
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(raw) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`${where}: not valid JSON (${(error as Error).message.split('\n')[0]}), so shipguard cannot add its hooks`);
  }
  const config = (inPackage ? json['simple-git-hooks'] : json) as Record<string, unknown>;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new UsageError(`${where}: "simple-git-hooks" must be an object of hook commands`);
  const done: string[] = [];
  for (const stage of STAGES) {
    const current = config[stage];
    if (current !== undefined && typeof current !== 'string') throw new UsageError(`${where}: "simple-git-hooks.${stage}" must be a string`);
    const line = command(stage, context, stage === 'pre-push' ? ' "$@"' : '');
    if (current === undefined) {
      config[stage] = line;
      done.push(`${where}: added "${stage}": ${JSON.stringify(line)} to simple-git-hooks`);
      continue;
    }
    const edit = addHookLines(`${current}\n`, [scriptLine(stage, context)]);
    if (!edit.changed) continue;
    // One-line commands stay one line: `npx lint-staged && npx shipguard pre-commit`.
    config[stage] = !current.includes('\n') && !edit.before ? `${current} && ${line}` : edit.content.replace(/\n$/, '');
    done.push(describeEdit(`${where} simple-git-hooks "${stage}"`, edit, false));
  }
  if (!done.length) return { done, next: [] };
  const indent = /^\{\n(\s+)"/.exec(raw)?.[1] ?? '  ';
  writeFileSync(file, `${JSON.stringify(json, null, indent)}\n`);
  return { done, next: [`${context.pm.exec} simple-git-hooks`] };
}

function preCommitFramework(file: string, context: IntegrationContext): Integration {
  const where = context.show(file);
  const doc = parseDocument(readFileSync(file, 'utf8'));
  if (doc.errors.length || !isMap(doc.contents)) throw new UsageError(`${where}: not a valid pre-commit config, so shipguard cannot add its hooks`);
  const repos = doc.get('repos');
  if (repos !== undefined && !isSeq(repos)) throw new UsageError(`${where}: "repos" must be a list`);
  const names = stageNames(doc);
  const done: string[] = [];
  if (!JSON.stringify(doc.toJSON()).includes('"id":"shipguard-')) {
    const hooks = STAGES.map((stage, index) => {
      const entry = context.projectDir ? `sh -c 'cd ${context.projectDir} && ${context.pm.exec} shipguard ${stage}'` : `${context.pm.exec} shipguard ${stage}`;
      const stages = doc.createNode([names[index]!]);
      stages.flow = true;
      return { id: `shipguard-${stage}`, name: `shipguard ${stage}`, entry, language: 'system', pass_filenames: false, always_run: true, stages };
    });
    const local = isSeq(repos) ? repos.items.find((item) => isMap(item) && item.get('repo') === 'local') : undefined;
    if (isMap(local) && isSeq(local.get('hooks'))) for (const hook of hooks) (local.get('hooks') as YAMLSeq).add(doc.createNode(hook));
    else if (isSeq(repos)) repos.add(doc.createNode({ repo: 'local', hooks }));
    else doc.set('repos', doc.createNode([{ repo: 'local', hooks }]));
    done.push(`${where}: added local hooks shipguard-pre-commit and shipguard-pre-push (stages ${names.join(', ')}; pass_filenames: false)`);
  }
  // `pre-commit install` installs only the pre-commit hook unless the config lists more types.
  const types = doc.get('default_install_hook_types');
  const wanted = ['pre-commit', 'pre-push'];
  if (types === undefined) {
    const node = doc.createNode(wanted);
    node.flow = true;
    doc.set('default_install_hook_types', node);
    done.push(`${where}: set default_install_hook_types: [pre-commit, pre-push] so \`pre-commit install\` installs the pre-push hook too`);
  } else if (isSeq(types)) {
    const missing = wanted.filter((type) => !types.items.some((item) => String((item as { value?: unknown }).value ?? item) === type));
    for (const type of missing) types.add(type);
    if (missing.length) done.push(`${where}: added ${missing.join(', ')} to default_install_hook_types`);
  }
  if (!done.length) return { done, next: [] };
  writeFileSync(file, doc.toString());
  return { done, next: ['pre-commit install'] };
}

/** pre-commit before 3.2 knows the stages as `commit`/`push`; later versions prefer the hook names. */
function stageNames(doc: Document): string[] {
  const minimum = doc.get('minimum_pre_commit_version');
  const installed = semver.coerce(spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).stdout ?? '')?.version;
  const version = semver.valid(String(minimum ?? '')) ?? installed;
  return version && semver.lt(version, '3.2.0') ? ['commit', 'push'] : ['pre-commit', 'pre-push'];
}

function hooksPath(dir: string, value: string, context: IntegrationContext): Integration {
  const inside = path.relative(context.repoRoot, dir);
  if (inside.startsWith('..') || path.isAbsolute(inside)) {
    throw new UsageError(`core.hooksPath is "${value}", outside this repository: add \`${context.pm.exec} shipguard pre-commit\` and \`${context.pm.exec} shipguard pre-push "$@"\` to the hooks there, or run \`shipguard init --force\` to use husky's hooks instead`);
  }
  mkdirSync(dir, { recursive: true });
  const done: string[] = [];
  for (const stage of STAGES) {
    const file = path.join(dir, stage);
    const created = !existsSync(file);
    const edit = addHookLines(created ? undefined : readFileSync(file, 'utf8'), [scriptLine(stage, context)], { shebang: '#!/bin/sh' });
    if (!edit.changed) continue;
    writeFileSync(file, edit.content, { mode: 0o755 });
    done.push(describeEdit(context.show(file), edit, created));
  }
  if (done.length) done.push(`kept core.hooksPath "${value}" (your hooks directory; husky not installed)`);
  return { done, next: [] };
}
