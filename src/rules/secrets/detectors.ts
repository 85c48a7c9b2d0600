// Line detectors: provider formats, private keys, JWTs, connection strings, generic assignments,
// registry auth files and hard-coded SSH deploy targets. Each declares literal keywords; the scanner
// runs a detector only on lines that contain one of them.
import type { FileInfo } from './files.js';
import { PROVIDERS, type ProviderFormat } from './providers.js';
import { isPublicCredential } from './public-credentials.js';
import { charClasses, entropy, escapeRegExp, isDescriptive, isPlaceholder, isUuid, looksLikePassword, looksLikeWords, looksRandom } from './values.js';

export interface Hit {
  kind: string;
  /** 0-based index of the line in the scanned lines (defaults to the line being scanned). */
  at?: number;
  /** 0-based column of the secret. */
  column: number;
  secret: string;
  /** Extra words for the message, e.g. the URL scheme. */
  detail?: string;
  severity?: 'warn';
}

export interface ScanLine {
  line: number;
  text: string;
  /** 0-based column of `text` in its line (a window of a very long line); 0 when absent. */
  offset?: number;
}

/** How many lines before and after the scanned one a detector reads. */
export interface Reach {
  before: number;
  after: number;
}

export interface Detector {
  /** Kinds this detector can report (for docs and the `disable` option). */
  kinds: { id: string; title: string; rotate?: string }[];
  keywords: string[];
  /** Keywords match any letter case. */
  caseless?: boolean;
  /** Higher wins when two hits overlap on a line. */
  priority: number;
  /**
   * Neighbouring lines `scan` reads (none when absent). The scanner may hand it only these
   * (scanner.ts, scanEncoded): a detector that reads further must say so here.
   */
  reach?: Reach;
  scan(lines: readonly ScanLine[], index: number, file: FileInfo): Hit[];
}

function providerDetector(format: ProviderFormat): Detector {
  return {
    kinds: [{ id: format.id, title: format.title, rotate: format.rotate }],
    keywords: format.keywords,
    priority: 3,
    scan(lines, index) {
      const text = lines[index]!.text;
      const hits: Hit[] = [];
      for (const match of text.matchAll(format.pattern)) {
        const secret = match[1] ?? match[0];
        if (format.validate && !format.validate(secret)) continue;
        if (/(?:x{5,}|X{5,}|\*{3,}|0{10,})/.test(secret) || /EXAMPLE/.test(secret) || isPublicCredential(secret)) continue;
        hits.push({ kind: format.id, column: match.index + match[0].indexOf(secret), secret });
      }
      return hits;
    },
  };
}

// Private keys: the header alone (docs, `-----BEGIN RSA PRIVATE KEY-----\n...`) is not a leak; the
// body must follow, on the same line (JSON `\n` escapes) or the next lines.
const KEY_HEADER = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----/g;
const KEY_KINDS: Record<string, string> = {
  'RSA PRIVATE KEY': 'private-key-rsa',
  'EC PRIVATE KEY': 'private-key-ec',
  'DSA PRIVATE KEY': 'private-key-dsa',
  'OPENSSH PRIVATE KEY': 'private-key-openssh',
  'PRIVATE KEY': 'private-key-pkcs8',
  'ENCRYPTED PRIVATE KEY': 'private-key-encrypted',
  'PGP PRIVATE KEY BLOCK': 'private-key-pgp',
};

// A whole PEM file in base64 (kubeconfig `client-key-data`, Helm values, CI variables): `-----BEGIN `
// encodes to `LS0tLS1CRUdJTi` whatever follows.
const BASE64_PEM_START = 'LS0tLS1CRUdJTi';
const BASE64_PEM = /LS0tLS1CRUdJTi[A-Za-z0-9+/]{60,12000}={0,2}/g;

function base64KeyKind(encoded: string): string | undefined {
  const decoded = Buffer.from(encoded, 'base64').toString('latin1');
  const header = /^-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----/.exec(decoded);
  if (!header) return undefined; // a certificate or public key
  const body = base64Only(decoded.slice(header[0].length).split('-----END ')[0]!);
  if (body.length < 64 || entropy(body) < 4) return undefined;
  return decoded.includes('Proc-Type: 4,ENCRYPTED') ? 'private-key-encrypted' : KEY_KINDS[header[1]!];
}

/** A key body follows its header over at most this many lines (4096-bit RSA: ~40 lines of 64). */
const KEY_BODY_LINES = 40;
/** A service account key's other fields lie within this many lines of its private key. */
const SERVICE_ACCOUNT_LINES = 12;

const privateKeys: Detector = {
  kinds: [
    { id: 'private-key-rsa', title: 'RSA private key (PEM)' },
    { id: 'private-key-ec', title: 'EC private key (PEM)' },
    { id: 'private-key-dsa', title: 'DSA private key (PEM)' },
    { id: 'private-key-openssh', title: 'OpenSSH private key' },
    { id: 'private-key-pkcs8', title: 'PKCS#8 private key (PEM)' },
    { id: 'private-key-encrypted', title: 'Encrypted private key (PKCS#8 or legacy PEM)' },
    { id: 'private-key-pgp', title: 'PGP private key block' },
    { id: 'gcp-service-account-key', title: 'Google Cloud service account key (JSON)' },
  ],
  keywords: ['PRIVATE KEY', BASE64_PEM_START],
  priority: 3,
  reach: { before: SERVICE_ACCOUNT_LINES, after: Math.max(KEY_BODY_LINES, SERVICE_ACCOUNT_LINES) },
  scan(lines, index) {
    const text = lines[index]!.text;
    const hits: Hit[] = [];
    let serviceAccount: boolean | undefined; // once per line: a line of many headers stays linear
    for (const match of text.matchAll(BASE64_PEM)) {
      const kind = base64KeyKind(match[0]);
      if (kind) hits.push({ kind, column: match.index, secret: match[0].slice(0, 400) });
    }
    for (const match of text.matchAll(KEY_HEADER)) {
      const after = text.slice(match.index + match[0].length, match.index + match[0].length + 1024);
      const body = keyBody(after, lines, index);
      if (body.length < 64 || entropy(body) < 4) continue; // a real key body is dense base64
      const encrypted = /Proc-Type: 4,ENCRYPTED/.test(after) || lines.slice(index + 1, index + 3).some((l) => l.text.includes('Proc-Type: 4,ENCRYPTED'));
      let kind = encrypted ? 'private-key-encrypted' : KEY_KINDS[match[1]!]!;
      serviceAccount ??= /service_account|gserviceaccount\.com|"private_key_id"/.test(neighbourhood(lines, index, SERVICE_ACCOUNT_LINES));
      if (serviceAccount) kind = 'gcp-service-account-key';
      hits.push({ kind, column: match.index, secret: body.slice(0, 400) });
    }
    return hits;
  },
};

/** `"MIIE…\n" +` → `MIIE…`: a key line written as a quoted, concatenated string in code. */
function unquote(line: string): string {
  return line.replace(/^["'`]/, '').replace(/[+,]$/, '').trimEnd().replace(/["'`]$/, '').replace(/\\n$/, '');
}

/** Base64 body after a key header: rest of the line (with `\n` escapes), else the next lines. */
function keyBody(after: string, lines: readonly ScanLine[], index: number): string {
  const inline = after.replace(/\\n/g, '\n').split(/-----END /);
  const sameLine = base64Only(inline[0]!);
  if (sameLine.length >= 64 || inline.length > 1) return sameLine; // the whole block is on this line
  let body = '';
  for (let next = index + 1; next < lines.length && next <= index + KEY_BODY_LINES && lines[next]!.line === lines[index]!.line + (next - index); next++) {
    // A body line is base64 only (maybe quoted and concatenated in code: "MIIE…\n" +).
    const text = unquote(lines[next]!.text.trim());
    if (text.startsWith('-----END ')) break;
    if (/^[\w-]+: /.test(text) || text === '') continue; // Proc-Type, DEK-Info, Version, Comment
    if (!/^[A-Za-z0-9+/=]{16,}$/.test(text)) break;
    body += text;
    if (body.length >= 400) break;
  }
  return body;
}

function base64Only(text: string): string {
  return (text.match(/[A-Za-z0-9+/=]{16,}/g) ?? []).join('');
}

/** The text of nearby lines, each cut to a few KB so a huge line cannot make this quadratic. */
function neighbourhood(lines: readonly ScanLine[], index: number, radius: number): string {
  return lines
    .slice(Math.max(0, index - radius), index + radius + 1)
    .map((l) => l.text.slice(0, 4096))
    .join('\n');
}

// JWTs: header and payload must decode to JSON objects with an algorithm and claims; public or
// demo tokens (jwt.io's sample, Supabase anon keys, expired tokens) are not credentials.
const JWT = /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,2000}\.eyJ[A-Za-z0-9_-]{8,8000}\.[A-Za-z0-9_-]{20,1400})(?![A-Za-z0-9_-])/g;

const jwt: Detector = {
  kinds: [{ id: 'jwt', title: 'JSON Web Token with real claims' }],
  keywords: ['eyJ'],
  priority: 2,
  scan(lines, index) {
    const hits: Hit[] = [];
    for (const match of lines[index]!.text.matchAll(JWT)) {
      if (realJwt(match[1]!)) hits.push({ kind: 'jwt', column: match.index, secret: match[1]! });
    }
    return hits;
  },
};

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function realJwt(token: string): boolean {
  const [head = '', body = '', signature = ''] = token.split('.');
  const header = decodeJson(head);
  const claims = decodeJson(body);
  if (!header || !claims || typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') return false;
  if (Object.keys(claims).length === 0) return false;
  if (isPublicCredential(token)) return false; // published: Supabase's local demo keys, jwt.io's sample
  if (claims.sub === '1234567890' && claims.name === 'John Doe') return false; // jwt.io's sample
  if (claims.role === 'anon') return false; // Supabase anon key: public by design
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) return false;
  return entropy(signature) >= 4;
}

// Connection strings with a password: scheme://user:password@host.
const URL_CREDENTIALS = /(?<![A-Za-z0-9+.-])((?:jdbc:)?([a-z][a-z0-9+.-]{1,24}):\/\/)([^\s:@/'"`<>]{0,128}):([^\s@/'"`<>]{1,256})@(?=[\w.[\]-])/gi;
const DB_SCHEMES: [RegExp, string][] = [
  [/^postgres(?:ql)?$|^postgis$|^cockroachdb$/, 'postgres-url'],
  [/^mysql2?$|^mariadb$/, 'mysql-url'],
  [/^mongodb(?:\+srv)?$/, 'mongodb-url'],
  [/^rediss?$/, 'redis-url'],
  [/^amqps?$/, 'amqp-url'],
  [/^(?:mssql|sqlserver)$/, 'mssql-url'],
];

const connectionStrings: Detector = {
  kinds: [
    { id: 'postgres-url', title: 'PostgreSQL connection string with a password' },
    { id: 'mysql-url', title: 'MySQL / MariaDB connection string with a password' },
    { id: 'mongodb-url', title: 'MongoDB connection string with a password' },
    { id: 'redis-url', title: 'Redis connection string with a password' },
    { id: 'amqp-url', title: 'AMQP (RabbitMQ) connection string with a password' },
    { id: 'mssql-url', title: 'SQL Server connection string with a password' },
    { id: 'jdbc-url', title: 'JDBC URL with a password' },
    { id: 'url-credentials', title: 'Password embedded in a URL (https://user:pass@host)' },
  ],
  keywords: ['://', 'assword=', 'ASSWORD=', 'pwd=', 'PWD=', 'Pwd='],
  priority: 2,
  scan(lines, index) {
    const text = lines[index]!.text;
    const hits: Hit[] = [];
    for (const match of text.matchAll(URL_CREDENTIALS)) {
      const scheme = match[2]!.toLowerCase();
      const password = match[4]!;
      if (isPlaceholder(password) || isPlaceholder(decodeSafe(password)) || /^[:$%{]/.test(password)) continue;
      if (!match[3] && !/^rediss?$/.test(scheme)) continue; // `redis://:password@host` is Redis's documented form
      const kind = match[1]!.toLowerCase().startsWith('jdbc:') ? 'jdbc-url' : (DB_SCHEMES.find(([re]) => re.test(scheme))?.[1] ?? 'url-credentials');
      if (kind === 'url-credentials' && !/^(?:https?|ftps?|sftp|ssh|git|smtps?|ldaps?|svn|cloudinary)$/.test(scheme)) continue;
      if (kind === 'url-credentials' && DOCS_HOST.test(text.slice(match.index + match[0].length, match.index + match[0].length + 80))) continue;
      const column = match.index + match[1]!.length + match[3]!.length + 1;
      hits.push({ kind, column, secret: password, detail: scheme });
    }
    // JDBC and ADO.NET style: ...;password=secret; or ?user=x&password=secret
    for (const match of text.matchAll(/(?:jdbc:[a-z]+:[^\s"'`]{0,300}?[;?&]|\b(?:Server|Data Source|Host)=[^\n"'`]{0,300}?;\s*)(?:password|pwd)=([^;&\s"'`]{1,200})/gi)) {
      const password = match[1]!;
      if (isPlaceholder(password)) continue;
      const kind = match[0].toLowerCase().startsWith('jdbc:') ? 'jdbc-url' : 'mssql-url';
      hits.push({ kind, column: match.index + match[0].length - password.length, secret: password, detail: kind === 'jdbc-url' ? 'jdbc' : 'ADO.NET' });
    }
    return hits;
  },
};

/** Hosts reserved for documentation (RFC 2606) and the local machine. */
const DOCS_HOST = /^(?:[\w-]+\.)*(?:example\.(?:com|org|net)|[\w-]+\.(?:example|test|invalid|localhost)|localhost|127\.0\.0\.1)(?![\w.-])/i;

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// Generic `<secret-ish name> = "<literal>"`: the name says what it is, the value must look real.
const ASSIGNMENT =
  /(?<![\w.$-])(["']?)([A-Za-z_][\w.-]{0,63})\1\s*(?::=|=>|=|:)\s*(?:(["'`])([^"'`\n\\]{1,300})\3|([^\s"'`#;,)}\]][^\s"'`;,)}\]]{0,299}))/g;
const CLI_FLAG = /(?<![\w-])--(password|passwd|token|secret|api-key|apikey|auth-token|access-token|client-secret)[= ](?:(["'])([^"'\n]{1,200})\2|([^\s"'`;|&)]{1,200}))/gi;
const XML_ELEMENT = /<([\w:-]{0,64}?(?:password|passwd|secret|token|apikey)[\w:-]{0,64})>([^<\n]{1,200})<\/\1>/gi; // bounded tag names: linear
// A name and its value as call arguments: env defaults (`os.environ.get("NAME", "literal")`,
// `getenv`, `ENV.fetch`, Laravel's `env`) and PHP's `define('DB_PASSWORD', 'literal')`.
const NAMED_CALL = /(?<![\w.$])(?:os\.environ\.get|os\.environ\.setdefault|os\.getenv|getenv|ENV\.fetch|env|define)\(\s*(["'])([A-Za-z_][\w.-]{0,63})\1\s*,\s*(["'])([^"'\n\\]{1,300})\3/g;
// `process.env.NAME ?? 'literal'`, `process.env['NAME'] || "literal"`: the fallback ships with the code.
const ENV_FALLBACK = /process\.env(?:\.([A-Za-z_]\w{0,63})|\[\s*["']([A-Za-z_]\w{0,63})["']\s*\])\s*(?:\?\?|\|\|)\s*(["'`])([^"'`\n\\]{1,300})\3/g;
// .NET appSettings: `<add key="PaymentApiSecret" value="…" />`.
const XML_KEY_VALUE = /\bkey=(["'])([A-Za-z_][\w.:-]{0,63})\1\s+value=(["'])([^"'\n]{1,300})\3/gi;
// .netrc: `machine api.heroku.com login me@x.io password <token>`.
const NETRC = /\bmachine\s+\S{1,253}\s+(?:login\s+\S{1,128}\s+)?password\s+([^\s"'`]{1,200})/g;
// `docker login -u deploy -p <password> registry` (and podman, nerdctl, buildah, skopeo, helm registry).
const REGISTRY_LOGIN = /\b(?:docker|podman|nerdctl|buildah|skopeo|registry)\s+login\b[^\n|;&]{0,200}?\s-p\s*(?:(["'])([^"'\n]{1,200})\1|([^\s"'`;|&)]{1,200}))/g;
// Gradle (Groovy DSL): `storePassword "literal"`, a call without parentheses.
const GROOVY_SETTER = /^\s*([A-Za-z_]\w{0,63})\s+(["'])([^"'\n\\]{1,300})\2\s*$/g;

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'passwort', 'pw']);
const SECRET_WORDS = new Set(['secret', 'secrets', 'token', 'apikey', 'credential', 'credentials', 'bearer', 'passkey']);
const NOT_SECRET_WORDS = new Set([
  'hash', 'hashed', 'digest', 'min', 'max', 'length', 'len', 'policy', 'regex', 'pattern', 'field', 'label', 'placeholder',
  'hint', 'reset', 'forgot', 'confirm', 'confirmation', 'expires', 'expiry', 'expiration', 'exp', 'type', 'mode', 'enabled',
  'required', 'input', 'prompt', 'message', 'msg', 'error', 'url', 'uri', 'endpoint', 'path', 'file', 'dir', 'env', 'var',
  'name', 'header', 'param', 'column', 'attr', 'selector', 'id', 'rule', 'rules', 'strength', 'validator', 'schema', 'encoder',
  'algorithm', 'alg', 'rounds', 'cost', 'changed', 'updated', 'date', 'time', 'count', 'attempts', 'retries', 'ttl', 'public',
  'publishable', 'pub', 'issuer', 'audience', 'format', 'version', 'prefix', 'provider', 'storage', 'cookie', 'query', 'kind',
  'location', 'ref', 'arn', 'source', 'lifetime', 'size', 'bytes', 'bits', 'usage', 'limit',
  'timeout', 'scope', 'scopes', 'grant', 'response', 'request', 'generator', 'validation', 'visible', 'visibility',
  'show', 'toggle', 'icon', 'button', 'text', 'title', 'description', 'doc', 'docs', 'help', 'link', 'route', 'form',
  'class', 'style', 'css', 'test', 'spec', 'mock', 'fake', 'example', 'sample', 'template', 'default', 'defaults',
  // pagination and protocol tokens: not credentials
  'next', 'continuation', 'page', 'pagination', 'cursor', 'marker', 'sync', 'change', 'output', 'result', 'lifecycle', 'last',
  'used', 'csrf', 'xsrf', 'nonce', 'idempotency', 'lexer', 'parser', 'significant', 'symbol',
]);
/** A UUID is a credential only under a name that says so (`HEROKU_API_KEY`), not any `*Token`. */
const CREDENTIAL_WORDS = new Set(['api', 'apikey', 'secret', 'auth', 'access', 'private', 'client', 'service', 'bearer', 'credentials', 'password']);
const NON_SECRET_KEYS = new Set([
  'cache', 'primary', 'foreign', 'sort', 'partition', 'row', 'object', 'map', 'storage', 'local', 'i18n', 'translation', 'react',
  'query', 'lookup', 'hash', 'idempotency', 'dedupe', 'public', 'pub', 'publishable', 'file', 's3', 'bucket', 'path', 'redis',
  'cursor', 'group', 'foo', 'unique', 'composite', 'index', 'entry', 'item', 'list', 'state', 'context', 'event', 'message',
  // keys that name a job or a slot, not a credential (`deduplicationKey`, `concurrencyKey`, `lockKey`)
  'deduplication', 'dedup', 'concurrency', 'lock', 'queue', 'job', 'batch', 'schedule',
]);

/** `DB_PASSWORD`, `stripeSecretKey`, `api-key` → lower-case segments. */
function segments(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1 ')
    .toLowerCase()
    .split(/[\s_.-]+/)
    .filter(Boolean);
}

type NameClass = 'password' | 'secret' | undefined;

export function classifyName(name: string): NameClass {
  const parts = segments(name);
  const last = parts[parts.length - 1] ?? '';
  if (parts.some((part) => NOT_SECRET_WORDS.has(part))) return undefined;
  if (parts.some((part) => PASSWORD_WORDS.has(part))) return 'password';
  if (parts.some((part) => SECRET_WORDS.has(part))) return 'secret';
  if (parts.includes('apikey') || parts.join('').includes('apikey')) return 'secret';
  // `STRIPE_KEY`, `signingKey`: a key named after what it unlocks; `cacheKey`, `primaryKey` are not.
  if (last === 'key' && parts.length > 1 && !NON_SECRET_KEYS.has(parts[parts.length - 2]!)) return 'secret';
  return undefined;
}

/**
 * `var.db_password`, `settings.smtp.pass`: an unquoted reference to a value defined elsewhere. Its
 * pieces are identifiers; `VUwjU.MyOeKm6MQH01` is a password with a dot in it.
 */
const PROPERTY_PATH = /^[A-Za-z_$][\w$-]*(?:\.[\w$-]+)+$/;
const isPropertyPath = (value: string) =>
  PROPERTY_PATH.test(value) && value.split('.').every((piece) => /^[a-z_$][a-z_$-]*\d{0,2}$/.test(piece) || (/^[A-Za-z_$-]+$/.test(piece) && looksLikeWords(piece)));
const SCALAR_VALUE = /^(?:true|false|null|nil|none|undefined|~|\d+(?:\.\d+)?)$/i;

/** Decides whether a literal under a secret-ish name is a secret in clear. */
export function judgeValue(nameClass: NameClass, value: string, file: FileInfo, quoted: boolean, name = ''): boolean {
  if (!nameClass || isPlaceholder(value)) return false;
  if (!quoted && (SCALAR_VALUE.test(value) || isPropertyPath(value))) return false;
  if (file.envTemplate) return value.length >= 4 && !isDescriptive(value); // `email-server-password` says what goes there
  // A catalog's values are UI text under keys named after what they label; only a random-looking
  // value is a secret there (known token formats are found by their own detectors).
  if (file.catalog) return looksRandom(value, 24);
  if (nameClass === 'password') return !file.test && looksLikePassword(value);
  if (isUuid(value)) return !file.test && segments(name).some((part) => CREDENTIAL_WORDS.has(part));
  // Short hex secrets (Pusher, signing secrets: 20+ hex) count under a name that says secret.
  if (/^[0-9a-f]{20,31}$/i.test(value) && segments(name).includes('secret')) return !file.test && entropy(value) >= 3.2;
  const minLength = file.test ? 24 : 16;
  return looksRandom(value, minLength);
}

function assignmentKind(nameClass: NameClass, file: FileInfo): string {
  if (file.envTemplate) return 'env-template-value';
  if (nameClass === 'password') return file.compose ? 'compose-password' : 'password-assignment';
  return 'secret-assignment';
}

/**
 * Values shaped like a provider token (its prefix or marker), or like a JWT, are judged by that
 * provider's own format only: a failed checksum or a test-mode prefix must not come back as generic.
 */
export const PROVIDER_SHAPED = new RegExp(
  [
    `^(?:${PROVIDERS.flatMap((format) => format.keywords)
      .filter((keyword) => keyword.length >= 3 && /^[A-Za-z]/.test(keyword) && !/^(?:discord|secret_|token)$/i.test(keyword))
      .map(escapeRegExp)
      .join('|')})`,
    /^(?:sk-|[sprk]k_(?:test|live)_|[sp]k\.eyJ|eyJ|EZTK|sq0idp-|age1|access_token\$|SK[0-9a-f]{20})/.source,
    /^\d{8,10}:AA|^.{3}\dQ~|-us\d{1,2}$|\.atlasv1\.|:APA91b|^[A-Za-z0-9_-]{20,30}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{20,}$/.source,
  ].join('|'),
);

const GENERIC_KEYWORDS = ['pass', 'pwd', 'secret', 'token', 'key', 'credential', 'bearer', 'login'];

const assignments: Detector = {
  kinds: [
    { id: 'password-assignment', title: 'Password literal assigned to a password-like name' },
    { id: 'secret-assignment', title: 'Random-looking literal assigned to a secret/token/api-key name' },
    { id: 'compose-password', title: 'Password in a Docker Compose file' },
    { id: 'env-template-value', title: 'Real value in an env template (.env.example and friends)' },
  ],
  keywords: GENERIC_KEYWORDS,
  caseless: true,
  priority: 1,
  scan(lines, index, file) {
    const text = lines[index]!.text;
    const hits: Hit[] = [];
    const add = (name: string, value: string, column: number, quoted: boolean) => {
      const nameClass = classifyName(name);
      if (!judgeValue(nameClass, value, file, quoted, name)) return;
      hits.push({ kind: assignmentKind(nameClass, file), column, secret: value, detail: name });
    };
    for (const match of text.matchAll(ASSIGNMENT)) {
      const value = match[4] ?? match[5]!;
      if (PROVIDER_SHAPED.test(value)) continue; // a provider's own format decides (checksum, length)
      const quoted = match[4] !== undefined;
      if (!quoted && !file.configLike) continue; // in code an unquoted value is an expression
      add(match[2]!, value, match.index + match[0].length - value.length - (quoted ? 1 : 0), quoted);
    }
    for (const match of matchesWith(text, '--', CLI_FLAG)) {
      const value = match[3] ?? match[4]!;
      add(match[1]!, value, match.index + match[0].length - value.length - (match[3] ? 1 : 0), Boolean(match[3]));
    }
    for (const match of matchesWith(text, '</', XML_ELEMENT)) {
      add(match[1]!.replace(/^.*:/, ''), match[2]!, match.index + match[1]!.length + 2, true);
    }
    for (const match of [...matchesWith(text, '(', NAMED_CALL), ...matchesWith(text, '=', XML_KEY_VALUE)]) {
      const value = match[4]!;
      if (!PROVIDER_SHAPED.test(value)) add(match[2]!, value, match.index + match[0].length - value.length - 1, true);
    }
    for (const match of matchesWith(text, 'process.env', ENV_FALLBACK)) {
      const value = match[4]!;
      if (!PROVIDER_SHAPED.test(value)) add(match[1] ?? match[2]!, value, match.index + match[0].length - value.length - 1, true);
    }
    for (const match of matchesWith(text, 'machine', NETRC)) add('password', match[1]!, match.index + match[0].length - match[1]!.length, true);
    for (const match of matchesWith(text, 'login', REGISTRY_LOGIN)) {
      const value = match[2] ?? match[3]!;
      add('password', value, match.index + match[0].length - value.length - (match[2] ? 1 : 0), Boolean(match[2]));
    }
    if (file.path.endsWith('.gradle')) {
      for (const match of text.matchAll(GROOVY_SETTER)) add(match[1]!, match[3]!, match.index + match[0].lastIndexOf(match[3]!), true);
    }
    return hits;
  },
};

/**
 * `text.matchAll(regex)` where `text` holds `literal`, a string every match of `regex` contains (no
 * letters, or exact case): most lines skip the regex, and the copy of it matchAll makes.
 */
function matchesWith(text: string, literal: string, regex: RegExp): Iterable<RegExpExecArray> {
  return text.includes(literal) ? text.matchAll(regex) : [];
}

// Registry credentials: `.npmrc` auth lines and Docker's `config.json` "auth" (base64 user:pass).
/** Decoded `user:password` (printable, a password of 4+ characters): one colon search, no backtracking. */
const USER_PASS = /^(?=[\x20-\x7e]+$).[^:]*:.{4}/;

const NPMRC = /(?:^|:)(_authToken|_auth|_password)\s*=\s*["']?([^\s"'#]{8,500})/g;
const DOCKER_AUTH = /"(auth|identitytoken)"\s*:\s*"([A-Za-z0-9+/=_.-]{12,2000})"/g;

const registryAuth: Detector = {
  kinds: [
    { id: 'npmrc-auth-token', title: '.npmrc registry auth token or password' },
    { id: 'docker-config-auth', title: 'Docker config.json registry auth' },
  ],
  keywords: ['_auth', '_password', '"auth"', '"identitytoken"'],
  priority: 2,
  scan(lines, index) {
    const text = lines[index]!.text;
    const hits: Hit[] = [];
    for (const match of text.matchAll(NPMRC)) {
      const value = match[2]!;
      if (isPlaceholder(value) || !looksRandom(value, 12)) continue;
      hits.push({ kind: 'npmrc-auth-token', column: match.index + match[0].length - value.length, secret: value });
    }
    for (const match of text.matchAll(DOCKER_AUTH)) {
      const value = match[2]!;
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const usable = match[1] === 'identitytoken' ? looksRandom(value) : USER_PASS.test(decoded) && !isPlaceholder(decoded.slice(decoded.indexOf(':') + 1));
      if (usable) hits.push({ kind: 'docker-config-auth', column: match.index + match[0].length - value.length - 1, secret: value });
    }
    return hits;
  },
};

// `Authorization: Basic <base64 user:pass>` and `Bearer <token>` written into code or scripts.
const AUTH_HEADER = /Authorization["']?\s*[:=,]\s*["']?(Basic|Bearer|token)\s+([A-Za-z0-9+/=._~-]{16,2000})/gi;

const authHeaders: Detector = {
  kinds: [{ id: 'authorization-header', title: 'Credentials in a hard-coded Authorization header' }],
  keywords: ['authorization'],
  caseless: true,
  priority: 2,
  scan(lines, index) {
    const hits: Hit[] = [];
    for (const match of lines[index]!.text.matchAll(AUTH_HEADER)) {
      const value = match[2]!;
      const basic = match[1]!.toLowerCase() === 'basic';
      if (!basic && PROVIDER_SHAPED.test(value)) continue; // JWTs and provider tokens: their own detector decides
      const real = basic ? USER_PASS.test(Buffer.from(value, 'base64').toString('utf8')) : looksRandom(value, 20);
      if (real && !isPlaceholder(value)) hits.push({ kind: 'authorization-header', column: match.index + match[0].length - value.length, secret: value });
    }
    return hits;
  },
};

// AWS secret access keys: labelled, or 40 characters of base64 within a few lines of an access key id.
const AWS_SECRET_LABELLED = /(?:aws)?_?(?:secret)_?(?:access)?_?key(?:_id)?["']?\s*(?::=|=>|=|:)\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi;
const AWS_SECRET_SHAPE = /(?<![A-Za-z0-9/+=_.-])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g;

/** An access key id and its secret are written within this many lines of each other. */
const KEY_PAIR_LINES = 3;

const awsSecret: Detector = {
  kinds: [{ id: 'aws-secret-access-key', title: 'AWS secret access key' }],
  keywords: ['secret_access_key', 'secretaccesskey', 'aws_secret', 'secret-access-key', 'AKIA', 'ASIA'],
  caseless: true,
  priority: 3,
  reach: { before: KEY_PAIR_LINES, after: KEY_PAIR_LINES },
  scan(lines, index) {
    const text = lines[index]!.text;
    const hits: Hit[] = [];
    const real = (value: string) => !/EXAMPLE/.test(value) && !isPublicCredential(value) && entropy(value) >= 4.2 && charClasses(value) >= 3;
    for (const match of text.matchAll(AWS_SECRET_LABELLED)) {
      if (real(match[1]!)) hits.push({ kind: 'aws-secret-access-key', column: match.index + match[0].length - 40, secret: match[1]! });
    }
    if (hits.length || !/(?:AKIA|ASIA)[A-Z2-7]{16}/.test(text)) return hits;
    // Proximity: an access key id on this line, its secret within three lines.
    for (let at = Math.max(0, index - KEY_PAIR_LINES); at < Math.min(lines.length, index + KEY_PAIR_LINES + 1); at++) {
      for (const match of lines[at]!.text.matchAll(AWS_SECRET_SHAPE)) {
        if (real(match[1]!) && /[/+]|^[^a-z]*[a-z].*[A-Z]/.test(match[1]!)) hits.push({ kind: 'aws-secret-access-key', at, column: match.index, secret: match[1]! });
      }
    }
    return hits;
  },
};

// Hard-coded deploy targets: `ssh root@203.0.113.7` in a script or CI config (incident 1).
const SSH_TARGET = /(?<![\w-])(ssh|scp|rsync|sftp|ssh-copy-id)\b[^\n|;&]{0,200}?(?<![\w.-])([a-z_][\w.-]{0,31})@((?:\d{1,3}\.){3}\d{1,3}|[a-z0-9][a-z0-9.-]{0,252}\.[a-z]{2,24})(?![\w.-]{0,253}\}|[\w-])/gi;

export interface SshOptions {
  users: string[];
}

export function sshTargets(options: SshOptions): Detector {
  const users = new Set(options.users);
  return {
    kinds: [
      { id: 'ssh-root-target', title: 'Hard-coded root SSH/SCP/rsync deploy target' },
      { id: 'ssh-public-ip', title: 'Hard-coded public IP as SSH/SCP/rsync deploy target (warning)' },
    ],
    keywords: ['ssh', 'scp', 'rsync', 'sftp'],
    priority: 2,
    scan(lines, index, file) {
      if (!file.deployScript) return [];
      const text = lines[index]!.text;
      const hits: Hit[] = [];
      for (const match of text.matchAll(SSH_TARGET)) {
        const user = match[2]!;
        const host = match[3]!;
        if (/^(?:localhost|example\.(?:com|org|net))$|\.(?:example|test|invalid|local)$/i.test(host) || isPrivateIp(host)) continue;
        const column = match.index + match[0].length - user.length - host.length - 1;
        const target = `${user}@${host}`;
        if (users.has(user)) hits.push({ kind: 'ssh-root-target', column, secret: target, detail: user });
        else if (isPublicIp(host)) hits.push({ kind: 'ssh-public-ip', column, secret: target, severity: 'warn', detail: user });
      }
      return hits;
    },
  };
}

function octets(host: string): number[] | undefined {
  const parts = host.split('.').map(Number);
  return parts.length === 4 && parts.every((n) => Number.isInteger(n) && n >= 0 && n <= 255) ? parts : undefined;
}

function isPrivateIp(host: string): boolean {
  const ip = octets(host);
  if (!ip) return false;
  const [a, b] = ip as [number, number];
  return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || a === 0;
}

function isPublicIp(host: string): boolean {
  return octets(host) !== undefined && !isPrivateIp(host);
}

export function buildDetectors(ssh: SshOptions): Detector[] {
  return [
    ...PROVIDERS.map(providerDetector),
    awsSecret,
    privateKeys,
    jwt,
    connectionStrings,
    registryAuth,
    authHeaders,
    assignments,
    sshTargets(ssh),
  ];
}
