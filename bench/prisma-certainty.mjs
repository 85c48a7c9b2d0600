#!/usr/bin/env node
// Does "certain" hold? prisma-migration decides a hook's missing migration from two datamodels,
// without the schema engine, when the change is one the engine always turns into SQL
// (src/rules/prisma-migration/datamodel-diff.ts, `certain`). This replays every commit that changed a
// single-file Prisma schema in fetched repositories and asks both: a change judged certain that the
// engine turns into no SQL would be a false block. Prints counts and every disagreement. Run by hand:
//   npm run build && node bench/prisma-certainty.mjs [--mirror /work/.mirror] [--max 400] owner+name ...
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { datamodelBlindSpot, datamodelChanges } = await import(path.join(root, 'dist/rules/prisma-migration/datamodel-diff.js'));
const { engineDiff, getDatamodel, ENGINE_PROVIDERS } = await import(path.join(root, 'dist/prisma/wasm.js'));
const { datasourceProvider } = await import(path.join(root, 'dist/prisma/schema-text.js'));

const { values, positionals } = parseArgs({ allowPositionals: true, options: { mirror: { type: 'string', default: '/work/.mirror' }, max: { type: 'string', default: '400' } } });
const git = (dir, ...args) => execFileSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

const totals = { pairs: 0, invalid: 0, blind: 0, certain: 0, engineNeeded: 0, disagree: 0, uncertainNeeded: 0, unchanged: 0 };
for (const name of positionals) {
  const dir = path.join(values.mirror, name, 'repo');
  const log = git(dir, 'log', '--format=%H %P', '--no-merges', '-n', values.max, 'HEAD', '--', '*.prisma').trim().split('\n').filter(Boolean);
  const counts = { pairs: 0, certain: 0, engineNeeded: 0, disagree: 0 };
  for (const line of log) {
    const [sha, parent] = line.split(' ');
    if (!parent) continue;
    const files = git(dir, 'diff', '--name-only', '--diff-filter=M', parent, sha, '--', '*.prisma').trim().split('\n').filter(Boolean);
    for (const file of files) {
      let before, after;
      try {
        before = [{ path: file, content: git(dir, 'show', `${parent}:${file}`) }];
        after = [{ path: file, content: git(dir, 'show', `${sha}:${file}`) }];
      } catch {
        continue;
      }
      const provider = datasourceProvider(after);
      if (!provider || !ENGINE_PROVIDERS[provider]) continue; // part of a multi-file schema, or no offline engine
      totals.pairs++, counts.pairs++;
      if ([...before, ...after].some((f) => datamodelBlindSpot(f.content))) {
        totals.blind++;
        continue;
      }
      let certain, engine;
      try {
        certain = datamodelChanges(await getDatamodel(before), await getDatamodel(after), provider).filter((change) => change.certain);
        engine = await engineDiff(provider, before, after);
      } catch {
        totals.invalid++; // a schema the bundled Prisma rejects: the hook takes the usual path
        continue;
      }
      if (engine.needed) totals.engineNeeded++, counts.engineNeeded++;
      if (!engine.needed && !certain.length) totals.unchanged++;
      if (certain.length) totals.certain++, counts.certain++;
      if (engine.needed && !certain.length) totals.uncertainNeeded++;
      if (certain.length && !engine.needed) {
        totals.disagree++, counts.disagree++;
        console.log(`DISAGREE ${name} ${sha.slice(0, 10)} ${file}: certain ${certain.map((change) => change.text).join('; ')} but the engine makes no SQL`);
      }
    }
  }
  console.log(`${name}: ${counts.pairs} schema changes, engine needs SQL for ${counts.engineNeeded}, certain ${counts.certain}, disagreements ${counts.disagree}`);
}
console.log(
  `\ntotal: ${totals.pairs} schema changes (single-file, PostgreSQL/CockroachDB/SQLite); with a view or @ignore (engine decides): ${totals.blind}; ` +
    `rejected by the bundled Prisma: ${totals.invalid}\n  engine needs SQL: ${totals.engineNeeded}, of them decided without the engine (certain): ${totals.certain - totals.disagree}, ` +
    `left to the engine: ${totals.uncertainNeeded}\n  engine needs no SQL: ${totals.unchanged + totals.disagree}\n  certain but the engine makes no SQL (would be false blocks): ${totals.disagree}`,
);
