// conv2d, conv1x1 and pad never let two workers of one launch write the same 64-byte output line:
// plane i's worker writes the flat range [up16(i*P), up16((i+1)*P)) of y (its plane from the first
// line start on, plus the head of the next plane up to the end of that line). On the timed machine
// with private, non-coherent caches the stale-read detector therefore stays silent, in the launch
// and when the next launch (relu) reads the outputs, also for planes that are not a multiple of 16
// floats (13x13, 5x5, 7x3, ...) and planes smaller than a line. With whole planes per worker these
// cases reported stale reads. Outputs stay bit for bit equal to the references, and each worker
// writes exactly its share of workShare (asm-conv / asm-misc check that on qemu).
import { describe, it } from 'vitest';
import { MODE_NAMES, type ModeName } from '../../emulator/machine/config';
import * as ref from '../../kernels/reference';
import { kernelImage } from '../../kernels/runtime/image';
import { expectLineOwning } from './line-ownership';

const CASES: [ref.DescribedKernel, Record<string, unknown>, readonly ModeName[]][] = [
  // 13x13 planes (AlexNet conv3-5), fewer planes than workers, every cache configuration.
  ['conv2d', { batch: 1, cin: 2, h: 13, w: 13, cout: 5, k: 3, stride: 1, pad: 1 }, MODE_NAMES],
  // 5x5 planes, batch 2, cout not a multiple of 64: 66 planes for 64 workers.
  ['conv2d', { batch: 2, cin: 3, h: 5, w: 5, cout: 33, k: 3, stride: 1, pad: 1 }, ['PP', 'SP']],
  // 7x3 planes without padding; stride 2 with padding (6x6); K = 5, stride 3 (3x2 planes < a line).
  ['conv2d', { batch: 1, cin: 2, h: 9, w: 5, cout: 9, k: 3, stride: 1, pad: 0 }, ['PP']],
  ['conv2d', { batch: 2, cin: 1, h: 11, w: 11, cout: 7, k: 3, stride: 2, pad: 1 }, ['PP']],
  ['conv2d', { batch: 1, cin: 2, h: 8, w: 6, cout: 40, k: 5, stride: 3, pad: 2 }, ['PP']],
  // AlexNet conv1 geometry, scaled down: K 11, stride 4, pad 2 on 27x27 -> 5x5.
  ['conv2d', { batch: 1, cin: 1, h: 27, w: 27, cout: 3, k: 11, stride: 4, pad: 2 }, ['PP']],
  ['conv1x1', { batch: 1, cin: 3, hw: 13 * 13, cout: 7 }, MODE_NAMES],
  ['conv1x1', { batch: 2, cin: 4, hw: 7 * 7, cout: 35 }, ['PP']],
  ['conv1x1', { batch: 2, cin: 2, hw: 5, cout: 40 }, ['PP']],
  ['pad', { planes: 6, h: 13, w: 13, pad: 1 }, MODE_NAMES],
  ['pad', { planes: 70, h: 3, w: 3, pad: 1 }, ['PP']],
  ['pad', { planes: 9, h: 5, w: 2, pad: 2 }, ['PP']],
  ['pad', { planes: 5, h: 1, w: 1, pad: 1 }, ['PP']],
];

describe('conv2d, conv1x1, pad on 64 GPEs: no output line written by two workers', () => {
  const image = kernelImage();
  for (const [id, shape, modes] of CASES) {
    it(`${id} ${JSON.stringify(shape)} (${modes.join(' ')}), outputs then read by relu: 0 stale reads, bit-exact`, () => {
      expectLineOwning(image, id, shape, modes, 23);
    });
  }
});
