// The Windows branches of links and process starts, run on any platform (the plans are pure), plus
// a check that nothing in src/ bypasses them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkPlan, spawnPlan, windowsQuote } from '../src/windows.js';
import { PACKAGE_ROOT } from './helpers/repo.js';

describe('Windows: links and process starts', () => {
  it('links directories as junctions to an absolute path on Windows (no admin rights needed), as dir symlinks elsewhere', () => {
    expect(linkPlan('..\\..\\pkg', 'C:\\tmp\\wt\\node_modules\\pkg', true, 'win32')).toEqual({ target: 'C:\\tmp\\pkg', type: 'junction' });
    expect(linkPlan('C:\\repo\\node_modules', 'C:\\tmp\\wt\\node_modules', true, 'win32')).toEqual({ target: 'C:\\repo\\node_modules', type: 'junction' });
    expect(linkPlan('../pkg', '/tmp/wt/node_modules/pkg', true, 'linux')).toEqual({ target: '../pkg', type: 'dir' });
    expect(linkPlan('../cli.js', 'C:\\tmp\\wt\\node_modules\\.bin\\x', false, 'win32')).toEqual({ target: '../cli.js', type: 'file' });
  });

  it('starts an argv build command through the shell on Windows, so `npm` (npm.cmd) can start', () => {
    expect(spawnPlan(['npm', 'run', 'build'], 'win32')).toEqual({ file: 'npm run build', args: [], shell: true });
    expect(spawnPlan(['npm', 'run', 'build'], 'linux')).toEqual({ file: 'npm', args: ['run', 'build'], shell: false });
    expect(spawnPlan('npm run build && npm test', 'win32')).toEqual({ file: 'npm run build && npm test', args: [], shell: true });
    expect(spawnPlan(['node', 'C:\\my scripts\\build.js', 'a"b', ''], 'win32').file).toBe('node "C:\\my scripts\\build.js" "a\\"b" ""');
    expect(windowsQuote('dir with\\')).toBe('"dir with\\\\"');
  });

  it('src/ makes no directory symlink and no detached process without the Windows-safe helpers', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith('.ts')) {
          const text = readFileSync(file, 'utf8');
          const where = path.relative(PACKAGE_ROOT, file);
          if (/symlinkSync\([^)]*'dir'\)/.test(text)) offenders.push(`${where}: symlinkSync(..., 'dir')`);
          if (/detached: true/.test(text) && !/windowsHide: true/.test(text)) offenders.push(`${where}: detached without windowsHide`);
        }
      }
    };
    walk(path.join(PACKAGE_ROOT, 'src'));
    expect(offenders).toEqual([]);
  });
});
