// Turning replay records into the printed summary, the list to judge and the judged comparison.
import { existsSync, readFileSync } from 'node:fs';

const PRISMA_RULES = new Set(['prisma-migration', 'prisma-query-fields']);
const VERDICT_RANK = { 'true-catch': 3, debatable: 2, 'false-block': 1 };

const tsvCell = (value) => String(value ?? '').replace(/[\t\r\n]+/g, ' ');
export const location = (finding) => (finding.file ? `${finding.file}${finding.line ? `:${finding.line}` : ''}` : '');
const refusals = (record) => record.findings.filter((finding) => finding.severity === 'error');

/** The list to judge: one row per error finding, commit-size left out (it is judged by its numbers). */
export function refusalRows(records) {
  const rows = [];
  for (const record of records) {
    for (const finding of refusals(record)) {
      if (finding.rule === 'commit-size') continue;
      rows.push([record.repo, record.sha, finding.rule, finding.kind ?? '', location(finding), finding.message]);
    }
  }
  return rows;
}

/** One row per replayed commit: what it changed, how it ended, how long it took, which rules refused it. */
export function commitRows(records) {
  return records.map((record) => {
    const rules = [...new Set(refusals(record).map((finding) => finding.rule))].sort();
    return [record.repo, record.sha, record.exit, record.ms, record.files, record.schema ? 'schema' : '', record.migration ? 'migration' : '', rules.join(','), record.subject];
  });
}

export function toTsv(header, rows) {
  return [header, ...rows].map((row) => row.map(tsvCell).join('\t')).join('\n') + '\n';
}

/** judged.tsv: repo, sha, rule, kind, file:line, verdict, class, reason (header line first). */
export function readJudged(file) {
  if (!existsSync(file)) return [];
  const [, ...lines] = readFileSync(file, 'utf8').split('\n');
  return lines.filter(Boolean).map((line) => {
    const [repo, sha, rule, kind, where, verdict, klass, reason] = line.split('\t');
    return { repo, sha, rule, kind, where, verdict, klass, reason };
  });
}

const judgedKey = (repo, sha, rule, kind, where) => [repo, sha, rule, kind, where].join('|');

/** Per (commit, rule) refusal: the strongest verdict among its judged findings. */
function refusalVerdicts(records, judged) {
  const byKey = new Map(judged.map((row) => [judgedKey(row.repo, row.sha, row.rule, row.kind, row.where), row]));
  const verdicts = new Map();
  for (const record of records) {
    for (const finding of refusals(record)) {
      if (finding.rule === 'commit-size') continue;
      const row = byKey.get(judgedKey(record.repo, record.sha, finding.rule, finding.kind ?? '', location(finding)));
      const key = `${record.repo}|${record.sha}|${finding.rule}`;
      const previous = verdicts.get(key);
      const verdict = row?.verdict ?? 'unjudged';
      if (!previous || (VERDICT_RANK[verdict] ?? 0) > (VERDICT_RANK[previous.verdict] ?? 0)) verdicts.set(key, { verdict, klass: row?.klass, record, rule: finding.rule });
    }
  }
  return verdicts;
}

function percentile(sorted, p) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function timeLine(label, records, pick = (record) => record.ms) {
  const times = records.map(pick).filter((ms) => typeof ms === 'number').sort((a, b) => a - b);
  return `${label.padEnd(34)} ${String(times.length).padStart(5)} commits  median ${percentile(times, 50)} ms  p90 ${percentile(times, 90)} ms  max ${times.at(-1) ?? 0} ms`;
}

function breakdown(record) {
  const { debug } = record;
  const rules = Object.entries(debug.rules ?? {}).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([rule, ms]) => `${rule} ${ms}`);
  const loaded = Object.entries(debug.loaded ?? {}).map(([module, ms]) => `${module} ${ms}`);
  return `config+diff ${debug.config ?? '?'} ms; rules: ${rules.join(', ') || '-'}${loaded.length ? `; loaded: ${loaded.join(', ')}` : ''}; shipguard total ${debug.total ?? '?'} ms`;
}

/** The printed summary (also written next to the TSV). */
export function summarize(records, judged, { slowest }) {
  const out = [];
  const refused = records.filter((record) => record.exit === 1);
  const refusedBeyondSize = records.filter((record) => refusals(record).some((finding) => finding.rule !== 'commit-size'));
  const failed = records.filter((record) => record.exit !== 0 && record.exit !== 1);
  out.push(`commits replayed: ${records.length}; refused: ${refused.length}; refused by a rule other than commit-size: ${refusedBeyondSize.length}; exit 2 / timeout: ${failed.length}`);
  for (const record of failed) out.push(`  ${record.repo} ${record.sha.slice(0, 10)} exit ${record.exit}: ${record.stderr ?? JSON.stringify(record.failures)}`);

  out.push('', 'per rule (error findings / warnings / commits refused):');
  const rules = [...new Set(records.flatMap((record) => record.findings.map((finding) => finding.rule)))].sort();
  const verdicts = refusalVerdicts(records, judged);
  for (const rule of rules) {
    const findings = records.flatMap((record) => record.findings.filter((finding) => finding.rule === rule));
    const errors = findings.filter((finding) => finding.severity === 'error').length;
    const commits = records.filter((record) => refusals(record).some((finding) => finding.rule === rule)).length;
    const judgedHere = [...verdicts.values()].filter((entry) => entry.rule === rule);
    const tally = ['false-block', 'debatable', 'true-catch', 'unjudged'].map((v) => `${v} ${judgedHere.filter((e) => e.verdict === v).length}`).join(', ');
    out.push(`  ${rule.padEnd(22)} ${String(errors).padStart(5)} / ${String(findings.length - errors).padStart(4)} / ${String(commits).padStart(4)}${rule === 'commit-size' ? '' : `   (${tally})`}`);
  }
  const kinds = new Map();
  for (const record of records) for (const finding of refusals(record)) kinds.set(`${finding.rule}/${finding.kind}`, (kinds.get(`${finding.rule}/${finding.kind}`) ?? 0) + 1);
  out.push('', 'error findings per rule/kind:', ...[...kinds].sort().map(([kind, count]) => `  ${kind.padEnd(40)} ${count}`));

  out.push(...judgedComparison(records, judged, verdicts));
  out.push(...prismaTally(records, verdicts));
  out.push(...queryCallTally(records));

  out.push('', 'time per commit (wall, node start included):');
  for (const repo of [...new Set(records.map((record) => record.repo))]) out.push(`  ${timeLine(repo, records.filter((record) => record.repo === repo))}`);
  out.push(`  ${timeLine('all', records)}`);
  out.push(`  ${timeLine('Prisma schema-change commits', records.filter((record) => record.schema))}`);
  out.push('time inside shipguard (SHIPGUARD_DEBUG total: no node start or exit; less sensitive to machine load):');
  const inside = (record) => record.debug?.total;
  for (const repo of [...new Set(records.map((record) => record.repo))]) out.push(`  ${timeLine(repo, records.filter((record) => record.repo === repo), inside)}`);
  out.push(`  ${timeLine('all', records, inside)}`);
  out.push(`  ${timeLine('Prisma schema-change commits', records.filter((record) => record.schema), inside)}`);
  out.push('', `slowest ${slowest} commits (SHIPGUARD_DEBUG breakdown):`);
  for (const record of [...records].sort((a, b) => b.ms - a.ms).slice(0, slowest)) {
    out.push(`  ${record.ms} ms  ${record.repo} ${record.sha.slice(0, 10)} (${record.files} files${record.schema ? ', schema' : ''}) ${record.subject.slice(0, 60)}`);
    out.push(`      ${breakdown(record)}`);
  }
  return out.join('\n') + '\n';
}

/** Judged refusals against today's results: false blocks gone, true catches kept. */
function judgedComparison(records, judged, verdicts) {
  if (!judged.length) return ['', 'no judged.tsv yet: judge the list, then re-run with --report-only'];
  const out = ['', `judged (${judged.length} findings in judged.tsv), by refused (commit, rule):`];
  const replayed = new Set(records.map((record) => `${record.repo}|${record.sha}`));
  const stillRefused = new Set(verdicts.keys());
  const judgedRefusals = new Map();
  for (const row of judged) {
    if (!replayed.has(`${row.repo}|${row.sha}`)) continue;
    const key = `${row.repo}|${row.sha}|${row.rule}`;
    const previous = judgedRefusals.get(key);
    if (!previous || VERDICT_RANK[row.verdict] > VERDICT_RANK[previous.verdict]) judgedRefusals.set(key, row);
  }
  for (const verdict of ['false-block', 'debatable', 'true-catch']) {
    const rows = [...judgedRefusals.entries()].filter(([, row]) => row.verdict === verdict);
    const kept = rows.filter(([key]) => stillRefused.has(key));
    out.push(`  ${verdict.padEnd(12)} judged ${String(rows.length).padStart(4)}, still refused today ${String(kept.length).padStart(4)}`);
    if (verdict === 'true-catch') for (const [key] of rows.filter(([k]) => !stillRefused.has(k))) out.push(`    LOST true catch: ${key}`);
  }
  const classes = new Map();
  for (const [key, row] of judgedRefusals) {
    if (row.verdict !== 'false-block') continue;
    const entry = classes.get(row.klass) ?? { judged: 0, still: 0, examples: [] };
    entry.judged += 1;
    if (stillRefused.has(key)) entry.still += 1;
    if (entry.examples.length < 2) entry.examples.push(`${row.repo}@${row.sha.slice(0, 10)}`);
    classes.set(row.klass, entry);
  }
  out.push('  false blocks per class (judged -> still refused today; examples):');
  for (const [klass, entry] of [...classes].sort((a, b) => b[1].judged - a[1].judged)) {
    out.push(`    ${String(klass).padEnd(34)} ${String(entry.judged).padStart(4)} -> ${String(entry.still).padStart(4)}   ${entry.examples.join(', ')}`);
  }
  return out;
}

function prismaTally(records, verdicts) {
  const schema = records.filter((record) => record.schema);
  const byPrisma = schema.filter((record) => refusals(record).some((finding) => PRISMA_RULES.has(finding.rule)));
  const falseBlocks = byPrisma.filter((record) =>
    [...PRISMA_RULES].some((rule) => verdicts.get(`${record.repo}|${record.sha}|${rule}`)?.verdict === 'false-block'),
  );
  const withMigration = schema.filter((record) => record.migration);
  return [
    '',
    `Prisma schema-change commits: replayed ${schema.length} (${withMigration.length} with a migration file), refused by a Prisma rule ${byPrisma.length}, judged false blocks ${falseBlocks.length}`,
    ...byPrisma.map((record) => {
      const found = refusals(record).filter((finding) => PRISMA_RULES.has(finding.rule));
      const verdict = [...PRISMA_RULES].map((rule) => verdicts.get(`${record.repo}|${record.sha}|${rule}`)?.verdict).filter(Boolean).join('/');
      return `  ${record.repo} ${record.sha.slice(0, 10)} ${record.migration ? 'with migration   ' : 'without migration'} ${[...new Set(found.map((f) => `${f.rule}/${f.kind}`))].join(', ')} [${verdict}]`;
    }),
  ];
}

/** prisma-query-fields' verbose note "N client call(s) checked": summed per repository. */
function queryCallTally(records) {
  const out = ['', 'prisma-query-fields: client calls checked / commits with a check / error findings, per repository:'];
  for (const repo of [...new Set(records.map((record) => record.repo))]) {
    const mine = records.filter((record) => record.repo === repo);
    const counts = mine.flatMap((record) => (record.notes ?? []).map((note) => /^prisma-query-fields: (\d+) client call/.exec(note)?.[1]).filter(Boolean).map(Number));
    const errors = mine.flatMap((record) => record.findings.filter((f) => f.rule === 'prisma-query-fields' && f.severity === 'error')).length;
    out.push(`  ${repo.padEnd(36)} ${String(counts.reduce((a, b) => a + b, 0)).padStart(6)} / ${String(counts.length).padStart(4)} / ${String(errors).padStart(4)}`);
  }
  return out;
}
