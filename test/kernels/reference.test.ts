// The binary32 references checked against an independent implementation: the CPU backend of
// @tensorflow/tfjs-core (its own loops, its own accumulation order, NHWC layouts).
//
// Tolerance for sums: both implementations round each of the n additions of a sum of products,
// so each is within n*u*S of the exact value, S = sum of |terms| (u = 2^-24; Higham, Accuracy and
// Stability, eq. 3.5); the two therefore differ by at most 2*n*u*S. S is computed by running the
// same reference on |x|, |w|, |b| (its own rounding error is far below the bound's slack). A wrong
// index or a missed tap shows up as an error of the order of S itself.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import * as ref from '../../kernels/reference';
import { absTensor, randomInt, randomTensor, rng } from './random';

const U = 2 ** -24;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function expectWithinSumBound(actual: Float32Array, expected: Float32Array | Float32Array, magnitude: Float32Array, terms: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const bound = 2 * terms * U * magnitude[i]! + 1e-38;
    const err = Math.abs(actual[i]! - expected[i]!);
    if (!(err <= bound)) throw new Error(`element ${i}: ${actual[i]} vs ${expected[i]} (error ${err}, bound ${bound})`);
    worst = Math.max(worst, err / bound);
  }
  expect(worst).toBeLessThanOrEqual(1);
}

/** NCHW -> NHWC tensor. */
const nhwc = (x: Float32Array, n: number, c: number, h: number, w: number): tf.Tensor4D =>
  tf.transpose(tf.tensor4d(x, [n, c, h, w]), [0, 2, 3, 1]);
const toNchw = (t: tf.Tensor4D): Float32Array => tf.transpose(t, [0, 3, 1, 2]).dataSync() as Float32Array;

describe('reference fc vs tfjs matMul', () => {
  const rand = rng(1);
  const cases = Array.from({ length: 8 }, (_, i) => ({
    batch: randomInt(rand, 1, 3),
    inFeatures: randomInt(rand, 1, 300),
    outFeatures: randomInt(rand, 1, 40),
    act: (['none', 'relu', 'sigmoid'] as const)[i % 3]!,
  }));
  it.each(cases)('batch $batch, in $inFeatures, out $outFeatures, $act', (s) => {
    const x = randomTensor(rand, s.batch * s.inFeatures);
    const w = randomTensor(rand, s.outFeatures * s.inFeatures);
    const b = randomTensor(rand, s.outFeatures);
    const mine = ref.fc(s, x, w, b, 'none');
    const theirs = tf.add(tf.matMul(tf.tensor2d(x, [s.batch, s.inFeatures]), tf.tensor2d(w, [s.outFeatures, s.inFeatures]), false, true), tf.tensor1d(b));
    const mag = ref.fc(s, absTensor(x), absTensor(w), absTensor(b), 'none');
    expectWithinSumBound(mine, theirs.dataSync() as Float32Array, mag, s.inFeatures + 1);
    if (s.act !== 'none') {
      // The activation applied to the same pre-activation: relu exactly, sigmoid within 4 ulp.
      const act = ref.fc(s, x, w, b, s.act);
      const tfAct = (s.act === 'relu' ? tf.relu(tf.tensor1d(mine)) : tf.sigmoid(tf.tensor1d(mine))).dataSync();
      for (let i = 0; i < act.length; i++) expect(ref.ulpDistance(act[i]!, tfAct[i]!)).toBeLessThanOrEqual(4);
    }
  });
});

describe('reference conv2d vs tfjs conv2d', () => {
  const rand = rng(2);
  const cases: ref.Conv2dShape[] = [
    { batch: 1, cin: 1, h: 5, w: 5, cout: 1, k: 3, stride: 1, pad: 0 },
    { batch: 2, cin: 3, h: 9, w: 7, cout: 4, k: 3, stride: 1, pad: 1 },
    { batch: 3, cin: 2, h: 11, w: 13, cout: 3, k: 5, stride: 2, pad: 2 },
    { batch: 1, cin: 3, h: 17, w: 17, cout: 2, k: 11, stride: 4, pad: 2 },
    { batch: 1, cin: 2, h: 16, w: 15, cout: 2, k: 15, stride: 1, pad: 0 },
    { batch: 2, cin: 4, h: 6, w: 6, cout: 5, k: 1, stride: 1, pad: 0 },
    { batch: 1, cin: 1, h: 4, w: 4, cout: 1, k: 4, stride: 3, pad: 3 },
  ];
  for (let i = 0; i < 5; i++) {
    const k = randomInt(rand, 1, 9);
    const pad = randomInt(rand, 0, k - 1);
    cases.push({ batch: randomInt(rand, 1, 3), cin: randomInt(rand, 1, 5), h: randomInt(rand, Math.max(1, k - 2 * pad), 14), w: randomInt(rand, Math.max(1, k - 2 * pad), 14), cout: randomInt(rand, 1, 4), k, stride: randomInt(rand, 1, 3), pad });
  }
  it.each(cases)('N$batch Cin$cin H$h W$w Cout$cout K$k s$stride p$pad', (s) => {
    const x = randomTensor(rand, s.batch * s.cin * s.h * s.w);
    const w = randomTensor(rand, s.cout * s.cin * s.k * s.k);
    const b = randomTensor(rand, s.cout);
    const mine = ref.conv2d(s, x, w, b);
    const filter = tf.transpose(tf.tensor4d(w, [s.cout, s.cin, s.k, s.k]), [2, 3, 1, 0]) as tf.Tensor4D;
    const padding: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [s.pad, s.pad], [s.pad, s.pad], [0, 0]];
    const out = tf.add(tf.conv2d(nhwc(x, s.batch, s.cin, s.h, s.w), filter, s.stride, padding), tf.tensor1d(b)) as tf.Tensor4D;
    const { ho, wo } = ref.conv2dOutputSize(s);
    expect(out.shape).toEqual([s.batch, ho, wo, s.cout]);
    const mag = ref.conv2d(s, absTensor(x), absTensor(w), absTensor(b));
    expectWithinSumBound(mine, toNchw(out), mag, s.cin * s.k * s.k + 1);
  });

  it('conv1x1 equals conv2d with K=1 bit for bit, and matches tfjs', () => {
    const s = { batch: 2, cin: 5, hw: 7 * 3, cout: 3 };
    const x = randomTensor(rand, s.batch * s.cin * s.hw);
    const w = randomTensor(rand, s.cout * s.cin);
    const b = randomTensor(rand, s.cout);
    const mine = ref.conv1x1(s, x, w, b);
    expect(mine).toEqual(ref.conv2d({ batch: 2, cin: 5, h: 7, w: 3, cout: 3, k: 1, stride: 1, pad: 0 }, x, w, b));
    const out = tf.add(tf.conv2d(nhwc(x, 2, 5, 7, 3), tf.transpose(tf.tensor4d(w, [3, 5, 1, 1]), [2, 3, 1, 0]) as tf.Tensor4D, 1, 'valid'), tf.tensor1d(b)) as tf.Tensor4D;
    expectWithinSumBound(mine, toNchw(out), ref.conv1x1(s, absTensor(x), absTensor(w), absTensor(b)), s.cin + 1);
  });

  it('rejects shapes that do not fit, with the reason', () => {
    const x = new Float32Array(3 * 3);
    expect(() => ref.conv2d({ batch: 1, cin: 1, h: 3, w: 3, cout: 1, k: 5, stride: 1, pad: 0 }, x, new Float32Array(25), new Float32Array(1))).toThrow(/window 5 is larger than the padded input height 3/);
    expect(() => ref.conv2d({ batch: 1, cin: 0, h: 3, w: 3, cout: 1, k: 1, stride: 1, pad: 0 }, x, new Float32Array(0), new Float32Array(1))).toThrow(/cin must be a positive integer, got 0/);
    expect(() => ref.conv2d({ batch: 1, cin: 1, h: 16, w: 16, cout: 1, k: 16, stride: 1, pad: 0 }, new Float32Array(256), new Float32Array(256), new Float32Array(1))).toThrow(/larger than 15/);
    expect(() => ref.conv2d({ batch: 1, cin: 1, h: 3, w: 3, cout: 1, k: 3, stride: 1, pad: 0 }, new Float32Array(8), new Float32Array(9), new Float32Array(1))).toThrow(/x has 8 elements, expected 9/);
    expect(() => ref.maxpool({ planes: 1, h: 2, w: 2, k: 3, stride: 1 }, new Float32Array(4))).toThrow(/maxpool: window 3 is larger/);
    expect(() => ref.add(new Float32Array(2), new Float32Array(3))).toThrow(/add: operands differ/);
  });
});

describe('reference pad, pooling vs tfjs', () => {
  const rand = rng(3);
  const cases: ref.PoolShape[] = [
    { planes: 3, h: 32, w: 32, k: 2, stride: 2 },
    { planes: 2, h: 7, w: 9, k: 3, stride: 2 },
    { planes: 4, h: 5, w: 5, k: 2, stride: 1 },
    { planes: 1, h: 13, w: 11, k: 3, stride: 3 },
    { planes: 2, h: 4, w: 6, k: 4, stride: 1 },
  ];
  it.each(cases)('maxpool and avgpool planes $planes H$h W$w k$k s$stride', (s) => {
    const x = randomTensor(rand, s.planes * s.h * s.w);
    const t = nhwc(x, 1, s.planes, s.h, s.w);
    expect(ref.maxpool(s, x)).toEqual(toNchw(tf.maxPool(t, s.k, s.stride, 'valid')));
    const avg = ref.avgpool(s, x);
    const theirs = toNchw(tf.avgPool(t, s.k, s.stride, 'valid'));
    // Mean of k*k terms in [-1, 1): each side is within k*k*u*k*k/(k*k) of the exact mean.
    for (let i = 0; i < avg.length; i++) expect(Math.abs(avg[i]! - theirs[i]!)).toBeLessThanOrEqual(2 * s.k * s.k * U + 1e-30);
  });

  it.each([[2, 5, 4, 1], [1, 3, 3, 2], [3, 1, 7, 0]])('pad planes %i, %ix%i by %i', (planes, h, w, p) => {
    const x = randomTensor(rand, planes * h * w);
    const theirs = tf.pad(tf.tensor3d(x, [planes, h, w]), [[0, 0], [p, p], [p, p]]).dataSync();
    expect(ref.pad({ planes, h, w, pad: p }, x)).toEqual(theirs);
  });
});

describe('reference element-wise and activations vs tfjs', () => {
  const rand = rng(4);
  const n = 1001;
  const a = randomTensor(rand, n, -12, 12);
  const b = randomTensor(rand, n, -12, 12);
  it('add and mul are bit-identical (single rounding each)', () => {
    expect(ref.add(a, b)).toEqual(tf.add(tf.tensor1d(a), tf.tensor1d(b)).dataSync());
    expect(ref.mul(a, b)).toEqual(tf.mul(tf.tensor1d(a), tf.tensor1d(b)).dataSync());
  });
  it('relu is bit-identical', () => {
    expect(ref.relu(a)).toEqual(tf.relu(tf.tensor1d(a)).dataSync());
  });
  it('sigmoid within 4 ulp, tanh within 4 ulp or 2^-26 absolute', () => {
    const s = ref.sigmoid(a);
    const ts = tf.sigmoid(tf.tensor1d(a)).dataSync();
    for (let i = 0; i < n; i++) expect(ref.ulpDistance(s[i]!, ts[i]!), `sigmoid(${a[i]})`).toBeLessThanOrEqual(4);
    const t = ref.tanh(a);
    const tt = tf.tanh(tf.tensor1d(a)).dataSync();
    for (let i = 0; i < n; i++) {
      const ok = ref.ulpDistance(t[i]!, tt[i]!) <= 4 || Math.abs(t[i]! - tt[i]!) <= 2 ** -26;
      expect(ok, `tanh(${a[i]}): ${t[i]} vs ${tt[i]}`).toBe(true);
    }
  });
});

describe('reference batchnorm vs tfjs moments + batchNorm', () => {
  const rand = rng(5);
  it.each([[2, 3, 5, 5], [4, 2, 3, 7], [1, 4, 8, 8]])('N%i C%i %ix%i', (N, C, H, W) => {
    const x = randomTensor(rand, N * C * H * W, -2, 3);
    const gamma = randomTensor(rand, C, 0.5, 1.5);
    const beta = randomTensor(rand, C);
    const mine = ref.batchnorm({ batch: N, c: C, hw: H * W }, x, gamma, beta);
    const t = nhwc(x, N, C, H, W);
    const { mean, variance } = tf.moments(t, [0, 1, 2]);
    const theirs = toNchw(tf.batchNorm(t, mean, variance, tf.tensor1d(beta), tf.tensor1d(gamma), ref.BATCHNORM_EPS) as tf.Tensor4D);
    // Normalized values are O(1); sum of N*H*W terms of O(1) magnitude in both: 1e-4 absolute
    // covers 2*n*u*S for n <= 512 with |x| < 3 and the E[x^2]-mean^2 cancellation at var ~ 2.
    for (let i = 0; i < mine.length; i++) expect(Math.abs(mine[i]! - theirs[i]!)).toBeLessThanOrEqual(1e-4);
  });
});

describe('reference LSTM vs tfjs ops', () => {
  const rand = rng(6);
  it.each([[5, 3, 1], [17, 9, 4], [40, 33, 2]])('in %i, hidden %i, %i steps', (I, H, T) => {
    const p = { wx: randomTensor(rand, 4 * H * I, -0.5, 0.5), uh: randomTensor(rand, 4 * H * H, -0.5, 0.5), b: randomTensor(rand, 4 * H, -0.5, 0.5) };
    const xs = randomTensor(rand, T * I);
    const h0 = randomTensor(rand, H);
    const c0 = randomTensor(rand, H);
    const mine = ref.lstm({ inFeatures: I, hidden: H, steps: T }, p, xs, h0, c0);
    let h = tf.tensor2d(h0, [1, H]);
    let c = tf.tensor2d(c0, [1, H]);
    const wx = tf.tensor2d(p.wx, [4 * H, I]);
    const uh = tf.tensor2d(p.uh, [4 * H, H]);
    for (let t = 0; t < T; t++) {
      const x = tf.tensor2d(xs.subarray(t * I, (t + 1) * I), [1, I]);
      const z = tf.add(tf.add(tf.matMul(x, wx, false, true), tf.matMul(h, uh, false, true)), tf.tensor1d(p.b));
      const [zi, zf, zg, zo] = tf.split(z, 4, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      c = tf.add(tf.mul(tf.sigmoid(zf), c), tf.mul(tf.sigmoid(zi), tf.tanh(zg)));
      h = tf.mul(tf.sigmoid(zo), tf.tanh(c));
      const hs = h.dataSync();
      // Pre-activations are sums of I+H+1 terms below 0.5 in magnitude; sigmoid and tanh have slope
      // <= 1, so hidden states differ by at most the sum bound, amplified through the steps.
      for (let j = 0; j < H; j++) expect(Math.abs(mine.hs[t * H + j]! - hs[j]!)).toBeLessThanOrEqual(1e-5 * (t + 1));
    }
    const cs = c.dataSync();
    for (let j = 0; j < H; j++) expect(Math.abs(mine.c[j]! - cs[j]!)).toBeLessThanOrEqual(1e-5 * T);
  });
});

describe('descriptor layout helpers', () => {
  it('lays out fields in documented order and refuses missing or unknown ones', () => {
    const words = ref.descriptorWords('add', { a: 0x1000, b: 0x2000, y: 0x3000, count: 7 });
    expect(Array.from(words)).toEqual([0x1000, 0x2000, 0x3000, 7]);
    expect(ref.fieldOffset('conv2d', 'wo')).toBe(52);
    expect(ref.fieldOffset('lstm-cell', 'hidden')).toBe(36);
    expect(ref.entrySymbol('lstm-cell')).toBe('kernel_lstm_cell');
    expect(() => ref.descriptorWords('add', { a: 1, b: 2, y: 3 })).toThrow(/'count' is missing/);
    expect(() => ref.descriptorWords('add', { a: 1, b: 2, y: 3, count: 4, z: 5 })).toThrow(/no descriptor field 'z'/);
    expect(() => ref.descriptorWords('relu', { x: 1, y: 2, count: -1 })).toThrow(/32-bit unsigned/);
  });
  it('splits element-wise work on whole cache lines', () => {
    const covered: number[] = [];
    for (let w = 0; w < 7; w++) {
      const [s, e] = ref.lineBlockRange(1001, w, 7);
      if (s < e) expect(s % ref.LINE_FLOATS).toBe(0);
      for (let i = s; i < e; i++) covered.push(i);
    }
    expect(covered).toEqual(Array.from({ length: 1001 }, (_, i) => i));
  });
});
