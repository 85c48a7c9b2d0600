#!/usr/bin/env node
// `npm run demo`: copies examples/webshop into a temp git repo, installs shipguard the way npm
// would (node_modules links), runs `shipguard init`, then plays each scene in demo/scenes: a change
// from one of the incidents, committed or pushed through the real husky hooks. Exits 1 if any
// scene does not behave as expected.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const color = process.stdout.isTTY && !('NO_COLOR' in process.env);
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);

const env = { ...process.env, GIT_AUTHOR_NAME: 'Demo', GIT_AUTHOR_EMAIL: 'demo@shipguard.test', GIT_COMMITTER_NAME: 'Demo', GIT_COMMITTER_EMAIL: 'demo@shipguard.test' };
for (const key of Object.keys(env)) if (key.startsWith('GIT_DIR') || key === 'GIT_INDEX_FILE' || key === 'SHIPGUARD_SKIP') delete env[key];

function makeRepo() {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipguard-demo-'));
  cpSync(path.join(root, 'examples', 'webshop'), dir, { recursive: true });
  const modules = path.join(dir, 'node_modules');
  mkdirSync(path.join(modules, '.bin'), { recursive: true });
  symlinkSync(root, path.join(modules, 'shipguard'), 'dir');
  symlinkSync(path.join(root, 'dist', 'cli.js'), path.join(modules, '.bin', 'shipguard'));
  for (const dep of ['husky', 'typescript', '@prisma', '@types']) {
    const from = path.join(root, 'node_modules', dep);
    try {
      symlinkSync(from, path.join(modules, dep), 'dir');
    } catch {}
  }
  // `npm run build` (tsc) must work in the example: required-build runs it on every push.
  symlinkSync('../typescript/bin/tsc', path.join(modules, '.bin', 'tsc'));
  const run = (command, args, options = {}) => {
    const result = spawnSync(command, args, { cwd: dir, encoding: 'utf8', env: { ...env, ...options.env }, input: options.input ?? '' });
    return { code: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
  };
  const git = (...args) => run('git', args);
  const write = (file, content) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  };
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Demo');
  git('config', 'user.email', 'demo@shipguard.test');
  const init = run(process.execPath, [path.join(root, 'dist', 'cli.js'), 'init']);
  if (init.code !== 0) throw new Error(`shipguard init failed:\n${init.output}`);
  git('add', '-A');
  git('commit', '-q', '-m', 'webshop: initial import');
  const remote = mkdtempSync(path.join(tmpdir(), 'shipguard-demo-remote-'));
  spawnSync('git', ['init', '-q', '--bare', remote]);
  git('remote', 'add', 'origin', remote);
  git('push', '-q', '--no-verify', 'origin', 'main');
  git('switch', '-q', '-c', 'feature/work');
  git('push', '-q', '--no-verify', '-u', 'origin', 'feature/work');
  return { dir, remote, run, git, write, cleanup: () => [dir, remote].forEach((d) => rmSync(d, { recursive: true, force: true })) };
}

const scenesDir = path.join(root, 'demo', 'scenes');
const only = process.argv[2];
const files = readdirSync(scenesDir).filter((file) => file.endsWith('.mjs') && (!only || file.includes(only))).sort();
let unexpected = 0;
for (const file of files) {
  const { default: scene } = await import(pathToFileURL(path.join(scenesDir, file)).href);
  const repo = makeRepo();
  try {
    console.log(`\n${paint('1', `▶ ${scene.title}`)}  ${paint('2', `(${scene.incident})`)}`);
    const outcome = await scene.run(repo);
    const indented = outcome.output.trimEnd().split('\n').map((line) => `  │ ${line}`).join('\n');
    console.log(indented);
    const ok = outcome.expect === 'blocked' ? outcome.code !== 0 : outcome.code === 0;
    if (!ok) unexpected++;
    const verdict = outcome.expect === 'blocked' ? 'blocked' : 'allowed';
    console.log(ok ? paint('32', `  ✔ ${verdict}, as it should be`) : paint('31', `  ✖ expected the change to be ${verdict} (exit ${outcome.code})`));
  } finally {
    repo.cleanup();
  }
}
console.log(unexpected ? paint('31', `\n${unexpected} scene(s) did not behave as expected`) : paint('32', `\nAll ${files.length} scenes behaved as expected.`));
process.exitCode = unexpected ? 1 : 0;
