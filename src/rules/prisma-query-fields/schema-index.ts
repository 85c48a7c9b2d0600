// Lookup tables over a DMMF document: model delegates, the query/mutation fields behind each client
// operation, and the input, output and enum types Prisma Client validates arguments against.
import type { DmmfDocument, InputType, ModelMapping, OutputField, OutputType } from '../../prisma/dmmf-types.js';

export interface ModelInfo {
  name: string;
  mapping: ModelMapping;
}

/** Client operation -> DMMF action name (`create` is `createOne` in the query schema). */
const ACTIONS: Record<string, string> = {
  create: 'createOne',
  update: 'updateOne',
  upsert: 'upsertOne',
  delete: 'deleteOne',
  count: 'aggregate',
};

export class SchemaIndex {
  readonly models = new Map<string, ModelInfo>();
  readonly outputTypes = new Map<string, OutputType>();
  readonly inputTypes = new Map<string, InputType>();
  readonly enums = new Map<string, string[]>();
  private readonly rootFields = new Map<string, OutputField>();

  constructor(dmmf: DmmfDocument) {
    for (const mapping of dmmf.mappings.modelOperations) {
      this.models.set(uncapitalize(mapping.model), { name: mapping.model, mapping });
    }
    const { schema } = dmmf;
    for (const type of [...schema.outputObjectTypes.model, ...schema.outputObjectTypes.prisma]) this.outputTypes.set(type.name, type);
    for (const type of [...(schema.inputObjectTypes.model ?? []), ...(schema.inputObjectTypes.prisma ?? [])]) this.inputTypes.set(type.name, type);
    for (const item of [...(schema.enumTypes.model ?? []), ...(schema.enumTypes.prisma ?? [])]) this.enums.set(item.name, item.values);
    for (const root of ['Query', 'Mutation']) {
      for (const field of this.outputTypes.get(root)?.fields ?? []) this.rootFields.set(field.name, field);
    }
  }

  /** The query-schema field a client operation calls, undefined when the provider lacks it. */
  operationField(model: ModelInfo, operation: string): OutputField | undefined {
    const fieldName = model.mapping[ACTIONS[operation] ?? operation];
    return fieldName ? this.rootFields.get(fieldName) : undefined;
  }

  delegates(): string[] {
    return [...this.models.keys()];
  }
}

export function uncapitalize(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
