#!/usr/bin/env node
// What a temporary worktree's dependencies cost required-build, per package manager, on a
// realistic set (typescript, vitest, rolldown, secretlint, ajv, lint-staged…: ~200 packages):
//   - shipguard's choice: mirrored node_modules (npm, yarn classic, yarn berry) or
//     `pnpm install --frozen-lockfile --prefer-offline` into the worktree from the developer's store;
//   - the alternative: a real install into the worktree (npm install, yarn install) from a warm cache;
//   - pnpm "cold": the same install with an empty store (everything downloaded); and pnpm's
//     node_modules mirrored instead (what pnpm is not given: see dependencies.ts).
// The first run per package manager downloads the packages (npm registry). Medians of --runs.
//   npm run build && node bench/worktree-dependencies.mjs [--runs 5] [--only npm,pnpm]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, only: { type: 'string' } } });
const runs = Number(values.runs);
const root = fileURLToPath(new URL('..', import.meta.url));
const modules = path.join(root, 'node_modules');
// pnpm 12 is not a devDependency (see test/helpers/package-managers.ts): run the node-modules tests once to install it.
const PNPM12 = path.join(modules, '.cache', 'shipguard-tests', 'pnpm12', 'node_modules', '.bin', 'pnpm');
const { mirrorModules } = await import(path.join(root, 'dist', 'rules', 'required-build', 'mirror.js'));
const { PNPM_INSTALL } = await import(path.join(root, 'dist', 'rules', 'required-build', 'dependencies.js'));

const DEPENDENCIES = {
  '@types/node': '^20.19.0', ajv: '^8.17.0', cosmiconfig: '^9.0.0', husky: '^9.1.0', jiti: '^2.4.0', 'lint-staged': '^16.0.0',
  minimatch: '^10.0.0', picocolors: '^1.1.0', rolldown: '1.2.19', secretlint: '^11.0.0', typescript: '^5.9.0', vite: '8.3.8', vitest: '4.1.12', yaml: '^2.8.0',
};
const REGISTRY = 'https://registry.npmjs.org/';
const env = { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b', YARN_ENABLE_TELEMETRY: '0' };

const MANAGERS = {
  npm: { bin: 'npm', install: ['install', '--no-audit', '--no-fund'], alternative: 'npm install --no-audit --no-fund --prefer-offline' },
  'yarn classic': {
    bin: `node ${path.join(modules, 'yarn', 'bin', 'yarn.js')}`,
    install: ['install', '--non-interactive'],
    files: { '.yarnrc': `registry "${REGISTRY}"\n` },
    alternative: 'yarn install --frozen-lockfile --prefer-offline --non-interactive',
  },
  'yarn berry': {
    bin: `node ${path.join(modules, '@yarnpkg', 'cli-dist', 'bin', 'yarn.js')}`,
    install: ['install'],
    files: { '.yarnrc.yml': `nodeLinker: node-modules\nnpmRegistryServer: "${REGISTRY.slice(0, -1)}"\nenableTelemetry: false\n` },
    alternative: 'yarn install --immutable',
  },
  'pnpm 9': { bin: `node ${path.join(modules, 'pnpm9', 'bin', 'pnpm.cjs')}`, install: ['install'], pnpm: true },
  'pnpm 12': { bin: PNPM12, install: ['install'], pnpm: true, files: { 'pnpm-workspace.yaml': `strictDepBuilds: false\noverrides:\n  vite: ${DEPENDENCIES.vite}\n` } },
  'pnpm 12 hoisted': {
    bin: PNPM12,
    install: ['install'],
    pnpm: true,
    files: { 'pnpm-workspace.yaml': `strictDepBuilds: false\nnodeLinker: hoisted\noverrides:\n  vite: ${DEPENDENCIES.vite}\n` },
  },
};

function sh(command, cwd, extraEnv = {}) {
  const result = spawnSync('sh', ['-c', command], { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed in ${cwd}:\n${result.stdout}${result.stderr}`);
}

function project(name, manager) {
  const dir = mkdtempSync(path.join(tmpdir(), `shipguard-bench-deps-${name.replace(/\W+/g, '-')}-`));
  // vite pinned for every resolver: a newer one lists an optional dependency the registry lacks.
  const pins = { vite: DEPENDENCIES.vite };
  const pkg = { name: 'bench', version: '1.0.0', private: true, devDependencies: DEPENDENCIES, overrides: pins, resolutions: pins, pnpm: { overrides: pins } };
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n.yarn/\n');
  for (const [file, text] of Object.entries(manager.files ?? {})) writeFileSync(path.join(dir, file), text);
  sh('git init -q && git add -A && git commit -q -m bench', dir);
  sh(`${manager.bin} ${manager.install.join(' ')}`, dir, { npm_config_registry: REGISTRY, YARN_ENABLE_IMMUTABLE_INSTALLS: 'false' });
  sh('git add -A && git commit -q -m lockfile', dir);
  return dir;
}

/** Milliseconds `work` takes in a fresh worktree of `dir`'s HEAD. */
function inWorktree(dir, work) {
  const worktree = mkdtempSync(path.join(tmpdir(), 'shipguard-bench-wt-'));
  sh(`git worktree add -q --detach ${worktree} HEAD`, dir);
  const started = process.hrtime.bigint();
  work(worktree);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  sh(`git worktree remove --force ${worktree}`, dir);
  return ms;
}

const mirrorInto = (dir) => (worktree) => mirrorModules(path.join(dir, 'node_modules'), { repoRoot: dir, worktreeRoot: worktree });
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const repeat = (work) => median(Array.from({ length: runs }, work));
const format = (ms) => `${Math.round(ms)} ms`;

const only = values.only?.split(',');
for (const [name, manager] of Object.entries(MANAGERS)) {
  if (only && !only.some((wanted) => name.startsWith(wanted))) continue;
  const dir = project(name, manager);
  const storeDir = manager.pnpm ? spawnSync('sh', ['-c', `${manager.bin} store path`], { cwd: dir, encoding: 'utf8' }).stdout.trim() : '';
  const pnpmEnv = { npm_config_store_dir: storeDir, pnpm_config_store_dir: storeDir, HUSKY: '0' };
  const pnpmInstall = PNPM_INSTALL.replace(/^pnpm/, manager.bin);
  if (manager.pnpm) {
    const warm = repeat(() => inWorktree(dir, (worktree) => sh(pnpmInstall, worktree, pnpmEnv)));
    const emptyStore = mkdtempSync(path.join(tmpdir(), 'shipguard-bench-store-'));
    const cold = inWorktree(dir, (worktree) => sh(pnpmInstall, worktree, { ...pnpmEnv, npm_config_store_dir: emptyStore, pnpm_config_store_dir: emptyStore }));
    rmSync(emptyStore, { recursive: true, force: true });
    const mirror = repeat(() => inWorktree(dir, mirrorInto(dir)));
    console.log(`${name}: ${PNPM_INSTALL} ${format(warm)} (store warm), ${format(cold)} (empty store: downloads everything); mirrored instead ${format(mirror)}`);
  } else {
    const mirror = repeat(() => inWorktree(dir, mirrorInto(dir)));
    const install = repeat(() => inWorktree(dir, (worktree) => sh(manager.alternative.replace(/^(npm|yarn)/, manager.bin), worktree)));
    console.log(`${name}: mirrored node_modules ${format(mirror)}; \`${manager.alternative}\` instead ${format(install)} (cache warm)`);
  }
  rmSync(dir, { recursive: true, force: true });
}
