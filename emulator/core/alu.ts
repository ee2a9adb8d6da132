// Integer helpers for the M extension that do not fit one expression: the high words of the
// 64-bit products, exact for every operand without BigInt. Each 32-bit operand is split into
// 16-bit halves so every partial product (< 2^32) and every sum stays exact in a double.

/** High 32 bits of the unsigned 64-bit product a * b (returned as int32 bits). */
export function mulhu(a: number, b: number): number {
  a = a >>> 0;
  b = b >>> 0;
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const ll = al * bl;
  const lh = al * bh;
  const hl = ah * bl;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (ah * bh + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) | 0;
}

/** High 32 bits of the signed x signed product. */
export function mulh(a: number, b: number): number {
  // a*b (signed) = a*b (unsigned) - 2^32 * ((a < 0 ? b : 0) + (b < 0 ? a : 0))  (mod 2^64)
  let hi = mulhu(a, b);
  if ((a | 0) < 0) hi = (hi - (b | 0)) | 0;
  if ((b | 0) < 0) hi = (hi - (a | 0)) | 0;
  return hi;
}

/** High 32 bits of the signed rs1 x unsigned rs2 product. */
export function mulhsu(a: number, b: number): number {
  let hi = mulhu(a, b);
  if ((a | 0) < 0) hi = (hi - (b >>> 0)) | 0;
  return hi;
}
