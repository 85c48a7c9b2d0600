// Small facts read from Prisma schema text before (or instead of) handing it to Prisma's wasm:
// the datasource provider, the connection-URL lines Prisma 7 rejects, and Prisma's own error
// messages turned into file:line diagnostics.

export interface SchemaFile {
  /** Repository-relative path, forward slashes. */
  path: string;
  content: string;
  /** git sees a binary file (NUL bytes): there is no text to read. */
  binary?: boolean;
}

export interface SchemaDiagnostic {
  file?: string;
  line?: number;
  message: string;
}

const DATASOURCE_START = /^\s*datasource\s+\w+\s*\{/;
const BLOCK_END = /^\s*\}/;
const URL_LINE = /^\s*(url|directUrl|shadowDatabaseUrl)\s*=/;
const PROVIDER_LINE = /^\s*provider\s*=\s*"([^"]+)"/;

/**
 * Blanks `url`, `directUrl` and `shadowDatabaseUrl` inside datasource blocks: Prisma 7 rejects them in
 * the schema and they do not change the database shape. Line numbers stay the same for diagnostics.
 */
export function stripDatasourceUrls(content: string): string {
  let inDatasource = false;
  return content
    .split('\n')
    .map((line) => {
      if (DATASOURCE_START.test(line)) inDatasource = !line.includes('}');
      else if (inDatasource && BLOCK_END.test(line)) inDatasource = false;
      else if (inDatasource && URL_LINE.test(line)) return '';
      return line;
    })
    .join('\n');
}

/** The datasource `provider` of a (possibly multi-file) schema, undefined when there is none. */
export function datasourceProvider(files: readonly SchemaFile[]): string | undefined {
  for (const file of files) {
    let inDatasource = false;
    for (const line of file.content.split('\n')) {
      if (DATASOURCE_START.test(line)) inDatasource = true;
      else if (inDatasource && BLOCK_END.test(line)) inDatasource = false;
      else if (inDatasource) {
        const match = PROVIDER_LINE.exec(line);
        if (match) return match[1];
      }
    }
  }
  return undefined;
}

/**
 * Prisma's validation message (P1012, printed without colour) as one diagnostic per error:
 *
 *     error: Type "Strin" is neither a built-in type, nor refers to another model, ...
 *       -->  prisma/schema.prisma:6
 *        |
 *      6 |   b  Strin
 */
export function parseSchemaErrors(message: string): SchemaDiagnostic[] {
  const diagnostics: SchemaDiagnostic[] = [];
  const lines = stripAnsi(message).split('\n');
  for (let index = 0; index < lines.length; index++) {
    const error = /^error: (.*)$/.exec(lines[index]!);
    if (!error) continue;
    const location = /^\s*-->\s+(\S.*):(\d+)\s*$/.exec(lines[index + 1] ?? '');
    diagnostics.push({
      message: error[1]!.replace(/^Error validating:?\s*/, '').trim(),
      file: location?.[1],
      line: location ? Number(location[2]) : undefined,
    });
  }
  if (!diagnostics.length) diagnostics.push({ message: firstMeaningfulLine(message) });
  return diagnostics;
}

/** The message of an error thrown by Prisma's wasm: a JSON string `{ error_code, message }` or plain text. */
export function wasmErrorMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  try {
    const parsed = JSON.parse(raw) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // plain text
  }
  return raw;
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

function firstMeaningfulLine(text: string): string {
  return (
    stripAnsi(text)
      .split('\n')
      .map((line) => line.trim())
      .find(Boolean) ?? 'Prisma rejected the schema'
  );
}

/**
 * The schema without comments (`//` and `///`) and layout, per file, files in a stable order: two
 * schemas with the same text here describe the same database, so no engine needs to load to know.
 */
export function schemaWithoutLayout(files: readonly SchemaFile[]): string {
  return files
    .map((file) => file.content.split('\n').map(lineWithoutLayout).filter(Boolean).join('\n'))
    .sort()
    .join('\n\0\n');
}

function lineWithoutLayout(line: string): string {
  const parts: string[] = [];
  let code = '';
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    if (char === '/' && line[index + 1] === '/') break;
    if (char !== '"') {
      code += char;
      continue;
    }
    let end = index + 1;
    while (end < line.length && line[end] !== '"') end += line[end] === '\\' ? 2 : 1;
    parts.push(withoutBlanks(code), line.slice(index, end + 1));
    code = '';
    index = end;
  }
  parts.push(withoutBlanks(code));
  return parts.join('').trim();
}

/** Runs of blanks become one; blanks beside punctuation carry no meaning in Prisma's grammar. */
function withoutBlanks(code: string): string {
  return code.replace(/\s+/g, ' ').replace(/ ?([=()[\]{},:]) ?/g, '$1');
}
