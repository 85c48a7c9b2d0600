// Parsing for the code rules (runtime-imports, no-mock-data, the Prisma rules): oxc's parser, loaded
// lazily, one parse per file per run, parent links, a child walker and 1-based positions. The tree
// is ESTree with TypeScript nodes (typescript-eslint's shape); offsets are JS string indices.
import type * as AST from 'oxc-parser';
import { loadParser } from '../../lazy.js';
import type { NativeParser } from '../../oxc-binding.js';
import { countParse } from '../../parse-count.js';

export type { AST };
export type Node = AST.Node;

export interface Position {
  line: number;
  column: number;
}

/** Why a file could not be parsed: oxc returns no program for it, so no rule can check it. */
export interface SyntaxProblem extends Position {
  message: string;
}

export class ParsedFile {
  private lineStarts?: number[];

  constructor(
    readonly path: string,
    readonly text: string,
    readonly program: AST.Program,
    /** Set when the file does not parse: `program` is then empty and the file was not checked. */
    readonly syntaxError?: SyntaxProblem,
  ) {}

  /** 1-based line and column of a string offset. */
  position(offset: number): Position {
    const starts = (this.lineStarts ??= lineStartsOf(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  }

  /** 1-based first and last line a node spans. */
  lineSpan(node: Node): [number, number] {
    return [this.position(node.start).line, this.position(node.end).line];
  }

  /** The source text of a node. */
  textOf(node: Node): string {
    return this.text.slice(node.start, node.end);
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    // \n, \r\n, lone \r, and the Unicode line separators: the line breaks TypeScript and editors count.
    if (char === 10 || char === 0x2028 || char === 0x2029) starts.push(index + 1);
    else if (char === 13 && text.charCodeAt(index + 1) !== 10) starts.push(index + 1);
  }
  return starts;
}

// ---------------------------------------------------------------------------------------------
// Parsing

interface CachedParse {
  text: string;
  blobId?: string;
  file: Promise<ParsedFile>;
}

/** By path: one file is parsed once whether a rule read it by blob id (a changed file) or by path from the tree. */
const parsed = new Map<string, CachedParse[]>();
let childKeys: Record<string, readonly string[]> = {};

/** Parses a file once per run, whichever rule asks first (the same path with the same blob id or text). */
export function parseCode(path: string, text: string, blobId?: string): Promise<ParsedFile> {
  const cached = parsed.get(path) ?? [];
  const hit = cached.find((entry) => (blobId !== undefined && entry.blobId === blobId) || entry.text === text);
  if (hit) {
    hit.blobId ??= blobId;
    return hit.file;
  }
  const file = loadParser().then((oxc) => parseWith(oxc, path, text));
  cached.push({ text, blobId, file });
  parsed.set(path, cached);
  return file;
}

function parseWith(oxc: NativeParser, path: string, text: string): ParsedFile {
  countParse(path);
  childKeys = oxc.visitorKeys;
  const result = oxc.parseSync(path, text, { lang: languageOf(path), sourceType: sourceTypeOf(path), preserveParens: false });
  const program = result.program;
  const fatal = result.errors.find((error) => error.severity === 'Error');
  // oxc returns an empty program when it gives up; a non-empty one is complete (a late error such
  // as `await` outside an async function still yields the whole tree, as TypeScript's does).
  if (fatal && program.body.length === 0) {
    const source = new ParsedFile(path, text, program);
    const at = fatal.labels[0]?.start ?? 0;
    return new ParsedFile(path, text, program, { ...source.position(at), message: fatal.message });
  }
  linkParents(program);
  return new ParsedFile(path, text, program);
}

/** `.js` files may hold JSX (React projects), as TypeScript's parser allows; `.ts` files may not (`<T>x` is a cast). */
function languageOf(path: string): 'ts' | 'tsx' | 'jsx' | 'dts' {
  if (/\.d\.[cm]?ts$/.test(path)) return 'dts';
  if (path.endsWith('.tsx')) return 'tsx';
  if (/\.[cm]?ts$/.test(path)) return 'ts';
  return 'jsx';
}

/** `.cjs`/`.cts` are CommonJS (a top-level `return` is valid); others are modules when they use module syntax. */
function sourceTypeOf(path: string): 'commonjs' | 'unambiguous' {
  return /\.c[jt]s$/.test(path) ? 'commonjs' : 'unambiguous';
}

// ---------------------------------------------------------------------------------------------
// Walking

/** Calls `visit` on each child node of `node`, in source order (no arrays allocated: walks run several times per file). */
export function forEachChild(node: Node, visit: (child: Node) => void): void {
  const keys = childKeys[node.type];
  if (!keys) return;
  const fields = node as unknown as Record<string, unknown>;
  for (let index = 0; index < keys.length; index++) {
    const value = fields[keys[index]!];
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let item = 0; item < value.length; item++) if (isNode(value[item])) visit(value[item] as Node);
    } else if (isNode(value)) {
      visit(value);
    }
  }
}

/** Calls `visit` on `node` and its descendants, depth first in source order; `visit` returning false skips a subtree. */
export function walk(root: Node, visit: (node: Node) => boolean | void): void {
  // An explicit stack, no closure per node: several walks run over every parsed file.
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (visit(node) !== false) pushChildren(stack, node);
  }
}

/** Pushes the children of `node` so that they pop in source order. */
function pushChildren(stack: Node[], node: Node): void {
  const keys = childKeys[node.type];
  if (!keys) return;
  const fields = node as unknown as Record<string, unknown>;
  for (let index = keys.length - 1; index >= 0; index--) {
    const value = fields[keys[index]!];
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let item = value.length - 1; item >= 0; item--) if (isNode(value[item])) stack.push(value[item] as Node);
    } else if (isNode(value)) {
      stack.push(value);
    }
  }
}

function linkParents(program: AST.Program): void {
  const stack: Node[] = [program];
  while (stack.length) {
    const node = stack.pop()!;
    forEachChild(node, (child) => {
      (child as { parent?: Node }).parent = node;
      stack.push(child);
    });
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

// ---------------------------------------------------------------------------------------------
// Small node helpers

/** `x as T`, `x satisfies T`, `<T>x`, `x!`: the expression underneath. */
export function unwrapTypes(node: Node): Node {
  let current = node;
  while (
    current.type === 'TSAsExpression' ||
    current.type === 'TSSatisfiesExpression' ||
    current.type === 'TSTypeAssertion' ||
    current.type === 'TSNonNullExpression' ||
    current.type === 'ParenthesizedExpression'
  ) {
    current = current.expression;
  }
  return current;
}

/** The text of a string literal or a template without substitutions; undefined for anything else. */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** A property key's name when it is written literally (`a`, `'a'`, `1`); undefined for computed keys. */
export function keyName(property: { key: Node; computed: boolean }): string | undefined {
  if (property.computed) return undefined;
  const key = property.key;
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  return undefined;
}
