// The published package: what `npm pack` puts in the tarball, read back from the tarball itself.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, tempDir } from './helpers/repo.js';

let unpacked = '';
let manifestBefore = '';

beforeAll(() => {
  manifestBefore = readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8');
  const dir = tempDir('shipguard-pack-');
  const pack = spawnSync('npm', ['pack', '--pack-destination', dir, '--json'], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
  expect(pack.status, pack.stderr).toBe(0);
  const filename = (JSON.parse(pack.stdout) as { filename: string }[])[0]!.filename;
  const untar = spawnSync('tar', ['-xzf', path.join(dir, filename), '-C', dir], { encoding: 'utf8' });
  expect(untar.status, untar.stderr).toBe(0);
  unpacked = path.join(dir, 'package');
}, 60_000);

describe('npm pack', () => {
  it('publishes package.json without the husky prepare script (npm warns about install scripts)', () => {
    const packed = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8'));
    expect(packed.scripts.prepare).toBeUndefined();
    expect(packed.scripts.build).toBeDefined();
  });

  it('leaves the repository its own prepare script after packing', () => {
    expect(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')).toBe(manifestBefore);
    expect(JSON.parse(manifestBefore).scripts.prepare).toBe('husky');
  });

  it("ships the CLI bundle and the library API with its types, not tsc's per-module JavaScript (unused at runtime)", () => {
    const files = readdirSync(path.join(unpacked, 'dist'), { recursive: true, encoding: 'utf8' }).map((file) => file.split(path.sep).join('/'));
    expect(files).toEqual(expect.arrayContaining(['cli.cjs', 'cli.js', 'chunks/cli.cjs', 'chunks/core.cjs', 'index.js', 'index.d.ts', 'types.d.ts', 'git/reader.d.ts']));
    expect(files.filter((file) => file.endsWith('.js') && !file.startsWith('chunks/')).sort()).toEqual(['cli.js', 'index.js']);
  });

  it('ships every declaration file its types import (the files list names them one by one)', () => {
    const dist = path.join(unpacked, 'dist');
    const declarations = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.d.ts'));
    const missing = declarations.flatMap((file) => {
      const text = readFileSync(path.join(dist, file), 'utf8');
      const specifiers = [...text.matchAll(/(?:from |import\()['"](\.[^'"]+)['"]/g)].map((match) => match[1]!);
      return specifiers
        .map((specifier) => path.join(path.dirname(file), specifier.replace(/\.js$/, '.d.ts')))
        .filter((target) => !declarations.includes(target))
        .map((target) => `${file} -> ${target}`);
    });
    expect(declarations).toContain('index.d.ts');
    expect(missing).toEqual([]);
  });

  it('ships docs that never point at a file outside the package (INCIDENTS.md)', () => {
    const pages = readdirSync(unpacked, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.md'));
    expect(pages.length).toBeGreaterThan(5);
    const dangling = pages.filter((page) => readFileSync(path.join(unpacked, page), 'utf8').includes('INCIDENTS.md'));
    expect(dangling).toEqual([]);
  });
});
