// The parts of a schema's DMMF that prisma-query-fields looks calls up in, kept between runs in
// `<git common dir>/shipguard/prisma-dmmf/` (private, 0700/0600), keyed by a hash of the schema text
// and the engines that read it. Prisma's wasm takes 0.5-2 s to render the DMMF of a large schema
// (20 MB of JSON) on every commit that touches a file calling the client; the schema rarely changes
// between commits. Each stored type is read from the file and parsed only when a call reaches it:
// reading, decoding and parsing all 22 MB of trigger.dev's DMMF cost such a commit ~0.5 s.
//
// An entry is keyed by the schema as written: when only another Prisma version than the engines'
// accepts it, the entry says which preview features were left out to render it, so a later run
// needs no engine just to be refused again.
//
// A stored entry is ASCII text (non-ASCII as `\u` escapes, so a character is a byte):
//   <header length, 10 digits>\n<header JSON><each type's JSON, back to back>
// The header holds the model mappings and, for each output, input and enum type, where its JSON is.
import { closeSync, existsSync, fstatSync, openSync, readSync, rmSync, utimesSync } from 'node:fs';
import path from 'node:path';
import type { PrismaWasmFiles } from '../lazy.js';
import { privateStateDir, pruneOldest, tightenFile, writePrivateFile } from '../private-files.js';
import { schemaCacheKey } from './cache-key.js';
import type { DmmfDocument, InputType, ModelMapping, OutputType } from './dmmf-types.js';
import type { SchemaDiagnostic, SchemaFile } from './schema-text.js';
import { stripFeatures } from './version-leniency.js';
import { getDmmfText, SchemaInvalidError } from './wasm.js';

/** Bumped when what is stored changes (2: ASCII-only text; 3: types stored one by one, read on demand, and what was stripped). */
const FORMAT = 3;
/** Schemas kept: a few branches' worth (each entry is the size of the DMMF, up to tens of MB). */
const KEEP_ENTRIES = 4;
const LENGTH_DIGITS = 10;

/** Types by name; a stored one is parsed when first asked for. */
export interface Lookup<T> {
  get(name: string): T | undefined;
  has(name: string): boolean;
}

/** What calls are checked against: the client's model delegates and the query schema's types. */
export interface DmmfTables {
  modelOperations: ModelMapping[];
  outputTypes: Lookup<OutputType>;
  inputTypes: Lookup<InputType>;
  /** Enum type name -> its values. */
  enums: Lookup<string[]>;
}

export interface CachedDmmf {
  tables: DmmfTables;
  /** Read from the cache rather than rendered by the engines. */
  cached: boolean;
  /** Preview features left out because only another Prisma version knows them. */
  stripped: string[];
}

/**
 * The DMMF tables of `files` by `engines`; from the cache when this schema was read before (no cache
 * without `commonDir`). When the engines reject the schema, `strippable` names the preview features
 * that may be left out to read it anyway (none: the rejection is thrown as SchemaInvalidError).
 */
export async function cachedDmmf(
  files: readonly SchemaFile[],
  engines: PrismaWasmFiles | undefined,
  commonDir: string | undefined,
  strippable: (diagnostics: SchemaDiagnostic[]) => string[] = () => [],
): Promise<CachedDmmf> {
  const dir = commonDir === undefined ? undefined : privateStateDir(commonDir, 'prisma-dmmf');
  const file = dir && path.join(dir, `${cacheKey(files, engines)}.json`);
  const hit = file ? openCached(file) : undefined;
  if (hit) return { ...hit, cached: true };
  const { text, stripped } = await render(files, engines, strippable); // an invalid schema is never cached
  const dmmf = JSON.parse(text) as DmmfDocument;
  const types = typesByName(dmmf);
  if (file && dir) {
    try {
      writePrivateFile(file, serialize(dmmf.mappings.modelOperations, types, stripped));
      pruneOldest(dir, KEEP_ENTRIES);
    } catch {
      // a full disk or a read-only .git: the next run renders the DMMF again
    }
  }
  return { tables: { modelOperations: dmmf.mappings.modelOperations, outputTypes: types.output, inputTypes: types.input, enums: types.enums }, cached: false, stripped };
}

/** This schema's DMMF is in the cache: reading what a call needs from it costs less than any engine. */
export function isDmmfCached(files: readonly SchemaFile[], engines: PrismaWasmFiles | undefined, commonDir: string): boolean {
  return existsSync(path.join(commonDir, 'shipguard', 'prisma-dmmf', `${cacheKey(files, engines)}.json`));
}

async function render(files: readonly SchemaFile[], engines: PrismaWasmFiles | undefined, strippable: (diagnostics: SchemaDiagnostic[]) => string[]) {
  try {
    return { text: await getDmmfText(files, engines), stripped: [] };
  } catch (error) {
    const stripped = error instanceof SchemaInvalidError ? strippable(error.diagnostics) : [];
    if (!stripped.length) throw error;
    return { text: await getDmmfText(stripFeatures([...files], stripped), engines), stripped };
  }
}

interface TypesByName {
  output: Map<string, OutputType>;
  input: Map<string, InputType>;
  enums: Map<string, string[]>;
}

/** Each kind of type by name over both namespaces, the `prisma` namespace's winning a clash. */
function typesByName(dmmf: DmmfDocument): TypesByName {
  const { schema } = dmmf;
  return {
    output: new Map([...schema.outputObjectTypes.model, ...schema.outputObjectTypes.prisma].map((type) => [type.name, type])),
    input: new Map([...(schema.inputObjectTypes.model ?? []), ...(schema.inputObjectTypes.prisma ?? [])].map((type) => [type.name, type])),
    enums: new Map([...(schema.enumTypes.model ?? []), ...(schema.enumTypes.prisma ?? [])].map((item) => [item.name, item.values])),
  };
}

type Places = Record<string, [offset: number, length: number]>;

interface Header {
  format: number;
  /** Bytes after the header: a shorter file was cut short. */
  size: number;
  modelOperations: ModelMapping[];
  stripped: string[];
  output: Places;
  input: Places;
  enums: Places;
}

function serialize(modelOperations: ModelMapping[], types: TypesByName, stripped: string[]): string {
  const body: string[] = [];
  let size = 0;
  const place = (map: Map<string, unknown>): Places => {
    const places: Places = {};
    for (const [name, value] of map) {
      const text = asciiJson(JSON.stringify(value));
      places[name] = [size, text.length];
      body.push(text);
      size += text.length;
    }
    return places;
  };
  const places = { output: place(types.output), input: place(types.input), enums: place(types.enums) };
  const header = asciiJson(JSON.stringify({ format: FORMAT, size, modelOperations, stripped, ...places } satisfies Header));
  return `${String(header.length).padStart(LENGTH_DIGITS, '0')}\n${header}${body.join('')}`;
}

/** The stored tables, or undefined when there is no usable entry (missing, foreign, older format, cut short). */
function openCached(file: string): { tables: DmmfTables; stripped: string[] } | undefined {
  if (!existsSync(file) || !tightenFile(file)) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const headerLength = Number(readAt(fd, 0, LENGTH_DIGITS));
    const header = JSON.parse(readAt(fd, LENGTH_DIGITS + 1, headerLength)) as Header;
    const start = LENGTH_DIGITS + 1 + headerLength;
    if (header.format !== FORMAT || fstatSync(fd).size !== start + header.size) throw new Error('not a usable entry');
    const now = new Date();
    utimesSync(file, now, now); // most recently used: kept by pruneOldest
    const opened = fd;
    keepOpen(opened);
    const stored = <T>(places: Places) => new StoredTypes<T>(opened, start, places, file);
    const tables: DmmfTables = {
      modelOperations: header.modelOperations,
      outputTypes: stored<OutputType>(header.output),
      inputTypes: stored<InputType>(header.input),
      enums: stored<string[]>(header.enums),
    };
    return { tables, stripped: header.stripped };
  } catch {
    if (fd !== undefined) closeSync(fd);
    return undefined; // rendered again and rewritten
  }
}

/** Entries read during this run, closed when it ends (one listener however many schemas were read). */
const openEntries: number[] = [];

function keepOpen(fd: number): void {
  if (!openEntries.length) process.once('exit', () => openEntries.forEach((entry) => closeSync(entry)));
  openEntries.push(fd);
}

class StoredTypes<T> implements Lookup<T> {
  private readonly parsed = new Map<string, T>();

  constructor(
    private readonly fd: number,
    private readonly start: number,
    private readonly places: Places,
    private readonly file: string,
  ) {}

  has(name: string): boolean {
    return Object.hasOwn(this.places, name);
  }

  get(name: string): T | undefined {
    if (!this.has(name)) return undefined;
    let value = this.parsed.get(name);
    if (value === undefined) {
      const [offset, length] = this.places[name]!;
      try {
        value = JSON.parse(readAt(this.fd, this.start + offset, length)) as T;
      } catch {
        rmSync(this.file, { force: true });
        throw new Error(`the cached DMMF ${this.file} was damaged (removed: the next run renders it again)`);
      }
      this.parsed.set(name, value);
    }
    return value;
  }
}

/** `length` bytes at `position`, as the one-byte string ASCII text decodes to. */
function readAt(fd: number, position: number, length: number): string {
  const buffer = Buffer.allocUnsafe(length);
  const read = readSync(fd, buffer, 0, length, position);
  return buffer.toString('latin1', 0, read);
}

/** JSON text with every non-ASCII character written as a `\\u` escape (outside strings JSON is ASCII already). */
function asciiJson(text: string): string {
  return text.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function cacheKey(files: readonly SchemaFile[], engines: PrismaWasmFiles | undefined): string {
  return schemaCacheKey(files, engines, FORMAT);
}
