// Precision and recall on the labelled corpus, through the real CLI (`shipguard scan` of a git repo).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRepo } from '../../helpers/repo.js';
// @ts-expect-error plain ES modules shared with bench/secrets-quality.mjs
import { buildCorpus } from '../../fixtures/secrets/corpus.mjs';
// @ts-expect-error plain ES module
import { WHOLE_FILE_KINDS, counts, score } from '../../fixtures/secrets/score.mjs';

interface Label {
  file: string;
  line: number;
  positive: boolean;
  format: string;
}

describe('secrets corpus', () => {
  const seed = Number(process.env.SECRETS_CORPUS_SEED ?? 20240611);
  const { files, labels } = buildCorpus(seed) as { files: { path: string; content: string }[]; labels: Label[] };
  const repo = createRepo({ init: false });
  for (const file of files) {
    mkdirSync(path.dirname(repo.path(file.path)), { recursive: true });
    writeFileSync(repo.path(file.path), file.content);
  }
  repo.commitAll('corpus');
  const run = repo.shipguard(['scan', '--format', 'json']);
  const reported = (JSON.parse(run.stdout).findings as { kind: string; file: string; line: number }[]).filter((f) => !WHOLE_FILE_KINDS.has(f.kind));
  const result = score(labels, reported);

  it('is large enough: 300+ positives over 60+ formats, 300+ negatives of bait', () => {
    const size = counts(labels);
    expect(size.positives).toBeGreaterThanOrEqual(300);
    expect(size.formats).toBeGreaterThanOrEqual(60);
    expect(size.negatives).toBeGreaterThanOrEqual(300);
  });

  it(`reaches 95 % recall and 95 % precision (seed ${seed})`, () => {
    const detail = { falsePositives: result.falsePositives.slice(0, 10), misses: result.misses.slice(0, 10) };
    expect(result.recall, JSON.stringify(detail)).toBeGreaterThanOrEqual(0.95);
    expect(result.precision, JSON.stringify(detail)).toBeGreaterThanOrEqual(0.95);
  });

  it('finds at least one positive and ignores at least one near miss of every format', () => {
    const hits = new Set(reported.map((f) => `${f.file}:${f.line}`));
    const formats = new Set(labels.filter((l) => l.positive).map((l) => l.format));
    const lacking: string[] = [];
    for (const format of formats) {
      const mine = labels.filter((l) => l.format === format);
      const found = mine.some((l) => l.positive && hits.has(`${l.file}:${l.line}`));
      const nearMissIgnored = mine.some((l) => !l.positive && !hits.has(`${l.file}:${l.line}`));
      if (!found || !nearMissIgnored) lacking.push(`${format}${found ? '' : ' (no positive found)'}${nearMissIgnored ? '' : ' (no near miss)'}`);
    }
    expect(lacking).toEqual([]);
  });
});
