// The engine's side of inline directives (src/suppressions.ts): read them from the checked content
// (the staged blob or the commit, never the working tree), and report the ones that cannot work.
import type { ChangedFile, Revision } from '../changeset.js';
import type { GitReader } from '../git/reader.js';
import { MARKER, coveringDirective, directivesOf, parseDirectives, type Directive } from '../suppressions.js';
import type { ReportedFinding } from '../types.js';
import { ruleFor } from './trailers.js';

/** The pseudo-rule directive problems are reported under. */
export const DIRECTIVE_RULE = { id: 'shipguard-directive', description: 'Inline shipguard directives that suppress nothing (no reason, unknown rule).', docs: 'docs/exceptions.md' };

export class InlineDirectives {
  private readonly parsed = new Map<string, Promise<Directive[]>>();
  /** Problems by file and line, so each directive is reported once. */
  private readonly problems = new Map<string, ReportedFinding>();

  constructor(
    private readonly git: GitReader,
    private readonly knownRules: readonly string[],
  ) {}

  /** The directive covering a finding, read from the content the finding is about. */
  async covering(finding: ReportedFinding, head: Revision): Promise<Directive | undefined> {
    if (!finding.file || !finding.line) return undefined;
    const revision: Revision = finding.commit ? { kind: 'commit', sha: finding.commit } : head;
    const directives = await this.directivesIn(revision, finding.file);
    const directive = coveringDirective(directives, finding.line, finding.ruleId, finding.kind);
    if (directive && !directive.reason) this.noReason(directive, finding.file);
    return directive;
  }

  /** Directives added by the change that cannot suppress anything (checked on added lines only). */
  checkAdded(files: readonly ChangedFile[]): void {
    for (const file of files) {
      // Most files hold no directive: they are not decoded into lines (a large change has millions).
      if (!file.addedLineSource.mayContain(MARKER)) continue;
      for (const added of file.addedLines) {
        for (const directive of directivesOf(added.text, added.line)) {
          if (directive.form !== 'enable' && !directive.reason) this.noReason(directive, file.path);
          const unknown = directive.ids.find((id) => !ruleFor(id, this.knownRules));
          if (unknown) this.report(directive, file.path, 'unknown-rule', `\`shipguard-${directive.form} ${unknown}\` names no rule, so it suppresses nothing`, `Rules: ${this.knownRules.join(', ')}.`);
        }
      }
    }
  }

  findings(): ReportedFinding[] {
    return [...this.problems.values()];
  }

  private directivesIn(revision: Revision, file: string): Promise<Directive[]> {
    const key = `${revision.kind === 'commit' ? revision.sha : ''}:${file}`;
    let directives = this.parsed.get(key);
    if (!directives) {
      directives = this.git.readFile(revision, file).then((content) => (content ? parseDirectives(content) : []));
      this.parsed.set(key, directives);
    }
    return directives;
  }

  private noReason(directive: Directive, file: string): void {
    const text = `shipguard-${directive.form} ${directive.ids.join(', ')}`;
    this.report(directive, file, 'no-reason', `\`${text}\` has no reason, so it suppresses nothing`, `Say why the exception is fine: \`${text} -- <reason>\`.`);
  }

  private report(directive: Directive, file: string, kind: string, message: string, hint: string): void {
    const key = `${file}\0${directive.line}\0${kind}`;
    if (this.problems.has(key)) return;
    this.problems.set(key, { ruleId: DIRECTIVE_RULE.id, kind, severity: 'warn', message, hint, file, line: directive.line, docs: DIRECTIVE_RULE.docs });
  }
}
