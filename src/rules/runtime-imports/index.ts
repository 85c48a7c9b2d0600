// runtime-imports: imports that compile but fail when Node loads them. Incident 1: `@/…` aliases
// compiled fine and crashed the server with MODULE_NOT_FOUND (502 on every product page);
// incident 4: a module missing from node_modules took a whole SaaS down.
import { builtinModules } from 'node:module';
import type { ChangedFile } from '../../changeset.js';
import type { Finding, Rule, RuleContext, Severity } from '../../types.js';
import {
  changedCodeFiles,
  collectImports,
  isCodeFile,
  isProductionFile,
  isRelative,
  joinPath,
  mapLimit,
  packageName,
  parentDir,
  parseCode,
  parseFile,
  PRODUCTION_GLOBS,
  Tree,
  unparsableFinding,
  type ImportForm,
  type ModuleImport,
  type ParsedFile,
  type ScopeOptions,
} from '../shared/code.js';
import { dependencySection, detectBuild, packageOf, type BuildSetup, type PackageInfo } from '../shared/project.js';
import { aliasConfigFor, matchAlias, type AliasConfig } from '../shared/tsconfig.js';
import { filesImporting, mayImport } from './importers.js';
import { bundlerFromFiles } from './bundler-files.js';
import { addToDependencies, packageManagerOf, productionInstall } from './package-manager.js';
import { providedByFramework, usesNuxt } from './provided.js';
import { candidates, Resolver } from './resolve.js';
import { Workspaces, type Workspace } from './workspace.js';
import { runtimeImportsMeta, type RuntimeImportsOptions } from './meta.js';

export type { RuntimeImportsOptions } from './meta.js';

const BUILTINS = new Set(builtinModules);
const FILES_IN_FLIGHT = 8;
const CODE_EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx)$/;

export const runtimeImports: Rule<RuntimeImportsOptions> = {
  meta: runtimeImportsMeta,

  async check(context) {
    const tree = new Tree(context.git, context.changes.head);
    const candidates = changedCodeFiles(context);
    const production = await Promise.all(candidates.map((file) => isProductionFile(context, tree, file.path)));
    const files = candidates.filter((_, index) => production[index]);
    const gone = goneModules(context.changes.files);
    if (!files.length && !gone.size) return [];
    const checker = new ImportChecker(context, tree);
    const findings = (await mapLimit(files, FILES_IN_FLIGHT, (file) => checker.checkFile(file))).flat();
    if (!gone.size) return findings;
    const reported = new Set(findings.map((finding) => `${finding.file}:${finding.line}`));
    const broken = await checker.checkImportersOf(gone);
    return [...findings, ...broken.filter((finding) => !reported.has(`${finding.file}:${finding.line}`))];
  },
};

/** Code paths this change deletes or renames away, with where they went (undefined: deleted). */
function goneModules(files: readonly ChangedFile[]): Map<string, string | undefined> {
  const gone = new Map<string, string | undefined>();
  for (const file of files) {
    if (file.status === 'deleted' && isCodeFile(file.path)) gone.set(file.path, undefined);
    if (file.status === 'renamed' && file.oldPath && isCodeFile(file.oldPath)) gone.set(file.oldPath, file.path);
  }
  return gone;
}

interface Located {
  file: string;
  line: number;
  column: number;
}

class ImportChecker {
  private readonly resolver: Resolver;
  private readonly workspaces: Workspaces;
  private readonly builds = new Map<string, Promise<BuildSetup>>();
  private readonly aliasConfigs = new Map<string, Promise<AliasConfig | undefined>>();

  constructor(
    private readonly context: RuleContext<RuntimeImportsOptions>,
    private readonly tree: Tree,
  ) {
    this.resolver = new Resolver(tree, context.git);
    this.workspaces = new Workspaces(tree, context.match);
  }

  /** Imports elsewhere in the tree that still point at a module this change deleted or renamed. */
  async checkImportersOf(gone: Map<string, string | undefined>): Promise<Finding[]> {
    const byLowerCase = new Map([...gone.keys()].map((path) => [path.toLowerCase(), path]));
    const importers = await filesImporting(this.context.git, this.tree.revision, [...gone.keys()]);
    const results = await mapLimit(importers, FILES_IN_FLIGHT, async (path) => {
      if (!(await isProductionFile(this.context, this.tree, path))) return [];
      const text = await this.tree.read(path);
      if (text === null || !mayImport(path, text, byLowerCase)) return [];
      const source = await parseCode(path, text);
      if (source.syntaxError) return [unparsableFinding(source, `its imports of modules this change deletes or renames were`)];
      const findings: Finding[] = [];
      for (const entry of collectImports(source)) {
        if (!isRelative(entry.specifier)) continue;
        const paths = candidates(path, entry.specifier);
        const old = paths && [...paths.exact, ...paths.probed].map((candidate) => byLowerCase.get(candidate.toLowerCase())).find(Boolean);
        if (!old || entry.typeOnly) continue;
        const finding = await this.checkRelative(entry.specifier, { file: path, ...locate(source, entry) }, undefined);
        if (!finding) continue;
        const moved = gone.get(old);
        findings.push({ ...finding, message: `${finding.message} (${old} is ${moved ? `renamed to ${moved}` : 'deleted'} in this change)` });
      }
      return findings;
    });
    return results.flat();
  }

  async checkFile(file: ChangedFile): Promise<Finding[]> {
    const source = await parseFile(file);
    if (!source) return [];
    if (source.syntaxError) return [unparsableFinding(source, 'its imports were')];
    const added = this.context.allLines ? undefined : file.addedLineNumbers();
    const imports = collectImports(source).filter((entry) => {
      if (entry.typeSyntax || this.context.match(entry.specifier, this.context.options.allowSpecifiers)) return false;
      if (!added) return true;
      const [first, last] = source.lineSpan(entry.statement);
      for (let line = first; line <= last; line++) if (added.has(line)) return true;
      return false;
    });
    if (!imports.length) return [];
    const pkg = await packageOf(this.tree, file.path);
    const build = pkg ? await this.buildOf(pkg) : undefined;
    // Whether an import is erased (typeOnly walks the whole file) is asked only of imports that would be reported.
    const findings: (Finding | undefined)[] = await Promise.all(
      imports.map(async (entry) => {
        const finding = await this.checkImport(entry, { file: file.path, ...locate(source, entry) }, pkg, build);
        return finding && !entry.typeOnly ? finding : undefined;
      }),
    );
    return findings.filter((finding): finding is Finding => finding !== undefined);
  }

  private async checkImport(entry: ModuleImport, at: Located, pkg: PackageInfo | undefined, build: BuildSetup | undefined): Promise<Finding | undefined> {
    const { specifier } = entry;
    if (isRelative(specifier)) return this.checkRelative(specifier, at, build);
    if (specifier.startsWith('#')) return this.checkSubpathImport(specifier, at, pkg, build);
    const name = packageName(specifier);
    if (!name || BUILTINS.has(specifier) || BUILTINS.has(name) || providedByFramework(specifier)) return undefined;
    const aliases = await this.aliasConfig(at.file);
    const alias = aliases && matchAlias(Object.keys(aliases.paths), specifier);
    if (aliases && alias && !(pkg && dependencySection(pkg.json, name))) {
      return this.checkAlias(specifier, alias, aliases, at, pkg, build);
    }
    return this.checkPackage(specifier, name, at, pkg, build, aliases, entry.form);
  }

  /** How the package's code reaches Node: package.json first, then its build script files and bundler configs. */
  private buildOf(pkg: PackageInfo): Promise<BuildSetup> {
    let build = this.builds.get(pkg.dir);
    if (!build) {
      build = (async () => {
        const fromJson = detectBuild(pkg.json);
        if (fromJson.bundler) return fromJson;
        // A script that runs plain tsc emitting JavaScript wins over a bundling side script (`tsc && node bundle-worker.js`).
        if (fromJson.plainTsc && !(await this.aliasConfig(joinPath(pkg.dir, 'package.json')))?.emitDeclarationOnly) return fromJson;
        const bundler = await bundlerFromFiles(this.tree, pkg, fromJson);
        if (!bundler) return fromJson;
        this.context.note(`${pkg.file}: built by ${bundler}; devDependencies and extensionless imports are the bundler's to resolve`);
        return { ...fromJson, bundler, aliasResolver: fromJson.aliasResolver ?? bundler };
      })();
      this.builds.set(pkg.dir, build);
    }
    return build;
  }

  /** The tsconfig settings for a file's directory, parsed once per directory. */
  private aliasConfig(file: string): Promise<AliasConfig | undefined> {
    const dir = parentDir(file);
    let config = this.aliasConfigs.get(dir);
    if (!config) {
      config = aliasConfigFor(this.tree, file);
      this.aliasConfigs.set(dir, config);
    }
    return config;
  }

  // --- packages ---------------------------------------------------------------------------------

  private async checkPackage(
    specifier: string,
    name: string,
    at: Located,
    pkg: PackageInfo | undefined,
    build: BuildSetup | undefined,
    aliases: AliasConfig | undefined,
    form: ImportForm,
  ): Promise<Finding | undefined> {
    if (!pkg || name === pkg.json.name || this.context.options.allowPackages.includes(name)) return undefined;
    const section = dependencySection(pkg.json, name);
    if (section && section !== 'devDependencies') return undefined;
    // A bundler copies what it imports into its output: a devDependency ships inside the bundle.
    if (section && build?.bundler) return undefined;
    const workspace = await this.workspaces.of(pkg);
    const rootSection = workspace && dependencySection(workspace.root.json, name);
    if (rootSection && (rootSection !== 'devDependencies' || build?.bundler)) return undefined;
    if (workspace) {
      const layout = await workspace.layout();
      // At build time every workspace's dependencies are installed; hoisted, the bundler finds them all.
      if (build?.bundler && layout.hoisted && (await workspace.declaredAnywhere(name))) return undefined;
      if (await workspace.providerInProduction(pkg, name)) return undefined;
      if (await workspace.developmentOnly(pkg)) return undefined;
      if (!section && (await workspace.members()).has(name)) {
        return layout.hoisted || build?.bundler || this.context.match(name, layout.publicHoist) ? undefined : this.undeclaredMember(name, at, pkg, workspace);
      }
    }
    if (section === 'devDependencies') return this.devDependency(name, at, pkg, pkg, form, workspace);
    if (rootSection === 'devDependencies') return this.devDependency(name, at, workspace!.root, pkg, form, workspace);
    if (aliases?.baseUrl !== undefined && (await this.resolvesFromBaseUrl(aliases.baseUrl, specifier))) {
      return this.checkAlias(specifier, `baseUrl "${aliases.baseUrl || '.'}"`, aliases, at, pkg, build);
    }
    return {
      kind: 'missing-dependency',
      ...at,
      message: `"${name}" is imported by production code but ${pkg.file} does not list it (dependencies, peerDependencies or optionalDependencies): it resolves today only because another package installs it, and the next clean install can drop it (MODULE_NOT_FOUND at runtime).`,
      hint: `Add it to dependencies: ${await this.addCommand(pkg, name, workspace)}.`,
    };
  }

  /** Strict layouts (pnpm, yarn PnP) link into a package only the workspace packages it declares. */
  private async undeclaredMember(name: string, at: Located, pkg: PackageInfo, workspace: Workspace): Promise<Finding> {
    const layout = await workspace.layout();
    return {
      kind: 'missing-dependency',
      ...at,
      message: `"${name}" is a workspace package, but ${pkg.file} does not list it: ${layout.described} gives a package only what it declares, so Node throws MODULE_NOT_FOUND at runtime.`,
      hint: `Add it to dependencies: ${await this.addCommand(pkg, `"${name}@workspace:*"`, workspace)}.`,
    };
  }

  /** `owner` lists `name` only as a devDependency; `pkg` is the package whose code imports it. */
  private async devDependency(name: string, at: Located, owner: PackageInfo, pkg: PackageInfo, form: ImportForm, workspace: Workspace | undefined): Promise<Finding> {
    // `if (dev) await import('vite')` is a common, legitimate pattern: a warning, not a refusal.
    const dynamic = form === 'dynamic';
    const install = await this.addCommand(pkg, name, workspace);
    const manager = workspace ? await workspace.manager() : await packageManagerOf(this.tree, pkg);
    const fix = owner === pkg ? `move it to dependencies (${install})` : `add it to the dependencies of ${pkg.file} (${install})`;
    return {
      kind: 'dev-dependency',
      severity: dynamic ? 'warn' : 'error',
      ...at,
      message: `"${name}" is imported by production code but is only a devDependency in ${owner.file}: production installs (\`${productionInstall(manager)}\`, NODE_ENV=production) leave it out and the server crashes with MODULE_NOT_FOUND.`,
      hint: dynamic
        ? `If this import only runs in development, suppress it with \`// shipguard-ignore runtime-imports -- dev only\`; otherwise ${fix}.`
        : `${capitalize(fix)}, or import it only from tests and tooling.`,
    };
  }

  private async resolvesFromBaseUrl(baseUrl: string, specifier: string): Promise<boolean> {
    const base = joinPath(baseUrl, specifier);
    const probes = [base, ...['.ts', '.tsx', '.js', '.jsx', '.json'].map((ext) => base + ext), `${base}/index.ts`, `${base}/index.js`];
    return (await Promise.all(probes.map((path) => this.tree.exists(path)))).some(Boolean);
  }

  /** The right command for this project's package manager to list `spec` in `pkg`'s dependencies. */
  private async addCommand(pkg: PackageInfo, spec: string, workspace: Workspace | undefined): Promise<string> {
    if (workspace) return workspace.addCommand(pkg, spec);
    return addToDependencies(await packageManagerOf(this.tree, pkg), spec, pkg, '');
  }

  // --- path aliases -----------------------------------------------------------------------------

  private async checkAlias(
    specifier: string,
    alias: string,
    aliases: AliasConfig,
    at: Located,
    pkg: PackageInfo | undefined,
    build: BuildSetup | undefined,
  ): Promise<Finding | undefined> {
    if (build?.aliasResolver || aliases.noEmit) return undefined;
    // A paths entry that names a workspace package resolves through node_modules at runtime too.
    const workspace = pkg && (await this.workspaces.of(pkg));
    const name = packageName(specifier);
    if (workspace && name && (await workspace.members()).has(name)) return undefined;
    const runs = build?.plainTsc ?? build?.plainNode;
    const severity: Severity = runs ? 'error' : 'warn';
    const how = runs
      ? `this package runs it through plain tsc/node (${runs}), which leaves "${specifier}" as written in the emitted JavaScript`
      : `shipguard found no build step in ${pkg?.file ?? 'package.json'} that rewrites aliases (no bundler, tsc-alias, tsconfig-paths or tsx)`;
    const described = alias.startsWith('baseUrl') ? `resolves through tsconfig ${alias}` : `is a tsconfig paths alias ("${alias}" in ${aliases.file})`;
    return {
      kind: 'path-alias',
      severity,
      ...at,
      message: `"${specifier}" ${described}, but ${how}: Node cannot resolve it at runtime (MODULE_NOT_FOUND, the 502s of incident 1).`,
      hint: this.aliasFixes(specifier, alias, aliases, at, build),
    };
  }

  private aliasFixes(specifier: string, alias: string, aliases: AliasConfig, at: Located, build: BuildSetup | undefined): string {
    const fixes: string[] = [];
    const relative = relativeFor(at.file, specifier, alias, aliases, build?.esm ?? false);
    fixes.push(relative ? `import "${relative}" instead` : 'use a relative import');
    fixes.push('add tsc-alias to the build (`"build": "tsc && tsc-alias"`)');
    if (build?.esm) fixes.push('or declare the alias in package.json "imports" (`"#lib/*": "./dist/lib/*"`) and import "#lib/…", which Node resolves itself');
    else fixes.push('or start with tsconfig-paths registered (`node -r tsconfig-paths/register dist/server.js`, tsconfig-paths in dependencies)');
    return `${capitalize(fixes[0]!)}, ${fixes.slice(1).join(', ')}.`;
  }

  // --- `#` subpath imports ----------------------------------------------------------------------

  private checkSubpathImport(specifier: string, at: Located, pkg: PackageInfo | undefined, build: BuildSetup | undefined): Finding | undefined {
    if (!pkg || usesNuxt(pkg.json)) return undefined; // Nuxt's own `#imports`, `#app`, `#components`, `#build/…`
    const keys = Object.keys(pkg.json.imports ?? {});
    if (matchAlias(keys, specifier)) return undefined;
    // A bundler may define the alias in its config, which shipguard does not evaluate: say so, never refuse.
    const bundled = build?.bundler;
    return {
      kind: 'unresolved',
      severity: bundled ? 'warn' : 'error',
      ...at,
      message: bundled
        ? `"${specifier}" is not a package.json subpath import of ${pkg.file}; unless ${bundled} defines it as an alias, the build fails to resolve it.`
        : `"${specifier}" is a package.json subpath import, but ${pkg.file} has no "imports" entry matching it: Node throws ERR_PACKAGE_IMPORT_NOT_DEFINED.`,
      hint: `Add it to "imports" in ${pkg.file} (for example "#lib/*": "./dist/lib/*"), or use a relative import.`,
    };
  }

  // --- relative imports -------------------------------------------------------------------------

  async checkRelative(specifier: string, at: Located, build: BuildSetup | undefined): Promise<Finding | undefined> {
    const resolution = await this.resolver.resolve(at.file, specifier);
    const where = this.context.changes.head.kind === 'index' ? 'the staged tree' : 'the commit';
    switch (resolution.kind) {
      case 'outside':
        return undefined;
      case 'case-mismatch': {
        const fixed = fixCase(specifier, resolution.target, resolution.path);
        return {
          kind: 'case-mismatch',
          ...at,
          message: `"${specifier}" matches ${resolution.path} only on a case-insensitive file system (macOS, Windows); Linux servers and CI are case-sensitive and throw MODULE_NOT_FOUND.`,
          hint: `Write "${fixed}" (the file's real case), or rename the file with \`git mv\` so both agree.`,
        };
      }
      case 'missing':
        return {
          kind: 'unresolved',
          ...at,
          message: `"${specifier}" does not resolve to any file in ${where} (looked for ${describeTried(resolution.target, resolution.tried)}): Node throws MODULE_NOT_FOUND when this module loads.`,
          hint: `Fix the path, or add the file it points to (\`git add ${resolution.target}…\` if it exists but is not staged).`,
        };
      case 'found':
        return resolution.how === 'probed' ? this.checkExtension(specifier, resolution.path, at, build) : undefined;
    }
  }

  /** ESM under plain tsc/node: `./x` must be written `./x.js`, Node's ESM loader adds nothing. */
  private checkExtension(specifier: string, resolved: string, at: Located, build: BuildSetup | undefined): Finding | undefined {
    const esmFile = /\.m[jt]s$/.test(at.file) || (build?.esm && !/\.c[jt]s$/.test(at.file));
    if (!esmFile || !build || build.bundler || build.aliasResolver || !(build.plainTsc ?? build.plainNode)) return undefined;
    if (!CODE_EXTENSION.test(resolved) && !resolved.endsWith('.json')) return undefined;
    const emitted = emittedSpecifier(specifier, resolved);
    return {
      kind: 'missing-extension',
      ...at,
      message: `"${specifier}" leaves out the file extension, but this is an ES module run by plain tsc/node (${build.plainTsc ?? build.plainNode}): Node's ESM loader does not add extensions or index files, so it throws ERR_MODULE_NOT_FOUND.`,
      hint: `Write "${emitted}" (TypeScript maps .js to the .ts source); "moduleResolution": "nodenext" makes tsc report these.`,
    };
  }
}

/** Where an import is reported: its specifier, or the statement's first line for a multi-line import (where a shipguard-ignore comment goes). */
function locate(source: ParsedFile, entry: ModuleImport): { line: number; column: number } {
  const statement = source.position(entry.statement.start);
  const specifier = source.position(entry.node.start);
  return specifier.line === statement.line ? specifier : statement;
}

/** The relative specifier an alias stands for, when its target is known: `@/lib/db` -> `../lib/db.js`. */
function relativeFor(fromFile: string, specifier: string, alias: string, aliases: AliasConfig, esm: boolean): string | undefined {
  const target = aliases.paths[alias]?.[0];
  let path: string | undefined;
  if (target !== undefined) {
    const star = alias.indexOf('*');
    const captured = star < 0 ? '' : specifier.slice(star, specifier.length - (alias.length - star - 1));
    path = target.replace('*', captured);
  } else if (aliases.baseUrl !== undefined) {
    path = joinPath(aliases.baseUrl, specifier);
  }
  if (path === undefined) return undefined;
  const from = parentDir(fromFile).split('/').filter(Boolean);
  const to = path.split('/').filter(Boolean);
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const ups = from.length - common;
  const rest = to.slice(common).join('/');
  const relative = `${ups ? '../'.repeat(ups) : './'}${rest}`;
  return esm && !/\.[cm]?js$/.test(relative) ? `${relative.replace(/\.[cm]?tsx?$/, '')}.js` : relative;
}

function emittedSpecifier(specifier: string, resolved: string): string {
  const extension = /\.[^./]+$/.exec(resolved)?.[0] ?? '';
  const js = extension.replace(/^\.ts$/, '.js').replace(/^\.tsx$/, '.js').replace(/^\.mts$/, '.mjs').replace(/^\.cts$/, '.cjs');
  return /\/index\.[^/]+$/.test(resolved) && !/\/index$/.test(specifier) ? `${specifier.replace(/\/$/, '')}/index${js}` : `${specifier}${js}`;
}

/** `./UserService` with real path `src/userService.ts` -> `./userService`: the specifier in the file's real case. */
function fixCase(specifier: string, target: string, actual: string): string {
  const targetParts = target.split('/');
  const actualParts = actual.split('/');
  const parts = specifier.replace(/[?#][^]*/, '').split('/');
  const named = parts.filter((part) => part && part !== '.' && part !== '..').length;
  let index = targetParts.length - named;
  return parts
    .map((part) => {
      if (!part || part === '.' || part === '..') return part;
      const real = actualParts[index++] ?? '';
      // Take the file's case letter by letter; the extension may differ (`.js` in source for `.ts`).
      return [...part].map((char, at) => (real[at]?.toLowerCase() === char.toLowerCase() ? real[at] : char)).join('');
    })
    .join('/');
}

function describeTried(target: string, tried: string[]): string {
  const suffixes = tried.filter((path) => path !== target && path.startsWith(target)).map((path) => path.slice(target.length));
  if (suffixes.length === tried.length - 1 && suffixes.length) {
    return `${target} (also with ${suffixes.slice(0, 4).join(', ')}${suffixes.length > 4 ? ', …' : ''})`;
  }
  return tried.join(', ');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
