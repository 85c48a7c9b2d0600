// What a path says about its content: env files and their templates, key stores, compose files,
// scripts that deploy, test code. Decided once per file from the path alone.
import path from 'node:path';

export interface FileInfo {
  path: string;
  base: string;
  /** Values may be written without quotes (`KEY=value`, `key: value`). */
  configLike: boolean;
  /** `.env`, `.env.local`, `.env.production` … (not a template). */
  env: boolean;
  /** `.env.example`, `.env.sample`, `.env.template` …: values must be empty or placeholders. */
  envTemplate: boolean;
  compose: boolean;
  yaml: boolean;
  /** Shell scripts, Makefiles, CI configs, package.json: where `ssh root@host` deploys live. */
  deployScript: boolean;
  /** Test code and fixtures: fake passwords are normal there. */
  test: boolean;
  /** A translation catalog (`locales/es.json`): the value under its password key is a label (Contraseña). */
  catalog: boolean;
}

const CONFIG_EXTENSIONS = new Set([
  '.env', '.yaml', '.yml', '.ini', '.cfg', '.conf', '.properties', '.toml', '.tfvars', '.hcl', '.tf', '.sh', '.bash', '.zsh',
  '.ps1', '.npmrc', '.pypirc', '.netrc', '.pgpass', '.xml', '.config', '.txt', '.envrc', '.service', '.mk',
]);
const CONFIG_NAMES = /^(?:credentials|config|dockerfile|containerfile|makefile|procfile|jenkinsfile|vagrantfile|\.npmrc|\.yarnrc|\.pypirc|\.netrc|_netrc|\.pgpass|\.envrc|\.git-credentials|\.env(?:\..+)?|.+\.env)$/i;
const TEMPLATE_SUFFIX = /\.(?:example|sample|template|tmpl|tpl|dist|defaults?|schema|skel|stub|editme)$/i;
const SCRIPT = /\.(?:sh|bash|zsh|ps1|mk|ya?ml)$|^(?:makefile|jenkinsfile|procfile|dockerfile|package\.json|justfile|taskfile)$|deploy/i; // on a base name
const CATALOG_DIR = /(?:^|\/)(?:locales?|i18n|l10n|lang|langs|languages|translations?|intl)\//i;
const CATALOG_EXTENSION = /\.(?:json|ya?ml|po|properties|arb|xlf|xliff)$/i;
const TEST_PATH = /(?:^|\/)(?:__tests__|__mocks__|__fixtures__|tests?|specs?|e2e|cypress|playwright|fixtures?|mocks?|stories|testdata|test-data|examples?)\/|(?:^|\/)examples?[-_.][^/]*$|\.(?:test|spec|stories|e2e|cy)\.[cm]?[jt]sx?$|_test\.(?:go|py)$|(?:^|\/)test_[^/]+\.py$|(?:^|\/)conftest\.py$/i;

export function describeFile(filePath: string): FileInfo {
  const base = path.posix.basename(filePath);
  const lower = base.toLowerCase();
  const ext = path.posix.extname(lower);
  const envLike = lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env');
  const envTemplate = envLike && TEMPLATE_SUFFIX.test(lower);
  // The regexes below run only when a detector asks (most files have no candidate): compiling them
  // on the first file cost a hook run ~2 ms.
  return {
    path: filePath,
    base,
    get configLike() {
      return cached(this, 'configLike', CONFIG_EXTENSIONS.has(ext) || CONFIG_NAMES.test(lower));
    },
    env: envLike && !envTemplate && lower !== '.envrc',
    envTemplate,
    get compose() {
      return cached(this, 'compose', /^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/.test(lower));
    },
    yaml: ext === '.yaml' || ext === '.yml',
    get deployScript() {
      return cached(this, 'deployScript', SCRIPT.test(lower) || /(?:^|\/)(?:\.github\/workflows|\.gitlab-ci|\.circleci|scripts?|deploy|bin|ops|infra)(?:\/|\.ya?ml$)/i.test(filePath));
    },
    get test() {
      return cached(this, 'test', TEST_PATH.test(filePath));
    },
    get catalog() {
      return cached(this, 'catalog', CATALOG_DIR.test(filePath) && CATALOG_EXTENSION.test(filePath));
    },
  };
}

/** Replaces a getter of `info` by the value it computed. */
function cached<K extends keyof FileInfo>(info: FileInfo, key: K, value: FileInfo[K]): FileInfo[K] {
  Object.defineProperty(info, key, { value, enumerable: true });
  return value;
}

export interface SensitiveFile {
  kind: string;
  message: string;
  hint: string;
}

/**
 * Files that should never be committed, judged by name: the finding is raised when the file is
 * added (or renamed into that name). Their content is scanned as well.
 */
export function sensitiveFile(info: FileInfo, binary: boolean): SensitiveFile | undefined {
  const lower = info.base.toLowerCase();
  if (info.env) {
    return {
      kind: 'env-file',
      message: `Committing environment file ${info.base}: env files hold the real credentials of a machine.`,
      hint: `Unstage it (\`git rm --cached ${info.path}\`), add it to .gitignore, and commit a ${info.base.replace(/\.env[^]*/, '')}.env.example with empty values instead; rotate any credential it held if it was ever pushed.`,
    };
  }
  if (/^id_(?:rsa|dsa|ecdsa|ed25519)(?:_[\w-]+)?$/.test(lower)) {
    return keyFile('ssh-private-key-file', `SSH private key file ${info.base}`, info);
  }
  if (/\.(?:p12|pfx|jks|keystore|bks)$/.test(lower) || (binary && /\.(?:key|pem|p8)$/.test(lower))) {
    return keyFile('keystore-file', `Key store ${info.base} (private keys inside)`, info);
  }
  if (/\.tfstate(?:\.backup)?$/.test(lower)) {
    return {
      kind: 'terraform-state-file',
      message: `Committing Terraform state ${info.base}: state files hold every resource's secrets in plain text.`,
      hint: `Unstage it (\`git rm --cached ${info.path}\`), ignore *.tfstate*, and keep state in a remote backend (S3, GCS, Terraform Cloud).`,
    };
  }
  if (lower === '.git-credentials' || lower === '.htpasswd' || lower === '.pgpass' || lower === '.netrc' || lower === '_netrc') {
    return keyFile('credentials-file', `Credentials file ${info.base}`, info);
  }
  return undefined;
}

function keyFile(kind: string, what: string, info: FileInfo): SensitiveFile {
  return {
    kind,
    message: `Committing ${what}.`,
    hint: `Unstage it (\`git rm --cached ${info.path}\`) and add it to .gitignore; deliver keys through your secret store or CI secrets. If it was ever pushed, revoke the key and issue a new one.`,
  };
}
