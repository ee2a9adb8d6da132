/**
 * Seeded operand generator for the qemu FP oracle test: random binary32 patterns biased towards
 * the classes where implementations go wrong (zeros, subnormals, the normal/subnormal boundary,
 * near-overflow, NaN payloads, ties, cancellation, integers near 2^31/2^32).
 */

/** Op codes shared with oracle.c (same order as its enum). */
export const OracleOp = {
  fadd: 0,
  fsub: 1,
  fmul: 2,
  fdiv: 3,
  fsqrt: 4,
  fmadd: 5,
  fmsub: 6,
  fnmsub: 7,
  fnmadd: 8,
  fmin: 9,
  fmax: 10,
  feq: 11,
  flt: 12,
  fle: 13,
  fclass: 14,
  fcvtWS: 15,
  fcvtWuS: 16,
  fcvtSW: 17,
  fcvtSWu: 18,
} as const;
export type OracleOpName = keyof typeof OracleOp;

/** mulberry32: small, fast, seeded. Returns uint32. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** Integer in [0, n). */
  below(n: number): number {
    return this.next() % n;
  }
  bool(): boolean {
    return (this.next() & 1) === 1;
  }
}

const SIGN = 0x80000000;

export function pack(sign: boolean, exp: number, mant: number): number {
  return ((sign ? SIGN : 0) + ((exp & 0xff) << 23) + (mant & 0x7fffff)) >>> 0;
}

function expOf(a: number): number {
  return (a >>> 23) & 0xff;
}

/** A mantissa with interesting structure: random, all ones, few top bits, or a single low bit. */
function mantissa(r: Rng): number {
  switch (r.below(6)) {
    case 0:
      return 0;
    case 1:
      return 0x7fffff;
    case 2:
      return (r.next() & 0x7fffff) & ~((1 << (8 + r.below(15))) - 1); // short mantissa
    case 3:
      return (r.next() & 0x7fffff) | 1;
    case 4:
      return 1 << r.below(23);
    default:
      return r.next() & 0x7fffff;
  }
}

/** One binary32 operand from a biased class mix. */
export function randF32(r: Rng): number {
  const s = r.bool();
  switch (r.below(16)) {
    case 0:
      return s ? SIGN : 0;
    case 1:
      return pack(s, 0, (r.next() & 0x7fffff) || 1);
    case 2:
      return pack(s, 0, r.bool() ? 1 + r.below(4) : 0x7fffff - r.below(4));
    case 3:
      return (pack(s, 1, 0) + r.below(9) - 4) >>> 0; // around the smallest normal
    case 4:
      return pack(s, 1 + r.below(254), mantissa(r));
    case 5:
    case 6:
      return pack(s, 117 + r.below(20), mantissa(r));
    case 7:
      return pack(s, 250 + r.below(5), r.bool() ? 0x7fffff - r.below(4) : mantissa(r));
    case 8:
      return pack(s, 255, 0);
    case 9:
      return pack(s, 255, 0x400000 | (r.bool() ? 0 : r.next() & 0x3fffff)); // qNaN
    case 10:
      return pack(s, 255, (r.next() & 0x3fffff) || 1); // sNaN
    case 11: {
      // small integers and halves/quarters: ties for conversions and additions
      const v = (r.below(4096) + [0, 0.5, 0.25, 0.75][r.below(4)]) * (s ? -1 : 1);
      return floatBits(v);
    }
    case 12:
      return pack(s, 156 + r.below(4), r.bool() ? mantissa(r) : 0x7fffff - r.below(3)); // ~2^29..2^33
    case 13:
      return (pack(s, 127, 0) + r.below(7) - 3) >>> 0; // 1.0 +- ulps
    default:
      return pack(s, 1 + r.below(254), r.next() & 0x7fffff);
  }
}

const cvt32 = new Float32Array(1);
const cvtBits = new Uint32Array(cvt32.buffer);
/** Bits of fround(v) for a non-NaN double. */
export function floatBits(v: number): number {
  cvt32[0] = v;
  return cvtBits[0];
}
export function bitsFloat(a: number): number {
  cvtBits[0] = a;
  return cvt32[0];
}

/** Shift the exponent field of a finite normal-or-subnormal pattern to e (clamped to 1..254). */
function withExp(a: number, e: number): number {
  const ce = Math.max(1, Math.min(254, e));
  return pack(a >= SIGN, ce, a & 0x7fffff);
}

/** A second operand related to a (same magnitude, far below it, cancelling, ...). */
export function relatedF32(r: Rng, a: number, forOp: 'add' | 'mul' | 'div'): number {
  const ea = expOf(a);
  if (ea === 255) return randF32(r);
  const s = r.bool();
  switch (r.below(forOp === 'add' ? 5 : 4)) {
    case 0:
      // nearly the same magnitude, random low bits: cancellation or exact quotient near 1
      return ((a & ~0xff) | (r.next() & 0xff)) ^ (s ? SIGN : 0);
    case 1:
      if (forOp === 'add') return withExp(pack(s, 0, mantissa(r)), ea - 22 - r.below(6)); // ties/sticky
      if (forOp === 'mul') return withExp(pack(s, 0, mantissa(r)), 127 - 126 - (ea - 127) + r.below(5) - 3); // product near 2^-126
      return withExp(pack(s, 0, mantissa(r)), ea + 125 + r.below(5) - 2); // quotient near 2^-126
    case 2:
      if (forOp === 'add') return withExp(pack(s, 0, mantissa(r)), ea - 24 - r.below(3));
      if (forOp === 'mul') return withExp(pack(s, 0, mantissa(r)), 127 + 127 - (ea - 127) + r.below(3) - 1); // near overflow
      return withExp(pack(s, 0, mantissa(r)), ea - 127 - r.below(3)); // quotient near 2^128
    case 3:
      return (a ^ SIGN) >>> 0;
    default:
      return randF32(r);
  }
}

/** int32 operand (as uint32 bits) biased to rounding-relevant patterns. */
export function randI32(r: Rng): number {
  switch (r.below(6)) {
    case 0:
      return r.below(1 << 24) >>> 0;
    case 1: {
      // 24 significant bits followed by a tie/above/below tail
      const shift = 1 + r.below(7);
      const top = (1 << 23) | (r.next() & 0x7fffff);
      const tail = [1 << (shift - 1), (1 << (shift - 1)) + 1, (1 << (shift - 1)) - 1, 0][r.below(4)];
      const v = top * 2 ** shift + tail;
      return (r.bool() ? v : -v) >>> 0;
    }
    case 2:
      return [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x80000001, 0x7fffff80, 0xffffff80, 0xffffff7f][r.below(9)];
    default:
      return r.next();
  }
}

/** A significand just above (mantissa 0..7) or just below (all ones minus 0..7) a power of two. */
function nearPow2Mantissa(r: Rng): number {
  return r.bool() ? r.below(8) : 0x7fffff - r.below(8);
}

/**
 * Operands whose product (or quotient) lands within a few ulps of 2^-126 (tininess after rounding
 * decides UF there) or of 2^128 (overflow decided by the rounding of the last ulp).
 */
export function boundaryPair(r: Rng, forOp: 'mul' | 'div'): [number, number] {
  const target = [-127, -126, -126, -125, 127, 128][r.below(6)];
  const ea = 1 + r.below(254);
  const a = pack(r.bool(), ea, nearPow2Mantissa(r));
  const sb = r.bool();
  const mb = nearPow2Mantissa(r);
  // Unbiased exponents: target ~ (ea-127) + (eb-127) for mul, (ea-127) - (eb-127) for div.
  const eb = forOp === 'mul' ? target - (ea - 127) + 127 : ea - 127 - target + 127;
  if (eb >= 1 && eb <= 254) return [a, pack(sb, eb, mb)];
  if (eb === 0 || (eb < 0 && eb > -24)) {
    // b must be subnormal: shift the significand right by (1 - eb) bits.
    const sig = (0x800000 | mb) >>> (1 - eb);
    return [a, pack(sb, 0, sig || 1)];
  }
  return [a, randF32(r)];
}

/**
 * fma operands whose exact product is a binary32 midpoint (1 + 2^-i)(1 + 2^-j) with i + j = 24,
 * plus an addend far below it: the double sum then sits exactly on the midpoint while the exact
 * sum does not (the classic double-rounding trap), or an addend that cancels most of the product.
 */
export function fmaMidpointTrap(r: Rng): [number, number, number] {
  const i = 1 + r.below(23);
  const j = 24 - i;
  const ea = 64 + r.below(128);
  const eb = 64 + r.below(128);
  const a = pack(r.bool(), ea, 1 << (23 - i));
  const b = j <= 23 ? pack(r.bool(), eb, 1 << (23 - j)) : pack(r.bool(), eb, 0);
  const ep = ea + eb - 127; // biased exponent of the product
  const k = r.below(3);
  let c: number;
  if (k === 0) c = 0;
  else if (k === 1) c = pack(r.bool(), ep - 30 - r.below(40), r.next() & 0x7fffff);
  else c = pack(r.bool(), ep - 24 - r.below(4), nearPow2Mantissa(r));
  return [a, b, ep - 30 - 40 < 1 ? randF32(r) : c];
}
