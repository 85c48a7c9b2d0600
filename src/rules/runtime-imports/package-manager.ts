// Which package manager a workspace uses, and the command that adds a runtime dependency with it.
// Kept in one small place so a shared package-manager module can replace it.
import { joinPath, type Tree } from '../shared/code.js';
import type { PackageInfo } from '../shared/project.js';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

const LOCKFILES: [string, PackageManager][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
];

/** `packageManager` of the root package.json, else the lockfile beside it, else npm. */
export async function packageManagerOf(tree: Tree, root: PackageInfo): Promise<PackageManager> {
  const declared = /^(npm|pnpm|yarn|bun)@/.exec(String(root.json.packageManager ?? ''))?.[1];
  if (declared) return declared as PackageManager;
  const present = await Promise.all(LOCKFILES.map(([file]) => tree.exists(joinPath(root.dir, file))));
  return LOCKFILES[present.indexOf(true)]?.[1] ?? 'npm';
}

/**
 * The command that lists `spec` in `pkg`'s `dependencies` (moving it out of devDependencies too:
 * plain `npm install x` / `pnpm add x` keep an existing devDependency where it is).
 * `workspaceDir` is the package's folder relative to the workspace root ('' for the root itself).
 */
export function addToDependencies(manager: PackageManager, spec: string, pkg: PackageInfo, workspaceDir: string): string {
  const name = pkg.json.name;
  switch (manager) {
    case 'pnpm':
      return `pnpm add --save-prod ${spec}${workspaceDir ? ` --filter ${name ?? `./${workspaceDir}`}` : ''}`;
    case 'yarn':
      return workspaceDir && name ? `yarn workspace ${name} add ${spec}` : `${workspaceDir ? `cd ${workspaceDir} && ` : ''}yarn add ${spec}`;
    case 'bun':
      return `${workspaceDir ? `cd ${workspaceDir} && ` : ''}bun add ${spec}`;
    case 'npm':
      return `npm install --save-prod ${spec}${workspaceDir ? ` -w ${workspaceDir}` : ''}`;
  }
}

/** The install that leaves devDependencies out, as the message names it. */
export function productionInstall(manager: PackageManager): string {
  switch (manager) {
    case 'pnpm':
      return 'pnpm install --prod';
    case 'yarn':
      return 'yarn install --production';
    case 'bun':
      return 'bun install --production';
    case 'npm':
      return 'npm ci --omit=dev';
  }
}
