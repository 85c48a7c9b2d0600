// Shared by the secrets benchmarks: temp repos, running tools, timing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = path.join(ROOT, 'dist', 'cli.cjs'); // the bin

export const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@shipguard.test',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@shipguard.test',
  NO_COLOR: '1',
};

export function run(command, args, options = {}) {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30, env, ...options });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', ms: performance.now() - started };
}

/** A git repository holding `files` ({ path, content }), staged; committed when asked. */
export function repoWith(files, { commit = false, config } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipguard-bench-'));
  run('git', ['init', '-q', dir]);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
    writeFileSync(path.join(dir, file.path), file.content);
  }
  // secretlint resolves its rule preset from the scanned directory.
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n.secretlintrc.json\n.shipguardrc.json\n');
  writeFileSync(path.join(dir, '.secretlintrc.json'), JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  if (config) writeFileSync(path.join(dir, '.shipguardrc.json'), JSON.stringify(config));
  run('git', ['add', '-A'], { cwd: dir });
  if (commit) run('git', ['commit', '-q', '--no-verify', '-m', 'bench'], { cwd: dir });
  return dir;
}

/** git-secrets from Debian, installed here (never from tests or CI) when missing. */
export function ensureGitSecrets() {
  if (run('sh', ['-c', 'command -v git-secrets']).code === 0) return true;
  console.error('installing git-secrets (apt-get install -y git-secrets) ...');
  run('apt-get', ['update', '-qq']);
  return run('apt-get', ['install', '-y', '-qq', 'git-secrets']).code === 0;
}

export const pct = (x) => `${(x * 100).toFixed(1)} %`;
