// The no-mock-data detectors over one parsed file. Each hit names its detector (the finding's kind)
// and the node it is about; the rule turns hits into findings on changed lines.
import type * as TS from 'typescript';

type TypeScript = typeof import('typescript');
import { minimatch } from 'minimatch';
import { packageName, type ModuleImport } from '../shared/code.js';
import { classifyName, hasMockWord } from './names.js';
import { findRecordArrays, type RecordOptions } from './records.js';

export type Detector = 'mock-library' | 'mock-import' | 'mock-name' | 'mock-switch' | 'record-array' | 'placeholder';

export interface Hit {
  detector: Detector;
  /** Where the finding points. */
  node: TS.Node;
  /** Absolute offset of the finding when it is inside the node (a placeholder in a long string). */
  offset?: number;
  /** Lines the finding covers, when more than the first (a multi-line array). */
  span?: TS.Node;
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
  { label: 'a placeholder email address', pattern: /(?<![\w.+-])[\w.+-]+@(?:test\.com|example\.(?:com|org|net)|mailinator\.com)\b/i },
  { label: 'a placeholder URL', pattern: /\bhttps?:\/\/(?:[\w-]+\.)*example\.(?:com|org|net)\b/i },
  { label: 'a placeholder phone number', pattern: /\b555-\d{4}\b|\(555\)\s?\d{3}-\d{4}|\b123-456-7890\b/ },
  {
    label: 'a placeholder image service',
    pattern: /\b(?:via\.placeholder\.com|placehold\.(?:it|co)|placekitten\.com|picsum\.photos|dummyimage\.com|loremflickr\.com|fakeimg\.pl|randomuser\.me)\b/i,
  },
];

export function detect(ts: TypeScript, source: TS.SourceFile, imports: ModuleImport[], settings: DetectorSettings): Hit[] {
  const hits: Hit[] = [];
  for (const entry of imports) {
    if (entry.typeOnly) continue;
    const hit = importHit(entry, settings);
    if (hit) hits.push(hit);
  }
  const importNodes = new Set(imports.map((entry) => entry.node));
  const visit = (node: TS.Node): void => {
    if (ts.isImportDeclaration(node)) return; // judged above, as imports
    if (settings.names || settings.switches) hits.push(...nameHits(ts, node, settings));
    if (settings.switches) hits.push(...switchHits(ts, node));
    if (settings.placeholders && !importNodes.has(node)) hits.push(...placeholderHits(ts, source, node, settings.placeholders));
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (settings.records) {
    for (const record of findRecordArrays(ts, source, settings.records)) {
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
  if (!imports || imports.allow.some((pattern) => minimatch(entry.specifier, pattern))) return undefined;
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
  return named === 'mock' || named === 'switch' || patterns.some((pattern) => minimatch(segment, pattern, { nocase: true, dot: true }));
}

/** Declarations and exports named as mock data, or as a switch that serves it. */
function nameHits(ts: TypeScript, node: TS.Node, settings: DetectorSettings): Hit[] {
  const declared = declaredName(ts, node);
  if (!declared) return [];
  const kind = classifyName(declared.name.text);
  if (kind === 'switch' && settings.switches) {
    return [{ detector: 'mock-switch', node: declared.name, message: `"${declared.name.text}" switches production code to mock data` }];
  }
  if (!settings.names) return [];
  if (kind === 'mock') return [{ detector: 'mock-name', node: declared.name, message: `"${declared.name.text}" names mock data in production code` }];
  if (kind === 'sample' && declared.value && holdsRecords(ts, declared.value)) {
    return [{ detector: 'mock-name', node: declared.name, message: `"${declared.name.text}" holds sample records in production code` }];
  }
  return [];
}

function declaredName(ts: TypeScript, node: TS.Node): { name: TS.Identifier; value?: TS.Node } | undefined {
  if ((ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node) || ts.isPropertyAssignment(node)) && ts.isIdentifier(node.name)) {
    return { name: node.name, value: node.initializer };
  }
  if (ts.isBindingElement(node) && ts.isIdentifier(node.name)) return { name: node.name, value: node.initializer };
  if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isMethodDeclaration(node)) && node.name && ts.isIdentifier(node.name)) {
    return { name: node.name };
  }
  // `export { products as mockProducts }`; a plain `export { mockProducts }` is judged at its declaration,
  // and `export { mockProducts } from './x'` as an import.
  if (ts.isExportSpecifier(node) && node.propertyName && ts.isIdentifier(node.name) && !node.parent.parent.moduleSpecifier) {
    return { name: node.name };
  }
  return undefined;
}

function holdsRecords(ts: TypeScript, value: TS.Node): boolean {
  let node = value;
  while (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isParenthesizedExpression(node)) node = node.expression;
  if (ts.isArrayLiteralExpression(node)) return node.elements.some((element) => ts.isObjectLiteralExpression(element));
  if (ts.isObjectLiteralExpression(node)) {
    return node.properties.some((property) => ts.isPropertyAssignment(property) && holdsRecords(ts, property.initializer));
  }
  return false;
}

/** `process.env.MOCK_API`, `import.meta.env.VITE_USE_MOCKS`, and switch-named flags tested in conditions. */
function switchHits(ts: TypeScript, node: TS.Node): Hit[] {
  const env = envVariable(ts, node);
  if (env && hasMockWord(env)) return [{ detector: 'mock-switch', node, message: `The environment variable ${env} switches production code to mock data` }];
  const condition = conditionOf(ts, node);
  if (!condition) return [];
  const hits: Hit[] = [];
  const visit = (child: TS.Node): void => {
    if (ts.isFunctionLike(child)) return;
    const name = ts.isIdentifier(child) ? child.text : undefined;
    if (name && classifyName(name) === 'switch') {
      hits.push({ detector: 'mock-switch', node: condition, message: `This condition serves mock data when "${name}" is set` });
    }
    ts.forEachChild(child, visit);
  };
  visit(condition);
  return hits.slice(0, 1);
}

function conditionOf(ts: TypeScript, node: TS.Node): TS.Expression | undefined {
  if (ts.isIfStatement(node) || ts.isWhileStatement(node)) return node.expression;
  if (ts.isConditionalExpression(node)) return node.condition;
  if (ts.isBinaryExpression(node) && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken].includes(node.operatorToken.kind)) {
    return node.left;
  }
  return undefined;
}

/** `process.env.X`, `process.env['X']`, `import.meta.env.X`: the variable name. */
function envVariable(ts: TypeScript, node: TS.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node) && isEnvObject(ts, node.expression)) return node.name.text;
  if (ts.isElementAccessExpression(node) && isEnvObject(ts, node.expression) && ts.isStringLiteralLike(node.argumentExpression)) {
    return node.argumentExpression.text;
  }
  return undefined;
}

function isEnvObject(ts: TypeScript, node: TS.Node): boolean {
  if (!ts.isPropertyAccessExpression(node) || node.name.text !== 'env') return false;
  const owner = node.expression;
  return (ts.isIdentifier(owner) && owner.text === 'process') || (ts.isMetaProperty(owner) && owner.name.text === 'meta');
}

/** Placeholder content in string literals and JSX text (never comments: they are not in the tree). */
function placeholderHits(ts: TypeScript, source: TS.SourceFile, node: TS.Node, settings: { patterns: Placeholder[]; allow: string[] }): Hit[] {
  if (!isTextNode(ts, node) || isPlaceholderAttribute(ts, node) || isComparedAgainst(ts, node)) return [];
  const start = node.getStart(source);
  const raw = source.text.slice(start, node.getEnd());
  const hits: Hit[] = [];
  for (const { label, pattern } of settings.patterns) {
    pattern.lastIndex = 0; // user patterns may carry the g flag
    const match = pattern.exec(raw);
    if (!match) continue;
    const allowed = settings.allow.some((entry) => match[0].toLowerCase().includes(entry.toLowerCase()));
    if (allowed) continue;
    hits.push({ detector: 'placeholder', node, offset: start + match.index, message: `"${truncate(match[0], 40)}" is ${label}` });
  }
  return hits;
}

function isTextNode(ts: TypeScript, node: TS.Node): boolean {
  return (
    ts.isStringLiteral(node) ||
    ts.isNoSubstitutionTemplateLiteral(node) ||
    ts.isTemplateHead(node) ||
    ts.isTemplateMiddle(node) ||
    ts.isTemplateTail(node) ||
    ts.isJsxText(node)
  );
}

/** `<input placeholder="you@example.com">` and `{ placeholder: '…' }`: example input is what a placeholder is for. */
function isPlaceholderAttribute(ts: TypeScript, node: TS.Node): boolean {
  let parent = node.parent;
  if (parent && ts.isJsxExpression(parent)) parent = parent.parent;
  const name = parent && (ts.isJsxAttribute(parent) || ts.isPropertyAssignment(parent)) ? parent.name.getText() : undefined;
  return name !== undefined && /^(?:['"])?(?:placeholder|aria-placeholder|example|examples)(?:['"])?$/i.test(name);
}

/** `x === 'John Doe'`, `case 'test@test.com':`: code that recognises a placeholder, never serves it. */
function isComparedAgainst(ts: TypeScript, node: TS.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isCaseClause(parent)) return parent.expression === node;
  if (!ts.isBinaryExpression(parent)) return false;
  const operator = parent.operatorToken.kind;
  return (
    operator === ts.SyntaxKind.EqualsEqualsEqualsToken ||
    operator === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
    operator === ts.SyntaxKind.EqualsEqualsToken ||
    operator === ts.SyntaxKind.ExclamationEqualsToken
  );
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
