// Sample payloads a product offers as a feature are content, not mock data: trigger.dev c0b84595a3
// added hand-authored webhook events per provider (`export const samples: SampleRecord[]`, the
// "send a test event" catalogue, with jordan@example.com in the bodies), refused as record-array and
// placeholder. The same records declared as a domain entity (`sampleProducts: Product[]`, or a type
// `SampleProduct`) are incident 1's mock products and stay refused.
import { describe, expect, it } from 'vitest';
import { located, repoWithRules, runJson } from '../../helpers/fixture-project.js';

const PACKAGE = 'internal-packages/webhook-sources';

function sampleEvent(index: number): string {
  return `  {
    provider: "auth0",
    providerLabel: "Auth0",
    eventType: "s${index}",
    name: "Successful login ${index}",
    description: "A user successfully authenticated against a database connection.",
    body: [{ data: { type: "s", user_id: "auth0|64f1b2e3c9d4a1001234567${index}", user_name: "jordan@example.com", ip: "203.0.113.42" } }],
    provenance: { kind: "handauthored" },
  },`;
}

/** A module of five sample events: `export const <declaration> = [ … ]<after>;`. */
function catalogue(declaration: string, after = ''): string {
  const records = [1, 2, 3, 4, 5].map(sampleEvent).join('\n');
  return `import { type SampleRecord } from "../sampleRecord.js";\n\n/** Auth0 log stream samples. */\nexport const ${declaration} = [\n${records}\n]${after};\n`;
}

function product(index: number): string {
  return `  { id: ${index}, name: "Product ${index}", price: ${index}9.99, stock: ${index}, owner: "jordan@example.com" },`;
}

describe('no-mock-data: sample catalogues of a product feature', () => {
  it('passes records typed as sample payloads (SampleRecord[]); records typed as a domain entity are still refused', () => {
    const repo = repoWithRules({ 'no-mock-data': 'error' });
    repo.write(`${PACKAGE}/package.json`, '{ "name": "@internal/webhook-sources", "private": true, "type": "module" }\n');
    repo.write(`${PACKAGE}/src/sampleRecord.ts`, 'export type SampleRecord = { provider: string; eventType: string; name: string; body: unknown };\n');
    repo.write(`${PACKAGE}/src/handAuthored/auth0.ts`, catalogue('samples: SampleRecord[]'));
    repo.write(`${PACKAGE}/src/handAuthored/clerk.ts`, `${catalogue('samples', ' satisfies ReadonlyArray<WebhookSample>')}type WebhookSample = SampleRecord;\n`);
    repo.gitOk(['add', '-A']);
    const samples = runJson(repo, ['pre-commit']);
    expect(located(samples.findings)).toEqual([]);
    expect(samples.code).toBe(0);

    // CONTROL: incident 1's shape, named or typed as samples of a domain entity.
    const products = [1, 2, 3, 4, 5].map(product).join('\n');
    repo.write(`${PACKAGE}/src/products.ts`, `type Product = { id: number; name: string; price: number };\nexport const sampleProducts: Product[] = [\n${products}\n];\n`);
    repo.write(`${PACKAGE}/src/catalog.ts`, `type SampleProduct = { id: number; price: number };\nexport const catalog: SampleProduct[] = [\n${products}\n];\n`);
    repo.gitOk(['add', '-A']);
    const refused = runJson(repo, ['pre-commit']);
    expect(refused.code).toBe(1);
    const kinds = new Set(refused.findings.map((finding) => `${finding.file} ${finding.kind}`));
    expect([...kinds].sort()).toEqual([
      `${PACKAGE}/src/catalog.ts placeholder`,
      `${PACKAGE}/src/catalog.ts record-array`,
      `${PACKAGE}/src/products.ts mock-name`,
      `${PACKAGE}/src/products.ts placeholder`,
      `${PACKAGE}/src/products.ts record-array`,
    ]);
  });
});
