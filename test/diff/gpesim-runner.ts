// The one place where the differential tests reach gpesim: `gpesim run <elf> --harts 1`, called
// in-process through the CLI's `main` with a CommandIo that captures stdout and stderr. Going
// through the command (not a library function) tests exactly what a user runs, exit code
// included.
import { main } from '../../emulator/cli/main';
import { COMMANDS } from '../../emulator/cli/commands/index';
import type { CommandIo } from '../../emulator/cli/command';
import type { ProcessResult } from './tools';

/** Why gpesim cannot run programs yet, or undefined when `gpesim run` is registered. */
export function gpesimUnavailable(): string | undefined {
  return COMMANDS.some((c) => c.name === 'run') ? undefined : 'gpesim run not built yet (no `run` command in emulator/cli/commands)';
}

/** Upper bound on retired instructions, so that a gpesim bug that loops shows up as a failure. */
export const MAX_INSTRUCTIONS = 200_000_000;

/** Runs an ELF on one gpesim hart; the same result shape as a qemu run. */
export async function runGpesim(elfPath: string, cwd: string, extraArgs: readonly string[] = []): Promise<ProcessResult> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    isTty: false,
    cwd,
  };
  const run = COMMANDS.find((c) => c.name === 'run');
  const args = ['run', elfPath, '--functional', '--harts', '1', ...extraArgs];
  if (run?.usage.includes('--max-instructions')) args.push('--max-instructions', String(MAX_INSTRUCTIONS));
  const exitCode = await main(args, io);
  return { stdout, stderr, exitCode };
}
