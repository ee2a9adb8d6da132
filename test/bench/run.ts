// `npm run bench`: functional-mode speed of the GPE core, beside qemu-riscv32 on the same ELF.
//
// Each program (test/bench/programs/*.s) is assembled once, then run RUNS times in this process
// (a fresh machine each time; the first run also pays for JIT warm-up, so it is reported apart
// and left out of min/median/max). MIPS = retired instructions / host seconds of the run loop.
// QEMU's MIPS = the same instruction count (gpesim's, one hart) / qemu-riscv32 wall time, so its
// start-up (~10-20 ms) is included: the programs run long enough for that to be small.
// Both wall-clock and CPU-time figures are given: on a shared machine other processes steal the
// cores, and CPU time (this process's user+system time, qemu's from the shell's `times`) shows
// what the emulator itself costs.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readElf } from '../../toolchain/elf/reader';
import { runProgram } from '../../emulator/machine/functional';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
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
  const obj = join(dir, file.replace(/\.s$/, '.o'));
  const elf = join(dir, file.replace(/\.s$/, '.elf'));
  execFileSync('riscv64-unknown-elf-as', ['-march=rv32imaf_zicsr_zifencei', '-mabi=ilp32f', '-mno-relax', '-o', obj, join(PROGRAMS_DIR, file)]);
  execFileSync('riscv64-unknown-elf-ld', ['-m', 'elf32lriscv', '--no-relax', '-o', elf, obj]);
  return elf;
}

function stats(values: number[]): { min: number; median: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor(s.length / 2)]!, max: s[s.length - 1]! };
}

/** Wall and CPU seconds of one qemu-riscv32 run. */
function timeQemu(elf: string): { wall: number; cpu: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', 'qemu-riscv32 "$1" >/dev/null; s=$?; times; exit $s', 'bench', elf], { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`qemu-riscv32 ${elf} exited with ${r.status}`);
  // `times` prints the shell's user/sys, then its children's: "0m0.071s 0m0.036s".
  const children = r.stdout.trim().split('\n').pop() ?? '';
  const secs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return { wall, cpu: secs.reduce((a, b) => a + b, 0) };
}

function fmt(s: { min: number; median: number; max: number }): string {
  return `${s.min.toFixed(0)} / ${s.median.toFixed(0)} / ${s.max.toFixed(0)}`;
}

function main(): void {
  if (!hasTool('riscv64-unknown-elf-as')) {
    console.log('bench: skipped, riscv64-unknown-elf-as is not installed (needed to build the programs)');
    return;
  }
  const qemu = hasTool('qemu-riscv32');
  if (!qemu) console.log('bench: qemu-riscv32 not installed; gpesim figures only');
  const dir = mkdtempSync(join(tmpdir(), 'gpesim-bench-'));
  try {
    console.log(`gpesim functional-mode benchmark (${RUNS} timed runs after one warm-up run; MIPS min / median / max)`);
    for (const bench of BENCHES) {
      const elfPath = assemble(bench.file, dir);
      const image = readElf(new Uint8Array(readFileSync(elfPath)));
      const wall: number[] = [];
      const cpu: number[] = [];
      let warm = 0;
      let instructions = 0;
      for (let k = 0; k <= RUNS; k++) {
        const c0 = process.cpuUsage();
        const r = runProgram(image, { harts: bench.harts });
        const c = process.cpuUsage(c0);
        if (r.exitCode !== 0) throw new Error(`${bench.file} exited with ${r.exitCode}: ${r.faults[0]?.message ?? ''}`);
        instructions = r.instructions;
        if (k === 0) {
          warm = r.mips;
        } else {
          wall.push(r.mips);
          cpu.push(instructions / ((c.user + c.system) / 1e6) / 1e6);
        }
      }
      const gw = stats(wall);
      const gc = stats(cpu);
      console.log(`${bench.name}: ${(instructions / 1e6).toFixed(1)} M instructions`);
      console.log(`  gpesim  wall ${fmt(gw)} MIPS   cpu ${fmt(gc)} MIPS   (first run, with JIT warm-up: ${warm.toFixed(0)} MIPS wall)`);
      if (qemu) {
        const one = bench.harts === 1 ? instructions : runProgram(image, { harts: 1 }).instructions;
        const runs = Array.from({ length: RUNS }, () => timeQemu(elfPath));
        const qw = stats(runs.map((t) => one / t.wall / 1e6));
        const qc = stats(runs.map((t) => one / Math.max(t.cpu, 1e-3) / 1e6));
        console.log(`  qemu    wall ${fmt(qw)} MIPS   cpu ${fmt(qc)} MIPS   (${one} instructions, one hart)`);
        console.log(`  ratio gpesim/qemu (medians): wall ${(gw.median / qw.median).toFixed(2)}, cpu ${(gc.median / qc.median).toFixed(2)}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
