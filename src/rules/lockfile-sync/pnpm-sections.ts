// Reading only the parts of a pnpm-lock.yaml this rule needs. A large monorepo's lockfile is
// 30k+ lines, nearly all of it `packages:` and `snapshots:`; parsing it whole with a YAML library
// took 12-27 s. pnpm writes a fixed layout (top-level keys at column 0, importer ids at column 2),
// so the file is cut into blocks by line first and only the few small blocks needed are parsed.
import { ShipguardError } from '../../errors.js';
import { loadYaml } from '../../lazy.js';

/** Lines of one block: [start, end) indexes into the file's lines. */
type Span = [number, number];

export interface PnpmSections {
  lines: string[];
  /** Top-level keys (`settings`, `overrides`, `importers`, ...) and where their blocks are. */
  topLevel: Map<string, Span>;
  /** Importer ids (`.`, `packages/api`) and their blocks inside `importers:`. */
  importers: Map<string, Span>;
}

const TOP_LEVEL_KEY = /^(?:'((?:[^']|'')*)'|"((?:[^"\\]|\\.)*)"|([^\s#'"][^:]*)):(?:\s|$)/;
const IMPORTER_KEY = /^ {2}(?:'((?:[^']|'')*)'|"((?:[^"\\]|\\.)*)"|([^\s#'"][^:]*)):(?:\s|$)/;

export function cutSections(text: string): PnpmSections {
  const lines = text.split(/\r?\n/);
  const topLevel = new Map<string, Span>();
  let current: { key: string; start: number } | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (!line || line.startsWith(' ') || line.startsWith('#') || line.startsWith('\t')) continue;
    const match = TOP_LEVEL_KEY.exec(line);
    if (!match) continue;
    if (current) topLevel.set(current.key, [current.start, index]);
    current = { key: keyOf(match), start: index };
  }
  if (current) topLevel.set(current.key, [current.start, lines.length]);
  return { lines, topLevel, importers: importerSpans(lines, topLevel.get('importers')) };
}

function importerSpans(lines: string[], span: Span | undefined): Map<string, Span> {
  const importers = new Map<string, Span>();
  if (!span) return importers;
  let current: { key: string; start: number } | undefined;
  for (let index = span[0] + 1; index < span[1]; index++) {
    const match = IMPORTER_KEY.exec(lines[index]!);
    if (!match) continue;
    if (current) importers.set(current.key, [current.start, index]);
    current = { key: keyOf(match), start: index };
  }
  if (current) importers.set(current.key, [current.start, span[1]]);
  return importers;
}

function keyOf(match: RegExpExecArray): string {
  if (match[1] !== undefined) return match[1].replace(/''/g, "'");
  if (match[2] !== undefined) return JSON.parse(`"${match[2]}"`) as string;
  return match[3]!.trimEnd();
}

/** Parses the named top-level blocks together; absent ones are left out. */
export async function parseTopLevel(sections: PnpmSections, keys: string[], file: string): Promise<Record<string, unknown>> {
  const text = keys
    .map((key) => sections.topLevel.get(key))
    .filter((span): span is Span => span !== undefined)
    .map((span) => sections.lines.slice(span[0], span[1]).join('\n'))
    .join('\n');
  return text ? await parseYaml(text, file) : {};
}

/** One importer's block, parsed: `{ dependencies: { ms: { specifier, version } }, ... }`. */
export async function parseImporter(sections: PnpmSections, id: string, file: string): Promise<Record<string, unknown> | undefined> {
  const span = sections.importers.get(id);
  if (!span) return undefined;
  const parsed = await parseYaml(`importers:\n${sections.lines.slice(span[0], span[1]).join('\n')}`, file);
  const importers = parsed.importers as Record<string, unknown> | null | undefined;
  const entry = importers ? Object.values(importers)[0] : undefined;
  return typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
}

/**
 * Whole `importers:` block, parsed: the slow path, taken only when the cut found no block for an
 * importer that package.json says must be there, to be sure before reporting it missing.
 */
export async function parseAllImporters(sections: PnpmSections, file: string): Promise<Record<string, unknown>> {
  const span = sections.topLevel.get('importers');
  if (!span) return {};
  const parsed = await parseYaml(sections.lines.slice(span[0], span[1]).join('\n'), file);
  return (parsed.importers ?? {}) as Record<string, unknown>;
}

/** The raw text of an importer's block (to tell which importers a lockfile change touched). */
export function importerText(sections: PnpmSections, id: string): string | undefined {
  const span = sections.importers.get(id);
  return span ? sections.lines.slice(span[0], span[1]).join('\n') : undefined;
}

async function parseYaml(text: string, file: string): Promise<Record<string, unknown>> {
  const { parse } = await loadYaml();
  try {
    const parsed = parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch (error) {
    throw new ShipguardError(`${file} is not valid YAML (${(error as Error).message.split('\n')[0]}); regenerate it with pnpm install`);
  }
}
