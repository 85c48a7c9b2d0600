// The secrets rule through the real husky hooks: `git commit`, `git push` to a bare remote, rebase.
// Every secret is assembled here at run time (this repository holds none).
import { describe, expect, it } from 'vitest';
import { createRepo, type TestRepo } from '../../helpers/repo.js';
// @ts-expect-error plain ES module shared with the benchmarks
import { FORMATS, checksummed, rng } from '../../fixtures/secrets/tokens.mjs';

// A new seed each run widens coverage; it is printed so a failure can be replayed with SECRETS_SEED.
const seed = Number(process.env.SECRETS_SEED ?? Date.now() >>> 0);
console.log(`secrets hook tests: SECRETS_SEED=${seed}`);
const random = rng(seed);
const token = (): string => checksummed(random, ['gh', 'p_'].join(''));
const make = (format: string): string => FORMATS[format].make(random);

function findings(repo: TestRepo, args = ['pre-commit']) {
  const run = repo.shipguard([...args, '--format', 'json']);
  return { code: run.code, findings: JSON.parse(run.stdout).findings as { kind: string; file: string; line: number; message: string }[], run };
}

describe('secrets at pre-commit', () => {
  it('shows at most 6 characters and the length of a long secret, in every format', () => {
    const repo = createRepo();
    const secret = make('jwt');
    expect(secret.length).toBeGreaterThan(150);
    repo.write('src/supabase.ts', `export const serviceKey = '${secret}';\n`);
    repo.gitOk(['add', '-A']);
    const shown = `${secret.slice(0, 6)}…(${secret.length} chars)`;
    for (const format of ['pretty', 'json', 'sarif', 'github']) {
      const run = repo.shipguard(['pre-commit', '--format', format]);
      expect(run.code, format).toBe(1);
      expect(run.output, format).toContain(shown);
      expect(run.output, format).not.toContain(secret.slice(0, 7));
    }
  });

  it('refuses `git commit -am` with a token added to a tracked file, naming file, line and kind', () => {
    const repo = createRepo();
    repo.write('src/github.ts', "export const owner = 'acme';\n");
    repo.commitAll('github client');
    const secret = token();
    repo.write('src/github.ts', `export const owner = 'acme';\nexport const githubToken = '${secret}';\n`);
    const before = repo.snapshot();
    const commit = repo.git(['commit', '-am', 'hard-code the token']);
    expect(commit.code).toBe(1);
    expect(commit.output).toMatch(/src\/github\.ts\n\s+2:\d+\s+error\s+GitHub personal access token \(classic\) in clear: ghp_\w{1,6}…\(40 chars\)/);
    expect(commit.output).toContain('secrets/github-pat');
    expect(commit.output).not.toContain(secret);
    expect(repo.git(['rev-list', '--count', 'HEAD']).stdout.trim()).toBe('2'); // the commit did not happen
    expect(repo.snapshot()).toBe(before);
  });

  it('refuses a committed .env with a connection string, and lets a template with placeholders through', () => {
    const repo = createRepo();
    const password = make('password-assignment');
    repo.write('.env', `DATABASE_URL=postgresql://poker:${password}@db.internal:5432/poker\nPORT=3000\n`);
    repo.gitOk(['add', '.env']);
    const refused = findings(repo);
    expect(refused.code).toBe(1);
    expect(refused.findings.map((f) => `${f.kind}@${f.line}`).sort()).toEqual(['env-file@1', 'postgres-url@1']);
    expect(refused.run.stdout).not.toContain(password);

    repo.gitOk(['rm', '-q', '--cached', '.env']);
    repo.write('.env.example', 'DATABASE_URL=postgresql://user:password@localhost:5432/poker\nJWT_SECRET=\nSTRIPE_SECRET_KEY=<your-key>\n');
    repo.gitOk(['add', '.env.example']);
    expect(repo.git(['commit', '-m', 'env template']).code).toBe(0);
  });

  it('refuses a compose password and a root SSH deploy target, and accepts their safe forms', () => {
    const repo = createRepo();
    repo.write('docker-compose.yml', `services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${make('password-assignment')}\n`);
    repo.write('scripts/deploy.sh', '#!/bin/sh\nssh root@203.0.113.40 "cd /srv/webshop && git pull && pm2 restart all"\n');
    repo.gitOk(['add', '-A']);
    const refused = findings(repo);
    expect(refused.code).toBe(1);
    expect(refused.findings.map((f) => `${f.file}:${f.line} ${f.kind}`).sort()).toEqual([
      'docker-compose.yml:4 compose-password',
      'scripts/deploy.sh:2 ssh-root-target',
    ]);
    repo.write('docker-compose.yml', 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n');
    repo.write('scripts/deploy.sh', '#!/bin/sh\nssh "$DEPLOY_USER@$DEPLOY_HOST" "cd /srv/webshop && git pull"\n');
    repo.gitOk(['add', '-A']);
    expect(repo.git(['commit', '-m', 'deploy through CI variables']).code).toBe(0);
  });

  it('honours an inline ignore on its own line only: a new secret on the next line is still refused', () => {
    const repo = createRepo();
    const fixture = make('stripe-secret-key');
    repo.write('test/payments.test.ts', `const key = '${fixture}'; // shipguard-ignore secrets -- revoked key kept for the replay test\n`);
    repo.gitOk(['add', '-A']);
    const allowed = repo.git(['commit', '-m', 'replay test']);
    expect(allowed.code).toBe(0);
    expect(allowed.output).toContain('1 suppressed inline');

    const neighbour = make('openai-api-key');
    repo.write('test/payments.test.ts', `const key = '${fixture}'; // shipguard-ignore secrets -- revoked key kept for the replay test\nconst ai = '${neighbour}';\n`);
    repo.gitOk(['add', '-A']);
    const refused = findings(repo);
    expect(refused.code).toBe(1);
    expect(refused.findings.map((f) => `${f.line} ${f.kind}`)).toEqual(['2 openai-api-key']);
  });

  it('scans a file over maxFileSize (kept for old configs, no longer a skip); an allowPaths glob and a disabled kind are honoured', () => {
    const repo = createRepo({ config: { rules: { secrets: ['error', { maxFileSize: 2000, allowPaths: ['fixtures/**'], disable: ['ssh-root-target'] }] } } });
    repo.write('data/big.txt', `${'x '.repeat(3000)}${token()}\n`);
    repo.write('fixtures/keys.ts', `export const key = '${token()}';\n`);
    repo.write('deploy.sh', 'ssh root@203.0.113.9 uptime\n');
    repo.gitOk(['add', '-A']);
    const result = findings(repo);
    expect(result.code).toBe(1);
    expect(result.findings.map((f) => `${f.file} ${f.kind}`)).toEqual(['data/big.txt github-pat']);
  });

  it('refuses a Kubernetes Secret with data values but not one that only names its keys', () => {
    const repo = createRepo();
    const value = Buffer.from(make('password-assignment')).toString('base64');
    repo.write('k8s/secret.yaml', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: ${value}\n  username: cG9rZXI=\n`);
    repo.write('k8s/deploy.yaml', 'kind: Deployment\nspec:\n  env:\n    - name: DB_PASSWORD\n      valueFrom: { secretKeyRef: { name: db, key: password } }\n');
    repo.gitOk(['add', '-A']);
    const result = findings(repo);
    expect(result.findings.map((f) => `${f.file}:${f.line} ${f.kind}`)).toEqual(['k8s/secret.yaml:6 kubernetes-secret']);
  });

  it('loads the YAML parser only for a changed file that declares a Kubernetes Secret', () => {
    const repo = createRepo();
    repo.write('config/app.yaml', 'server:\n  port: 8080\n');
    repo.gitOk(['add', '-A']);
    const plain = repo.shipguard(['pre-commit'], { env: { SHIPGUARD_DEBUG: '1' } });
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain('shipguard debug: rule secrets: 0 findings');
    expect(plain.stderr).not.toMatch(/loaded yaml in \d+ ms/);
    repo.write('k8s/secret.yaml', 'kind: Secret\nstringData:\n  api-key: ""\n');
    repo.gitOk(['add', '-A']);
    const manifest = repo.shipguard(['pre-commit'], { env: { SHIPGUARD_DEBUG: '1' } });
    expect(manifest.code).toBe(0);
    expect(manifest.stderr).toMatch(/shipguard debug: loaded yaml in \d+ ms/);
  });

  it('rejects bad options with one line naming the file and key, exit 2', () => {
    const repo = createRepo({ config: { rules: { secrets: ['error', { disable: ['github-pats'] }] } } });
    const run = repo.shipguard(['pre-commit']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('config error in .shipguardrc.json: rules.secrets.disable[0] must be a finding kind');

    repo.write('.shipguardrc.json', JSON.stringify({ rules: { secrets: ['error', { allowPatterns: ['(unclosed'] }] } }));
    const regex = repo.shipguard(['pre-commit']);
    expect(regex.code).toBe(2);
    expect(regex.stderr).toContain('rules.secrets.allowPatterns[0] must be a valid regular expression');
  });
});

describe('secrets at pre-push', () => {
  it('refuses a push where commit 1 adds a token and commit 2 deletes it: it is in history', () => {
    const repo = createRepo();
    repo.addBareRemote();
    repo.gitOk(['push', '-q', '--no-verify', '-u', 'origin', 'feature']);
    repo.write('src/npm.ts', `export const npmToken = '${make('npm-token')}';\n`);
    const added = repo.commitAll('publish helper');
    repo.write('src/npm.ts', 'export const npmToken = process.env.NPM_TOKEN;\n');
    repo.commitAll('read the token from the environment');
    const push = repo.git(['push', 'origin', 'feature']);
    expect(push.code).not.toBe(0);
    expect(push.output).toMatch(/src\/npm\.ts\n\s+1:\d+\s+error\s+npm access token in clear/);
    expect(push.output).toContain('shipguard pre-push refused the push');
    const json = repo.shipguard(['pre-push', 'origin', 'origin', '--format', 'json'], {
      input: `refs/heads/feature ${repo.gitOk(['rev-parse', 'HEAD'])} refs/heads/feature ${repo.gitOk(['rev-parse', 'origin/feature'])}\n`,
    });
    expect(JSON.parse(json.stdout).findings.map((f: { commit: string }) => f.commit)).toEqual([added]);
  });

  it('accepts a baselined finding, and keeps accepting it after a rebase moves its line', () => {
    const repo = createRepo();
    repo.addBareRemote();
    repo.write('src/notify.ts', "// notifier\nexport const channel = '#ops';\n");
    repo.commitAll('notifier');
    repo.gitOk(['push', '-q', '--no-verify', '-u', 'origin', 'feature']);
    // Upstream will add lines at the top of the same file.
    repo.gitOk(['switch', '-q', '-c', 'upstream']);
    repo.write('src/notify.ts', "// notifier\n// posts to the ops channel\n// owned by the platform team\nexport const channel = '#ops';\n");
    repo.commitAll('document the notifier');
    repo.gitOk(['push', '-q', '--no-verify', 'origin', 'upstream']);
    repo.gitOk(['switch', '-q', 'feature']);

    const legacy = make('slack-webhook');
    repo.write('src/notify.ts', `${repo.read('src/notify.ts')}export const webhook = '${legacy}';\n`);
    repo.commitAll('legacy webhook');
    const baseline = repo.shipguard(['baseline']);
    expect(baseline.code).toBe(0);
    expect(baseline.stdout).toContain('wrote .shipguard-baseline.json with 1 entry (1 new, 0 kept, 0 stale removed)');
    const file = repo.read('.shipguard-baseline.json');
    expect(file).not.toContain(legacy);
    expect(file).not.toContain(legacy.slice(-24));
    repo.commitAll('accept the legacy webhook');
    const first = repo.git(['push', 'origin', 'feature']);
    expect(first.output).toContain('1 accepted by the baseline');
    expect(first.code).toBe(0);

    // After the rebase the webhook is added on line 5 instead of 3, by a rewritten commit.
    repo.gitOk(['rebase', '-q', 'upstream']);
    expect(repo.read('src/notify.ts').split('\n')[4]).toContain('webhook');
    const push = repo.git(['push', '--force', 'origin', 'feature']);
    expect(push.output).toContain('1 accepted by the baseline');
    expect(push.code).toBe(0);

    // A new secret in the same file is not covered by the baseline.
    repo.write('src/notify.ts', `${repo.read('src/notify.ts')}export const other = '${make('slack-webhook')}';\n`);
    repo.gitOk(['add', '-A']);
    const fresh = findings(repo);
    expect(fresh.code).toBe(1);
    expect(fresh.findings.map((f) => `${f.line} ${f.kind}`)).toEqual(['6 slack-webhook']);
  });

  it('reports stale baseline entries in a whole-tree scan once the secret is gone', () => {
    const repo = createRepo();
    repo.write('config.py', `SENDGRID_API_KEY = "${make('sendgrid-api-key')}"\n`);
    repo.commitAll('mail');
    expect(repo.shipguard(['baseline']).code).toBe(0);
    repo.write('config.py', 'SENDGRID_API_KEY = os.environ["SENDGRID_API_KEY"]\n');
    repo.commitAll('mail from env');
    const scan = repo.shipguard(['scan']);
    expect(scan.code).toBe(0);
    expect(scan.stdout).toContain('1 baseline entry no longer matches anything (config.py): run `shipguard baseline` to prune it.');
    expect(JSON.parse(repo.shipguard(['scan', '--format', 'json']).stdout).summary).toMatchObject({ errors: 0, baselined: 0, staleBaseline: 1 });
    const history = repo.shipguard(['scan', '--history', '--format', 'json']);
    expect(history.code).toBe(0); // the old commit's key is still the accepted one
    expect(JSON.parse(history.stdout).summary.baselined).toBe(1);
  });

  it('scans history and pushes across merge commits, finding a secret after the merge', () => {
    const repo = createRepo();
    repo.addBareRemote();
    repo.gitOk(['push', '-q', '--no-verify', '-u', 'origin', 'feature']);
    repo.gitOk(['switch', '-q', '-c', 'topic']);
    repo.write('topic.txt', 'topic\n');
    repo.commitAll('topic work');
    repo.gitOk(['switch', '-q', 'feature']);
    repo.write('main.txt', 'main\n');
    repo.commitAll('main work');
    repo.gitOk(['merge', '-q', '--no-ff', '--no-verify', '-m', 'merge topic', 'topic']);
    repo.write('src/mail.ts', `export const key = '${make('sendgrid-api-key')}';\n`);
    repo.commitAll('mail after the merge');
    const history = repo.shipguard(['scan', '--history', '--format', 'json']);
    expect(history.stderr).toBe('');
    expect(JSON.parse(history.stdout).findings.map((f: { file: string; kind: string }) => `${f.file} ${f.kind}`)).toEqual(['src/mail.ts sendgrid-api-key']);
    const push = repo.git(['push', 'origin', 'feature']);
    expect(push.code).not.toBe(0);
    expect(push.output).toContain('SendGrid API key in clear');
  });

  it('rejects a malformed baseline with one line naming the file and key, exit 2', () => {
    const repo = createRepo();
    repo.write('.shipguard-baseline.json', JSON.stringify({ version: 1, salt: 'x'.repeat(32), entries: [{ fingerprint: 'nope', rule: 'secrets' }] }));
    repo.gitOk(['add', '-A']);
    const run = repo.shipguard(['pre-commit']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'shipguard: config error in .shipguard-baseline.json: entries[0].fingerprint must be 32 hex characters (got "nope")',
    );
  });
});

describe('redaction', () => {
  it('never prints a full secret: every format, debug logs, scan, baseline', () => {
    const repo = createRepo();
    const secrets = [token(), make('aws-secret-access-key'), make('postgres-url'), make('password-assignment'), make('jwt')];
    repo.write(
      'src/leak.ts',
      [
        `export const gh = '${secrets[0]}';`,
        `export const awsSecretAccessKey = '${secrets[1]}';`,
        `export const db = '${secrets[2]}';`,
        `export const adminPassword = '${secrets[3]}';`,
        `export const serviceRoleKey = '${secrets[4]}';`,
      ].join('\n'),
    );
    repo.gitOk(['add', '-A']);
    const outputs: string[] = [];
    for (const format of ['pretty', 'json', 'sarif', 'github']) {
      const run = repo.shipguard(['pre-commit', '--format', format], { env: { SHIPGUARD_DEBUG: '1' } });
      expect(run.code).toBe(1);
      if (format === 'json') expect(JSON.parse(run.stdout).findings).toHaveLength(5);
      outputs.push(run.output);
    }
    repo.commitAll('leak');
    outputs.push(repo.shipguard(['scan', '--format', 'json']).output, repo.shipguard(['scan', '--history']).output);
    outputs.push(repo.shipguard(['baseline']).output, repo.read('.shipguard-baseline.json'));
    const passwordOfUrl = secrets[2]!.split(':')[2]!.split('@')[0]!;
    for (const output of outputs) {
      for (const secret of [...secrets, passwordOfUrl]) expect(output).not.toContain(secret);
    }
  });
});
