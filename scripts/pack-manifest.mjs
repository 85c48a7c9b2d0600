// prepack/postpack: the published package.json must not carry `prepare: husky` (npm warns about
// install scripts on every install), while this repository keeps it for its own hooks.
// `strip` moves it aside into a file next to package.json; `restore` puts it back.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const MANIFEST = 'package.json';
const SAVED = '.prepare-script.json';
const mode = process.argv[2];
const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
const indent = /^(\s+)"/m.exec(readFileSync(MANIFEST, 'utf8'))?.[1] ?? '  ';
const write = () => writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, indent)}\n`);

if (mode === 'strip') {
  if (manifest.scripts?.prepare === undefined) process.exit(0);
  writeFileSync(SAVED, JSON.stringify({ prepare: manifest.scripts.prepare }));
  delete manifest.scripts.prepare;
  write();
} else if (mode === 'restore') {
  if (!existsSync(SAVED)) process.exit(0);
  manifest.scripts = { ...manifest.scripts, ...JSON.parse(readFileSync(SAVED, 'utf8')) };
  write();
  rmSync(SAVED);
} else {
  console.error('usage: node scripts/pack-manifest.mjs strip|restore');
  process.exit(2);
}
