// What differs on Windows for the links and processes shipguard makes. Each plan is a pure function
// of the platform, so Linux CI runs the Windows branch too (test/windows.test.ts).
import { statSync, symlinkSync } from 'node:fs';
import path from 'node:path';

export type LinkType = 'dir' | 'file' | 'junction';

/**
 * How to link `link` to the directory or file `target` (relative to the link's folder, or absolute).
 * A Windows directory symlink needs admin rights or developer mode; a junction does not, but must
 * point at an absolute path.
 */
export function linkPlan(target: string, link: string, isDirectory: boolean, platform: NodeJS.Platform = process.platform): { target: string; type: LinkType } {
  if (platform !== 'win32') return { target, type: isDirectory ? 'dir' : 'file' };
  if (!isDirectory) return { target, type: 'file' };
  return { target: path.win32.resolve(path.win32.dirname(link), target), type: 'junction' };
}

/** Links `link` to `target` (see linkPlan); a dangling target is linked as a file. */
export function linkPath(target: string, link: string): void {
  const isDirectory = statSync(path.resolve(path.dirname(link), target), { throwIfNoEntry: false })?.isDirectory() ?? false;
  const plan = linkPlan(target, link, isDirectory);
  symlinkSync(plan.target, link, plan.type);
}

export interface SpawnPlan {
  file: string;
  args: string[];
  shell: boolean;
}

/**
 * How to start a command given as a shell string or an argv array. On Windows `npm`, `pnpm`, `yarn`
 * and `npx` are `.cmd` scripts that only cmd.exe can start (Node refuses to spawn a .cmd without a
 * shell), so an argv command goes through the shell there, each word quoted for the program's
 * command-line parser.
 */
export function spawnPlan(spec: string | string[], platform: NodeJS.Platform = process.platform): SpawnPlan {
  if (typeof spec === 'string') return { file: spec, args: [], shell: true };
  if (platform !== 'win32') return { file: spec[0]!, args: spec.slice(1), shell: false };
  return { file: spec.map(windowsQuote).join(' '), args: [], shell: true };
}

/** One argv word for CommandLineToArgvW: quoted when it has a space or a special character, `\` before a `"` doubled. */
export function windowsQuote(word: string): string {
  if (word !== '' && /^[\w./:=@+,\\-]+$/.test(word)) return word;
  let quoted = '"';
  let backslashes = 0;
  for (const char of word) {
    if (char === '\\') {
      backslashes++;
      continue;
    }
    quoted += char === '"' ? '\\'.repeat(backslashes * 2 + 1) + '"' : '\\'.repeat(backslashes) + char;
    backslashes = 0;
  }
  return `${quoted}${'\\'.repeat(backslashes * 2)}"`;
}
