// Shared helpers of `npm run bench` (test/bench/run.ts): repeated measurement with min / median /
// max, wall and CPU time, our assembler for the programs, qemu-riscv32 timing, table formatting.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble } from '../../toolchain/asm/index';
import { formatDiagnostic } from '../../toolchain/diagnostics';
import { readElf } from '../../toolchain/elf/reader';
import type { ElfImage } from '../../toolchain/elf/types';

/** Timed runs per measurement (one more warm-up run is made and left out). */
export const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5) | 0);
export const PROGRAMS_DIR = join(__dirname, '../../../test/bench/programs');

export interface Stats {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

export function stats(values: readonly number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return { min: NaN, median: NaN, max: NaN };
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { min: s[0]!, median, max: s[s.length - 1]! };
}

/** "min / median / max" with `digits` decimals. */
export function fmt(s: Stats, digits = 0): string {
  return `${s.min.toFixed(digits)} / ${s.median.toFixed(digits)} / ${s.max.toFixed(digits)}`;
}

export function ratio(a: number | undefined, b: number | undefined): string {
  return a !== undefined && b !== undefined && b > 0 && Number.isFinite(a) && Number.isFinite(b) ? (a / b).toFixed(2) : '-';
}

export function hasTool(tool: string): boolean {
  return spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** One measured run: instructions retired, and the wall and CPU seconds of what was timed. */
export interface Sample {
  readonly instructions: number;
  readonly wall: number;
  readonly cpu: number;
}

export interface Measured {
  readonly instructions: number;
  /** MIPS by wall seconds and by this process's CPU seconds (the timed runs, warm-up left out). */
  readonly wallMips: Stats;
  readonly cpuMips: Stats;
  readonly wallSeconds: Stats;
  readonly cpuSeconds: Stats;
  /** Wall MIPS of the warm-up run. */
  readonly warmMips: number;
}

/**
 * Runs `once` one warm-up time and then RUNS times. Every run must retire the same number of
 * instructions (the programs are deterministic), else the bench stops.
 */
export function measure(label: string, once: () => Sample, runs = RUNS, warmUp = true): Measured {
  const samples: Sample[] = [];
  let warmMips = NaN;
  let count = -1;
  for (let k = warmUp ? 0 : 1; k <= runs; k++) {
    const s = once();
    if (count >= 0 && s.instructions !== count) throw new Error(`${label}: run ${k} retired ${s.instructions} instructions, an earlier run ${count}`);
    count = s.instructions;
    if (k === 0) warmMips = s.instructions / s.wall / 1e6;
    else samples.push(s);
  }
  return {
    instructions: count,
    wallMips: stats(samples.map((s) => s.instructions / s.wall / 1e6)),
    cpuMips: stats(samples.map((s) => s.instructions / Math.max(s.cpu, 1e-6) / 1e6)),
    wallSeconds: stats(samples.map((s) => s.wall)),
    cpuSeconds: stats(samples.map((s) => s.cpu)),
    warmMips,
  };
}

/** Wall and CPU seconds of `f` (CPU: this process's user + system time). */
export function timeIt<T>(f: () => T): { value: T; wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const value = f();
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1e6 };
}

/**
 * Assembles test/bench/programs/`file` with our assembler (toolchain/asm), writes the ELF into
 * `dir` (for qemu-riscv32) and returns its path and image.
 */
export function assembleProgram(file: string, dir: string): { path: string; image: ElfImage } {
  const path = join(PROGRAMS_DIR, file);
  const r = assemble([{ path, text: readFileSync(path, 'utf8') }]);
  if (r.elf === undefined) throw new Error(`${file} does not assemble:\n${r.diagnostics.map((d) => formatDiagnostic(d)).join('\n')}`);
  const out = join(dir, file.replace(/\.s$/, '.elf'));
  writeFileSync(out, r.elf, { mode: 0o755 }); // qemu-riscv32 refuses a file without the execute bit
  return { path: out, image: readElf(r.elf) };
}

/** Wall and CPU seconds of one qemu-riscv32 run (start-up included; CPU from the shell's `times`). */
export function timeQemu(elf: string): { wall: number; cpu: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', 'qemu-riscv32 "$1" >/dev/null; s=$?; times; exit $s', 'bench', elf], { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`qemu-riscv32 ${elf} exited with ${r.status}`);
  // `times` prints the shell's user/sys, then its children's: "0m0.071s 0m0.036s".
  const children = r.stdout.trim().split('\n').pop() ?? '';
  const secs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return { wall, cpu: secs.reduce((a, b) => a + b, 0) };
}

/** A plain text table: columns padded to their widest cell. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
