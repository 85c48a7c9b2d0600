#!/usr/bin/env node
// Precision and recall of shipguard, secretlint with @secretlint/secretlint-rule-preset-recommend,
// and git-secrets (Debian, AWS provider patterns), in one run, on two labelled sets:
// - the corpus (test/fixtures/secrets/corpus.mjs): every documented format, with near misses;
// - the real-world set (test/fixtures/secrets/real-world.mjs): vendors' documented formats embedded
//   the way teams write them, next to test-mode keys, vendors' example keys, public dev credentials,
//   placeholders, ids, hashes and public keys. It was written independently of the detectors.
// Scored by line: a tool finds a positive when it reports that file:line (a line of its span, for
// multi-line keys). Whole-file findings (shipguard's env-file & co.) are left out, as the other
// tools have none.
// Usage: npm run build && node bench/secrets-quality.mjs [seed]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildCorpus } from '../test/fixtures/secrets/corpus.mjs';
import { buildRealWorld, breakdown, scoreRealWorld } from '../test/fixtures/secrets/real-world.mjs';
import { WHOLE_FILE_KINDS, counts, score } from '../test/fixtures/secrets/score.mjs';
import { CLI, ensureGitSecrets, pct, repoWith, run } from './common.mjs';

const seed = Number(process.argv[2] ?? 20240611);
const gitSecrets = ensureGitSecrets();
if (!gitSecrets) console.log('git-secrets: could not be installed; skipped');

/** Every tool's reported locations ({ file, line }) on a repository holding `files`. */
function runTools(files) {
  const dir = repoWith(files, { commit: true });
  const out = [];

  const shipguard = run(process.execPath, [CLI, 'scan', '--format', 'json'], { cwd: dir });
  const found = JSON.parse(shipguard.stdout).findings.filter((f) => !WHOLE_FILE_KINDS.has(f.kind));
  out.push({ tool: 'shipguard scan', ms: shipguard.ms, reported: found.map((f) => ({ file: f.file, line: f.line })) });

  const paths = files.map((file) => file.path);
  // --output: piped stdout can be cut short when secretlint exits, so the report goes to a file.
  const report = path.join(dir, '.secretlint-report.json');
  const secretlint = run(path.join(dir, 'node_modules', '.bin', 'secretlint'), ['--format', 'json', '--output', report, '--secretlintrc', '.secretlintrc.json', ...paths], { cwd: dir });
  const parsed = (() => {
    try {
      return JSON.parse(readFileSync(report, 'utf8'));
    } catch {
      console.log(`secretlint printed no JSON (exit ${secretlint.code}); counted as no findings`); // its output holds the secrets: not shown
      return [];
    }
  })();
  const linted = parsed.flatMap((file) => file.messages.map((message) => ({ file: path.relative(dir, file.filePath), line: message.loc.start.line })));
  out.push({ tool: 'secretlint + preset-recommend', ms: secretlint.ms, reported: linted });

  if (gitSecrets) {
    run('git', ['secrets', '--register-aws'], { cwd: dir });
    const scanned = run('git', ['secrets', '--scan', ...paths], { cwd: dir });
    // Output lines: <file>:<line>:<text>; only the location is kept (the text holds the secret).
    const hits = `${scanned.stdout}\n${scanned.stderr}`
      .split('\n')
      .map((line) => /^([^:\s][^:]*):(\d+):/.exec(line))
      .filter(Boolean)
      .map((match) => ({ file: match[1], line: Number(match[2]) }));
    out.push({ tool: 'git-secrets --register-aws', ms: scanned.ms, reported: hits });
  }
  return out;
}

function table(results) {
  console.log('\n| tool | precision | recall | true pos. | false pos. | missed | time |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    console.log(`| ${r.tool} | ${pct(r.precision)} | ${pct(r.recall)} | ${r.truePositives} | ${r.falsePositives.length} | ${r.misses.length} | ${Math.round(r.ms)} ms |`);
  }
}

{
  const { files, labels } = buildCorpus(seed);
  const size = counts(labels);
  console.log(`## corpus (seed ${seed}): ${files.length} files, ${size.positives} positives in ${size.formats} formats, ${size.negatives} labelled negatives`);
  const results = runTools(files).map((t) => ({ tool: t.tool, ms: t.ms, ...score(labels, t.reported) }));
  table(results);
  const formatsFound = (r) => new Set(labels.filter((l) => l.positive && !r.misses.includes(`${l.file}:${l.line}`)).map((l) => l.format)).size;
  console.log(`\nformats with at least one positive found: ${results.map((r) => `${r.tool} ${formatsFound(r)}/${size.formats}`).join(', ')}`);
}

{
  const { files, labels } = buildRealWorld(seed);
  const results = runTools(files).map((t) => ({ tool: t.tool, ms: t.ms, ...scoreRealWorld(labels, t.reported) }));
  const { positives, negatives, formats } = results[0];
  console.log(`\n## real-world set (seed ${seed}): ${files.length} files, ${positives} positives in ${formats} formats, ${negatives} labelled negatives`);
  table(results);
  for (const r of results) {
    const { missesByFormat, falsePositivesByReason } = breakdown(r);
    const shown = missesByFormat.slice(0, 20).map(([k, n]) => `${k} ${n}`).join(', ');
    const more = missesByFormat.length > 20 ? ` and ${missesByFormat.length - 20} more formats` : '';
    console.log(`\n${r.tool}: misses by format: ${shown || 'none'}${more}`);
    console.log(`${r.tool}: false positives by reason: ${falsePositivesByReason.map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
  }
}
