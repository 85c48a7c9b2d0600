// Provider token formats, written from each provider's documented shape: prefix, alphabet, length,
// and a checksum where the format has one. Every pattern starts at a literal prefix (the keyword the
// prefilter looks for), uses bounded repeats, and no nested quantifiers: linear time on any input.
import { base62, charClasses, entropy } from './values.js';

export interface ProviderFormat {
  /** Finding kind, e.g. `github-pat`. */
  id: string;
  title: string;
  /** Literal substrings that must occur for the pattern to match (prefilter). */
  keywords: string[];
  /** Global regex; group 1 (or the whole match) is the secret. */
  pattern: RegExp;
  /** Extra check on the matched secret (checksum, structure). */
  validate?(secret: string): boolean;
  /** Where to rotate it, for the hint. */
  rotate?: string;
}

// Token characters on either side: a token glued to other token characters is not this token.
const B = '(?<![A-Za-z0-9_-])';
const E = '(?![A-Za-z0-9_-])';

function re(source: string): RegExp {
  return new RegExp(`${B}(${source})${E}`, 'g');
}

/** GitHub and npm: 30 random base62 characters, then CRC32 of them in 6 base62 characters. */
export function validBase62Checksum(token: string): boolean {
  const body = token.slice(token.indexOf('_') + 1);
  if (body.length !== 36) return true; // longer variants carry no documented checksum
  const random = body.slice(0, 30);
  return base62(crc32(random), 6) === body.slice(30);
}

/** node:zlib only when a token needs its checksum: importing it costs every run ~1-2 ms of Node's own module loading. */
function crc32(text: string): number {
  return process.getBuiltinModule('node:zlib').crc32(text);
}

/** Random-looking: rules out `sk_live_aaaaaaaa…` style fillers that fit the alphabet. */
function varied(secret: string, from = 0): boolean {
  const body = secret.slice(from);
  return entropy(body) >= 3 && (charClasses(body) >= 2 || body.length >= 20);
}

const b64json = (secret: string, from: number) => {
  try {
    return typeof JSON.parse(Buffer.from(secret.slice(from), 'base64url').toString('utf8')) === 'object';
  } catch {
    return false;
  }
};

export const PROVIDERS: ProviderFormat[] = [
  // Cloud
  { id: 'aws-access-key-id', title: 'AWS access key ID', keywords: ['AKIA', 'ASIA', 'ABIA', 'ACCA'], pattern: re('(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}'), validate: (s) => !s.endsWith('EXAMPLE') && entropy(s.slice(4)) >= 2.5, rotate: 'AWS IAM console → Security credentials → deactivate and delete the key, create a new one' },
  // STS session tokens are base64 of a binary blob that starts with "…origin_ec" (older ones "…er/aws").
  { id: 'aws-session-token', title: 'AWS session token (temporary credentials)', keywords: ['IQoJb3JpZ2luX2Vj', 'FwoGZXIvYXdzE'], pattern: /(?<![A-Za-z0-9/+])((?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE)[A-Za-z0-9/+]{100,3000}={0,2})(?![A-Za-z0-9/+=])/g, validate: (s) => varied(s, 16), rotate: 'AWS IAM → revoke active sessions of the role (or wait for expiry) and rotate the key that issued it' },
  { id: 'gcp-api-key', title: 'Google Cloud API key', keywords: ['AIza'], pattern: re('AIza[0-9A-Za-z_-]{35}'), validate: (s) => varied(s, 4), rotate: 'Google Cloud console → APIs & Services → Credentials → regenerate the key, and restrict it' },
  { id: 'gcp-oauth-client-secret', title: 'Google OAuth client secret', keywords: ['GOCSPX-'], pattern: re('GOCSPX-[A-Za-z0-9_-]{28}'), validate: (s) => varied(s, 7) },
  { id: 'google-oauth-access-token', title: 'Google OAuth access token', keywords: ['ya29.'], pattern: re('ya29\\.[0-9A-Za-z_-]{50,300}'), validate: (s) => varied(s, 5) },
  { id: 'azure-storage-account-key', title: 'Azure storage account key (connection string)', keywords: ['AccountKey='], pattern: /AccountKey=([A-Za-z0-9+/]{86}==)/g, validate: (s) => varied(s) },
  { id: 'azure-service-bus-key', title: 'Azure Service Bus / Event Hubs shared access key', keywords: ['SharedAccessKey='], pattern: /SharedAccessKey=([A-Za-z0-9+/]{43}=)/g, validate: (s) => varied(s) },
  { id: 'azure-sas-token', title: 'Azure shared access signature (SAS)', keywords: ['sig='], pattern: /[?&;]sig=([A-Za-z0-9%+/]{40,120}(?:%3D|=){0,2})(?![A-Za-z0-9%+/])/g, validate: (s) => varied(s) },
  { id: 'azure-ad-client-secret', title: 'Microsoft Entra ID (Azure AD) client secret', keywords: ['Q~'], pattern: /(?<![A-Za-z0-9_~.-])([A-Za-z0-9_.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/g, validate: (s) => varied(s, 5) },
  { id: 'digitalocean-token', title: 'DigitalOcean token', keywords: ['dop_v1_', 'doo_v1_', 'dor_v1_'], pattern: re('do[por]_v1_[a-f0-9]{64}'), validate: (s) => varied(s, 7) },
  { id: 'heroku-api-key', title: 'Heroku API key', keywords: ['HRKU-'], pattern: re('HRKU-[A-Za-z0-9_-]{58,64}'), validate: (s) => varied(s, 5) },
  { id: 'netlify-token', title: 'Netlify access token', keywords: ['nfp_', 'nfc_', 'nfo_'], pattern: re('nf[pco]_[A-Za-z0-9]{36}'), validate: (s) => varied(s, 4) },
  { id: 'cloudflare-origin-ca-key', title: 'Cloudflare Origin CA key', keywords: ['v1.0-'], pattern: re('v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}') },
  { id: 'fly-io-token', title: 'Fly.io access token', keywords: ['fo1_', 'fm2_'], pattern: re('(?:fo1_[A-Za-z0-9_-]{43}|fm2_[A-Za-z0-9+/=_-]{100,600})'), validate: (s) => varied(s, 4) },
  { id: 'render-api-key', title: 'Render API key', keywords: ['rnd_'], pattern: re('rnd_[A-Za-z0-9]{32}'), validate: (s) => varied(s, 4) },
  { id: 'supabase-secret-key', title: 'Supabase access token or secret key', keywords: ['sbp_', 'sb_secret_'], pattern: re('(?:sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{31,64})'), validate: (s) => varied(s, 4) },
  { id: 'planetscale-token', title: 'PlanetScale token or password', keywords: ['pscale_'], pattern: re('pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}'), validate: (s) => varied(s, 10) },
  { id: 'vault-token', title: 'HashiCorp Vault token', keywords: ['hvs.', 'hvb.'], pattern: re('hv[sb]\\.[A-Za-z0-9_-]{90,400}'), validate: (s) => varied(s, 4) },
  { id: 'terraform-cloud-token', title: 'Terraform Cloud / HCP API token', keywords: ['.atlasv1.'], pattern: re('[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}'), validate: (s) => varied(s) },
  { id: 'pulumi-token', title: 'Pulumi access token', keywords: ['pul-'], pattern: re('pul-[a-f0-9]{40}'), validate: (s) => varied(s, 4) },
  { id: 'doppler-token', title: 'Doppler token', keywords: ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.'], pattern: re('dp\\.(?:pt|st|sa|ct)\\.(?:[a-z0-9_-]{1,30}\\.)?[A-Za-z0-9]{40,44}'), validate: (s) => varied(s, 6) },
  { id: 'databricks-token', title: 'Databricks personal access token', keywords: ['dapi'], pattern: re('dapi[a-f0-9]{32}(?:-\\d)?'), validate: (s) => varied(s, 4) },
  { id: 'onepassword-service-account-token', title: '1Password service account token', keywords: ['ops_eyJ'], pattern: re('ops_eyJ[A-Za-z0-9+/=_-]{250,2000}') },

  // Source control, CI and registries
  { id: 'github-pat', title: 'GitHub personal access token (classic)', keywords: ['ghp_'], pattern: re('ghp_[A-Za-z0-9]{36}'), validate: validBase62Checksum, rotate: 'GitHub → Settings → Developer settings → Personal access tokens → delete it, create a new one' },
  { id: 'github-fine-grained-pat', title: 'GitHub fine-grained personal access token', keywords: ['github_pat_'], pattern: re('github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}'), validate: (s) => varied(s, 11), rotate: 'GitHub → Settings → Developer settings → Fine-grained tokens → revoke' },
  { id: 'github-oauth-token', title: 'GitHub OAuth access token', keywords: ['gho_'], pattern: re('gho_[A-Za-z0-9]{36}'), validate: validBase62Checksum },
  { id: 'github-app-token', title: 'GitHub App user-to-server or installation token', keywords: ['ghu_', 'ghs_'], pattern: re('gh[us]_[A-Za-z0-9]{36}'), validate: validBase62Checksum },
  { id: 'github-refresh-token', title: 'GitHub refresh token', keywords: ['ghr_'], pattern: re('ghr_[A-Za-z0-9]{36,76}'), validate: validBase62Checksum },
  { id: 'gitlab-pat', title: 'GitLab personal, project or group access token', keywords: ['glpat-'], pattern: re('glpat-[A-Za-z0-9_.-]{20,80}'), validate: (s) => varied(s, 6) },
  { id: 'gitlab-pipeline-trigger-token', title: 'GitLab pipeline trigger token', keywords: ['glptt-'], pattern: re('glptt-[a-f0-9]{40}'), validate: (s) => varied(s, 6) },
  { id: 'gitlab-runner-token', title: 'GitLab runner authentication token', keywords: ['glrt-'], pattern: re('glrt-[A-Za-z0-9_.-]{20,80}'), validate: (s) => varied(s, 5) },
  { id: 'gitlab-deploy-token', title: 'GitLab deploy token', keywords: ['gldt-'], pattern: re('gldt-[A-Za-z0-9_.-]{20,80}'), validate: (s) => varied(s, 5) },
  { id: 'bitbucket-app-password', title: 'Bitbucket app password', keywords: ['ATBB'], pattern: re('ATBB[A-Za-z0-9_=.-]{32,64}'), validate: (s) => varied(s, 4) },
  { id: 'atlassian-api-token', title: 'Atlassian API token', keywords: ['ATATT'], pattern: re('ATATT[A-Za-z0-9_=-]{150,250}'), validate: (s) => varied(s, 5) },
  { id: 'npm-token', title: 'npm access token', keywords: ['npm_'], pattern: re('npm_[A-Za-z0-9]{36}'), validate: validBase62Checksum, rotate: 'npmjs.com → Access Tokens → delete it (`npm token revoke <id>`), create a new one' },
  { id: 'pypi-token', title: 'PyPI API token', keywords: ['pypi-AgE'], pattern: re('pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,300}') },
  { id: 'dockerhub-token', title: 'Docker Hub personal or organization access token', keywords: ['dckr_pat_', 'dckr_oat_'], pattern: re('dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,32}'), validate: (s) => varied(s, 9) },
  { id: 'rubygems-api-key', title: 'RubyGems API key', keywords: ['rubygems_'], pattern: re('rubygems_[a-f0-9]{48}'), validate: (s) => varied(s, 9) },
  { id: 'nuget-api-key', title: 'NuGet API key', keywords: ['oy2'], pattern: re('oy2[a-z0-9]{43}'), validate: (s) => varied(s, 3) && /\d/.test(s.slice(3)) },
  { id: 'sourcegraph-token', title: 'Sourcegraph access token', keywords: ['sgp_'], pattern: re('sgp_(?:[a-f0-9]{16}_)?[a-f0-9]{40}'), validate: (s) => varied(s, 4) },
  { id: 'circleci-token', title: 'CircleCI personal API token', keywords: ['CCIPAT_'], pattern: re('CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}') },
  { id: 'buildkite-token', title: 'Buildkite API token', keywords: ['bkua_'], pattern: re('bkua_[a-f0-9]{40}'), validate: (s) => varied(s, 5) },
  { id: 'tailscale-key', title: 'Tailscale API or auth key', keywords: ['tskey-'], pattern: re('tskey-(?:api|auth|client|webhook)-[A-Za-z0-9]{8,20}-[A-Za-z0-9]{20,40}'), validate: (s) => varied(s.slice(s.lastIndexOf('-') + 1)) },

  // AI providers
  { id: 'openai-api-key', title: 'OpenAI API key', keywords: ['T3BlbkFJ'], pattern: re('sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,200}'), validate: (s) => s.includes('T3BlbkFJ') && varied(s, 3), rotate: 'platform.openai.com → API keys → revoke it, create a new one' },
  { id: 'anthropic-api-key', title: 'Anthropic API key', keywords: ['sk-ant-'], pattern: re('sk-ant-(?:api|admin)\\d\\d-[A-Za-z0-9_-]{80,100}AA'), validate: (s) => varied(s, 14), rotate: 'console.anthropic.com → API keys → disable it, create a new one' },
  { id: 'openrouter-api-key', title: 'OpenRouter API key', keywords: ['sk-or-v1-'], pattern: re('sk-or-v1-[a-f0-9]{64}'), validate: (s) => varied(s, 9) },
  { id: 'huggingface-token', title: 'Hugging Face access token', keywords: ['hf_', 'api_org_'], pattern: re('(?:hf_|api_org_)[A-Za-z]{34}'), validate: (s) => varied(s, 3) && /[A-Z]/.test(s.slice(3)) && /[a-z]/.test(s.slice(3)) },
  { id: 'groq-api-key', title: 'Groq API key', keywords: ['gsk_'], pattern: re('gsk_[A-Za-z0-9]{52}'), validate: (s) => varied(s, 4) },
  { id: 'replicate-api-token', title: 'Replicate API token', keywords: ['r8_'], pattern: re('r8_[A-Za-z0-9]{37}'), validate: (s) => varied(s, 3) },
  { id: 'perplexity-api-key', title: 'Perplexity API key', keywords: ['pplx-'], pattern: re('pplx-[A-Za-z0-9]{48}'), validate: (s) => varied(s, 5) },
  { id: 'xai-api-key', title: 'xAI API key', keywords: ['xai-'], pattern: re('xai-[A-Za-z0-9]{80}'), validate: (s) => varied(s, 4) },
  { id: 'langsmith-api-key', title: 'LangSmith API key', keywords: ['lsv2_'], pattern: re('lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}') },

  // Payments and commerce
  { id: 'stripe-secret-key', title: 'Stripe live secret key', keywords: ['sk_live_'], pattern: re('sk_live_[0-9a-zA-Z]{24,247}'), validate: (s) => varied(s, 8), rotate: 'Stripe dashboard → Developers → API keys → roll the key' },
  { id: 'stripe-restricted-key', title: 'Stripe live restricted key', keywords: ['rk_live_'], pattern: re('rk_live_[0-9a-zA-Z]{24,247}'), validate: (s) => varied(s, 8), rotate: 'Stripe dashboard → Developers → API keys → roll the key' },
  { id: 'stripe-webhook-secret', title: 'Stripe webhook signing secret', keywords: ['whsec_'], pattern: re('whsec_[A-Za-z0-9+/=]{32,88}'), validate: (s) => varied(s, 6) },
  { id: 'square-token', title: 'Square access token or OAuth secret', keywords: ['sq0atp-', 'sq0csp-', 'EAAA'], pattern: re('(?:sq0atp-[0-9A-Za-z_-]{22}|sq0csp-[0-9A-Za-z_-]{43}|EAAA[A-Za-z0-9_-]{60})'), validate: (s) => varied(s, 4) },
  { id: 'braintree-access-token', title: 'Braintree / PayPal production access token', keywords: ['access_token$production$'], pattern: /(access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32})/g },
  { id: 'shopify-token', title: 'Shopify access token or shared secret', keywords: ['shpat_', 'shpca_', 'shppa_', 'shpss_'], pattern: re('shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}'), validate: (s) => varied(s, 6) },
  { id: 'easypost-api-key', title: 'EasyPost production API key', keywords: ['EZAK'], pattern: re('EZAK[A-Za-z0-9]{54}'), validate: (s) => varied(s, 4) },

  // Messaging and email
  { id: 'slack-bot-token', title: 'Slack bot token', keywords: ['xoxb-'], pattern: re('xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24}'), validate: (s) => varied(s.slice(-24)), rotate: 'api.slack.com/apps → your app → OAuth & Permissions → revoke and reinstall' },
  { id: 'slack-user-token', title: 'Slack user token', keywords: ['xoxp-', 'xoxe-'], pattern: re('xox[pe]-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-f0-9]{32}'), validate: (s) => varied(s.slice(-32)) },
  { id: 'slack-app-token', title: 'Slack app-level token', keywords: ['xapp-'], pattern: re('xapp-\\d-[A-Z0-9]{9,12}-\\d{10,13}-[a-f0-9]{64}') },
  { id: 'slack-webhook', title: 'Slack incoming webhook URL', keywords: ['hooks.slack.com/'], pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/(T[A-Z0-9]{8,12}\/[A-Z0-9]{9,12}\/[A-Za-z0-9]{20,34})(?![A-Za-z0-9])/g, validate: (s) => varied(s.slice(s.lastIndexOf('/') + 1)) },
  { id: 'discord-webhook', title: 'Discord webhook URL', keywords: ['/api/webhooks/'], pattern: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/(\d{17,20}\/[A-Za-z0-9_-]{60,68})(?![A-Za-z0-9_-])/g, validate: (s) => varied(s.slice(s.indexOf('/') + 1)) },
  { id: 'discord-bot-token', title: 'Discord bot token', keywords: ['discord', 'Discord', 'DISCORD', 'token', 'Token', 'TOKEN', '.login('], pattern: /(?<![A-Za-z0-9_-])([MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})(?![A-Za-z0-9_-])/g, validate: (s) => /^\d{17,20}$/.test(Buffer.from(s.slice(0, s.indexOf('.')), 'base64url').toString('latin1')) },
  { id: 'telegram-bot-token', title: 'Telegram bot token', keywords: [':AA'], pattern: /(?<![A-Za-z0-9_:-])(\d{8,10}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])/g, validate: (s) => varied(s, s.indexOf(':') + 3) },
  { id: 'teams-webhook', title: 'Microsoft Teams incoming webhook URL', keywords: ['webhook.office.com/'], pattern: /https:\/\/[a-z0-9-]+\.webhook\.office\.com\/webhookb2\/([a-f0-9-]{36}@[a-f0-9-]{36}\/IncomingWebhook\/[a-f0-9]{32}\/[a-f0-9-]{36})/g },
  { id: 'twilio-api-key', title: 'Twilio API key', keywords: ['SK'], pattern: /(?<![A-Za-z0-9_-])(SK[0-9a-f]{32})(?![A-Za-z0-9_-])/g, validate: (s) => varied(s, 2) },
  { id: 'sendgrid-api-key', title: 'SendGrid API key', keywords: ['SG.'], pattern: re('SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}'), validate: (s) => varied(s, 3) },
  { id: 'mailgun-api-key', title: 'Mailgun API key', keywords: ['key-'], pattern: re('key-[0-9a-f]{32}'), validate: (s) => varied(s, 4) },
  { id: 'mailchimp-api-key', title: 'Mailchimp API key', keywords: ['-us'], pattern: /(?<![A-Za-z0-9_-])([0-9a-f]{32}-us\d{1,2})(?![A-Za-z0-9_-])/g, validate: (s) => varied(s.slice(0, 32)) },
  { id: 'postman-api-key', title: 'Postman API key', keywords: ['PMAK-'], pattern: re('PMAK-[a-f0-9]{24}-[a-f0-9]{34}') },

  // Monitoring, productivity, misc
  { id: 'sentry-auth-token', title: 'Sentry auth token', keywords: ['sntrys_', 'sntryu_'], pattern: re('(?:sntrys_eyJ[A-Za-z0-9+/=_-]{60,400}|sntryu_[a-f0-9]{64})') },
  { id: 'newrelic-user-key', title: 'New Relic user API key', keywords: ['NRAK-'], pattern: re('NRAK-[A-Z0-9]{27}'), validate: (s) => varied(s, 5) },
  { id: 'grafana-token', title: 'Grafana service account or Cloud token', keywords: ['glsa_', 'glc_eyJ'], pattern: re('(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_eyJ[A-Za-z0-9+/=]{32,400})'), validate: (s) => varied(s, 4) },
  { id: 'dynatrace-token', title: 'Dynatrace API token', keywords: ['dt0c01.'], pattern: re('dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}') },
  { id: 'linear-api-key', title: 'Linear API key', keywords: ['lin_api_'], pattern: re('lin_api_[A-Za-z0-9]{40}'), validate: (s) => varied(s, 8) },
  { id: 'notion-token', title: 'Notion integration token', keywords: ['ntn_', 'secret_'], pattern: re('(?:ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})'), validate: (s) => varied(s, 4) && /[A-Z]/.test(s) && /[0-9]/.test(s) },
  { id: 'figma-token', title: 'Figma personal access token', keywords: ['figd_'], pattern: re('figd_[A-Za-z0-9_-]{40}'), validate: (s) => varied(s, 5) },
  { id: 'airtable-token', title: 'Airtable personal access token', keywords: ['pat'], pattern: /(?<![A-Za-z0-9_-])(pat[A-Za-z0-9]{14}\.[a-f0-9]{64})(?![A-Za-z0-9_-])/g, validate: (s) => varied(s, 3) },
  { id: 'contentful-token', title: 'Contentful personal access token', keywords: ['CFPAT-'], pattern: re('CFPAT-[A-Za-z0-9_-]{43}'), validate: (s) => varied(s, 6) },
  { id: 'mapbox-secret-token', title: 'Mapbox secret token', keywords: ['sk.eyJ'], pattern: re('sk\\.eyJ[A-Za-z0-9_-]{30,200}\\.[A-Za-z0-9_-]{20,40}'), validate: (s) => b64json(s.slice(0, s.lastIndexOf('.')), 3) },
  { id: 'firebase-cloud-messaging-key', title: 'Firebase Cloud Messaging server key', keywords: [':APA91b'], pattern: re('AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134}') },
  { id: 'age-secret-key', title: 'age encryption secret key', keywords: ['AGE-SECRET-KEY-1'], pattern: re('AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}') },
  { id: 'prefect-api-key', title: 'Prefect API key', keywords: ['pnu_'], pattern: re('pnu_[A-Za-z0-9]{36}'), validate: (s) => varied(s, 4) },
];
