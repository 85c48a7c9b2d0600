// Errors that end a run with exit code 2 and one clear line, never a stack trace.

/** Base class: `message` is printed as is after `shipguard: `; the CLI exits 2 for every one. */
export class ShipguardError extends Error {}

/** Bad command line. */
export class UsageError extends ShipguardError {}

/** Bad config: names the file and the key. */
export class ConfigError extends ShipguardError {
  constructor(file: string, detail: string) {
    super(`config error in ${file}: ${detail}`);
  }
}

/** git failed or the repository is not in the state we need. */
export class GitError extends ShipguardError {}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
