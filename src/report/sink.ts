// Where a report goes: the chosen format on stdout, or with `--output <file>` the json/sarif document
// in that file and the pretty report on stdout (the CI job log).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandIO } from '../commands/types.js';
import { errorMessage, ShipguardError, UsageError } from '../errors.js';
import { packageVersion } from '../paths.js';
import { redactSecrets } from '../rules/secrets/redact-text.js';
import { formatReport, type Format, type ReportInput } from './index.js';
import { formatJsonError } from './json.js';
import { useColor } from './pretty.js';
import { formatSarifError } from './sarif.js';

export interface ReportSink {
  format: Format;
  write(input: ReportInput): void;
  /** A run that could not finish: json and sarif still get a valid document naming the error. */
  writeError(stage: string, line: string): void;
}

/** The one line the CLI prints for an error that ends a run (secrets redacted). */
export function runErrorLine(error: unknown): string {
  if (error instanceof ShipguardError) return redactSecrets(error.message);
  return `internal error: ${redactSecrets(errorMessage(error).split('\n')[0]!)}`;
}

export function reportSink(io: CommandIO, format: Format, outputOption: unknown): ReportSink {
  const output = typeof outputOption === 'string' ? path.resolve(io.cwd, outputOption) : undefined;
  if (output && format !== 'json' && format !== 'sarif') {
    throw new UsageError(`--output writes a json or sarif report: add --format sarif or --format json (got --format ${format})`);
  }
  const color = useColor(io.stdout, io.env);
  const writeDocument = (text: string) => {
    if (!output) return void io.stdout.write(text);
    try {
      writeFileSync(output, text);
    } catch (error) {
      throw new UsageError(`--output ${String(outputOption)}: cannot write the report: ${errorMessage(error)}`);
    }
  };
  return {
    format,
    write(input) {
      writeDocument(formatReport(format, input, color));
      if (output) io.stdout.write(formatReport('pretty', input, color));
    },
    writeError(stage, line) {
      if (format === 'json') writeDocument(formatJsonError(line, stage, packageVersion()));
      if (format === 'sarif') writeDocument(formatSarifError(line, stage, packageVersion()));
    },
  };
}
