// Reads `schema` and `migrations.path` from prisma.config.ts without running it. Prisma's own loader
// executes the file, and `env('DATABASE_URL')` throws when the variable is unset, which is the normal
// state inside a git hook; so the file is only parsed, and only literal paths are taken.
import path from 'node:path';
import { keyName, stringValue, unwrapTypes, type AST, type Node, type ParsedFile } from '../rules/shared/ast.js';
import { parseCode } from '../rules/shared/code.js';

export interface PrismaConfigPaths {
  /** Schema file or folder, relative to the config file's directory. */
  schema?: string;
  /** Migrations folder, relative to the config file's directory. */
  migrations?: string;
  /** Keys that are set to something not readable without running the file. */
  unreadable: string[];
  /** Set when the file does not parse: nothing could be read from it. */
  syntaxError?: string;
}

export async function readPrismaConfig(fileName: string, text: string): Promise<PrismaConfigPaths> {
  const source = await parseCode(fileName, text);
  const result: PrismaConfigPaths = { unreadable: [] };
  if (source.syntaxError) {
    const { line, column, message } = source.syntaxError;
    return { ...result, syntaxError: `${fileName}:${line}:${column} (${message})` };
  }
  const config = findConfigObject(source);
  if (!config) return result;
  const schema = property(config, 'schema');
  if (schema) {
    result.schema = evaluatePath(source, schema);
    if (result.schema === undefined) result.unreadable.push('schema');
  }
  const migrations = property(config, 'migrations');
  const migrationsObject = migrations && unwrapTypes(migrations);
  const migrationsPath = migrationsObject?.type === 'ObjectExpression' ? property(migrationsObject, 'path') : undefined;
  if (migrationsPath) {
    result.migrations = evaluatePath(source, migrationsPath);
    if (result.migrations === undefined) result.unreadable.push('migrations.path');
  } else if (migrations && migrationsObject?.type !== 'ObjectExpression') {
    result.unreadable.push('migrations');
  }
  return result;
}

/** `export default defineConfig({...})`, `export default {...} satisfies PrismaConfig`, `module.exports = ...`, or via a const. */
function findConfigObject(source: ParsedFile): AST.ObjectExpression | undefined {
  for (const statement of source.program.body) {
    let expression: Node | undefined;
    if (statement.type === 'ExportDefaultDeclaration' || statement.type === 'TSExportAssignment') {
      expression = statement.type === 'TSExportAssignment' ? statement.expression : statement.declaration;
    } else if (
      statement.type === 'ExpressionStatement' &&
      statement.expression.type === 'AssignmentExpression' &&
      statement.expression.operator === '=' &&
      /^(module\.)?exports(\.default)?$/.test(source.textOf(statement.expression.left))
    ) {
      expression = statement.expression.right;
    }
    if (expression) return resolveObject(source, expression);
  }
  return undefined;
}

function resolveObject(source: ParsedFile, expression: Node): AST.ObjectExpression | undefined {
  const node = unwrapTypes(expression);
  if (node.type === 'ObjectExpression') return node;
  if (node.type === 'CallExpression' && node.arguments[0]) return resolveObject(source, node.arguments[0]);
  if (node.type === 'Identifier') {
    const initializer = findConst(source, node.name);
    return initializer ? resolveObject(source, initializer) : undefined;
  }
  return undefined;
}

/** A top-level `const name = …` (exported or not): its initializer. */
function findConst(source: ParsedFile, name: string): Node | undefined {
  for (const statement of source.program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type !== 'VariableDeclaration') continue;
    for (const declarator of declaration.declarations) {
      if (declarator.id.type === 'Identifier' && declarator.id.name === name) return declarator.init ?? undefined;
    }
  }
  return undefined;
}

function property(object: AST.ObjectExpression, name: string): Node | undefined {
  for (const member of object.properties) {
    if (member.type === 'Property' && !member.shorthand && !member.method && member.kind === 'init' && keyName(member) === name) return member.value;
  }
  return undefined;
}

/**
 * A path relative to the config's directory: a string literal, or `path.join` / `path.resolve` /
 * `join` / `resolve` of literals, `__dirname`, `import.meta.dirname` and `process.cwd()` (Prisma runs
 * from the config's directory). Undefined when the value needs the file to run.
 */
function evaluatePath(source: ParsedFile, expression: Node): string | undefined {
  const node = unwrapTypes(expression);
  const literal = stringValue(node);
  if (literal !== undefined) return path.posix.normalize(literal);
  if (node.type !== 'CallExpression') return undefined;
  if (!/^(path\.)?(join|resolve)$/.test(source.textOf(node.callee))) return undefined;
  const parts: string[] = [];
  for (const argument of node.arguments) {
    const part = unwrapTypes(argument);
    const text = stringValue(part);
    if (text !== undefined) parts.push(text);
    else if (/^(__dirname|import\.meta\.dirname|process\.cwd\(\))$/.test(source.textOf(part))) parts.push('.');
    else return undefined;
  }
  const joined = path.posix.join(...parts);
  return joined.startsWith('/') ? undefined : path.posix.normalize(joined);
}
