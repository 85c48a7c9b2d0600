#!/usr/bin/env node
// Precision and recall on the labelled corpus (test/fixtures/secrets) for shipguard, secretlint with
// @secretlint/secretlint-rule-preset-recommend, and git-secrets (Debian, AWS provider patterns), in
// one run. Scored by line: a tool finds a positive when it reports that file:line. Whole-file
// findings (shipguard's env-file & co.) are left out, as the other tools have none.
// Usage: npm run build && node bench/secrets-quality.mjs [seed]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildCorpus } from '../test/fixtures/secrets/corpus.mjs';
import { WHOLE_FILE_KINDS, counts, score } from '../test/fixtures/secrets/score.mjs';
import { CLI, ensureGitSecrets, pct, repoWith, run } from './common.mjs';

const seed = Number(process.argv[2] ?? 20240611);
const { files, labels } = buildCorpus(seed);
const dir = repoWith(files, { commit: true });
const size = counts(labels);
console.log(`corpus (seed ${seed}): ${files.length} files, ${size.positives} positives in ${size.formats} formats, ${size.negatives} labelled negatives`);

const results = [];

const shipguard = run(process.execPath, [CLI, 'scan', '--format', 'json'], { cwd: dir });
const found = JSON.parse(shipguard.stdout).findings.filter((f) => !WHOLE_FILE_KINDS.has(f.kind));
results.push({ tool: 'shipguard scan', ms: shipguard.ms, ...score(labels, found.map((f) => ({ file: f.file, line: f.line }))) });

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
const linted = parsed.flatMap((file) =>
  file.messages.map((message) => ({ file: path.relative(dir, file.filePath), line: message.loc.start.line })),
);
results.push({ tool: 'secretlint + preset-recommend', ms: secretlint.ms, ...score(labels, linted) });

if (ensureGitSecrets()) {
  run('git', ['secrets', '--register-aws'], { cwd: dir });
  const gitSecrets = run('git', ['secrets', '--scan', ...paths], { cwd: dir });
  // Output lines: <file>:<line>:<text>; only the location is kept (the text holds the secret).
  const hits = `${gitSecrets.stdout}\n${gitSecrets.stderr}`
    .split('\n')
    .map((line) => /^([^:\s][^:]*):(\d+):/.exec(line))
    .filter(Boolean)
    .map((match) => ({ file: match[1], line: Number(match[2]) }));
  results.push({ tool: 'git-secrets --register-aws', ms: gitSecrets.ms, ...score(labels, hits) });
} else {
  console.log('git-secrets: could not be installed; skipped');
}

console.log('\n| tool | precision | recall | true pos. | false pos. | missed | time |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  console.log(`| ${r.tool} | ${pct(r.precision)} | ${pct(r.recall)} | ${r.truePositives} | ${r.falsePositives.length} | ${r.misses.length} | ${Math.round(r.ms)} ms |`);
}
const formatsFound = (tool) => new Set(labels.filter((l) => l.positive && !tool.misses.includes(`${l.file}:${l.line}`)).map((l) => l.format)).size;
console.log(`\nformats with at least one positive found: ${results.map((r) => `${r.tool} ${formatsFound(r)}/${size.formats}`).join(', ')}`);
