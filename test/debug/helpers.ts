// Shared by the debugger tests: the test programs built with GNU as -g + ld, and a way to run
// `gpesim debug` in-process with a command script.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../emulator/cli/main';
import { readElf } from '../../toolchain/elf/reader';
import type { ElfImage } from '../../toolchain/elf/types';
import { MABI, MARCH, requireTools, runOk, tempDir } from '../elf/tools';

export const hasGnu = requireTools('riscv64-unknown-elf-as', 'riscv64-unknown-elf-ld');

let dir: string | undefined;
const built = new Map<string, string>();

/** Path of test/debug/programs/NAME.s assembled with -g and linked (cached per run). */
export function programElf(name: string): string {
  let elf = built.get(name);
  if (elf === undefined) {
    dir ??= tempDir('debug');
    const src = join(__dirname, 'programs', `${name}.s`);
    const obj = join(dir, `${name}.o`);
    elf = join(dir, `${name}.elf`);
    runOk('riscv64-unknown-elf-as', [MARCH, MABI, '-mno-relax', '-g', '-o', obj, src]);
    runOk('riscv64-unknown-elf-ld', ['-m', 'elf32lriscv', '--no-relax', '-o', elf, obj]);
    built.set(name, elf);
  }
  return elf;
}

export function programImage(name: string): ElfImage {
  return readElf(readFileSync(programElf(name)));
}

export function programSource(name: string): string {
  return join(__dirname, 'programs', `${name}.s`);
}

/** Runs `gpesim debug` with `commands` as its script; returns stdout, stderr and the status. */
export async function debugScript(args: readonly string[], commands: readonly string[]): Promise<{ out: string; err: string; status: number }> {
  dir ??= tempDir('debug');
  const script = join(dir, `script-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(script, commands.join('\n') + '\n');
  let out = '';
  let err = '';
  const status = await main(['debug', ...args, '--commands', script], {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    isTty: false,
    cwd: join(__dirname, 'programs'),
  });
  return { out, err, status };
}

/** The output `command` printed in a transcript (between its prompt line and the next prompt). */
export function section(out: string, command: string, occurrence = 0): string {
  const parts = out.split('(gpesim) ');
  const hits = parts.filter((p) => p.startsWith(command + '\n'));
  const p = hits[occurrence];
  if (p === undefined) throw new Error(`no '${command}' #${occurrence} in transcript:\n${out}`);
  return p.slice(command.length + 1);
}
