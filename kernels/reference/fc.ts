// Fully connected layer: y[b][n] = act(bias[n] + sum_m W[n][m] * x[b][m]), weights row-major
// [out][in]. Accumulation order (the assembly's): acc = bias[n], then one fused multiply-add per
// input feature m = 0, 1, ..., M-1, then the activation.
import { fma32 } from './f32';
import { reluf32, sigmoidf32 } from './activation';
import { Activation } from './abi';
import { requireLength, requirePositive } from './shapes';

export interface FcShape {
  readonly batch: number;
  readonly inFeatures: number;
  readonly outFeatures: number;
}

export function fc(shape: FcShape, x: Float32Array, w: Float32Array, bias: Float32Array, act: Activation = 'none'): Float32Array {
  const { batch: B, inFeatures: M, outFeatures: N } = shape;
  requirePositive('fc', { batch: B, inFeatures: M, outFeatures: N });
  requireLength('fc', 'x', x, B * M);
  requireLength('fc', 'weights', w, N * M);
  requireLength('fc', 'bias', bias, N);
  const y = new Float32Array(B * N);
  for (let b = 0; b < B; b++) {
    for (let n = 0; n < N; n++) {
      let acc = bias[n]!;
      const row = n * M;
      const xb = b * M;
      for (let m = 0; m < M; m++) acc = fma32(w[row + m]!, x[xb + m]!, acc);
      y[b * N + n] = act === 'relu' ? reluf32(acc) : act === 'sigmoid' ? sigmoidf32(acc) : acc;
    }
  }
  return y;
}
