// `node dist/test/bench/jit-kernels.js`: conv2d and fc on the kernel runtime (functional mode),
// interpreter vs block translator, over worker counts (harts) and problem sizes. Each case runs
// RUNS times on a fresh KernelMachine per engine (plus one warm-up run left out); host seconds
// of the machine's run loop (RunResult.hostSeconds); aggregate MIPS = retired instructions (all harts) / host seconds. Both engines
// must retire the same instruction count and produce bit-identical outputs.
// Environment: BENCH_RUNS (default 3), BENCH_ONLY (substring of the case label), BENCH_CPU=1.
import { KernelMachine } from '../../kernels/runtime/machine';
import { kernelImage } from '../../kernels/runtime/image';
import { runKernel, type AnyShape, type KernelRun } from '../../kernels/runtime/kernel';
import type { KernelId } from '../../kernels/reference';
import { jitEngine, useEngine } from '../../emulator/core/translator';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ONLY = process.env.BENCH_ONLY ?? '';
/** BENCH_CPU=1: CPU seconds of this process instead of wall seconds (shared machines). */
const CPU = process.env.BENCH_CPU === '1';

interface Case {
  readonly label: string;
  readonly id: KernelId;
  readonly shape: AnyShape;
  readonly workers: number;
}

const small = { batch: 2, cin: 3, h: 15, w: 17, cout: 4, k: 3, stride: 1, pad: 1 };
const large = { batch: 4, cin: 8, h: 32, w: 32, cout: 16, k: 3, stride: 1, pad: 1 };
const fcSmall = { batch: 1, inFeatures: 128, outFeatures: 10, act: 'relu' };
const fcLarge = { batch: 8, inFeatures: 1024, outFeatures: 256, act: 'relu' };

const CASES: readonly Case[] = [
  { label: 'conv2d small, 64 harts', id: 'conv2d', shape: small, workers: 64 },
  { label: 'conv2d large, 1 hart', id: 'conv2d', shape: large, workers: 1 },
  { label: 'conv2d large, 16 harts', id: 'conv2d', shape: large, workers: 16 },
  { label: 'conv2d large, 64 harts', id: 'conv2d', shape: large, workers: 64 },
  { label: 'fc small, 64 harts', id: 'fc', shape: fcSmall, workers: 64 },
  { label: 'fc large, 64 harts', id: 'fc', shape: fcLarge, workers: 64 },
];

function once(c: Case, engine: 'interp' | 'jit'): { seconds: number; instructions: number; run: KernelRun } {
  const m = new KernelMachine(kernelImage());
  if (engine === 'jit') useEngine(m.harts, jitEngine);
  // Only the machine's run loop is timed (not input generation, the host reference, the compare).
  let seconds = 0;
  const f = m.functional;
  const inner = f.run.bind(f);
  f.run = (options) => {
    const c0 = process.cpuUsage();
    const r = inner(options);
    const c = process.cpuUsage(c0);
    seconds += CPU ? (c.user + c.system) / 1e6 : r.hostSeconds;
    return r;
  };
  const run = runKernel(m, c.id, c.shape, { workers: c.workers });
  const instructions = run.launches.reduce((s, l) => s + l.instructions, 0);
  return { seconds, instructions, run };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function main(): void {
  console.log(`kernels, functional mode: interpreter vs translator (${RUNS} runs after one warm-up; MIPS min / median / max, ${CPU ? 'CPU' : 'wall'} seconds median)`);
  for (const c of CASES) {
    if (!c.label.includes(ONLY)) continue;
    const medians: Record<string, number> = {};
    let count = -1;
    let outputs: string | undefined;
    for (const engine of ['interp', 'jit'] as const) {
      const mips: number[] = [];
      const secs: number[] = [];
      for (let k = 0; k <= RUNS; k++) {
        const r = once(c, engine);
        const out = JSON.stringify(Object.values(r.run.outputs).map((a) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length))));
        if (count >= 0 && (r.instructions !== count || out !== outputs)) throw new Error(`${c.label}: ${engine} differs from the interpreter`);
        count = r.instructions;
        outputs = out;
        if (k > 0) {
          mips.push(r.instructions / r.seconds / 1e6);
          secs.push(r.seconds);
        }
      }
      const s = [...mips].sort((a, b) => a - b);
      medians[engine] = median(mips);
      console.log(
        `${c.label.padEnd(24)} ${engine.padEnd(6)} ${s[0]!.toFixed(0)} / ${median(mips).toFixed(0)} / ${s[s.length - 1]!.toFixed(0)} MIPS` +
          `  ${median(secs).toFixed(3)} s  ${(count / 1e6).toFixed(2)} M instructions`,
      );
    }
    console.log(`${''.padEnd(24)} jit/interp ${(medians.jit! / medians.interp!).toFixed(2)}`);
  }
}

main();
