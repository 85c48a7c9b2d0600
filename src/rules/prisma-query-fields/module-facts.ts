// What one source file says, by syntax alone, about the names that may hold a Prisma client: what
// each name is bound to, the type each parameter or property is declared with, classes and their
// base class, what functions return, and the file's imports and exports. Scopes are flattened (a
// name means the same throughout the file): receivers are then resolved from these facts.
import { keyName, stringValue, walk, type AST, type Node, type ParsedFile } from '../shared/ast.js';

export interface ImportBinding {
  source: string;
  /** `default`, `*` (namespace) or the exported name. */
  imported: string;
}

export type ExportTarget = { local: string } | { expr: Node } | { from: string; imported: string };

export class ModuleFacts {
  /** name → expressions it is initialised or assigned with (`this.x` keys for class properties). */
  readonly values = new Map<string, Node[]>();
  /** name (or `this.x`) → declared type name (`PrismaClient`, `Prisma.TransactionClient`, `PrismaService`). */
  readonly types = new Map<string, string>();
  /** class name → its `extends` expression. */
  readonly classes = new Map<string, Node | null>();
  /** function name → the expressions it returns. */
  readonly returns = new Map<string, Node[]>();
  readonly imports = new Map<string, ImportBinding>();
  readonly exports = new Map<string, ExportTarget>();
  readonly starExports: string[] = [];
  /** Every `key: value` property of the file's object literals, by key (for `ctx.db` built elsewhere). */
  readonly objectProperties = new Map<string, Node[]>();

  constructor(readonly source: ParsedFile) {
    walk(source.program, (node) => this.visit(node));
  }

  private visit(node: Node): void {
    switch (node.type) {
      case 'VariableDeclarator':
        if (node.id.type === 'Identifier') {
          this.annotate(node.id.name, node.id.typeAnnotation);
          if (node.init) this.bind(node.id.name, node.init);
        }
        break;
      case 'AssignmentExpression':
        this.assignment(node);
        break;
      case 'ClassDeclaration':
      case 'ClassExpression':
        if (node.id) this.classes.set(node.id.name, node.superClass ?? null);
        break;
      case 'PropertyDefinition':
        if (!node.computed && node.key.type === 'Identifier') {
          this.annotate(`this.${node.key.name}`, node.typeAnnotation);
          if (node.value) this.bind(`this.${node.key.name}`, node.value);
        }
        break;
      case 'TSParameterProperty':
        if (node.parameter.type === 'Identifier') this.annotate(`this.${node.parameter.name}`, node.parameter.typeAnnotation);
        break;
      case 'Identifier':
        // Parameters: `(db: PrismaClient)`, `(tx: Prisma.TransactionClient)`.
        if (node.typeAnnotation && isParameter(node)) this.annotate(node.name, node.typeAnnotation);
        break;
      case 'FunctionDeclaration':
        if (node.id) this.returns.set(node.id.name, returnedBy(node));
        break;
      case 'Property':
        if (node.parent?.type === 'ObjectExpression') this.objectProperty(node as AST.ObjectProperty);
        break;
      case 'ImportDeclaration':
        this.importDeclaration(node);
        break;
      case 'ExportNamedDeclaration':
        this.exportNamed(node);
        break;
      case 'ExportDefaultDeclaration':
        this.exportDefault(node);
        break;
      case 'ExportAllDeclaration':
        if (!node.exported) this.starExports.push(node.source.value);
        break;
    }
  }

  private bind(name: string, value: Node): void {
    const list = this.values.get(name) ?? [];
    list.push(value);
    this.values.set(name, list);
    if (value.type === 'ArrowFunctionExpression' || value.type === 'FunctionExpression') this.returns.set(name, returnedBy(value));
  }

  private annotate(name: string, annotation: AST.TSTypeAnnotation | null | undefined): void {
    const type = annotation?.typeAnnotation;
    if (type?.type === 'TSTypeReference') this.types.set(name, typeName(type.typeName));
  }

  private assignment(node: AST.AssignmentExpression): void {
    const target = node.left;
    if (target.type === 'Identifier') this.bind(target.name, node.right);
    else if (target.type === 'MemberExpression' && !target.computed && target.object.type === 'ThisExpression' && target.property.type === 'Identifier') {
      this.bind(`this.${target.property.name}`, node.right);
    }
  }

  private objectProperty(node: AST.ObjectProperty): void {
    if (node.kind !== 'init' || node.method) return;
    const key = keyName(node);
    if (key === undefined) return;
    const list = this.objectProperties.get(key) ?? [];
    list.push(node.value);
    this.objectProperties.set(key, list);
  }

  private importDeclaration(node: AST.ImportDeclaration): void {
    for (const specifier of node.specifiers) {
      const imported =
        specifier.type === 'ImportDefaultSpecifier' ? 'default' : specifier.type === 'ImportNamespaceSpecifier' ? '*' : (stringValue(specifier.imported) ?? (specifier.imported as AST.IdentifierName).name);
      this.imports.set(specifier.local.name, { source: node.source.value, imported });
    }
  }

  private exportNamed(node: AST.ExportNamedDeclaration): void {
    const declaration = node.declaration;
    if (declaration?.type === 'VariableDeclaration') {
      for (const item of declaration.declarations) if (item.id.type === 'Identifier') this.exports.set(item.id.name, { local: item.id.name });
    } else if ((declaration?.type === 'ClassDeclaration' || declaration?.type === 'FunctionDeclaration') && declaration.id) {
      this.exports.set(declaration.id.name, { local: declaration.id.name });
    }
    for (const specifier of node.specifiers) {
      const local = moduleName(specifier.local);
      const exported = moduleName(specifier.exported);
      this.exports.set(exported, node.source ? { from: node.source.value, imported: local } : { local });
    }
  }

  private exportDefault(node: AST.ExportDefaultDeclaration): void {
    const declaration = node.declaration;
    if ((declaration.type === 'ClassDeclaration' || declaration.type === 'FunctionDeclaration') && declaration.id) {
      this.exports.set('default', { local: declaration.id.name });
    } else if (declaration.type === 'Identifier') {
      this.exports.set('default', { local: declaration.name });
    } else if (declaration.type !== 'TSInterfaceDeclaration') {
      this.exports.set('default', { expr: declaration as Node });
    }
  }
}

/** `PrismaClient`, `Prisma.TransactionClient`. */
function typeName(node: AST.TSTypeName): string {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'TSQualifiedName') return `${typeName(node.left)}.${node.right.name}`;
  return '';
}

function moduleName(node: AST.ModuleExportName): string {
  return node.type === 'Literal' ? String(node.value) : node.name;
}

function isParameter(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'FunctionDeclaration' || parent.type === 'FunctionExpression' || parent.type === 'ArrowFunctionExpression') {
    return (parent.params as Node[]).includes(node);
  }
  return parent.type === 'AssignmentPattern' && parent.left === node;
}

/** What a function returns: its expression body, or its own `return` statements (not nested functions'). */
function returnedBy(fn: AST.Function | AST.ArrowFunctionExpression): Node[] {
  // ESTree: an expression-bodied arrow's body is the expression itself.
  if (fn.type === 'ArrowFunctionExpression' && fn.expression) return [fn.body as Node];
  const returned: Node[] = [];
  if (!fn.body) return returned;
  walk(fn.body, (node) => {
    if (node.type === 'ReturnStatement' && node.argument) returned.push(node.argument);
    return !(node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression');
  });
  return returned;
}
