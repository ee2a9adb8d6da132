// The external side of the differential tests: Debian's RISC-V gcc/as/ld build the programs,
// qemu-riscv32 (user mode) runs them as the reference. Everything here is a thin wrapper over
// child processes; the tests decide what to compare.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GCC = 'riscv64-unknown-elf-gcc';
export const AS = 'riscv64-unknown-elf-as';
export const LD = 'riscv64-unknown-elf-ld';
export const QEMU = 'qemu-riscv32';

/** The target of every differential program: the GPE's ISA, hard-float ABI, no compressed code. */
export const MARCH = 'rv32imaf_zicsr_zifencei';
export const MABI = 'ilp32f';

/** True when `tool --version` runs; tests skip with a message naming the tool otherwise. */
export function hasTool(tool: string): boolean {
  const probe = spawnSync(tool, ['--version'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

/** The tools a suite needs that are missing here, for the skip message. */
export function missingTools(tools: readonly string[]): string[] {
  return tools.filter((t) => !hasTool(t));
}

export interface ProcessResult {
  readonly stdout: string;
  readonly stderr: string;
  /** The exit status, or 128 + signal number when the process was killed by a signal. */
  readonly exitCode: number;
}

const SIGNALS: Record<string, number> = { SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9, SIGSEGV: 11, SIGTERM: 15 };

/** Runs a process to completion; never rejects (a spawn failure becomes exit code 127). */
export function run(file: string, args: readonly string[], timeoutMs = 30_000): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(file, args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) {
        resolve({ stdout, stderr, exitCode: 0 });
        return;
      }
      const e = error as NodeJS.ErrnoException & { code?: number | string; signal?: string | null };
      let exitCode: number;
      if (typeof e.code === 'number') exitCode = e.code;
      else if (e.signal) exitCode = 128 + (SIGNALS[e.signal] ?? 0);
      else exitCode = 127;
      resolve({ stdout, stderr: stderr + (typeof e.code === 'string' ? `${file}: ${e.message}` : ''), exitCode });
    });
  });
}

/** Runs a builder (gcc, as, ld) and throws with its diagnostics when it fails. */
async function build(file: string, args: readonly string[]): Promise<void> {
  const result = await run(file, args, 120_000);
  if (result.exitCode !== 0) {
    throw new Error(`${file} ${args.join(' ')} failed (exit ${result.exitCode}):\n${result.stderr}`);
  }
}

export const GCC_FLAGS: readonly string[] = [
  `-march=${MARCH}`, `-mabi=${MABI}`, '-O2', '-nostdlib', '-static', '-ffreestanding', '-fno-builtin',
  '-mno-relax', '-Wl,--no-relax', '-Wl,--no-warn-rwx-segments', '-Wall', '-Wextra', '-Werror',
];

/**
 * libgcc for the helpers gcc calls (64-bit division...). gcc 12 does not match
 * rv32imaf_zicsr to a multilib (it falls back to the rv64 default), so take rv32imf/ilp32f's:
 * same ABI, no compressed instructions.
 */
export function libgccPath(): string {
  const probe = spawnSync(GCC, ['-march=rv32imf', `-mabi=${MABI}`, '-print-libgcc-file-name'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : '-lgcc';
}

/** Compiles and links C/assembly sources into one static ELF (with libgcc last). */
export async function compileC(sources: readonly string[], output: string, extraFlags: readonly string[] = []): Promise<void> {
  await build(GCC, [...GCC_FLAGS, ...extraFlags, '-o', output, ...sources, libgccPath()]);
}

/** Assembles GNU-syntax text and links it at GNU ld's default address. */
export async function assembleAndLink(sourcePath: string, objectPath: string, elfPath: string): Promise<void> {
  await build(AS, [`-march=${MARCH}`, `-mabi=${MABI}`, '-mno-relax', '-o', objectPath, sourcePath]);
  await link(objectPath, elfPath);
}

/** Links one object with GNU ld's default script, optionally forcing the .data address. */
export async function link(objectPath: string, elfPath: string, dataAddress?: number): Promise<void> {
  const extra = dataAddress === undefined ? [] : [`-Tdata=0x${dataAddress.toString(16)}`];
  await build(LD, ['-m', 'elf32lriscv', '--no-relax', '-e', '_start', '--no-warn-rwx-segments', ...extra, '-o', elfPath, objectPath]);
}

/** Runs a RISC-V ELF under qemu-riscv32 user mode. */
export function runQemu(elfPath: string, timeoutMs = 30_000): Promise<ProcessResult> {
  return run(QEMU, [elfPath], timeoutMs);
}

/** A fresh directory under the OS temp dir, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs async jobs with at most `limit` in flight (this machine has 2 cores). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, job: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await job(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Describes the first difference between two outputs, with its 1-based line number and both
 * lines, or undefined when they are equal. Used in failure messages so that a developer sees the
 * offending operands at once instead of a 10,000-line diff.
 */
export function firstDifference(expected: string, actual: string): string | undefined {
  if (expected === actual) return undefined;
  const e = expected.split('\n');
  const a = actual.split('\n');
  const n = Math.max(e.length, a.length);
  for (let i = 0; i < n; i++) {
    if (e[i] !== a[i]) {
      const show = (line: string | undefined) => (line === undefined ? '<end of output>' : JSON.stringify(line));
      return `first difference at line ${i + 1}:\n  qemu:   ${show(e[i])}\n  gpesim: ${show(a[i])}` +
        (i > 0 ? `\n  (previous line, equal: ${JSON.stringify(e[i - 1])})` : '');
    }
  }
  return 'outputs differ only in a trailing newline';
}
