// A small JSON-Schema subset for rule options. Hand-written instead of ajv because ajv's import and
// compile cost (~45 ms measured) lands on every hook run, and we want messages that read as English:
// `rules.commit-size.maxLines must be a positive integer (got "abc")`.
import { closest } from 'fastest-levenshtein';
import { redactSecrets } from '../rules/secrets/redact-text.js';

export type OptionsSchema =
  | ObjectSchema
  | { type: 'array'; items: OptionsSchema; minItems?: number; description?: string }
  | { type: 'string'; enum?: readonly string[]; minLength?: number; format?: 'regex'; description?: string }
  | { type: 'integer' | 'number'; minimum?: number; maximum?: number; description?: string }
  | { type: 'boolean'; const?: boolean; description?: string }
  | { anyOf: readonly OptionsSchema[]; description?: string }
  /** Accepts anything: custom rules that declare no schema. */
  | { type: 'any'; description?: string };

export interface ObjectSchema {
  type: 'object';
  properties: Record<string, OptionsSchema>;
  /** `false` (the default here): unknown keys are errors. A schema: every extra value must match it. */
  additionalProperties?: false | OptionsSchema;
  required?: readonly string[];
  description?: string;
}

/**
 * Returns the first problem as `<path> must be …`, or undefined when the value fits. With `partial`,
 * top-level `required` keys are not checked (a preset or override may set only some options).
 */
export function validate(value: unknown, schema: OptionsSchema, path: string, partial = false): string | undefined {
  if ('anyOf' in schema) {
    if (schema.anyOf.some((option) => fits(value, option, path))) return undefined;
    return mismatch(path, schema, value);
  }
  switch (schema.type) {
    case 'any':
      return undefined;
    case 'object':
      return validateObject(value, schema, path, partial);
    case 'array': {
      if (!Array.isArray(value) || value.length < (schema.minItems ?? 0)) return mismatch(path, schema, value);
      for (const [index, item] of value.entries()) {
        const problem = validate(item, schema.items, `${path}[${index}]`);
        if (problem) return problem;
      }
      return undefined;
    }
    case 'string':
      if (typeof value !== 'string' || value.length < (schema.minLength ?? 0)) return mismatch(path, schema, value);
      if (schema.enum && !schema.enum.includes(value)) return mismatch(path, schema, value);
      if (schema.format === 'regex' && !isRegex(value)) return mismatch(path, schema, value);
      return undefined;
    case 'integer':
    case 'number': {
      const ok =
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (schema.type === 'number' || Number.isInteger(value)) &&
        value >= (schema.minimum ?? -Infinity) &&
        value <= (schema.maximum ?? Infinity);
      return ok ? undefined : mismatch(path, schema, value);
    }
    case 'boolean':
      return typeof value === 'boolean' && (schema.const === undefined || value === schema.const)
        ? undefined
        : mismatch(path, schema, value);
  }
}

/**
 * Set while trying one branch of an `anyOf`: a failed branch's message is never shown, and building
 * one redacts the value (the secrets scanner's first use costs ~10 ms, on every run whose config
 * sets a detector of no-mock-data to a string).
 */
let quiet = 0;

function fits(value: unknown, schema: OptionsSchema, path: string): boolean {
  quiet++;
  try {
    return validate(value, schema, path) === undefined;
  } finally {
    quiet--;
  }
}

function validateObject(value: unknown, schema: ObjectSchema, path: string, partial: boolean): string | undefined {
  if (!isPlainObject(value)) return mismatch(path, schema, value);
  for (const [key, item] of Object.entries(value)) {
    // hasOwn: `constructor` or `toString` must not find Object.prototype's members as schemas.
    const child = (Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined) ?? (schema.additionalProperties || undefined);
    if (!child) return quiet ? 'unknown key' : unknownKey(path, key, Object.keys(schema.properties));
    const problem = validate(item, child, `${path}.${key}`);
    if (problem) return problem;
  }
  for (const key of partial ? [] : (schema.required ?? [])) {
    if (value[key] === undefined) return `${path}.${key} is required (${describe(schema.properties[key]!)})`;
  }
  return undefined;
}

/** `rules.commit-size.maxLine is not a known option (known: …). Did you mean "maxLines"?` */
export function unknownKey(path: string, key: string, known: readonly string[], noun = 'option'): string {
  const suggestion = known.length ? closest(key, known as string[]) : undefined;
  const hint = suggestion && similar(key, suggestion) ? ` Did you mean "${suggestion}"?` : '';
  return `${path ? `${path}.` : ''}${key} is not a known ${noun} (known: ${known.join(', ') || 'none'}).${hint}`;
}

function similar(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase() || a.includes(b) || b.includes(a) || commonPrefix(a, b) >= 3;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i]!.toLowerCase() === b[i]!.toLowerCase()) i++;
  return i;
}

function mismatch(path: string, schema: OptionsSchema, value: unknown): string {
  if (quiet) return 'mismatch';
  return `${path} must be ${describe(schema)} (got ${show(value)})`;
}

/** English for what a schema accepts: "a positive integer", "an array of strings". */
export function describe(schema: OptionsSchema): string {
  if (schema.description) return schema.description;
  if ('anyOf' in schema) return schema.anyOf.map(describe).join(' or ');
  switch (schema.type) {
    case 'any':
      return 'any value';
    case 'object':
      return 'an object';
    case 'array':
      return `an array of ${plural(describe(schema.items))}`;
    case 'string':
      if (schema.enum) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
      if (schema.format === 'regex') return 'a valid regular expression';
      return schema.minLength ? 'a non-empty string' : 'a string';
    case 'integer':
    case 'number': {
      const noun = schema.type === 'integer' ? 'integer' : 'number';
      if (schema.minimum === 1 && schema.type === 'integer') return `a positive integer${upTo(schema.maximum)}`;
      if (schema.minimum === 0) return `a non-negative ${noun}${upTo(schema.maximum)}`;
      if (schema.minimum !== undefined) return `${article(noun)} >= ${schema.minimum}${upTo(schema.maximum)}`;
      return `${article(noun)}${upTo(schema.maximum)}`;
    }
    case 'boolean':
      return schema.const === undefined ? 'true or false' : String(schema.const);
  }
}

function upTo(maximum: number | undefined): string {
  return maximum === undefined ? '' : ` up to ${maximum}`;
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function plural(phrase: string): string {
  return phrase
    .replace(/^an? /, '')
    .replace(/^(non-empty )?string$/, '$1strings')
    .replace(/^object$/, 'objects')
    .replace(/^valid regular expression$/, 'valid regular expressions');
}

export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  // Redacted before it is cut: a cut token no longer matches its detector (`--config .env`).
  const text = redactSecrets(JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRegex(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}
