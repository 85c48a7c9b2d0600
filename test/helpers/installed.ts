// A project with shipguard copied (not linked) into node_modules, as npm installs it, and a staged
// change: what the caches beside an install (node_modules/.cache/shipguard/) are tested on.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT, tempDir, testEnv } from './repo.js';

export function installedProject(prefix: string, cacheName: string) {
  const project = tempDir(prefix);
  const installed = path.join(project, 'node_modules', 'shipguard');
  mkdirSync(installed, { recursive: true });
  for (const entry of ['cli.cjs', 'cli.js']) cpSync(path.join(PACKAGE_ROOT, 'dist', entry), path.join(installed, 'dist', entry));
  cpSync(path.join(PACKAGE_ROOT, 'dist', 'chunks'), path.join(installed, 'dist', 'chunks'), { recursive: true });
  cpSync(path.join(PACKAGE_ROOT, 'package.json'), path.join(installed, 'package.json'));
  const git = (...args: string[]) => spawnSync('git', args, { cwd: project, env: testEnv(), encoding: 'utf8' });
  git('init', '-q', '-b', 'feature');
  writeFileSync(path.join(project, '.gitignore'), 'node_modules/\n');
  writeFileSync(path.join(project, '.shipguardrc.json'), JSON.stringify({ rules: { 'commit-size': 'error' } }));
  writeFileSync(path.join(project, 'README.md'), '# project\n');
  git('add', '-A');
  const run = (args = ['pre-commit']) =>
    spawnSync(process.execPath, [path.join(installed, 'dist', 'cli.cjs'), ...args], { cwd: project, env: testEnv({ SHIPGUARD_DEBUG: '1' }), encoding: 'utf8' });
  return { project, git, core: path.join(installed, 'dist', 'chunks', 'core.cjs'), cache: path.join(project, 'node_modules', '.cache', 'shipguard', cacheName), run };
}
