// The fully connected kernel on qemu-riscv32, bit for bit against the reference.
import { describe, expect, it } from 'vitest';
import * as ref from '../../kernels/reference';
import { firstBitMismatch, missingTool, runKernel } from './qemu';
import { randomInt, randomTensor, rng } from './random';

if (missingTool) console.warn(`kernel assembly tests skipped: ${missingTool} not found`);

describe.skipIf(missingTool !== undefined)('fc kernel on qemu-riscv32', () => {
  const rand = rng(21);
  const cases: { batch: number; inFeatures: number; outFeatures: number; act: ref.Activation; workers: number }[] = [
    { batch: 1, inFeatures: 128, outFeatures: 10, act: 'none', workers: 64 },
    { batch: 1, inFeatures: 1, outFeatures: 1, act: 'relu', workers: 1 },
    { batch: 2, inFeatures: 7, outFeatures: 9, act: 'sigmoid', workers: 2 },
    { batch: 3, inFeatures: 33, outFeatures: 19, act: 'relu', workers: 3 },
    { batch: 1, inFeatures: 256, outFeatures: 64, act: 'sigmoid', workers: 7 },
    // batch > 1, N % 16 != 0: line blocks of the flat (b, n) index, checked per worker.
    { batch: 3, inFeatures: 5, outFeatures: 10, act: 'relu', workers: 64 },
    { batch: 3, inFeatures: 3, outFeatures: 1150, act: 'none', workers: 64 },
    { batch: 5, inFeatures: 9, outFeatures: 23, act: 'sigmoid', workers: 4 },
    { batch: 2, inFeatures: 6, outFeatures: 48, act: 'relu', workers: 5 },
    // ceil(N/W) rows per worker; lines shared by several workers (and by the end of one batch
    // item and the start of the next) are assembled in scratch and written by the highest of
    // their workers, checked per worker against workShare.
    { batch: 1, inFeatures: 4, outFeatures: 1150, act: 'relu', workers: 64 },
    { batch: 2, inFeatures: 3, outFeatures: 1150, act: 'sigmoid', workers: 64 },
    { batch: 1, inFeatures: 9, outFeatures: 23, act: 'none', workers: 64 },
    { batch: 4, inFeatures: 2, outFeatures: 7, act: 'relu', workers: 3 },
    { batch: 3, inFeatures: 5, outFeatures: 10, act: 'none', workers: 1 },
    { batch: 5, inFeatures: 3, outFeatures: 1, act: 'relu', workers: 4 },
    { batch: 2, inFeatures: 17, outFeatures: 100, act: 'none', workers: 6 },
    { batch: 1, inFeatures: 8, outFeatures: 2048, act: 'none', workers: 64 },
  ];
  for (let i = 0; i < 6; i++) {
    cases.push({ batch: randomInt(rand, 1, 3), inFeatures: randomInt(rand, 1, 200), outFeatures: randomInt(rand, 1, 50), act: (['none', 'relu', 'sigmoid'] as const)[i % 3]!, workers: randomInt(rand, 1, 64) });
  }
  it.each(cases)('batch $batch, in $inFeatures, out $outFeatures, $act, $workers workers', (s) => {
    const x = randomTensor(rand, s.batch * s.inFeatures);
    const w = randomTensor(rand, s.outFeatures * s.inFeatures);
    const bias = randomTensor(rand, s.outFeatures);
    const out = runKernel({
      kernel: 'fc', workers: s.workers, sources: ['fc.s', 'math.s'],
      fields: { x, w, bias, y: { output: s.batch * s.outFeatures }, batch: s.batch, inFeatures: s.inFeatures, outFeatures: s.outFeatures, act: ref.ACTIVATION[s.act] },
    });
    const want = ref.fc(s, x, w, bias, s.act);
    const bad = firstBitMismatch(out.outputs.y!, want);
    expect(bad, `y[${bad}] = ${out.outputs.y![bad]}, reference ${want[bad]}`).toBe(-1);
  });
});
