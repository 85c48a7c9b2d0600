// Hard-coded collections of records: an array literal of object literals that share fields and hold
// only literal values, served by the module (returned, sent, exported). Incident 1's old server
// returned a literal product list. Constants tables (`as const`, frozen, SCREAMING_CASE exports, rows
// made only of lookup keys such as value/label/code) are reference data, and rows without an entity
// field (price, email, stock, a person's name, a foreign key) are content (an FAQ), not records.
import { keyName, unwrapTypes, walk, type AST, type Node, type ParsedFile } from '../shared/ast.js';
import { words } from './names.js';

export interface RecordOptions {
  minRecords: number;
  minSharedKeys: number;
  /** Extra keys that make a row a lookup entry rather than a record. */
  lookupKeys: string[];
}

export interface RecordArray {
  node: AST.ArrayExpression;
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

export function findRecordArrays(source: ParsedFile, options: RecordOptions): RecordArray[] {
  const lookup = new Set([...LOOKUP_KEYS, ...options.lookupKeys].map((key) => key.toLowerCase()));
  const found: RecordArray[] = [];
  walk(source.program, (node) => {
    if (node.type !== 'ArrayExpression') return;
    const record = analyse(source, node, options, lookup);
    if (!record) return;
    found.push(record);
    return false; // nested arrays of a reported array are part of the same finding
  });
  return found;
}

function analyse(source: ParsedFile, node: AST.ArrayExpression, options: RecordOptions, lookup: Set<string>): RecordArray | undefined {
  if (node.elements.length < options.minRecords) return undefined;
  let shared: Set<string> | undefined;
  for (const element of node.elements) {
    const keys = element && literalRecordKeys(unwrapTypes(element));
    if (!keys) return undefined;
    shared = shared ? new Set([...shared].filter((key) => keys.has(key))) : keys;
  }
  const sharedKeys = [...(shared ?? [])];
  if (sharedKeys.length < options.minSharedKeys) return undefined;
  if (sharedKeys.every((key) => lookup.has(key.toLowerCase()))) return undefined;
  if (!node.elements.some((element) => element && describesEntity(unwrapTypes(element)))) return undefined;
  if (isDeclaredConstant(node)) return undefined;
  const name = holderName(node);
  const served = servedHow(source, node, 0);
  if (!served) return undefined;
  // `export const COUNTRIES = [...]`: a SCREAMING_CASE export is the convention for reference tables.
  if (served === 'exported' && name && /^[A-Z][A-Z0-9_]*$/.test(name)) return undefined;
  return { node, count: node.elements.length, sharedKeys, served, name };
}

/**
 * Words of keys that mark a domain entity (a product, a user, an order) rather than content (an FAQ
 * entry, a feature list, a catalogue of sample events): prices, contact data, stock, people, owners.
 */
const ENTITY_WORDS = new Set([
  'price', 'prices', 'cost', 'costs', 'amount', 'total', 'subtotal', 'balance', 'salary', 'cents', 'sku', 'stock',
  'inventory', 'quantity', 'qty', 'email', 'mail', 'phone', 'mobile', 'address', 'street', 'city', 'zip', 'postcode',
  'postal', 'username', 'firstname', 'lastname', 'fullname', 'surname', 'avatar', 'password', 'birthday', 'dob',
  'uuid', 'rating', 'customer', 'owner', 'author', 'created', 'updated',
]);
/** Two-word keys that name a person: `firstName`, `last_name`, `full_name`. */
const PERSON_NAME = /^(?:first|last|full|given|family|display|user)$/;

/** A row that carries entity fields (`price`, `email`, `userId`, `firstName`) or an email address value. */
function describesEntity(node: Node): boolean {
  if (node.type !== 'ObjectExpression') return false;
  return node.properties.some((property) => {
    if (property.type !== 'Property') return false;
    const key = keyName(property);
    if (key !== undefined && isEntityKey(key)) return true;
    const value = unwrapTypes(property.value);
    return value.type === 'Literal' && typeof value.value === 'string' && isEmailAddress(value.value);
  });
}

function isEntityKey(key: string): boolean {
  const parts = words(key);
  if (parts.some((part) => ENTITY_WORDS.has(part))) return true;
  const last = parts[parts.length - 1];
  // `userId`, `product_id` are foreign keys; a bare `id` is also how content lists key their rows.
  if (parts.length >= 2 && last === 'id') return true;
  return parts.length === 2 && last === 'name' && PERSON_NAME.test(parts[0]!);
}

function isEmailAddress(text: string): boolean {
  const [local, domain, ...rest] = text.split('@');
  return rest.length === 0 && !!local && !!domain && domain.includes('.') && !/\s/.test(text);
}

/** Rows made only of lookup keys (`{ value, title }`), `id` aside: options, not records. */
export function isLookupRow(node: Node): boolean {
  if (node.type !== 'ObjectExpression') return false;
  const lookup = new Set(LOOKUP_KEYS.map((key) => key.toLowerCase()));
  return node.properties.every((property) => {
    const key = property.type === 'Property' ? keyName(property) : undefined;
    return key !== undefined && key !== 'id' && lookup.has(key.toLowerCase());
  });
}

/** Returned, sent or exported by the module (directly or through a variable). */
export function isServed(source: ParsedFile, node: Node): boolean {
  return servedHow(source, node, 0) !== undefined;
}

/** Keys of an object literal whose values are all literal data; undefined for anything else. */
function literalRecordKeys(node: Node): Set<string> | undefined {
  if (node.type !== 'ObjectExpression') return undefined;
  const keys = new Set<string>();
  for (const property of node.properties) {
    if (property.type !== 'Property' || property.shorthand || property.method || property.kind !== 'init') return undefined;
    if (!isLiteralData(property.value)) return undefined;
    const key = keyName(property);
    if (key === undefined) return undefined;
    keys.add(key);
  }
  return keys;
}

/** Strings, numbers, booleans, null, dates from literals, and arrays/objects of those: data, not code. */
function isLiteralData(raw: Node | null): boolean {
  if (!raw) return false;
  const node = unwrapTypes(raw);
  switch (node.type) {
    case 'Literal':
      return !('regex' in node && node.regex);
    case 'TemplateLiteral':
      return node.expressions.length === 0;
    case 'Identifier':
      return node.name === 'undefined';
    case 'UnaryExpression':
      return ['-', '+', '!', '~'].includes(node.operator) && node.argument.type === 'Literal' && typeof node.argument.value === 'number';
    case 'ArrayExpression':
      return node.elements.every((element) => element?.type !== 'SpreadElement' && isLiteralData(element));
    case 'ObjectExpression':
      return literalRecordKeys(node) !== undefined;
    case 'NewExpression':
      return node.callee.type === 'Identifier' && node.callee.name === 'Date' && node.arguments.every((arg) => arg.type !== 'SpreadElement' && isLiteralData(arg));
    default:
      return false;
  }
}

/** `[...] as const` or `Object.freeze([...])`: declared immutable reference data. */
export function isDeclaredConstant(node: Node): boolean {
  for (let current: Node = node; ; ) {
    const parent = current.parent;
    if (!parent) return false;
    if (parent.type === 'TSAsExpression' && isConstType(parent.typeAnnotation)) return true;
    if (parent.type === 'CallExpression' && calleeText(parent.callee) === 'Object.freeze') return true;
    if (!(parent.type === 'TSAsExpression' || parent.type === 'TSSatisfiesExpression')) return false;
    current = parent;
  }
}

function isConstType(type: Node): boolean {
  return type.type === 'TSTypeReference' && type.typeName.type === 'Identifier' && type.typeName.name === 'const';
}

function holderName(node: Node): string | undefined {
  let current = node.parent;
  while (current && (current.type === 'TSAsExpression' || current.type === 'TSSatisfiesExpression')) current = current.parent;
  return current?.type === 'VariableDeclarator' && current.id.type === 'Identifier' ? current.id.name : undefined;
}

/** Nodes a value passes through unchanged on its way out (`await x`, `[x]`, `{ items: x }`, `x as T`, `a?.b()`). */
const CARRIERS = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSTypeAssertion',
  'TSNonNullExpression',
  'AwaitExpression',
  'ArrayExpression',
  'ObjectExpression',
  'ChainExpression',
]);

/**
 * How a value leaves the module: returned (a return, an arrow body), sent (`res.json(x)`,
 * `Promise.resolve(x)`, `new Response(...)`), or exported. Follows a variable to its uses, and
 * `products.filter(...)` / `{ items: products }` wrappers.
 */
function servedHow(source: ParsedFile, node: Node, depth: number): Served | undefined {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return undefined;
    if (
      CARRIERS.has(parent.type) ||
      // `[...x]` and `f(...x)` carry the records; `{ ...x }` spreads an array's indices, not records.
      (parent.type === 'SpreadElement' && parent.parent?.type !== 'ObjectExpression') ||
      (parent.type === 'Property' && parent.value === current) ||
      (parent.type === 'ConditionalExpression' && parent.test !== current) ||
      (parent.type === 'LogicalExpression' && parent.right === current)
    ) {
      current = parent;
      continue;
    }
    // products.filter(...), products.slice(0, 10): the call's result carries the data on.
    if (parent.type === 'MemberExpression' && parent.object === current && parent.parent?.type === 'CallExpression' && parent.parent.callee === parent) {
      current = parent.parent;
      continue;
    }
    if (parent.type === 'CallExpression' && parent.arguments.includes(current as AST.Argument)) {
      const callee = calleeText(parent.callee);
      if (callee === 'JSON.stringify') {
        current = parent;
        continue;
      }
      const last = callee?.split('.').pop();
      return last && SERVE_CALLS.has(last) ? 'sent' : undefined;
    }
    if (parent.type === 'NewExpression') return calleeText(parent.callee) === 'Response' ? 'sent' : undefined;
    if (parent.type === 'ReturnStatement') return 'returned';
    if (parent.type === 'ArrowFunctionExpression' && parent.body === current) return 'returned';
    if (parent.type === 'ExportDefaultDeclaration' || parent.type === 'TSExportAssignment') return 'exported';
    if (parent.type === 'VariableDeclarator' && parent.init === current && parent.id.type === 'Identifier') {
      if (parent.parent?.parent?.type === 'ExportNamedDeclaration') return 'exported';
      return depth < 3 ? servedThroughUses(source, parent.id, depth + 1) : undefined;
    }
    return undefined;
  }
}

/** A variable is served when any reference to it is (`return products`, `export { products }`). */
function servedThroughUses(source: ParsedFile, name: AST.BindingIdentifier, depth: number): Served | undefined {
  let served: Served | undefined;
  walk(source.program, (node) => {
    if (served) return false;
    if (node.type !== 'Identifier' || node === name || node.name !== name.name) return;
    if (node.parent?.type === 'ExportSpecifier') served = 'exported';
    else if (!isNameOfProperty(node)) served = servedHow(source, node, depth);
  });
  return served;
}

function isNameOfProperty(node: Node): boolean {
  const parent = node.parent;
  return (parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) || (parent?.type === 'Property' && parent.key === node && !parent.shorthand);
}

function calleeText(node: Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') {
    const left = calleeText(node.object);
    return left ? `${left}.${node.property.name}` : node.property.name;
  }
  return undefined;
}
