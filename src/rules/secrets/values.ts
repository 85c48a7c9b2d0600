// Judging a candidate value: randomness (entropy), placeholders and references, documented examples.
// Shared by every detector so "is this a real secret?" is answered the same way everywhere.
import { isPublicCredential } from './public-credentials.js';

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** How many of lower case, upper case, digits and symbols the value uses. */
export function charClasses(value: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
}

// References to a secret kept elsewhere: env vars, template engines, secret managers.
export const REFERENCE = new RegExp(
  [
    /\$\{/, // ${VAR}, ${{ secrets.X }}
    /^\$[A-Za-z_(]/, // $VAR, $(cmd)
    /\{\{/, // {{ .Values.x }}, Jinja, Handlebars
    /\{%/,
    /%\([\w.]+\)s/, // Python %(name)s
    /^%[sdv]$/,
    /^<[^<>]*>$/, // <YOUR_KEY>
    /^\[[^\]]*\]$/, // [token]
    /process\.env/,
    /import\.meta\.env/,
    /os\.environ|os\.getenv|getenv\(|ENV\[|env\(/i,
    /^(?:vault|ssm|secretsmanager|op|doppler|awssm|gcpsm|azkv|sops):/i,
    /^arn:aws:/,
    /^!{1,2}[A-Za-z][A-Za-z_.:/-]*\d{0,2}(?:\s|$)/, // YAML tags: !vault, !Ref, !secret, !!binary (a password may start with `!`)
    /^@Value\(/,
    /^secrets?\./, // secrets.DB_PASSWORD
  ]
    .map((re) => re.source)
    .join('|'),
);

// Words people type where a value will go: `changeme`, `your-token-here`, `xxxx`, `dummy`.
const PLACEHOLDER_WORD =
  /(?:^|[^a-z0-9])(?:change[-_ ]?me|changeit|replace[-_ ]?me|your|my[-_]?(?:secret|token|key|password|pass)|example|sample|placeholder|dummy|fake|mock|redacted|insert|enter|todo|tbd|fixme|foobar|lorem|notasecret|not[-_]a[-_]secret|put[-_]?your|goes[-_]?here|here)\d*(?:[^a-z0-9]|$)/i;

/** Defaults that dev setups use on purpose (docker images, tutorials); never production secrets. */
const KNOWN_DEFAULTS = new Set(
  [
    'password', 'passwd', 'pass', 'secret', 'secrets', 'token', 'apikey', 'api_key', 'key', 'changeme', 'admin', 'root', 'toor',
    'postgres', 'postgresql', 'mysql', 'mariadb', 'mongo', 'mongodb', 'redis', 'rabbitmq', 'guest', 'user', 'username', 'test',
    'testing', 'tester', 'dev', 'development', 'local', 'localhost', 'default', 'demo', 'sample', 'example', 'qwerty', 'letmein',
    'none', 'null', 'nil', 'undefined', 'true', 'false', 'yes', 'no', 'string', 'str', 'number', 'object', 'any', 'required',
    'optional', 'hidden', 'masked', 'sensitive', 'bearer', 'basic', 'token_type', 'foo', 'bar', 'baz', 'qux', 'foobar',
  ].map((word) => word.toLowerCase()),
);

/** Documented example credentials (AWS docs: `…EXAMPLE`, `…EXAMPLEKEY`) that are safe to publish. */
const DOCUMENTED_EXAMPLES = [/EXAMPLE/];

/**
 * Ciphertext that is committed by design: SOPS (`ENC[AES256_GCM,…`), Jasypt (`ENC(…)`), Maven's
 * settings-security (`{…}`), Vault transit (`vault:v1:…`), Bitnami sealed secrets (base64 that
 * starts with the 2-byte length of a 4096-bit RSA session key: `AgA`…`AgD`, hundreds of chars).
 */
const ENCRYPTED = /^(?:ENC\[(?:AES256_GCM|AES256_CBC|PGP|KMS)|ENC\(.+\)$|\{[A-Za-z0-9+/]{20,}={0,2}\}$|vault:v\d+:|Ag[A-D][A-Za-z0-9+/]{297,}={0,2}$)/;

export function isEncrypted(value: string): boolean {
  return ENCRYPTED.test(value);
}

/** A reference, placeholder, mask, documented example or published credential: not a secret in clear. */
export function isPlaceholder(raw: string): boolean {
  const value = raw.trim();
  if (value.length === 0) return true;
  if (REFERENCE.test(value)) return true;
  if (isPublicCredential(value) || isEncrypted(value)) return true;
  if (KNOWN_DEFAULTS.has(value.toLowerCase().replace(/\d{1,4}$/, ''))) return true; // `password1`, `admin123`
  if (DOCUMENTED_EXAMPLES.some((re) => re.test(value))) return true;
  if (PLACEHOLDER_WORD.test(value)) return true;
  if (/^(.)\1*$/.test(value)) return true; // xxxxxxxx, ********, 00000000
  if (/(?:x{4,}|X{4,}|\*{3,}|\.{3,}|…|#{4,}|_{4,}|-{4,}|0{8,})/.test(value)) return true; // masked or truncated
  if (/^(?:abc|123|012|qwe)/i.test(value) && sequential(value)) return true;
  return false;
}

/** `abcdef…`, `123456…`: keyboard runs used as fake values. */
function sequential(value: string): boolean {
  let runs = 0;
  for (let i = 1; i < value.length; i++) if (value.charCodeAt(i) === value.charCodeAt(i - 1) + 1) runs++;
  return runs >= value.length * 0.6;
}

const NUMERONYMS = new Set(['e2e', 'i18n', 'l10n', 'a11y', 'k8s', 'k3s', 'o11y', 'p2p', 'b2b', 'b2c']);

/**
 * Made of words: `effect/ChannelMergeDecision`, `?NonExpressionParenEnd`, `overEvery`. Every piece
 * (split at symbols and case changes) is letters only, pronounceable, and most are word-sized.
 */
export function looksLikeWords(value: string): boolean {
  const pieces = value
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  // Digits only at the ends of a piece (`s3`, `Ipv6`, `v2`, `5xx`, `2fa`) or in a common numeronym
  // (`e2e`, `i18n`): random tokens scatter them (base64 split at case changes gives `S0c`, `A0ET`).
  if (!pieces.length || pieces.some((piece) => !NUMERONYMS.has(piece) && !/^\d?[A-Za-z]*\d{0,2}$/.test(piece))) return false;
  const letters = pieces.map((piece) => piece.replace(/^\d/, '').replace(/\d{1,2}$/, '')).filter(Boolean);
  const wordy = letters.filter(
    (piece) => piece.length <= 4 || (/[aeiouy]/i.test(piece) && !/[bcdfghjklmnpqrstvwxz]{5,}/i.test(piece)),
  ); // words, and short abbreviations (JSX, Vpn, Cidr)
  return letters.length > 0 && wordy.length === letters.length && value.length / pieces.length >= 3;
}

/**
 * A description of what goes there, made of several words: `email-server-password`,
 * `generate-with-openssl-rand-base64-32`. Templates (`.env.example`) are full of them.
 */
export function isDescriptive(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9]*(?:[-_ .][A-Za-z0-9]+)+$/.test(value) && looksLikeWords(value);
}

/** Looks random enough to be a generated credential (API key, token), not a word or an identifier. */
export function looksRandom(value: string, minLength = 16): boolean {
  if (value.length < minLength) return false;
  if (/[^\x21-\x7e]/.test(value) || looksLikeWords(value)) return false; // generated tokens are printable ASCII
  if (/^[a-z]+(?:[-_.][a-z]+)*$/i.test(value) && !/^[^A-Z]*[A-Z][^a-z]*[a-z].*[A-Z]/.test(value.slice(1))) return false; // words, kebab/snake ids
  const classes = charClasses(value);
  const bits = entropy(value);
  if (/^[0-9a-f]+$/i.test(value)) return value.length >= 32 && bits >= 3.2; // hex keys
  return bits >= (classes >= 3 ? 3.3 : 3.6) && classes >= 2;
}

/** A human-chosen password: not a word list default, not a reference, has some variety. */
export function looksLikePassword(value: string): boolean {
  if (value.length < 6 || value.length > 200) return false;
  if (/\s/.test(value)) return false;
  if (isPlaceholder(value)) return false;
  if (/^[a-z]+$/.test(value) && value.length < 12) return false; // a lone lower-case word: a name, not a password
  if (/^[A-Za-z]+(?:[-_.][A-Za-z]+)*$/.test(value) && looksLikeWords(value)) return false; // identifiers: `overEvery`, `password-assignment`
  if (/^\d+$/.test(value) || /^\d{4}-\d\d-\d\d/.test(value)) return false; // numbers and dates: ports, lengths, timestamps
  if (/^[a-z][a-zA-Z]*\.[a-zA-Z.]+$/.test(value)) return false; // config.db.password: a property path
  if (/^(?:https?|file):\/\//.test(value) || /^[./~]?\/[\w./-]+$/.test(value)) return false; // URLs and paths
  return charClasses(value) >= 2 || value.length >= 12;
}

/** A literal string as a regular expression source. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function base62(value: number, width: number): string {
  let out = '';
  let rest = value;
  do {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(width, '0');
}
