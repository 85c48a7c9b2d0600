// The same work in a reviewable step goes through: shipguard must not get in the way of good commits.
export default {
  title: 'A small, reviewable commit',
  incident: 'commit-size, the commit that was fine',
  run({ write, git }) {
    write('src/workers/sync.ts', 'export async function run(job: { id: string }) {\n  return job.id;\n}\n');
    git('add', '-A');
    return { expect: 'allowed', ...git('commit', '-m', 'worker: sync skeleton') };
  },
};
