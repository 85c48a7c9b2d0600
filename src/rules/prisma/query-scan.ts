// Finds Prisma Client calls in a source file by syntax alone: `<client>.<model>.<operation>(args)`,
// where `<client>` is one of the configured receiver expressions (`prisma`, `this.prisma`, `ctx.db`…)
// or the parameter of a `$transaction(async (tx) => …)` callback. Walks the raw TypeScript tree from
// `ts.createSourceFile` (no program, no type-check).
import type * as TS from 'typescript';

export type Ts = typeof import('typescript');

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
  delegateNode: TS.Node;
  /** The first argument, when there is one. */
  args?: TS.Expression;
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

export function findClientCalls(ts: Ts, source: TS.SourceFile, clients: readonly string[]): ClientCall[] {
  const calls: ClientCall[] = [];
  const transactionParameters = new Set<string>();
  const visit = (node: TS.Node, names: ReadonlySet<string>): void => {
    if (ts.isCallExpression(node)) {
      const call = clientCall(ts, node, names, transactionParameters);
      if (call) calls.push(call);
      const callback = transactionCallback(ts, node, names);
      if (callback) {
        transactionParameters.add(callback.parameter);
        const scoped = new Set(names).add(callback.parameter);
        visit(node.expression, names);
        node.arguments.forEach((argument) => visit(argument, argument === callback.fn ? scoped : names));
        return;
      }
    }
    ts.forEachChild(node, (child) => visit(child, names));
  };
  visit(source, new Set(clients));
  return calls;
}

function clientCall(ts: Ts, node: TS.CallExpression, clients: ReadonlySet<string>, transactionParameters: ReadonlySet<string>): ClientCall | undefined {
  const callee = skipNonNull(ts, node.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.name) || !OPERATIONS.has(callee.name.text)) return undefined;
  const delegateAccess = skipNonNull(ts, callee.expression);
  if (!ts.isPropertyAccessExpression(delegateAccess) || !ts.isIdentifier(delegateAccess.name)) return undefined;
  const client = receiverText(ts, delegateAccess.expression);
  if (client === undefined || !clients.has(client)) return undefined;
  const delegate = delegateAccess.name.text;
  if (delegate.startsWith('$')) return undefined;
  const certain = /prisma/i.test(client) || transactionParameters.has(client);
  return { client, delegate, operation: callee.name.text, delegateNode: delegateAccess.name, args: node.arguments[0], certain };
}

/** `<client>.$transaction(async (tx) => …)`: `tx` is a client inside the callback. */
function transactionCallback(ts: Ts, node: TS.CallExpression, clients: ReadonlySet<string>): { fn: TS.Node; parameter: string } | undefined {
  const callee = skipNonNull(ts, node.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.name)) return undefined;
  if (callee.name.text !== '$transaction') return undefined;
  const client = receiverText(ts, callee.expression);
  if (client === undefined || !clients.has(client)) return undefined;
  const fn = node.arguments[0];
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  const parameter = fn.parameters[0]?.name;
  return parameter && ts.isIdentifier(parameter) ? { fn, parameter: parameter.text } : undefined;
}

/** `prisma`, `this.prisma`, `ctx.db`: a dotted name, with `!` and parentheses ignored. */
function receiverText(ts: Ts, node: TS.Expression): string | undefined {
  const inner = skipNonNull(ts, node);
  if (ts.isIdentifier(inner)) return inner.text;
  if (inner.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(inner) && ts.isIdentifier(inner.name)) {
    const left = receiverText(ts, inner.expression);
    return left === undefined ? undefined : `${left}.${inner.name.text}`;
  }
  return undefined;
}

function skipNonNull(ts: Ts, node: TS.Expression): TS.Expression {
  while (ts.isNonNullExpression(node) || ts.isParenthesizedExpression(node)) node = node.expression;
  return node;
}
