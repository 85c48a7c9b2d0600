// shipguard command line: parse, dispatch, turn every error into one line and an exit code.
import { parseArgs } from 'node:util';
import { buildCommand } from './commands/build.js';
import { ciCommand, checkCommand, preCommitCommand, prePushCommand } from './commands/check.js';
import { explainCommand } from './commands/explain.js';
import { initCommand } from './commands/init.js';
import { printConfigCommand } from './commands/print-config.js';
import { scanCommand } from './commands/scan.js';
import { baselineCommand } from './commands/baseline.js';
import type { Command, CommandIO } from './commands/types.js';
import { ShipguardError, UsageError } from './errors.js';
import { packageVersion } from './paths.js';

const COMMANDS: Command[] = [
  initCommand,
  preCommitCommand,
  prePushCommand,
  ciCommand,
  checkCommand,
  buildCommand,
  scanCommand,
  baselineCommand,
  explainCommand,
  printConfigCommand,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    'shipguard - stop unsafe changes before they leave your machine',
    '',
    'Usage: shipguard <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Options for pre-commit, pre-push, ci and check:',
    '  -f, --format <pretty|json|sarif|github>   output format (default: pretty)',
    '  -c, --config <file>                       use this config file instead of searching',
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
    io.stdout.write(help());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) throw new UsageError(`unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')}; see shipguard --help)`);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`Usage: shipguard ${command.usage}\n\n${command.summary}\n`);
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
  const missing = /Option '(?:-\w, )?(--[\w-]+)[^']*' argument (?:missing|is ambiguous)/.exec(message);
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

main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ShipguardError) {
      process.stderr.write(`shipguard: ${error.message}\n`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`shipguard: internal error: ${message.split('\n')[0]} (SHIPGUARD_DEBUG=1 prints the stack)\n`);
      if (process.env.SHIPGUARD_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    }
    process.exitCode = 2;
  },
);
