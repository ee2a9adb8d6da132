// Output lines are never shared between workers of one launch: fc hands out whole
// 16-float (64-byte) blocks of output rows (with batch > 1 and N % 16 != 0, blocks of the flat
// (b, n) index), so on the timed machine with private, non-coherent caches the stale-read
// detector stays silent when the next launch reads the outputs, even when the output count is
// not a multiple of 16 or of the worker count (10 and 1150 rows). With the former split of
// ceil(N/64) rows per worker these cases reported stale reads (e.g. fc 1150 rows: 448 in PP;
// batch 3 x 1150 rows per item: 916). Outputs stay bit for bit equal to the references.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, MODE_NAMES, withModes, type ModeName } from '../../emulator/machine/config';
import * as ref from '../../kernels/reference';
import { kernelImage } from '../../kernels/runtime/image';
import { KernelMachine } from '../../kernels/runtime/machine';
import { firstBitMismatch } from './qemu';
import { randomTensor, rng } from './random';

const ONE_LAUNCH: [ref.DescribedKernel, Record<string, unknown>, readonly ModeName[]][] = [
  ['fc', { batch: 1, inFeatures: 128, outFeatures: 10, act: 'relu' }, MODE_NAMES],
  ['fc', { batch: 1, inFeatures: 6, outFeatures: 1150, act: 'none' }, ['PP', 'SP']],
  ['fc', { batch: 3, inFeatures: 5, outFeatures: 64 * 3, act: 'sigmoid' }, ['PP']],
  ['fc', { batch: 3, inFeatures: 7, outFeatures: 10, act: 'relu' }, MODE_NAMES],
  ['fc', { batch: 3, inFeatures: 3, outFeatures: 1150, act: 'none' }, ['PP', 'SS']],
];

describe('fc on 64 GPEs: no output line written by two workers', () => {
  const image = kernelImage();
  for (const [id, shape, modes] of ONE_LAUNCH) {
    it(`${id} ${JSON.stringify(shape)}, outputs then read by relu: 0 stale reads, bit-exact`, () => {
      const plan = ref.planLaunch(id, shape as never);
      const rand = rng(17);
      const inputs: Record<string, Float32Array> = {};
      for (const [name, n] of Object.entries(plan.inputs)) inputs[name] = randomTensor(rand, n, -2, 2);
      const want = plan.reference(inputs);
      for (const m of modes) {
        const machine = new KernelMachine(image, { config: withModes(DEFAULT_CONFIG, m) });
        const fields: Record<string, number> = { ...plan.ints };
        for (const [name, t] of Object.entries(inputs)) fields[name] = machine.tensor(t);
        for (const [name, n] of Object.entries(plan.outputs)) fields[name] = machine.alloc(n);
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
