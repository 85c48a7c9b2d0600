// Which files are lockfiles, of which package manager, and the install command that rewrites each.

export type Manager = 'npm' | 'pnpm' | 'yarn' | 'bun';

export const LOCKFILES: { file: string; manager: Manager }[] = [
  { file: 'package-lock.json', manager: 'npm' },
  { file: 'npm-shrinkwrap.json', manager: 'npm' },
  { file: 'pnpm-lock.yaml', manager: 'pnpm' },
  { file: 'yarn.lock', manager: 'yarn' },
  { file: 'bun.lock', manager: 'bun' },
  { file: 'bun.lockb', manager: 'bun' },
];

export const INSTALL: Record<Manager, string> = { npm: 'npm install', pnpm: 'pnpm install', yarn: 'yarn install', bun: 'bun install' };
