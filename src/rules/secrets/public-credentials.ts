// Credentials that vendors publish on purpose: the fixed keys of local emulators and dev servers,
// and the example keys of their documentation. Anyone can read them, so they grant nothing: a
// project that commits them (a CI job against the Azurite emulator, a QStash dev server on
// 127.0.0.1, a README quoting the AWS docs) has leaked nothing. Exact values only: a real key
// that merely looks like one of these is still reported.
// Each entry names where it is published; add an entry only with such a source.

const PUBLISHED: readonly { value: string; source: string }[] = [
  // Local emulators
  {
    value: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
    source: 'Azurite (Azure Storage emulator) README, "Default storage account": the devstoreaccount1 key',
  },
  {
    value: 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==',
    source: 'Azure Cosmos DB emulator docs, "Authenticate requests": the fixed emulator key',
  },
  // Local dev servers
  {
    value: 'eyJVc2VySUQiOiJkZWZhdWx0VXNlciIsIlBhc3N3b3JkIjoiZGVmYXVsdFBhc3N3b3JkIn0=',
    source: 'Upstash QStash CLI dev server (`npx @upstash/qstash-cli dev`), default user token (upstash.com/docs/qstash/howto/local-development)',
  },
  { value: 'sig_7kYjw48mhY7kAjqNGcy6cr29RJ6r', source: 'Upstash QStash CLI dev server: default current signing key' },
  { value: 'sig_5ZB6DVzB1wjE8S6rZ7eenA8Pdnhs', source: 'Upstash QStash CLI dev server: default next signing key' },
  {
    value:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU',
    source: 'Supabase CLI local stack (`supabase start`): demo service_role key (supabase.com/docs/guides/local-development)',
  },
  {
    value:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0',
    source: 'Supabase CLI local stack (`supabase start`): demo anon key',
  },
  { value: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80', source: 'Hardhat / Anvil local node: account #0 of the "test test … junk" mnemonic (`npx hardhat node`, `anvil`)' },
  { value: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d', source: 'Hardhat / Anvil local node: account #1' },
  { value: '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a', source: 'Hardhat / Anvil local node: account #2' },
  // Vendors' documentation
  { value: 'AKIAIOSFODNN7EXAMPLE', source: 'AWS IAM user guide, "Managing access keys": example access key ID' },
  { value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', source: 'AWS IAM user guide: example secret access key' },
  {
    value:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    source: 'jwt.io debugger: the sample token',
  },
  { value: 'gho_16C7e42F292c6912E7710c838347Ae178B4a', source: 'GitHub docs, "Authorizing OAuth apps": example access token' },
  { value: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc', source: 'Stripe API reference: example test-mode secret key' },
  { value: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', source: 'Slack Events API docs, url_verification event (api.slack.com/events/url_verification): example verification token of every sample event payload' },
  { value: 'A3-C4ZJMN-PQTZTL-HGL84-G64M7-KVZRN-4ZVP6', source: '1Password developer docs, "Service account security": the example service account\'s Secret Key' },
];

const VALUES = new Set(PUBLISHED.map((entry) => entry.value));

/** A credential that its vendor publishes (emulator, dev server, documentation example). */
export function isPublicCredential(value: string): boolean {
  return VALUES.has(value.trim());
}

/** The published list, for documentation and tests. */
export function publicCredentials(): readonly { value: string; source: string }[] {
  return PUBLISHED;
}
