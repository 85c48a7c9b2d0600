// Names that say "mock data" (`mockProducts`, `MOCK_USERS`, `fakeOrders`, `sampleProducts`) or "serve
// mock data" (`USE_MOCK`, `useMockData`, `process.env.API_MOCKING`), judged by whole words so that
// `mockingbird`, `sampleRate` and `isFakeEmail()` stay quiet, and product nouns (`FAKE_DOOR_FLAG`,
// `getMockServers`) are not mock data.

const TEST_DOUBLE_WORDS = new Set(['mock', 'mocks', 'mocked', 'mocking', 'fake', 'fakes', 'faked', 'dummy', 'dummies', 'stub', 'stubs', 'stubbed']);
/** Weaker words: data only when the name ends in a data noun (`sampleProducts`, not `sampleRate`). */
const SAMPLE_WORDS = new Set(['sample', 'samples', 'example', 'examples', 'placeholder', 'hardcoded', 'test']);
const SWITCH_WORDS = new Set(['use', 'using', 'enable', 'enabled', 'enables', 'mode', 'toggle', 'should', 'serve', 'serves', 'with', 'force', 'allow', 'on']);
/** A name starting with one of these checks for or removes fakes (`isFakeEmail`, `detectFakeReviews`). */
const CHECK_WORDS = new Set([
  'is', 'has', 'detect', 'detects', 'check', 'checks', 'validate', 'filter', 'remove', 'strip', 'reject', 'flag', 'report',
  'block', 'prevent', 'guard', 'assert', 'ensure', 'no', 'not', 'without', 'disallow', 'forbid', 'count', 'score', 'anti',
]);
/**
 * Product nouns that a test-double word qualifies without naming mock data: a "fake door" experiment
 * (`PREMIUM_POLL_FAKE_DOOR_FLAG`), a product's "mock server" feature (`getMyMockServers`), a "mock
 * interview" or "mock exam" an app offers its users.
 */
const PRODUCT_COMPOUNDS = new Set(['fake door', 'fake doors', 'mock server', 'mock servers', 'mock interview', 'mock interviews', 'mock exam', 'mock exams']);

const DATA_NOUNS = new Set(['data', 'list', 'json', 'items', 'records', 'rows', 'response', 'responses', 'payload', 'entries', 'collection', 'catalog', 'catalogue', 'db', 'database', 'store', 'results', 'content']);

export type NameClass =
  /** Names mock data: `mockProducts`, `MOCK_USERS`, `fakeOrders`, `getMockProducts`. */
  | 'mock'
  /** Names a switch that serves mock data: `USE_MOCK`, `useMockData`, `MOCK_MODE`. */
  | 'switch'
  /** `sampleProducts`, `exampleUsers`: mock data only when it holds literal records. */
  | 'sample';

/** `useMockData` -> [use, mock, data]; `MOCK_USERS` -> [mock, users]; `HTMLMockData` -> [html, mock, data]. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1 ')
    .split(/[^A-Za-z]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

export function classifyName(name: string): NameClass | undefined {
  const parts = words(name);
  if (!parts.length || CHECK_WORDS.has(parts[0]!)) return undefined;
  if (parts.some(isTestDoubleWord)) return parts.some((part) => SWITCH_WORDS.has(part)) ? 'switch' : 'mock';
  if (parts.length >= 2 && SAMPLE_WORDS.has(parts[0]!) && isDataNoun(parts[parts.length - 1]!)) return 'sample';
  return undefined;
}

/** Any mock word at all: environment variables (`MOCK_API`, `NEXT_PUBLIC_API_MOCKING`) and file names (`mockProducts.ts`). */
export function hasMockWord(name: string): boolean {
  return words(name).some(isTestDoubleWord);
}

/**
 * A module named after a product noun (`useMockServer.ts`, `mock-server/urls.ts`): its `mockUrl` is
 * the mock server's URL, so a mock word in its names speaks of the product, unless the name ends in
 * a data noun (`getMockUsers` there is still mock data).
 */
export function namesProductFeature(path: string): boolean {
  const folders = path.replace(/\.[^./]+$/, '').split('/').slice(-2);
  return folders.some((segment) => {
    const parts = words(segment);
    return parts.some((part, index) => PRODUCT_COMPOUNDS.has(`${part} ${parts[index + 1]}`));
  });
}

/** `getMockUsers`, `mockData`: the name ends in what data is made of (`mockUrl` does not). */
export function endsInDataNoun(name: string): boolean {
  const parts = words(name);
  return parts.length > 0 && isDataNoun(parts[parts.length - 1]!);
}

/** A test-double word, unless the next word makes it a product noun (`fake door`, `mock server`). */
function isTestDoubleWord(part: string, index: number, parts: string[]): boolean {
  if (!TEST_DOUBLE_WORDS.has(part)) return false;
  return !PRODUCT_COMPOUNDS.has(`${part} ${parts[index + 1]}`);
}

function isDataNoun(word: string): boolean {
  return DATA_NOUNS.has(word) || (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word));
}
