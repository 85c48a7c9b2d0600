// Adds shipguard's lines to an existing hook script where they will run: before the first statement
// that can end the hook (`exit`, `exec`), otherwise at the end. Says what it kept and removed.
import { firstExitStatement } from './reach.js';

/** Boilerplate of husky 4-8 that husky 9 deprecates (and v10 will fail on). */
const DEPRECATED_HUSKY_LINES = [/^#!\/usr\/bin\/env sh$/, /^\. "\$\(dirname -- "\$0"\)\/_\/husky\.sh"$/];
const LINT_STAGED = /(^|\s)lint-staged\b/;

export interface HookEdit {
  content: string;
  changed: boolean;
  /** Lines added, in order. */
  added: string[];
  /** The line (1-based, in the new file) and text the additions were put before, when not at the end. */
  before?: { line: number; text: string };
  /** Non-blank lines of the old script kept as they were. */
  kept: number;
  /** Lines dropped (husky 4-8 boilerplate). */
  removed: string[];
}

export interface HookEditOptions {
  /** A husky 9 script (in `.husky/`): drop the husky 4-8 boilerplate. */
  husky?: boolean;
  /** First line of a new file (a hook git runs directly needs `#!/bin/sh`). */
  shebang?: string;
}

export function addHookLines(before: string | undefined, wanted: string[], options: HookEditOptions = {}): HookEdit {
  const old = before === undefined ? [] : before.replace(/\n$/, '').split('\n');
  const removed = options.husky ? old.filter((line) => isHuskyBoilerplate(line)) : [];
  const lines = old.filter((line) => !removed.includes(line));
  while (lines.length && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (before === undefined && options.shebang) lines.push(options.shebang);
  const added = wanted.filter((line) => !lines.some((current) => sameLine(current, line)));
  const stop = firstExitStatement(lines.join('\n'));
  const at = stop ?? lines.length;
  lines.splice(at, 0, ...added);
  const content = `${lines.join('\n')}\n`;
  return {
    content,
    changed: content !== before,
    added,
    before: stop !== undefined && added.length ? { line: at + added.length + 1, text: lines[at + added.length]!.trim() } : undefined,
    kept: old.filter((line) => line.trim() && !removed.includes(line)).length,
    removed,
  };
}

/** One line saying what happened to a hook file, for init's report. */
export function describeEdit(file: string, edit: HookEdit, created: boolean): string {
  if (created) return `wrote ${file}`;
  const parts = [`${file}: added ${edit.added.map((line) => `\`${line}\``).join(', ') || 'nothing'}`];
  if (edit.before) parts.push(`before line ${edit.before.line} \`${edit.before.text}\`, which can end the hook`);
  parts.push(`kept the ${edit.kept} existing line${edit.kept === 1 ? '' : 's'}`);
  if (edit.removed.length) {
    parts.push(`removed the husky 4-8 boilerplate ${edit.removed.map((line) => `\`${line.trim()}\``).join(' and ')} (husky 9 runs hooks without it)`);
  }
  return parts.join('; ');
}

function isHuskyBoilerplate(line: string): boolean {
  return DEPRECATED_HUSKY_LINES.some((re) => re.test(line.trim()));
}

/** A wanted line is already there: the same text, any lint-staged call, or the same shipguard stage (`npx shipguard pre-commit`). */
function sameLine(current: string, wanted: string): boolean {
  if (current.trim() === wanted) return true;
  if (LINT_STAGED.test(wanted) && LINT_STAGED.test(current)) return true;
  const stage = /shipguard (pre-commit|pre-push)/.exec(wanted)?.[1];
  return stage !== undefined && current.split(/\s+/).some((word, index, words) => word.endsWith('shipguard') && words[index + 1]?.startsWith(stage));
}
