// no-mock-data: mock and placeholder data must not reach production code. Incident 1: the old
// webshop server served hard-coded mock products, and the team's answer was "no mock data in
// production, ever".
import { bounded } from '../../budget.js';
import type { Finding, Rule, Severity } from '../../types.js';
import {
  changedCodeFiles,
  collectImports,
  isProductionFile,
  parseFile,
  Tree,
  unparsableFinding,
  type ParsedFile,
} from '../shared/code.js';
import {
  DEFAULT_LIBRARIES,
  DEFAULT_TEST_DOUBLE_PATHS,
  DEFAULT_PLACEHOLDERS,
  detect,
  type Detector,
  type DetectorSettings,
  type Hit,
} from './detectors.js';
import { DETECTOR_DEFAULTS, noMockDataMeta, type DetectorDefaults, type DetectorSeverity, type NoMockDataOptions } from './meta.js';

export type { NoMockDataOptions } from './meta.js';

const OPTION_OF: Record<Detector, keyof DetectorDefaults> = {
  'mock-library': 'libraries',
  'mock-import': 'imports',
  'mock-name': 'names',
  'mock-switch': 'switches',
  'record-array': 'records',
  placeholder: 'placeholders',
};

export const noMockData: Rule<NoMockDataOptions> = {
  meta: noMockDataMeta,

  async check(context) {
    const tree = new Tree(context.git, context.changes.head);
    const candidates = changedCodeFiles(context);
    const production = await Promise.all(candidates.map((file) => isProductionFile(context, tree, file.path)));
    const files = candidates.filter((_, index) => production[index]);
    if (!files.length) return [];
    const { settings, severities } = resolveDetectors(context.options);
    const findings: Finding[] = [];
    for (const file of files) {
      const source = await parseFile(file);
      if (!source) continue;
      if (source.syntaxError) {
        findings.push(unparsableFinding(source, 'its imports, names, strings and arrays were'));
        continue;
      }
      const added = context.allLines ? undefined : file.addedLineNumbers();
      const seen = new Set<string>();
      // User patterns may backtrack exponentially even on a short string: always under the watchdog.
      const size = (settings.placeholders?.patterns.length ?? 0) > DEFAULT_PLACEHOLDERS.length ? Infinity : source.text.length;
      for (const hit of bounded(size, () => detect(source, collectImports(source), settings))) {
        const at = source.position(hit.offset ?? hit.node.start);
        if (added && !touchesAddedLine(source, hit, at.line, added)) continue;
        // One switch finding per line (`if (process.env.USE_MOCK)` is both a condition and an env read).
        const key = hit.detector === 'mock-switch' ? `${hit.detector}:${at.line}` : `${hit.detector}:${at.line}:${at.column}`;
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push({ kind: hit.detector, severity: severities[hit.detector], file: file.path, ...at, message: `${hit.message}. ${WHY}`, hint: HINTS[hit.detector] });
      }
    }
    return findings;
  },
};

const WHY = 'Mock data reached customers once (incident 1: a webshop served hard-coded mock products).';
const SUPPRESS = 'or, if it truly belongs here, `// shipguard-ignore no-mock-data -- <reason>` on the line above';
const HINTS: Record<Detector, string> = {
  'mock-library': `Load real data from the database or API; keep fake-data libraries in tests, seeds and fixtures (devDependencies), ${SUPPRESS}.`,
  'mock-import': `Load the data from the database or API, or move the code that needs the mock under a test/seed path, ${SUPPRESS}.`,
  'mock-name': `Read this data from the database or API (or move it under a test, fixture or seed path), ${SUPPRESS}.`,
  'mock-switch': `Remove the mock switch from production code: tests can inject fakes without a runtime flag, ${SUPPRESS}.`,
  'record-array': `Load the records from the database or API through a repository function, or move them to a seed/fixture file, ${SUPPRESS}.`,
  placeholder: `Replace the placeholder with real content (or content from the CMS/database), allow it with placeholders.allow in the config, ${SUPPRESS}.`,
};

function resolveDetectors(options: NoMockDataOptions): { settings: DetectorSettings; severities: Record<Detector, Severity> } {
  const merge = <K extends keyof DetectorDefaults>(key: K): DetectorDefaults[K] => {
    const value = options[key];
    return typeof value === 'string' ? { ...DETECTOR_DEFAULTS[key], severity: value } : { ...DETECTOR_DEFAULTS[key], ...(value as object) };
  };
  const resolved = {
    libraries: merge('libraries'),
    imports: merge('imports'),
    names: merge('names'),
    switches: merge('switches'),
    records: merge('records'),
    placeholders: merge('placeholders'),
  };
  const { libraries, imports, names, switches, records, placeholders } = resolved;
  const settings: DetectorSettings = {
    libraries: libraries.severity !== 'off' ? { packages: [...DEFAULT_LIBRARIES, ...libraries.packages], allow: libraries.allow } : undefined,
    imports: imports.severity !== 'off' ? { paths: [...DEFAULT_TEST_DOUBLE_PATHS, ...imports.paths], allow: imports.allow } : undefined,
    names: names.severity !== 'off',
    switches: switches.severity !== 'off',
    records: records.severity !== 'off' ? records : undefined,
    placeholders:
      placeholders.severity !== 'off'
        ? {
            patterns: [
              ...DEFAULT_PLACEHOLDERS,
              ...placeholders.patterns.map((source) => ({ label: `placeholder content (matches /${source}/)`, pattern: new RegExp(source, 'iu') })),
            ],
            allow: placeholders.allow,
          }
        : undefined,
  };
  const severities = Object.fromEntries(
    Object.entries(OPTION_OF).map(([detector, key]) => [detector, resolved[key].severity === 'warn' ? 'warn' : 'error']),
  ) as Record<Detector, Severity>;
  return { settings, severities };
}

/** A finding belongs to the change when its line was added, or (for a multi-line array) any line of it was. */
function touchesAddedLine(source: ParsedFile, hit: Hit, line: number, added: Set<number>): boolean {
  if (added.has(line)) return true;
  if (!hit.span) return false;
  const last = source.position(hit.span.end).line;
  for (let current = line + 1; current <= last; current++) if (added.has(current)) return true;
  return false;
}
