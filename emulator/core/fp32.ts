/**
 * Exact IEEE 754 binary32 arithmetic for the RISC-V F extension.
 *
 * Values are raw binary32 bit patterns, taken as int32 or uint32 numbers and returned as int32
 * (see "Representation" below; the F file's Uint32Array store makes them unsigned). Results
 * never pass through a Float32Array as NaNs: every NaN result is the canonical NaN 0x7fc00000,
 * and operands that are NaN are recognised from their bits before any conversion. `rm` is the
 * resolved rounding mode 0..4 (RNE, RTZ, RDN, RUP, RMM); the hart maps `dyn` to `frm` and
 * rejects 5/6/7.
 *
 * How exactness is obtained without BigInt or allocation (x is the exact result, s a double):
 * - mul: the product of two 24-bit significands has at most 48 bits and the exponent stays far
 *   inside the double range, so s = a*b in double IS x.
 * - add/sub: s = a+b in double plus the error term of Knuth's TwoSum (exact in double) gives
 *   x = s + err exactly, and |err| <= ulp64(s)/2.
 * - fma: p = a*b is exact (above); s = p+c with TwoSum's err gives x = s + err exactly.
 * - div/sqrt: s = RN64(x). If s lands on a binary32 value or on a midpoint between two, then s IS
 *   x: an inexact quotient/root of 24-bit numbers differs from any 25-bit number by at least
 *   2^-51 relatively (a - b*m, resp. a - m*m, is a non-zero multiple of a unit that is at most
 *   2^-50 of their size), more than the 2^-53 by which s can differ from x. Otherwise x lies
 *   strictly on the same side of every binary32 value and midpoint as s, so rounding s gives
 *   the rounding of x, and the result is inexact.
 * In every case x = s + tiny*d with d in {-1, 0, +1} (d = sign of the neglected part), and
 * `roundPack` rounds that pair to binary32 exactly: the tiny part only matters when s sits on a
 * binary32 value or on a midpoint, and then only its sign does.
 *
 * Underflow follows RISC-V (IEEE 754 with tininess detected AFTER rounding): UF is raised when the
 * result rounded to 24 bits with an unbounded exponent is below 2^-126 in magnitude AND the
 * delivered (subnormal-grid) result is inexact.
 *
 * Fast path: when rm is RNE and the double result lies in the normal binary32 range,
 * `Math.fround` gives the correctly rounded result (for add, mul, div, sqrt a double-rounding
 * theorem; for fma we check that s is not a binary32 midpoint), and inexact is a comparison.
 * Everything else (other modes, tiny or overflowing results) goes through `roundPack`. add, sub,
 * mul and fma try a shorter copy of that fast path first (addFast, mulFast, fmaFast), small
 * enough for V8 to inline at the call sites of translated blocks.
 *
 * Operands may be passed as uint32 or int32 numbers (only the low 32 bits are used). An `rm`
 * outside 0..4 is a caller bug: the slow path throws a RangeError for it.
 * Verified bit for bit, flags included, against qemu-riscv32 (SoftFloat) in
 * test/core/fp32-oracle.test.ts, and against hand-computed cases in test/core/fp32.test.ts.
 */
//
// Representation: bit patterns travel as int32 (`| 0`), never as uint32, so that no value
// crossing a non-inlined call is a heap-allocated number (int32s are Smis; uint32s >= 2^31 are
// not). The exported functions return them as int32 too: translated blocks call them out of
// line (one call site per FP instruction), and the F file's Uint32Array store makes them unsigned.

// Module-local constants: TypeScript's CommonJS output would turn every use of an exported const
// into an `exports.X` property load in the hot paths, so the exports below only alias these.
const NX = 1;
const UF = 2;
const OF = 4;
const DZ = 8;
const NV = 16;
const RNE = 0;
const RTZ = 1;
const RDN = 2;
const RUP = 3;
const RMM = 4;
const QNAN = 0x7fc00000;
const status: { flags: number } = { flags: 0 };

export const FFLAG_NX = NX;
export const FFLAG_UF = UF;
export const FFLAG_OF = OF;
export const FFLAG_DZ = DZ;
export const FFLAG_NV = NV;

export const RM_RNE = RNE;
export const RM_RTZ = RTZ;
export const RM_RDN = RDN;
export const RM_RUP = RUP;
export const RM_RMM = RMM;

export const CANONICAL_NAN = QNAN;

/** Exception flags raised by the last call(s); the caller reads then clears it. */
export const fpStatus: { flags: number } = status;

// int32 views of the patterns used inside the module.
const SIGN = -0x80000000; // 0x80000000
const ABS = 0x7fffffff;
const POS_INF = 0x7f800000;
const NEG_INF = 0xff800000 | 0;
const POS_MAX = 0x7f7fffff;
const NEG_MAX = 0xff7fffff | 0;
const MIN_NORMAL = 1.1754943508222875e-38; // 2^-126
const MAX_FINITE = 3.4028234663852886e38; // (2 - 2^-23) * 2^127
const TWO23 = 8388608;
const TWO24 = 16777216;
const TWO149 = 2 ** 149;

// Scratch views shared by all calls (allocated once). f32/f32Int alias the same 4 bytes.
const f32 = new Float32Array(1);
const f32Int = new Int32Array(f32.buffer);
const f64 = new Float64Array(1);
const f64Words = new Int32Array(f64.buffer);
/** Index of the high word of a double in f64Words (1 on little-endian hosts). */
const HI = (() => {
  f64[0] = 1;
  return f64Words[1] === 0x3ff00000 ? 1 : 0;
})();
const LO = 1 - HI;

/** POW2[k + 1100] = 2^k for k in -1100..1100 (0 and Infinity at the extremes), exact. */
const POW2_BIAS = 1100;
const POW2 = (() => {
  const t = new Float64Array(2 * POW2_BIAS + 1);
  t[POW2_BIAS] = 1;
  for (let k = 1; k <= POW2_BIAS; k++) {
    t[POW2_BIAS + k] = t[POW2_BIAS + k - 1] * 2;
    t[POW2_BIAS - k] = t[POW2_BIAS - k + 1] / 2;
  }
  return t;
})();

const fround = Math.fround;

/** The double value of a non-NaN binary32 bit pattern (exact). */
function toDouble(bits: number): number {
  f32Int[0] = bits;
  return f32[0];
}

/** Bit pattern (int32) of a double that is exactly representable in binary32 and not NaN. */
function fromExactDouble(v: number): number {
  f32[0] = v;
  return f32Int[0];
}

function isNaNBits(a: number): boolean {
  return (a & ABS) > POS_INF;
}

function isSignalingNaN(a: number): boolean {
  return (a & 0x7fc00000) === 0x7f800000 && (a & 0x003fffff) !== 0;
}

function isInfBits(a: number): boolean {
  return (a & ABS) === POS_INF;
}

/**
 * 1 if c else 0, without a branch (V8 materialises the comparison). Used where the outcome is
 * data-dependent and a mispredicted branch would cost more than the whole operation.
 */
function bit(c: boolean): number {
  return +c;
}

function isZeroBits(a: number): boolean {
  return (a & ABS) === 0;
}

/**
 * Rounding decision table, indexed by rm * 8 + neg * 4 + cls, where cls classifies the discarded
 * fraction: 0 none, 1 below half, 2 exactly half, 3 above half. Entry 1 = round the magnitude up,
 * 0 = truncate, 2 = up only if the kept integer is odd (RNE on a tie).
 */
const INCREMENT = (() => {
  const t = new Uint8Array(5 * 8);
  for (let neg = 0; neg < 2; neg++) {
    for (let cls = 1; cls < 4; cls++) {
      const i = neg * 4 + cls;
      t[RNE * 8 + i] = cls === 3 ? 1 : cls === 2 ? 2 : 0;
      t[RTZ * 8 + i] = 0;
      t[RDN * 8 + i] = neg;
      t[RUP * 8 + i] = 1 - neg;
      t[RMM * 8 + i] = cls >= 2 ? 1 : 0;
    }
  }
  return t;
})();

/**
 * Round the non-negative scaled value t (+ tiny*dm) to an integer under rm (neg is the sign of
 * the real result, for directed modes). t < 2^34. Returns 2*rounded + (inexact ? 1 : 0).
 */
function roundScaled(t: number, dm: number, rm: number, neg: boolean): number {
  if (rm >>> 0 > RMM) throw new RangeError(`invalid resolved rounding mode ${rm}`);
  let n = Math.floor(t);
  const f = t - n; // exact
  let cls = bit(f > 0) + bit(f >= 0.5) + bit(f > 0.5);
  if (dm !== 0 && (cls & 1) === 0) {
    // On an integer or exactly on a midpoint: the sign of the neglected tiny part decides.
    if (cls === 2) cls = dm > 0 ? 3 : 1;
    else if (dm > 0) cls = 1;
    else {
      n -= 1; // just below the integer n
      cls = 3;
    }
  }
  const k = INCREMENT[rm * 8 + bit(neg) * 4 + cls];
  // k = 2: parity of n (n - 2*floor(n/2), exact for any integer double).
  const inc = k === 2 ? n - 2 * Math.floor(n / 2) : k;
  return (n + inc) * 2 + bit(cls !== 0);
}

function overflowResult(neg: boolean, rm: number): number {
  status.flags |= OF | NX;
  switch (rm) {
    case RTZ:
      return neg ? NEG_MAX : POS_MAX;
    case RDN:
      return neg ? NEG_INF : POS_MAX;
    case RUP:
      return neg ? NEG_MAX : POS_INF;
    default:
      return neg ? NEG_INF : POS_INF;
  }
}

/**
 * Round x = s + tiny*d (s a finite non-zero double, normal as a double; d in {-1,0,1}) to binary32
 * under rm, raising NX/UF/OF. Returns the bit pattern (int32).
 */
function roundPack(s: number, d: number, rm: number): number {
  const neg = s < 0;
  const x = neg ? -s : s;
  const dm = neg ? -d : d; // direction of the neglected part, in magnitude
  f64[0] = x;
  const hi = f64Words[HI];
  let e = ((hi >>> 20) & 0x7ff) - 1023;
  // |x| just below a power of two: it belongs to the binade below.
  if (dm < 0 && (hi & 0xfffff) === 0 && f64Words[LO] === 0) e -= 1;
  const sign = neg ? SIGN : 0;
  if (e >= 128) return overflowResult(neg, rm);
  // Round to 24 bits with an unbounded exponent: m in [2^23, 2^24].
  const r = roundScaled(x * POW2[POW2_BIAS + 23 - e], dm, rm, neg);
  const m = r >>> 1;
  if (e >= -126) {
    if (e === 127 && m === TWO24) return overflowResult(neg, rm);
    if ((r & 1) !== 0) status.flags |= NX;
    // Biased exponent E = e + 127; bits = (E - 1) * 2^23 + m (m = 2^24 carries into E + 1).
    return sign | ((e + 126) * TWO23 + m);
  }
  // Tiny after rounding unless rounding with unbounded exponent reached 2^-126.
  const tiny = !(e === -127 && m === TWO24);
  const r2 = roundScaled(x * TWO149, dm, rm, neg);
  if ((r2 & 1) !== 0) status.flags |= tiny ? NX | UF : NX;
  // Subnormal grid: bits = m2 (m2 = 2^23 is the smallest normal, encoded the same way).
  return sign | (r2 >>> 1);
}

/**
 * Fast-path guard: s (the double result) is at least 2^-126 in magnitude, so the result is not
 * tiny even under tininess-after-rounding, and r = fround(s) did not overflow.
 */
function fastRange(s: number, r: number): boolean {
  return Math.abs(s) >= MIN_NORMAL && Math.abs(r) <= MAX_FINITE;
}

/** Sign of the neglected part of an exact sum s + err. */
function dirOf(err: number): number {
  return err > 0 ? 1 : err < 0 ? -1 : 0;
}

/** Exact zero result of a sum whose addends had signs sa and sb (0 or SIGN). */
function zeroSum(sa: number, sb: number, rm: number): number {
  if (sa === sb) return sa;
  return rm === RDN ? SIGN : 0;
}

function nanResult(a: number, b: number): number {
  if (isSignalingNaN(a) || isSignalingNaN(b)) status.flags |= NV;
  return QNAN;
}

function addSpecial(a: number, b: number): number {
  if (isNaNBits(a) || isNaNBits(b)) return nanResult(a, b);
  // At least one infinity.
  if (isInfBits(a)) {
    if (isInfBits(b) && (a ^ b) < 0) {
      status.flags |= NV;
      return QNAN;
    }
    return a;
  }
  return b;
}

function add32(a: number, b: number, rm: number): number {
  if ((a & POS_INF) === POS_INF || (b & POS_INF) === POS_INF) return addSpecial(a, b);
  const fa = toDouble(a);
  const fb = toDouble(b);
  const s = fa + fb;
  if (s === 0) return zeroSum(a & SIGN, b & SIGN, rm);
  // TwoSum: s + err === fa + fb exactly.
  const bv = s - fa;
  const err = fa - (s - bv) + (fb - bv);
  if (rm === RNE) {
    // No double-rounding error for a sum in RNE (53 >= 2*24 + 2), so fround(s) is the result.
    const r = Math.fround(s);
    if (fastRange(s, r)) {
      status.flags |= (bit(r !== s) | bit(err !== 0)) * NX;
      return fromExactDouble(r);
    }
  }
  return roundPack(s, dirOf(err), rm);
}

function mul32(a: number, b: number, rm: number): number {
  const sign = (a ^ b) & SIGN;
  if ((a & POS_INF) === POS_INF || (b & POS_INF) === POS_INF) {
    if (isNaNBits(a) || isNaNBits(b)) return nanResult(a, b);
    if (isZeroBits(a) || isZeroBits(b)) {
      status.flags |= NV;
      return QNAN;
    }
    return sign | POS_INF;
  }
  const p = toDouble(a) * toDouble(b); // exact
  if (p === 0) return sign;
  if (rm === RNE) {
    const r = Math.fround(p);
    if (fastRange(p, r)) {
      status.flags |= bit(r !== p) * NX;
      return fromExactDouble(r);
    }
  }
  return roundPack(p, 0, rm);
}

function div32(a: number, b: number, rm: number): number {
  const sign = (a ^ b) & SIGN;
  if ((a & POS_INF) === POS_INF || (b & POS_INF) === POS_INF) {
    if (isNaNBits(a) || isNaNBits(b)) return nanResult(a, b);
    if (isInfBits(a)) {
      if (isInfBits(b)) {
        status.flags |= NV;
        return QNAN;
      }
      return sign | POS_INF;
    }
    return sign; // finite / inf
  }
  if (isZeroBits(b)) {
    if (isZeroBits(a)) {
      status.flags |= NV;
      return QNAN;
    }
    status.flags |= DZ;
    return sign | POS_INF;
  }
  if (isZeroBits(a)) return sign;
  const q = toDouble(a) / toDouble(b); // RN64 of the quotient; see the file comment
  if (rm === RNE) {
    const r = Math.fround(q);
    if (fastRange(q, r)) {
      status.flags |= bit(r !== q) * NX;
      return fromExactDouble(r);
    }
  }
  return roundPack(q, 0, rm);
}

function sqrt32(a: number, rm: number): number {
  if ((a & POS_INF) === POS_INF) {
    if (isNaNBits(a)) return nanResult(a, a);
    if (a === NEG_INF) {
      status.flags |= NV;
      return QNAN;
    }
    return a;
  }
  if (isZeroBits(a)) return a; // sqrt(+-0) = +-0
  if (a < 0) {
    status.flags |= NV;
    return QNAN;
  }
  const s = Math.sqrt(toDouble(a)); // RN64 of the root, in [2^-74.5, 2^64): always normal
  if (rm === RNE) {
    const r = Math.fround(s);
    status.flags |= bit(r !== s) * NX;
    return fromExactDouble(r);
  }
  return roundPack(s, 0, rm);
}

function mulAddSpecial(a: number, b: number, c: number): number {
  const anyNaN = isNaNBits(a) || isNaNBits(b) || isNaNBits(c);
  if (isSignalingNaN(a) || isSignalingNaN(b) || isSignalingNaN(c)) status.flags |= NV;
  const aInf = isInfBits(a);
  const bInf = isInfBits(b);
  // RISC-V: inf * 0 raises NV even when the addend is a quiet NaN.
  if ((aInf && isZeroBits(b)) || (bInf && isZeroBits(a))) {
    status.flags |= NV;
    return QNAN;
  }
  if (anyNaN) return QNAN;
  if (aInf || bInf) {
    const pSign = (a ^ b) & SIGN;
    if (isInfBits(c) && (c & SIGN) !== pSign) {
      status.flags |= NV;
      return QNAN;
    }
    return pSign | POS_INF;
  }
  return c; // finite product + infinite addend
}

function mulAdd32(a: number, b: number, c: number, rm: number): number {
  if ((a & POS_INF) === POS_INF || (b & POS_INF) === POS_INF || (c & POS_INF) === POS_INF) {
    return mulAddSpecial(a, b, c);
  }
  const p = toDouble(a) * toDouble(b); // exact (48 significant bits at most)
  const fc = toDouble(c);
  const s = p + fc;
  if (s === 0) {
    // p + c is exactly zero (TwoSum never leaves an error when s is 0).
    return zeroSum((a ^ b) & SIGN, c & SIGN, rm);
  }
  const bv = s - p;
  const err = p - (s - bv) + (fc - bv);
  if (rm === RNE) {
    const r = Math.fround(s);
    if (fastRange(s, r)) {
      // fround(s) is right unless s is a binary32 midpoint (the 29 double fraction bits below
      // binary32 precision are exactly 1 followed by zeros) that is not exact: then err decides.
      f64[0] = s;
      if ((f64Words[LO] & 0x1fffffff) !== 0x10000000 || err === 0) {
        status.flags |= (bit(r !== s) | bit(err !== 0)) * NX;
        return fromExactDouble(r);
      }
    }
  }
  return roundPack(s, dirOf(err), rm);
}

/**
 * Order key for non-NaN values as an int32: negative patterns get their magnitude bits flipped, so
 * keys compare like the values, with -0 (key -1) just below +0 (key 0). Branch-free.
 */
function orderKey(a: number): number {
  return a ^ ((a >> 31) & ABS);
}

function minMax32(a: number, b: number, wantMax: boolean): number {
  const aNaN = isNaNBits(a);
  const bNaN = isNaNBits(b);
  if (aNaN || bNaN) {
    if (isSignalingNaN(a) || isSignalingNaN(b)) status.flags |= NV;
    if (aNaN && bNaN) return QNAN;
    return aNaN ? b : a;
  }
  const ka = orderKey(a);
  const kb = orderKey(b);
  // Branch-free select: mask is all ones when a is the answer.
  const mask = -bit(wantMax ? ka >= kb : ka <= kb);
  return (a & mask) | (b & ~mask);
}

function lt32(a: number, b: number, orEqual: boolean): number {
  if (isNaNBits(a) || isNaNBits(b)) {
    status.flags |= NV;
    return 0;
  }
  if (((a | b) & ABS) === 0) return orEqual ? 1 : 0; // -0 == +0
  const ka = orderKey(a);
  const kb = orderKey(b);
  return bit(orEqual ? ka <= kb : ka < kb);
}

// ---- Fast paths (int32 in and out, small enough for V8 to inline at every call site) ----
//
// rm = RNE with a result r = fround(s) whose biased exponent is 2..253: then |s| > 2^-126 (not
// tiny) and r is finite. ((rb >> 23) + 2) & 252 is non-zero exactly for those exponents, and zero
// for NaN and infinite results, hence for every NaN or infinite operand. Everything else, and the
// few cases below that need more than a comparison, goes to the general functions. The operands
// go through the scratch views f32/f32Int; storing s into f32 rounds it to nearest even. Kept
// short: V8 inlines only so much bytecode per translated block; calls it leaves out of line pass
// int32s unboxed (uint32s >= 2^31 would be heap numbers).

function addFast(a: number, b: number, rm: number): number {
  if (rm === 0) {
    const F = f32;
    const I = f32Int;
    I[0] = a;
    const fa = F[0];
    I[0] = b;
    const fb = F[0];
    const s = fa + fb;
    F[0] = s;
    const rb = I[0];
    if (((rb >> 23) + 2) & 252) {
      // No double rounding for a sum (see add32). Inexact unless s is on the grid and exact
      // (Fast2Sum leaves no error whichever addend is the larger).
      if (F[0] !== s || s - fa !== fb || s - fb !== fa) status.flags |= 1;
      return rb;
    }
  }
  return add32(a, b, rm);
}

function mulFast(a: number, b: number, rm: number): number {
  if (rm === 0) {
    const F = f32;
    const I = f32Int;
    I[0] = a;
    const fa = F[0];
    I[0] = b;
    const p = fa * F[0]; // exact
    F[0] = p;
    const rb = I[0];
    if (((rb >> 23) + 2) & 252) {
      if (F[0] !== p) status.flags |= 1;
      return rb;
    }
  }
  return mul32(a, b, rm);
}

function fmaFast(a: number, b: number, c: number, rm: number): number {
  if (rm === 0) {
    const F = f32;
    const I = f32Int;
    I[0] = a;
    const fa = F[0];
    I[0] = b;
    const p = fa * F[0]; // exact
    I[0] = c;
    const fc = F[0];
    const s = p + fc;
    F[0] = s; // rounds to nearest even
    const rb = I[0];
    const r = F[0];
    if (((rb >> 23) + 2) & 252) {
      if (r !== s) {
        // Inexact. r is right unless s is a binary32 midpoint (only then can the neglected err
        // matter: s is on the double grid of its binade, and so is every midpoint there). The
        // test: t = 2s - r is computed exactly (s - r is exact; t lies strictly between the two
        // binary32 neighbours of s, in s's binade and on its grid) and is the other neighbour
        // iff s is their midpoint, else not a binary32 value. Midpoints go to mulAdd32, as do
        // sums on the grid with p !== 0 (err decides NX there).
        const t = s - r + s;
        if (fround(t) !== t) {
          status.flags |= 1;
          return rb;
        }
      } else if (!p) {
        return rb; // s = c exactly
      }
    }
  }
  return mulAdd32(a, b, c, rm);
}

// ---- The API: bit patterns in (int32 or uint32), int32 bit patterns out (or 0/1, int32, mask) ----
// int32 results (see "Representation" above): with uint32 ones every out-of-line call from a
// translated block allocated (docs/PERFORMANCE.md, "FP calls: int32 bit patterns").

export function f32Add(a: number, b: number, rm: number): number {
  return addFast(a | 0, b | 0, rm) | 0;
}

export function f32Sub(a: number, b: number, rm: number): number {
  // Flipping the sign of a NaN changes nothing: the result is canonical either way.
  return addFast(a | 0, b ^ SIGN, rm) | 0;
}

export function f32Mul(a: number, b: number, rm: number): number {
  return mulFast(a | 0, b | 0, rm) | 0;
}

export function f32Div(a: number, b: number, rm: number): number {
  return div32(a | 0, b | 0, rm) | 0;
}

export function f32Sqrt(a: number, rm: number): number {
  return sqrt32(a | 0, rm) | 0;
}

/** a*b+c rounded once. fmsub/fnmsub/fnmadd are made by the caller by flipping sign bits of a and/or c. */
export function f32MulAdd(a: number, b: number, c: number, rm: number): number {
  return fmaFast(a | 0, b | 0, c | 0, rm) | 0;
}

/** fmin.s: IEEE 754-2019 minimumNumber; -0 < +0; sNaN raises NV; both NaN -> canonical NaN. */
export function f32Min(a: number, b: number): number {
  return minMax32(a | 0, b | 0, false) | 0;
}

/** fmax.s: IEEE 754-2019 maximumNumber. */
export function f32Max(a: number, b: number): number {
  return minMax32(a | 0, b | 0, true) | 0;
}

/** feq.s: 0/1; NV only for a signalling NaN operand. */
export function f32Eq(a: number, b: number): number {
  a = a | 0;
  b = b | 0;
  if (isNaNBits(a) || isNaNBits(b)) {
    if (isSignalingNaN(a) || isSignalingNaN(b)) status.flags |= NV;
    return 0;
  }
  return a === b || ((a | b) & ABS) === 0 ? 1 : 0;
}

/** flt.s: 0/1; NV for any NaN operand. */
export function f32Lt(a: number, b: number): number {
  return lt32(a | 0, b | 0, false);
}

/** fle.s: 0/1; NV for any NaN operand. */
export function f32Le(a: number, b: number): number {
  return lt32(a | 0, b | 0, true);
}

/** fclass.s: one-hot 10-bit mask (bit 0 -inf ... bit 7 +inf, bit 8 sNaN, bit 9 qNaN). */
export function f32Class(a: number): number {
  a = a | 0;
  const neg = a < 0;
  const exp = (a >>> 23) & 0xff;
  const frac = a & 0x7fffff;
  if (exp === 0xff) {
    if (frac === 0) return neg ? 1 << 0 : 1 << 7;
    return (frac & 0x400000) !== 0 ? 1 << 9 : 1 << 8;
  }
  if (exp === 0) {
    if (frac === 0) return neg ? 1 << 3 : 1 << 4;
    return neg ? 1 << 2 : 1 << 5;
  }
  return neg ? 1 << 1 : 1 << 6;
}

/** v rounded to an integer, ties to even (or away from zero when away). */
function nearestInt(v: number, away: boolean): number {
  const fl = Math.floor(v);
  const diff = v - fl; // exact
  if (diff < 0.5) return fl;
  if (diff > 0.5) return fl + 1;
  if (away) return v < 0 ? fl : fl + 1;
  return fl - 2 * Math.floor(fl / 2) === 0 ? fl : fl + 1;
}

/** fcvt.w.s: saturating; NaN and +inf -> 0x7fffffff, -inf -> -2^31, NV on invalid, NX on inexact. */
export function f32ToI32(a: number, rm: number): number {
  a = a | 0;
  if (isNaNBits(a)) {
    status.flags |= NV;
    return 0x7fffffff;
  }
  const v = toDouble(a); // +-inf included
  if (v < 2147483648 && v > -2147483649) {
    // In range after any rounding: directed modes are Math.trunc/floor/ceil (exact on doubles).
    let n = 0;
    if (rm === RTZ) n = Math.trunc(v);
    else if (rm === RDN) n = Math.floor(v);
    else if (rm === RUP) n = Math.ceil(v);
    else n = nearestInt(v, rm === RMM);
    if (n < 2147483648 && n >= -2147483648) {
      status.flags |= bit(n !== v) * NX;
      return n | 0;
    }
  }
  const neg = a < 0;
  const x = neg ? -v : v;
  if (x >= 4294967296) {
    status.flags |= NV;
    return neg ? -0x80000000 : 0x7fffffff;
  }
  const r = roundScaled(x, 0, rm, neg);
  const n = Math.floor(r / 2);
  if (neg ? n > 0x80000000 : n > 0x7fffffff) {
    status.flags |= NV;
    return neg ? -0x80000000 : 0x7fffffff;
  }
  if (r - 2 * n !== 0) status.flags |= NX;
  return (neg ? -n : n) | 0;
}

/** fcvt.wu.s: uint32 as a JS number; NaN and +inf -> 0xffffffff; negative -> 0 with NV unless it rounds to 0. */
export function f32ToU32(a: number, rm: number): number {
  a = a | 0;
  if (isNaNBits(a)) {
    status.flags |= NV;
    return 0xffffffff;
  }
  const neg = a < 0;
  const v = toDouble(a);
  const x = neg ? -v : v;
  if (x >= 8589934592) {
    status.flags |= NV;
    return neg ? 0 : 0xffffffff;
  }
  const r = roundScaled(x, 0, rm, neg);
  const n = Math.floor(r / 2);
  if (neg ? n > 0 : n > 0xffffffff) {
    status.flags |= NV;
    return neg ? 0 : 0xffffffff;
  }
  if (r - 2 * n !== 0) status.flags |= NX;
  return n;
}

/** fcvt.s.w: x is an int32. */
export function i32ToF32(x: number, rm: number): number {
  x = x | 0;
  if (x === 0) return 0;
  if (x <= TWO24 && x >= -TWO24) return fromExactDouble(x) | 0;
  return roundPack(x, 0, rm) | 0;
}

/** fcvt.s.wu: x is a uint32. */
export function u32ToF32(x: number, rm: number): number {
  x = x >>> 0;
  if (x === 0) return 0;
  if (x <= TWO24) return fromExactDouble(x);
  return roundPack(x, 0, rm) | 0;
}
