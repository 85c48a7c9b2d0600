// SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`), which also demands
// that every result has a location and that a failed run still uploads a valid file.
import { shortSha } from '../changeset.js';
import { ALLOW_TRAILER } from '../exceptions/trailers.js';
import type { ReportedFinding } from '../types.js';
import { fingerprint, skipNotice, type ReportInput } from './summary.js';
import { helpUri } from './help-uri.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type Notification = { level: 'error' | 'warning'; message: { text: string }; descriptor?: { id: string } };

function sarifDocument(version: string, stage: string, rules: ReportInput['rules'], invocation: object, results: object[]): string {
  const sarif = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'shipguard',
            version,
            semanticVersion: version,
            informationUri: 'https://www.npmjs.com/package/shipguard',
            rules: rules.map((rule) => {
              const uri = helpUri(rule.docs, rule.builtin ?? false);
              return {
                id: rule.id,
                name: rule.id,
                shortDescription: { text: rule.description || rule.id },
                fullDescription: { text: rule.description || rule.id },
                ...(uri ? { helpUri: uri } : {}),
                help: { text: `${rule.description || rule.id}\nRun \`npx shipguard explain ${rule.id}\`${uri ? ` or read ${uri}` : ''}.` },
                properties: { tags: ['shipguard'] },
              };
            }),
          },
        },
        automationDetails: { id: `shipguard/${stage}/` },
        invocations: [invocation],
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

export function formatSarif({ result, version, rules, notices = [], allowSkip, anchor }: ReportInput): string {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const notice = skipNotice(result, allowSkip);
  const notifications: Notification[] = [
    ...result.failures.map((failure) => ({
      level: 'error' as const,
      message: { text: `rule ${failure.ruleId} failed to run: ${failure.message}` },
      descriptor: { id: failure.ruleId },
    })),
    ...(notice ? [{ level: 'warning' as const, message: { text: notice } }] : []),
    ...notices.map((text) => ({ level: 'warning' as const, message: { text } })),
  ];
  const invocation = { executionSuccessful: result.failures.length === 0, toolExecutionNotifications: notifications };
  const results = [
    ...result.findings.map((finding) => sarifResult(finding, ruleIndex, anchor)),
    // Accepted exceptions stay visible as suppressed results (SARIF 2.1.0 §3.35), with the reason.
    ...result.exceptions.map(({ finding, reason }) => ({
      ...sarifResult(finding, ruleIndex, anchor),
      suppressions: [{ kind: 'external', status: 'accepted', justification: `${ALLOW_TRAILER}: ${reason}` }],
    })),
  ];
  return sarifDocument(version, result.stage, rules, invocation, results);
}

function sarifResult(finding: ReportedFinding, ruleIndex: Map<string, number>, anchor: ReportInput['anchor']) {
  const commit = finding.commit ? ` (commit ${shortSha(finding.commit)})` : '';
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
    level: finding.severity === 'error' ? 'error' : 'warning',
    message: { text: `${finding.message}${commit}${finding.hint ? ` ${finding.hint}` : ''}` },
    locations: [location(finding, anchor)],
    partialFingerprints: { 'shipguard/v1': fingerprint(finding) },
    properties: { ...(finding.kind ? { kind: finding.kind } : {}), ...(finding.commit ? { commit: finding.commit } : {}) },
  };
}

/** The finding's own file and position, or the file that stands for its commit or change. */
function location(finding: ReportedFinding, anchor: ReportInput['anchor']): object {
  if (finding.file) {
    const region = finding.line ? { region: { startLine: finding.line, ...(finding.column ? { startColumn: finding.column } : {}) } } : {};
    return { physicalLocation: { artifactLocation: { uri: encodeURI(finding.file), uriBaseId: '%SRCROOT%' }, ...region } };
  }
  const { file, why } = anchor?.(finding) ?? { file: 'package.json', why: 'the finding is about the change as a whole' };
  return { physicalLocation: { artifactLocation: { uri: encodeURI(file), uriBaseId: '%SRCROOT%' } }, message: { text: `shown on the ${why}` } };
}

/** A run that could not finish (exit 2): still a valid file, so the upload step reports the error. */
export function formatSarifError(error: string, stage: string, version: string, rules: ReportInput['rules'] = []): string {
  const invocation = { executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', message: { text: error } }] };
  return sarifDocument(version, stage, rules, invocation, []);
}
