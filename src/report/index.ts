import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatPretty } from './pretty.js';
import { formatSarif } from './sarif.js';
import type { ReportInput } from './summary.js';

export const FORMATS = ['pretty', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export function formatReport(format: Format, input: ReportInput, color: boolean): string {
  switch (format) {
    case 'pretty':
      return formatPretty(input, color);
    case 'json':
      return formatJson(input);
    case 'sarif':
      return formatSarif(input);
    case 'github':
      return formatGithub(input);
  }
}

export type { ReportInput } from './summary.js';
