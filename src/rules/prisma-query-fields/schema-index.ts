// Lookup tables over a DMMF: model delegates, the query/mutation fields behind each client operation,
// and the input, output and enum types Prisma Client validates arguments against (prisma/dmmf-cache.ts
// parses a cached type only when a call reaches it).
import type { DmmfTables, Lookup } from '../../prisma/dmmf-cache.js';
import type { InputType, ModelMapping, OutputField, OutputType } from '../../prisma/dmmf-types.js';

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
  readonly outputTypes: Lookup<OutputType>;
  readonly inputTypes: Lookup<InputType>;
  readonly enums: Lookup<string[]>;
  private readonly rootFields = new Map<string, OutputField>();

  constructor(tables: DmmfTables) {
    for (const mapping of tables.modelOperations) {
      this.models.set(uncapitalize(mapping.model), { name: mapping.model, mapping });
    }
    this.outputTypes = tables.outputTypes;
    this.inputTypes = tables.inputTypes;
    this.enums = tables.enums;
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
