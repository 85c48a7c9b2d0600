// runtime-imports and what the framework or the bundler provides: Next.js marker modules, SvelteKit
// / Nuxt / unplugin aliases and virtual modules, and packages a bundler builds (found through the
// build script file or a config file), where extensionless ESM imports and undeclared modules that
// the workspace installs are the bundler's to resolve. Controls: the same imports in packages Node
// runs as written are still refused.
import { describe, expect, it } from 'vitest';
import { located, repoWithRules, runJson } from '../../helpers/fixture-project.js';

const RULES = { 'runtime-imports': 'error' };

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

describe('runtime-imports: modules the framework provides', () => {
  it('passes server-only, SvelteKit $app/$env, Nuxt #imports and ~/, unplugin ~icons, astro: and virtual: modules; refuses an unlisted package and a # import Node cannot resolve', () => {
    const repo = repoWithRules(RULES);
    repo.write('package.json', json({ name: 'web', type: 'module', dependencies: { next: '^15', nuxt: '^3' }, scripts: { build: 'next build' } }));
    repo.write(
      'src/page.ts',
      [
        "import 'server-only';",
        "import 'client-only';",
        "import { goto } from '$app/navigation';",
        "import { env } from '$env/static/private';",
        "import { useState } from '#imports';",
        "import { format } from '~/utils/format';",
        "import IconHome from '~icons/mdi/home';",
        "import { getCollection } from 'astro:content';",
        "import { registerSW } from 'virtual:pwa-register';",
        "import leftPad from 'left-pad';",
        'export const all = [goto, env, useState, format, IconHome, getCollection, registerSW, leftPad];',
        '',
      ].join('\n'),
    );
    repo.gitOk(['add', '-A']);
    expect(located(runJson(repo, ['pre-commit']).findings)).toEqual(['src/page.ts:10 missing-dependency']);

    // Without Nuxt and without a bundler, `#imports` is a package.json subpath import Node must find.
    repo.write('package.json', json({ name: 'api', type: 'module', scripts: { build: 'tsc', start: 'node dist/page.js' } }));
    repo.gitOk(['add', '-A']);
    const plain = runJson(repo, ['pre-commit']);
    expect(plain.findings.filter((finding) => finding.line === 5).map((finding) => `${finding.kind} ${finding.severity}`)).toEqual(['unresolved error']);
  });
});

describe('runtime-imports: packages a bundler builds', () => {
  /** excalidraw's shape: an ESM workspace package built by `node ../../scripts/buildBase.js` (esbuild, bundle: true), tsc for types only. */
  function bundledPackage(build: string) {
    const repo = repoWithRules(RULES);
    repo.write('package.json', json({ name: 'monorepo', private: true, packageManager: 'yarn@1.22.22', workspaces: ['packages/*'] }));
    repo.write('scripts/buildBase.js', build);
    repo.write('packages/app/package.json', json({ name: '@acme/app', dependencies: { '@acme/element': '*', 'points-on-curve': '1.0.1' } }));
    repo.write(
      'packages/element/package.json',
      json({ name: '@acme/element', type: 'module', scripts: { 'gen:types': 'rimraf types && tsc', 'build:esm': 'node ../../scripts/buildBase.js && yarn gen:types' } }),
    );
    // tsc only writes declarations (emitDeclarationOnly in the shared base config).
    repo.write('packages/tsconfig.base.json', json({ compilerOptions: { module: 'ESNext', moduleResolution: 'bundler', declaration: true, emitDeclarationOnly: true } }));
    repo.write('packages/element/tsconfig.json', json({ extends: '../tsconfig.base.json', compilerOptions: { outDir: './dist/types' } }));
    repo.write('packages/element/src/shape.ts', 'export const shape = 1;\n');
    repo.write('packages/element/src/index.ts', "import { shape } from './shape';\nimport { pointsOnBezierCurves } from 'points-on-curve';\nexport const all = [shape, pointsOnBezierCurves];\n");
    repo.gitOk(['add', '-A']);
    return repo;
  }

  it('passes extensionless imports and modules the workspace installs when the build script bundles with esbuild', () => {
    const repo = bundledPackage("const { build } = require('esbuild');\nbuild({ bundle: true, format: 'esm', entryPoints: ['src/index.ts'] });\n");
    const run = runJson(repo, ['pre-commit']);
    expect(run.findings).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('still refuses both when the same script runs esbuild without bundling (Node loads the files as written)', () => {
    const repo = bundledPackage("const { build } = require('esbuild');\nbuild({ format: 'esm', entryPoints: ['src/index.ts'] });\n");
    expect(located(runJson(repo, ['pre-commit']).findings)).toEqual(['packages/element/src/index.ts:1 missing-extension', 'packages/element/src/index.ts:2 missing-dependency']);
  });

  it('still refuses an extensionless import when plain tsc emits the JavaScript and a side script bundles something else', () => {
    const repo = bundledPackage("const { build } = require('esbuild');\nbuild({ bundle: true, entryPoints: ['src/worker.ts'] });\n");
    repo.write('packages/tsconfig.base.json', json({ compilerOptions: { module: 'NodeNext', declaration: true, outDir: 'dist' } }));
    repo.gitOk(['add', '-A']);
    expect(located(runJson(repo, ['pre-commit']).findings)).toEqual(['packages/element/src/index.ts:1 missing-extension', 'packages/element/src/index.ts:2 missing-dependency']);
  });

  it('passes an extensionless import in a package with a tsup config file (built through a shell script); refuses it in a package run by plain tsc and node', () => {
    const repo = repoWithRules(RULES);
    repo.write('package.json', json({ name: 'sdk', type: 'module', scripts: { build: './scripts/build.sh', start: 'node dist/index.js' } }));
    repo.write('tsup.config.ts', "export default { entry: ['src/index.ts'] };\n");
    repo.write('src/util.ts', 'export const util = 1;\n');
    repo.write('src/index.ts', "import { util } from './util';\nexport const all = [util];\n");
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toEqual([]);

    repo.write('package.json', json({ name: 'sdk', type: 'module', scripts: { build: 'tsc', start: 'node dist/index.js' } }));
    repo.gitOk(['rm', '-q', '--cached', 'tsup.config.ts']);
    repo.gitOk(['add', 'package.json']);
    expect(located(runJson(repo, ['pre-commit']).findings)).toEqual(['src/index.ts:1 missing-extension']);
  });
});

describe('runtime-imports: a package bundled by rolldown (shipguard itself)', () => {
  it('passes a devDependency imported by code that `rolldown -c` bundles; refuses it when the build is plain tsc', () => {
    const repo = repoWithRules(RULES);
    const manifest = (build: string) => json({ name: 'cli', type: 'module', scripts: { build }, devDependencies: { minimatch: '^10.0.0', rolldown: '^1.0.0' } });
    repo.write('package.json', manifest('tsc -p tsconfig.build.json && rolldown -c rolldown.config.mjs'));
    repo.write('src/glob.ts', "import { minimatch } from 'minimatch';\nexport const match = (path: string) => minimatch(path, '*.ts');\n");
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toEqual([]);

    repo.write('package.json', manifest('tsc -p tsconfig.build.json'));
    repo.gitOk(['add', 'package.json']);
    expect(located(runJson(repo, ['pre-commit']).findings)).toEqual(['src/glob.ts:1 dev-dependency']);
  });
});

describe('runtime-imports: baseUrl "." (Next.js absolute imports)', () => {
  it('passes bare imports that resolve from a root jsconfig baseUrl in a Next.js app; refuses them under plain tsc', () => {
    const repo = repoWithRules(RULES);
    repo.write('package.json', json({ name: 'umami', dependencies: { next: '^12' }, scripts: { dev: 'next dev', start: 'next start' } }));
    repo.write('jsconfig.json', json({ compilerOptions: { baseUrl: '.' } }));
    repo.write('lib/constants.js', 'export const TYPE = 1;\n');
    repo.write('queries/index.js', 'export const getAccount = () => 1;\n');
    repo.write('pages/api/auth.js', "import { TYPE } from 'lib/constants';\nimport { getAccount } from 'queries';\nexport default [TYPE, getAccount];\n");
    repo.gitOk(['add', '-A']);
    expect(runJson(repo, ['pre-commit']).findings).toEqual([]);

    repo.write('package.json', json({ name: 'api', scripts: { build: 'tsc', start: 'node dist/server.js' } }));
    repo.gitOk(['add', 'package.json']);
    expect(located(runJson(repo, ['pre-commit']).findings)).toEqual(['pages/api/auth.js:1 path-alias', 'pages/api/auth.js:2 path-alias']);
  });
});
