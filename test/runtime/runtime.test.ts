// The runtime itself: memory persists across launches on one machine, host reconfiguration
// between launches is charged and reported, the functional and timed machines agree, the
// allocator's alignment and its out-of-memory error, and the stale-read hazard of worker blocks
// that share cache lines across launches.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, withModes } from '../../emulator/machine/config';
import { kernelImage } from '../../kernels/runtime/image';
import { KernelMachine, LaunchError } from '../../kernels/runtime/machine';
import { runKernel } from '../../kernels/runtime/kernel';
import { randomTensor, rng } from '../../kernels/runtime/data';
import { add, relu } from '../../kernels/reference/elementwise';

describe('host runtime', () => {
  const image = kernelImage();

  it('assembles the image once per source set', () => {
    expect(kernelImage()).toBe(image);
    expect(image.symbols.get('kernel_conv2d')).toBeTypeOf('number');
    expect(image.launchBlock % 64).toBe(0);
  });

  it('chains launches on one machine (memory persists) and reconfigures between them', () => {
    const m = new KernelMachine(image, { config: withModes(DEFAULT_CONFIG, 'SS') });
    const rand = rng(3);
    const a = randomTensor(rand, 500);
    const b = randomTensor(rand, 500);
    const pa = m.tensor(a);
    const pb = m.tensor(b);
    const s = m.alloc(500);
    const r = m.alloc(500);
    expect([pa, pb, s, r].every((p) => p % 64 === 0)).toBe(true);
    const l1 = m.launch('add', { a: pa, b: pb, y: s, count: 500 });
    expect(l1.reconfigCycles).toBe(0);
    expect(l1.modes).toBe('SS');
    const before = m.now;
    const l2 = m.launch('relu', { x: s, y: r, count: 500 }, { modes: 'PP' });
    expect(l2.modes).toBe('PP');
    // Clean caches after the write-back at the boundary: the switch latency alone.
    expect(l2.reconfigCycles).toBe(DEFAULT_CONFIG.reconfig.switchLatency);
    expect(l2.energy!.reconfigPj).toBe(DEFAULT_CONFIG.energy.reconfigPj);
    expect(m.now).toBe(before + l2.reconfigCycles + l2.cycles + l2.flushCycles);
    const l3 = m.launch('relu', { x: s, y: r, count: 500 }, { modes: 'PP' });
    expect(l3.reconfigCycles).toBe(0);
    expect(Array.from(m.read(r, 500))).toEqual(Array.from(relu(add(a, b))));
    expect(m.launches).toHaveLength(3);
  });

  it('gives the same results on the functional machine, without timing', () => {
    const shape = { batch: 2, cin: 2, h: 7, w: 9, cout: 3, k: 3, stride: 2, pad: 1 };
    const f = runKernel(new KernelMachine(image), 'conv2d', shape, { seed: 5 });
    const t = runKernel(new KernelMachine(image, { config: DEFAULT_CONFIG }), 'conv2d', shape, { seed: 5 });
    expect(f.comparison.y!.mismatches).toBe(0);
    expect(Array.from(f.outputs.y!)).toEqual(Array.from(t.outputs.y!));
    expect(f.launches[0]!.cycles).toBe(0);
    expect(f.launches[0]!.modes).toBeNull();
    expect(f.launches[0]!.instructions).toBe(t.launches[0]!.instructions);
  });

  it('refuses what does not fit in emulated memory', () => {
    const m = new KernelMachine(image, { memorySize: 0x20_0000 });
    expect(() => m.alloc(1 << 20)).toThrow(LaunchError);
    expect(() => runKernel(m, 'fc', { batch: 1, inFeatures: 1024, outFeatures: 1024, act: 'none' })).toThrow(/do not fit in emulated memory/);
  });

  it('counts the MACs the kernel performs and reports them per cycle', () => {
    const m = new KernelMachine(image, { config: DEFAULT_CONFIG });
    const run = runKernel(m, 'conv2d', { batch: 1, cin: 1, h: 4, w: 4, cout: 1, k: 3, stride: 1, pad: 1 });
    // 4x4 output, 3x3 taps inside the input: corners 4, edges 6, inside 9 -> 4*4 + 8*6 + 4*9.
    expect(run.macs).toBe(4 * 4 + 8 * 6 + 4 * 9);
  });

  it('reports stale reads when workers of one launch share output lines read by the next', () => {
    // A user's relu (the runtime's kernel override) that hands out elements round robin, so every
    // output line is written by 16 workers; the shipped relu splits on whole lines.
    const roundRobin = kernelImage({
      id: 'relu',
      path: 'relu-round-robin.s',
      text: `
  .text
  .globl kernel_relu
kernel_relu:                # y[i] = max(x[i], 0) for i = w, w + W, w + 2W, ...
  lw t0, 0(a0)
  lw t1, 4(a0)
  lw t2, 8(a0)
  fmv.w.x ft1, zero
1:
  bgeu a1, t2, 2f
  slli t3, a1, 2
  add t4, t0, t3
  flw ft0, 0(t4)
  fmax.s ft0, ft0, ft1
  add t4, t1, t3
  fsw ft0, 0(t4)
  add a1, a1, a2
  j 1b
2:
  ret
`,
    });
    const x = randomTensor(rng(9), 1000, 0.5, 1.5);
    const stale = (img: typeof image, workers: number) => {
      const m = new KernelMachine(img, { config: withModes(DEFAULT_CONFIG, 'PP') });
      const px = m.tensor(x);
      const y = m.alloc(1000);
      const z = m.alloc(1000);
      const first = m.launch('relu', { x: px, y, count: 1000 }, { workers });
      // One worker reads every line of y: from memory, where each line is the last write-back.
      const next = m.launch('relu', { x: y, y: z, count: 1000 }, { workers: 1 });
      expect(Array.from(m.read(z, 1000))).toEqual(Array.from(relu(x)));
      return { first: first.staleReads, next: next.staleReads };
    };
    expect(stale(roundRobin, 64).next).toBeGreaterThan(0);
    expect(stale(roundRobin, 1)).toEqual({ first: 0, next: 0 });
    expect(stale(image, 64)).toEqual({ first: 0, next: 0 });
  });
});
