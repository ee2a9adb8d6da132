// exp, sigmoid and tanh exactly as kernels/math.s computes them, step by step in binary32, so the
// assembly matches bit for bit; test/kernels measures their error against float64 Math.exp/tanh.
import { add32, bitsOf, div32, fma32, fmax32, fmin32, fromBits, mul32, sub32 } from './f32';

export const EXP_CONST = Object.freeze({
  /** Inputs are clamped to [lo, hi] first: exp(-104) is 0 in binary32, exp(89) is +inf. */
  lo: -104,
  hi: 89,
  log2e: fromBits(0x3fb8aa3b),
  /** ln2 split so that n*ln2hi is exact for |n| < 2^9 (ln2hi has 16 significant bits). */
  ln2hi: fromBits(0x3f317200),
  ln2lo: fromBits(0x35bfbe8e),
  /** Taylor coefficients 1/k! rounded to binary32, k = 7 down to 1. */
  poly: [1 / 5040, 1 / 720, 1 / 120, 1 / 24, 1 / 6, 1 / 2, 1].map(Math.fround),
});

/** Round half to even to an integer, as fcvt.w.s with rm = rne. */
function roundEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const pow2 = (n: number): number => fromBits(((n + 127) << 23) >>> 0);

/**
 * expf: clamp, n = rne(x*log2e), r = x - n*ln2 (two fused steps), degree-7 polynomial in r,
 * then scale by 2^n as 2^(n>>1) * 2^(n-(n>>1)) so that results down to the subnormal range and
 * the overflow to +inf come out of ordinary multiplications. NaN inputs are clamped (to -104).
 */
export function expf32(x: number): number {
  const xc = fmin32(fmax32(x, EXP_CONST.lo), EXP_CONST.hi);
  const n = roundEven(mul32(xc, EXP_CONST.log2e));
  let r = fma32(-n, EXP_CONST.ln2hi, xc);
  r = fma32(-n, EXP_CONST.ln2lo, r);
  const c = EXP_CONST.poly;
  let p = c[0]!;
  for (let k = 1; k < c.length; k++) p = fma32(p, r, c[k]!);
  p = fma32(p, r, 1);
  const n1 = n >> 1;
  return mul32(mul32(p, pow2(n1)), pow2(n - n1));
}

/** sigmoid(x) = 1 / (1 + exp(-x)). */
export function sigmoidf32(x: number): number {
  return div32(1, add32(1, expf32(-x)));
}

/**
 * Odd Taylor coefficients of tanh for |x| < TANH_SMALL: x + x^3 * (c3 + c5 z + ... + c17 z^7),
 * z = x^2 (the first omitted term is below 5e-9 relative at 0.55). Above 0.55 the exp formula
 * loses little to cancellation (tanh(0.55) = 0.5).
 */
export const TANH_SMALL = Math.fround(0.55);
export const TANH_POLY = Object.freeze(
  [6404582 / 10854718875, -929569 / 638512875, 21844 / 6081075, -1382 / 155925, 62 / 2835, -17 / 315, 2 / 15, -1 / 3].map(Math.fround),
);

/** tanh: the odd series below |x| = 0.55, else sign(x) * (1 - 2 / (exp(2|x|) + 1)). */
export function tanhf32(x: number): number {
  const a = Math.abs(x);
  if (a < TANH_SMALL) {
    const z = mul32(x, x);
    let q = TANH_POLY[0]!;
    for (let k = 1; k < TANH_POLY.length; k++) q = fma32(q, z, TANH_POLY[k]!);
    // tanh is odd: the result takes the sign of x (this keeps tanh(-0) = -0).
    return copySign(fma32(mul32(x, z), q, x), x);
  }
  const e = expf32(add32(a, a));
  return copySign(sub32(1, div32(2, add32(e, 1))), x);
}

/** fsgnj.s: the magnitude of `magnitude` with the sign bit of `sign`. */
function copySign(magnitude: number, sign: number): number {
  return fromBits(((bitsOf(magnitude) & 0x7fffffff) | (bitsOf(sign) & 0x80000000)) >>> 0);
}

/** ReLU as fmax.s x, +0: negative values and -0 give +0, NaN gives +0. */
export function reluf32(x: number): number {
  return fmax32(x, 0);
}
