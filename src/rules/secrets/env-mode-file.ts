// Mode env files (`.env.test`, `.env.development`, `.env.production`): Vite, Next.js, CRA and
// dotenv-flow load them per mode, and teams commit them on purpose for public build settings
// (`VITE_DEBUG_DOM=false`, an API base URL). Such a file is only refused as a file when one of its
// values could be a credential. `.env` and `*.local` are machine files and stay refused by name.
import { parseEnv } from 'node:util';
import { REFERENCE } from './values.js';

/** `.env.<mode>` with one mode segment; `.env.local`, `.env.x.local` and backup copies are not modes. */
const MODE_FILE = /^\.env\.([a-z][a-z0-9_-]{0,31})$/i;
const NOT_A_MODE = new Set(['local', 'bak', 'backup', 'old', 'orig', 'save', 'copy', 'tmp', 'swp', 'prev', 'previous']);

export function isModeEnvFile(base: string): boolean {
  const mode = MODE_FILE.exec(base)?.[1];
  return mode !== undefined && !NOT_A_MODE.has(mode.toLowerCase());
}

/** Every line blank, a comment, or one `NAME=value` line (multi-line values are not settings). */
const ASSIGNMENT = /^(?:export\s+)?[A-Za-z_][A-Za-z0-9_.]*\s*=/;
/** Name segments that say the value unlocks something: its value must be empty, a flag or a reference. */
const CREDENTIAL_SEGMENTS = new Set([
  'password', 'passwd', 'pwd', 'pw', 'pass', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'key', 'keys', 'apikey',
  'private', 'credential', 'credentials', 'auth', 'dsn', 'salt', 'signing', 'signature', 'cookie', 'session', 'cert', 'pin',
]);
const FLAG = /^(?:true|false|yes|no|on|off)$/i;
const NUMBER = /^-?\d{1,15}(?:\.\d{1,15})?$/;
/** A URL without user info, query or fragment: `https://json-dev.excalidraw.com/api/v2/`, `http://localhost:3002`. */
const PLAIN_URL = /^[a-z][a-z0-9+.-]{0,15}:\/\/[^\s@?#]{1,200}$/i;
const WORD_SEPARATORS = /[ _.,:/-]/;
const LOWER_WORD = /^[A-Z]?[a-z]{1,20}\d{0,4}$/; // development, Europe, v2, app1
const UPPER_WORD = /^[A-Z]{1,20}\d{0,4}$/; // US, UTC
const DIGITS = /^\d{1,6}$/; // a port

/**
 * True when the file is a list of settings no one could misuse: empty values, flags, numbers, URLs
 * without credentials, and short values made of plain words. Names that say credential take only
 * empty values, flags and references.
 */
export function holdsOnlyPublicSettings(text: string): boolean {
  const lines = text.split(/\r?\n/);
  if (!lines.every((line) => isSettingLine(line.trim()))) return false;
  const settings = Object.entries(parseEnv(text));
  return settings.every(([name, value]) => isPublicSetting(name, (value ?? '').trim()));
}

function isSettingLine(line: string): boolean {
  return line === '' || line.startsWith('#') || ASSIGNMENT.test(line);
}

function isPublicSetting(name: string, value: string): boolean {
  if (value === '' || FLAG.test(value) || REFERENCE.test(value)) return true;
  if (namesCredential(name)) return false;
  return NUMBER.test(value) || isPlainUrl(value) || isPlainWords(value);
}

function namesCredential(name: string): boolean {
  return name.toLowerCase().split(/[_.]/).some((segment) => CREDENTIAL_SEGMENTS.has(segment));
}

function isPlainUrl(value: string): boolean {
  if (!PLAIN_URL.test(value)) return false;
  // A secret can hide in a path (Slack and Discord webhook URLs): every segment must be plain.
  const path = value.slice(value.indexOf('://') + 3);
  return path.split('/').every((segment) => segment === '' || isPlainWords(segment));
}

function isPlainWords(value: string): boolean {
  if (value.length > 64) return false;
  return value.split(WORD_SEPARATORS).every((word) => word === '' || LOWER_WORD.test(word) || UPPER_WORD.test(word) || DIGITS.test(word));
}
