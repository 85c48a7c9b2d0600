// Reads `schema` and `migrations.path` from prisma.config.ts without running it. Prisma's own loader
// executes the file, and `env('DATABASE_URL')` throws when the variable is unset, which is the normal
// state inside a git hook; so the file is parsed with TypeScript and only literal paths are taken.
import path from 'node:path';
import type * as TS from 'typescript';

type Ts = typeof import('typescript');
import { loadTypeScript } from '../../lazy.js';
import { parseText } from '../shared/code.js';

export interface PrismaConfigPaths {
  /** Schema file or folder, relative to the config file's directory. */
  schema?: string;
  /** Migrations folder, relative to the config file's directory. */
  migrations?: string;
  /** Keys that are set to something not readable without running the file. */
  unreadable: string[];
}

export async function readPrismaConfig(fileName: string, text: string): Promise<PrismaConfigPaths> {
  const ts = await loadTypeScript();
  const source = await parseText(fileName, text);
  const config = findConfigObject(ts, source);
  const result: PrismaConfigPaths = { unreadable: [] };
  if (!config) return result;
  const schema = property(ts, config, 'schema');
  if (schema) {
    result.schema = evaluatePath(ts, schema);
    if (result.schema === undefined) result.unreadable.push('schema');
  }
  const migrations = property(ts, config, 'migrations');
  const migrationsObject = migrations && unwrap(ts, migrations);
  const migrationsPath = migrationsObject && ts.isObjectLiteralExpression(migrationsObject) ? property(ts, migrationsObject, 'path') : undefined;
  if (migrationsPath) {
    result.migrations = evaluatePath(ts, migrationsPath);
    if (result.migrations === undefined) result.unreadable.push('migrations.path');
  } else if (migrations && !(migrationsObject && ts.isObjectLiteralExpression(migrationsObject))) {
    result.unreadable.push('migrations');
  }
  return result;
}

/** `export default defineConfig({...})`, `export default {...} satisfies PrismaConfig`, `module.exports = ...`, or via a const. */
function findConfigObject(ts: Ts, source: TS.SourceFile): TS.ObjectLiteralExpression | undefined {
  for (const statement of source.statements) {
    let expression: TS.Expression | undefined;
    if (ts.isExportAssignment(statement)) expression = statement.expression;
    else if (
      ts.isExpressionStatement(statement) &&
      ts.isBinaryExpression(statement.expression) &&
      statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      /^(module\.)?exports(\.default)?$/.test(statement.expression.left.getText(source))
    ) {
      expression = statement.expression.right;
    }
    if (expression) return resolveObject(ts, source, expression);
  }
  return undefined;
}

function resolveObject(ts: Ts, source: TS.SourceFile, expression: TS.Expression): TS.ObjectLiteralExpression | undefined {
  const node = unwrap(ts, expression);
  if (ts.isObjectLiteralExpression(node)) return node;
  if (ts.isCallExpression(node) && node.arguments[0]) return resolveObject(ts, source, node.arguments[0]);
  if (ts.isIdentifier(node)) {
    const initializer = findConst(ts, source, node.text);
    return initializer ? resolveObject(ts, source, initializer) : undefined;
  }
  return undefined;
}

function findConst(ts: Ts, source: TS.SourceFile, name: string): TS.Expression | undefined {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration.initializer;
    }
  }
  return undefined;
}

function property(ts: Ts, object: TS.ObjectLiteralExpression, name: string): TS.Expression | undefined {
  for (const member of object.properties) {
    if (ts.isPropertyAssignment(member) && propertyName(ts, member.name) === name) return member.initializer;
  }
  return undefined;
}

function propertyName(ts: Ts, name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}

function unwrap(ts: Ts, node: TS.Expression): TS.Expression {
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node)) {
    node = node.expression;
  }
  return node;
}

/**
 * A path relative to the config's directory: a string literal, or `path.join` / `path.resolve` /
 * `join` / `resolve` of literals, `__dirname`, `import.meta.dirname` and `process.cwd()` (Prisma runs
 * from the config's directory). Undefined when the value needs the file to run.
 */
function evaluatePath(ts: Ts, expression: TS.Expression): string | undefined {
  const node = unwrap(ts, expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return path.posix.normalize(node.text);
  if (!ts.isCallExpression(node)) return undefined;
  const callee = node.expression.getText();
  if (!/^(path\.)?(join|resolve)$/.test(callee)) return undefined;
  const parts: string[] = [];
  for (const argument of node.arguments) {
    const part = unwrap(ts, argument);
    if (ts.isStringLiteral(part) || ts.isNoSubstitutionTemplateLiteral(part)) parts.push(part.text);
    else if (/^(__dirname|import\.meta\.dirname|process\.cwd\(\))$/.test(part.getText())) parts.push('.');
    else return undefined;
  }
  const joined = path.posix.join(...parts);
  return joined.startsWith('/') ? undefined : path.posix.normalize(joined);
}
