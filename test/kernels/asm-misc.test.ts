// conv1x1, pad and batchnorm on qemu-riscv32, bit for bit against the references.
import { describe, expect, it } from 'vitest';
import * as ref from '../../kernels/reference';
import { firstBitMismatch, missingTool, runKernel } from './qemu';
import { randomInt, randomTensor, rng } from './random';

if (missingTool) console.warn(`kernel assembly tests skipped: ${missingTool} not found`);

function expectSame(kernel: string, got: Float32Array, want: Float32Array): void {
  const bad = firstBitMismatch(got, want);
  expect(bad, `${kernel} y[${bad}] = ${got[bad]}, reference ${want[bad]}`).toBe(-1);
}

describe.skipIf(missingTool !== undefined)('conv1x1, pad, batchnorm kernels on qemu-riscv32', () => {
  const rand = rng(51);

  const c11: (ref.Conv1x1Shape & { workers: number })[] = [
    { batch: 1, cin: 3, hw: 32 * 32, cout: 4, workers: 64 },
    { batch: 2, cin: 1, hw: 1, cout: 1, workers: 1 },
    { batch: 3, cin: 5, hw: 19, cout: 2, workers: 4 },
    { batch: 1, cin: 16, hw: 8, cout: 3, workers: 2 },
    { batch: randomInt(rand, 1, 3), cin: randomInt(rand, 1, 9), hw: randomInt(rand, 1, 40), cout: randomInt(rand, 1, 5), workers: randomInt(rand, 1, 9) },
  ];
  it.each(c11)('conv1x1 N$batch Cin$cin HW$hw Cout$cout, $workers workers', (s) => {
    const x = randomTensor(rand, s.batch * s.cin * s.hw);
    const w = randomTensor(rand, s.cout * s.cin);
    const bias = randomTensor(rand, s.cout);
    const out = runKernel({ kernel: 'conv1x1', workers: s.workers, sources: ['conv1x1.s'], fields: { x, w, bias, y: { output: s.batch * s.cout * s.hw }, batch: s.batch, cin: s.cin, hw: s.hw, cout: s.cout } });
    expectSame('conv1x1', out.outputs.y!, ref.conv1x1(s, x, w, bias));
  });

  const pads: (ref.PadShape & { workers: number })[] = [
    { planes: 3, h: 32, w: 32, pad: 1, workers: 64 },
    { planes: 1, h: 1, w: 1, pad: 0, workers: 1 },
    { planes: 4, h: 5, w: 7, pad: 3, workers: 3 },
    { planes: 2, h: 6, w: 2, pad: 2, workers: 5 },
  ];
  it.each(pads)('pad planes $planes H$h W$w by $pad, $workers workers', (s) => {
    const x = randomTensor(rand, s.planes * s.h * s.w);
    const n = s.planes * (s.h + 2 * s.pad) * (s.w + 2 * s.pad);
    const out = runKernel({ kernel: 'pad', workers: s.workers, sources: ['pad.s'], fields: { x, y: { output: n }, planes: s.planes, h: s.h, w_: s.w, pad: s.pad } });
    expectSame('pad', out.outputs.y!, ref.pad(s, x));
  });

  const bns: (ref.BatchnormShape & { workers: number })[] = [
    { batch: 4, c: 16, hw: 32 * 32, workers: 64 },
    { batch: 1, c: 1, hw: 1, workers: 1 },
    { batch: 3, c: 5, hw: 7, workers: 2, eps: 1e-3 },
    { batch: 2, c: 3, hw: 25, workers: 7 },
  ];
  it.each(bns)('batchnorm N$batch C$c HW$hw, $workers workers', (s) => {
    const x = randomTensor(rand, s.batch * s.c * s.hw, -2, 3);
    const gamma = randomTensor(rand, s.c, 0.5, 1.5);
    const beta = randomTensor(rand, s.c);
    const eps = Math.fround(s.eps ?? ref.BATCHNORM_EPS);
    const out = runKernel({ kernel: 'batchnorm', workers: s.workers, sources: ['batchnorm.s'], fields: { x, y: { output: x.length }, gamma, beta, batch: s.batch, c: s.c, hw: s.hw, eps: ref.bitsOf(eps) } });
    expectSame('batchnorm', out.outputs.y!, ref.batchnorm(s, x, gamma, beta));
  });
});
