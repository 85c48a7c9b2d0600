// What a blob's bytes are, decided by content alone (never by .gitattributes): binary, or text in
// UTF-8 / UTF-16 (by its byte order mark). Git calls any blob with a NUL in its first 8000 bytes
// binary; a text file with a stray NUL, or a UTF-16 file (what Windows PowerShell writes), is text here.

/** Bytes git looks at to decide binary (xdiff's FIRST_FEW_BYTES); enough for us too. */
export const SNIFF_BYTES = 8000;

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export type BlobKind = { binary: true } | { binary: false; encoding: TextEncoding; bom: boolean };

const BINARY: BlobKind = { binary: true };

/** Classifies a blob from its first bytes (pass at least SNIFF_BYTES when the blob is longer). */
export function sniff(head: Buffer): BlobKind {
  const sample = head.subarray(0, SNIFF_BYTES);
  // UTF-32 marks start like UTF-16LE's: rule them out first (not decoded: treated as binary).
  if (startsWith(sample, [0xff, 0xfe, 0, 0]) || startsWith(sample, [0, 0, 0xfe, 0xff])) return BINARY;
  if (startsWith(sample, [0xff, 0xfe])) return utf16(sample, 'utf-16le');
  if (startsWith(sample, [0xfe, 0xff])) return utf16(sample, 'utf-16be');
  const bom = startsWith(sample, [0xef, 0xbb, 0xbf]);
  if (!sample.includes(0)) return { binary: false, encoding: 'utf-8', bom };
  // A NUL: text only if the rest reads as UTF-8 with almost no control bytes (a stray NUL in code),
  // not an image, archive or database whose headers are full of them.
  return validUtf8(sample) && fewControls(sample) ? { binary: false, encoding: 'utf-8', bom } : BINARY;
}

/** The blob as text (byte order mark removed), or null when it is binary. */
export function decode(buffer: Buffer, kind: BlobKind = sniff(buffer)): string | null {
  if (kind.binary) return null;
  if (kind.encoding === 'utf-8') return UTF8.decode(buffer); // drops a byte order mark
  return utf16Text(buffer, kind.encoding);
}

const UTF8 = new TextDecoder('utf-8');
const UTF16 = new TextDecoder('utf-16le');

/** UTF-16 text without its mark; big-endian is byte-swapped first (no dependency on ICU data). */
function utf16Text(buffer: Buffer, encoding: 'utf-16le' | 'utf-16be'): string {
  const even = buffer.subarray(0, buffer.length & ~1);
  return UTF16.decode(encoding === 'utf-16be' ? Buffer.from(even).swap16() : even);
}

function utf16(sample: Buffer, encoding: 'utf-16le' | 'utf-16be'): BlobKind {
  const text = utf16Text(sample, encoding);
  let controls = 0;
  for (let index = 0; index < text.length; index++) if (isControl(text.charCodeAt(index))) controls++;
  return controls <= Math.max(4, text.length / 50) ? { binary: false, encoding, bom: true } : BINARY;
}

function startsWith(buffer: Buffer, bytes: number[]): boolean {
  return buffer.length >= bytes.length && bytes.every((byte, index) => buffer[index] === byte);
}

function validUtf8(sample: Buffer): boolean {
  try {
    // stream: a character cut at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Control bytes other than tab, newlines, form feed and escape: at most 2% (or 4 in a tiny file). */
function fewControls(bytes: Buffer): boolean {
  let controls = 0;
  for (const byte of bytes) if (isControl(byte)) controls++;
  return controls <= Math.max(4, bytes.length / 50);
}

function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0b && code !== 0x0c && code !== 0x0d && code !== 0x1b) || code === 0x7f;
}
