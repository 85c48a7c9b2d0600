// A value that the same file also gives as an id is an identifier, whatever the field beside it is
// called: a Shopify cart's `token` equals its `id`, a Typeform response's `token` its `response_id`
// (vendor sample payloads in trigger.dev c0b84595a3). A credential is never filed as a record's id.

const QUOTES = new Set(['"', "'", '`']);
const NAME_CHAR = /[A-Za-z0-9_$-]/;
/** Words of an id name that say it still names a secret: `session_id`, `secret_id`. */
const SECRET_PARTS = new Set(['session', 'secret', 'secrets', 'token', 'password', 'passwd', 'auth', 'credential', 'credentials']);
const MAX_OCCURRENCES = 200;

/** True when `value` stands, anywhere in `text`, as the whole value of an id field (`id`, `*_id`, `*Id`, `uuid`). */
export function isIdentifierTwin(text: string, value: string): boolean {
  let seen = 0;
  for (let at = text.indexOf(value); at >= 0 && seen < MAX_OCCURRENCES; at = text.indexOf(value, at + 1), seen++) {
    if (!wholeValue(text, at, value.length)) continue;
    const name = keyBefore(text, at);
    if (name !== undefined && isIdName(name)) return true;
  }
  return false;
}

function wholeValue(text: string, at: number, length: number): boolean {
  const after = text[at + length] ?? '\n';
  return !NAME_CHAR.test(after);
}

/** `"response_id": "…`, `id: '…`, `cart_id=…`: the key written right before the value at `at`. */
function keyBefore(text: string, at: number): string | undefined {
  let index = at - 1;
  if (QUOTES.has(text[index] ?? '')) index--;
  while (text[index] === ' ' || text[index] === '\t') index--;
  if (text[index] !== ':' && text[index] !== '=') return undefined;
  index--;
  while (text[index] === ' ' || text[index] === '\t') index--;
  if (QUOTES.has(text[index] ?? '')) index--;
  const end = index + 1;
  while (index >= 0 && end - index <= 64 && NAME_CHAR.test(text[index]!)) index--;
  return end - index > 1 ? text.slice(index + 1, end) : undefined;
}

function isIdName(name: string): boolean {
  const parts = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_$-]+/)
    .filter(Boolean);
  const last = parts[parts.length - 1];
  return (last === 'id' || last === 'uuid') && !parts.some((part) => SECRET_PARTS.has(part));
}
