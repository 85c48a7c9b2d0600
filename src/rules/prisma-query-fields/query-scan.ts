// Finds candidate Prisma Client calls in a source file by syntax alone: `<receiver>.<model>.<operation>(args)`
// with a dotted receiver (`prisma`, `this.prisma`, `ctx.db`…), noting `$transaction(async (tx) => …)`
// parameters. Which receivers really are a client is decided afterwards (receivers.ts). Walks the
// syntax tree only (no program, no type-check).
import { forEachChild, type AST, type Node, type ParsedFile } from '../shared/ast.js';
import type { Extension } from './extensions.js';

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

/** `.user.findMany(`, `.user!.create (`: an operation called on a member (`map.delete(` is not). */
export const OPERATION_CALL = new RegExp(`\\.\\s*[\\w$]+\\s*[?!]?\\.\\s*(${[...OPERATIONS].join('|')})\\s*\\(`);

export interface ClientCall {
  client: string;
  delegate: string;
  operation: string;
  /** The `<model>` name node, where an unknown model is reported. */
  delegateNode: Node;
  /** The first argument, when there is one. */
  args?: Node;
  /** Set when `client` is the parameter of a `<receiver>.$transaction(async (client) => …)` callback: that receiver. */
  transactionOf?: string;
  /**
   * The receiver is certainly a Prisma client (found from the code, its name says `prisma`, or it is a
   * `$transaction` parameter), not merely one of the names (`db`) another library may also use.
   */
  certain: boolean;
  /** What the client's extensions add (set once the receiver is resolved). */
  extensions: Extension[];
  /** A file telling which Prisma project the client belongs to (set once the receiver is resolved). */
  origin?: string;
}

/** Cheap text test before parsing: something that looks like `<receiver>.<model>.<operation>(`. */
export function mayCallClient(text: string): boolean {
  return OPERATION_CALL.test(text);
}

/**
 * Every `<receiver>.<model>.<operation>(args)` call with a dotted receiver (`db`, `this.prisma`,
 * `ctx.db`): candidates, until the receiver is known to be a client.
 */
export function findClientCalls(source: ParsedFile): ClientCall[] {
  const calls: ClientCall[] = [];
  const visit = (node: Node, transactions: ReadonlyMap<string, string>): void => {
    if (node.type === 'CallExpression') {
      const call = clientCall(node, transactions);
      if (call) calls.push(call);
      const callback = transactionCallback(node);
      if (callback) {
        const scoped = new Map(transactions).set(callback.parameter, transactions.get(callback.receiver) ?? callback.receiver);
        visit(node.callee, transactions);
        node.arguments.forEach((argument) => visit(argument, argument === callback.fn ? scoped : transactions));
        return;
      }
    }
    forEachChild(node, (child) => visit(child, transactions));
  };
  visit(source.program, new Map());
  return calls;
}

function clientCall(node: AST.CallExpression, transactions: ReadonlyMap<string, string>): ClientCall | undefined {
  const callee = skipNonNull(node.callee);
  const operation = memberName(callee);
  if (operation === undefined || !OPERATIONS.has(operation) || callee.type !== 'MemberExpression') return undefined;
  const delegateAccess = skipNonNull(callee.object);
  const delegate = memberName(delegateAccess);
  if (delegate === undefined || delegateAccess.type !== 'MemberExpression') return undefined;
  const client = receiverText(delegateAccess.object);
  if (client === undefined || client === 'this' || delegate.startsWith('$')) return undefined;
  const transactionOf = transactions.get(client);
  return { client, delegate, operation, delegateNode: delegateAccess.property, args: node.arguments[0], transactionOf, certain: false, extensions: [] };
}

/** `<receiver>.$transaction(async (tx) => …)`: `tx` is a client inside the callback when the receiver is one. */
function transactionCallback(node: AST.CallExpression): { fn: Node; parameter: string; receiver: string } | undefined {
  const callee = skipNonNull(node.callee);
  if (memberName(callee) !== '$transaction' || callee.type !== 'MemberExpression') return undefined;
  const receiver = receiverText(callee.object);
  if (receiver === undefined) return undefined;
  const fn = node.arguments[0];
  if (!fn || !(fn.type === 'ArrowFunctionExpression' || fn.type === 'FunctionExpression')) return undefined;
  const parameter = fn.params[0];
  return parameter?.type === 'Identifier' ? { fn, parameter: parameter.name, receiver } : undefined;
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
