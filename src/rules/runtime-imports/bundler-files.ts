// A bundler that package.json alone does not name: a build script file (`node scripts/build.js`)
// that calls esbuild with `bundle: true`, rollup, webpack, tsup or Bun.build, or a bundler config
// file beside package.json. Bundled code never reaches Node as written, so extensionless ESM
// imports and devDependencies are the bundler's business. Read only when package.json shows none.
import { joinPath, type Tree } from '../shared/code.js';
import { normalizePath, type BuildSetup, type PackageInfo } from '../shared/project.js';

/** `node scripts/build.mjs`, `tsx ../../scripts/build.ts`, `bun build.ts`: the word after the runner. */
const SCRIPT_RUN = /(?:^|[\s;&|(])(?:node|tsx|bun|ts-node)\s+(\S+)/g;
const SCRIPT_FILE = /^[\w@./-]+\.[cm]?[jt]s$/;

/** What a build file's text shows, in order: the first pattern set that all match names the bundler. */
const BUILD_API: [RegExp[], string][] = [
  [[/["']esbuild["']/, /\bbundle\s*:\s*true\b/], 'esbuild (bundle: true)'],
  [[/["'](?:rollup|@rollup\/[\w-]+)["']/, /\brollup\s*\(/], 'rollup'],
  [[/["']webpack["']/, /\bwebpack\s*\(/], 'webpack'],
  [[/["']vite["']/, /\bbuild\s*\(/], 'vite'],
  [[/["']tsup["']/, /\bbuild\s*\(/], 'tsup'],
  [[/\bBun\.build\s*\(/], 'Bun.build'],
];

/** Config files that mean the package is built by a bundler (vite.config only without a plain tsc build: vitest reads it too). */
const CONFIG_FILES: [string, string][] = [
  ...['ts', 'js', 'mjs', 'cjs', 'mts', 'json'].map((ext): [string, string] => [`tsup.config.${ext}`, 'tsup']),
  ...['ts', 'js', 'mjs', 'cjs', 'mts'].map((ext): [string, string] => [`tsdown.config.${ext}`, 'tsdown']),
  ...['js', 'mjs', 'cjs', 'ts', 'mts'].map((ext): [string, string] => [`rollup.config.${ext}`, 'rollup']),
  ...['js', 'mjs', 'cjs', 'ts', 'mts'].map((ext): [string, string] => [`rolldown.config.${ext}`, 'rolldown']),
  ...['js', 'mjs', 'cjs', 'ts'].map((ext): [string, string] => [`webpack.config.${ext}`, 'webpack']),
  ...['js', 'mjs', 'cjs', 'ts'].map((ext): [string, string] => [`esbuild.config.${ext}`, 'esbuild']),
];
const VITE_CONFIGS = ['ts', 'js', 'mjs', 'mts', 'cjs'].map((ext) => `vite.config.${ext}`);

/** The bundler found in the package's build script files or config files, described for notes; undefined when none. */
export async function bundlerFromFiles(tree: Tree, pkg: PackageInfo, build: BuildSetup): Promise<string | undefined> {
  for (const [script, command] of Object.entries(pkg.json.scripts ?? {})) {
    if (typeof command !== 'string') continue;
    for (const match of command.matchAll(SCRIPT_RUN)) {
      if (!SCRIPT_FILE.test(match[1]!)) continue;
      const file = normalizePath(joinPath(pkg.dir, match[1]!));
      const text = file === undefined ? null : await tree.read(file);
      const found = text === null ? undefined : BUILD_API.find(([patterns]) => patterns.every((pattern) => pattern.test(text)));
      if (found) return `${found[1]} in ${file} (scripts.${script})`;
    }
  }
  const configs = build.plainTsc ? CONFIG_FILES : [...CONFIG_FILES, ...VITE_CONFIGS.map((name): [string, string] => [name, 'vite'])];
  const present = await Promise.all(configs.map(([name]) => tree.exists(joinPath(pkg.dir, name))));
  const index = present.indexOf(true);
  return index < 0 ? undefined : `${configs[index]![1]} (${joinPath(pkg.dir, configs[index]![0])})`;
}
