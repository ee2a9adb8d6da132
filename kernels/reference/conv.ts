// Convolutions, NCHW activations, weights [Cout][Cin][K][K], bias [Cout], zero padding.
// Accumulation order per output element (the assembly's): acc = bias[co], then one fused
// multiply-add per tap in the order ci, kh, kw (all ascending), skipping taps that fall in the
// zero padding.
import { fma32 } from './f32';
import { KernelShapeError, requireLength, requireNonNegative, requirePositive, windowOutput } from './shapes';

export interface Conv2dShape {
  readonly batch: number;
  readonly cin: number;
  readonly h: number;
  readonly w: number;
  readonly cout: number;
  readonly k: number;
  readonly stride: number;
  readonly pad: number;
}

export const MAX_CONV_K = 15;

export function conv2dOutputSize(s: Conv2dShape): { ho: number; wo: number } {
  requirePositive('conv2d', { batch: s.batch, cin: s.cin, h: s.h, w: s.w, cout: s.cout, k: s.k, stride: s.stride });
  requireNonNegative('conv2d', { pad: s.pad });
  if (s.k > MAX_CONV_K) throw new KernelShapeError('conv2d', `kernel size ${s.k} is larger than ${MAX_CONV_K}`);
  if (s.pad >= s.k) throw new KernelShapeError('conv2d', `padding ${s.pad} must be smaller than the kernel size ${s.k}`);
  return {
    ho: windowOutput('conv2d', 'height', s.h, s.k, s.stride, s.pad),
    wo: windowOutput('conv2d', 'width', s.w, s.k, s.stride, s.pad),
  };
}

export function conv2d(s: Conv2dShape, x: Float32Array, w: Float32Array, bias: Float32Array): Float32Array {
  const { ho, wo } = conv2dOutputSize(s);
  const { batch: N, cin: C, h: H, w: W, cout: CO, k: K, stride: S, pad: P } = s;
  requireLength('conv2d', 'x', x, N * C * H * W);
  requireLength('conv2d', 'weights', w, CO * C * K * K);
  requireLength('conv2d', 'bias', bias, CO);
  const y = new Float32Array(N * CO * ho * wo);
  for (let n = 0; n < N; n++) {
    for (let co = 0; co < CO; co++) {
      for (let oh = 0; oh < ho; oh++) {
        for (let ow = 0; ow < wo; ow++) {
          let acc = bias[co]!;
          for (let ci = 0; ci < C; ci++) {
            const xPlane = (n * C + ci) * H * W;
            const wBase = (co * C + ci) * K * K;
            for (let kh = 0; kh < K; kh++) {
              const ih = oh * S + kh - P;
              if (ih < 0 || ih >= H) continue;
              for (let kw = 0; kw < K; kw++) {
                const iw = ow * S + kw - P;
                if (iw < 0 || iw >= W) continue;
                acc = fma32(w[wBase + kh * K + kw]!, x[xPlane + ih * W + iw]!, acc);
              }
            }
          }
          y[((n * CO + co) * ho + oh) * wo + ow] = acc;
        }
      }
    }
  }
  return y;
}

export interface Conv1x1Shape {
  readonly batch: number;
  readonly cin: number;
  /** Pixels per plane (H*W). */
  readonly hw: number;
  readonly cout: number;
}

/** 1x1 convolution (stride 1, no padding): y[n][co][p] = bias[co] + sum_ci w[co][ci] * x[n][ci][p]. */
export function conv1x1(s: Conv1x1Shape, x: Float32Array, w: Float32Array, bias: Float32Array): Float32Array {
  const { batch: N, cin: C, hw: P, cout: CO } = s;
  requirePositive('conv1x1', { batch: N, cin: C, hw: P, cout: CO });
  requireLength('conv1x1', 'x', x, N * C * P);
  requireLength('conv1x1', 'weights', w, CO * C);
  requireLength('conv1x1', 'bias', bias, CO);
  const y = new Float32Array(N * CO * P);
  for (let n = 0; n < N; n++) {
    for (let co = 0; co < CO; co++) {
      for (let p = 0; p < P; p++) {
        let acc = bias[co]!;
        for (let ci = 0; ci < C; ci++) acc = fma32(w[co * C + ci]!, x[(n * C + ci) * P + p]!, acc);
        y[(n * CO + co) * P + p] = acc;
      }
    }
  }
  return y;
}

export interface PadShape {
  /** Number of planes (N*C). */
  readonly planes: number;
  readonly h: number;
  readonly w: number;
  readonly pad: number;
}

/** Zero padding: each HxW plane becomes (H+2p)x(W+2p) with the input in the middle. */
export function pad(s: PadShape, x: Float32Array): Float32Array {
  const { planes, h: H, w: W, pad: P } = s;
  requirePositive('pad', { planes, h: H, w: W });
  requireNonNegative('pad', { pad: P });
  requireLength('pad', 'x', x, planes * H * W);
  const HO = H + 2 * P;
  const WO = W + 2 * P;
  const y = new Float32Array(planes * HO * WO);
  for (let q = 0; q < planes; q++) {
    for (let i = 0; i < H; i++) {
      for (let j = 0; j < W; j++) y[(q * HO + i + P) * WO + j + P] = x[(q * H + i) * W + j]!;
    }
  }
  return y;
}
