// @prisma/internals is an optional peer dependency: without it the Prisma rules say how to install it
// (exit 2, one line) instead of crashing or passing silently. Bad rule options are config errors.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, tempDir, testEnv } from '../../helpers/repo.js';
import { fixture, statusToEnum, tenantRepo } from '../../helpers/prisma.js';

/** A copy of the built package whose node_modules has everything but @prisma/*. */
function packageWithoutPrisma(): string {
  const dir = tempDir('shipguard-noprisma-');
  for (const entry of ['dist', 'presets', 'docs', 'package.json']) {
    try {
      cpSync(path.join(PACKAGE_ROOT, entry), path.join(dir, entry), { recursive: true });
    } catch {
      // docs may not exist in a bare checkout
    }
  }
  const modules = path.join(dir, 'node_modules');
  mkdirSync(modules);
  for (const entry of readdirSync(path.join(PACKAGE_ROOT, 'node_modules'))) {
    if (entry === '@prisma' || entry.startsWith('.')) continue;
    symlinkSync(path.join(PACKAGE_ROOT, 'node_modules', entry), path.join(modules, entry));
  }
  return dir;
}

describe('installation and configuration', () => {
  it('fails with exit 2 and the install command when @prisma/internals is missing', () => {
    const repo = tenantRepo();
    repo.write('prisma/schema.prisma', statusToEnum(fixture('tenant', 'schema.prisma')));
    repo.gitOk(['add', '-A']);
    const cli = path.join(packageWithoutPrisma(), 'dist', 'cli.js');
    const run = repo.shipguard(['pre-commit']);
    expect(run.code).toBe(1); // with @prisma/internals installed: refused as usual

    const missing = spawnCli(repo.dir, cli);
    expect(missing.code).toBe(2);
    expect(missing.output).toContain(
      'rule prisma-migration failed to run: the Prisma rules need @prisma/internals: npm install --save-dev @prisma/internals@7',
    );
    expect(missing.output).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('rejects a bad option value with the file and key, exit 2', () => {
    const repo = tenantRepo({ 'prisma-migration': ['error', { migrationWithoutSchemaChange: 'sometimes' }] });
    const run = repo.shipguard(['pre-commit']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'shipguard: config error in .shipguardrc.json: rules.prisma-migration.migrationWithoutSchemaChange must be one of "error", "warn", "off" (got "sometimes")',
    );
  });
});

function spawnCli(cwd: string, cli: string): { code: number; output: string } {
  const result = spawnSync(process.execPath, [cli, 'pre-commit'], { cwd, encoding: 'utf8', env: testEnv(), input: '' });
  return { code: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
}

describe('shipguard/presets/prisma', () => {
  it('is recommended plus both Prisma rules', () => {
    const repo = tenantRepo();
    repo.write('.shipguardrc.json', JSON.stringify({ extends: ['shipguard/presets/prisma'] }));
    const run = spawnSync(process.execPath, [path.join(PACKAGE_ROOT, 'dist', 'cli.js'), 'print-config'], { cwd: repo.dir, encoding: 'utf8', env: testEnv() });
    const config = JSON.parse(run.stdout);
    expect(config.sources).toEqual(['shipguard/presets/recommended', 'shipguard/presets/prisma', '.shipguardrc.json']);
    expect(config.rules['prisma-migration'][0]).toBe('error');
    expect(config.rules['prisma-query-fields'][0]).toBe('error');
    expect(config.rules['commit-size'][0]).toBe('error');
  });
});
