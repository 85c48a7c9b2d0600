// Calls Prisma Client surely accepts, told from the schema's datamodel (a few hundred KB) instead of
// its DMMF query schema (tens of MB for a large schema, 0.5-2 s to render). It never reports: a call it
// is not sure of goes to query-validate.ts and the DMMF. It knows the common shapes (operations and
// their arguments, nested connect/create/createMany/upsert, scalar and JSON filters); `having`, nested
// `update`/`set`/`delete`, JSON comparisons and writes to views are the DMMF's. Each rule accepts a
// subset of what the DMMF accepts (Prisma 5+, relational): bench/prisma-datamodel-check.mjs compares.
import { stringValue, unwrapTypes, type Node } from '../shared/ast.js';
import type { Datamodel, DatamodelField } from '../../prisma/dmmf-types.js';
import type { ClientCall } from './query-scan.js';
import { additionsFor } from './extensions.js';
import { literalObject, literalProperties } from './query-validate.js';
import { SchemaIndex, uncapitalize } from './schema-index.js';

interface ModelShape {
  fields: Map<string, DatamodelField>;
  /** `@@id`/`@@unique` over several fields, by the name a unique `where` gives them (`userId_postId`). */
  compoundUniques: Map<string, string[]>;
  /** Scalar and enum fields: what `distinct`, `omit`, aggregates and groupBy's orderBy name. */
  scalars: Set<string>;
  /** The model has a list relation, so its selection has `_count`. */
  counts: boolean;
}

const LIST_ARGS = ['where', 'orderBy', 'cursor', 'take', 'skip', 'distinct'];
const FINDS = ['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany'];
/** Each operation's own arguments (DMMF: the root field's args). */
const OPERATION_ARGS: Record<string, readonly string[]> = {
  ...Object.fromEntries(FINDS.map((find) => [find, find.startsWith('findUnique') ? ['where'] : LIST_ARGS])),
  create: ['data'],
  update: ['where', 'data'],
  upsert: ['where', 'create', 'update'],
  delete: ['where'],
  deleteMany: ['where'],
  updateMany: ['where', 'data'],
  count: ['where', 'orderBy', 'cursor', 'take', 'skip', 'select'],
  createMany: ['data', 'skipDuplicates'],
  aggregate: ['where', 'orderBy', 'cursor', 'take', 'skip', '_count', '_avg', '_sum', '_min', '_max'],
  groupBy: ['by', 'where', 'orderBy', 'take', 'skip', '_count', '_avg', '_sum', '_min', '_max'],
};
/** `updateMany`/`deleteMany` take `limit` from Prisma 6.2 (DatamodelCheckOptions.prisma62). */
const LIMITED = new Set(['updateMany', 'deleteMany']);
/** Operations that return a model: they also take select and include. */
const RETURNS_MODEL = new Set([...FINDS, 'create', 'update', 'upsert', 'delete']);
/** What a view (read-only) has. */
const READS = new Set([...FINDS, 'count', 'aggregate', 'groupBy']);
/** Operations whose `where` is a unique one (any field, plus compound uniques). */
const UNIQUE_WHERE = new Set(['findUnique', 'findUniqueOrThrow', 'update', 'upsert', 'delete']);
const AGGREGATES = new Set(['_count', '_avg', '_sum', '_min', '_max']);
/** Operations Prisma leaves out for a model with a required `Unsupported` field, which the datamodel does not show. */
const CREATES = new Set(['create', 'upsert', 'createMany']);
/** Providers whose client has had createMany, skipDuplicates and JSON filters since before Prisma 5 (SQLite: 5.12 and 6.2, SQL Server: no skipDuplicates). */
const CREATE_MANY_PROVIDERS = new Set(['postgresql', 'postgres', 'cockroachdb', 'mysql']);

const NUMERIC = new Set(['Int', 'Float', 'Decimal', 'BigInt']);
const ORDERABLE = new Set([...NUMERIC, 'String', 'DateTime', 'Boolean']);
const COMPARISONS = ['equals', 'in', 'notIn', 'lt', 'lte', 'gt', 'gte', 'not'];
/** Filter keys by scalar type (`not` takes the same filter, without `mode`). Json and other types: the DMMF decides. */
const FILTER_KEYS: Record<string, readonly string[]> = {
  ...Object.fromEntries([...NUMERIC, 'DateTime'].map((type) => [type, COMPARISONS])),
  String: [...COMPARISONS, 'contains', 'startsWith', 'endsWith'],
  Boolean: ['equals', 'not'],
  Bytes: ['equals', 'in', 'notIn', 'not'],
};
const ENUM_FILTER_KEYS = ['equals', 'in', 'notIn', 'not'];
/** JSON filters PostgreSQL, CockroachDB and MySQL have had since Prisma 4 (`path` a list on PostgreSQL, a string on MySQL). */
const JSON_FILTER_KEYS = ['equals', 'not', 'path', 'string_contains', 'string_starts_with', 'string_ends_with', 'array_contains', 'array_starts_with', 'array_ends_with'];
const LIST_FILTER_KEYS = ['equals', 'has', 'hasEvery', 'hasSome', 'isEmpty'];

export interface DatamodelCheckOptions {
  /** The datasource's provider (`postgresql`, `sqlite`, ...). */
  provider: string | undefined;
  /** The schema text's `view` blocks: the datamodel lists them as models, but they have no writes. */
  views: ReadonlySet<string>;
  /** The schema text has `Unsupported(...)` fields, which the datamodel leaves out. */
  unsupportedFields: boolean;
  /** The engines are Prisma 6.2 or later: `updateMany` and `deleteMany` take `limit`; `omit` needs no preview feature. */
  prisma62: boolean;
}

export class DatamodelCheck {
  private readonly models = new Map<string, ModelShape>();
  private readonly delegates = new Map<string, string>();
  private names: SchemaIndex | undefined;
  private readonly enums = new Map<string, Set<string>>();
  /** `mode: 'insensitive'` exists on PostgreSQL and CockroachDB only. */
  private readonly insensitive: boolean;
  /** createMany, skipDuplicates and JSON filters: PostgreSQL, CockroachDB, MySQL. */
  private readonly createMany: boolean;

  constructor(datamodel: Datamodel, private readonly options: DatamodelCheckOptions) {
    for (const model of datamodel.models) {
      const compoundUniques = new Map<string, string[]>();
      for (const key of [model.primaryKey, ...model.uniqueIndexes]) {
        if (key && key.fields.length > 1) compoundUniques.set(key.name ?? key.fields.join('_'), key.fields);
      }
      const fields = new Map(model.fields.map((field) => [field.name, field]));
      const scalars = new Set(model.fields.filter((field) => field.kind === 'scalar' || field.kind === 'enum').map((field) => field.name));
      const counts = model.fields.some((field) => field.kind === 'object' && field.isList);
      this.models.set(model.name, { fields, compoundUniques, scalars, counts });
      this.delegates.set(uncapitalize(model.name), model.name);
    }
    for (const item of datamodel.enums) this.enums.set(item.name, new Set(item.values.map((value) => value.name)));
    this.insensitive = ['postgresql', 'postgres', 'cockroachdb'].includes(options.provider ?? '');
    this.createMany = CREATE_MANY_PROVIDERS.has(options.provider ?? '');
  }

  /** The schema has a model (or view) behind this client delegate. */
  hasModel(delegate: string): boolean {
    return this.delegates.has(delegate);
  }

  /**
   * The model names alone, as a SchemaIndex: for a call on a model the schema lacks, query-validate.ts
   * says so (with the closest names) from these without the DMMF, and says nothing else.
   */
  get modelNames(): SchemaIndex {
    return (this.names ??= new SchemaIndex({ modelOperations: [...this.delegates.values()].map((model) => ({ model })), outputTypes: new Map(), inputTypes: new Map(), enums: new Map() }));
  }

  /** True when the DMMF would find nothing wrong with the call; false when only the DMMF can tell. */
  accepts(call: ClientCall): boolean {
    const model = this.delegates.get(call.delegate);
    const own = OPERATION_ARGS[call.operation];
    if (!model || !own || (this.options.views.has(model) && !READS.has(call.operation))) return false;
    if (CREATES.has(call.operation) && this.options.unsupportedFields) return false;
    if (call.operation === 'createMany' && !this.createMany) return false;
    // What extensions add (arguments, computed fields, model methods; anything, when opaque) only
    // makes the DMMF check more lenient: a call right without them is right with them.
    const added = additionsFor(call.extensions, call.delegate);
    const args = literalObject(call.args);
    if (!args) return true; // the DMMF checks object literals only
    return literalProperties(args).every(({ key, value }) => {
      if (own.includes(key)) return this.argument(call.operation, key, value, model);
      if (key === 'limit' && LIMITED.has(call.operation)) return this.options.prisma62;
      if (key === 'select' || key === 'include') return RETURNS_MODEL.has(call.operation) && this.selection(value, model, key);
      if (key === 'omit') return RETURNS_MODEL.has(call.operation) && this.omit(value, model);
      return added.args.has(key);
    });
  }

  private argument(operation: string, key: string, value: Node | undefined, model: string): boolean {
    switch (key) {
      case 'where':
        return this.where(value, model, UNIQUE_WHERE.has(operation));
      case 'cursor':
        return this.where(value, model, true);
      case 'orderBy':
        return operation === 'groupBy' ? this.groupOrderBy(value, model) : this.orderBy(value, model);
      case 'distinct':
      case 'by':
        return this.distinct(value, model);
      case 'select': // count's
      case '_count':
      case '_avg':
      case '_sum':
      case '_min':
      case '_max':
        return this.aggregateSelection(value, model, key === 'select' ? '_count' : key);
      case 'data': // upsert's create and update are data too
      case 'create':
      case 'update':
        return this.data(value, model, key === 'update' || operation.startsWith('update') ? 'update' : 'create', operation.endsWith('Many'));
      default:
        return true; // take, skip: numbers, never enum values
    }
  }

  private where(node: Node | undefined, model: string, unique: boolean): boolean {
    return objectKeys(node, (key, inner) => this.whereKey(key, inner, model, unique));
  }

  private whereKey(key: string, value: Node | undefined, model: string, unique: boolean): boolean {
    if (key === 'AND' || key === 'OR' || key === 'NOT') return this.where(value, model, false);
    const shape = this.models.get(model)!;
    const field = shape.fields.get(key);
    if (!field) {
      const compound = unique ? shape.compoundUniques.get(key) : undefined;
      return compound !== undefined && this.compound(value, shape, compound);
    }
    if (field.kind === 'object') return field.isList ? this.listRelationFilter(value, field.type) : this.relationFilter(value, field.type);
    return this.scalarFilter(value, field, true);
  }

  /** `userId_postId: { userId, postId }`: the fields' values, checked as plain values. */
  private compound(node: Node | undefined, shape: ModelShape, names: string[]): boolean {
    return objectKeys(node, (key, inner) => names.includes(key) && this.plainValue(inner, shape.fields.get(key)!));
  }

  private listRelationFilter(node: Node | undefined, related: string): boolean {
    return objectKeys(node, (key, value) => (key === 'some' || key === 'every' || key === 'none') && this.where(value, related, false));
  }

  /** A to-one relation takes `is`/`isNot` or the related model's where directly. */
  private relationFilter(node: Node | undefined, related: string): boolean {
    const fields = this.models.get(related)!.fields;
    if (fields.has('is') || fields.has('isNot')) return false;
    return objectKeys(node, (key, value) => (key === 'is' || key === 'isNot' ? this.where(value, related, false) : this.whereKey(key, value, related, false)));
  }

  /** A scalar field in a where: a value, or a filter object (`not` nests one, without `mode`). */
  private scalarFilter(node: Node | undefined, field: DatamodelField, withMode: boolean): boolean {
    const keys = this.filterKeys(field, withMode);
    return eachValue(node, (value) => {
      const object = literalObject(value);
      if (!object) return this.literalFits(value, field);
      if (!keys) return false;
      return literalProperties(object).every(({ key, value: inner }) => {
        if (!keys.includes(key)) return false;
        if (key === 'not' && !field.isList) return this.scalarFilter(inner, field, false);
        if (key === 'mode') return eachValue(inner, (mode) => literalIn(mode, ['default', 'insensitive']));
        return this.plainValue(inner, field);
      });
    });
  }

  private filterKeys(field: DatamodelField, withMode: boolean): readonly string[] | undefined {
    if (field.isList) return LIST_FILTER_KEYS;
    if (field.type === 'Json') return this.createMany ? JSON_FILTER_KEYS : undefined;
    if (field.kind === 'enum') return ENUM_FILTER_KEYS;
    // `@db.Uuid` on PostgreSQL is a UuidFilter: comparisons and `mode`, no `contains`
    const keys = field.type === 'String' && field.nativeType?.[0] === 'Uuid' ? COMPARISONS : FILTER_KEYS[field.type];
    return keys && field.type === 'String' && withMode && this.insensitive ? [...keys, 'mode'] : keys;
  }

  /** A value where the DMMF expects the field's own type: only an enum's string literal can be wrong. */
  private plainValue(node: Node | undefined, field: DatamodelField): boolean {
    return eachValue(node, (value) => literalObject(value) !== undefined || this.literalFits(value, field));
  }

  private literalFits(node: Node, field: DatamodelField): boolean {
    const text = stringValue(node);
    return text === undefined || field.kind !== 'enum' || (this.enums.get(field.type)?.has(text) ?? false);
  }

  private selection(node: Node | undefined, model: string, mode: 'select' | 'include'): boolean {
    const shape = this.models.get(model)!;
    return objectKeys(node, (key, value) => {
      if (key === '_count') return shape.counts && this.countSelection(value, shape);
      const field = shape.fields.get(key);
      if (!field) return false;
      if (field.kind !== 'object') return mode === 'select'; // a scalar's value is not looked at
      return this.relationArgs(value, field);
    });
  }

  /** `omit: { password: true }`: the model's scalar fields (Prisma 6.2 on; before, a preview feature). */
  private omit(node: Node | undefined, model: string): boolean {
    const { scalars } = this.models.get(model)!;
    return this.options.prisma62 && objectKeys(node, (key) => scalars.has(key));
  }

  /** A selected relation's own arguments: a list relation's filters and paging, and a nested selection. */
  private relationArgs(node: Node | undefined, field: DatamodelField): boolean {
    return objectKeys(node, (key, value) => {
      if (key === 'select' || key === 'include') return this.selection(value, field.type, key);
      if (key === 'omit') return this.omit(value, field.type);
      if (!field.isList || !LIST_ARGS.includes(key)) return false;
      return this.argument('findMany', key, value, field.type);
    });
  }

  /** `_count: { select: { posts: true | { where } } }`. */
  private countSelection(node: Node | undefined, shape: ModelShape): boolean {
    return objectKeys(node, (key, value) =>
      key === 'select' &&
      objectKeys(value, (relation, args) => {
        const field = shape.fields.get(relation);
        return field?.kind === 'object' && field.isList && objectKeys(args, (arg, where) => arg === 'where' && this.where(where, field.type, false));
      }),
    );
  }

  private orderBy(node: Node | undefined, model: string): boolean {
    const shape = this.models.get(model)!;
    return objectKeys(node, (key, order) => {
      const field = shape.fields.get(key);
      if (!field) return false;
      if (field.kind === 'object') {
        return field.isList ? objectKeys(order, (count, direction) => count === '_count' && sortOrder(direction)) : this.orderBy(order, field.type);
      }
      if (field.isList || (field.kind !== 'enum' && !ORDERABLE.has(field.type))) return false;
      return this.sortSetting(order);
    });
  }

  /** `_sum: { price: true }`: the fields an aggregate takes (`_all` too for `_count`); none: the model has no such aggregate. */
  private aggregateSelection(node: Node | undefined, model: string, aggregate: string): boolean {
    const names = this.aggregated(model, aggregate);
    return names.size > 0 && objectKeys(node, (key) => names.has(key));
  }

  private aggregated(model: string, aggregate: string): Set<string> {
    const { fields: all, scalars } = this.models.get(model)!;
    if (aggregate === '_count') return new Set([...scalars, '_all']);
    const fields = [...scalars].map((name) => all.get(name)!);
    const numeric = aggregate === '_avg' || aggregate === '_sum';
    return new Set(fields.filter((field) => !field.isList && (numeric ? NUMERIC.has(field.type) : field.type !== 'Json')).map((field) => field.name));
  }

  /** groupBy's orderBy: the model's scalar fields, or an aggregate of them (`_sum: { price: 'desc' }`). */
  private groupOrderBy(node: Node | undefined, model: string): boolean {
    const shape = this.models.get(model)!;
    return objectKeys(node, (key, order) => {
      if (AGGREGATES.has(key)) {
        const names = this.aggregated(model, key);
        return objectKeys(order, (field, direction) => field !== '_all' && names.has(field) && sortOrder(direction));
      }
      return shape.scalars.has(key) && this.sortSetting(order);
    });
  }

  /** `'asc'`, or `{ sort: 'asc', nulls: 'last' }` on an optional field. */
  private sortSetting(order: Node | undefined): boolean {
    return objectKeys(order, (part, setting) => (part === 'sort' ? sortOrder(setting) : part === 'nulls' && eachValue(setting, (nulls) => literalIn(nulls, ['first', 'last'])))) && sortOrder(order);
  }

  /** `distinct: ['email']`, groupBy's `by`: names of the model's scalar fields. */
  private distinct(node: Node | undefined, model: string): boolean {
    const { scalars } = this.models.get(model)!;
    return eachValue(node, (value) => {
      const text = stringValue(value);
      return text === undefined || scalars.has(text);
    });
  }

  /**
   * Create or update data: the model's fields. `many` (createMany, updateMany): no relations.
   * `without`: in a nested create, the relation back to the parent and its foreign keys, which the nesting sets.
   */
  private data(node: Node | undefined, model: string, kind: 'create' | 'update', many = false, without?: ReadonlySet<string>): boolean {
    const shape = this.models.get(model)!;
    return objectKeys(node, (key, inner) => {
      const field = shape.fields.get(key);
      if (!field || without?.has(key)) return false;
      if (field.kind === 'object') return !many && this.nestedWrite(inner, model, field, kind);
      return this.scalarWrite(inner, field, kind);
    });
  }

  /**
   * A relation in data: `connect`, and `create`, `connectOrCreate`, `createMany` of the related model's
   * data without the way back; in an update also `upsert`, and `deleteMany` of a list.
   */
  private nestedWrite(node: Node | undefined, model: string, field: DatamodelField, kind: 'create' | 'update'): boolean {
    const related = field.type;
    const back = this.wayBack(model, field);
    const data = (value: Node | undefined, as: 'create' | 'update', many = false) => back !== undefined && this.data(value, related, as, many, back);
    return objectKeys(node, (write, target) => {
      if (write === 'connect') return this.where(target, related, true);
      if (write === 'create') return data(target, 'create');
      if (write === 'connectOrCreate') return objectKeys(target, (part, value) => (part === 'where' ? this.where(value, related, true) : part === 'create' && data(value, 'create')));
      if (write === 'createMany') return field.isList && this.createMany && objectKeys(target, (part, value) => part === 'skipDuplicates' || (part === 'data' && data(value, 'create', true)));
      if (kind === 'create') return false;
      // A list's upsert names the row by a unique where; a to-one's where filters the one row.
      if (write === 'upsert') return objectKeys(target, (part, value) => (part === 'where' ? this.where(value, related, field.isList) : (part === 'create' || part === 'update') && data(value, part)));
      if (write === 'deleteMany') return field.isList && this.scalarWhere(target, related);
      return false;
    });
  }

  /** A where on the model's own columns only (a list's `deleteMany`): no relation filters, no compound uniques. */
  private scalarWhere(node: Node | undefined, model: string): boolean {
    const { fields } = this.models.get(model)!;
    return objectKeys(node, (key, value) => {
      if (key === 'AND' || key === 'OR' || key === 'NOT') return this.scalarWhere(value, model);
      const field = fields.get(key);
      return field !== undefined && field.kind !== 'object' && this.scalarFilter(value, field, true);
    });
  }

  /** The related model's relation field back to `model` through `field`'s relation, and its foreign keys; undefined when not one. */
  private wayBack(model: string, field: DatamodelField): Set<string> | undefined {
    const candidates = [...this.models.get(field.type)!.fields.values()].filter(
      (other) => other.kind === 'object' && other.relationName === field.relationName && other.type === model && (field.type !== model || other.name !== field.name),
    );
    return candidates.length === 1 ? new Set([candidates[0]!.name, ...(candidates[0]!.relationFromFields ?? [])]) : undefined;
  }

  private scalarWrite(node: Node | undefined, field: DatamodelField, kind: 'create' | 'update'): boolean {
    if (field.type === 'Json' && !field.isList) return true; // takes any value; a Json[] takes set/push
    const operations = field.isList ? (kind === 'create' ? ['set'] : ['set', 'push']) : kind === 'update' ? (NUMERIC.has(field.type) ? ['set', 'increment', 'decrement', 'multiply', 'divide'] : ['set']) : undefined;
    return eachValue(node, (value) => {
      const object = literalObject(value);
      if (!object) return this.literalFits(value, field);
      if (!operations) return false;
      return literalProperties(object).every(({ key, value: inner }) => operations.includes(key) && this.plainValue(inner, field));
    });
  }
}

/** What the DMMF's input check walks into: array elements and both branches of a conditional. */
function eachValue(node: Node | undefined, check: (value: Node) => boolean): boolean {
  if (!node) return true;
  const value = unwrapTypes(node);
  if (value.type === 'ArrayExpression') return value.elements.every((element) => !element || eachValue(element, check));
  if (value.type === 'ConditionalExpression') return eachValue(value.consequent, check) && eachValue(value.alternate, check);
  return check(value);
}

/**
 * Object literals (in arrays and conditionals too) whose every key passes; any other value is not
 * looked at by the DMMF either. (Where the DMMF reads one object only, a selection, also walking
 * arrays is stricter, never looser.)
 */
function objectKeys(node: Node | undefined, check: (key: string, value: Node | undefined) => boolean): boolean {
  return eachValue(node, (value) => {
    const object = literalObject(value);
    return !object || literalProperties(object).every(({ key, value: inner }) => check(key, inner));
  });
}

function sortOrder(node: Node | undefined): boolean {
  return eachValue(node, (value) => literalIn(value, ['asc', 'desc']));
}

/** A string literal among `allowed`; any other value is not an enum value the DMMF would look at. */
function literalIn(node: Node, allowed: readonly string[]): boolean {
  const text = stringValue(node);
  return text === undefined || allowed.includes(text);
}
