// no-mock-data: what every run reads (config validation, SARIF, explain) and when the rule's code
// is needed at all; the rule itself (./index.ts) is a chunk loaded only then.
import type { OptionsSchema } from '../../config/schema.js';
import type { RuleContext, RuleMeta, Severity } from '../../types.js';
import { changedCodeFiles, PRODUCTION_GLOBS, type ScopeOptions } from '../shared/code.js';

export type DetectorSeverity = Severity | 'off';
/** `'error'`, `'warn'`, `'off'`, or an object with `severity` and the detector's own options. */
type Setting<Extra> = DetectorSeverity | (Partial<Extra> & { severity?: DetectorSeverity });

interface LibraryOptions {
  /** Packages added to the built-in list of fake-data libraries. */
  packages: string[];
  /** Packages from the list that this project ships on purpose. */
  allow: string[];
}
interface MockImportOptions {
  /** Extra path-segment globs that mark a mock module. */
  paths: string[];
  /** Specifier globs never reported. */
  allow: string[];
}
interface RecordArrayOptions {
  minRecords: number;
  minSharedKeys: number;
  lookupKeys: string[];
}
interface PlaceholderOptions {
  /** Extra regular expressions for placeholder content. */
  patterns: string[];
  /** Substrings that make a match acceptable (`example.com` in a docs string). */
  allow: string[];
}

export interface NoMockDataOptions extends ScopeOptions {
  libraries: Setting<LibraryOptions>;
  imports: Setting<MockImportOptions>;
  names: Setting<object>;
  switches: Setting<object>;
  records: Setting<RecordArrayOptions>;
  placeholders: Setting<PlaceholderOptions>;
}

export interface DetectorDefaults {
  libraries: LibraryOptions & { severity: DetectorSeverity };
  imports: MockImportOptions & { severity: DetectorSeverity };
  names: { severity: DetectorSeverity };
  switches: { severity: DetectorSeverity };
  records: RecordArrayOptions & { severity: DetectorSeverity };
  placeholders: PlaceholderOptions & { severity: DetectorSeverity };
}

export const DETECTOR_DEFAULTS: DetectorDefaults = {
  libraries: { severity: 'error', packages: [], allow: [] },
  imports: { severity: 'error', paths: [], allow: [] },
  names: { severity: 'error' },
  switches: { severity: 'error' },
  records: { severity: 'error', minRecords: 5, minSharedKeys: 3, lookupKeys: [] },
  placeholders: { severity: 'error', patterns: [], allow: [] },
};

const strings = { type: 'array', items: { type: 'string', minLength: 1 } } as const;
const severitySchema = { type: 'string', enum: ['error', 'warn', 'off'] } as const;

function detectorSchema(properties: Record<string, OptionsSchema>): OptionsSchema {
  const keys = ['severity', ...Object.keys(properties)].join(', ');
  return {
    anyOf: [severitySchema, { type: 'object', properties: { severity: severitySchema, ...properties } }],
    description: `"error", "warn", "off" or an object { ${keys} }`,
  };
}

export const noMockDataMeta: RuleMeta<NoMockDataOptions> = {
  id: 'no-mock-data',
  description:
    'Refuses mock and placeholder data in production code: fake-data libraries, mock modules, mock-named data and switches, hard-coded record lists, placeholder content.',
  stages: ['pre-commit', 'pre-push', 'ci'],
  scope: 'file',
  docs: 'docs/rules/no-mock-data.md',
  kinds: {
    'mock-library': 'an import of a fake-data library in production code',
    'mock-import': 'an import from a mock module or of a mock-named binding',
    'mock-name': 'a declaration named as mock data',
    'mock-switch': 'a switch that serves mock data',
    'record-array': 'a literal list of records that leaves the module',
    placeholder: 'placeholder content (lorem ipsum, John Doe, example.com, placeholder images)',
    unparsable: 'a syntax error kept the file from being checked (warning)',
  },
  defaultOptions: {
    production: PRODUCTION_GLOBS,
    exclude: [],
    defaultExclude: true,
    ...DETECTOR_DEFAULTS,
  },
  schema: {
    type: 'object',
    properties: {
      production: strings,
      exclude: strings,
      defaultExclude: { type: 'boolean' },
      libraries: detectorSchema({ packages: strings, allow: strings }),
      imports: detectorSchema({ paths: strings, allow: strings }),
      names: detectorSchema({}),
      switches: detectorSchema({}),
      records: detectorSchema({
        minRecords: { type: 'integer', minimum: 2 },
        minSharedKeys: { type: 'integer', minimum: 1 },
        lookupKeys: strings,
      }),
      placeholders: detectorSchema({ patterns: { type: 'array', items: { type: 'string', minLength: 1, format: 'regex' } }, allow: strings }),
    },
  },
};

/** Only code files can hold what the detectors look for. */
export function noMockDataNeeded(context: RuleContext<NoMockDataOptions>): boolean {
  return changedCodeFiles(context).length > 0;
}
