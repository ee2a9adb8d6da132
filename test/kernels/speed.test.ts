// Instructions per multiply-accumulate of the compute kernels, counted on qemu-riscv32 (every
// instruction executed inside the kernel files, all workers). A single-issue core needs at least
// 1 instruction per MAC (one fmadd.s); matrix-vector needs a weight load too, so 2 is the floor
// for fc/lstm unless the vector lives in registers. The bounds fail the test if a change makes a
// kernel markedly slower; the measured values are printed and recorded in docs/KERNELS.md.
import { describe, expect, it } from 'vitest';
import * as ref from '../../kernels/reference';
import { missingTool, runKernel } from './qemu';
import { randomTensor, rng } from './random';

if (missingTool) console.warn(`kernel speed tests skipped: ${missingTool} not found`);

describe.skipIf(missingTool !== undefined)('instructions per MAC on qemu-riscv32', () => {
  const rand = rng(71);

  // 64 rows over 16 workers: 4 rows each, every line of y shared by 4 workers, so all outputs go
  // through scratch (atomics, counts, line copies); 256 rows: 16 each, no shared line.
  it.each([[64, 3.2], [256, 2.9]])('fc %i x 128, 16 workers: at most %f instructions per MAC', (N, bound) => {
    const s = { batch: 1, inFeatures: 128, outFeatures: N };
    const out = runKernel({
      kernel: 'fc', workers: 16, sources: ['fc.s', 'math.s'], countInstructions: true, checkShares: false,
      fields: { x: randomTensor(rand, 128), w: randomTensor(rand, N * 128), bias: randomTensor(rand, N), y: { output: N }, batch: 1, inFeatures: 128, outFeatures: N, act: 0 },
    });
    const perMac = out.instructions! / (s.inFeatures * s.outFeatures);
    console.log(`fc ${N}x128: ${out.instructions} instructions, ${perMac.toFixed(3)} per MAC`);
    expect(perMac).toBeLessThanOrEqual(bound);
  });

  it.each([
    [3, 1, 1, 3, 2.7],
    [3, 0, 1, 3, 2.6],
    [11, 5, 1, 1, 3.7],
    [11, 0, 1, 1, 2.5],
    [11, 2, 4, 1, 5.0],
  ])('conv2d K=%i pad %i stride %i on 32x32x%i, 1 output channel: at most %f instructions per MAC', (k, pad, stride, cin, bound) => {
    // K = 11 with one input channel keeps the qemu log a third as long; per input channel the
    // work is the same loop, so the per-MAC count differs only by the per-row bias fill.
    const s = { batch: 1, cin, h: 32, w: 32, cout: 1, k, stride, pad };
    const { ho, wo } = ref.conv2dOutputSize(s);
    const out = runKernel({
      kernel: 'conv2d', workers: 1, sources: ['conv2d.s'], countInstructions: true, checkShares: false,
      fields: { x: randomTensor(rand, cin * 1024), w: randomTensor(rand, cin * k * k), bias: randomTensor(rand, 1), y: { output: ho * wo }, batch: 1, cin, h: 32, w_: 32, cout: 1, k, stride, pad, ho, wo },
    });
    // MACs actually performed: taps inside the input only (padding taps are skipped).
    let macs = 0;
    for (let oh = 0; oh < ho; oh++) for (let ow = 0; ow < wo; ow++) for (let kh = 0; kh < k; kh++) for (let kw = 0; kw < k; kw++) {
      const ih = oh * stride + kh - pad;
      const iw = ow * stride + kw - pad;
      if (ih >= 0 && ih < 32 && iw >= 0 && iw < 32) macs++;
    }
    macs *= cin;
    const perMac = out.instructions! / macs;
    console.log(`conv2d K=${k} pad ${pad} stride ${stride} 32x32x${cin}: ${out.instructions} instructions, ${macs} MACs, ${perMac.toFixed(3)} per MAC`);
    expect(perMac).toBeLessThanOrEqual(bound);
  });

  it('conv1x1 32x32x3 -> 4: at most 4.0 instructions per MAC', () => {
    const out = runKernel({
      kernel: 'conv1x1', workers: 4, sources: ['conv1x1.s'], countInstructions: true, checkShares: false,
      fields: { x: randomTensor(rand, 3 * 1024), w: randomTensor(rand, 12), bias: randomTensor(rand, 4), y: { output: 4 * 1024 }, batch: 1, cin: 3, hw: 1024, cout: 4 },
    });
    const perMac = out.instructions! / (3 * 4 * 1024);
    console.log(`conv1x1 32x32x3->4: ${out.instructions} instructions, ${perMac.toFixed(3)} per MAC`);
    expect(perMac).toBeLessThanOrEqual(4.0);
  });
});
