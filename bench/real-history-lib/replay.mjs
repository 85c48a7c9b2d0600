// Replaying one repository's history through the built CLI, one commit at a time, with a cache.
// Used by bench/real-history.mjs; every git call here reads or writes only the scratch clone.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Replay environment: no skip list, no colour, debug timings on (cheap: a few stderr lines). */
export function replayEnv() {
  const env = { ...process.env, NO_COLOR: '1', SHIPGUARD_DEBUG: '1' };
  for (const name of ['SHIPGUARD_SKIP', 'DATABASE_URL', 'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) delete env[name];
  return env;
}

export function git(cwd, args, { allowFailure = false, input } = {}) {
  const result = spawnSync('git', ['-C', cwd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, input });
  if (result.status !== 0 && !allowFailure) throw new Error(`git ${args.join(' ')} in ${cwd}: ${result.stderr.trim().split('\n')[0]}`);
  return result;
}

/** Hash of everything that decides a result: the built CLI, the presets and the replay config. */
export function buildHash(root, configText) {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else hash.update(`${path.relative(root, file)}\0`).update(readFileSync(file));
    }
  };
  walk(path.join(root, 'dist'));
  walk(path.join(root, 'presets'));
  hash.update(configText);
  return hash.digest('hex').slice(0, 12);
}

/**
 * A scratch clone of the fetched bare repository with no remotes, no tags and no branches: HEAD is
 * detached at each replayed commit, so nothing in the clone knows the commits that came later.
 */
export function prepareClone(source, dir, tip) {
  if (!existsSync(path.join(dir, '.git'))) {
    mkdirSync(path.dirname(dir), { recursive: true });
    const cloned = spawnSync('git', ['clone', '-q', '--no-checkout', '--no-tags', source, dir], { encoding: 'utf8' });
    if (cloned.status !== 0) throw new Error(`git clone ${source}: ${cloned.stderr.trim()}`);
    git(dir, ['config', 'gc.auto', '0']);
    git(dir, ['config', 'core.hooksPath', '/dev/null']);
  }
  if (git(dir, ['cat-file', '-e', `${tip}^{commit}`], { allowFailure: true }).status !== 0) {
    throw new Error(`${tip} is not in ${source} (fetch a newer snapshot or fix repos.json)`);
  }
  git(dir, ['update-ref', 'refs/replay/tip', tip]);
  git(dir, ['update-ref', '--no-deref', 'HEAD', tip]);
  git(dir, ['remote', 'remove', 'origin'], { allowFailure: true });
  const refs = git(dir, ['for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/remotes', 'refs/tags']).stdout.split('\n').filter(Boolean);
  if (refs.length) git(dir, ['update-ref', '--stdin'], { input: refs.map((ref) => `delete ${ref}\n`).join('') });
}

/**
 * The last `count` first-parent, non-merge commits up to `tip` that have a parent, oldest first,
 * with their changed paths (for the Prisma schema-change tally).
 */
export function listCommits(dir, tip, count) {
  const out = git(dir, ['log', '--first-parent', '--no-merges', `--max-count=${count}`, '-z', '--no-renames', '--name-only', '--format=%x01%H %P%x02%s', tip]).stdout;
  const commits = [];
  for (const chunk of out.split('\x01').slice(1)) {
    const [header, rest = ''] = chunk.split('\x02');
    const [sha, parent] = header.split(' ');
    const [subject, ...files] = rest.split('\0').map((part) => part.replace(/^\n/, ''));
    if (!parent) continue; // the root commit has no C^ to compare with
    const paths = files.filter(Boolean);
    commits.push({
      sha,
      parent,
      subject: subject.replace(/\n+$/, ''),
      files: paths.length,
      schema: paths.some((file) => file.endsWith('.prisma')),
      migration: paths.some((file) => /(^|\/)migrations?\/.+\.sql$/.test(file)),
    });
  }
  return commits.reverse();
}

/** Debug lines -> { config, total, rules: {id: ms}, loaded: {module: ms} }. */
export function parseDebug(stderr) {
  const breakdown = { rules: {}, loaded: {} };
  for (const line of stderr.split('\n')) {
    let match;
    if ((match = /^shipguard debug: config and changes ready in (\d+) ms/.exec(line))) breakdown.config = Number(match[1]);
    else if ((match = /^shipguard debug: rule (\S+): \d+ findings in (\d+) ms/.exec(line))) breakdown.rules[match[1]] = Number(match[2]);
    else if ((match = /^shipguard debug: loaded (.+) in (\d+) ms/.exec(line))) breakdown.loaded[match[1]] = Number(match[2]);
    else if ((match = /^shipguard debug: total (\d+) ms/.exec(line))) breakdown.total = Number(match[1]);
  }
  return breakdown;
}

/** One commit through `shipguard ci --base C^ --head C --format json`; the record the cache keeps. */
export function replayCommit({ cli, clone, configFile, commit, timeoutMs }) {
  git(clone, ['update-ref', '--no-deref', 'HEAD', commit.sha]);
  const started = performance.now();
  const result = spawnSync(process.execPath, [cli, 'ci', '--base', commit.parent, '--head', commit.sha, '--format', 'json', '--config', configFile], {
    cwd: clone,
    env: replayEnv(),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: timeoutMs,
  });
  const ms = Math.round(performance.now() - started);
  const stderr = result.stderr ?? '';
  const record = { ...commit, exit: result.error ? 'timeout' : result.status, ms, debug: parseDebug(stderr), findings: [], failures: [] };
  const problems = stderr.split('\n').filter((line) => line && !line.startsWith('shipguard debug:'));
  if (problems.length) record.stderr = problems.slice(0, 5).join('\n');
  try {
    const report = JSON.parse(result.stdout);
    record.findings = report.findings.map((finding) => ({
      rule: finding.ruleId,
      kind: finding.kind,
      severity: finding.severity,
      file: finding.file,
      line: finding.line,
      message: finding.message,
    }));
    record.failures = report.failures;
    record.notes = (report.notes ?? []).map((note) => note.text);
  } catch {
    // exit 2 before a report (config or usage error): stderr says why
  }
  return record;
}

export function cachedReplay(cacheDir, options) {
  const file = path.join(cacheDir, `${options.commit.sha}.json`);
  if (existsSync(file)) return { record: JSON.parse(readFileSync(file, 'utf8')), cached: true };
  const record = replayCommit(options);
  if (record.exit !== 'timeout') {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(file, JSON.stringify(record));
  }
  return { record, cached: false };
}

/** Records already in the cache for these commits (for --report-only). */
export function cachedOnly(cacheDir, commits) {
  return commits
    .map((commit) => path.join(cacheDir, `${commit.sha}.json`))
    .filter((file) => existsSync(file))
    .map((file) => JSON.parse(readFileSync(file, 'utf8')));
}
