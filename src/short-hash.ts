// A short non-cryptographic hash (FNV-1a, 32 bits) for naming cache files whose entries are checked
// on read: hashing with node:crypto would load it, ~3 ms of a hook run on Node 20.
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}
