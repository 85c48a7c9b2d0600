// Where placeholder content is an illustration, not data: the example text of an input (also through
// an i18n wrapper such as lingui's t`…` or i18next's t()), a value held by a `…Placeholder` name, the
// preview props of an email template, and a role address (support@example.com) that a UI component
// draws from a constant it never serves. Real-history replays blocked each of these; none is data a customer receives as real.
import { keyName, type Node, type ParsedFile } from '../shared/ast.js';
import { packageName, type ModuleImport } from '../shared/code.js';
import { words } from './names.js';
import { isServed } from './records.js';

/** Email template frameworks whose components take preview-only default props. */
const EMAIL_TEMPLATE_PACKAGES = new Set(['@react-email/components', 'react-email', 'jsx-email', '@jsx-email/all']);

/** Facts about the whole file that the per-string checks need. */
export interface FileTraits {
  /** Imports an email template framework (react-email, jsx-email). */
  emailTemplate: boolean;
  /** A .jsx/.tsx module: it renders UI. */
  rendersUi: boolean;
}

export function fileTraits(source: ParsedFile, imports: ModuleImport[]): FileTraits {
  const emailTemplate = imports.some((entry) => {
    const name = packageName(entry.specifier);
    return name !== undefined && (EMAIL_TEMPLATE_PACKAGES.has(name) || name.startsWith('@react-email/'));
  });
  return { emailTemplate, rendersUi: /\.[jt]sx$/.test(source.path) };
}

/** Placeholder content of any kind that is an illustration where it stands. */
export function isIllustration(node: Node, traits: FileTraits): boolean {
  const names = holderNames(node);
  if (names.length && isPlaceholderName(names[0]!)) return true;
  if (names.includes('PreviewProps')) return true; // react-email: `Template.PreviewProps = { … }`
  return traits.emailTemplate && isParameterDefault(node);
}

/** Shared mailboxes of a team, not people: `support@`, `hello@`, `noreply@`. */
const ROLE_MAILBOXES = new Set([
  'support', 'hello', 'hi', 'sales', 'noreply', 'no-reply', 'info', 'contact', 'team', 'admin', 'billing', 'help',
  'marketing', 'press', 'security', 'news', 'newsletter', 'notifications', 'invoices', 'feedback',
]);

export function isRoleMailbox(address: string): boolean {
  return ROLE_MAILBOXES.has(address.slice(0, address.indexOf('@')).toLowerCase());
}

/**
 * A role address at an example domain (example.com/.org/.net, reserved for illustration by RFC 2606)
 * inside a module-level constant of a UI module that the module never returns, sends or exports:
 * drawn by the component (sender identities cycled in an upsell animation), never handed out as data.
 */
export function isDrawnExample(source: ParsedFile, node: Node, traits: FileTraits): boolean {
  if (!traits.rendersUi) return false;
  for (let current: Node | null | undefined = node; current; current = current.parent) {
    if (current.type !== 'VariableDeclarator') continue;
    const declaration = current.parent;
    const moduleLevel = declaration?.type === 'VariableDeclaration' && declaration.kind === 'const' && declaration.parent?.type === 'Program';
    return moduleLevel && current.init !== null && !isServed(source, current.init);
  }
  return false;
}

/** `placeholder`, `aria-placeholder`, `emailPlaceholder`, `placeholderText`, `example(s)`. */
function isPlaceholderName(name: string): boolean {
  const parts = words(name);
  return parts.includes('placeholder') || (parts.length === 1 && (parts[0] === 'example' || parts[0] === 'examples'));
}

/**
 * Names that hold the value, nearest first, up to the enclosing statement or function: JSX attributes,
 * property keys, variables, parameter defaults and assignment targets (`X.PreviewProps = …`).
 */
function holderNames(node: Node): string[] {
  const names: string[] = [];
  let current = node;
  for (let parent = current.parent; parent; current = parent, parent = parent.parent) {
    if (isBoundary(parent)) break;
    const name = holderName(parent, current);
    if (name !== undefined) names.push(name);
  }
  return names;
}

function holderName(parent: Node, child: Node): string | undefined {
  switch (parent.type) {
    case 'JSXAttribute':
      return parent.name.type === 'JSXIdentifier' ? parent.name.name : undefined;
    case 'Property':
    case 'PropertyDefinition':
      return parent.value === child ? keyName(parent) : undefined;
    case 'VariableDeclarator':
      return parent.init === child && parent.id.type === 'Identifier' ? parent.id.name : undefined;
    case 'AssignmentPattern':
      return parent.right === child && parent.left.type === 'Identifier' ? parent.left.name : undefined;
    case 'AssignmentExpression': {
      if (parent.right !== child) return undefined;
      const target = parent.left;
      if (target.type === 'Identifier') return target.name;
      return target.type === 'MemberExpression' && !target.computed && target.property.type === 'Identifier' ? target.property.name : undefined;
    }
  }
  return undefined;
}

function isBoundary(node: Node): boolean {
  return (
    node.type === 'Program' ||
    node.type === 'BlockStatement' ||
    node.type === 'ReturnStatement' ||
    node.type === 'ArrowFunctionExpression' ||
    node.type === 'FunctionExpression' ||
    node.type === 'FunctionDeclaration'
  );
}

/** `function Email({ senderEmail = 'someone@example.com' })`: a default of a function's parameter. */
function isParameterDefault(node: Node): boolean {
  let current = node;
  let defaulted = false;
  for (let parent = current.parent; parent; current = parent, parent = parent.parent) {
    if (parent.type === 'AssignmentPattern' && parent.right === current) defaulted = true;
    if (parent.type === 'ArrowFunctionExpression' || parent.type === 'FunctionExpression' || parent.type === 'FunctionDeclaration') {
      return defaulted && (parent.params as Node[]).includes(current);
    }
  }
  return false;
}
