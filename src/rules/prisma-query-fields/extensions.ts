// What a Prisma Client extension adds to queries, read from the `$extends(...)` argument by syntax:
// `result` computed fields (selectable), `model` methods (which may replace an operation), arguments
// its `query` component reads from `args`, and Accelerate's `cacheStrategy`. An argument that is not
// an object literal (a package's extension, a variable from elsewhere) is opaque: it may add anything.
import { keyName, unwrapTypes, walk, type AST, type Node } from '../shared/ast.js';

export interface Extension {
  /** Top-level query arguments it adds (`cacheStrategy`). */
  args: string[];
  /** Computed fields by model delegate name (`user`) or `$allModels`. */
  result: Record<string, string[]>;
  /** Model methods by model delegate name or `$allModels`: an operation named here is the extension's own. */
  methods: Record<string, string[]>;
  /** The argument could not be read: it may add arguments and selectable fields. */
  opaque: boolean;
}

/** Packages' extensions whose additions are known: `$extends(withAccelerate())`. */
const KNOWN_EXTENSIONS: Record<string, string[]> = {
  withAccelerate: ['cacheStrategy'],
  withOptimize: [],
  withPulse: [],
};

const OPAQUE: Extension = { args: [], result: {}, methods: {}, opaque: true };

/** The extension an `$extends(argument)` call adds; `literalOf` finds the object a name is bound to in the same file. */
export function readExtension(argument: Node | undefined, literalOf: (name: string) => Node | undefined): Extension {
  if (!argument) return OPAQUE;
  let node = unwrapTypes(argument);
  if (node.type === 'Identifier') node = literalOf(node.name) ?? node;
  node = unwrapTypes(node);
  // Prisma.defineExtension({ ... }) / Prisma.defineExtension((client) => client.$extends({ ... })) and withAccelerate()
  if (node.type === 'CallExpression') {
    const callee = node.callee.type === 'Identifier' ? node.callee.name : node.callee.type === 'MemberExpression' && node.callee.property.type === 'Identifier' ? node.callee.property.name : '';
    const known = KNOWN_EXTENSIONS[callee];
    if (known) return { args: [...known], result: {}, methods: {}, opaque: false };
    if (callee === 'defineExtension') return readExtension(node.arguments[0], literalOf);
    return OPAQUE;
  }
  if (node.type !== 'ObjectExpression') return OPAQUE;
  const extension: Extension = { args: [], result: {}, methods: {}, opaque: false };
  for (const component of node.properties) {
    if (component.type !== 'Property') return OPAQUE; // a spread: anything
    const name = keyName(component);
    if (name === 'result') extension.result = namesByModel(component.value);
    else if (name === 'model') extension.methods = namesByModel(component.value);
    else if (name === 'query') extension.args = argsRead(component.value);
    else if (name !== 'name' && name !== 'client') return OPAQUE;
  }
  return extension;
}

/** `{ user: { fullName: {...} }, $allModels: { ... } }` → `{ user: ['fullName'], $allModels: [...] }`. */
function namesByModel(node: Node): Record<string, string[]> {
  const byModel: Record<string, string[]> = {};
  const object = unwrapTypes(node);
  if (object.type !== 'ObjectExpression') return { $allModels: ['*'] };
  for (const model of object.properties) {
    const modelName = model.type === 'Property' ? keyName(model) : undefined;
    const members = model.type === 'Property' ? unwrapTypes(model.value) : undefined;
    if (modelName === undefined || members?.type !== 'ObjectExpression') return { $allModels: ['*'] };
    byModel[lowerFirst(modelName)] = members.properties.map((member) => (member.type === 'Property' ? keyName(member) ?? '*' : '*'));
  }
  return byModel;
}

/** Names a `query` component reads from its `args` (`const { paginate, ...rest } = args`, `args.paginate`). */
function argsRead(node: Node): string[] {
  const names = new Set<string>();
  walk(node, (inner) => {
    if (inner.type === 'VariableDeclarator' && inner.init?.type === 'Identifier' && inner.init.name === 'args' && inner.id.type === 'ObjectPattern') {
      for (const property of inner.id.properties) if (property.type === 'Property') names.add(keyName(property) ?? '');
    }
    if (inner.type === 'MemberExpression' && !inner.computed && inner.object.type === 'Identifier' && inner.object.name === 'args') {
      names.add((inner as AST.StaticMemberExpression).property.name);
    }
  });
  names.delete('');
  return [...names];
}

function lowerFirst(name: string): string {
  return name.startsWith('$') ? name : name.charAt(0).toLowerCase() + name.slice(1);
}

/** The names a set of extensions add for one model: accepted arguments, selectable fields, own methods. */
export interface ModelAdditions {
  args: Set<string>;
  fields: Set<string>;
  methods: Set<string>;
  /** Some extension is opaque, or declares members it cannot name: unknown names are only reported when close to a real one. */
  open: boolean;
}

export function additionsFor(extensions: readonly Extension[], delegate: string): ModelAdditions {
  const additions: ModelAdditions = { args: new Set(), fields: new Set(), methods: new Set(), open: false };
  for (const extension of extensions) {
    if (extension.opaque) additions.open = true;
    extension.args.forEach((arg) => additions.args.add(arg));
    for (const field of [...(extension.result[delegate] ?? []), ...(extension.result.$allModels ?? [])]) {
      if (field === '*') additions.open = true;
      else additions.fields.add(field);
    }
    for (const method of [...(extension.methods[delegate] ?? []), ...(extension.methods.$allModels ?? [])]) {
      if (method === '*') additions.open = true;
      else additions.methods.add(method);
    }
  }
  return additions;
}
