// The project's package manager, for the commands init writes and tells the user to run.
// (Kept to one small function: a shared src/package-manager.ts may replace it.)
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface PackageManager {
  name: 'npm' | 'pnpm' | 'yarn' | 'bun';
  /** Installs the dependencies (and so runs `prepare`). */
  install: string;
  /** Runs a dependency's bin: `npx shipguard`, `pnpm exec shipguard`. */
  exec: string;
}

const MANAGERS: Record<PackageManager['name'], PackageManager> = {
  npm: { name: 'npm', install: 'npm install', exec: 'npx' },
  pnpm: { name: 'pnpm', install: 'pnpm install', exec: 'pnpm exec' },
  yarn: { name: 'yarn', install: 'yarn', exec: 'yarn' },
  bun: { name: 'bun', install: 'bun install', exec: 'bunx' },
};

const LOCKFILES: [string, PackageManager['name']][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
];

/** From package.json's `packageManager` ("pnpm@9.15.0"), else the lockfile in the project or at the repository root; npm by default. */
export function packageManager(declared: unknown, projectDir: string, repoRoot: string): PackageManager {
  const name = typeof declared === 'string' ? declared.split('@')[0] : undefined;
  if (name && name in MANAGERS) return MANAGERS[name as PackageManager['name']];
  for (const dir of new Set([projectDir, repoRoot])) {
    const found = LOCKFILES.find(([file]) => existsSync(path.join(dir, file)));
    if (found) return MANAGERS[found[1]];
  }
  return MANAGERS.npm;
}
