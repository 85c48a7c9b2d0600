// SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`).
import { shortSha } from '../changeset.js';
import { fingerprint, skipNotice, type ReportInput } from './summary.js';

export function formatSarif({ result, version, rules, notices = [], allowSkip }: ReportInput): string {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const notice = skipNotice(result, allowSkip);
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'shipguard',
            version,
            semanticVersion: version,
            informationUri: 'https://www.npmjs.com/package/shipguard',
            rules: rules.map((rule) => ({
              id: rule.id,
              name: rule.id,
              shortDescription: { text: rule.description || rule.id },
              fullDescription: { text: rule.description || rule.id },
              help: { text: `${rule.description}\nRun \`npx shipguard explain ${rule.id}\` or read ${rule.docs}.` },
              properties: { tags: ['shipguard'] },
            })),
          },
        },
        automationDetails: { id: `shipguard/${result.stage}/` },
        invocations: [
          {
            executionSuccessful: result.failures.length === 0,
            toolExecutionNotifications: [
              ...result.failures.map((failure) => ({
                level: 'error',
                message: { text: `rule ${failure.ruleId} failed to run: ${failure.message}` },
                descriptor: { id: failure.ruleId },
              })),
              ...(notice ? [{ level: 'warning', message: { text: notice } }] : []),
              ...notices.map((text) => ({ level: 'warning', message: { text } })),
            ],
          },
        ],
        results: result.findings.map((finding) => {
          const commit = finding.commit && !finding.file ? ` (commit ${shortSha(finding.commit)})` : '';
          return {
            ruleId: finding.ruleId,
            ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
            level: finding.severity === 'error' ? 'error' : 'warning',
            message: { text: `${finding.message}${commit}${finding.hint ? ` ${finding.hint}` : ''}` },
            locations: finding.file
              ? [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: encodeURI(finding.file), uriBaseId: '%SRCROOT%' },
                      ...(finding.line
                        ? { region: { startLine: finding.line, ...(finding.column ? { startColumn: finding.column } : {}) } }
                        : {}),
                    },
                  },
                ]
              : [],
            partialFingerprints: { 'shipguard/v1': fingerprint(finding) },
            properties: { ...(finding.kind ? { kind: finding.kind } : {}), ...(finding.commit ? { commit: finding.commit } : {}) },
          };
        }),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
