// src/oxc-binding.ts requires oxc-parser's native binding directly instead of importing the package
// (which starts Node's ESM loader): it must give exactly what the package gives, and step aside
// whenever the package's own loader would decide differently.
import { afterEach, describe, expect, it } from 'vitest';
import * as oxc from 'oxc-parser';
import { loadNativeParser } from '../src/oxc-binding.js';

const SOURCES: Array<[string, string]> = [
  ['a.ts', "import type { A } from './a';\nexport const big = 10n, re = /x+/gi;\nconst f = async <T,>(x: T) => x satisfies T;\n"],
  ['b.tsx', 'export const C = () => <div className="x">{items.map((i) => <i key={i} />)}</div>;\n'],
  ['c.cjs', "return require('./x');\n"],
  ['d.ts', 'const = ;\nfunction ('],
  ['e.js', 'const s = `a${b}c`; label: for (;;) break label; // comment\n'],
];

afterEach(() => {
  delete process.env.NAPI_RS_NATIVE_LIBRARY_PATH;
});

describe('oxc-parser through its native binding', () => {
  it('is used on this platform, and parses exactly as the package does (BigInt and RegExp literals, JSX, errors)', () => {
    const native = loadNativeParser();
    expect(native).toBeDefined();
    expect(native!.visitorKeys).toEqual(oxc.visitorKeys);
    for (const [file, text] of SOURCES) {
      const options = { sourceType: file.endsWith('.cjs') ? 'commonjs' : 'unambiguous', preserveParens: false } as const;
      const mine = native!.parseSync(file, text, options);
      const theirs = oxc.parseSync(file, text, options);
      expect(mine.program, file).toEqual(theirs.program);
      expect(mine.errors, file).toEqual(theirs.errors);
      expect(mine.comments, file).toEqual(theirs.comments);
    }
    const { program } = native!.parseSync('a.ts', SOURCES[0]![1]);
    const declarations = (program.body[1] as unknown as { declaration: { declarations: Array<{ init: { value: unknown } }> } }).declaration.declarations;
    expect(declarations[0]!.init.value).toBe(10n);
    expect(declarations[1]!.init.value).toBeInstanceOf(RegExp);
  });

  it('leaves a binding override to the package loader', () => {
    process.env.NAPI_RS_NATIVE_LIBRARY_PATH = '/nowhere/parser.node';
    expect(loadNativeParser()).toBeUndefined();
  });
});
