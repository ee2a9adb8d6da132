// Output lines are never shared between workers of one launch: fc hands out whole
// 16-float (64-byte) blocks of output rows (with batch > 1 and N % 16 != 0, blocks of the flat
// (b, n) index), so on the timed machine with private, non-coherent caches the stale-read
// detector stays silent when the next launch reads the outputs, even when the output count is
// not a multiple of 16 or of the worker count (10 and 1150 rows). With the former split of
// ceil(N/64) rows per worker these cases reported stale reads (e.g. fc 1150 rows: 448 in PP;
// batch 3 x 1150 rows per item: 916). lstm-cell keeps ceil(H/W) units per worker and has each
// shared line of hOut / cOut written by one worker (deposits at memory, the last to finish copies
// the line): 0 stale reads also when the outputs are not 64-byte aligned (an LSTM layer's
// hs + t*H); before, hidden 23 read 42 stale words, hidden 400 442. Outputs stay bit for bit
// equal to the references.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, MODE_NAMES, withModes, type ModeName } from '../../emulator/machine/config';
import * as ref from '../../kernels/reference';
import { kernelImage } from '../../kernels/runtime/image';
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
      const plan = ref.planLaunch(id, shape as never);
      const rand = rng(17);
      const inputs: Record<string, Float32Array> = {};
      for (const [name, n] of Object.entries(plan.inputs)) inputs[name] = randomTensor(rand, n, -2, 2);
      const want = plan.reference(inputs);
      for (const m of modes) {
        const machine = new KernelMachine(image, { config: withModes(DEFAULT_CONFIG, m) });
        const fields: Record<string, number> = { ...plan.ints };
        for (const [name, t] of Object.entries(inputs)) fields[name] = machine.tensor(t);
        for (const [name, n] of Object.entries(plan.outputs)) fields[name] = machine.alloc(n + 16) + 4 * (offsets?.[name] ?? 0);
        const rec = machine.launch(id, fields);
        expect(rec.staleReads, `${m} ${id}`).toBe(0);
        for (const [name, n] of Object.entries(plan.outputs)) {
          // The next launch reads every output line: a line two workers wrote back is stale.
          const next = machine.launch('relu', { x: fields[name]!, y: machine.alloc(n), count: n });
          expect(next.staleReads, `${m}: relu reading ${id} ${name}`).toBe(0);
          const got = machine.read(fields[name]!, n);
          const bad = firstBitMismatch(got, want[name]!);
          expect(bad, `${m}: ${id} ${name}[${bad}] = ${got[bad]}, reference ${want[name]![bad]}`).toBe(-1);
        }
      }
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

describe('lstm-cell launches of different sizes on one machine', () => {
  // The runtime hands every lstm-cell launch the same scratch area (sized by the largest so far);
  // its layout depends on H, so each launch must leave all of it zero for the next.
  it('hidden 40, 16, 33, 40 in turn, 64 workers: bit-exact, 0 stale reads', () => {
    const machine = new KernelMachine(kernelImage(), { config: withModes(DEFAULT_CONFIG, 'PP') });
    const rand = rng(23);
    for (const H of [40, 16, 33, 40]) {
      const plan = ref.planLaunch('lstm-cell', { inFeatures: 3, hidden: H });
      const inputs: Record<string, Float32Array> = {};
      for (const [name, n] of Object.entries(plan.inputs)) inputs[name] = randomTensor(rand, n, -2, 2);
      const want = plan.reference(inputs);
      const fields: Record<string, number> = { ...plan.ints };
      for (const [name, t] of Object.entries(inputs)) fields[name] = machine.tensor(t);
      for (const [name, n] of Object.entries(plan.outputs)) fields[name] = machine.alloc(n);
      expect(machine.launch('lstm-cell', fields).staleReads, `H ${H}`).toBe(0);
      for (const [name, n] of Object.entries(plan.outputs)) {
        const got = machine.read(fields[name]!, n);
        const bad = firstBitMismatch(got, want[name]!);
        expect(bad, `H ${H}: ${name}[${bad}] = ${got[bad]}, reference ${want[name]![bad]}`).toBe(-1);
      }
    }
  });
});
