// LSTM cell and layer. Gate rows are stacked i, f, g, o (PyTorch's order): Wx is [4H][I],
// Uh is [4H][H], b is [4H]. For hidden unit j and gate q the pre-activation is
//   acc = b[qH+j]; acc += Wx[qH+j][m] * x[m] (fused, m ascending); acc += Uh[qH+j][k] * h[k]
//   (fused, k ascending)
// then i, f, o = sigmoid, g = tanh, c' = f*c + (i*g) (fused over the rounded i*g),
// h' = o * tanh(c').
import { fma32, mul32 } from './f32';
import { sigmoidf32, tanhf32 } from './activation';
import { requireLength, requirePositive } from './shapes';

export interface LstmShape {
  readonly inFeatures: number;
  readonly hidden: number;
}

export interface LstmWeights {
  readonly wx: Float32Array;
  readonly uh: Float32Array;
  readonly b: Float32Array;
}

function checkWeights(kernel: string, s: LstmShape, p: LstmWeights): void {
  requirePositive(kernel, { inFeatures: s.inFeatures, hidden: s.hidden });
  requireLength(kernel, 'wx', p.wx, 4 * s.hidden * s.inFeatures);
  requireLength(kernel, 'uh', p.uh, 4 * s.hidden * s.hidden);
  requireLength(kernel, 'b', p.b, 4 * s.hidden);
}

export function lstmCell(s: LstmShape, p: LstmWeights, x: Float32Array, h: Float32Array, c: Float32Array): { h: Float32Array; c: Float32Array } {
  checkWeights('lstm-cell', s, p);
  const { inFeatures: I, hidden: H } = s;
  requireLength('lstm-cell', 'x', x, I);
  requireLength('lstm-cell', 'h', h, H);
  requireLength('lstm-cell', 'c', c, H);
  const hOut = new Float32Array(H);
  const cOut = new Float32Array(H);
  const gate = (row: number): number => {
    let acc = p.b[row]!;
    for (let m = 0; m < I; m++) acc = fma32(p.wx[row * I + m]!, x[m]!, acc);
    for (let k = 0; k < H; k++) acc = fma32(p.uh[row * H + k]!, h[k]!, acc);
    return acc;
  };
  for (let j = 0; j < H; j++) {
    const i = sigmoidf32(gate(j));
    const f = sigmoidf32(gate(H + j));
    const g = tanhf32(gate(2 * H + j));
    const o = sigmoidf32(gate(3 * H + j));
    const cj = fma32(f, c[j]!, mul32(i, g));
    cOut[j] = cj;
    hOut[j] = mul32(o, tanhf32(cj));
  }
  return { h: hOut, c: cOut };
}

/** An LSTM layer over T time steps: xs is [T][I]; returns all hidden states [T][H] and the last c. */
export function lstm(s: LstmShape & { readonly steps: number }, p: LstmWeights, xs: Float32Array, h0: Float32Array, c0: Float32Array): { hs: Float32Array; c: Float32Array } {
  checkWeights('lstm', s, p);
  requirePositive('lstm', { steps: s.steps });
  requireLength('lstm', 'xs', xs, s.steps * s.inFeatures);
  const hs = new Float32Array(s.steps * s.hidden);
  let h = h0;
  let c = c0;
  for (let t = 0; t < s.steps; t++) {
    const out = lstmCell(s, p, xs.subarray(t * s.inFeatures, (t + 1) * s.inFeatures), h, c);
    hs.set(out.h, t * s.hidden);
    h = out.h;
    c = out.c;
  }
  return { hs, c };
}
