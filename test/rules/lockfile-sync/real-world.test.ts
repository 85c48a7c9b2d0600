// lockfile-sync on the patterns real monorepos showed (bench/real-history: documenso, excalidraw,
// formbricks, hoppscotch, trigger.dev, epic-stack): each class of false block, next to a control
// that must still be refused. Lockfiles under test/fixtures/lockfile-sync/ were written by npm 11,
// pnpm 10 and yarn 1 (see its README); the `-after` folders are the same project after an install.
import { describe, expect, it } from 'vitest';
import type { TestRepo } from '../../helpers/repo.js';
import { edit } from '../../helpers/repo.js';
import { copyFixture, located, repoWithRules, runJson } from '../../helpers/fixture-project.js';

const RULES = { 'lockfile-sync': 'error' };

function fixtureRepo(name: string): TestRepo {
  const repo = repoWithRules(RULES);
  copyFixture(repo, 'lockfile-sync', name);
  repo.commitAll(`${name} as committed`);
  return repo;
}

function editJson(repo: TestRepo, file: string, change: (json: Record<string, any>) => void): void {
  const json = JSON.parse(repo.read(file));
  change(json);
  repo.write(file, `${JSON.stringify(json, null, 2)}\n`);
}

/** Stages everything and runs the pre-commit check the hook runs. */
function preCommit(repo: TestRepo) {
  repo.gitOk(['add', '-A']);
  return runJson(repo, ['pre-commit']);
}

/** Throws away the working tree and index changes: back to the committed fixture. */
function reset(repo: TestRepo): void {
  repo.gitOk(['reset', '-q', '--hard']);
}

describe('lockfile-sync on real-world monorepo patterns', () => {
  it('an "extraneous" entry of a deleted workspace folder is not a missing entry; a dependency the change drops still is', () => {
    const repo = fixtureRepo('npm-workspace-extraneous'); // apps/old-docs: extraneous, its dependencies never locked
    copyFixture(repo, 'lockfile-sync', 'npm-workspace-extraneous-after'); // `npm install kleur -w packages/api`
    const accepted = preCommit(repo);
    expect(accepted.findings).toEqual([]);
    expect(accepted.code).toBe(0);

    reset(repo);
    editJson(repo, 'package-lock.json', (lock) => delete lock.packages['node_modules/ms']);
    const refused = preCommit(repo);
    expect(refused.code).toBe(1);
    const missing = refused.findings.find((finding) => finding.kind === 'missing-entry');
    expect(missing?.message).toContain('package-lock.json locks debug (node_modules/debug) but has no entry for its dependency ms@^2.1.3');
  });

  it('a missing entry the base already had is not reported again on a later lockfile change; check --all still reports it', () => {
    const repo = fixtureRepo('prisma-missing-engines'); // committed as it was: prisma locked without @prisma/engines
    editJson(repo, 'package.json', (pkg) => (pkg.version = '1.0.1')); // what `npm version patch` changes
    editJson(repo, 'package-lock.json', (lock) => (lock.version = lock.packages[''].version = '1.0.1'));
    const accepted = preCommit(repo);
    expect(accepted.findings).toEqual([]);
    expect(accepted.code).toBe(0);
    const whole = runJson(repo, ['check', '--staged', '--all']);
    expect(located(whole.findings)).toEqual(['package-lock.json:325 missing-entry']);

    editJson(repo, 'package-lock.json', (lock) => delete lock.packages['node_modules/destr']);
    const refused = preCommit(repo);
    expect(refused.findings.map((finding) => finding.message)).toEqual([
      "package-lock.json locks rc9 (node_modules/rc9) but has no entry for its dependency destr@^2.0.3: npm ci installs exactly the lockfile, so Node throws Cannot find module 'destr' at runtime (incident 4).",
    ]);
    expect(refused.code).toBe(1);
  });

  it('npm ci accepts a lockfile root that still lists a dependency package.json dropped; a range the locked version misses is refused', () => {
    const repo = fixtureRepo('npm-workspace-extraneous');
    copyFixture(repo, 'lockfile-sync', 'npm-workspace-extraneous-after');
    editJson(repo, 'package.json', (pkg) => delete pkg.devDependencies.debug); // packages[""] still lists debug
    const accepted = preCommit(repo);
    expect(accepted.findings).toEqual([]);
    expect(accepted.code).toBe(0);

    reset(repo);
    copyFixture(repo, 'lockfile-sync', 'npm-workspace-extraneous-after');
    repo.write('package.json', edit(repo.read('package.json'), '"ms": "^2.1.3"', '"ms": "~2.0.0"'));
    const refused = preCommit(repo);
    expect(located(refused.findings)).toEqual(['package.json:6 root-mismatch']);
    expect(refused.findings[0]!.message).toBe(
      'package-lock.json disagrees with package.json: ms ~2.0.0 (dependencies) is locked at 2.1.3, outside that range. `npm ci` refuses such a lockfile, and other installs resolve something else than what was tested.',
    );
    expect(refused.findings[0]!.hint).toBe('Run `npm install` to bring package-lock.json in line with package.json, then commit both.');
  });

  it('yarn 1 links a workspace package and writes no yarn.lock entry for it; a registry dependency bumped without yarn.lock is refused', () => {
    const repo = fixtureRepo('yarn-workspace'); // packages/app depends on @draw/common 0.18.0, a workspace package
    copyFixture(repo, 'lockfile-sync', 'yarn-workspace-after'); // `yarn add kleur` in packages/app
    const accepted = preCommit(repo);
    expect(accepted.findings).toEqual([]);
    expect(accepted.code).toBe(0);

    reset(repo); // excalidraw c9ba7f839c: the package.json bump alone, yarn.lock still locks the old version
    repo.write('packages/app/package.json', edit(repo.read('packages/app/package.json'), '"ms": "2.1.2"', '"ms": "2.1.3"'));
    const notUpdated = preCommit(repo);
    expect(located(notUpdated.findings)).toEqual(['packages/app/package.json:6 not-updated']);
    expect(notUpdated.findings[0]!.message).toContain(
      'packages/app/package.json changes dependencies (ms 2.1.2 -> 2.1.3) but yarn.lock is not part of this change and does not lock them: ms@2.1.3 (dependencies) has no entry in the lockfile.',
    );
    expect(notUpdated.findings[0]!.hint).toBe('Run `yarn install` at the workspace root so it updates yarn.lock, then `git add yarn.lock` and commit both together.');

    reset(repo); // a range the workspace's version does not satisfy: yarn fetches it from the registry
    copyFixture(repo, 'lockfile-sync', 'yarn-workspace-after');
    repo.write('packages/app/package.json', edit(repo.read('packages/app/package.json'), '"@draw/common": "0.18.0"', '"@draw/common": "^1.0.0"'));
    const mismatch = preCommit(repo);
    expect(located(mismatch.findings)).toEqual(['packages/app/package.json:5 root-mismatch']);
    expect(mismatch.findings[0]!.message).toContain('@draw/common@^1.0.0 (dependencies) has no entry in the lockfile');
  });

  it('yarn Berry keys a workspace package by npm: or workspace: range; a dependency bumped without yarn.lock is refused with --immutable named', () => {
    const repo = fixtureRepo('yarn-berry'); // "@draw/common": "0.18.0" and "@draw/ui": "workspace:^"
    copyFixture(repo, 'lockfile-sync', 'yarn-berry-after'); // `yarn add kleur` in packages/app (yarn 4)
    const accepted = preCommit(repo);
    expect(accepted.findings).toEqual([]);
    expect(accepted.code).toBe(0);

    reset(repo);
    repo.write('packages/app/package.json', edit(repo.read('packages/app/package.json'), '"ms": "2.1.2"', '"ms": "2.1.3"'));
    const refused = preCommit(repo);
    expect(located(refused.findings)).toEqual(['packages/app/package.json:7 not-updated']);
    expect(refused.findings[0]!.message).toContain('ms@2.1.3 (dependencies) has no entry in the lockfile. `yarn install --immutable` refuses such a lockfile;');
  });

  it('an npm overrides edit without the lockfile is a warning (the lockfile may not change), not a refusal', () => {
    const repo = fixtureRepo('npm-before');
    editJson(repo, 'package.json', (pkg) => (pkg.overrides = { ms: '2.1.3' }));
    const warned = preCommit(repo);
    expect(warned.findings.map((finding) => `${finding.severity} ${finding.kind}: ${finding.message}`)).toEqual([
      'warn not-updated: package.json changes overrides (added ms 2.1.3) but package-lock.json is not part of this change: if this changes what gets installed, the lockfile no longer matches.',
    ]);
    expect(warned.code).toBe(0);
  });

  it('pnpm-workspace.yaml overrides (js-yaml@4, "debug@>=4 <4.4.1") rewrite the importer specifiers; a range no override claims is compared as written', () => {
    const repo = fixtureRepo('pnpm-workspace');
    copyFixture(repo, 'lockfile-sync', 'pnpm-workspace-after'); // `pnpm add kleur` in packages/web
    const accepted = preCommit(repo);
    expect(accepted.findings).toEqual([]);
    expect(accepted.code).toBe(0);

    repo.write('packages/web/package.json', edit(repo.read('packages/web/package.json'), '"js-yaml": "^4.0.0"', '"js-yaml": "^3.14.0"'));
    const refused = preCommit(repo);
    expect(located(refused.findings)).toEqual(['packages/web/package.json:7 root-mismatch']);
    expect(refused.findings[0]!.message).toBe(
      'pnpm-lock.yaml disagrees with packages/web/package.json (workspace packages/web): js-yaml is ^3.14.0 in package.json but 4.1.0 in the lockfile. `pnpm install --frozen-lockfile` (the CI default) refuses such a lockfile, and other installs resolve something else than what was tested.',
    );
    expect(refused.findings[0]!.hint).toBe('Run `pnpm install` at the workspace root to bring pnpm-lock.yaml in line with packages/web/package.json, then commit both.');
  });

  it('package.json pnpm.overrides with range selectors rewrite the importer specifiers; a range outside the selector is compared as written', () => {
    const repo = fixtureRepo('pnpm-package-overrides'); // "kleur@>=4 <4.1.5": "^4.1.5", "ms": "2.1.2"
    copyFixture(repo, 'lockfile-sync', 'pnpm-package-overrides-after'); // `pnpm add is-number` in packages/cli
    const accepted = preCommit(repo);
    expect(accepted.findings).toEqual([]);
    expect(accepted.code).toBe(0);

    reset(repo);
    repo.write('packages/cli/package.json', edit(repo.read('packages/cli/package.json'), '"kleur": "^4.1.0"', '"kleur": "^4.1.6"'));
    const refused = preCommit(repo);
    expect(located(refused.findings)).toEqual(['packages/cli/package.json:5 not-updated']);
    expect(refused.findings[0]!.message).toContain('kleur is ^4.1.6 in package.json but ^4.1.5 in the lockfile');
  });

  it('catalog: specifiers match the lockfile as written; a catalog or override changed in pnpm-workspace.yaml without the lockfile is refused', () => {
    const repo = fixtureRepo('pnpm-workspace'); // packages/web: "ms": "catalog:"
    repo.write('pnpm-workspace.yaml', `${repo.read('pnpm-workspace.yaml')}\n# a comment changes no setting\n`);
    const accepted = preCommit(repo);
    expect(accepted.findings).toEqual([]);

    repo.write('pnpm-workspace.yaml', edit(repo.read('pnpm-workspace.yaml'), ['ms: ^2.1.2', 'ms: ^2.1.1'], ['js-yaml@4: 4.1.0', 'js-yaml@4: 4.1.1']));
    const refused = preCommit(repo);
    expect(located(refused.findings)).toEqual(['pnpm-workspace.yaml:7 settings-mismatch']);
    expect(refused.findings[0]!.message).toBe(
      'pnpm-lock.yaml was written with other settings than pnpm-workspace.yaml declares: overrides js-yaml@4 is 4.1.1 in the configuration but 4.1.0 in the lockfile; catalog entry ms is ^2.1.1 in pnpm-workspace.yaml but ^2.1.2 in the lockfile. `pnpm install --frozen-lockfile` (the CI default) stops with ERR_PNPM_LOCKFILE_CONFIG_MISMATCH.',
    );
    expect(refused.code).toBe(1);
  });

  it('pnpm counts a package in both dependencies and devDependencies once, as a dependency; changing that one without the lockfile is refused', () => {
    const repo = fixtureRepo('pnpm-workspace'); // packages/web: picocolors 1.1.1 (dependencies) and 1.0.0 (devDependencies)
    repo.write('packages/web/package.json', edit(repo.read('packages/web/package.json'), '"picocolors": "1.0.0"', '"picocolors": "1.0.1"'));
    const accepted = preCommit(repo);
    expect(accepted.findings).toEqual([]);
    expect(accepted.code).toBe(0);

    reset(repo);
    repo.write('packages/web/package.json', edit(repo.read('packages/web/package.json'), '"picocolors": "1.1.1"', '"picocolors": "1.1.0"'));
    const refused = preCommit(repo);
    expect(located(refused.findings)).toEqual(['packages/web/package.json:9 not-updated']);
    expect(refused.findings[0]!.message).toContain('picocolors is 1.1.0 in package.json but 1.1.1 in the lockfile');
  });

  it('pnpm records auto-installed peers (optional ones too) as dependencies; a peer dropped or changed without the lockfile is refused', () => {
    const repo = fixtureRepo('pnpm-workspace'); // peers escape-string-regexp and optional is-number, autoInstallPeers: true
    copyFixture(repo, 'lockfile-sync', 'pnpm-workspace-after');
    expect(preCommit(repo).findings).toEqual([]);

    reset(repo);
    editJson(repo, 'packages/web/package.json', (pkg) => {
      delete pkg.peerDependencies['escape-string-regexp'];
      pkg.peerDependencies['is-number'] = '^6.0.0';
    });
    const refused = preCommit(repo);
    expect(located(refused.findings)).toEqual(['packages/web/package.json:15 not-updated']);
    expect(refused.findings[0]!.message).toContain(
      'is-number is ^6.0.0 in package.json but ^7.0.0 in the lockfile; escape-string-regexp (dependencies) is in the lockfile but no longer in package.json',
    );
  });

  it('a pnpm-lock.yaml left inside a workspace member is not what installs read: the root lockfile governs it', () => {
    const repo = fixtureRepo('pnpm-nested'); // packages/desktop/plugin has its own stale pnpm-lock.yaml
    copyFixture(repo, 'lockfile-sync', 'pnpm-nested-after'); // plugin bumps ms; `pnpm install` updated the root lockfile
    const accepted = preCommit(repo);
    expect(accepted.findings).toEqual([]);
    expect(accepted.code).toBe(0);

    reset(repo);
    repo.write('packages/desktop/plugin/package.json', edit(repo.read('packages/desktop/plugin/package.json'), '"ms": "^2.1.2"', '"ms": "^2.1.1"'));
    const refused = preCommit(repo);
    expect(located(refused.findings)).toEqual(['packages/desktop/plugin/package.json:5 not-updated']);
    expect(refused.findings[0]!.message).toContain('but pnpm-lock.yaml is not part of this change and does not lock them: ms is ^2.1.1 in package.json but ^2.1.2 in the lockfile');
    expect(refused.findings[0]!.hint).toBe('Run `pnpm install` at the workspace root so it updates pnpm-lock.yaml, then `git add pnpm-lock.yaml` and commit both together.');
  });

  it('package.json changed back to what the unchanged lockfile already records needs no lockfile change', () => {
    const repo = fixtureRepo('pnpm-workspace');
    repo.write('package.json', edit(repo.read('package.json'), '"ms": "^2.1.3"', '"ms": "^2.1.0"'));
    repo.commitAll('an earlier commit that drifted from the lockfile'); // skipped the hook
    repo.write('package.json', edit(repo.read('package.json'), '"ms": "^2.1.0"', '"ms": "^2.1.3"'));
    const accepted = preCommit(repo);
    expect(accepted.findings).toEqual([]);
    expect(accepted.code).toBe(0);

    repo.write('package.json', edit(repo.read('package.json'), '"ms": "^2.1.3"', '"ms": "^2.0.0"'));
    const refused = preCommit(repo);
    expect(located(refused.findings)).toEqual(['package.json:5 not-updated']);
    expect(refused.findings[0]!.message).toContain('ms is ^2.0.0 in package.json but ^2.1.3 in the lockfile');
  });

  it('a disagreement the base already had is not reported on an unrelated lockfile change; check --all reports it, a new one is refused', () => {
    const repo = fixtureRepo('pnpm-workspace');
    repo.write('package.json', edit(repo.read('package.json'), '"ms": "^2.1.3"', '"ms": "^2.1.0"'));
    repo.commitAll('an earlier commit that drifted from the lockfile');
    copyFixture(repo, 'lockfile-sync', 'pnpm-workspace-after'); // an unrelated `pnpm add kleur` in packages/web
    const accepted = preCommit(repo);
    expect(accepted.findings).toEqual([]);
    expect(accepted.code).toBe(0);
    const whole = runJson(repo, ['check', '--staged', '--all']);
    expect(whole.findings.map((finding) => finding.message)).toEqual([
      'pnpm-lock.yaml disagrees with package.json: ms is ^2.1.0 in package.json but ^2.1.3 in the lockfile. `pnpm install --frozen-lockfile` (the CI default) refuses such a lockfile, and other installs resolve something else than what was tested.',
    ]);

    repo.write('packages/web/package.json', edit(repo.read('packages/web/package.json'), '"kleur": "^4.1.5"', '"kleur": "^4.1.4"'));
    const refused = preCommit(repo);
    expect(located(refused.findings)).toEqual(['packages/web/package.json:10 root-mismatch']);
    expect(refused.findings[0]!.message).toContain('kleur is ^4.1.4 in package.json but ^4.1.5 in the lockfile');
  });
});
