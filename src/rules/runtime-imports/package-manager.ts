// runtime-imports' view of src/package-manager.ts: the manager of a package in the tree being
// checked, the command that lists a module in its dependencies, and the install a production server runs.
import { addDependencyCommand, declaredManager, LOCKFILES, productionInstallCommand, type PackageManager } from '../../package-manager.js';
import { joinPath, type Tree } from '../shared/code.js';
import type { PackageInfo } from '../shared/project.js';

export type { PackageManager };

/** `packageManager` of the root package.json, else the lockfile beside it, else npm. */
export async function packageManagerOf(tree: Tree, root: PackageInfo): Promise<PackageManager> {
  const declared = declaredManager(root.json.packageManager);
  if (declared) return declared;
  const present = await Promise.all(LOCKFILES.map((lock) => tree.exists(joinPath(root.dir, lock.file))));
  return LOCKFILES[present.indexOf(true)]?.manager ?? 'npm';
}

/**
 * The command that lists `spec` in `pkg`'s `dependencies` (moving it out of devDependencies too).
 * `workspaceDir` is the package's folder relative to the workspace root ('' for the root itself).
 */
export function addToDependencies(manager: PackageManager, spec: string, pkg: PackageInfo, workspaceDir: string): string {
  return addDependencyCommand(manager, spec, workspaceDir ? { dir: workspaceDir, name: pkg.json.name as string | undefined } : undefined);
}

/** The install that leaves devDependencies out, as the message names it. */
export const productionInstall = productionInstallCommand;
