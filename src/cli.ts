// shipguard command line: parse, dispatch, turn every error into one line and an exit code.
import { parseArgs } from 'node:util';
import { checkCommand, ciCommand, preCommitCommand, prePushCommand } from './commands/check.js';
import type { Command, CommandIO } from './commands/types.js';
import { errorMessage, ShipguardError, UsageError } from './errors.js';
import { packageVersion } from './paths.js';
import { guardProcess } from './process-guard.js';
import { redactSecrets } from './rules/secrets/redact-text.js';

// Each command's module loads only when that command runs: a hook pays for pre-commit's code, not
// for init's hook-manager YAML editing or scan's whole-tree walk (rolldown makes each a chunk). The
// checks are what hooks run: imported with the CLI, in the same core chunk (no extra file to load).
const COMMANDS: Record<string, () => Promise<Command>> = {
  init: async () => (await import('./commands/init.js')).initCommand,
  doctor: async () => (await import('./commands/doctor.js')).doctorCommand,
  'pre-commit': async () => preCommitCommand,
  'pre-push': async () => prePushCommand,
  ci: async () => ciCommand,
  check: async () => checkCommand,
  build: async () => (await import('./commands/build.js')).buildCommand,
  scan: async () => (await import('./commands/scan.js')).scanCommand,
  baseline: async () => (await import('./commands/baseline.js')).baselineCommand,
  explain: async () => (await import('./commands/explain.js')).explainCommand,
  'print-config': async () => (await import('./commands/print-config.js')).printConfigCommand,
};
const COMMAND_NAMES = Object.keys(COMMANDS);

/** What each option does, for `shipguard <command> --help` (one table: options mean the same everywhere). */
const OPTION_HELP: Record<string, string> = {
  format: 'output format: pretty, json, sarif or github (default: pretty)',
  config: 'use this config file instead of searching for one',
  output: 'write the json/sarif report to this file; the pretty report goes to stdout',
  base: 'check the commits after this ref (e.g. origin/main)',
  head: 'last commit to check (default: HEAD)',
  'config-from': 'read the config from this trusted ref (e.g. the base branch), not from the change',
  net: 'commit-size judges the net change of base...head as one commit, not each commit (squash merge)',
  all: 'report on every line of the changed files, not only the added ones',
  staged: 'check the staged change (the default)',
  range: 'check each commit of <base>..<head>',
  history: 'every commit reachable from --rev, not only its tree',
  rev: 'the commit to scan (default: HEAD)',
  rule: 'only this rule (repeatable)',
  force: 'build even when this tree already passed',
  'config-format': 'starter config file format: ts, mjs or json',
};

function commandHelp(command: Command): string {
  const flags = Object.entries(command.options).map(([name, option]) => {
    const short = 'short' in option && option.short ? `-${option.short}, ` : '    ';
    return [`  ${short}--${name}${option.type === 'string' ? ' <value>' : ''}`, OPTION_HELP[name] ?? ''] as const;
  });
  flags.push(['  -h, --help', 'show this help']);
  const width = Math.max(...flags.map(([flag]) => flag.length));
  return [
    `Usage: shipguard ${command.usage}`,
    '',
    command.summary,
    '',
    'Options:',
    ...flags.map(([flag, text]) => `${flag.padEnd(width)}  ${text}`.trimEnd()),
    '',
    `Docs: shipguard explain <rule>; exit codes: 0 passed, 1 refused, 2 usage, config or internal error.`,
    '',
  ].join('\n');
}

async function help(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'shipguard - stop unsafe changes before they leave your machine',
    '',
    'Usage: shipguard <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Options for pre-commit, pre-push, ci and check:',
    '  -f, --format <pretty|json|sarif|github>   output format (default: pretty)',
    '  -c, --config <file>                       use this config file instead of searching',
    '  -o, --output <file>                       json/sarif to this file, the pretty report to stdout',
    '',
    'Other:',
    '  shipguard <command> --help                usage of one command',
    '  -h, --help / -v, --version',
    '',
    'Exit codes: 0 passed (warnings allowed), 1 a rule refused the change, 2 usage, config or internal error.',
    'Emergency skip (printed in every report): SHIPGUARD_SKIP=rule-a,rule-b git commit ...',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(await help());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) throw new UsageError(`unknown command "${name}" (commands: ${COMMAND_NAMES.join(', ')}; see shipguard --help)`);
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(commandHelp(command));
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command.name}: ${describeArgError(error)} (usage: shipguard ${command.usage})`);
  }
  if (parsed.positionals.length > command.maxPositionals) {
    throw new UsageError(`${command.name}: unexpected argument "${parsed.positionals[command.maxPositionals]}" (usage: shipguard ${command.usage})`);
  }
  return command.run(parsed, io);
}

function describeArgError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option ${unknown[1]}`;
  // "Option '-b, --base <value>' argument missing" / "Option '--base' argument is ambiguous"
  const missing = /Option '(?:-\w, )?(--[\w-]+)(?:[^\w'-][^']*)?' argument (?:missing|is ambiguous)/.exec(message);
  if (missing) return `option ${missing[1]} needs a value`;
  return message.split('\n')[0]!.replace(/\.$/, '');
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const io: CommandIO = { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr, readStdin };

// Installed before anything runs: config, preset and plugin code all run in this process.
const guard = guardProcess();
main(process.argv.slice(2), io).then(
  (code) => guard.finish(code),
  (error: unknown) => {
    // Config errors quote the file (`--config .env`), git errors quote what git printed.
    if (error instanceof ShipguardError) guard.fail(redactSecrets(error.message));
    else guard.fail(`internal error: ${redactSecrets(errorMessage(error).split('\n')[0]!)} (SHIPGUARD_DEBUG=1 prints the stack)`, error);
  },
);
