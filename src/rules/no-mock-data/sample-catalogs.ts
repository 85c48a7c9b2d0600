// A catalogue of sample payloads that the product itself offers (trigger.dev's "send a test event":
// `export const samples: SampleRecord[] = [...]`, one hand-authored webhook event per provider) is
// product content: its records and their example.com addresses are the point of the feature. The
// declaration says so through its element type, named as a sample of a transport shape (a record,
// payload, event), never as a domain entity: `sampleProducts: Product[]` and `SampleProduct[]` stay
// mock data (incident 1).
import type { Node } from '../shared/ast.js';
import { words } from './names.js';

const SAMPLE_WORDS = new Set(['sample', 'samples', 'example', 'examples']);
/** What a sample of a product feature is a sample of: a message shape, not a customer-facing entity. */
const SHAPE_WORDS = new Set([
  'record', 'records', 'payload', 'payloads', 'event', 'events', 'webhook', 'webhooks', 'request', 'requests', 'response',
  'responses', 'message', 'messages', 'entry', 'entries', 'body', 'delivery', 'deliveries', 'notification', 'notifications',
]);
const ARRAY_WRAPPERS = new Set(['Array', 'ReadonlyArray']);

/** Inside a declaration whose type is an array of sample records (annotation or `satisfies`). */
export function inSampleCatalog(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'VariableDeclarator') {
      const annotation = current.id.typeAnnotation?.typeAnnotation;
      if (annotation && isSampleArrayType(annotation)) return true;
    }
    if (current.type === 'TSSatisfiesExpression' && isSampleArrayType(current.typeAnnotation)) return true;
  }
  return false;
}

function isSampleArrayType(type: Node): boolean {
  if (type.type === 'TSArrayType') return isSampleType(type.elementType);
  if (type.type === 'TSTypeOperator' && type.operator === 'readonly') return isSampleArrayType(type.typeAnnotation);
  if (type.type !== 'TSTypeReference' || type.typeName.type !== 'Identifier' || !ARRAY_WRAPPERS.has(type.typeName.name)) return false;
  const element = type.typeArguments?.params[0];
  return element !== undefined && isSampleType(element);
}

/** `SampleRecord`, `WebhookSample`, `ExamplePayload`; not `SampleProduct`, not `Sample` alone. */
function isSampleType(type: Node): boolean {
  if (type.type !== 'TSTypeReference' || type.typeName.type !== 'Identifier') return false;
  const parts = words(type.typeName.name);
  const samples = parts.filter((part) => SAMPLE_WORDS.has(part));
  const shapes = parts.filter((part) => SHAPE_WORDS.has(part));
  return samples.length > 0 && shapes.length > 0 && samples.length + shapes.length === parts.length;
}
