// What one Prisma version rejects and another accepts: when shipguard's engines are not the project's
// version, such rejections are not held against the project, and preview features only the project's
// version knows are dropped so the schema can still be read (prisma-migration, prisma-query-fields).
import type { SchemaDiagnostic, SchemaFile } from './schema-text.js';

/** Messages about what one Prisma version accepts and another does not. */
const VERSION_SENSITIVE = /no longer supported|is deprecated|has been removed|not supported (?:anymore|in Prisma)|Argument "url" is missing/i;

/** VERSION_SENSITIVE, or "preview feature … is not known" on one line (a `.*` across the text backtracked). */
export function versionSensitive(text: string): boolean {
  if (VERSION_SENSITIVE.test(text)) return true;
  return text.split('\n').some((line) => {
    const lower = line.toLowerCase();
    const at = lower.indexOf('preview feature ');
    return at >= 0 && lower.indexOf(' is not known', at) >= 0;
  });
}

/** Removes `"name"` from `previewFeatures = [...]` lines (line numbers kept). */
export function stripFeatures(files: SchemaFile[], names: string[]): SchemaFile[] {
  if (!names.length) return files;
  const remove = (line: string) =>
    line.replace(/^([ \t]*previewFeatures\s*=\s*\[)([^\]]*)\]/, (_all, start: string, list: string) => {
      const kept = list
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item && !names.includes(item.replace(/^["']|["']$/g, '')));
      return `${start}${kept.join(', ')}]`;
    });
  return files.map((file) => ({ path: file.path, content: file.content.split('\n').map(remove).join('\n') }));
}

/** The preview features the diagnostics say the engines do not know (`metrics` after Prisma 7 dropped it). */
export function unknownPreviewFeatures(diagnostics: readonly SchemaDiagnostic[]): string[] {
  return diagnostics.flatMap((diagnostic) => [...diagnostic.message.matchAll(/preview feature "([^"]+)" is not known/g)].map((match) => match[1]!));
}
