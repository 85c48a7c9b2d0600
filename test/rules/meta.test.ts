// Every built-in rule declares its finding kinds, documents each one on its page, and declares each
// kind its source can report. The engine refuses an undeclared kind at run time (engine.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSync, Visitor } from 'oxc-parser';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../helpers/repo.js';
import { builtinRules } from '../../src/rules/index.js';

/** Shared helpers a rule calls to report a finding of a fixed kind. */
const SHARED_KINDS: Record<string, string> = { unparsableFinding: 'unparsable' };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * Kinds a rule's source can report: `kind: '…'` (or no-mock-data's `detector: '…'`) in an object
 * literal that also has a `message` (a finding, not a revision or a decision), the first argument of
 * a `report('…', …)` call, and the kinds of the shared helpers it calls.
 */
function emittedKinds(ruleId: string): Set<string> {
  const kinds = new Set<string>();
  for (const file of sourceFiles(path.join(PACKAGE_ROOT, 'src/rules', ruleId))) {
    const source = readFileSync(file, 'utf8');
    for (const [helper, kind] of Object.entries(SHARED_KINDS)) if (source.includes(`${helper}(`)) kinds.add(kind);
    const { program } = parseSync(file, source);
    new Visitor({
      ObjectExpression(node) {
        const keyed = new Map<string, unknown>();
        for (const property of node.properties) {
          if (property.type === 'Property' && property.key.type === 'Identifier') keyed.set(property.key.name, property.value);
        }
        if (!keyed.has('message')) return;
        for (const name of ['kind', 'detector']) {
          const value = keyed.get(name) as { type: string; value: unknown } | undefined;
          if (value?.type === 'Literal' && typeof value.value === 'string') kinds.add(value.value);
        }
      },
      CallExpression(node) {
        const callee = node.callee;
        const first = node.arguments[0];
        if (callee.type === 'MemberExpression' && callee.property.type === 'Identifier' && callee.property.name === 'report' && first?.type === 'Literal' && typeof first.value === 'string') {
          kinds.add(first.value);
        }
      },
    }).visit(program);
  }
  return kinds;
}

/** A kind is documented as `<id>/<kind>`, or as `` `kind` `` in a table row or list item of the page. */
function documented(page: string, ruleId: string, kind: string): boolean {
  if (page.includes(`${ruleId}/${kind}`)) return true;
  return page.split('\n').some((line) => /^\s*[|-]/.test(line) && line.includes(`\`${kind}\``));
}

describe('rule meta: finding kinds', () => {
  for (const rule of builtinRules) {
    const { id, docs } = rule.meta;
    const kinds = rule.meta.kinds ?? {};
    describe(id, () => {
      it('declares its kinds, each with a one-line description', () => {
        expect(Object.keys(kinds).length).toBeGreaterThan(0);
        for (const [kind, description] of Object.entries(kinds)) {
          expect(kind).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
          expect(description.trim(), kind).not.toBe('');
          expect(description, kind).not.toContain('\n');
        }
      });

      it(`documents every declared kind on ${docs}`, () => {
        const page = readFileSync(path.join(PACKAGE_ROOT, docs), 'utf8');
        expect(Object.keys(kinds).filter((kind) => !documented(page, id, kind))).toEqual([]);
      });

      it('declares every kind its source reports', () => {
        expect([...emittedKinds(id)].filter((kind) => !Object.hasOwn(kinds, kind))).toEqual([]);
      });
    });
  }

  it('finds kinds in the source at all (the scan is not vacuous)', () => {
    expect([...emittedKinds('commit-size')].sort()).toEqual(['files', 'lines']);
    expect(emittedKinds('prisma-query-fields')).toContain('unknown-relation-count');
    expect(emittedKinds('no-mock-data')).toContain('record-array');
    expect(emittedKinds('runtime-imports')).toContain('unparsable');
  });
});

describe('rule sources: one way to each shared facility', () => {
  const files = sourceFiles(path.join(PACKAGE_ROOT, 'src/rules')).concat(sourceFiles(path.join(PACKAGE_ROOT, 'src/prisma')));
  const offending = (pattern: RegExp) => files.filter((file) => pattern.test(readFileSync(file, 'utf8'))).map((file) => path.relative(PACKAGE_ROOT, file));

  it('reach git only through named methods of the git reader, never `git.run([...])`', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(offending(/\bgit\s*\.\s*run\s*\(/)).toEqual([]);
  });

  it('never read process.cwd() (the repository root is context.cwd / git.root)', () => {
    expect(offending(/process\.cwd\s*\(\s*\)\s*[;,)]/)).toEqual([]);
  });

  it('match globs through src/glob.ts, never minimatch directly', () => {
    expect(offending(/from ['"]minimatch['"]/)).toEqual([]);
  });
});
