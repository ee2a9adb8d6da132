// Max and average pooling over each HxW plane of NCHW data (no padding; window k, stride s).
// maxpool: m = first element of the window, then fmax.s with the others in row-major order.
// avgpool: s = first element, then s += each other element in row-major order, y = s / (k*k).
import { add32, div32, fmax32 } from './f32';
import { requireLength, requirePositive, windowOutput } from './shapes';

export interface PoolShape {
  /** Number of planes (N*C). */
  readonly planes: number;
  readonly h: number;
  readonly w: number;
  readonly k: number;
  readonly stride: number;
}

export function poolOutputSize(kernel: string, s: PoolShape): { ho: number; wo: number } {
  requirePositive(kernel, { planes: s.planes, h: s.h, w: s.w, k: s.k, stride: s.stride });
  return { ho: windowOutput(kernel, 'height', s.h, s.k, s.stride, 0), wo: windowOutput(kernel, 'width', s.w, s.k, s.stride, 0) };
}

function pool(kernel: string, s: PoolShape, x: Float32Array, combine: (acc: number, v: number) => number, finish: (acc: number) => number): Float32Array {
  const { ho, wo } = poolOutputSize(kernel, s);
  const { planes, h: H, w: W, k: K, stride: S } = s;
  requireLength(kernel, 'x', x, planes * H * W);
  const y = new Float32Array(planes * ho * wo);
  for (let q = 0; q < planes; q++) {
    for (let oh = 0; oh < ho; oh++) {
      for (let ow = 0; ow < wo; ow++) {
        const base = q * H * W + oh * S * W + ow * S;
        let acc = x[base]!;
        for (let kh = 0; kh < K; kh++) {
          for (let kw = kh === 0 ? 1 : 0; kw < K; kw++) acc = combine(acc, x[base + kh * W + kw]!);
        }
        y[(q * ho + oh) * wo + ow] = finish(acc);
      }
    }
  }
  return y;
}

export const maxpool = (s: PoolShape, x: Float32Array): Float32Array => pool('maxpool', s, x, fmax32, (a) => a);
export const avgpool = (s: PoolShape, x: Float32Array): Float32Array =>
  pool('avgpool', s, x, add32, (a) => div32(a, s.k * s.k));
