// Incident 5: the change went straight to main; recovery needed a force push to main.
export default {
  title: 'Pushing straight to main',
  incident: 'incident 5, protected-branch',
  run({ write, git }) {
    write('src/health.ts', 'export const health = () => ({ ok: true });\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'health endpoint');
    return { expect: 'blocked', ...git('push', 'origin', 'HEAD:main') };
  },
};
