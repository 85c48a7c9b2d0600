// Hard-coded collections of records: an array literal of object literals that share fields and hold
// only literal values, served by the module (returned, sent, exported). Incident 1's old server
// returned a literal product list. Constants tables (`as const`, frozen, SCREAMING_CASE exports, rows
// made only of lookup keys such as value/label/code) are reference data, not records.
import type * as TS from 'typescript';

type TypeScript = typeof import('typescript');

export interface RecordOptions {
  minRecords: number;
  minSharedKeys: number;
  /** Extra keys that make a row a lookup entry rather than a record. */
  lookupKeys: string[];
}

export interface RecordArray {
  node: TS.ArrayLiteralExpression;
  count: number;
  sharedKeys: string[];
  served: Served;
  /** The variable holding it, when there is one. */
  name?: string;
}

export type Served = 'returned' | 'sent' | 'exported';

/** Keys of enum-like options, i18n and navigation tables: rows made only of these are lookup data. */
export const LOOKUP_KEYS = [
  'id', 'key', 'value', 'label', 'name', 'title', 'text', 'description', 'code', 'icon', 'color', 'colour', 'locale', 'lang',
  'language', 'dir', 'direction', 'flag', 'emoji', 'symbol', 'slug', 'href', 'url', 'path', 'route', 'to', 'type', 'kind',
  'variant', 'group', 'category', 'order', 'sort', 'position', 'abbr', 'abbreviation', 'short', 'shortName', 'long',
  'longName', 'native', 'nativeName', 'englishName', 'plural', 'singular', 'i18nKey', 'translationKey', 'messageKey',
  'message', 'tooltip', 'hint', 'placeholder', 'unit', 'format', 'currency', 'country', 'region', 'timezone', 'enabled',
  'disabled', 'hidden', 'visible', 'default', 'min', 'max', 'step', 'width', 'align', 'field', 'header', 'accessor',
];

/** Calls that send their argument to a client or resolve it as a result. */
const SERVE_CALLS = new Set(['json', 'send', 'end', 'jsonp', 'resolve', 'of', 'write', 'reply', 'ok', 'status']);

export function findRecordArrays(ts: TypeScript, source: TS.SourceFile, options: RecordOptions): RecordArray[] {
  const lookup = new Set([...LOOKUP_KEYS, ...options.lookupKeys].map((key) => key.toLowerCase()));
  const found: RecordArray[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isArrayLiteralExpression(node)) {
      const record = analyse(ts, source, node, options, lookup);
      if (record) {
        found.push(record);
        return; // nested arrays of a reported array are part of the same finding
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function analyse(
  ts: TypeScript,
  source: TS.SourceFile,
  node: TS.ArrayLiteralExpression,
  options: RecordOptions,
  lookup: Set<string>,
): RecordArray | undefined {
  if (node.elements.length < options.minRecords) return undefined;
  let shared: Set<string> | undefined;
  for (const element of node.elements) {
    const keys = literalRecordKeys(ts, unwrap(ts, element));
    if (!keys) return undefined;
    shared = shared ? new Set([...shared].filter((key) => keys.has(key))) : keys;
  }
  const sharedKeys = [...(shared ?? [])];
  if (sharedKeys.length < options.minSharedKeys) return undefined;
  if (sharedKeys.every((key) => lookup.has(key.toLowerCase()))) return undefined;
  if (isDeclaredConstant(ts, node)) return undefined;
  const name = holderName(ts, node);
  const served = servedHow(ts, source, node, 0);
  if (!served) return undefined;
  // `export const COUNTRIES = [...]`: a SCREAMING_CASE export is the convention for reference tables.
  if (served === 'exported' && name && /^[A-Z][A-Z0-9_]*$/.test(name)) return undefined;
  return { node, count: node.elements.length, sharedKeys, served, name };
}

/** Keys of an object literal whose values are all literal data; undefined for anything else. */
function literalRecordKeys(ts: TypeScript, node: TS.Node): Set<string> | undefined {
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  const keys = new Set<string>();
  for (const property of node.properties) {
    if (!ts.isPropertyAssignment(property) || !isLiteralData(ts, property.initializer)) return undefined;
    const key = propertyKey(ts, property.name);
    if (key === undefined) return undefined;
    keys.add(key);
  }
  return keys;
}

function propertyKey(ts: TypeScript, name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

/** Strings, numbers, booleans, null, dates from literals, and arrays/objects of those: data, not code. */
function isLiteralData(ts: TypeScript, raw: TS.Expression): boolean {
  const node = unwrap(ts, raw);
  switch (node.kind) {
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
      return true;
  }
  if (ts.isIdentifier(node)) return node.text === 'undefined';
  if (ts.isPrefixUnaryExpression(node)) return ts.isNumericLiteral(node.operand);
  if (ts.isArrayLiteralExpression(node)) return node.elements.every((element) => isLiteralData(ts, element));
  if (ts.isObjectLiteralExpression(node)) return literalRecordKeys(ts, node) !== undefined;
  if (ts.isNewExpression(node)) {
    return ts.isIdentifier(node.expression) && node.expression.text === 'Date' && (node.arguments ?? []).every((arg) => isLiteralData(ts, arg));
  }
  return false;
}

function unwrap(ts: TypeScript, node: TS.Expression): TS.Expression {
  let current = node;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isTypeAssertionExpression(current) ||
    ts.isNonNullExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

/** `[...] as const` or `Object.freeze([...])`: declared immutable reference data. */
function isDeclaredConstant(ts: TypeScript, node: TS.Node): boolean {
  for (let current: TS.Node = node; ; current = current.parent) {
    const parent = current.parent;
    if (!parent) return false;
    if (ts.isAsExpression(parent) && ts.isConstTypeReference(parent.type)) return true;
    if (ts.isCallExpression(parent) && calleeText(ts, parent.expression) === 'Object.freeze') return true;
    if (!(ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent))) return false;
  }
}

function holderName(ts: TypeScript, node: TS.Node): string | undefined {
  let current = node.parent;
  while (current && (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current))) current = current.parent;
  return current && ts.isVariableDeclaration(current) && ts.isIdentifier(current.name) ? current.name.text : undefined;
}

/**
 * How a value leaves the module: returned (a return, an arrow body), sent (`res.json(x)`,
 * `Promise.resolve(x)`, `new Response(...)`), or exported. Follows a variable to its uses, and
 * `products.filter(...)` / `{ items: products }` wrappers.
 */
function servedHow(ts: TypeScript, source: TS.SourceFile, node: TS.Node, depth: number): Served | undefined {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return undefined;
    if (
      ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isSatisfiesExpression(parent) ||
      ts.isTypeAssertionExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      ts.isAwaitExpression(parent) ||
      ts.isSpreadElement(parent) ||
      ts.isArrayLiteralExpression(parent) ||
      ts.isShorthandPropertyAssignment(parent) ||
      (ts.isPropertyAssignment(parent) && parent.initializer === current) ||
      ts.isObjectLiteralExpression(parent) ||
      (ts.isConditionalExpression(parent) && parent.condition !== current) ||
      (ts.isBinaryExpression(parent) && /^(\?\?|\|\||&&)$/.test(parent.operatorToken.getText(source)) && parent.right === current)
    ) {
      current = parent;
      continue;
    }
    // products.filter(...), products.slice(0, 10): the call's result carries the data on.
    if (ts.isPropertyAccessExpression(parent) && parent.expression === current && parent.parent && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
      current = parent.parent;
      continue;
    }
    if (ts.isCallExpression(parent) && parent.arguments.includes(current as TS.Expression)) {
      const callee = calleeText(ts, parent.expression);
      if (callee === 'JSON.stringify') {
        current = parent;
        continue;
      }
      const last = callee?.split('.').pop();
      return last && SERVE_CALLS.has(last) ? 'sent' : undefined;
    }
    if (ts.isNewExpression(parent)) return calleeText(ts, parent.expression) === 'Response' ? 'sent' : undefined;
    if (ts.isReturnStatement(parent)) return 'returned';
    if (ts.isArrowFunction(parent) && parent.body === current) return 'returned';
    if (ts.isExportAssignment(parent)) return 'exported';
    if (ts.isVariableDeclaration(parent) && parent.initializer === current && ts.isIdentifier(parent.name)) {
      const statement = parent.parent?.parent;
      if (statement && ts.isVariableStatement(statement) && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return 'exported';
      return depth < 3 ? servedThroughUses(ts, source, parent.name, depth + 1) : undefined;
    }
    return undefined;
  }
}

/** A variable is served when any reference to it is (`return products`, `export { products }`). */
function servedThroughUses(ts: TypeScript, source: TS.SourceFile, name: TS.Identifier, depth: number): Served | undefined {
  let served: Served | undefined;
  const visit = (node: TS.Node): void => {
    if (served) return;
    if (ts.isIdentifier(node) && node !== name && node.text === name.text) {
      if (ts.isExportSpecifier(node.parent)) served = 'exported';
      else if (!isNameOfProperty(ts, node)) served = servedHow(ts, source, node, depth);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return served;
}

function isNameOfProperty(ts: TypeScript, node: TS.Identifier): boolean {
  const parent = node.parent;
  return (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node);
}

function calleeText(ts: TypeScript, node: TS.Expression): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) {
    const left = calleeText(ts, node.expression);
    return left ? `${left}.${node.name.text}` : node.name.text;
  }
  return undefined;
}
