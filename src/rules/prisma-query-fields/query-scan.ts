// Finds Prisma Client calls in a source file by syntax alone: `<client>.<model>.<operation>(args)`,
// where `<client>` is one of the configured receiver expressions (`prisma`, `this.prisma`, `ctx.db`…)
// or the parameter of a `$transaction(async (tx) => …)` callback. Walks the syntax tree only (no
// program, no type-check).
import { forEachChild, type AST, type Node, type ParsedFile } from '../shared/ast.js';

export const OPERATIONS = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'create',
  'createMany',
  'createManyAndReturn',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'upsert',
  'delete',
  'deleteMany',
  'aggregate',
  'groupBy',
  'count',
]);

export const OPERATION_CALL = new RegExp(`\\.(${[...OPERATIONS].join('|')})\\s*\\(`);

export interface ClientCall {
  client: string;
  delegate: string;
  operation: string;
  /** The `<model>` name node, where an unknown model is reported. */
  delegateNode: Node;
  /** The first argument, when there is one. */
  args?: Node;
  /**
   * The receiver is certainly a Prisma client (its name says `prisma`, or it is a `$transaction`
   * parameter), not merely one of the generic names (`db`, `tx`) another library may also use.
   */
  certain: boolean;
}

/** Cheap text test before parsing: an operation call and one of the clients (or a transaction) appear. */
export function mayCallClient(text: string, clients: readonly string[]): boolean {
  if (!OPERATION_CALL.test(text)) return false;
  return text.includes('$transaction') || clients.some((client) => text.includes(`${client}.`) || text.includes(`${client}?.`) || text.includes(`${client}!.`));
}

export function findClientCalls(source: ParsedFile, clients: readonly string[]): ClientCall[] {
  const calls: ClientCall[] = [];
  const transactionParameters = new Set<string>();
  const visit = (node: Node, names: ReadonlySet<string>): void => {
    if (node.type === 'CallExpression') {
      const call = clientCall(node, names, transactionParameters);
      if (call) calls.push(call);
      const callback = transactionCallback(node, names);
      if (callback) {
        transactionParameters.add(callback.parameter);
        const scoped = new Set(names).add(callback.parameter);
        visit(node.callee, names);
        node.arguments.forEach((argument) => visit(argument, argument === callback.fn ? scoped : names));
        return;
      }
    }
    forEachChild(node, (child) => visit(child, names));
  };
  visit(source.program, new Set(clients));
  return calls;
}

function clientCall(node: AST.CallExpression, clients: ReadonlySet<string>, transactionParameters: ReadonlySet<string>): ClientCall | undefined {
  const callee = skipNonNull(node.callee);
  const operation = memberName(callee);
  if (operation === undefined || !OPERATIONS.has(operation) || callee.type !== 'MemberExpression') return undefined;
  const delegateAccess = skipNonNull(callee.object);
  const delegate = memberName(delegateAccess);
  if (delegate === undefined || delegateAccess.type !== 'MemberExpression') return undefined;
  const client = receiverText(delegateAccess.object);
  if (client === undefined || !clients.has(client)) return undefined;
  if (delegate.startsWith('$')) return undefined;
  const certain = /prisma/i.test(client) || transactionParameters.has(client);
  return { client, delegate, operation, delegateNode: delegateAccess.property, args: node.arguments[0], certain };
}

/** `<client>.$transaction(async (tx) => …)`: `tx` is a client inside the callback. */
function transactionCallback(node: AST.CallExpression, clients: ReadonlySet<string>): { fn: Node; parameter: string } | undefined {
  const callee = skipNonNull(node.callee);
  if (memberName(callee) !== '$transaction' || callee.type !== 'MemberExpression') return undefined;
  const client = receiverText(callee.object);
  if (client === undefined || !clients.has(client)) return undefined;
  const fn = node.arguments[0];
  if (!fn || !(fn.type === 'ArrowFunctionExpression' || fn.type === 'FunctionExpression')) return undefined;
  const parameter = fn.params[0];
  return parameter?.type === 'Identifier' ? { fn, parameter: parameter.name } : undefined;
}

/** `x.name` (not computed, not `#private`): the property name. */
function memberName(node: Node): string | undefined {
  return node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' ? node.property.name : undefined;
}

/** `prisma`, `this.prisma`, `ctx.db`: a dotted name, with `!` and parentheses ignored. */
function receiverText(node: Node): string | undefined {
  const inner = skipNonNull(node);
  if (inner.type === 'Identifier') return inner.name;
  if (inner.type === 'ThisExpression') return 'this';
  const name = memberName(inner);
  if (name === undefined || inner.type !== 'MemberExpression') return undefined;
  const left = receiverText(inner.object);
  return left === undefined ? undefined : `${left}.${name}`;
}

function skipNonNull(node: Node): Node {
  while (node.type === 'TSNonNullExpression' || node.type === 'ParenthesizedExpression') node = node.expression;
  return node;
}
