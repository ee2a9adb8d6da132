// maxpool and avgpool on qemu-riscv32, bit for bit against the references.
import { describe, expect, it } from 'vitest';
import * as ref from '../../kernels/reference';
import { firstBitMismatch, missingTool, runKernel } from './qemu';
import { randomInt, randomTensor, rng } from './random';

if (missingTool) console.warn(`kernel assembly tests skipped: ${missingTool} not found`);

describe.skipIf(missingTool !== undefined)('pooling kernels on qemu-riscv32', () => {
  const rand = rng(41);
  const cases: (ref.PoolShape & { workers: number })[] = [
    { planes: 3, h: 32, w: 32, k: 2, stride: 2, workers: 64 },
    { planes: 1, h: 2, w: 2, k: 2, stride: 1, workers: 1 },
    { planes: 5, h: 7, w: 9, k: 3, stride: 2, workers: 3 },
    { planes: 2, h: 13, w: 11, k: 3, stride: 3, workers: 2 },
    { planes: 4, h: 6, w: 5, k: 1, stride: 1, workers: 7 },
  ];
  for (let i = 0; i < 4; i++) {
    const k = randomInt(rand, 1, 5);
    cases.push({ planes: randomInt(rand, 1, 6), h: randomInt(rand, k, 15), w: randomInt(rand, k, 15), k, stride: randomInt(rand, 1, 3), workers: randomInt(rand, 1, 9) });
  }
  it.each(cases)('planes $planes H$h W$w k$k s$stride, $workers workers', (s) => {
    const { ho, wo } = ref.poolOutputSize('maxpool', s);
    const x = randomTensor(rand, s.planes * s.h * s.w, -5, 5);
    for (const [kernel, f] of [['maxpool', ref.maxpool], ['avgpool', ref.avgpool]] as const) {
      const out = runKernel({
        kernel, workers: s.workers, sources: ['pool.s'],
        fields: { x, y: { output: s.planes * ho * wo }, planes: s.planes, h: s.h, w_: s.w, k: s.k, stride: s.stride, ho, wo },
      });
      const want = f(s, x);
      const bad = firstBitMismatch(out.outputs.y!, want);
      expect(bad, `${kernel} y[${bad}] = ${out.outputs.y![bad]}, reference ${want[bad]}`).toBe(-1);
    }
  });
});
