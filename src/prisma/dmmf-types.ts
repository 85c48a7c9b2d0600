// The parts of Prisma's DMMF the rules read (a subset of @prisma/dmmf's types, kept local so the
// rules compile without the optional peer dependency).

export interface DatamodelField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  isList: boolean;
  isRequired: boolean;
  isUnique: boolean;
  isId: boolean;
  isUpdatedAt?: boolean;
  hasDefaultValue: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  relationName?: string | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string | null;
  relationOnUpdate?: string | null;
}

export interface DatamodelModel {
  name: string;
  dbName: string | null;
  schema?: string | null;
  fields: DatamodelField[];
  primaryKey: { name: string | null; fields: string[] } | null;
  uniqueIndexes: { name: string | null; fields: string[] }[];
}

export interface DatamodelEnum {
  name: string;
  dbName?: string | null;
  values: { name: string; dbName: string | null }[];
}

export interface DatamodelIndex {
  model: string;
  type: string;
  isDefinedOnField?: boolean;
  dbName?: string | null;
  name?: string | null;
  algorithm?: string;
  clustered?: boolean;
  fields: { name: string; sortOrder?: string; length?: number; operatorClass?: string }[];
}

export interface Datamodel {
  models: DatamodelModel[];
  enums: DatamodelEnum[];
  types?: DatamodelModel[];
  indexes?: DatamodelIndex[];
}

export type TypeLocation = 'scalar' | 'inputObjectTypes' | 'outputObjectTypes' | 'enumTypes' | 'fieldRefTypes';

export interface TypeRef {
  type: string;
  namespace?: 'prisma' | 'model';
  location: TypeLocation;
  isList: boolean;
}

export interface SchemaArg {
  name: string;
  isRequired: boolean;
  inputTypes: TypeRef[];
}

export interface OutputField {
  name: string;
  args: SchemaArg[];
  outputType: TypeRef;
}

export interface OutputType {
  name: string;
  fields: OutputField[];
}

export interface InputField {
  name: string;
  isRequired: boolean;
  inputTypes: TypeRef[];
}

export interface InputType {
  name: string;
  fields: InputField[];
}

export interface SchemaEnum {
  name: string;
  values: string[];
}

export interface ModelMapping {
  model: string;
  [action: string]: string | undefined;
}

export interface DmmfDocument {
  datamodel: Datamodel;
  schema: {
    inputObjectTypes: { prisma?: InputType[]; model?: InputType[] };
    outputObjectTypes: { prisma: OutputType[]; model: OutputType[] };
    enumTypes: { prisma?: SchemaEnum[]; model?: SchemaEnum[] };
  };
  mappings: { modelOperations: ModelMapping[] };
}
