// Element-wise assembly kernels on qemu-riscv32, bit for bit against the references.
import { describe, expect, it } from 'vitest';
import * as ref from '../../kernels/reference';
import { firstBitMismatch, missingTool, runKernel } from './qemu';
import { randomTensor, rng } from './random';

if (missingTool) console.warn(`kernel assembly tests skipped: ${missingTool} not found`);

describe.skipIf(missingTool !== undefined)('element-wise kernels on qemu-riscv32', () => {
  const rand = rng(11);
  const cases = [[1, 1], [37, 7], [1000, 64], [16 * 64 + 5, 64], [70, 3]] as const;

  it.each(cases)('add and mul, %i elements, %i workers', (count, workers) => {
    const a = randomTensor(rand, count, -100, 100);
    const b = randomTensor(rand, count, -100, 100);
    for (const [kernel, f] of [['add', ref.add], ['mul', ref.mul]] as const) {
      const out = runKernel({ kernel, workers, sources: ['elementwise.s', 'math.s'], fields: { a, b, y: { output: count }, count } });
      const want = f(a, b);
      expect(firstBitMismatch(out.outputs.y!, want), kernel).toBe(-1);
    }
  });

  it.each(cases)('relu, sigmoid, tanh, %i elements, %i workers', (count, workers) => {
    const x = randomTensor(rand, count, -20, 20);
    x[0] = -0;
    for (const [kernel, f] of [['relu', ref.relu], ['sigmoid', ref.sigmoid], ['tanh', ref.tanh]] as const) {
      const out = runKernel({ kernel, workers, sources: ['elementwise.s', 'math.s'], fields: { x, y: { output: count }, count } });
      const want = f(x);
      const bad = firstBitMismatch(out.outputs.y!, want);
      expect(bad, `${kernel}(${x[bad]}) = ${out.outputs.y![bad]}, reference ${want[bad]}`).toBe(-1);
    }
  });
});
