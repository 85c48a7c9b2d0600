// Vendor sample webhook payloads are full of fields named token or *_key that hold no credential
// (trigger.dev c0b84595a3, refused 23 times): Slack's documented example verification token, an
// incident key made of words (`prod-api-5xx-spike`), and tokens that the same payload also gives as
// an id (a Typeform response's `token` = its `response_id`, a Shopify cart's `token` = its `id`). A
// random token, a different Slack-shaped token, and a value filed as a session id stay refused.
import { describe, expect, it } from 'vitest';
import { runJson } from '../../helpers/json.js';
import { createRepo } from '../../helpers/repo.js';
// @ts-expect-error plain ES module shared with the secrets corpus
import { A62, HEX, pick, rng } from '../../fixtures/secrets/tokens.mjs';

const SOURCES = 'internal-packages/webhook-sources/src';
const SLACK_DOCS_TOKEN = ['Jhj5dZrVaK7Z', 'wHHjRyZWjbDl'].join(''); // api.slack.com/events/url_verification

function slack(token: string): string {
  return `export const samples: SampleRecord[] = [\n  {\n    provider: "slack",\n    eventType: "app_mention",\n    body: {\n      token: "${token}",\n      team_id: "T0001",\n    },\n  },\n];\n`;
}

function typeform(token: string, responseId: string): string {
  return `export const samples = [\n  {\n    provider: "typeform",\n    body: {\n      form_response: {\n        token: "${token}",\n        response_id: "${responseId}",\n      },\n    },\n  },\n];\n`;
}

const rows = (run: ReturnType<typeof runJson>) => run.findings.map((finding) => `${finding.file}:${finding.line} ${finding.kind}`).sort();

describe('secrets in vendor sample payloads', () => {
  it('passes documented example tokens, word-made keys and tokens the payload also gives as an id; random tokens are still refused', () => {
    const repo = createRepo({ config: { rules: { secrets: 'error' } } });
    const base = repo.gitOk(['rev-parse', 'HEAD']);
    const r = rng(20261202);
    const [response, cart] = [pick(r, HEX, 32), pick(r, HEX, 32)];
    repo.write(`${SOURCES}/handAuthored/slack.ts`, slack(SLACK_DOCS_TOKEN));
    repo.write(`${SOURCES}/handAuthored/pagerduty.ts`, 'export const samples = [{ body: { event: { data: { incident_key: "prod-api-5xx-spike" } } } }];\n');
    repo.write(`${SOURCES}/handAuthored/typeform.ts`, typeform(response, response));
    repo.write(`${SOURCES}/generated/hookdeck-samples.json`, `[\n  { "provider": "shopify", "body": { "id": "${cart}", "token": "${cart}" } },\n  { "provider": "shopify", "body": { "cart_token": "${cart}" } }\n]\n`);
    const samples = repo.commitAll('webhook sources: sample catalogue');
    const passed = runJson(repo, ['ci', '--base', base, '--head', samples]);
    expect(rows(passed)).toEqual([]);
    expect(passed.code).toBe(0);

    // CONTROL: a random token, a Slack-shaped token that is not the documented one, a token filed as a session id.
    const session = pick(r, HEX, 32);
    repo.write(`${SOURCES}/handAuthored/slack.ts`, slack(pick(r, A62, 24)));
    repo.write(`${SOURCES}/handAuthored/typeform.ts`, typeform(pick(r, HEX, 32), response));
    repo.write(`${SOURCES}/handAuthored/sessions.ts`, `export const payload = { session_id: "${session}", token: "${session}" };\n`);
    repo.write(`${SOURCES}/handAuthored/pagerduty.ts`, `export const samples = [{ body: { event: { data: { incident_key: "${pick(r, A62, 24)}" } } } }];\n`);
    const real = repo.commitAll('real tokens');
    const refused = runJson(repo, ['ci', '--base', samples, '--head', real]);
    expect(rows(refused)).toEqual([
      `${SOURCES}/handAuthored/pagerduty.ts:1 secret-assignment`,
      `${SOURCES}/handAuthored/sessions.ts:1 secret-assignment`,
      `${SOURCES}/handAuthored/slack.ts:6 secret-assignment`,
      `${SOURCES}/handAuthored/typeform.ts:6 secret-assignment`,
    ]);
    expect(refused.code).toBe(1);
  });
});
