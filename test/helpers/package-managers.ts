// The fixture workspace (test/fixtures/package-managers) installed for real by npm, pnpm 9, pnpm 12
// (isolated and hoisted), yarn classic and yarn berry (node-modules linker), with shipguard's hooks,
// plus a fingerprint of every dependency folder to prove a build left them alone. pnpm 9 and both
// yarns are devDependencies of shipguard; pnpm 12 (a native binary whose platform packages the lock
// cannot list for every platform, so `npm ci` would refuse it) is installed on first use into
// node_modules/.cache. A bin folder per test puts the chosen one on PATH.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, createRepo, PACKAGE_ROOT, tempDir, testEnv, type TestRepo } from './repo.js';

const FIXTURE = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'package-managers');
const BIN = path.join(PACKAGE_ROOT, 'node_modules');
const PNPM12_DIR = path.join(BIN, '.cache', 'shipguard-tests', 'pnpm12');
const PNPM12 = path.join(PNPM12_DIR, 'node_modules', '.bin', 'pnpm');

/** pnpm 12 from the npm registry, once per checkout (its install script links the native binary). */
function ensurePnpm12(): void {
  if (existsSync(PNPM12)) return;
  mkdirSync(PNPM12_DIR, { recursive: true });
  writeFileSync(path.join(PNPM12_DIR, 'package.json'), JSON.stringify({ name: 'pnpm12-for-tests', private: true, allowScripts: { pnpm: true } }));
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', 'pnpm@12.21.0'], { cwd: PNPM12_DIR, encoding: 'utf8' });
  if (install.status !== 0 || !existsSync(PNPM12)) throw new Error(`installing pnpm 12 for the tests failed:\n${install.stdout}${install.stderr}`);
}

export interface Manager {
  name: string;
  /** The command on PATH (`pnpm`, `yarn`) and what it runs; npm is the one Node came with. */
  shim?: { name: string; target: string };
  /** How package.json names a workspace package and a local folder. */
  workspace: string;
  folder(relative: string): string;
  /** Local folders whose bins must be linked (shipguard, husky). */
  linked(relative: string): string;
  rootBuild: string;
  install: string[];
  /** Extra files (pnpm-workspace.yaml, .yarnrc.yml). */
  files?: Record<string, string>;
  /** Settings for a fresh CI machine: no update checks or telemetry, installs that may write the lockfile. */
  env?: Record<string, string>;
}

const PNPM_WORKSPACE = 'packages:\n  - packages/*\n';
const pnpm = (name: string, target: string, extra = ''): Manager => ({
  name,
  shim: { name: 'pnpm', target },
  workspace: 'workspace:*',
  folder: (relative) => `file:${relative}`,
  linked: (relative) => `link:${relative}`,
  rootBuild: 'pnpm -r build',
  install: ['pnpm', 'install', '--no-frozen-lockfile'],
  files: { 'pnpm-workspace.yaml': PNPM_WORKSPACE + extra },
});

export const MANAGERS = {
  npm: {
    name: 'npm',
    workspace: '^1.0.0',
    folder: (relative) => `file:${relative}`,
    linked: (relative) => `file:${relative}`,
    rootBuild: 'npm run build -w app',
    install: ['npm', 'install', '--no-audit', '--no-fund'],
  },
  pnpm9: pnpm('pnpm 9', `node ${path.join(BIN, 'pnpm9', 'bin', 'pnpm.cjs')}`),
  pnpm: pnpm('pnpm 12', PNPM12),
  pnpmHoisted: pnpm('pnpm 12 with nodeLinker: hoisted', PNPM12, 'nodeLinker: hoisted\n'),
  yarnClassic: {
    name: 'yarn classic',
    shim: { name: 'yarn', target: `node ${path.join(BIN, 'yarn', 'bin', 'yarn.js')}` },
    workspace: '^1.0.0',
    folder: (relative) => `file:${relative}`,
    linked: (relative) => `file:${relative}`, // link: would not link the bins
    rootBuild: 'yarn workspace app run build',
    install: ['yarn', 'install', '--non-interactive'],
    env: { YARN_DISABLE_SELF_UPDATE_CHECK: 'true' },
  },
  yarnBerry: {
    name: 'yarn berry (nodeLinker: node-modules)',
    shim: { name: 'yarn', target: `node ${path.join(BIN, '@yarnpkg', 'cli-dist', 'bin', 'yarn.js')}` },
    workspace: 'workspace:^',
    folder: (relative) => `file:${relative}`,
    linked: (relative) => `portal:${relative}`,
    rootBuild: 'yarn workspace app run build',
    install: ['yarn', 'install'],
    files: { '.yarnrc.yml': 'nodeLinker: node-modules\nenableTelemetry: false\n' },
    env: { YARN_ENABLE_IMMUTABLE_INSTALLS: 'false' },
  },
} satisfies Record<string, Manager>;

export interface ManagedProject {
  repo: TestRepo;
  /** PATH with the package manager, and settings that keep them quiet and local. */
  env: NodeJS.ProcessEnv;
  push(...args: string[]): ReturnType<TestRepo['git']>;
}

/** The fixture workspace with shipguard's hooks, installed by `manager`, committed with its lockfile. */
export function managedProject(manager: Manager): ManagedProject {
  const repo = createRepo({ init: false, initialCommit: false, config: { rules: { 'required-build': 'error' } } });
  rmSync(repo.path('node_modules'), { recursive: true }); // createRepo's links: the package manager installs instead
  cpSync(FIXTURE, repo.dir, { recursive: true });
  rmSync(repo.path('README.md'));
  writeBinPackage(repo, 'shipguard', CLI);
  writeBinPackage(repo, 'husky', path.join(PACKAGE_ROOT, 'node_modules', 'husky', 'bin.js'));
  for (const [file, text] of Object.entries(manager.files ?? {})) repo.write(file, text);
  writeJson(repo, 'package.json', {
    name: 'fixture',
    version: '1.0.0',
    private: true,
    ...(manager.files?.['pnpm-workspace.yaml'] ? {} : { workspaces: ['packages/*'] }),
    scripts: { build: manager.rootBuild },
    dependencies: { format: manager.folder('vendor/format-1') },
    devDependencies: { husky: manager.linked('vendor/husky'), shipguard: manager.linked('vendor/shipguard') },
  });
  writeJson(repo, 'packages/app/package.json', {
    name: 'app',
    version: '1.0.0',
    private: true,
    scripts: { build: 'node build.js' },
    dependencies: { '@fixture/lib': manager.workspace, format: manager.folder('../../vendor/format-2') },
  });
  repo.write('.gitignore', 'node_modules/\ndist/\n.yarn/\n');

  const env = managerEnv(manager);
  const run = (args: string[]) => {
    const result = spawnSync(args[0]!, args.slice(1), { cwd: repo.dir, encoding: 'utf8', env: testEnv(env) });
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  };
  const init = repo.shipguard(['init'], { env });
  if (init.code !== 0) throw new Error(`shipguard init failed:\n${init.output}`);
  run(manager.install);
  repo.commitAll('workspace installed');
  repo.addBareRemote();
  return { repo, env, push: (...args) => repo.git(['push', ...(args.length ? args : ['origin', 'feature'])], { env }) };
}

/** A local package whose bin runs `entry` (this checkout's CLI, or husky). */
function writeBinPackage(repo: TestRepo, name: string, entry: string): void {
  writeJson(repo, `vendor/${name}/package.json`, { name, version: '1.0.0', type: 'module', bin: { [name]: 'bin.mjs' } });
  repo.write(`vendor/${name}/bin.mjs`, `#!/usr/bin/env node\nimport ${JSON.stringify(pathToFileURL(entry).href)};\n`);
  chmodSync(repo.path('vendor', name, 'bin.mjs'), 0o755);
}

function managerEnv(manager: Manager): NodeJS.ProcessEnv {
  const bin = tempDir('shipguard-pm-bin-');
  if (manager.shim) {
    if (manager.shim.target === PNPM12) ensurePnpm12();
    const file = path.join(bin, manager.shim.name);
    writeFileSync(file, `#!/bin/sh\nexec ${manager.shim.target} "$@"\n`);
    chmodSync(file, 0o755);
  }
  return { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, npm_config_update_notifier: 'false', ...manager.env };
}

function writeJson(repo: TestRepo, file: string, value: unknown): void {
  repo.write(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Every entry of every dependency folder under `root` (node_modules anywhere, .yarn): path, symlink
 * target (never followed), file mode, mtime and content hash, directory mtime. Equal before and
 * after means nothing was added, removed, relinked or rewritten.
 */
export function dependencySnapshot(root: string): string[] {
  const entries: string[] = [];
  const walk = (dir: string, inside: boolean) => {
    for (const name of readdirSync(dir).sort()) {
      if (name === '.git') continue;
      const full = path.join(dir, name);
      const recorded = inside || name === 'node_modules' || name === '.yarn';
      const stat = lstatSync(full);
      const relative = path.relative(root, full);
      if (stat.isSymbolicLink()) {
        if (recorded) entries.push(`${relative} -> ${readlinkSync(full)}`);
      } else if (stat.isDirectory()) {
        if (recorded) entries.push(`${relative}/ mtime ${stat.mtimeMs}`);
        walk(full, recorded);
      } else if (recorded) {
        const hash = createHash('sha256').update(readFileSync(full)).digest('hex').slice(0, 16);
        entries.push(`${relative} ${stat.mode.toString(8)} mtime ${stat.mtimeMs} ${hash}`);
      }
    }
  };
  walk(root, false);
  if (!entries.length) throw new Error(`no dependency folder under ${root}`);
  return entries;
}
