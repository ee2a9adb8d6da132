// Binary32 arithmetic for the kernel references, with the semantics of the RV32F instructions the
// assembly kernels use (round to nearest even). `+ - * / sqrt` computed in double and rounded with
// Math.fround are correctly rounded for binary32; the fused multiply-add needs its own care,
// because rounding the exact a*b+c first to double and then to single can round twice.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export const fround = Math.fround;

export function bitsOf(x: number): number {
  f32[0] = x;
  return u32[0]!;
}

export function fromBits(bits: number): number {
  u32[0] = bits >>> 0;
  return f32[0]!;
}

/** The largest binary32 value, and the magnitude from which rounding to binary32 overflows. */
const FLT_MAX = (2 - 2 ** -23) * 2 ** 127;
const OVERFLOW_THRESHOLD = 2 ** 128 - 2 ** 103;

/**
 * fmadd.s: a*b+c with one rounding to binary32. a*b of two binary32 values is exact in double;
 * TwoSum gives the sum s and its rounding error e exactly, so only the case where s lies exactly
 * halfway between two binary32 values and e breaks the tie needs correcting.
 */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  if (!Number.isFinite(s)) return Math.fround(s);
  const bp = s - c;
  const e = (p - bp) + (c - (s - bp));
  const r = Math.fround(s);
  if (!Number.isFinite(r)) {
    // Overflow, unless s sits exactly on the threshold (halfway between FLT_MAX and 2^128, where
    // the tie goes up) and the exact value s+e lies below it.
    if (e !== 0 && Math.abs(s) === OVERFLOW_THRESHOLD && e > 0 !== s > 0) return s > 0 ? FLT_MAX : -FLT_MAX;
    return r;
  }
  if (e === 0 || r === s) return r;
  // s is halfway between r and its neighbour exactly when 2s - r is that neighbour: then the
  // difference is a binary32 value and computed exactly; otherwise it lies strictly between r
  // and the neighbour, on a multiple of s's double ulp, which no binary32 value is.
  const other = 2 * s - r;
  if (Math.fround(other) !== other) return r; // not a tie: the double s already decides
  // s is exactly halfway; the exact value s+e lies on the side of e.
  return e > 0 ? Math.max(r, other) : Math.min(r, other);
}

export const add32 = (a: number, b: number): number => Math.fround(a + b);
export const sub32 = (a: number, b: number): number => Math.fround(a - b);
export const mul32 = (a: number, b: number): number => Math.fround(a * b);
export const div32 = (a: number, b: number): number => Math.fround(a / b);
export const sqrt32 = (a: number): number => Math.fround(Math.sqrt(a));

/** fmax.s: the larger operand; a NaN operand is ignored; -0 < +0. */
export function fmax32(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? NaN : b;
  if (Number.isNaN(b)) return a;
  if (a === b) return Object.is(a, -0) ? b : a;
  return a > b ? a : b;
}

/** fmin.s: the smaller operand; a NaN operand is ignored; -0 < +0. */
export function fmin32(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? NaN : b;
  if (Number.isNaN(b)) return a;
  if (a === b) return Object.is(a, -0) ? a : b;
  return a < b ? a : b;
}

/**
 * Distance in units in the last place between two binary32 values (0 when bit-identical or both
 * NaN); the ordered-integer mapping makes adjacent floats differ by 1 across zero too.
 */
export function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const ord = (x: number): number => {
    const bits = bitsOf(x);
    return bits & 0x80000000 ? -(bits & 0x7fffffff) : bits;
  };
  return Math.abs(ord(a) - ord(b));
}
