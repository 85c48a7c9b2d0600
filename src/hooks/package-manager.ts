// The commands init writes and tells the user to run, for the project's package manager (which one
// it is: src/package-manager.ts).
import { declaredManager, execCommand, installCommand, packageManagerOnDisk } from '../package-manager.js';

export interface PackageManager {
  name: 'npm' | 'pnpm' | 'yarn' | 'bun';
  /** Installs the dependencies (and so runs `prepare`). */
  install: string;
  /** Runs a dependency's bin: `npx shipguard`, `pnpm exec shipguard`. */
  exec: string;
}

/** From package.json's `packageManager` ("pnpm@9.15.0"), else the lockfile in the project or at the repository root; npm by default. */
export function packageManager(declared: unknown, projectDir: string, repoRoot: string): PackageManager {
  const name = declaredManager(declared) ?? packageManagerOnDisk([...new Set([projectDir, repoRoot])]);
  return { name, install: installCommand(name), exec: execCommand(name) };
}
