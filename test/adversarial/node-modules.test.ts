// required-build builds a dirty or older push in a temporary worktree. Its dependencies must come
// from somewhere without touching the developer's: pnpm >= 11 reinstalled through a linked
// node_modules before `pnpm run` (leaving node_modules/shipguard pointing into the deleted
// worktree), pnpm 12 refused a linked node_modules for `pnpm -r`, and a linked node_modules
// resolved workspace packages to the working tree instead of the pushed one. Real installs by each
// package manager, real pushes through the hooks `shipguard init` installed.
import { describe, expect, it } from 'vitest';
import { dependencySnapshot, managedProject, MANAGERS, type Manager } from '../helpers/package-managers.js';

const BROKEN_LIB = "exports.priceCents = () => '12.50';\n";
const FIXED_LIB = 'exports.priceCents = () => 1250;\n';

function pushesLeaveDependenciesAlone(manager: Manager): void {
  const p = managedProject(manager);
  const before = dependencySnapshot(p.repo.dir);

  // The pushed commit breaks the workspace package; the working tree has the fix, not committed.
  p.repo.write('packages/lib/index.js', BROKEN_LIB);
  p.repo.commitAll('lib: price as a string');
  p.repo.write('packages/lib/index.js', FIXED_LIB);
  const refused = p.push();
  expect(dependencySnapshot(p.repo.dir)).toEqual(before);
  expect(refused.output).toContain('in a temporary checkout: the working tree has uncommitted or untracked changes (packages/lib/index.js)');
  expect(refused.output).toContain('Error: priceCents() returned "12.50"');
  expect(refused.code).not.toBe(0);

  // The fix committed, an untracked file around: built in a temporary checkout again, and it passes.
  p.repo.commitAll('lib: price in cents');
  p.repo.write('notes.txt', 'draft\n');
  const pushed = p.push();
  expect(pushed.output).toContain('in a temporary checkout: the working tree has uncommitted or untracked changes (notes.txt)');
  expect(pushed.output).toContain('run build passed');
  expect(pushed.code).toBe(0);
  expect(dependencySnapshot(p.repo.dir)).toEqual(before);
}

describe('required-build leaves the developer\'s dependency folders byte-for-byte unchanged', { timeout: 180_000 }, () => {
  it('npm workspaces: a workspace package fixed only in the working tree does not make the pushed tree pass', () => {
    pushesLeaveDependenciesAlone(MANAGERS.npm);
  });

  it('pnpm 12: `pnpm run` in the temporary checkout does not reinstall through a linked node_modules', () => {
    pushesLeaveDependenciesAlone(MANAGERS.pnpm);
  });

  it('pnpm 12 with nodeLinker: hoisted: no reinstall through a linked node_modules', () => {
    pushesLeaveDependenciesAlone(MANAGERS.pnpmHoisted);
  });

  it('pnpm 9: `pnpm -r build` finds every package\'s node_modules in the temporary checkout', () => {
    pushesLeaveDependenciesAlone(MANAGERS.pnpm9);
  });

  it('yarn classic workspaces: the pushed workspace package is built, not the working tree\'s', () => {
    pushesLeaveDependenciesAlone(MANAGERS.yarnClassic);
  });

  it('yarn berry (node-modules linker): per-package node_modules are there, and the pushed workspace package is built', () => {
    pushesLeaveDependenciesAlone(MANAGERS.yarnBerry);
  });
});
