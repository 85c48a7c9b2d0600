// The no-mock-data detectors over one parsed file. Each hit names its detector (the finding's kind)
// and the node it is about; the rule turns hits into findings on changed lines.
import { matchWhole } from '../../glob.js';
import { unwrapTypes, walk, type AST, type Node, type ParsedFile } from '../shared/ast.js';
import { packageName, type ModuleImport } from '../shared/code.js';
import { classifyName, endsInDataNoun, hasMockWord, namesProductFeature } from './names.js';
import { fileTraits, isDrawnExample, isIllustration, isRoleMailbox, type FileTraits } from './illustrations.js';
import { inSampleCatalog } from './sample-catalogs.js';
import { findRecordArrays, isDeclaredConstant, isLookupRow, type RecordOptions } from './records.js';

export type Detector = 'mock-library' | 'mock-import' | 'mock-name' | 'mock-switch' | 'record-array' | 'placeholder';

export interface Hit {
  detector: Detector;
  /** Where the finding points. */
  node: Node;
  /** Absolute offset of the finding when it is inside the node (a placeholder in a long string). */
  offset?: number;
  /** Lines the finding covers, when more than the first (a multi-line array). */
  span?: Node;
  message: string;
}

export interface DetectorSettings {
  libraries: { packages: string[]; allow: string[] } | undefined;
  imports: { paths: string[]; allow: string[] } | undefined;
  names: boolean;
  switches: boolean;
  records: RecordOptions | undefined;
  placeholders: { patterns: Placeholder[]; allow: string[] } | undefined;
}

export interface Placeholder {
  label: string;
  pattern: RegExp;
  /** An RFC 2606 example address: a role mailbox (`support@`) is quiet where a UI component only draws it. */
  illustrative?: boolean;
}

export const DEFAULT_LIBRARIES = [
  '@faker-js/faker',
  'faker',
  '@ngneat/falso',
  'casual',
  'chance',
  'json-server',
  'miragejs',
  'msw',
  '@mswjs/data',
  '@mswjs/http-middleware',
  'mockjs',
  'json-schema-faker',
  '@anatine/zod-mock',
  'fishery',
  'rosie',
  'nock',
  'fetch-mock',
  'axios-mock-adapter',
  'jest-mock-extended',
  'mock-fs',
];

/**
 * Matched against each path segment of a non-package specifier, case-insensitively. A segment named
 * like mock data (`mockProducts.ts`, `users.mock.ts`, `fake-store`, not `no-mock-data`) always counts.
 */
export const DEFAULT_TEST_DOUBLE_PATHS = ['__mocks__', '__fixtures__', 'fixtures', '*.fixture', '*.fixture.*', 'mock-data*', 'mockdata*', 'dummy-data*', '*fake*'];

export const DEFAULT_PLACEHOLDERS: Placeholder[] = [
  // shipguard-ignore no-mock-data -- the detector's own label
  { label: 'lorem ipsum filler text', pattern: /\blorem ipsum\b|\bdolor sit amet\b/i },
  { label: 'a placeholder name', pattern: /\b(?:John|Jane) Doe\b/ },
  { label: 'a placeholder email address', pattern: /(?<![\w.+-])[\w.+-]+@example\.(?:com|org|net)\b/i, illustrative: true },
  { label: 'a placeholder email address', pattern: /(?<![\w.+-])[\w.+-]+@(?:test\.com|mailinator\.com)\b/i },
  { label: 'a placeholder URL', pattern: /\bhttps?:\/\/(?:[\w-]+\.)*example\.(?:com|org|net)\b/i },
  { label: 'a placeholder phone number', pattern: /\b555-\d{4}\b|\(555\)\s?\d{3}-\d{4}|\b123-456-7890\b/ },
  {
    label: 'a placeholder image service',
    pattern: /\b(?:via\.placeholder\.com|placehold\.(?:it|co)|placekitten\.com|picsum\.photos|dummyimage\.com|loremflickr\.com|fakeimg\.pl|randomuser\.me)\b/i,
  },
];

export function detect(source: ParsedFile, imports: ModuleImport[], settings: DetectorSettings): Hit[] {
  const hits: Hit[] = [];
  for (const entry of imports) {
    const hit = importHit(entry, settings);
    if (hit && !entry.typeOnly) hits.push(hit); // typeOnly walks the whole file: asked last
  }
  const importNodes = new Set(imports.map((entry) => entry.node));
  const traits = fileTraits(source, imports);
  const productFeature = namesProductFeature(source.path);
  walk(source.program, (node) => {
    if (node.type === 'ImportDeclaration' || importNodes.has(node)) return false; // judged above, as imports
    if (settings.names || settings.switches) hits.push(...nameHits(node, settings, productFeature));
    if (settings.switches) hits.push(...switchHits(node));
    if (settings.placeholders) hits.push(...placeholderHits(source, node, settings.placeholders, traits));
  });
  if (settings.records) {
    for (const record of findRecordArrays(source, settings.records)) {
      if (inSampleCatalog(record.node)) continue;
      const what = record.name ? `"${record.name}" is a hard-coded list` : 'A hard-coded list';
      const how = record.served === 'exported' ? 'exported by production code' : record.served === 'sent' ? 'sent to clients' : 'returned by production code';
      hits.push({
        detector: 'record-array',
        node: record.node,
        span: record.node,
        message: `${what} of ${record.count} records (${record.sharedKeys.slice(0, 5).join(', ')}) ${how}: literal data served as if it came from the database`,
      });
    }
  }
  return hits;
}

function importHit(entry: ModuleImport, settings: DetectorSettings): Hit | undefined {
  const name = packageName(entry.specifier);
  const { libraries, imports } = settings;
  if (name && libraries && libraries.packages.includes(name) && !libraries.allow.includes(name)) {
    return { detector: 'mock-library', node: entry.statement, message: `Production code imports the fake-data library "${name}"` };
  }
  if (!imports || matchWhole(entry.specifier, imports.allow)) return undefined;
  if (!name) {
    const segment = entry.specifier
      .replace(/[?#][^]*/, '')
      .split('/')
      .find((part) => part !== '.' && part !== '..' && isMockSegment(part, imports.paths));
    if (segment) return { detector: 'mock-import', node: entry.statement, message: `Production code imports mock data from "${entry.specifier}"` };
  }
  if (settings.names) {
    const named = [...entry.importedNames, ...entry.localNames].find((imported) => imported !== 'default' && imported !== '*' && classifyName(imported) === 'mock');
    if (named) return { detector: 'mock-import', node: entry.statement, message: `Production code imports "${named}" from "${entry.specifier}"` };
  }
  return undefined;
}

function isMockSegment(segment: string, patterns: string[]): boolean {
  const stem = segment.replace(/\.[cm]?[jt]sx?$|\.json$/, '');
  const named = classifyName(stem);
  return named === 'mock' || named === 'switch' || matchWhole(segment, patterns, { nocase: true });
}

/** Declarations and exports named as mock data, or as a switch that serves it. */
function nameHits(node: Node, settings: DetectorSettings, productFeature: boolean): Hit[] {
  const declared = declaredName(node);
  if (!declared) return [];
  const kind = classifyName(declared.name.name);
  if (kind === 'switch' && settings.switches) {
    return [{ detector: 'mock-switch', node: declared.name, message: `"${declared.name.name}" switches production code to mock data` }];
  }
  if (!settings.names) return [];
  if (kind === 'mock' && !(productFeature && !endsInDataNoun(declared.name.name))) return [{ detector: 'mock-name', node: declared.name, message: `"${declared.name.name}" names mock data in production code` }];
  if (kind === 'sample' && declared.value && holdsRecords(declared.value)) {
    return [{ detector: 'mock-name', node: declared.name, message: `"${declared.name.name}" holds sample records in production code` }];
  }
  return [];
}

type Named = { name: AST.IdentifierName | AST.BindingIdentifier; value?: Node | null };

function declaredName(node: Node): Named | undefined {
  switch (node.type) {
    case 'VariableDeclarator':
      return node.id.type === 'Identifier' ? { name: node.id, value: node.init } : undefined;
    case 'PropertyDefinition':
    case 'AccessorProperty':
    case 'TSAbstractPropertyDefinition':
      return node.key.type === 'Identifier' && !node.computed ? { name: node.key, value: node.value } : undefined;
    case 'Property':
      if (node.parent?.type === 'ObjectPattern') return undefined; // a destructured binding: judged at the binding below
      if (node.key.type !== 'Identifier' || node.computed || node.shorthand || node.kind !== 'init') return undefined;
      return node.method ? { name: node.key } : { name: node.key, value: node.value };
    case 'FunctionDeclaration':
    case 'TSDeclareFunction':
    case 'ClassDeclaration':
      return node.id ? { name: node.id } : undefined;
    case 'MethodDefinition':
    case 'TSAbstractMethodDefinition':
      return node.kind === 'method' && node.key.type === 'Identifier' && !node.computed ? { name: node.key } : undefined;
    case 'ExportSpecifier': {
      // `export { products as mockProducts }`; a plain `export { mockProducts }` is judged at its declaration,
      // and `export { mockProducts } from './x'` as an import.
      const renamed = node.exported.start !== node.local.start;
      const reExport = node.parent?.type === 'ExportNamedDeclaration' && node.parent.source !== null;
      return renamed && !reExport && node.exported.type === 'Identifier' ? { name: node.exported } : undefined;
    }
    case 'Identifier':
      return destructured(node);
  }
  return undefined;
}

/** `const { mockData } = x`, `const [mockA = []] = y`, `function f({ mockUsers })`: a binding taken apart from a value. */
function destructured(node: AST.IdentifierName | AST.BindingIdentifier | AST.IdentifierReference): Named | undefined {
  let binding: Node = node;
  let value: Node | undefined;
  if (node.parent?.type === 'AssignmentPattern' && node.parent.left === node) {
    value = node.parent.right;
    binding = node.parent;
  }
  const holder = binding.parent;
  const inPattern =
    holder?.type === 'ArrayPattern' ||
    (holder?.type === 'RestElement' && (holder.parent?.type === 'ObjectPattern' || holder.parent?.type === 'ArrayPattern')) ||
    (holder?.type === 'Property' && holder.value === binding && holder.parent?.type === 'ObjectPattern');
  return inPattern && !isAssignmentTarget(holder) ? { name: node, value } : undefined;
}

/** `({ mockData } = x)` assigns to existing bindings; only declarations and parameters are judged. */
function isAssignmentTarget(node: Node): boolean {
  let current = node;
  while (current.parent && /^(?:ObjectPattern|ArrayPattern|Property|AssignmentPattern|RestElement)$/.test(current.parent.type)) current = current.parent;
  const top = current.type === 'Property' ? current.parent : current;
  return top?.parent?.type === 'AssignmentExpression' || top?.parent?.type === 'ForOfStatement' || top?.parent?.type === 'ForInStatement';
}

/** Literal records: not an `as const` option list, not rows of lookup keys only (`{ value, title }`). */
function holdsRecords(value: Node): boolean {
  const node = unwrapTypes(value);
  if (node.type === 'ArrayExpression') {
    if (isDeclaredConstant(node)) return false;
    return node.elements.some((element) => element?.type === 'ObjectExpression' && !isLookupRow(element));
  }
  if (node.type === 'ObjectExpression') {
    return node.properties.some((property) => property.type === 'Property' && !property.shorthand && property.kind === 'init' && !property.method && holdsRecords(property.value));
  }
  return false;
}

/** `process.env.MOCK_API`, `import.meta.env.VITE_USE_MOCKS`, and switch-named flags tested in conditions. */
function switchHits(node: Node): Hit[] {
  const env = envVariable(node);
  if (env && hasMockWord(env)) return [{ detector: 'mock-switch', node, message: `The environment variable ${env} switches production code to mock data` }];
  const condition = conditionOf(node);
  if (!condition) return [];
  const hits: Hit[] = [];
  walk(condition, (child) => {
    if (child.type === 'FunctionExpression' || child.type === 'ArrowFunctionExpression') return false;
    if (child.type === 'Identifier' && classifyName(child.name) === 'switch') {
      hits.push({ detector: 'mock-switch', node: condition, message: `This condition serves mock data when "${child.name}" is set` });
    }
  });
  return hits.slice(0, 1);
}

function conditionOf(node: Node): Node | undefined {
  if (node.type === 'IfStatement' || node.type === 'WhileStatement' || node.type === 'ConditionalExpression') return node.test;
  if (node.type === 'LogicalExpression' && (node.operator === '&&' || node.operator === '||')) return node.left;
  return undefined;
}

/** `process.env.X`, `process.env['X']`, `import.meta.env.X`: the variable name. */
function envVariable(node: Node): string | undefined {
  if (node.type !== 'MemberExpression' || !isEnvObject(node.object)) return undefined;
  if (!node.computed) return node.property.type === 'Identifier' ? node.property.name : undefined;
  const key = node.property;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return key.type === 'TemplateLiteral' && key.expressions.length === 0 ? (key.quasis[0]?.value.cooked ?? undefined) : undefined;
}

function isEnvObject(node: Node): boolean {
  if (node.type !== 'MemberExpression' || node.computed || node.property.type !== 'Identifier' || node.property.name !== 'env') return false;
  const owner = node.object;
  return (owner.type === 'Identifier' && owner.name === 'process') || (owner.type === 'MetaProperty' && owner.property.name === 'meta');
}

/** Placeholder content in string literals and JSX text (never comments: they are not in the tree). */
function placeholderHits(source: ParsedFile, node: Node, settings: { patterns: Placeholder[]; allow: string[] }, traits: FileTraits): Hit[] {
  if (!isTextNode(node)) return [];
  // A template without substitutions is one string: its parent decides, as for a quoted string.
  const literal = node.type === 'TemplateElement' && node.parent?.type === 'TemplateLiteral' && node.parent.expressions.length === 0 ? node.parent : node;
  const start = node.start;
  const raw = source.text.slice(start, node.end);
  const hits: Hit[] = [];
  let drawn: boolean | undefined;
  for (const { label, pattern, illustrative } of settings.patterns) {
    pattern.lastIndex = 0; // user patterns may carry the g flag
    const match = pattern.exec(raw);
    if (!match) continue;
    const allowed = settings.allow.some((entry) => match[0].toLowerCase().includes(entry.toLowerCase()));
    if (allowed || (illustrative && isRoleMailbox(match[0]) && (drawn ??= isDrawnExample(source, literal, traits)))) continue;
    hits.push({ detector: 'placeholder', node, offset: start + match.index, message: `"${truncate(match[0], 40)}" is ${label}` });
  }
  // Where the string stands is judged only for the few that match: most strings never get this far.
  if (hits.length && (isComparedAgainst(literal) || isIllustration(literal, traits) || inSampleCatalog(literal))) return [];
  return hits;
}

function isTextNode(node: Node): boolean {
  return (node.type === 'Literal' && typeof node.value === 'string') || node.type === 'TemplateElement' || node.type === 'JSXText';
}

/** `x === 'John Doe'`, `case 'test@test.com':`: code that recognises a placeholder, never serves it. */
function isComparedAgainst(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'SwitchCase') return parent.test === node;
  if (parent.type !== 'BinaryExpression') return false;
  const operator = parent.operator;
  return operator === '===' || operator === '!==' || operator === '==' || operator === '!=';
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
