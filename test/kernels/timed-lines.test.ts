// Output lines are never written by two workers of one launch, so on the timed machine with
// private, non-coherent caches the stale-read detector stays silent when the next launch reads
// the outputs, even when the output count is not a multiple of 16 or of the worker count (10 and
// 1150 rows). fc and lstm-cell keep the balanced split (ceil(N/W) rows, ceil(H/W) units per
// worker) and have each line shared by several workers (for fc also by the end of one batch item
// and the start of the next) written by one of them: deposits at memory, the last to finish copies
// the line. 0 stale reads also when the outputs are not 64-byte aligned (an LSTM layer's
// hs + t*H, fc's y placed off a line boundary). With plain stores of the balanced split these
// cases reported stale reads (fc 1150 rows: 448 in PP; batch 3 x 1150 rows per item: 916; lstm
// hidden 23: 42, hidden 400: 442). Outputs stay bit for bit equal to the references.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, MODE_NAMES, withModes, type ModeName } from '../../emulator/machine/config';
import * as ref from '../../kernels/reference';
import { kernelImage } from '../../kernels/runtime/image';
import { expectLineOwning } from './line-ownership';
import { KernelMachine } from '../../kernels/runtime/machine';
import { runKernel } from '../../kernels/runtime/kernel';
import { firstBitMismatch } from './qemu';
import { randomTensor, rng } from './random';

/** Kernel, shape, modes; optionally each output placed this many floats past a line boundary. */
const ONE_LAUNCH: [ref.DescribedKernel, Record<string, unknown>, readonly ModeName[], Record<string, number>?][] = [
  ['fc', { batch: 1, inFeatures: 128, outFeatures: 10, act: 'relu' }, MODE_NAMES],
  ['fc', { batch: 1, inFeatures: 6, outFeatures: 1150, act: 'none' }, ['PP', 'SP']],
  ['fc', { batch: 3, inFeatures: 5, outFeatures: 64 * 3, act: 'sigmoid' }, ['PP']],
  ['fc', { batch: 3, inFeatures: 7, outFeatures: 10, act: 'relu' }, MODE_NAMES],
  ['fc', { batch: 3, inFeatures: 3, outFeatures: 1150, act: 'none' }, ['PP', 'SS']],
  ['fc', { batch: 1, inFeatures: 9, outFeatures: 1150, act: 'relu' }, ['PP', 'SS']],
  ['fc', { batch: 2, inFeatures: 5, outFeatures: 1150, act: 'sigmoid' }, ['PP', 'PS']],
  ['fc', { batch: 1, inFeatures: 9, outFeatures: 1150, act: 'none' }, ['PP'], { y: 7 }],
  ['fc', { batch: 2, inFeatures: 4, outFeatures: 1150, act: 'relu' }, ['PP', 'SS'], { y: 13 }],
  ['fc', { batch: 3, inFeatures: 7, outFeatures: 10, act: 'none' }, ['PP'], { y: 3 }],
  ['fc', { batch: 1, inFeatures: 3, outFeatures: 1024, act: 'relu' }, ['PP']],
  ['lstm-cell', { inFeatures: 3, hidden: 16 }, MODE_NAMES],
  ['lstm-cell', { inFeatures: 5, hidden: 23 }, MODE_NAMES],
  ['lstm-cell', { inFeatures: 5, hidden: 23 }, ['PP', 'SS'], { hOut: 5, cOut: 11 }],
  ['lstm-cell', { inFeatures: 2, hidden: 1150 }, ['PP']],
  ['lstm-cell', { inFeatures: 2, hidden: 1150 }, ['PP'], { hOut: 14, cOut: 14 }],
  ['lstm-cell', { inFeatures: 4, hidden: 400 }, ['PP', 'SP']],
];

describe('fc and lstm-cell on 64 GPEs: no output line written by two workers', () => {
  const image = kernelImage();
  for (const [id, shape, modes, offsets] of ONE_LAUNCH) {
    it(`${id} ${JSON.stringify(shape)}${offsets ? ` at ${JSON.stringify(offsets)}` : ''}, outputs then read by relu: 0 stale reads, bit-exact`, () => {
      expectLineOwning(image, id, shape, modes, 17, offsets ?? {});
    });
  }
});

describe('an LSTM layer (one lstm-cell launch per step) on 64 GPEs', () => {
  const image = kernelImage();
  // hs + t*H: with H = 23 the steps' outputs start at every alignment; each step reads the h and
  // c the previous one wrote.
  it.each([[4, 23, 4], [3, 40, 3]])('in %i, hidden %i, %i steps: 0 stale reads, bit-exact', (I, H, T) => {
    for (const m of ['PP', 'SS'] as const) {
      const run = runKernel(new KernelMachine(image, { config: withModes(DEFAULT_CONFIG, m) }), 'lstm', { inFeatures: I, hidden: H, steps: T });
      expect(run.launches.map((l) => l.staleReads), m).toEqual(new Array(T).fill(0));
      expect(run.comparison.hs!.mismatches, m).toBe(0);
      expect(run.comparison.c!.mismatches, m).toBe(0);
    }
  });
});

describe('lstm-cell and fc launches of different sizes on one machine', () => {
  // The runtime hands every lstm-cell and fc launch the same scratch area (sized by the largest so
  // far); its layout depends on the kernel and the shape, so each launch must leave all of it
  // zero for the next.
  const cases: [ref.DescribedKernel, Record<string, unknown>][] = [
    ['lstm-cell', { inFeatures: 3, hidden: 40 }],
    ['fc', { batch: 2, inFeatures: 5, outFeatures: 150, act: 'relu' }],
    ['lstm-cell', { inFeatures: 3, hidden: 16 }],
    ['fc', { batch: 3, inFeatures: 4, outFeatures: 10, act: 'none' }],
    ['lstm-cell', { inFeatures: 3, hidden: 33 }],
    ['fc', { batch: 1, inFeatures: 6, outFeatures: 1150, act: 'sigmoid' }],
    ['lstm-cell', { inFeatures: 3, hidden: 40 }],
    ['fc', { batch: 2, inFeatures: 5, outFeatures: 150, act: 'relu' }],
  ];
  it(`${cases.map(([id, s]) => `${id} ${JSON.stringify(s)}`).join(', ')} in turn, 64 workers: bit-exact, 0 stale reads`, () => {
    const machine = new KernelMachine(kernelImage(), { config: withModes(DEFAULT_CONFIG, 'PP') });
    const rand = rng(23);
    for (const [id, shape] of cases) {
      const plan = ref.planLaunch(id, shape as never);
      const inputs: Record<string, Float32Array> = {};
      for (const [name, n] of Object.entries(plan.inputs)) inputs[name] = randomTensor(rand, n, -2, 2);
      const want = plan.reference(inputs);
      const fields: Record<string, number> = { ...plan.ints };
      for (const [name, t] of Object.entries(inputs)) fields[name] = machine.tensor(t);
      for (const [name, n] of Object.entries(plan.outputs)) fields[name] = machine.alloc(n);
      const label = `${id} ${JSON.stringify(shape)}`;
      expect(machine.launch(id, fields).staleReads, label).toBe(0);
      for (const [name, n] of Object.entries(plan.outputs)) {
        const got = machine.read(fields[name]!, n);
        const bad = firstBitMismatch(got, want[name]!);
        expect(bad, `${label}: ${name}[${bad}] = ${got[bad]}, reference ${want[name]![bad]}`).toBe(-1);
        expect(machine.launch('relu', { x: fields[name]!, y: machine.alloc(n), count: n }).staleReads, `relu reading ${label} ${name}`).toBe(0);
      }
    }
  });
});
