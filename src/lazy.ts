// Heavy modules load here, only when a rule needs them for a changed file. The engine prints what
// was loaded and how long it took under SHIPGUARD_DEBUG, which is also how tests prove laziness.
import { ShipguardError } from './errors.js';

export interface LoadRecord {
  module: string;
  ms: number;
}

const records: LoadRecord[] = [];
const pending = new Map<string, Promise<unknown>>();

async function load<T>(module: string, importer: () => Promise<T>): Promise<T> {
  let promise = pending.get(module) as Promise<T> | undefined;
  if (!promise) {
    const started = performance.now();
    promise = importer().then((value) => {
      records.push({ module, ms: Math.round(performance.now() - started) });
      return value;
    });
    pending.set(module, promise);
  }
  return promise;
}

/** The TypeScript compiler API (parser only is what rules use: `ts.createSourceFile`). */
export function loadTypeScript(): Promise<typeof import('typescript')> {
  return load('typescript', async () => {
    const module = await import('typescript');
    return (module as { default?: typeof import('typescript') }).default ?? module;
  });
}

/** `@prisma/internals` (optional peer dependency: Prisma projects install it). */
export function loadPrismaInternals(): Promise<typeof import('@prisma/internals')> {
  return load('@prisma/internals', async () => {
    try {
      return await import('@prisma/internals');
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') {
        throw new ShipguardError('the Prisma rules need @prisma/internals: npm install --save-dev @prisma/internals@7');
      }
      throw error;
    }
  });
}

/** The `yaml` parser (Kubernetes manifests, compose files): only for YAML files that need a parse. */
export function loadYaml(): Promise<typeof import('yaml')> {
  return load('yaml', () => import('yaml'));
}

/** What was loaded during this run, in order. */
export function loadRecords(): readonly LoadRecord[] {
  return records;
}
