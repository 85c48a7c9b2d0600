// SARIF `helpUri`: a link to the rule's page, so code scanning shows "learn more" on every alert.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';

let base: string | null | undefined;

/** `https://github.com/<owner>/<repo>` from package.json's `repository` (or `homepage`). */
function repositoryUrl(): string | null {
  if (base !== undefined) return base;
  const manifest = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    repository?: string | { url?: string };
    homepage?: string;
  };
  const raw = typeof manifest.repository === 'string' ? manifest.repository : (manifest.repository?.url ?? manifest.homepage ?? '');
  base = githubRepository(raw);
  return base;
}

/**
 * Absolute URL of a rule's docs: a plugin's `meta.docs` when it already is a URL, a built-in rule's
 * `docs/rules/<id>.md` on the repository's default branch; undefined for a plugin's local path.
 */
export function helpUri(docs: string, builtin: boolean): string | undefined {
  if (/^https?:\/\//.test(docs)) return docs;
  const repo = repositoryUrl();
  return builtin && repo && docs ? `${repo}/blob/main/${docs}` : undefined;
}

/** `git+https://github.com/o/r.git`, `git@github.com:o/r`, `https://github.com/o/r#readme` -> `https://github.com/o/r`. */
function githubRepository(raw: string): string | null {
  const at = raw.indexOf('github.com');
  const separator = raw[at + 'github.com'.length];
  if (at < 0 || (separator !== '/' && separator !== ':')) return null;
  const [owner, repo] = raw.slice(at + 'github.com'.length + 1).split('#')[0]!.split('/');
  const name = repo?.endsWith('.git') ? repo.slice(0, -4) : repo;
  const valid = (part: string | undefined) => part !== undefined && /^[\w.-]+$/.test(part);
  return valid(owner) && valid(name) ? `https://github.com/${owner}/${name}` : null;
}
