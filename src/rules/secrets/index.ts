// secrets: credentials written into the change. Incidents 1 and 2: database passwords in `.env`,
// `.env.local` and `docker-compose.yml`, a deploy step with `ssh root@<public IP>`, "no credentials
// in code". Scans added lines only (staged blobs, or each pushed commit), so it scales with the change.
import { bounded } from '../../budget.js';
import type { ChangedFile } from '../../changeset.js';
import { PatchLines } from '../../git/added-lines.js';
import { MAX_TEXT_BYTES } from '../../git/binary-files.js';
import type { Finding, Rule, RuleContext } from '../../types.js';
import type { ScanLine } from './detectors.js';
import { holdsOnlyPublicSettings, isModeEnvFile } from './env-mode-file.js';
import { describeFile, sensitiveFile, type FileInfo, type SensitiveFile } from './files.js';
import { isIdentifierTwin } from './identifier-twins.js';
import { kubernetesSecrets } from './kubernetes.js';
import { allKinds, describeKind, findingFor } from './report.js';
import { Scanner, type Candidate } from './scanner.js';

export interface SecretsOptions {
  /** Globs of files where findings are accepted (test fixtures with fake keys, vendored docs). */
  allowPaths: string[];
  /** Regular expressions: a secret matching one of them is accepted (a known test key). */
  allowPatterns: string[];
  /** Finding kinds switched off, e.g. `ssh-public-ip`. */
  disable: string[];
  /** Extra globs never scanned (added to the built-in list unless `defaultSkip` is false). */
  skipPaths: string[];
  /** Skip lockfiles, minified bundles, source maps and snapshots. */
  defaultSkip: boolean;
  /**
   * No longer used: text of any size is scanned (long lines in overlapping windows). Accepted so
   * existing configs stay valid.
   */
  maxFileSize?: number;
  /** SSH users whose hard-coded targets in scripts and CI configs are errors. */
  sshUsers: string[];
}

export const DEFAULT_SKIP = [
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'Cargo.lock',
  'composer.lock',
  'Gemfile.lock',
  'poetry.lock',
  'go.sum',
  '*.min.js',
  '*.min.mjs',
  '*.min.css',
  '*.bundle.js',
  '*.chunk.js',
  '*.map',
  '.shipguard-baseline.json',
];

export const secrets: Rule<SecretsOptions> = {
  meta: {
    id: 'secrets',
    description: 'Refuses credentials in the change: 85 provider token formats, private keys, passwords in connection strings, env and compose files, committed .env files, and hard-coded root SSH deploy targets.',
    stages: ['pre-commit', 'pre-push', 'ci'],
    scope: 'file',
    docs: 'docs/rules/secrets.md',
    kinds: Object.fromEntries(allKinds().map((kind) => [kind.id, kind.title])),
    defaultOptions: {
      allowPaths: [],
      allowPatterns: [],
      disable: [],
      skipPaths: [],
      defaultSkip: true,
      sshUsers: ['root'],
    },
    schema: {
      type: 'object',
      properties: {
        allowPaths: { type: 'array', items: { type: 'string', minLength: 1 } },
        allowPatterns: { type: 'array', items: { type: 'string', minLength: 1, format: 'regex' } },
        disable: { type: 'array', items: { type: 'string', enum: allKinds().map((kind) => kind.id), description: 'a finding kind listed by `shipguard explain secrets`' } },
        skipPaths: { type: 'array', items: { type: 'string', minLength: 1 } },
        defaultSkip: { type: 'boolean' },
        maxFileSize: { type: 'integer', minimum: 1, description: 'ignored: every file is scanned whatever its size' },
        sshUsers: { type: 'array', items: { type: 'string', minLength: 1 } },
      },
    },
  },

  async check(context) {
    const scan = new SecretScan(context);
    if (context.stage === 'pre-commit' || context.commits.length === 0) {
      await scan.files(context.changes.files);
    } else {
      for (const commit of context.commits) await scan.files(commit.files, commit.sha);
      // A merge can bring content no single commit added (a conflict resolution); --all reads whole files.
      if (context.allLines || context.commits.some((commit) => commit.parents.length > 1)) await scan.files(context.changes.files);
    }
    return scan.findings;
  },
};

class SecretScan {
  readonly findings: Finding[] = [];
  private readonly scanner: Scanner;
  private readonly skip: string[];
  private readonly allow: RegExp[];
  private readonly seen = new Set<string>();
  private readonly described = new Map<string, FileInfo>();
  /** Fingerprints reported from a commit: the net change of the range does not report them again. */
  private readonly inCommits = new Set<string>();

  constructor(private readonly context: RuleContext<SecretsOptions>) {
    const { options } = context;
    this.scanner = new Scanner({ ssh: { users: options.sshUsers }, disable: options.disable });
    this.skip = options.defaultSkip ? [...DEFAULT_SKIP, ...options.skipPaths] : options.skipPaths;
    this.allow = options.allowPatterns.map((source) => new RegExp(source, 'u'));
  }

  async files(files: readonly ChangedFile[], commit?: string): Promise<void> {
    for (const file of files) await this.file(file, commit);
  }

  private async file(file: ChangedFile, commit: string | undefined): Promise<void> {
    const { options, match } = this.context;
    if (file.status === 'deleted' || file.submodule || file.symlink) return;
    if (options.allowPaths.length && match(file.path, options.allowPaths)) return;
    const info = this.describe(file.path);
    const added = file.status === 'added' || ((file.status === 'renamed' || file.status === 'copied') && !sensitiveFile(describeFile(file.oldPath ?? ''), file.binary));
    const named = added ? sensitiveFile(info, file.binary) : undefined;
    if (named && !options.disable.includes(named.kind) && !(await this.publicModeFile(named, file))) {
      this.add({ kind: named.kind, message: named.message, hint: named.hint, file: file.path, line: file.binary ? undefined : 1, commit }, `file:${named.kind}`);
    }
    if (match(file.path, this.skip)) return;
    if (file.tooLargeToRead) {
      if (!options.disable.includes('skipped-large-file')) this.add(skippedLarge(file.path, file.tooLargeToRead, commit), `large:${file.path}`);
      return;
    }
    if (file.binary) return;
    let candidates = await this.scan(file, info);
    const manifest = info.yaml && !options.disable.includes('kubernetes-secret') ? await kubernetesSecrets(file, await this.linesOf(file)) : [];
    if (manifest.length) {
      // Inside a Secret manifest the manifest finding says it best: one finding per value.
      const taken = new Set(manifest.map((candidate) => candidate.line));
      candidates = [...candidates.filter((candidate) => !taken.has(candidate.line)), ...manifest];
    }
    if (candidates.some((candidate) => candidate.kind === 'secret-assignment')) candidates = await withoutIdentifiers(candidates, file);
    // User patterns run under the budget: a backtracking allowPattern must not hang the hook.
    if (this.allow.length) candidates = bounded(Infinity, () => candidates.filter((candidate) => !this.allow.some((pattern) => pattern.test(candidate.secret))));
    // Slow hashes (scrypt) run concurrently; findings are then added in order.
    const fingerprints = await Promise.all(candidates.map((candidate) => this.fingerprint(candidate, info, file)));
    candidates.forEach((candidate, index) => this.report(candidate, info, commit, fingerprints[index]!));
  }

  /** `.env.test` with `VITE_DEBUG_DOM=false`: a mode file of public settings, committed by design. */
  private async publicModeFile(named: SensitiveFile, file: ChangedFile): Promise<boolean> {
    if (named.kind !== 'env-file' || !isModeEnvFile(this.describe(file.path).base)) return false;
    const content = await file.content();
    return content !== null && holdsOnlyPublicSettings(content);
  }

  /** A push of many commits touches the same paths again and again: each is described once. */
  private describe(path: string): FileInfo {
    let info = this.described.get(path);
    if (!info) this.described.set(path, (info = describeFile(path)));
    return info;
  }

  private fingerprint(candidate: Candidate, info: FileInfo, file: ChangedFile): Promise<string> {
    return this.context.secretFingerprint(candidate.secret, ['secrets', info.path], { blob: file.newOid, line: candidate.line, column: candidate.col });
  }

  /** A diff's added lines are scanned as bytes, decoded only around keywords; other lines as text. */
  private async scan(file: ChangedFile, info: FileInfo): Promise<Candidate[]> {
    const source = file.addedLineSource;
    if (!this.context.allLines && source instanceof PatchLines) return bounded(source.byteLength, () => this.scanner.scanEncoded(source, info));
    const lines = await this.linesOf(file);
    const size = lines.reduce((sum, line) => sum + line.text.length + 1, 0);
    return bounded(size, () => this.scanner.scan(lines, info));
  }

  private async linesOf(file: ChangedFile): Promise<readonly ScanLine[]> {
    if (!this.context.allLines) return file.addedLines;
    const content = await file.content();
    return content === null ? [] : content.split('\n').map((text, index) => ({ line: index + 1, text: text.endsWith('\r') ? text.slice(0, -1) : text }));
  }

  private report(candidate: Candidate, info: FileInfo, commit: string | undefined, fingerprint: string): void {
    if (commit) this.inCommits.add(fingerprint);
    else if (this.inCommits.has(fingerprint)) return;
    const finding = findingFor(candidate, info, describeKind(candidate.kind));
    this.add({ ...finding, file: info.path, line: candidate.line, column: candidate.col, commit, fingerprint }, `${candidate.line}:${fingerprint}`);
  }

  private add(finding: Finding, key: string): void {
    const id = `${finding.file}\0${key}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.findings.push(finding);
  }
}

/** A generic secret whose value the file also gives as an id (`token` = `response_id`) is an identifier. */
async function withoutIdentifiers(candidates: Candidate[], file: ChangedFile): Promise<Candidate[]> {
  const text = await file.content();
  if (text === null) return candidates;
  return candidates.filter((candidate) => candidate.kind !== 'secret-assignment' || !isIdentifierTwin(text, candidate.secret));
}

function skippedLarge(file: string, size: number, commit: string | undefined): Finding {
  return {
    kind: 'skipped-large-file',
    severity: 'warn',
    message: `Not scanned for secrets: a ${Math.round(size / 1024 / 1024)} MB text file, beyond the ${MAX_TEXT_BYTES / 1024 / 1024} MB shipguard reads as lines.`,
    hint: 'Keep files this large out of git (Git LFS, a bucket); if it is generated, add it to secrets.skipPaths.',
    file,
    commit,
  };
}
