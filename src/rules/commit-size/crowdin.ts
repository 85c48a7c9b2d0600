// Translations a translation service writes. Crowdin's config names the source file developers edit
// and the pattern its translations are downloaded to; `crowdin download` or Crowdin's bot commits
// those, every language at once. They are not counted; the source file (en.json) still is.
import type { Revision } from '../../changeset.js';
import type { GitReader } from '../../git/reader.js';
import { matchAny } from '../../glob.js';
import { loadYaml } from '../../lazy.js';

const CONFIG_FILES = ['crowdin.yml', 'crowdin.yaml'];

/** Is this path a downloaded translation (and not its source)? Undefined when there is no Crowdin config. */
export async function crowdinTranslations(git: GitReader, revision: Revision): Promise<((path: string) => boolean) | undefined> {
  for (const name of CONFIG_FILES) {
    const text = await git.readFile(revision, name);
    if (text === null) continue;
    const { parse } = await loadYaml();
    let config: unknown;
    try {
      config = parse(text);
    } catch {
      return undefined; // a broken crowdin.yml is Crowdin's to report: count everything
    }
    const { translations, sources } = patterns(config);
    if (!translations.length) return undefined;
    return (path) => matchAny(path, translations) && !matchAny(path, sources);
  }
  return undefined;
}

function patterns(config: unknown): { translations: string[]; sources: string[] } {
  const root = (config ?? {}) as { base_path?: unknown; files?: unknown };
  const base = typeof root.base_path === 'string' ? root.base_path : '';
  const entries = Array.isArray(root.files) ? (root.files as { source?: unknown; translation?: unknown }[]) : [];
  const globs = (key: 'source' | 'translation') =>
    entries.flatMap((entry) => (typeof entry?.[key] === 'string' ? [toGlob(entry[key] as string, base)] : [])).filter((glob) => glob.includes('/'));
  return { translations: globs('translation'), sources: globs('source') };
}

/** `/locales/%locale%.json` → `locales/*.json`; `%original_path%` may span folders. A glob without a slash is dropped (it would match any folder). */
function toGlob(pattern: string, base: string): string {
  const glob = pattern.replace(/%original_path%/g, '**').replace(/%[a-z0-9_]+%/g, '*');
  return [...base.split('/'), ...glob.split('/')].filter((part) => part && part !== '.').join('/');
}
