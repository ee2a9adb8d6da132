// Batch normalization with batch statistics, per channel c over all n, h, w:
//   sum = 0 + x... (ascending n, then pixel), sumsq: fused x*x + sumsq in the same order,
//   mean = sum / cnt, var = max(sumsq / cnt - mean*mean (fused), 0),
//   scale = gamma[c] / sqrt(var + eps), shift = beta[c] - mean*scale (fused),
//   y = x*scale + shift (fused).
import { add32, div32, fma32, fmax32, sqrt32 } from './f32';
import { requireLength, requirePositive, KernelShapeError } from './shapes';

/** Default epsilon, as PyTorch's BatchNorm2d and tfjs examples use. */
export const BATCHNORM_EPS = Math.fround(1e-5);

export interface BatchnormShape {
  readonly batch: number;
  readonly c: number;
  /** Pixels per plane (H*W). */
  readonly hw: number;
  readonly eps?: number;
}

export function batchnorm(s: BatchnormShape, x: Float32Array, gamma: Float32Array, beta: Float32Array): Float32Array {
  const { batch: N, c: C, hw: P } = s;
  const eps = Math.fround(s.eps ?? BATCHNORM_EPS);
  requirePositive('batchnorm', { batch: N, c: C, hw: P });
  if (!(eps >= 0)) throw new KernelShapeError('batchnorm', `epsilon must be non-negative, got ${s.eps}`);
  requireLength('batchnorm', 'x', x, N * C * P);
  requireLength('batchnorm', 'gamma', gamma, C);
  requireLength('batchnorm', 'beta', beta, C);
  const y = new Float32Array(x.length);
  const cnt = Math.fround(N * P);
  for (let c = 0; c < C; c++) {
    let sum = 0;
    let sumsq = 0;
    for (let n = 0; n < N; n++) {
      const base = (n * C + c) * P;
      for (let p = 0; p < P; p++) {
        const v = x[base + p]!;
        sum = add32(sum, v);
        sumsq = fma32(v, v, sumsq);
      }
    }
    const mean = div32(sum, cnt);
    const variance = fmax32(fma32(-mean, mean, div32(sumsq, cnt)), 0);
    const scale = div32(gamma[c]!, sqrt32(add32(variance, eps)));
    const shift = fma32(-mean, scale, beta[c]!);
    for (let n = 0; n < N; n++) {
      const base = (n * C + c) * P;
      for (let p = 0; p < P; p++) y[base + p] = fma32(x[base + p]!, scale, shift);
    }
  }
  return y;
}
