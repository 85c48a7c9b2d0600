// Kubernetes Secret manifests: `data` values are only base64, `stringData` values are plain text.
// Parsed with the `yaml` package (loaded only when a changed YAML file declares `kind: Secret`).
import type { ChangedFile } from '../../changeset.js';
import { loadYaml } from '../../lazy.js';
import type { ScanLine } from './detectors.js';
import type { Candidate } from './scanner.js';
import { classifyName } from './detectors.js';
import { isPlaceholder } from './values.js';

/** Data keys that name a secret file: `tls.key`, `credentials.json`, `.dockerconfigjson`. */
const SECRET_FILE_KEY = /(?:\.key|\.pem|\.p12|credentials|\.json|dockerconfigjson|\.env|kubeconfig)$/i;
const MAX_MANIFEST_CHARS = 4_000_000;
const SECRET_MANIFEST = /^kind:\s*["']?Secret["']?\s*$/m;

export async function kubernetesSecrets(file: ChangedFile, lines: readonly ScanLine[]): Promise<Candidate[]> {
  if (!lines.length) return [];
  const content = await file.content();
  // A manifest is small; a huge YAML file is left to the line detectors (a full parse would hold it many times over).
  if (!content || content.length > MAX_MANIFEST_CHARS || !SECRET_MANIFEST.test(content)) return [];
  const { LineCounter, parseAllDocuments, isMap, isScalar } = await loadYaml();
  const counter = new LineCounter();
  const scanned = new Set(lines.map((line) => line.line));
  const candidates: Candidate[] = [];
  for (const document of parseAllDocuments(content, { lineCounter: counter })) {
    if (!('contents' in document) || !isMap(document.contents) || document.get('kind') !== 'Secret') continue;
    for (const section of ['data', 'stringData'] as const) {
      const map = document.get(section, true);
      if (!isMap(map)) continue;
      for (const pair of map.items) {
        if (!isScalar(pair.value) || typeof pair.value.value !== 'string' || !pair.value.range) continue;
        const raw = pair.value.value;
        const clear = section === 'data' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
        if (isPlaceholder(raw) || isPlaceholder(clear) || clear.length < 4) continue;
        const position = counter.linePos(pair.value.range[0]);
        if (!scanned.has(position.line)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : '?';
        if (!classifyName(key) && !SECRET_FILE_KEY.test(key)) continue; // username, host, port: configuration, not secrets
        candidates.push({ kind: 'kubernetes-secret', column: position.col - 1, line: position.line, col: position.col, secret: raw, detail: key });
      }
    }
  }
  return candidates;
}
