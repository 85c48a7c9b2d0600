// A large staged change under a small Node heap: what a CI runner or a hook with NODE_OPTIONS
// capping memory sees. 7 MB of short lines (a million added lines) used to need over 96 MB of heap
// and aborted with an out-of-memory crash; the token in it must still be found.
import { describe, expect, it } from 'vitest';
import { createRepo } from '../../helpers/repo.js';
// @ts-expect-error plain ES module shared with the benchmarks
import { checksummed, rng } from '../../fixtures/secrets/tokens.mjs';

const random = rng(Date.now() >>> 0);

describe('secrets on a large staged change', () => {
  it('finds a token among a million added lines with the heap capped at 64 MB', () => {
    const repo = createRepo({ config: { rules: { secrets: 'error' } } });
    const rows = Array.from({ length: 5000 }, (_, index) => `n${index};`).join('\n') + '\n';
    for (let file = 0; file < 200; file++) repo.write(`src/rows${file}.js`, rows);
    const secret = checksummed(random, ['gh', 'p_'].join('')) as string;
    repo.write('src/rows199.js', `${rows}export const githubToken = '${secret}';\n`);
    repo.gitOk(['add', 'src']);

    const run = repo.shipguard(['pre-commit'], { env: { NODE_OPTIONS: '--max-old-space-size=64' } });

    expect(run.output).not.toMatch(/heap out of memory/i);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/src\/rows199\.js\n\s+5001:\d+\s+error\s+GitHub personal access token/);
    expect(run.output).not.toContain(secret);
  }, 120_000);
});
