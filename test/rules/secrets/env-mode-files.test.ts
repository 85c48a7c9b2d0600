// Mode env files of public settings are committed by design: excalidraw 28a9b1711d added a Vite
// `.env.test` holding comments and `VITE_DEBUG_DOM=false` next to its committed .env.development
// (refused as secrets/env-file by the real-history replay). A mode file with a password or a
// connection string with credentials, and `.env` / `.env.local` whatever they hold, are still refused.
import { describe, expect, it } from 'vitest';
import { runJson } from '../../helpers/json.js';
import { createRepo } from '../../helpers/repo.js';
// @ts-expect-error plain ES module shared with the secrets corpus
import { A62, pick, rng } from '../../fixtures/secrets/tokens.mjs';

const TEST_MODE = [
  '# VITE_DEBUG_DOM',
  '#   When "true", testing-library failures include the full serialized DOM.',
  '#',
  'VITE_DEBUG_DOM=false',
  '',
].join('\n');

const DEVELOPMENT_MODE = [
  'MODE="development"',
  'VITE_APP_BACKEND_V2_GET_URL=https://json-dev.example-app.com/api/v2/',
  'VITE_APP_WS_SERVER_URL=http://localhost:3002',
  'VITE_APP_LIBRARY_BACKEND=https://us-central1-app-persistence.cloudfunctions.net/libraries',
  'VITE_APP_DEV_DISABLE_LIVE_RELOAD=',
  'VITE_APP_PORT=3001',
  'FAST_REFRESH=false',
  'NEXT_PUBLIC_APP_NAME="Example App"',
  '',
].join('\n');

const ranges = (run: ReturnType<typeof runJson>) => run.findings.map((finding) => `${finding.file}:${finding.line} ${finding.kind}`).sort();

describe('secrets/env-file on mode env files', () => {
  it('passes mode files of public settings; a mode file with credentials, .env and .env.local are still refused', () => {
    const repo = createRepo({ config: { rules: { secrets: 'error' } } });
    repo.write('README.md', '# app\n');
    const base = repo.commitAll('init');
    repo.write('.env.test', TEST_MODE);
    repo.write('apps/web/.env.development', DEVELOPMENT_MODE);
    const settings = repo.commitAll('test(repo): less noisy test output');
    const passed = runJson(repo, ['ci', '--base', base, '--head', settings]);
    expect(passed.findings).toEqual([]);
    expect(passed.code).toBe(0);

    // CONTROL: credentials in a mode file; machine files refused by name even with harmless values.
    const password = pick(rng(20261201), A62, 20);
    repo.write('.env.production', `VITE_APP_PORT=3001\nDB_PASSWORD_HINT=\nDB_PASSWORD=${password}\n`);
    repo.write('.env.staging', `API_BASE=https://api.example-app.com\nDATABASE_URL=postgres://app:${password}@db.internal:5432/app\n`);
    repo.write('.env.local', 'VITE_DEBUG_DOM=true\n');
    repo.write('.env', 'PORT=3000\n');
    const refusedCommit = repo.commitAll('add env files');
    const refused = runJson(repo, ['ci', '--base', settings, '--head', refusedCommit]);
    expect(refused.code).toBe(1);
    expect(ranges(refused).filter((row) => row.endsWith(' env-file'))).toEqual([
      '.env.local:1 env-file',
      '.env.production:1 env-file',
      '.env.staging:1 env-file',
      '.env:1 env-file',
    ]);
  });
});
