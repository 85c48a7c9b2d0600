// Turning a detection into a finding: what was found, a redacted preview (never the secret), and
// what to do next. Redaction happens here so no reporter, log or error can print the secret.
import type { Finding } from '../../types.js';
import type { FileInfo } from './files.js';
import type { Candidate } from './scanner.js';
import { Scanner } from './scanner.js';

interface KindInfo {
  id: string;
  title: string;
  rotate?: string;
}

/** Kinds found by file name or whole-file structure rather than by a line detector. */
export const FILE_KINDS: KindInfo[] = [
  { id: 'env-file', title: 'Committed environment file (.env, .env.local; a mode file such as .env.production when a value could be a credential)' },
  { id: 'ssh-private-key-file', title: 'SSH private key file (id_rsa, id_ed25519 …)' },
  { id: 'keystore-file', title: 'Key store file (*.p12, *.pfx, *.jks, *.keystore, binary *.key)' },
  { id: 'terraform-state-file', title: 'Terraform state file (*.tfstate)' },
  { id: 'credentials-file', title: 'Credentials file (.git-credentials, .netrc, .pgpass, .htpasswd)' },
  { id: 'kubernetes-secret', title: 'Kubernetes Secret manifest with a value in data/stringData' },
  { id: 'skipped-large-file', title: 'Text file over 256 MB, not read as lines (warning)' },
];

/** Every kind the rule can report, line detectors first. */
export function allKinds(): KindInfo[] {
  return [...Scanner.allKinds(), ...FILE_KINDS];
}

let kinds: Map<string, KindInfo> | undefined;

export function describeKind(id: string): KindInfo {
  kinds ??= new Map(allKinds().map((kind) => [kind.id, kind]));
  return kinds.get(id) ?? { id, title: id };
}

/** A few leading characters and the length: enough to recognise, useless to an attacker. */
export function redact(secret: string): string {
  const visible = Math.min(6, Math.max(1, Math.floor(secret.length / 6)));
  return `${secret.slice(0, visible)}…(${secret.length} chars)`;
}

const SUPPRESS = 'If it is a test value, end the line with `shipguard-ignore secrets -- <why>`.';

export function findingFor(candidate: Candidate, file: FileInfo, kind: KindInfo): Omit<Finding, 'file' | 'line' | 'column'> {
  const preview = redact(candidate.secret);
  const base = { kind: candidate.kind, severity: candidate.severity };
  switch (candidate.kind) {
    case 'ssh-root-target':
      return {
        ...base,
        message: `Deploy step logs in as ${candidate.detail} on a hard-coded host (${preview}).`,
        hint: 'Deploy as an unprivileged user, and take the host from a CI secret or variable (`ssh "$DEPLOY_USER@$DEPLOY_HOST"`). Allowed users are set with secrets.sshUsers.',
      };
    case 'ssh-public-ip':
      return {
        ...base,
        message: `Deploy step targets a hard-coded public IP (${preview}).`,
        hint: 'Take the host from a CI secret or variable (`$DEPLOY_HOST`), so the address is not published with the code. Turn this warning off with secrets.disable: ["ssh-public-ip"].',
      };
    case 'compose-password':
      return {
        ...base,
        message: `Password for ${candidate.detail} written into ${file.base}: ${preview}.`,
        hint: `Use interpolation (\`${candidate.detail}: \${${String(candidate.detail).toUpperCase()}}\`) with the value in an untracked .env, or Docker secrets; rotate the password if it was ever pushed.`,
      };
    case 'env-template-value':
      return {
        ...base,
        message: `${file.base} is a template but ${candidate.detail} has a real-looking value: ${preview}.`,
        hint: `Leave the value empty or write a placeholder (\`${candidate.detail}=\` or \`${candidate.detail}=<your-value>\`); real values go in your untracked .env.`,
      };
    case 'kubernetes-secret':
      return {
        ...base,
        message: `Kubernetes Secret value for ${candidate.detail} committed in clear (base64 is not encryption): ${preview}.`,
        hint: 'Commit a SealedSecret, an ExternalSecret or a SOPS-encrypted file instead, and create the Secret in the cluster; rotate the value if it was ever pushed.',
      };
    case 'password-assignment':
    case 'secret-assignment':
      return {
        ...base,
        message: `${candidate.detail} is set to a literal ${candidate.kind === 'password-assignment' ? 'password' : 'secret'}: ${preview}.`,
        hint: `Read it from the environment or a secret store (\`process.env.${envName(String(candidate.detail))}\`) and rotate it if it was ever pushed. ${SUPPRESS}`,
      };
    default: {
      const where = candidate.detail && /url|mssql/.test(candidate.kind) ? ` (${candidate.detail})` : '';
      const rotate = kind.rotate ? ` Rotate it: ${kind.rotate}.` : ' Revoke or rotate it with its provider first: it is compromised once pushed.';
      return {
        ...base,
        message: `${kind.title}${where} in clear: ${preview}.`,
        hint: `Remove it from the file and load it from the environment or a secret store.${rotate} ${SUPPRESS}`,
      };
    }
  }
}

function envName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}
