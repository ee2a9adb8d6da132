// Finding and running the GNU RISC-V tools the interop tests compare against.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MARCH = '-march=rv32imaf_zicsr_zifencei';
export const MABI = '-mabi=ilp32f';

export function hasTool(name: string): boolean {
  const r = spawnSync(name, ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

/** Logs which tool is missing so a skipped interop test is visible in the run's output. */
export function requireTools(...names: string[]): boolean {
  const missing = names.filter((n) => !hasTool(n));
  if (missing.length > 0) console.warn(`SKIPPED interop tests: missing ${missing.join(', ')}`);
  return missing.length === 0;
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(cmd: string, args: readonly string[], cwd?: string): RunResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd, maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Runs a tool and throws with its stderr when it fails. */
export function runOk(cmd: string, args: readonly string[], cwd?: string): string {
  const r = run(cmd, args, cwd);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `gpesim-${prefix}-`));
}

/** Assembles and links `source` with GNU as + ld (no relaxation); returns the ELF path. */
export function gnuAssembleAndLink(dir: string, name: string, source: string, ldArgs: readonly string[] = []): string {
  const src = join(dir, `${name}.s`);
  writeFileSync(src, source);
  runOk('riscv64-unknown-elf-as', [MARCH, MABI, '-mno-relax', '-o', join(dir, `${name}.o`), src]);
  const out = join(dir, `${name}.elf`);
  runOk('riscv64-unknown-elf-ld', ['-m', 'elf32lriscv', '--no-relax', ...ldArgs, '-o', out, join(dir, `${name}.o`)]);
  return out;
}
