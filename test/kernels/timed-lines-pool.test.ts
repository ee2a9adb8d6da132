// Output lines are never shared between workers of one launch: maxpool and avgpool hand out
// contiguous blocks of whole 16-float (64-byte) lines of the flat output, so on the timed machine
// with private, non-coherent caches the stale-read detector stays silent when the next launch
// reads the outputs, even when an output plane is not a multiple of 16 floats (13x13, 5x5, 7x3)
// and with fewer or more planes than workers. With the former round-robin split of whole planes
// these cases reported stale reads (e.g. maxpool 64 planes 27x27 k3 s2 -> 13x13: 464 in PP).
// Outputs stay bit for bit equal to the references. The qemu runs check each worker's writes
// against workShare (the documented mapping).
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, MODE_NAMES, withModes, type ModeName } from '../../emulator/machine/config';
import * as ref from '../../kernels/reference';
import { kernelImage } from '../../kernels/runtime/image';
import { expectLineOwning } from './line-ownership';
import { KernelMachine } from '../../kernels/runtime/machine';
import { firstBitMismatch, missingTool, runKernel } from './qemu';
import { randomInt, randomTensor, rng } from './random';

const ONE_LAUNCH: [ref.DescribedKernel, Record<string, unknown>, readonly ModeName[]][] = [
  // 5 planes of 13x13 outputs (fewer planes than workers), 3x3 windows, stride 2.
  ['maxpool', { planes: 5, h: 27, w: 27, k: 3, stride: 2 }, MODE_NAMES],
  ['avgpool', { planes: 5, h: 27, w: 27, k: 3, stride: 2 }, MODE_NAMES],
  // 64 planes of 13x13 (one per worker before, each sharing boundary lines).
  ['maxpool', { planes: 64, h: 27, w: 27, k: 3, stride: 2 }, ['PP']],
  // batch 2 x 40 channels = 80 planes of 5x5 (more planes than workers), 2x2 windows.
  ['avgpool', { planes: 2 * 40, h: 10, w: 10, k: 2, stride: 2 }, ['PP', 'SP']],
  ['maxpool', { planes: 2 * 40, h: 11, w: 11, k: 2, stride: 2 }, ['PP']],
  // 7x3 planes: 2x2 and 3x3 windows, stride 2.
  ['maxpool', { planes: 70, h: 14, w: 7, k: 2, stride: 2 }, ['PP']],
  ['avgpool', { planes: 130, h: 15, w: 7, k: 3, stride: 2 }, ['PP', 'PS']],
  // General window (5x5, stride 1) on 13x13 outputs; 1x1 windows.
  ['avgpool', { planes: 66, h: 17, w: 17, k: 5, stride: 1 }, ['PP']],
  ['maxpool', { planes: 3, h: 5, w: 5, k: 1, stride: 1 }, ['PP']],
];

describe('pooling on 64 GPEs: no output line written by two workers', () => {
  const image = kernelImage();
  for (const [id, shape, modes] of ONE_LAUNCH) {
    it(`${id} ${JSON.stringify(shape)}, outputs then read by relu: 0 stale reads, bit-exact`, () => {
      expectLineOwning(image, id, shape, modes, 23);
    });
  }
});

describe.skipIf(missingTool !== undefined)('pooling line blocks on qemu-riscv32: each worker writes its workShare', () => {
  const rand = rng(29);
  const cases: (ref.PoolShape & { workers: number })[] = [
    { planes: 5, h: 27, w: 27, k: 3, stride: 2, workers: 64 },
    { planes: 3, h: 10, w: 10, k: 2, stride: 2, workers: 4 },
    { planes: 9, h: 7, w: 14, k: 2, stride: 2, workers: 5 },
    { planes: 2, h: 15, w: 7, k: 3, stride: 2, workers: 3 },
    { planes: 4, h: 17, w: 17, k: 5, stride: 1, workers: 6 },
    { planes: 1, h: 3, w: 3, k: 3, stride: 1, workers: 8 },
  ];
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

// batchnorm: worker w owns channels [w*P, min(C, (w+1)*P)), P = ceil(C/W); a line goes to the owner
// of the channel of its last element, which also computes the statistics of the channels before
// its first own plane whose elements share that line (reads only). Before, channels were split
// round robin and e.g. N2 C64 HW13x13 reported 960 stale reads when relu read the output.
const BN_TIMED: [Record<string, unknown>, readonly ModeName[]][] = [
  [{ batch: 2, c: 5, hw: 13 * 13 }, MODE_NAMES], // fewer channels than workers, batch 2
  [{ batch: 2, c: 64, hw: 13 * 13 }, ['PP']],
  [{ batch: 1, c: 128, hw: 7 * 7 }, ['PP', 'SP']], // more channels than workers
  [{ batch: 3, c: 7, hw: 5 * 5 }, ['PP']],
  [{ batch: 2, c: 100, hw: 7 * 3 }, ['PP']],
  [{ batch: 2, c: 70, hw: 3 }, ['PP']], // planes shorter than a line
  [{ batch: 20, c: 2, hw: 1 }, ['PP']], // one line holds planes of several batch items
  [{ batch: 2, c: 16, hw: 32 }, ['PP']], // whole lines: no statistics of other channels
];

describe('batchnorm on 64 GPEs: no output line written by two workers', () => {
  const image = kernelImage();
  for (const [shape, modes] of BN_TIMED) {
    it(`batchnorm ${JSON.stringify(shape)}, outputs then read by relu: 0 stale reads, bit-exact`, () => {
      const plan = ref.planLaunch('batchnorm', shape as never);
      const rand = rng(31);
      const inputs: Record<string, Float32Array> = {};
      for (const [name, n] of Object.entries(plan.inputs)) inputs[name] = name === 'gamma' ? randomTensor(rand, n, 0.5, 1.5) : randomTensor(rand, n, -2, 3);
      const want = plan.reference(inputs).y!;
      const n = plan.outputs.y!;
      for (const m of modes) {
        const machine = new KernelMachine(image, { config: withModes(DEFAULT_CONFIG, m) });
        const fields: Record<string, number> = { ...plan.ints };
        for (const [name, t] of Object.entries(inputs)) fields[name] = machine.tensor(t);
        fields.y = machine.alloc(n);
        const rec = machine.launch('batchnorm', fields);
        expect(rec.staleReads, `${m} batchnorm`).toBe(0);
        const next = machine.launch('relu', { x: fields.y, y: machine.alloc(n), count: n });
        expect(next.staleReads, `${m}: relu reading batchnorm y`).toBe(0);
        const got = machine.read(fields.y, n);
        const bad = firstBitMismatch(got, want);
        expect(bad, `${m}: batchnorm y[${bad}] = ${got[bad]}, reference ${want[bad]}`).toBe(-1);
      }
    });
  }
});

describe.skipIf(missingTool !== undefined)('batchnorm line ownership on qemu-riscv32: each worker writes its workShare', () => {
  const rand = rng(37);
  const cases: (ref.BatchnormShape & { workers: number })[] = [
    { batch: 2, c: 5, hw: 13 * 13, workers: 64 },
    { batch: 2, c: 9, hw: 13 * 13, workers: 4 },
    { batch: 3, c: 7, hw: 25, workers: 3 },
    { batch: 2, c: 1, hw: 13, workers: 4 },
    { batch: 3, c: 3, hw: 2, workers: 2 },
    { batch: 20, c: 2, hw: 1, workers: 64 },
    { batch: 2, c: 70, hw: 3, workers: 64 },
    { batch: 1, c: 40, hw: 1, workers: 3 },
    { batch: 4, c: 6, hw: 5, workers: 5 },
    { batch: 2, c: 3, hw: 16, workers: 2 },
    { batch: 2, c: 3, hw: 17, workers: 1 },
  ];
  for (let i = 0; i < 4; i++) {
    cases.push({ batch: randomInt(rand, 1, 5), c: randomInt(rand, 1, 12), hw: randomInt(rand, 1, i % 2 ? 40 : 12), workers: randomInt(rand, 1, 20) });
  }
  it.each(cases)('batchnorm N$batch C$c HW$hw, $workers workers', (s) => {
    const x = randomTensor(rand, s.batch * s.c * s.hw, -2, 3);
    const gamma = randomTensor(rand, s.c, 0.5, 1.5);
    const beta = randomTensor(rand, s.c);
    const eps = Math.fround(ref.BATCHNORM_EPS);
    const out = runKernel({ kernel: 'batchnorm', workers: s.workers, sources: ['batchnorm.s'], fields: { x, y: { output: x.length }, gamma, beta, batch: s.batch, c: s.c, hw: s.hw, eps: ref.bitsOf(eps) } });
    const want = ref.batchnorm(s, x, gamma, beta);
    const bad = firstBitMismatch(out.outputs.y!, want);
    expect(bad, `batchnorm y[${bad}] = ${out.outputs.y![bad]}, reference ${want[bad]}`).toBe(-1);
  });
});
