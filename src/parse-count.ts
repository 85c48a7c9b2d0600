// How much code a run parsed, for SHIPGUARD_DEBUG: tests prove "every file parsed at most once per
// run" (issue 10.6) from this line, whichever rules ask for the same file and however they read it.

let parses = 0;
const paths = new Set<string>();

export function countParse(path: string): void {
  parses++;
  paths.add(path);
}

/** Parses so far and the distinct paths they were of (equal when no file was parsed twice). */
export function parseCount(): { parses: number; files: number } {
  return { parses, files: paths.size };
}
