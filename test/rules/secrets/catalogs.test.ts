// Translation catalogs label fields: `"password": "Contraseña"` in locales/es.json is UI text, not a
// password (hoppscotch 21448c526d, refused by the real-history replay). Known token formats are
// still found there, and the same text under a password key outside a catalog is still refused.
import { describe, expect, it } from 'vitest';
import { runJson } from '../../helpers/json.js';
import { createRepo } from '../../helpers/repo.js';
// @ts-expect-error plain ES module shared with the secrets corpus
import { checksummed, rng } from '../../fixtures/secrets/tokens.mjs';

const LABELS = '{\n  "login": {\n    "password": "Contraseña",\n    "token": "Token de acceso",\n    "client_secret": "Secreto del cliente"\n  }\n}\n';

describe('secrets in translation catalogs', () => {
  it('takes catalog values for labels; a token format in a catalog and a password outside one are still refused', () => {
    const repo = createRepo({ config: { rules: { secrets: 'error' } } });
    repo.write('packages/app/locales/es.json', LABELS);
    repo.write('src/i18n/fr/common.yaml', 'password: Mot de passe\napi_key: Clé API\n');
    repo.gitOk(['add', '-A']);
    const labels = runJson(repo, ['pre-commit']);
    expect(labels.findings).toEqual([]);
    expect(labels.code).toBe(0);

    // CONTROL: a real token format inside a catalog, and the same label text as a config password.
    const token = checksummed(rng(20261201), ['gh', 'p_'].join(''));
    repo.write('packages/app/locales/de.json', `{ "token": "${token}" }\n`);
    repo.write('config/settings.json', '{ "database": { "password": "Contraseña" } }\n');
    repo.gitOk(['add', '-A']);
    const refused = runJson(repo, ['pre-commit']);
    expect(refused.code).toBe(1);
    expect(refused.findings.map((finding) => `${finding.file}:${finding.line} ${finding.kind}`).sort()).toEqual([
      'config/settings.json:1 password-assignment',
      'packages/app/locales/de.json:1 github-pat',
    ]);
  });
});
