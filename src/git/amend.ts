// Is the pre-commit hook running for `git commit --amend`? Git does not tell a pre-commit hook
// (git 2.39 sets no variable for it; GIT_REFLOG_ACTION is only read, after the hook), so we read the
// command line of the `git commit` process that runs the hook: the nearest ancestor process that is
// git. An alias (`git ca`) runs `git commit --amend` as a child, which is what we find. Linux reads
// /proc; other Unix systems ask `ps`. Where neither works (Windows), an amend is not detected and the
// amended commit is measured when it is pushed and in CI.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProcessInfo {
  parent: number;
  argv: string[];
}

/** How far up the process tree to look: git → husky's hook script → the user's hook → (npx →) node. */
const MAX_DEPTH = 8;

export async function isAmending(): Promise<boolean> {
  if (process.platform === 'win32') return false;
  const lookup = process.platform === 'linux' ? procInfo : await psTable();
  let pid = process.ppid;
  for (let depth = 0; depth < MAX_DEPTH && pid > 1; depth++) {
    const info = lookup(pid);
    if (!info) return false;
    const verdict = amendFromArgv(info.argv);
    if (verdict !== undefined) return verdict;
    pid = info.parent;
  }
  return false;
}

/** For a git command line: whether it is `git commit` with --amend; undefined when not git. */
export function amendFromArgv(argv: readonly string[]): boolean | undefined {
  const program = path.basename(argv[0] ?? '').replace(/\.exe$/i, '');
  if (program === 'git-commit') return hasAmend(argv.slice(1));
  if (program !== 'git') return undefined;
  const command = subcommand(argv);
  return command !== undefined && argv[command] === 'commit' && hasAmend(argv.slice(command + 1));
}

/** Index of the subcommand, after git's own options (`-c k=v`, `-C dir`, `--git-dir=…`). */
function subcommand(argv: readonly string[]): number | undefined {
  const withValue = new Set(['-c', '-C', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix', '--exec-path']);
  for (let index = 1; index < argv.length; index++) {
    const arg = argv[index]!;
    if (!arg.startsWith('-')) return index;
    if (withValue.has(arg)) index++;
  }
  return undefined;
}

/** Commit options that take the next argument as their value (`-m --amend` is a message). */
const VALUE_OPTIONS = new Set(['--message', '--file', '--template', '--reuse-message', '--reedit-message', '--fixup', '--squash', '--author', '--date', '--cleanup', '--trailer', '--pathspec-from-file']);
const SHORT_WITH_VALUE = 'mFCct';

/** `--amend` or its unique abbreviations (`--am`, `--ame`, `--amen`); `--no-amend` undoes it. */
function hasAmend(args: readonly string[]): boolean {
  let amend = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--') break;
    if (/^--am(?:e(?:nd?)?)?$/.test(arg)) amend = true;
    else if (arg === '--no-amend') amend = false;
    else if (VALUE_OPTIONS.has(arg)) index++;
    else if (/^-[^-]/.test(arg) && takesNext(arg)) index++;
  }
  return amend;
}

/** A short-option cluster (`-am`) whose last option takes a value with none attached. */
function takesNext(cluster: string): boolean {
  for (let at = 1; at < cluster.length; at++) {
    if (SHORT_WITH_VALUE.includes(cluster[at]!)) return at === cluster.length - 1;
  }
  return false;
}

function procInfo(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may hold spaces or ")": the parent pid is after the last ")".
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (argv[argv.length - 1] === '') argv.pop();
    return { parent, argv };
  } catch {
    return undefined;
  }
}

/** One `ps` for every process (macOS, BSD); arguments are space-joined there, which is enough here. */
async function psTable(): Promise<(pid: number) => ProcessInfo | undefined> {
  const output = await new Promise<string>((resolve) => {
    execFile('ps', ['-A', '-ww', '-o', 'pid=', '-o', 'ppid=', '-o', 'args='], { timeout: 2000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) =>
      resolve(error ? '' : stdout),
    );
  });
  const table = new Map<number, ProcessInfo>();
  for (const line of output.split('\n')) {
    // One separator character before the command (linear: no two whitespace runs compete); ps pads it.
    const match = /^\s*(\d+)\s+(\d+)\s(.*)$/.exec(line);
    if (match) table.set(Number(match[1]), { parent: Number(match[2]), argv: match[3]!.trim().split(/\s+/) });
  }
  return (pid) => table.get(pid);
}
