// The modules a parsed file loads (static imports and re-exports, `require`, `import()`, `import x =
// require()`), and which of them TypeScript erases because their bindings only serve as types.
import { stringValue, walk, type AST, type Node, type ParsedFile } from './ast.js';

export type ImportForm = 'import' | 'export' | 'require' | 'dynamic' | 'import-equals';

export interface ModuleImport {
  specifier: string;
  form: ImportForm;
  /**
   * Erased by TypeScript: `import type`, only type specifiers, or bindings used only as types. The
   * last needs a walk of the whole file, so it is computed on first read: rules ask it last, of the
   * few imports they would report.
   */
  readonly typeOnly: boolean;
  /** Written as a type import (`import type`, only `type` specifiers, `export type`): known without a walk. */
  typeSyntax: boolean;
  /** Names imported from the module (`default`, `*` for a namespace), for rules that judge names. */
  importedNames: string[];
  /** Local bindings the import creates (`mockProducts` in `import mockProducts from …`). */
  localNames: string[];
  /** The node that names the module (the string literal), for positions. */
  node: Node;
  /** The whole statement or call, for line spans. */
  statement: Node;
}

const collected = new WeakMap<ParsedFile, ModuleImport[]>();

/** Every module a file loads: static imports and re-exports, `require('x')`, `import('x')` with a literal (once per file per run). */
export function collectImports(file: ParsedFile): ModuleImport[] {
  let imports = collected.get(file);
  if (!imports) {
    imports = findImports(file);
    collected.set(file, imports);
  }
  return imports;
}

function findImports(file: ParsedFile): ModuleImport[] {
  const imports: ModuleImport[] = [];
  let valueNames: Set<string> | undefined;
  const usedAsValue = (name: string) => (valueNames ??= collectValueNames(file.program)).has(name);

  walk(file.program, (node) => {
    switch (node.type) {
      case 'ImportDeclaration':
        imports.push(fromImportDeclaration(file, node, usedAsValue));
        return false;
      case 'ExportNamedDeclaration':
        if (node.source) imports.push(fromReExport(node, node.source));
        return;
      case 'ExportAllDeclaration':
        imports.push({ specifier: node.source.value, form: 'export', typeOnly: node.exportKind === 'type', typeSyntax: node.exportKind === 'type', importedNames: ['*'], localNames: [], node: node.source, statement: node });
        return;
      case 'TSImportEqualsDeclaration': {
        const reference = node.moduleReference;
        if (reference.type === 'TSExternalModuleReference') {
          const entry = { specifier: reference.expression.value, form: 'import-equals' as const, typeSyntax: node.importKind === 'type', importedNames: ['*'], localNames: [node.id.name], node: reference.expression, statement: node };
          imports.push(Object.defineProperties(entry, typeOnlyWhen(() => node.importKind === 'type' || !usedAsValue(node.id.name))) as ModuleImport);
        }
        return;
      }
      case 'CallExpression':
      case 'ImportExpression': {
        const loaded = calledModule(node);
        if (loaded) imports.push({ ...loaded, typeOnly: false, typeSyntax: false, importedNames: ['*'], localNames: requireBindings(node), statement: node });
        return;
      }
      case 'TSModuleDeclaration':
        // `declare module 'x' { ... }`: ambient, nothing loads
        return node.id.type === 'Literal' ? false : undefined;
    }
  });
  return imports;
}

function fromImportDeclaration(file: ParsedFile, node: AST.ImportDeclaration, usedAsValue: (name: string) => boolean): ModuleImport {
  const base = { specifier: node.source.value, form: 'import' as const, node: node.source as Node, statement: node as Node };
  if (!node.specifiers.length) {
    // `import 'x'` runs the module; `import {} from 'x'` is erased like a type-only import.
    const emptyBraces = file.text.slice(node.start, node.source.start).includes('{');
    return { ...base, typeOnly: emptyBraces, typeSyntax: emptyBraces, importedNames: [], localNames: [] };
  }
  const importedNames: string[] = [];
  const valueLocals: string[] = [];
  const named: string[] = [];
  const other: string[] = [];
  for (const specifier of node.specifiers) {
    if (specifier.type === 'ImportSpecifier') {
      importedNames.push(nameOf(specifier.imported));
      named.push(specifier.local.name);
      if (specifier.importKind !== 'type') valueLocals.push(specifier.local.name);
    } else {
      importedNames.push(specifier.type === 'ImportDefaultSpecifier' ? 'default' : '*');
      other.push(specifier.local.name);
      valueLocals.push(specifier.local.name);
    }
  }
  // TypeScript erases an import whose bindings are only used as types, even without `import type`.
  const typeSyntax = node.importKind === 'type' || valueLocals.length === 0;
  const typeOnly = typeOnlyWhen(() => typeSyntax || !valueLocals.some(usedAsValue));
  return Object.defineProperties({ ...base, typeSyntax, importedNames, localNames: [...named, ...other] }, typeOnly) as ModuleImport;
}

/** A `typeOnly` property computed on first read (then kept), as property descriptors. */
function typeOnlyWhen(compute: () => boolean): { typeOnly: PropertyDescriptor } {
  let known: boolean | undefined;
  return { typeOnly: { enumerable: true, get: () => (known ??= compute()) } };
}

function fromReExport(node: AST.ExportNamedDeclaration, source: AST.StringLiteral): ModuleImport {
  const specifiers = node.specifiers;
  const typeSyntax = node.exportKind === 'type' || (specifiers.length > 0 && specifiers.every((specifier) => specifier.exportKind === 'type'));
  return {
    specifier: source.value,
    form: 'export',
    typeOnly: typeSyntax,
    typeSyntax,
    importedNames: specifiers.map((specifier) => nameOf(specifier.local)),
    localNames: specifiers.map((specifier) => nameOf(specifier.exported)),
    node: source,
    statement: node,
  };
}

function nameOf(node: AST.ModuleExportName): string {
  return node.type === 'Literal' ? node.value : node.name;
}

/** `const x = require('m')` / `const { a, b } = await import('m')`: the bindings created. */
function requireBindings(call: Node): string[] {
  let node: Node = call;
  while (node.parent?.type === 'AwaitExpression') node = node.parent;
  const declaration = node.parent;
  if (declaration?.type !== 'VariableDeclarator' || declaration.init !== node) return [];
  const target = declaration.id;
  if (target.type === 'Identifier') return [target.name];
  if (target.type !== 'ObjectPattern') return [];
  return target.properties.flatMap((property) => {
    const value = property.type === 'RestElement' ? property.argument : property.value;
    const name = value.type === 'AssignmentPattern' ? value.left : value;
    return name.type === 'Identifier' ? [name.name] : [];
  });
}

function calledModule(call: AST.CallExpression | AST.ImportExpression): { specifier: string; form: ImportForm; node: Node } | undefined {
  if (call.type === 'ImportExpression') {
    const specifier = stringValue(call.source);
    return specifier === undefined ? undefined : { specifier, form: 'dynamic', node: call.source };
  }
  const [argument] = call.arguments;
  const specifier = stringValue(argument);
  if (specifier === undefined || call.arguments.length !== 1) return undefined;
  const callee = call.callee;
  const isRequire =
    (callee.type === 'Identifier' && callee.name === 'require') ||
    (callee.type === 'MemberExpression' &&
      !callee.computed &&
      callee.object.type === 'Identifier' &&
      callee.object.name === 'require' &&
      callee.property.type === 'Identifier' &&
      callee.property.name === 'resolve');
  return isRequire ? { specifier, form: 'require', node: argument! } : undefined;
}

/** TypeScript-only nodes that hold runtime values; every other `TS…` node is a type, erased from the output. */
const VALUE_TS_NODES = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TSInstantiationExpression',
  'TSEnumDeclaration',
  'TSEnumBody',
  'TSEnumMember',
  'TSModuleDeclaration',
  'TSModuleBlock',
  'TSExportAssignment',
  'TSImportEqualsDeclaration',
  'TSExternalModuleReference',
  'TSQualifiedName',
  'TSParameterProperty',
  'TSAbstractMethodDefinition',
  'TSAbstractPropertyDefinition',
  'TSAbstractAccessorProperty',
  'TSDeclareFunction',
]);

/**
 * Names referenced where JavaScript will see them (outside type annotations, interfaces and type
 * aliases): the test TypeScript uses to erase an import whose bindings only serve as types.
 */
function collectValueNames(program: AST.Program): Set<string> {
  const names = new Set<string>();
  walk(program, (node) => {
    if (node.type === 'ImportDeclaration') return false;
    if (node.type.startsWith('TS') && !VALUE_TS_NODES.has(node.type)) return false;
    if (node.type === 'Identifier' && !isPropertyName(node)) names.add(node.name);
    // `<Layout>`: a JSX tag names a value (lower-case tags are intrinsic elements; adding them is harmless).
    if (node.type === 'JSXIdentifier' && isJsxTagName(node)) names.add(node.name);
  });
  return names;
}

/** `a.name`, `{ name: 1 }`, `name() {}`: a property name, not a reference to a binding. */
function isPropertyName(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case 'MemberExpression':
      return parent.property === node && !parent.computed;
    case 'Property':
      return parent.key === node && !parent.computed && !parent.shorthand;
    case 'MethodDefinition':
    case 'PropertyDefinition':
    case 'AccessorProperty':
    case 'TSAbstractMethodDefinition':
    case 'TSAbstractPropertyDefinition':
    case 'TSAbstractAccessorProperty':
      return parent.key === node && !parent.computed;
    default:
      return false;
  }
}

function isJsxTagName(node: Node): boolean {
  const parent = node.parent;
  if (parent?.type === 'JSXMemberExpression') return parent.object === node;
  return parent?.type === 'JSXOpeningElement' || parent?.type === 'JSXClosingElement';
}
