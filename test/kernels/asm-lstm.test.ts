// The LSTM cell on qemu-riscv32, bit for bit against the reference; an LSTM layer as a sequence
// of cell launches (one qemu run per time step, as the host will launch it) against ref.lstm.
import { describe, expect, it } from 'vitest';
import * as ref from '../../kernels/reference';
import { firstBitMismatch, missingTool, runKernel } from './qemu';
import { randomTensor, rng } from './random';

if (missingTool) console.warn(`kernel assembly tests skipped: ${missingTool} not found`);

function cell(s: ref.LstmShape, p: ref.LstmWeights, x: Float32Array, h: Float32Array, c: Float32Array, workers: number) {
  const out = runKernel({
    kernel: 'lstm-cell', workers, sources: ['lstm.s', 'math.s'],
    fields: { x, h, c, wx: p.wx, uh: p.uh, b: p.b, hOut: { output: s.hidden }, cOut: { output: s.hidden }, inFeatures: s.inFeatures, hidden: s.hidden },
  });
  return { h: out.outputs.hOut!, c: out.outputs.cOut! };
}

describe.skipIf(missingTool !== undefined)('lstm-cell kernel on qemu-riscv32', () => {
  const rand = rng(61);
  // Lines shared by 2 to 16 workers (hidden 23 over 64: one unit each), aligned blocks (16 / 4),
  // blocks of 4 and 22 units (200 over 64, 150 over 7); every worker's writes checked against
  // workShare (a shared line is written by the last of its workers, here the highest).
  it.each([[1, 1, 1], [5, 3, 2], [17, 9, 4], [40, 33, 64], [7, 70, 5], [3, 16, 3], [5, 23, 64], [4, 64, 4], [2, 200, 64], [3, 150, 7]])('in %i, hidden %i, %i workers', (I, H, workers) => {
    const s = { inFeatures: I, hidden: H };
    const p = { wx: randomTensor(rand, 4 * H * I, -0.5, 0.5), uh: randomTensor(rand, 4 * H * H, -0.5, 0.5), b: randomTensor(rand, 4 * H, -0.5, 0.5) };
    const x = randomTensor(rand, I);
    const h = randomTensor(rand, H);
    const c = randomTensor(rand, H, -2, 2);
    const got = cell(s, p, x, h, c, workers);
    const want = ref.lstmCell(s, p, x, h, c);
    expect(firstBitMismatch(got.h, want.h), 'h').toBe(-1);
    expect(firstBitMismatch(got.c, want.c), 'c').toBe(-1);
  });

  it('three time steps as three launches equal ref.lstm', () => {
    const s = { inFeatures: 6, hidden: 10, steps: 3 };
    const p = { wx: randomTensor(rand, 4 * 10 * 6, -0.5, 0.5), uh: randomTensor(rand, 4 * 10 * 10, -0.5, 0.5), b: randomTensor(rand, 40, -0.5, 0.5) };
    const xs = randomTensor(rand, 3 * 6);
    let h = randomTensor(rand, 10);
    let c = randomTensor(rand, 10);
    const want = ref.lstm(s, p, xs, h, c);
    const hs = new Float32Array(30);
    for (let t = 0; t < 3; t++) {
      const out = cell(s, p, xs.subarray(t * 6, t * 6 + 6), h, c, 4);
      hs.set(out.h, t * 10);
      h = out.h;
      c = out.c;
    }
    expect(firstBitMismatch(hs, want.hs)).toBe(-1);
    expect(firstBitMismatch(c, want.c)).toBe(-1);
  });
});
