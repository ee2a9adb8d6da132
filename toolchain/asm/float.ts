// Decimal text -> IEEE binary32 bits, rounded to nearest in one step from the exact value (going
// through a JavaScript double would round twice), with GNU as's treatment of exact ties.
// Known difference: GNU converts with limited precision, so a decimal within about 2^-60 (relative)
// of a tie may round the other way in GNU as.

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * Bits of the binary32 nearest to the decimal `text` (`[+-]digits[.digits][e[+-]digits]`);
 * 'range' where GNU as says "cannot create floating-point number": at or above 2^128, or so tiny
 * that GNU gives up (it does between 3e-48 and 5.5e-48; we cut at 2^-157.5, about 4e-48).
 */
export function decimalToFloat32Bits(text: string): number | 'range' | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const sign = m[1] === '-' ? 0x80000000 : 0;
  const digits = (m[2] ?? '') + (m[3] ?? '');
  const exp10 = Number(m[4] ?? '0') - (m[3] ?? '').length;
  let mant = BigInt(digits === '' ? '0' : digits);
  if (mant === 0n) return sign >>> 0;
  if (exp10 + digits.length > 400 || exp10 + digits.length < -400) return 'range';
  let num = exp10 >= 0 ? mant * 10n ** BigInt(exp10) : mant;
  const den = exp10 >= 0 ? 1n : 10n ** BigInt(-exp10);
  if (num >= den << 128n || (num * num) << 315n < den * den) return 'range';
  mant = 0n;
  // Choose s so that q = floor(num * 2^s / den) has exactly 24 bits (or s = 149 for subnormals).
  let s = 24 - (bitLength(num) - bitLength(den));
  const quotient = (shift: number) => {
    const n = shift >= 0 ? num << BigInt(shift) : num;
    const d = shift >= 0 ? den : den << BigInt(-shift);
    return { q: n / d, r: n % d, d };
  };
  let { q, r, d } = quotient(s);
  while (q >= 1n << 24n) ({ q, r, d } = quotient(--s));
  while (q < 1n << 23n) ({ q, r, d } = quotient(++s));
  let biased = 23 - s + 127;
  if (biased < 1) {
    s = 149;
    ({ q, r, d } = quotient(s));
    biased = 0;
  }
  num = 0n;
  const twice = 2n * r;
  // GNU as rounds an exact tie up when its internal binary value is exact (integers) and down
  // otherwise (its decimal-to-binary conversion truncates), not to even.
  if (twice > d || (twice === d && den === 1n)) q += 1n;
  if (biased === 0) return (sign | Number(q)) >>> 0; // q may reach 2^23: the smallest normal
  if (q === 1n << 24n) {
    q >>= 1n;
    biased++;
  }
  if (biased >= 255) return (sign | 0x7f800000) >>> 0; // rounded up past the largest finite
  return (sign | (biased << 23) | (Number(q) & 0x7fffff)) >>> 0;
}
