// lockfile-sync: package.json and its lockfile travel together and agree. Incident 4: node_modules and
// the lockfile drifted apart after an ERESOLVE conflict, and production died with
// `Cannot find module '@prisma/engines'`.
// This module only decides whether the change touches a manifest or lockfile at all; the judging
// (lockfile models, semver) is a chunk of its own, loaded only then.
import type { Rule } from '../../types.js';
import { parentDir } from '../shared/code.js';
import { LOCKFILES } from '../../package-manager.js';

export interface LockfileSyncOptions {
  /** package.json sections checked against the lockfile. */
  sections: string[];
  /** package.json and lockfile paths not checked (minimatch), added to the built-in list. */
  exclude: string[];
  /** Keep the built-in exclusions (node_modules, test fixtures). */
  defaultExclude: boolean;
  /** package-lock v2/v3: report dependencies of locked packages that have no entry. */
  checkEntries: boolean;
}

/** Test fixtures are sample projects, not what gets installed. */
const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/fixtures/**', '**/__fixtures__/**'];

export const lockfileSync: Rule<LockfileSyncOptions> = {
  meta: {
    id: 'lockfile-sync',
    description: 'Refuses dependency changes in package.json without the matching lockfile change, and lockfiles that disagree with package.json.',
    stages: ['pre-commit', 'pre-push', 'ci'],
    docs: 'docs/rules/lockfile-sync.md',
    kinds: {
      'not-updated': 'package.json changed and the unchanged lockfile no longer satisfies it',
      'root-mismatch': 'the changed lockfile disagrees with a package it governs',
      'settings-mismatch': 'pnpm: the lockfile\'s overrides or catalogs differ from the workspace settings',
      'missing-entry': 'package-lock: a locked package depends on a package no entry provides',
    },
    defaultOptions: {
      sections: ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies', 'overrides', 'resolutions', 'pnpm'],
      exclude: [],
      defaultExclude: true,
      checkEntries: true,
    },
    schema: {
      type: 'object',
      properties: {
        sections: { type: 'array', items: { type: 'string', minLength: 1 } },
        exclude: { type: 'array', items: { type: 'string', minLength: 1 } },
        defaultExclude: { type: 'boolean' },
        checkEntries: { type: 'boolean' },
      },
    },
  },

  async check(context) {
    const lockfiles = new Map(LOCKFILES.map((entry) => [entry.file, entry.manager]));
    const triggers = { manifests: [] as string[], lockfiles: [] as { path: string; manager: (typeof LOCKFILES)[number]['manager'] }[], pnpmWorkspaces: [] as string[] };
    for (const file of context.changes.files) {
      if (file.status === 'deleted') continue;
      const name = file.path.slice(file.path.lastIndexOf('/') + 1);
      const manager = lockfiles.get(name);
      if (name === 'package.json') triggers.manifests.push(parentDir(file.path));
      else if (name === 'pnpm-workspace.yaml') triggers.pnpmWorkspaces.push(parentDir(file.path));
      else if (manager) triggers.lockfiles.push({ path: file.path, manager });
    }
    if (!triggers.manifests.length && !triggers.lockfiles.length && !triggers.pnpmWorkspaces.length) return [];
    const exclude = context.options.defaultExclude ? [...DEFAULT_EXCLUDE, ...context.options.exclude] : context.options.exclude;
    const { judge } = await import('./judge.js');
    return judge(context, triggers, exclude);
  },
};
