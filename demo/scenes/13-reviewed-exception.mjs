// Incident 5's other side: a generated 350-line client is a legitimate big commit. The team's config
// allows commit-size exceptions by trailer, so the commit says why, and the push (and CI) accept it
// with the reason on record instead of a SHIPGUARD_SKIP that leaves no trace.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export default {
  title: 'A reviewed exception: a generated 350-line API client, with a Shipguard-Allow trailer',
  incident: 'incident 5, commit-size exception that survives to CI',
  run({ dir, write, git, run }) {
    // The team opts in once, in the config `shipguard init` wrote (trailers do nothing by default).
    const config = readFileSync(path.join(dir, 'shipguard.config.ts'), 'utf8');
    write('shipguard.config.ts', config.replace("  extends: ['shipguard/presets/recommended'],\n", "$&  allowTrailer: ['commit-size'],\n"));
    git('commit', '-q', '--no-verify', '-am', 'shipguard: accept commit-size exceptions by trailer');
    const body = Array.from({ length: 350 }, (_, i) => `export const endpoint${i} = '/api/v1/resource/${i}';`).join('\n');
    write('src/api/client.ts', `${body}\n`);
    git('add', '-A');
    // The message does not exist yet at pre-commit: that hook still needs the skip (printed loudly).
    const message = ['-m', 'api: regenerate the client from openapi.yaml', '-m', 'Shipguard-Allow: commit-size -- generated client regenerated from openapi.yaml'];
    const commit = run('git', ['commit', '-q', ...message], { env: { SHIPGUARD_SKIP: 'commit-size' } });
    if (commit.code !== 0) return commit;
    const push = git('push', 'origin', 'feature/work');
    return { code: push.code, output: `$ SHIPGUARD_SKIP=commit-size git commit …\n$ git push\n${push.output}`, expect: 'allowed' };
  },
};
