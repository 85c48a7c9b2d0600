// Which receivers are a Prisma client, found from the code itself (no type checker): names bound to
// `new PrismaClient()` or an `$extends(...)` result (directly, through `??`/`||`, or a function that
// returns one), parameters and properties typed `PrismaClient`, `Prisma.TransactionClient` or a class
// that `extends PrismaClient` (NestJS services injected through the constructor), clients exported by
// another file of the repository (`import { db } from '~/server/db'`, `prisma.client` of a module
// exporting `{ client }`), and `ctx.db` where a module this file imports builds an object whose `db`
// is a client (tRPC contexts). Imports are followed through the git reader, a few files deep.
import { unwrapTypes, type AST, type Node, type ParsedFile } from '../shared/ast.js';
import { parseCode, type Tree } from '../shared/code.js';
import { readExtension, type Extension } from './extensions.js';
import { ModuleFacts } from './module-facts.js';
import type { ModuleLocator } from './module-paths.js';

export interface ClientInfo {
  /** The extensions of an `$extends` chain, outermost last; empty for a plain client. */
  extensions: Extension[];
  /**
   * A repository file that tells which Prisma project the client belongs to: where its `PrismaClient`
   * is imported from when that is a file of the repository (a workspace package, a generated client),
   * else the file that creates or declares it.
   */
  origin?: string;
}

/** Accelerate may extend a client whose definition is not visible: its `cacheStrategy` is accepted. */
const UNSEEN_CLIENT: ClientInfo = { extensions: [{ args: ['cacheStrategy'], result: {}, methods: {}, opaque: false }] };
/** A type that says Prisma but is not `PrismaClient` itself (`ExtendedPrismaClient`): anything may be added. */
const MAYBE_EXTENDED: ClientInfo = { extensions: [{ args: [], result: {}, methods: {}, opaque: true }] };
const PLAIN: ClientInfo = { extensions: [] };

const CLIENT_TYPES = new Set(['PrismaClient', 'Prisma.TransactionClient', 'TransactionClient', 'Prisma.DefaultPrismaClient']);
/** How many files deep an import is followed. */
const MAX_DEPTH = 4;

type Found = { client: ClientInfo } | { object: AST.ObjectExpression; module: ModuleFacts } | { namespace: ModuleFacts } | undefined;

export class ReceiverResolver {
  private readonly modules = new Map<string, Promise<ModuleFacts | undefined>>();
  /** Names being resolved (`let a = b; b = a` must end): resolutions run one at a time. */
  private readonly resolving = new Set<string>();

  constructor(
    private readonly tree: Tree,
    private readonly locator: ModuleLocator,
  ) {}

  /** Facts of a file already parsed (a changed file: its new text, not the tree's). */
  factsOf(path: string, source: ParsedFile): ModuleFacts {
    const facts = new ModuleFacts(source);
    this.modules.set(path, Promise.resolve(facts));
    return facts;
  }

  /** The client a dotted receiver (`db`, `this.prismaService`, `ctx.db`, `prisma.client`) holds; undefined when not known to be one. */
  async receiver(module: ModuleFacts, text: string): Promise<ClientInfo | undefined> {
    const [root, ...path] = text.split('.');
    if (root === 'this') {
      if (!path.length) return undefined;
      const found = await this.name(module, `this.${path[0]}`, 0);
      return clientOf(await this.members(found, path.slice(1), 0));
    }
    const found = await this.members(await this.name(module, root!, 0), path, 0);
    if (found) return clientOf(found);
    // `ctx.db` with `ctx` a callback parameter: a client if a module this file imports builds `{ db }` from one.
    if (path.length === 1 && this.unbound(module, root!)) return this.contextProperty(module, path[0]!);
    return undefined;
  }

  private unbound(module: ModuleFacts, name: string): boolean {
    return !module.values.has(name) && !module.types.has(name) && !module.imports.has(name);
  }

  private async name(module: ModuleFacts, name: string, depth: number): Promise<Found> {
    const key = `${module.source.path}\0${name}`;
    if (this.resolving.has(key)) return undefined;
    this.resolving.add(key);
    try {
      return await this.nameOnce(module, name, depth);
    } finally {
      this.resolving.delete(key);
    }
  }

  private async nameOnce(module: ModuleFacts, name: string, depth: number): Promise<Found> {
    const values = module.values.get(name);
    const found = values ? await this.either(module, values, depth) : undefined;
    if (found) return found;
    const type = module.types.get(name);
    if (type !== undefined) {
      const client = await this.typed(module, type, depth);
      if (client) return { client };
    }
    const binding = module.imports.get(name);
    if (binding && depth < MAX_DEPTH) {
      const target = await this.imported(module, binding.source);
      if (!target) return undefined;
      return binding.imported === '*' ? { namespace: target } : this.exported(target, binding.imported, depth + 1);
    }
    return undefined;
  }

  private async expression(module: ModuleFacts, node: Node, depth: number): Promise<Found> {
    let value = unwrapTypes(node);
    if (value.type === 'AwaitExpression') value = unwrapTypes(value.argument);
    switch (value.type) {
      case 'NewExpression':
        return value.callee.type === 'Identifier' ? this.fromClass(module, value.callee.name, depth, PLAIN) : undefined;
      case 'CallExpression':
        return this.call(module, value, depth);
      case 'LogicalExpression':
        return this.either(module, [value.right, value.left], depth);
      case 'ConditionalExpression':
        return this.either(module, [value.consequent, value.alternate], depth);
      case 'Identifier':
        return this.name(module, value.name, depth);
      case 'MemberExpression':
        if (value.computed || value.property.type !== 'Identifier') return undefined;
        return this.members(await this.expression(module, value.object, depth), [value.property.name], depth);
      case 'ObjectExpression':
        return { object: value, module };
      default:
        return undefined;
    }
  }

  /** `base.$extends(ext)` (a client whatever `base` is: `$extends` is Prisma's), or a call of a function returning a client. */
  private async call(module: ModuleFacts, call: AST.CallExpression, depth: number): Promise<Found> {
    const callee = unwrapTypes(call.callee);
    if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && callee.property.name === '$extends') {
      const base = clientOf(await this.expression(module, callee.object, depth)) ?? PLAIN;
      const extension = readExtension(call.arguments[0], (name) => module.values.get(name)?.[0]);
      return { client: { extensions: [...base.extensions, extension], origin: base.origin ?? (await this.originOf(module)) } };
    }
    if (callee.type !== 'Identifier') return undefined;
    const returned = module.returns.get(callee.name);
    if (returned) return this.either(module, returned, depth);
    const binding = module.imports.get(callee.name);
    if (!binding || binding.imported === '*' || depth >= MAX_DEPTH) return undefined;
    const target = await this.imported(module, binding.source);
    const local = target ? exportedLocal(target, binding.imported) : undefined;
    const returnedThere = local !== undefined ? target?.returns.get(local) : undefined;
    return returnedThere ? this.either(target!, returnedThere, depth + 1) : undefined;
  }

  /**
   * One of several values (`a ?? b`, `c ? a : b`, a function's returns): the clients among them merged,
   * so that a client that may be an `$extends` result is taken as one. Else the first thing found.
   */
  private async either(module: ModuleFacts, values: readonly Node[], depth: number): Promise<Found> {
    const found: Found[] = [];
    for (const value of values) found.push(await this.expression(module, value, depth));
    const clients = found.map(clientOf).filter((client) => client !== undefined);
    if (!clients.length) return found.find((item) => item !== undefined);
    return { client: { extensions: clients.flatMap((client) => client.extensions), origin: clients[0]!.origin } };
  }

  private async members(found: Found, path: readonly string[], depth: number): Promise<Found> {
    let current = found;
    for (const name of path) {
      if (!current || 'client' in current) return undefined;
      if ('namespace' in current) {
        current = await this.exported(current.namespace, name, depth + 1);
        continue;
      }
      const property = current.object.properties.find((item): item is AST.ObjectProperty => item.type === 'Property' && !item.computed && item.key.type === 'Identifier' && item.key.name === name);
      if (!property) return undefined;
      current = await this.expression(current.module, property.value, depth);
    }
    return current;
  }

  private async exported(module: ModuleFacts, name: string, depth: number): Promise<Found> {
    if (depth > MAX_DEPTH) return undefined;
    const target = module.exports.get(name);
    if (target && 'local' in target) return this.name(module, target.local, depth);
    if (target && 'expr' in target) return this.expression(module, target.expr, depth);
    if (target) {
      const from = await this.imported(module, target.from);
      return from ? this.exported(from, target.imported, depth + 1) : undefined;
    }
    for (const source of module.starExports) {
      const from = await this.imported(module, source);
      const found = from ? await this.exported(from, name, depth + 1) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  private async typed(module: ModuleFacts, type: string, depth: number): Promise<ClientInfo | undefined> {
    if (CLIENT_TYPES.has(type)) return { ...PLAIN, origin: await this.originOf(module) };
    const client = clientOf(await this.fromClass(module, type, depth, PLAIN));
    if (client) return client;
    return /Prisma/.test(type) ? { ...MAYBE_EXTENDED, origin: await this.originOf(module) } : undefined;
  }

  /** `info` (with its origin) when `name` is `PrismaClient` or a class whose `extends` chain reaches it. */
  private async fromClass(module: ModuleFacts, name: string, depth: number, info: ClientInfo): Promise<Found> {
    const declaring = await this.clientClassModule(module, name, depth);
    return declaring ? { client: { ...info, origin: await this.originOf(declaring) } } : undefined;
  }

  /** The module where `name`'s `extends` chain (here or imported) reaches `PrismaClient`; undefined when it does not. */
  private async clientClassModule(module: ModuleFacts, name: string, depth: number): Promise<ModuleFacts | undefined> {
    if (name === 'PrismaClient') return module;
    if (module.classes.has(name)) {
      const base = module.classes.get(name);
      return base?.type === 'Identifier' && depth < MAX_DEPTH ? this.clientClassModule(module, base.name, depth + 1) : undefined;
    }
    const binding = module.imports.get(name);
    if (!binding || binding.imported === '*' || depth >= MAX_DEPTH) return undefined;
    if (binding.imported === 'PrismaClient') return module; // `import { PrismaClient as Client }`
    const target = await this.imported(module, binding.source);
    const local = target ? exportedLocal(target, binding.imported) : undefined;
    return local !== undefined ? this.clientClassModule(target!, local, depth + 1) : undefined;
  }

  /** Where `module` imports `PrismaClient` / `Prisma` from, when that is a file of the repository; else `module` itself. */
  private async originOf(module: ModuleFacts): Promise<string> {
    for (const name of ['PrismaClient', 'Prisma']) {
      const binding = module.imports.get(name);
      const path = binding ? await this.locator.locate(module.source.path, binding.source) : undefined;
      if (path) return path;
    }
    return module.source.path;
  }

  /** `ctx.db`: a `db` property some object literal has in a module this file imports, holding a client. */
  private async contextProperty(module: ModuleFacts, property: string): Promise<ClientInfo | undefined> {
    const sources = new Set([...module.imports.values()].map((binding) => binding.source));
    for (const source of sources) {
      const target = await this.imported(module, source);
      for (const value of target?.objectProperties.get(property) ?? []) {
        const client = clientOf(await this.expression(target!, value, 1));
        if (client) return client;
      }
    }
    return undefined;
  }

  private async imported(module: ModuleFacts, specifier: string): Promise<ModuleFacts | undefined> {
    const path = await this.locator.locate(module.source.path, specifier);
    if (path === undefined) return undefined;
    let facts = this.modules.get(path);
    if (!facts) {
      facts = this.tree.read(path).then(async (text) => {
        if (text === null) return undefined;
        const source = await parseCode(path, text);
        return source.syntaxError ? undefined : new ModuleFacts(source);
      });
      this.modules.set(path, facts);
    }
    return facts;
  }
}

function clientOf(found: Found): ClientInfo | undefined {
  return found && 'client' in found ? found.client : undefined;
}

/** The local name an export refers to, when it is a plain `export` of a local binding. */
function exportedLocal(module: ModuleFacts, name: string): string | undefined {
  const target = module.exports.get(name);
  return target && 'local' in target ? target.local : undefined;
}

export { UNSEEN_CLIENT };
