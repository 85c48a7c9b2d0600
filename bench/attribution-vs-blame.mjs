// Range attribution (src/attribution.ts) against git blame: random added lines of the net change of
// the last N commits of a real repository, each attributed by shipguard and by `git blame base..head`.
//   node bench/attribution-vs-blame.mjs <repository> [N=30] [samples=150] [shipguard dir=.]
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [cwd, n = '30', samples = '150', shipguard = '.'] = process.argv.slice(2);
const dist = pathToFileURL(`${resolve(shipguard, 'dist')}/`).href;
const { repoInfo, GitReader } = await import(`${dist}git/reader.js`);
const { attributeFindings } = await import(`${dist}attribution.js`);
const git = new GitReader(await repoInfo(cwd));
const tip = execFileSync('git', ['-C', cwd, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
const base = execFileSync('git', ['-C', cwd, 'rev-parse', `${tip}~${n}`], { encoding: 'utf8' }).trim();
const mergeBase = await git.mergeBase(base, tip);
const [files, commits] = await Promise.all([git.diff(mergeBase, tip), git.commits([tip, `^${base}`])]);
const candidates = files.filter((f) => !f.binary && f.addedLines.length).flatMap((f) => f.addedLines.map((l) => [f.path, l.line]));
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const picked = Array.from({ length: Math.min(Number(samples), candidates.length) }, () => candidates[Math.floor(rand() * candidates.length)]);
const findings = picked.map(([file, line]) => ({ ruleId: 'x', severity: 'error', message: 'm', file, line, docs: '' }));
const t0 = performance.now();
const out = attributeFindings(findings, commits);
const ms = performance.now() - t0;
let same = 0, diff = 0, boundary = 0;
for (const f of out) {
  const blame = execFileSync('git', ['-C', cwd, 'blame', '--porcelain', '-L', `${f.line},${f.line}`, `${base}..${tip}`, '--', f.file], { encoding: 'utf8' });
  if (/\nboundary\n/.test(blame)) { boundary++; continue; }
  const sha = blame.split(' ')[0];
  if (sha === f.commit) same++;
  else { diff++; if (diff <= 5) console.log('DIFF', f.file, f.line, f.commit?.slice(0, 8), sha.slice(0, 8)); }
}
console.log(cwd.split('/').pop(), { commits: commits.length, samples: out.length, same, diff, boundary, ms: Math.round(ms) });
git.close();
