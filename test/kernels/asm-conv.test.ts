// conv2d on qemu-riscv32, bit for bit against the reference: every K from 1 to 15, stride,
// padding, several input/output channels and batch items, odd sizes and worker counts.
import { describe, expect, it } from 'vitest';
import * as ref from '../../kernels/reference';
import { firstBitMismatch, missingTool, runKernel } from './qemu';
import { randomInt, randomTensor, rng } from './random';

if (missingTool) console.warn(`kernel assembly tests skipped: ${missingTool} not found`);

type ConvCase = ref.Conv2dShape & { workers: number };

describe.skipIf(missingTool !== undefined)('conv2d kernel on qemu-riscv32', () => {
  const rand = rng(31);
  const cases: ConvCase[] = [
    { batch: 1, cin: 1, h: 5, w: 5, cout: 1, k: 3, stride: 1, pad: 0, workers: 1 },
    { batch: 2, cin: 3, h: 12, w: 12, cout: 4, k: 3, stride: 1, pad: 1, workers: 64 },
    { batch: 1, cin: 2, h: 9, w: 11, cout: 3, k: 5, stride: 2, pad: 2, workers: 5 },
    { batch: 1, cin: 3, h: 23, w: 23, cout: 2, k: 11, stride: 4, pad: 2, workers: 3 },
    { batch: 1, cin: 1, h: 17, w: 16, cout: 2, k: 15, stride: 1, pad: 7, workers: 2 },
    { batch: 3, cin: 2, h: 4, w: 7, cout: 2, k: 1, stride: 2, pad: 0, workers: 4 },
    { batch: 1, cin: 1, h: 3, w: 3, cout: 1, k: 3, stride: 1, pad: 2, workers: 1 },
    // The nine-weight K=3 path: pad 0/1, every quad remainder (widths 3..11), narrow and short inputs.
    { batch: 1, cin: 2, h: 3, w: 3, cout: 2, k: 3, stride: 1, pad: 1, workers: 1 },
    { batch: 2, cin: 3, h: 7, w: 4, cout: 2, k: 3, stride: 1, pad: 1, workers: 3 },
    { batch: 1, cin: 2, h: 6, w: 9, cout: 1, k: 3, stride: 1, pad: 1, workers: 1 },
    { batch: 1, cin: 2, h: 5, w: 10, cout: 1, k: 3, stride: 1, pad: 0, workers: 1 },
    { batch: 1, cin: 4, h: 8, w: 11, cout: 3, k: 3, stride: 1, pad: 1, workers: 2 },
    { batch: 1, cin: 1, h: 4, w: 3, cout: 1, k: 3, stride: 1, pad: 0, workers: 1 },
    { batch: 1, cin: 1, h: 2, w: 2, cout: 1, k: 3, stride: 1, pad: 1, workers: 1 },
  ];
  for (let k = 1; k <= 15; k++) {
    const pad = randomInt(rand, 0, k - 1);
    const lo = Math.max(1, k - 2 * pad);
    cases.push({ batch: randomInt(rand, 1, 2), cin: randomInt(rand, 1, 3), h: randomInt(rand, lo, lo + 6), w: randomInt(rand, lo, lo + 6), cout: randomInt(rand, 1, 3), k, stride: randomInt(rand, 1, 3), pad, workers: randomInt(rand, 1, 8) });
  }
  it.each(cases)('N$batch Cin$cin H$h W$w Cout$cout K$k s$stride p$pad, $workers workers', (s) => {
    const { ho, wo } = ref.conv2dOutputSize(s);
    const x = randomTensor(rand, s.batch * s.cin * s.h * s.w);
    const w = randomTensor(rand, s.cout * s.cin * s.k * s.k);
    const bias = randomTensor(rand, s.cout);
    const out = runKernel({
      kernel: 'conv2d', workers: s.workers, sources: ['conv2d.s'],
      fields: { x, w, bias, y: { output: s.batch * s.cout * ho * wo }, batch: s.batch, cin: s.cin, h: s.h, w_: s.w, cout: s.cout, k: s.k, stride: s.stride, pad: s.pad, ho, wo },
    });
    const want = ref.conv2d(s, x, w, bias);
    const bad = firstBitMismatch(out.outputs.y!, want);
    expect(bad, `y[${bad}] = ${out.outputs.y![bad]}, reference ${want[bad]}`).toBe(-1);
  });
});
