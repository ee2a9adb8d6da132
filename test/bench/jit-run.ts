// `node dist/test/bench/jit-run.js`: the block translator (emulator/core/translator.ts) beside the
// interpreter and qemu-riscv32, functional mode, on test/bench/programs/*.s.
//
// Each program is assembled once with GNU as/ld. Per engine: one warm-up run (reported apart),
// then RUNS timed runs on a fresh machine each; MIPS = retired instructions / host seconds of the
// machine's run loop (RunResult.mips). qemu: the same instruction count / wall time of
// qemu-riscv32 (start-up included); cpu: the same count / this process's CPU seconds of the run
// (other processes on a shared machine steal wall time, not CPU time). Both engines must retire the same instruction count and exit
// code, else the bench stops. Environment: BENCH_RUNS (default 5), BENCH_ONLY (substring of a
// program name), BENCH_SCALE (multiplies the loop counts where the program has `li t1, N`).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readElf } from '../../toolchain/elf/reader';
import type { ElfImage } from '../../toolchain/elf/types';
import { FunctionalMachine, type RunResult } from '../../emulator/machine/functional';
import { jitEngine, useEngine } from '../../emulator/core/translator';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ONLY = process.env.BENCH_ONLY ?? '';
const PROGRAMS_DIR = join(__dirname, '../../../test/bench/programs');

interface Bench {
  readonly name: string;
  readonly file: string;
  readonly harts: number;
}

const BENCHES: readonly Bench[] = [
  { name: 'integer loop, 1 hart', file: 'int-loop.s', harts: 1 },
  { name: 'FP loop, 1 hart', file: 'fp-loop.s', harts: 1 },
  { name: 'memory loop, 1 hart', file: 'mem-loop.s', harts: 1 },
  { name: 'data-parallel, 64 harts', file: 'parallel.s', harts: 64 },
];

function hasTool(tool: string): boolean {
  return spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
}

function assemble(file: string, dir: string): string {
  const src = join(dir, file);
  writeFileSync(src, readFileSync(join(PROGRAMS_DIR, file), 'utf8'));
  const obj = join(dir, file.replace(/\.s$/, '.o'));
  const elf = join(dir, file.replace(/\.s$/, '.elf'));
  execFileSync('riscv64-unknown-elf-as', ['-march=rv32imaf_zicsr_zifencei', '-mabi=ilp32f', '-mno-relax', '-o', obj, src]);
  execFileSync('riscv64-unknown-elf-ld', ['-m', 'elf32lriscv', '--no-relax', '-o', elf, obj]);
  return elf;
}

function stats(values: number[]): { min: number; median: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor(s.length / 2)]!, max: s[s.length - 1]! };
}

function fmt(s: { min: number; median: number; max: number }): string {
  return `${s.min.toFixed(0)} / ${s.median.toFixed(0)} / ${s.max.toFixed(0)}`;
}

function run(image: ElfImage, harts: number, engine: 'interp' | 'jit'): RunResult & { cpuMips: number } {
  const m = new FunctionalMachine(image, { harts });
  if (engine === 'jit') useEngine(m.harts, jitEngine);
  const c0 = process.cpuUsage();
  const r = m.run();
  const c = process.cpuUsage(c0);
  return { ...r, cpuMips: r.instructions / ((c.user + c.system) / 1e6) / 1e6 };
}

function main(): void {
  if (!hasTool('riscv64-unknown-elf-as')) {
    console.log('jit bench: skipped, riscv64-unknown-elf-as is not installed (needed to build the programs)');
    return;
  }
  const qemu = hasTool('qemu-riscv32');
  const dir = mkdtempSync(join(tmpdir(), 'gpesim-jit-bench-'));
  try {
    console.log(`translator vs interpreter vs qemu-riscv32 (${RUNS} timed runs after one warm-up; MIPS min / median / max, wall)`);
    for (const bench of BENCHES) {
      if (!bench.file.includes(ONLY) && !bench.name.includes(ONLY)) continue;
      const image = readElf(new Uint8Array(readFileSync(assemble(bench.file, dir))));
      const medians: Record<string, number> = {};
      let count = -1;
      console.log(`${bench.name}:`);
      for (const engine of ['interp', 'jit'] as const) {
        const mips: number[] = [];
        const cpu: number[] = [];
        let warm = 0;
        for (let k = 0; k <= RUNS; k++) {
          const r = run(image, bench.harts, engine);
          if (r.exitCode !== 0) throw new Error(`${bench.file} (${engine}) exited with ${r.exitCode}`);
          if (count >= 0 && r.instructions !== count) throw new Error(`${bench.file}: ${engine} retired ${r.instructions}, expected ${count}`);
          count = r.instructions;
          if (k === 0) warm = r.mips;
          else {
            mips.push(r.mips);
            cpu.push(r.cpuMips);
          }
        }
        const s = stats(mips);
        medians[engine] = s.median;
        console.log(`  ${engine.padEnd(6)} wall ${fmt(s)} MIPS  cpu ${fmt(stats(cpu))}  (warm-up run ${warm.toFixed(0)})  ${(count / 1e6).toFixed(1)} M instructions`);
      }
      if (qemu) {
        const elf = join(dir, bench.file.replace(/\.s$/, '.elf'));
        const one = bench.harts === 1 ? count : run(image, 1, 'interp').instructions;
        const q: number[] = [];
        for (let k = 0; k < RUNS; k++) {
          const t0 = process.hrtime.bigint();
          const r = spawnSync('qemu-riscv32', [elf], { stdio: 'ignore' });
          if (r.status !== 0) throw new Error(`qemu-riscv32 ${elf} exited with ${r.status}`);
          q.push(one / (Number(process.hrtime.bigint() - t0) / 1e9) / 1e6);
        }
        const s = stats(q);
        medians.qemu = s.median;
        console.log(`  qemu   ${fmt(s)} MIPS  (${(one / 1e6).toFixed(1)} M instructions, one hart)`);
      }
      const ratio = (a: string, b: string) => (medians[a] !== undefined && medians[b] !== undefined ? (medians[a]! / medians[b]!).toFixed(2) : '-');
      console.log(`  medians: jit/interp ${ratio('jit', 'interp')}, jit/qemu ${ratio('jit', 'qemu')}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
