// Incident 4: package.json and the lockfile drifted apart; production died with
// "Cannot find module '@prisma/engines'".
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The lockfile `npm install` would write for this package.json (its packages have no dependencies). */
function lockfileFor(pkg) {
  const entries = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }).map(([name, range]) => [
    `node_modules/${name}`,
    { version: range.replace(/^\^/, ''), dev: !pkg.dependencies?.[name] },
  ]);
  const root = { name: pkg.name, version: pkg.version, dependencies: pkg.dependencies, devDependencies: pkg.devDependencies };
  return { name: pkg.name, version: pkg.version, lockfileVersion: 3, requires: true, packages: { '': root, ...Object.fromEntries(entries) } };
}

export default {
  title: 'A dependency added to package.json without the lockfile',
  incident: 'incident 4, lockfile-sync',
  run({ dir, write, git }) {
    const read = () => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    // Setup: the team commits its lockfile.
    write('package-lock.json', `${JSON.stringify(lockfileFor(read()), null, 2)}\n`);
    git('add', 'package-lock.json');
    git('commit', '-q', '--no-verify', '-m', 'lockfile');
    // The change: a new dependency, lockfile left behind.
    const pkg = read();
    pkg.dependencies = { ...pkg.dependencies, zod: '^3.25.76' };
    write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
    git('add', 'package.json');
    return { expect: 'blocked', ...git('commit', '-m', 'add zod for request validation') };
  },
};
