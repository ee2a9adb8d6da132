#!/usr/bin/env node
// The `gpesim` command: dispatches to a subcommand and turns every failure into a message and a
// non-zero exit status, never a stack trace.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileError, UsageError, type CommandIo } from './command';
import { COMMANDS } from './commands/index';

function version(): string {
  // dist/emulator/cli/main.js -> package.json three levels up (also right when run from source).
  for (const up of ['../../..', '../..']) {
    try {
      return (JSON.parse(readFileSync(join(__dirname, up, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      // try the next candidate
    }
  }
  return 'unknown';
}

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 4);
  return [
    'gpesim: emulator and toolchain for a reconfigurable 4 x 16-GPE RV32IMAF many-core',
    '',
    'Usage: gpesim <command> [options]    (gpesim <command> --help for its options)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  --help, -h     show this help',
    '  --version, -V  show the version',
  ].join('\n');
}

/**
 * `arg` reads `--harts -1` as a flag with no value ("option requires argument"): say what the
 * user meant instead (a negative number where none is allowed).
 */
function argErrorMessage(message: string, argv: readonly string[]): string {
  const m = /^option requires argument: (\S+)$/.exec(message);
  if (m === null) return message;
  const next = argv[argv.indexOf(m[1]!) + 1];
  if (next !== undefined && /^-\d/.test(next)) return `${m[1]} expects a value >= 0, got '${next}'`;
  return `${m[1]} needs a value`;
}

export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout(help() + '\n');
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-V') {
    io.stdout(`gpesim ${version()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    io.stderr(`gpesim: unknown command '${first}'. Commands: ${COMMANDS.map((c) => c.name).join(', ')}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage.trimEnd() + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof Error && error.name === 'ArgError')) {
      io.stderr(`gpesim ${command.name}: ${argErrorMessage(error.message, rest)}\n(see gpesim ${command.name} --help)\n`);
      return 2;
    }
    if (error instanceof FileError) {
      io.stderr(`gpesim ${command.name}: ${error.message}\n`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`gpesim ${command.name}: internal error: ${message}\n` +
      'This is a bug in gpesim; please report it with the command line that caused it.\n');
    if (process.env.GPESIM_DEBUG) io.stderr(`${(error as Error).stack ?? ''}\n`);
    return 70;
  }
}

if (require.main === module) {
  const io: CommandIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTty: process.stdout.isTTY === true,
    cwd: process.cwd(),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`gpesim: internal error: ${String(error)}\n`);
      process.exitCode = 70;
    },
  );
}
