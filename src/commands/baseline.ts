// baseline [--history]: accept every current finding that has a fingerprint, by writing
// .shipguard-baseline.json (salted hashes only). Later runs skip those findings wherever their line
// moves; entries nothing matches any more are reported as stale and dropped on the next rewrite,
// but only for the rules this run checked: `--rule X` never touches another rule's entries.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BASELINE_FILE, formatBaseline, mergeEntries, newSalt, type Baseline } from '../baseline.js';
import { UsageError } from '../errors.js';
import { plural } from '../report/summary.js';
import { runStage } from './check.js';
import { SCAN_OPTIONS, wholeTreeTargets, workingTreeBaseline } from './scan.js';
import type { Command } from './types.js';

export const baselineCommand: Command = {
  name: 'baseline',
  usage: 'baseline [--history] [--rev <commit>] [--rule <id>]',
  summary: `Accept the current findings (whole tree, or all history): writes ${BASELINE_FILE}, fingerprints only.`,
  options: { config: SCAN_OPTIONS.config, history: SCAN_OPTIONS.history, rev: SCAN_OPTIONS.rev, rule: { type: 'string', multiple: true } },
  maxPositionals: 0,
  async run(args, io) {
    const rev = (args.values.rev as string | undefined) ?? 'HEAD';
    const history = Boolean(args.values.history);
    const only = args.values.rule as string[] | undefined;
    let previous: Baseline | undefined;
    let file = '';
    let salt = '';
    return runStage('ci', { ...args, values: { ...args.values, format: 'pretty' } }, io, (git) => wholeTreeTargets(git, rev, history), {
      rules: only,
      // Accepting findings is about what the tree holds; building it proves nothing a baseline keeps.
      exclude: ['required-build'],
      baseline: (root) => {
        file = path.join(root, BASELINE_FILE);
        previous = workingTreeBaseline(root);
        salt = previous?.salt ?? newSalt();
        return { version: 1, salt, entries: [] };
      },
      onResult(result) {
        if (result.failures.length) {
          throw new UsageError(`baseline not written: rule ${result.failures[0]!.ruleId} failed: ${result.failures[0]!.message}`);
        }
        if (only) {
          const unknown = only.filter((id) => !result.rulesRun.includes(id));
          if (unknown.length) throw new UsageError(`--rule ${unknown.join(', ')}: not an enabled rule (enabled: ${result.rulesRun.join(', ')})`);
        }
        const merged = mergeEntries(previous?.entries ?? [], result.findings, result.rulesRun);
        const { entries, added, kept, migrated, stale, untouched, unkeyed } = merged;
        writeFileSync(file, formatBaseline({ version: 1, salt, entries }));
        const others = untouched ? `; ${untouched} of other rules left as they were` : '';
        const rehashed = migrated ? `${plural(migrated, 'secret fingerprint')} rehashed with scrypt (older shipguard versions will not match them).\n` : '';
        io.stdout.write(
          `shipguard baseline: wrote ${BASELINE_FILE} with ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} (${added} new, ${kept} kept, ${stale} stale removed${others}).\n` +
            rehashed +
            (unkeyed ? `${plural(unkeyed, 'finding')} ${unkeyed === 1 ? 'has' : 'have'} no fingerprint and cannot be baselined; fix them or suppress them inline.\n` : '') +
            (entries.length ? `Review it, commit it (git add ${BASELINE_FILE}), and rotate any real credential it accepts.\n` : ''),
        );
        return 0;
      },
    });
  },
};
