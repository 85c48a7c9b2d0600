// Incident 5: 348 lines added to a background worker in one commit.
export default {
  title: 'A 348-line worker change in one commit',
  incident: 'incident 5, commit-size',
  run({ write, git }) {
    const body = Array.from({ length: 346 }, (_, i) => `  await step${i}(job);`).join('\n');
    write('src/workers/sync.ts', `export async function run(job: unknown) {\n${body}\n}\n`);
    git('add', '-A');
    return { expect: 'blocked', ...git('commit', '-m', 'worker: sync everything') };
  },
};
