// Every kernel on the 64-GPE timed machine, in all four cache configurations, against its
// binary32 reference (bit for bit), on small shapes with odd sizes, batch > 1, stride > 1 and
// padding. The references themselves are checked against tfjs in test/kernels.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, MODE_NAMES, withModes } from '../../emulator/machine/config';
import { kernelImage } from '../../kernels/runtime/image';
import { KernelMachine } from '../../kernels/runtime/machine';
import { runKernel, type AnyShape } from '../../kernels/runtime/kernel';
import type { KernelId } from '../../kernels/reference/abi';

const SHAPES: [KernelId, AnyShape][] = [
  ['fc', { batch: 2, inFeatures: 37, outFeatures: 70, act: 'relu' }],
  ['fc', { batch: 1, inFeatures: 64, outFeatures: 9, act: 'sigmoid' }],
  ['conv2d', { batch: 2, cin: 2, h: 9, w: 11, cout: 3, k: 3, stride: 1, pad: 1 }],
  ['conv2d', { batch: 1, cin: 3, h: 13, w: 12, cout: 2, k: 5, stride: 2, pad: 2 }],
  ['conv2d', { batch: 1, cin: 1, h: 15, w: 15, cout: 2, k: 11, stride: 4, pad: 2 }],
  ['conv1x1', { batch: 2, cin: 3, hw: 45, cout: 5 }],
  ['pad', { planes: 3, h: 7, w: 9, pad: 2 }],
  ['maxpool', { planes: 5, h: 9, w: 10, k: 3, stride: 2 }],
  ['avgpool', { planes: 4, h: 8, w: 8, k: 2, stride: 2 }],
  ['batchnorm', { batch: 2, c: 3, hw: 33 }],
  ['add', { count: 333 }],
  ['mul', { count: 100 }],
  ['relu', { count: 257 }],
  ['sigmoid', { count: 200 }],
  ['tanh', { count: 200 }],
  ['lstm-cell', { inFeatures: 13, hidden: 21 }],
  ['lstm', { inFeatures: 9, hidden: 11, steps: 3 }],
];

describe('kernels on the timed machine, all four configurations', () => {
  const image = kernelImage();
  for (const [id, shape] of SHAPES) {
    it(`${id} ${JSON.stringify(shape)}`, () => {
      for (const m of MODE_NAMES) {
        const machine = new KernelMachine(image, { config: withModes(DEFAULT_CONFIG, m) });
        const run = runKernel(machine, id, shape, { seed: 7 });
        for (const [name, c] of Object.entries(run.comparison)) {
          expect(c.mismatches, `${id} ${m} ${name}: ${JSON.stringify(c.first)}`).toBe(0);
          expect(c.count).toBeGreaterThan(0);
        }
        for (const l of run.launches) {
          expect(l.modes).toBe(m);
          expect(l.cycles).toBeGreaterThan(0);
          expect(l.instructions).toBeGreaterThan(0);
          // lstm reads h and c written by other workers in the previous launch (11 hidden units
          // over 64 workers: every line is shared, and written by one of them).
          expect(l.staleReads).toBe(0);
        }
      }
    });
  }
});
