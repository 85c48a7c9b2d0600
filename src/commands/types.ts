import type { ParseArgsConfig } from 'node:util';

export interface CommandIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Reads all of stdin (pre-push refs). */
  readStdin(): Promise<string>;
}

export interface ParsedArgs {
  values: Record<string, unknown>;
  positionals: string[];
}

export interface Command {
  name: string;
  /** `shipguard <usage>` */
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** How many positionals the command takes at most. */
  maxPositionals: number;
  run(args: ParsedArgs, io: CommandIO): Promise<number>;
}
