// Checks the object literal of one Prisma Client call against the schema's DMMF, the same way Prisma
// Client does at runtime: select/include/omit keys against the model's fields (recursing into relations
// and `_count`), where/data/orderBy/... keys through the input types, enum values, and the aggregate
// keys of aggregate/groupBy/count. Spreads, computed keys and non-literal values are skipped.
import { keyName, stringValue, unwrapTypes, type AST, type Node } from '../shared/ast.js';
import type { OutputField, TypeRef } from '../../prisma/dmmf-types.js';
import type { ClientCall } from './query-scan.js';
import type { SchemaIndex } from './schema-index.js';
import { closestNames, didYouMean, isTypoOf, listNames } from './suggest.js';
import { additionsFor, type ModelAdditions } from './extensions.js';

export interface QueryProblem {
  kind: 'unknown-model' | 'unknown-operation' | 'unknown-argument' | 'unknown-field' | 'unknown-relation-count' | 'unknown-input-field' | 'invalid-enum-value';
  node: Node;
  message: string;
  hint: string;
}

export interface Property {
  key: string;
  keyNode: Node;
  value?: Node;
}

type SelectionMode = 'select' | 'include' | 'omit';

/** Scalars a string literal is a valid value for (so a union with an enum accepts any string). */
const STRING_SCALARS = new Set(['String', 'DateTime', 'Decimal', 'Json', 'BigInt', 'Bytes', 'Uuid']);

/** Fields Prisma Client accepts beyond the schema's: `$extends({ result })` computed fields, by model. */
export type ResultFields = Readonly<Record<string, readonly string[]>>;

export function validateCall(index: SchemaIndex, call: ClientCall, resultFields: ResultFields = {}): QueryProblem[] {
  return new CallValidator(index, call, resultFields).run();
}

class CallValidator {
  private readonly problems: QueryProblem[] = [];
  private readonly label: string;

  constructor(
    private readonly index: SchemaIndex,
    private readonly call: ClientCall,
    private readonly resultFields: ResultFields,
  ) {
    this.label = `${call.client}.${call.delegate}.${call.operation}()`;
  }

  run(): QueryProblem[] {
    // A model method of an extension with an operation's name is the extension's own: not Prisma's arguments.
    if (this.additions(this.call.delegate).methods.has(this.call.operation)) return this.problems;
    const model = this.index.models.get(this.call.delegate);
    if (!model) {
      this.unknownModel();
      return this.problems;
    }
    const field = this.index.operationField(model, this.call.operation);
    if (!field) {
      this.report('unknown-operation', this.call.delegateNode, `${this.label}: model ${model.name} has no \`${this.call.operation}\` operation with this database provider.`, 'Use an operation the provider supports (see the Prisma Client API reference for your database).');
      return this.problems;
    }
    const args = literalObject(this.call.args);
    if (args) this.topLevel(args, field);
    return this.problems;
  }

  private unknownModel(): void {
    const delegates = this.index.delegates();
    // `db.cache.delete()` on a generic receiver name is most likely another library: only a near miss counts.
    if (!this.call.certain && !closestNames(this.call.delegate, delegates).length) return;
    this.report(
      'unknown-model',
      this.call.delegateNode,
      `${this.call.client}.${this.call.delegate}: the schema has no model \`${capitalize(this.call.delegate)}\`.${didYouMean(this.call.delegate, delegates)}`,
      `Use a model delegate from the schema (${listNames(delegates)}), or add the model to the schema with its migration.`,
    );
  }

  /** The operation's own argument object: args, select/include/omit, and aggregate keys. */
  private topLevel(args: AST.ObjectExpression, field: OutputField): void {
    const operation = this.call.operation;
    if (operation === 'count') return this.countArgs(args, field);
    const aggregates = operation === 'aggregate' || operation === 'groupBy' ? this.aggregateFields(field) : [];
    const isModelOutput = field.outputType.namespace === 'model' && field.outputType.location === 'outputObjectTypes';
    const allowed = [...field.args.map((arg) => arg.name), ...(isModelOutput ? ['select', 'include', 'omit'] : []), ...aggregates.map((item) => item.name)];
    for (const property of literalProperties(args)) {
      const arg = field.args.find((candidate) => candidate.name === property.key);
      const aggregate = aggregates.find((candidate) => candidate.name === property.key);
      if (arg) this.input(property.value, arg.inputTypes, property.key);
      else if (isModelOutput && isSelectionKey(property.key)) this.selection(property.value, field.outputType.type, property.key, property.key);
      else if (aggregate) this.plainSelection(property.value, aggregate.outputType.type, property.key);
      else if (!this.addedByExtension(property.key, allowed)) this.unknownArgument(property, allowed);
    }
  }

  /** `count({ where, select: { _all: true, email: true } })`: aggregate args plus a `_count` selection. */
  private countArgs(args: AST.ObjectExpression, field: OutputField): void {
    const countType = this.index.outputTypes.get(field.outputType.type)?.fields.find((item) => item.name === '_count')?.outputType.type;
    const allowed = [...field.args.map((arg) => arg.name), 'select'];
    for (const property of literalProperties(args)) {
      const arg = field.args.find((candidate) => candidate.name === property.key);
      if (arg) this.input(property.value, arg.inputTypes, property.key);
      else if (property.key === 'select' && countType) this.plainSelection(property.value, countType, 'select');
      else if (!this.addedByExtension(property.key, allowed)) this.unknownArgument(property, allowed);
    }
  }

  private aggregateFields(field: OutputField): OutputField[] {
    return (this.index.outputTypes.get(field.outputType.type)?.fields ?? []).filter((item) => item.name.startsWith('_'));
  }

  /** The arguments of a selected relation (or `_count` field): its own args and, for objects, a nested selection. */
  private fieldArgs(node: Node | undefined, field: OutputField, path: string): void {
    const args = literalObject(node);
    if (!args) return;
    const output = field.outputType;
    const isObject = output.location === 'outputObjectTypes';
    const isModel = isObject && output.namespace === 'model';
    const allowed = [...field.args.map((arg) => arg.name), ...(isObject ? ['select'] : []), ...(isModel ? ['include', 'omit'] : [])];
    for (const property of literalProperties(args)) {
      const arg = field.args.find((candidate) => candidate.name === property.key);
      if (arg) this.input(property.value, arg.inputTypes, `${path}.${property.key}`);
      else if (isObject && allowed.includes(property.key)) this.selection(property.value, output.type, property.key as SelectionMode, `${path}.${property.key}`);
      else this.unknownArgument(property, allowed, path);
    }
  }

  private selection(node: Node | undefined, typeName: string, mode: SelectionMode, path: string): void {
    const object = literalObject(node);
    const type = this.index.outputTypes.get(typeName);
    if (!object || !type) return;
    const fits = (field: OutputField) => mode === 'select' || (mode === 'include') === (field.outputType.location === 'outputObjectTypes');
    const candidates = type.fields.filter(fits).map((field) => field.name);
    const computed = this.resultFields[typeName] ?? [];
    const added = this.additions(uncapitalize(typeName));
    for (const property of literalProperties(object)) {
      const field = type.fields.find((candidate) => candidate.name === property.key);
      if (!field && mode !== 'include' && (computed.includes(property.key) || added.fields.has(property.key))) continue;
      // An extension that may add computed fields: only a near miss of a real field is a typo.
      if (!field && mode !== 'include' && added.open && !isTypoOf(property.key, candidates)) continue;
      if (!field || !fits(field)) {
        this.unknownSelected(property, typeName, mode, path, candidates, field);
      } else if (mode !== 'omit' && (field.outputType.location === 'outputObjectTypes' || field.args.length)) {
        this.fieldArgs(property.value, field, `${path}.${property.key}`);
      }
    }
  }

  /** `_count: { _all: true, email: true }` in aggregate/groupBy/count: field names only, boolean values. */
  private plainSelection(node: Node | undefined, typeName: string, path: string): void {
    const object = literalObject(node);
    const type = this.index.outputTypes.get(typeName);
    if (!object || !type) return;
    const names = type.fields.map((field) => field.name);
    for (const property of literalProperties(object)) {
      if (names.includes(property.key)) continue;
      this.report(
        'unknown-field',
        property.keyNode,
        `Unknown field \`${property.key}\` in \`${path}\` of ${this.label}: ${typeName} has ${listNames(names)}.${didYouMean(property.key, names)}`,
        'Prisma rejects it at runtime; aggregate over one of the listed fields.',
      );
    }
  }

  /** A where/data/orderBy/... value checked through the input types the argument accepts. */
  private input(node: Node | undefined, refs: readonly TypeRef[], path: string): void {
    if (!node) return;
    const value = unwrapTypes(node);
    if (value.type === 'ObjectExpression') return this.inputObject(value, refs, path);
    if (value.type === 'ArrayExpression') return value.elements.forEach((element) => this.input(element ?? undefined, refs, path));
    if (value.type === 'ConditionalExpression') {
      this.input(value.consequent, refs, path);
      return this.input(value.alternate, refs, path);
    }
    const text = stringValue(value);
    if (text !== undefined) this.enumValue(value, text, refs, path);
  }

  private inputObject(object: AST.ObjectExpression, refs: readonly TypeRef[], path: string): void {
    const types = unique(refs.filter((ref) => ref.location === 'inputObjectTypes').map((ref) => ref.type))
      .map((name) => this.index.inputTypes.get(name))
      .filter((type) => type !== undefined);
    if (!types.length) return; // Json and other scalars take any object
    for (const property of literalProperties(object)) {
      const fields = types.flatMap((type) => type.fields.filter((field) => field.name === property.key));
      if (fields.length) {
        this.input(property.value, fields.flatMap((field) => field.inputTypes), `${path}.${property.key}`);
        continue;
      }
      const names = unique(types.flatMap((type) => type.fields.map((field) => field.name)));
      this.report(
        'unknown-input-field',
        property.keyNode,
        `Unknown field \`${property.key}\` in \`${path}\` of ${this.label}: ${types.map((type) => type.name).join(' / ')} has no \`${property.key}\`.${didYouMean(property.key, names)}`,
        `Prisma throws "Unknown argument \`${property.key}\`" at runtime. Use a field the schema has (${listNames(names)}), or add it to the schema with its migration.`,
      );
    }
  }

  private enumValue(literal: Node, text: string, refs: readonly TypeRef[], path: string): void {
    if (refs.some((ref) => ref.location === 'scalar' && STRING_SCALARS.has(ref.type))) return;
    const enumNames = unique(refs.filter((ref) => ref.location === 'enumTypes').map((ref) => ref.type));
    if (!enumNames.length) return;
    const values = unique(enumNames.flatMap((name) => this.index.enums.get(name) ?? []));
    if (values.includes(text)) return;
    const enumName = enumNames.join(' / ');
    const what = enumName.endsWith('ScalarFieldEnum') ? `a scalar field of ${enumName.replace(/ScalarFieldEnum$/, '')}` : `a value of enum ${enumName}`;
    this.report(
      'invalid-enum-value',
      literal,
      `'${text}' in \`${path}\` of ${this.label} is not ${what} (${listNames(values)}).${didYouMean(text, values, "'")}`,
      `Prisma throws "Invalid value for argument" at runtime. Use one of: ${listNames(values)}.`,
    );
  }

  /** What the client's extensions add to this model's queries. */
  private additions(delegate: string): ModelAdditions {
    return additionsFor(this.call.extensions, delegate);
  }

  /** A top-level argument an extension adds (`cacheStrategy`), or may add (an extension not visible here, unless it is a near miss). */
  private addedByExtension(key: string, allowed: string[]): boolean {
    const added = this.additions(this.call.delegate);
    return added.args.has(key) || (added.open && !isTypoOf(key, allowed));
  }

  private unknownArgument(property: Property, allowed: string[], path?: string): void {
    const where = path ? ` in \`${path}\`` : '';
    this.report(
      'unknown-argument',
      property.keyNode,
      `Unknown argument \`${property.key}\`${where} of ${this.label}.${didYouMean(property.key, allowed)}`,
      `Prisma throws "Unknown argument \`${property.key}\`" at runtime. Arguments here: ${listNames(allowed)}.`,
    );
  }

  private unknownSelected(property: Property, typeName: string, mode: SelectionMode, path: string, candidates: string[], found: OutputField | undefined): void {
    const countOf = /^(.+)CountOutputType$/.exec(typeName)?.[1];
    if (countOf) {
      this.report(
        'unknown-relation-count',
        property.keyNode,
        `Unknown field \`${property.key}\` in \`${path}\` of ${this.label}: model ${countOf} has no relation \`${property.key}\` to count.${didYouMean(property.key, candidates)} Countable relations: ${listNames(candidates)}.`,
        `Prisma throws "Unknown field \`${property.key}\` for select statement" at runtime. Count one of the listed relations, or add the relation to the schema with its migration.`,
      );
      return;
    }
    const model = this.index.outputTypes.has(typeName) ? typeName : capitalize(this.call.delegate);
    const why = found
      ? mode === 'include'
        ? `\`${property.key}\` is a scalar field; include takes relations (${listNames(candidates)})`
        : `\`${property.key}\` is a relation; omit takes scalar fields`
      : `model ${model} has no field \`${property.key}\``;
    this.report(
      'unknown-field',
      property.keyNode,
      `Unknown field \`${property.key}\` in \`${path}\` of ${this.label}: ${why}.${found ? '' : didYouMean(property.key, candidates)}`,
      found
        ? mode === 'include'
          ? `Scalar fields come back without include; to pick fields, use select instead.`
          : `omit only hides scalar fields; leave the relation out of include/select instead.`
        : `Prisma throws "Unknown field \`${property.key}\` for ${mode} statement" at runtime. Use one of: ${listNames(candidates)}; or add the field to the schema with its migration.`,
    );
  }

  private report(kind: QueryProblem['kind'], node: Node, message: string, hint: string): void {
    this.problems.push({ kind, node, message, hint });
  }
}

/** An object literal's plain `key: value` members. Spreads, methods, accessors and computed keys: unknown here, never guessed. */
export function literalProperties(object: AST.ObjectExpression): Property[] {
  const properties: Property[] = [];
  for (const member of object.properties) {
    if (member.type !== 'Property' || member.method || member.kind !== 'init') continue;
    const key = keyName(member);
    if (key === undefined) continue;
    properties.push(member.shorthand ? { key, keyNode: member.key } : { key, keyNode: member.key, value: member.value });
  }
  return properties;
}

/** `node` as an object literal (through `as`/`satisfies`), else undefined: any other value is not checked. */
export function literalObject(node: Node | undefined): AST.ObjectExpression | undefined {
  if (!node) return undefined;
  const value = unwrapTypes(node);
  return value.type === 'ObjectExpression' ? value : undefined;
}

function isSelectionKey(key: string): key is SelectionMode {
  return key === 'select' || key === 'include' || key === 'omit';
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function uncapitalize(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
