/**
 * Hand-computed cases for emulator/core/fp32.ts. Each row says why the expected bits and flags are
 * what they are (RISC-V unprivileged spec, F chapter; IEEE 754-2019 with tininess after rounding).
 * The qemu oracle (fp32-oracle.test.ts) covers the random bulk; these pin down the corners.
 */
import { describe, expect, it } from 'vitest';
import {
  CANONICAL_NAN,
  f32Add,
  f32Class,
  f32Div,
  f32Eq,
  f32Le,
  f32Lt,
  f32Max,
  f32Min,
  f32Mul,
  f32MulAdd,
  f32Sqrt,
  f32Sub,
  f32ToI32,
  f32ToU32,
  FFLAG_DZ,
  FFLAG_NV,
  FFLAG_NX,
  FFLAG_OF,
  FFLAG_UF,
  fpStatus,
  i32ToF32,
  u32ToF32,
} from '../../emulator/core/fp32';

const RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4;
const NX = FFLAG_NX, UF = FFLAG_UF, OF = FFLAG_OF, DZ = FFLAG_DZ, NV = FFLAG_NV;

// Bit patterns used below.
const P0 = 0x00000000, N0 = 0x80000000;
const ONE = 0x3f800000, TWO = 0x40000000, THREE = 0x40400000, HALF = 0x3f000000;
const M_ONE = 0xbf800000;
const ONE_P_ULP = 0x3f800001; // 1 + 2^-23
const ONE_M_ULP = 0x3f7ffffe; // 1 - 2^-23
const ONE_M_HALF_ULP = 0x3f7fffff; // 1 - 2^-24 (largest float below 1)
const MAX = 0x7f7fffff, N_MAX = 0xff7fffff; // (2 - 2^-23) * 2^127
const INF = 0x7f800000, N_INF = 0xff800000;
const MIN_NORM = 0x00800000; // 2^-126
const MIN_SUB = 0x00000001; // 2^-149
const MAX_SUB = 0x007fffff; // 2^-126 - 2^-149
const QNAN = 0x7fc00000, QNAN_PAYLOAD = 0x7fc12345, N_QNAN = 0xffc00001;
const SNAN = 0x7f800001, SNAN_PAYLOAD = 0x7fa00000;
const E_M24 = 0x33800000; // 2^-24: half an ulp of 1
const E_M30 = 0x30800000; // 2^-30: far below half an ulp of 1
const E_103 = 0x73000000; // 2^103: half an ulp of MAX (ulp(MAX) = 2^104)
const E_102 = 0x72800000; // 2^102: a quarter ulp of MAX

/** Run one operation from clear flags; returns [result as uint32, flags]. */
function run(op: () => number): [number, number] {
  fpStatus.flags = 0;
  const r = op();
  return [r >>> 0, fpStatus.flags];
}
const hex = (v: number) => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

type Row = [why: string, op: () => number, result: number, flags: number];
function table(rows: Row[]): void {
  it.each(rows.map((r) => [r[0], r] as const))('%s', (_why, [, op, result, flags]) => {
    const [got, gotFlags] = run(op);
    expect({ result: hex(got), flags: gotFlags }).toEqual({ result: hex(result), flags });
  });
}

describe('f32Add / f32Sub', () => {
  table([
    ['1 + 2 = 3 exactly, no flags', () => f32Add(ONE, TWO, RNE), THREE, 0],
    // 1 + 2^-24 is exactly halfway between 1 (mantissa even) and 1 + 2^-23 (odd).
    ['tie 1 + 2^-24, RNE goes to even 1', () => f32Add(ONE, E_M24, RNE), ONE, NX],
    ['tie 1 + 2^-24, RMM goes away from zero', () => f32Add(ONE, E_M24, RMM), ONE_P_ULP, NX],
    ['tie 1 + 2^-24, RUP goes up', () => f32Add(ONE, E_M24, RUP), ONE_P_ULP, NX],
    ['tie 1 + 2^-24, RTZ truncates', () => f32Add(ONE, E_M24, RTZ), ONE, NX],
    ['tie 1 + 2^-24, RDN goes down', () => f32Add(ONE, E_M24, RDN), ONE, NX],
    // (1 + 2^-23) + 2^-24: halfway between odd 0x3f800001 and even 0x3f800002.
    ['tie with odd lower neighbour, RNE goes up to even', () => f32Add(ONE_P_ULP, E_M24, RNE), 0x3f800002, NX],
    ['tie with odd lower neighbour, RTZ stays', () => f32Add(ONE_P_ULP, E_M24, RTZ), ONE_P_ULP, NX],
    // 2^-30 is only sticky bits: RNE/RDN/RTZ keep 1, RUP steps to the next float.
    ['1 + 2^-30 RNE: below half, inexact', () => f32Add(ONE, E_M30, RNE), ONE, NX],
    ['1 + 2^-30 RUP: next float up', () => f32Add(ONE, E_M30, RUP), ONE_P_ULP, NX],
    ['-1 - 2^-30 RDN: next float down (more negative)', () => f32Add(M_ONE, E_M30 | N0, RDN), 0xbf800001, NX],
    ['-1 - 2^-30 RUP: toward +inf is -1', () => f32Add(M_ONE, E_M30 | N0, RUP), M_ONE, NX],
    ['-1 - 2^-30 RTZ: -1', () => f32Add(M_ONE, E_M30 | N0, RTZ), M_ONE, NX],
    // 1 - 2^-30: the exact value lies just below 1, where floats are 2^-24 apart.
    ['1 - 2^-30 RDN: largest float below 1', () => f32Add(ONE, E_M30 | N0, RDN), ONE_M_HALF_ULP, NX],
    ['1 - 2^-30 RNE: 1', () => f32Add(ONE, E_M30 | N0, RNE), ONE, NX],
    // Exact zero sums: +0 except in RDN; x + x keeps the sign of x.
    ['1 + -1 = +0 in RNE', () => f32Add(ONE, M_ONE, RNE), P0, 0],
    ['1 + -1 = +0 in RUP', () => f32Add(ONE, M_ONE, RUP), P0, 0],
    ['1 + -1 = -0 in RDN', () => f32Add(ONE, M_ONE, RDN), N0, 0],
    ['1 - 1 = -0 in RDN', () => f32Sub(ONE, ONE, RDN), N0, 0],
    ['1 - 1 = +0 in RMM', () => f32Sub(ONE, ONE, RMM), P0, 0],
    ['-0 + -0 = -0 in RNE', () => f32Add(N0, N0, RNE), N0, 0],
    ['+0 + -0 = +0 in RNE', () => f32Add(P0, N0, RNE), P0, 0],
    ['+0 + -0 = -0 in RDN', () => f32Add(P0, N0, RDN), N0, 0],
    ['+0 - +0 = +0 in RTZ', () => f32Sub(P0, P0, RTZ), P0, 0],
    ['-0 - +0 = -0 (like signs after negation)', () => f32Sub(N0, P0, RNE), N0, 0],
    // Overflow: the rounded result exceeds MAX; inf or MAX depending on direction.
    ['MAX + MAX RNE: +inf, OF NX', () => f32Add(MAX, MAX, RNE), INF, OF | NX],
    ['MAX + MAX RMM: +inf', () => f32Add(MAX, MAX, RMM), INF, OF | NX],
    ['MAX + MAX RUP: +inf', () => f32Add(MAX, MAX, RUP), INF, OF | NX],
    ['MAX + MAX RTZ: MAX', () => f32Add(MAX, MAX, RTZ), MAX, OF | NX],
    ['MAX + MAX RDN: MAX', () => f32Add(MAX, MAX, RDN), MAX, OF | NX],
    ['-MAX - MAX RDN: -inf', () => f32Add(N_MAX, N_MAX, RDN), N_INF, OF | NX],
    ['-MAX - MAX RUP: -MAX', () => f32Add(N_MAX, N_MAX, RUP), N_MAX, OF | NX],
    ['-MAX - MAX RTZ: -MAX', () => f32Add(N_MAX, N_MAX, RTZ), N_MAX, OF | NX],
    // MAX + half its ulp: a tie between MAX (odd) and 2^128 (even): RNE overflows.
    ['MAX + 2^103 RNE: tie rounds to 2^128, overflow', () => f32Add(MAX, E_103, RNE), INF, OF | NX],
    ['MAX + 2^103 RTZ: MAX, inexact but no overflow', () => f32Add(MAX, E_103, RTZ), MAX, NX],
    ['MAX + 2^102 RNE: below half, MAX, no overflow', () => f32Add(MAX, E_102, RNE), MAX, NX],
    ['MAX + 2^102 RUP: overflow to +inf', () => f32Add(MAX, E_102, RUP), INF, OF | NX],
    // Subnormal sums are always exact: no UF even though the result is tiny.
    ['min subnormal + min subnormal = 2^-148 exactly', () => f32Add(MIN_SUB, MIN_SUB, RNE), 0x00000002, 0],
    ['2^-126 - 2^-149 = max subnormal exactly', () => f32Sub(MIN_NORM, MIN_SUB, RNE), MAX_SUB, 0],
    ['max subnormal + min subnormal = 2^-126', () => f32Add(MAX_SUB, MIN_SUB, RNE), MIN_NORM, 0],
    // Infinities and NaNs.
    ['inf + -inf: invalid, canonical NaN', () => f32Add(INF, N_INF, RNE), CANONICAL_NAN, NV],
    ['inf - inf: invalid', () => f32Sub(INF, INF, RNE), CANONICAL_NAN, NV],
    ['inf + inf = inf, no flags', () => f32Add(INF, INF, RNE), INF, 0],
    ['-inf + MAX = -inf', () => f32Add(N_INF, MAX, RUP), N_INF, 0],
    ['qNaN with payload + 1: canonical NaN, no flags', () => f32Add(QNAN_PAYLOAD, ONE, RNE), CANONICAL_NAN, 0],
    ['negative qNaN - 1: canonical (positive) NaN', () => f32Sub(N_QNAN, ONE, RNE), CANONICAL_NAN, 0],
    ['1 + sNaN: NV, canonical NaN', () => f32Add(ONE, SNAN, RNE), CANONICAL_NAN, NV],
    ['sNaN + inf: NV', () => f32Add(SNAN_PAYLOAD, INF, RNE), CANONICAL_NAN, NV],
  ]);
});

describe('f32Mul', () => {
  table([
    ['2 * 3 = 6', () => f32Mul(TWO, THREE, RNE), 0x40c00000, 0],
    ['0 * -1 = -0', () => f32Mul(P0, M_ONE, RNE), N0, 0],
    ['-0 * -0 = +0', () => f32Mul(N0, N0, RNE), P0, 0],
    // (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24: exactly halfway between 0x3f801000 (even) and 0x3f801001.
    ['(1+2^-12)^2 tie, RNE to even', () => f32Mul(0x3f800800, 0x3f800800, RNE), 0x3f801000, NX],
    ['(1+2^-12)^2 tie, RMM away', () => f32Mul(0x3f800800, 0x3f800800, RMM), 0x3f801001, NX],
    ['(1+2^-12)^2 tie, RUP up', () => f32Mul(0x3f800800, 0x3f800800, RUP), 0x3f801001, NX],
    ['-(1+2^-12)^2 tie, RDN away (more negative)', () => f32Mul(0xbf800800, 0x3f800800, RDN), 0xbf801001, NX],
    ['-(1+2^-12)^2 tie, RUP toward zero', () => f32Mul(0xbf800800, 0x3f800800, RUP), 0xbf801000, NX],
    // Tininess AFTER rounding. (1 + 2^-23) * (2^-126 - 2^-149) = 2^-126 * (1 - 2^-46): tiny
    // before rounding, but rounded to 24 bits with unbounded exponent it is 2^-126 in RNE/RUP/RMM,
    // so it is NOT tiny: result 2^-126, NX only. In RTZ/RDN the unbounded rounding stays below
    // 2^-126: tiny and inexact, UF.
    ['tininess after rounding, RNE: 2^-126 without UF', () => f32Mul(ONE_P_ULP, MAX_SUB, RNE), MIN_NORM, NX],
    ['tininess after rounding, RUP: 2^-126 without UF', () => f32Mul(ONE_P_ULP, MAX_SUB, RUP), MIN_NORM, NX],
    ['tininess after rounding, RMM: 2^-126 without UF', () => f32Mul(ONE_P_ULP, MAX_SUB, RMM), MIN_NORM, NX],
    ['tininess after rounding, RTZ: max subnormal, UF', () => f32Mul(ONE_P_ULP, MAX_SUB, RTZ), MAX_SUB, UF | NX],
    ['tininess after rounding, RDN: max subnormal, UF', () => f32Mul(ONE_P_ULP, MAX_SUB, RDN), MAX_SUB, UF | NX],
    // (1 - 2^-24) * 2^-126 = 2^-126 - 2^-150: exactly representable with 24 bits and an unbounded
    // exponent, and below 2^-126, so tiny; on the subnormal grid it is a tie (2^23 - 1/2 units)
    // that RNE rounds to the even 2^23 units = 2^-126. Delivered 2^-126, yet UF (tiny and inexact).
    ['tiny tie delivered as 2^-126 still raises UF', () => f32Mul(ONE_M_HALF_ULP, MIN_NORM, RNE), MIN_NORM, UF | NX],
    ['same product RTZ: max subnormal, UF', () => f32Mul(ONE_M_HALF_ULP, MIN_NORM, RTZ), MAX_SUB, UF | NX],
    // Exact tiny results raise nothing.
    ['min subnormal * 1: exact, no UF', () => f32Mul(MIN_SUB, ONE, RNE), MIN_SUB, 0],
    ['2^-148 * 0.5 = 2^-149 exactly, no UF', () => f32Mul(0x00000002, HALF, RNE), MIN_SUB, 0],
    // 2^-149 * 0.5 = 2^-150: tie between 0 (even) and 2^-149.
    ['2^-150 RNE: +0, UF NX', () => f32Mul(MIN_SUB, HALF, RNE), P0, UF | NX],
    ['2^-150 RMM: min subnormal, UF NX', () => f32Mul(MIN_SUB, HALF, RMM), MIN_SUB, UF | NX],
    ['2^-150 RUP: min subnormal', () => f32Mul(MIN_SUB, HALF, RUP), MIN_SUB, UF | NX],
    ['-2^-150 RDN: -min subnormal', () => f32Mul(MIN_SUB | N0, HALF, RDN), 0x80000001, UF | NX],
    ['-2^-150 RUP: -0', () => f32Mul(MIN_SUB | N0, HALF, RUP), N0, UF | NX],
    ['2^127 * 2 RNE: +inf, OF', () => f32Mul(0x7f000000, TWO, RNE), INF, OF | NX],
    ['2^127 * 2 RTZ: MAX, OF', () => f32Mul(0x7f000000, TWO, RTZ), MAX, OF | NX],
    ['2^127 * -2 RUP: -MAX, OF', () => f32Mul(0x7f000000, 0xc0000000, RUP), N_MAX, OF | NX],
    ['inf * 0: invalid', () => f32Mul(INF, P0, RNE), CANONICAL_NAN, NV],
    ['-0 * inf: invalid', () => f32Mul(N0, INF, RNE), CANONICAL_NAN, NV],
    ['-inf * 2 = -inf', () => f32Mul(N_INF, TWO, RNE), N_INF, 0],
    ['inf * -min subnormal = -inf', () => f32Mul(INF, MIN_SUB | N0, RNE), N_INF, 0],
    ['qNaN * 0: canonical, no NV (no inf involved)', () => f32Mul(QNAN_PAYLOAD, P0, RNE), CANONICAL_NAN, 0],
    ['sNaN * 1: NV', () => f32Mul(SNAN, ONE, RNE), CANONICAL_NAN, NV],
  ]);
});

describe('f32Div', () => {
  table([
    ['6 / 3 = 2 exactly', () => f32Div(0x40c00000, THREE, RNE), TWO, 0],
    // 1/3 = 0.0101...b: RNE rounds up to 0x3eaaaaab, RTZ/RDN truncate to 0x3eaaaaaa.
    ['1/3 RNE', () => f32Div(ONE, THREE, RNE), 0x3eaaaaab, NX],
    ['1/3 RTZ', () => f32Div(ONE, THREE, RTZ), 0x3eaaaaaa, NX],
    ['1/3 RDN', () => f32Div(ONE, THREE, RDN), 0x3eaaaaaa, NX],
    ['1/3 RUP', () => f32Div(ONE, THREE, RUP), 0x3eaaaaab, NX],
    ['-1/3 RDN (magnitude up)', () => f32Div(M_ONE, THREE, RDN), 0xbeaaaaab, NX],
    ['-1/3 RUP (magnitude down)', () => f32Div(M_ONE, THREE, RUP), 0xbeaaaaaa, NX],
    ['1 / +0: +inf, DZ', () => f32Div(ONE, P0, RNE), INF, DZ],
    ['1 / -0: -inf, DZ', () => f32Div(ONE, N0, RNE), N_INF, DZ],
    ['-min subnormal / +0: -inf, DZ', () => f32Div(MIN_SUB | N0, P0, RNE), N_INF, DZ],
    ['0 / 0: invalid', () => f32Div(P0, N0, RNE), CANONICAL_NAN, NV],
    ['inf / inf: invalid', () => f32Div(INF, N_INF, RNE), CANONICAL_NAN, NV],
    ['inf / 0 = inf, no DZ', () => f32Div(INF, P0, RNE), INF, 0],
    ['-inf / 0 = -inf', () => f32Div(N_INF, P0, RNE), N_INF, 0],
    ['1 / -inf = -0', () => f32Div(ONE, N_INF, RNE), N0, 0],
    ['0 / 5 = 0', () => f32Div(P0, 0x40a00000, RNE), P0, 0],
    ['qNaN / 0: canonical, no DZ', () => f32Div(QNAN, P0, RNE), CANONICAL_NAN, 0],
    ['sNaN / 1: NV', () => f32Div(SNAN, ONE, RNE), CANONICAL_NAN, NV],
    // 2^-149 / 2 = 2^-150: tie between 0 and 2^-149.
    ['min subnormal / 2 RNE: 0, UF NX', () => f32Div(MIN_SUB, TWO, RNE), P0, UF | NX],
    ['min subnormal / 2 RMM: min subnormal', () => f32Div(MIN_SUB, TWO, RMM), MIN_SUB, UF | NX],
    ['MAX / 0.5 RNE: overflow to inf', () => f32Div(MAX, HALF, RNE), INF, OF | NX],
    ['MAX / 0.5 RDN: MAX', () => f32Div(MAX, HALF, RDN), MAX, OF | NX],
    ['max subnormal / 0.5: exact normal, no flags', () => f32Div(MAX_SUB, HALF, RNE), 0x00fffffe, 0],
  ]);
});

describe('f32Sqrt', () => {
  table([
    ['sqrt(4) = 2', () => f32Sqrt(0x40800000, RNE), TWO, 0],
    // sqrt(2) = 1.41421356237...; floats around it: 0x3fb504f3 = 1.41421353816986 (below, nearer),
    // 0x3fb504f4 = 1.41421365737915.
    ['sqrt(2) RNE', () => f32Sqrt(TWO, RNE), 0x3fb504f3, NX],
    ['sqrt(2) RUP', () => f32Sqrt(TWO, RUP), 0x3fb504f4, NX],
    ['sqrt(2) RTZ', () => f32Sqrt(TWO, RTZ), 0x3fb504f3, NX],
    ['sqrt(2) RMM', () => f32Sqrt(TWO, RMM), 0x3fb504f3, NX],
    ['sqrt(-0) = -0, no flags', () => f32Sqrt(N0, RNE), N0, 0],
    ['sqrt(+0) = +0', () => f32Sqrt(P0, RNE), P0, 0],
    ['sqrt(-1): invalid', () => f32Sqrt(M_ONE, RNE), CANONICAL_NAN, NV],
    ['sqrt(-min subnormal): invalid', () => f32Sqrt(MIN_SUB | N0, RNE), CANONICAL_NAN, NV],
    ['sqrt(-inf): invalid', () => f32Sqrt(N_INF, RNE), CANONICAL_NAN, NV],
    ['sqrt(+inf) = +inf', () => f32Sqrt(INF, RNE), INF, 0],
    ['sqrt(qNaN): canonical, no flags', () => f32Sqrt(N_QNAN, RNE), CANONICAL_NAN, 0],
    ['sqrt(sNaN): NV', () => f32Sqrt(SNAN, RNE), CANONICAL_NAN, NV],
    // sqrt(2^-149) = 2^-75 * sqrt(2): a normal number, so no UF.
    ['sqrt(min subnormal) = 2^-75*sqrt2, NX only', () => f32Sqrt(MIN_SUB, RNE), 0x1a3504f3, NX],
    ['sqrt(2^-148) = 2^-74 exactly', () => f32Sqrt(0x00000002, RNE), 0x1a800000, 0],
  ]);
});

describe('f32MulAdd (rounded once)', () => {
  table([
    ['2*3 + 1 = 7', () => f32MulAdd(TWO, THREE, ONE, RNE), 0x40e00000, 0],
    // (1 + 2^-23)(1 - 2^-23) - 1 = -2^-46 exactly; rounding the product first would give 0.
    ['single rounding keeps -2^-46', () => f32MulAdd(ONE_P_ULP, ONE_M_ULP, M_ONE, RNE), 0xa8800000, 0],
    // (1+2^-12)^2 + 2^-60: just ABOVE the tie 1 + 2^-11 + 2^-24, so RNE rounds up. The double sum
    // is exactly that tie (the 2^-60 is lost in double): rounding the double would give the even
    // 0x3f801000. With -2^-60 the exact value is just below the tie: 0x3f801000.
    ['double-rounding trap above a tie: RNE up', () => f32MulAdd(0x3f800800, 0x3f800800, 0x21800000, RNE), 0x3f801001, NX],
    ['double-rounding trap below a tie: RNE down', () => f32MulAdd(0x3f800800, 0x3f800800, 0xa1800000, RNE), 0x3f801000, NX],
    ['below a tie, RMM goes down too', () => f32MulAdd(0x3f800800, 0x3f800800, 0xa1800000, RMM), 0x3f801000, NX],
    ['above the tie, RTZ truncates', () => f32MulAdd(0x3f800800, 0x3f800800, 0x21800000, RTZ), 0x3f801000, NX],
    // MAX*2 - MAX = MAX: the intermediate 2*MAX never overflows in a fused operation.
    ['MAX*2 - MAX = MAX without OF', () => f32MulAdd(MAX, TWO, N_MAX, RNE), MAX, 0],
    ['MAX*2 + 0 overflows', () => f32MulAdd(MAX, TWO, P0, RNE), INF, OF | NX],
    ['MAX*2 + 0 RTZ: MAX', () => f32MulAdd(MAX, TWO, P0, RTZ), MAX, OF | NX],
    ['1*1 - 1 = +0 in RNE', () => f32MulAdd(ONE, ONE, M_ONE, RNE), P0, 0],
    ['1*1 - 1 = -0 in RDN', () => f32MulAdd(ONE, ONE, M_ONE, RDN), N0, 0],
    ['(+0 * -1) + -0 = -0 (like signs)', () => f32MulAdd(P0, M_ONE, N0, RNE), N0, 0],
    ['(+0 * -1) + +0 = +0', () => f32MulAdd(P0, M_ONE, P0, RNE), P0, 0],
    ['(+0 * -1) + +0 = -0 in RDN', () => f32MulAdd(P0, M_ONE, P0, RDN), N0, 0],
    ['0*1 + min subnormal: exact tiny, no UF', () => f32MulAdd(P0, ONE, MIN_SUB, RNE), MIN_SUB, 0],
    // 2^-149 * 0.5 + 0 = 2^-150 (tie to 0) only rounded at the end.
    ['min subnormal * 0.5 + 0: 0, UF NX', () => f32MulAdd(MIN_SUB, HALF, P0, RNE), P0, UF | NX],
    ['min subnormal * 0.5 + -0 RUP: min subnormal', () => f32MulAdd(MIN_SUB, HALF, N0, RUP), MIN_SUB, UF | NX],
    // The product may lie far below the binary32 range without being lost: 2^-100 * 2^-100 =
    // 2^-200 only matters as a sticky bit of 1 + 2^-200.
    ['1 + 2^-200 RUP: next float up, no UF', () => f32MulAdd(0x0d800000, 0x0d800000, ONE, RUP), ONE_P_ULP, NX],
    ['1 + 2^-200 RNE: 1, NX', () => f32MulAdd(0x0d800000, 0x0d800000, ONE, RNE), ONE, NX],
    ['1 - 2^-200 RDN: largest float below 1', () => f32MulAdd(0x8d800000, 0x0d800000, ONE, RDN), ONE_M_HALF_ULP, NX],
    ['2^-149 * 2^-149 + 0 = 2^-298 RNE: +0, UF NX', () => f32MulAdd(MIN_SUB, MIN_SUB, P0, RNE), P0, UF | NX],
    ['2^-149 * 2^-149 + 0 RUP: min subnormal', () => f32MulAdd(MIN_SUB, MIN_SUB, P0, RUP), MIN_SUB, UF | NX],
    ['-2^-149 * 2^-149 + -0 RDN: -min subnormal', () => f32MulAdd(MIN_SUB | N0, MIN_SUB, N0, RDN), 0x80000001, UF | NX],
    // Exact cancellation down to a subnormal: 2^-126 * (1 + 2^-23) - 2^-126 = 2^-149 exactly:
    // tiny but exact, no UF.
    ['2^-126(1+2^-23) * 1 - 2^-126 = 2^-149 exactly', () => f32MulAdd(0x00800001, ONE, MIN_NORM | N0, RNE), MIN_SUB, 0],
    // RISC-V: inf * 0 raises NV even when the addend is a quiet NaN (SoftFloat agrees).
    ['inf * 0 + qNaN: NV, canonical NaN', () => f32MulAdd(INF, P0, QNAN, RNE), CANONICAL_NAN, NV],
    ['0 * -inf + 1: NV', () => f32MulAdd(P0, N_INF, ONE, RNE), CANONICAL_NAN, NV],
    ['inf * 1 + -inf: NV', () => f32MulAdd(INF, ONE, N_INF, RNE), CANONICAL_NAN, NV],
    ['inf * -1 + -inf = -inf', () => f32MulAdd(INF, M_ONE, N_INF, RNE), N_INF, 0],
    ['1 * 1 + -inf = -inf', () => f32MulAdd(ONE, ONE, N_INF, RNE), N_INF, 0],
    ['inf * 1 + qNaN: canonical, no NV', () => f32MulAdd(INF, ONE, QNAN_PAYLOAD, RNE), CANONICAL_NAN, 0],
    ['1 * 1 + sNaN: NV', () => f32MulAdd(ONE, ONE, SNAN, RNE), CANONICAL_NAN, NV],
    ['sNaN * 0 + 1: NV', () => f32MulAdd(SNAN, P0, ONE, RNE), CANONICAL_NAN, NV],
  ]);
});

describe('f32Min / f32Max (minimumNumber / maximumNumber)', () => {
  table([
    ['min(1, 2) = 1', () => f32Min(ONE, TWO), ONE, 0],
    ['max(1, 2) = 2', () => f32Max(ONE, TWO), TWO, 0],
    ['min(-1, 1) = -1', () => f32Min(ONE, M_ONE), M_ONE, 0],
    ['min(-0, +0) = -0', () => f32Min(N0, P0), N0, 0],
    ['min(+0, -0) = -0', () => f32Min(P0, N0), N0, 0],
    ['max(-0, +0) = +0', () => f32Max(N0, P0), P0, 0],
    ['max(+0, -0) = +0', () => f32Max(P0, N0), P0, 0],
    ['min(-inf, MAX) = -inf', () => f32Min(N_INF, MAX), N_INF, 0],
    ['max(inf, MAX) = inf', () => f32Max(MAX, INF), INF, 0],
    ['min(qNaN, 1) = 1, no flags', () => f32Min(QNAN_PAYLOAD, ONE), ONE, 0],
    ['max(1, qNaN) = 1', () => f32Max(ONE, N_QNAN), ONE, 0],
    ['min(sNaN, 1) = 1 with NV', () => f32Min(SNAN, ONE), ONE, NV],
    ['max(-1, sNaN) = -1 with NV', () => f32Max(M_ONE, SNAN_PAYLOAD), M_ONE, NV],
    ['min(qNaN, qNaN): canonical NaN', () => f32Min(QNAN_PAYLOAD, N_QNAN), CANONICAL_NAN, 0],
    ['max(sNaN, qNaN): canonical, NV', () => f32Max(SNAN, QNAN), CANONICAL_NAN, NV],
    ['min(min subnormal, -min subnormal)', () => f32Min(MIN_SUB, MIN_SUB | N0), 0x80000001, 0],
  ]);
});

describe('f32Eq / f32Lt / f32Le', () => {
  table([
    ['feq(1, 1) = 1', () => f32Eq(ONE, ONE), 1, 0],
    ['feq(-0, +0) = 1', () => f32Eq(N0, P0), 1, 0],
    ['feq(1, 2) = 0', () => f32Eq(ONE, TWO), 0, 0],
    ['feq(qNaN, qNaN) = 0, quiet', () => f32Eq(QNAN, QNAN), 0, 0],
    ['feq(sNaN, 1) = 0, NV', () => f32Eq(SNAN, ONE), 0, NV],
    ['flt(-1, 1) = 1', () => f32Lt(M_ONE, ONE), 1, 0],
    ['flt(1, 1) = 0', () => f32Lt(ONE, ONE), 0, 0],
    ['flt(-2, -1) = 1', () => f32Lt(0xc0000000, M_ONE), 1, 0],
    ['flt(-0, +0) = 0 (equal)', () => f32Lt(N0, P0), 0, 0],
    ['flt(-inf, inf) = 1', () => f32Lt(N_INF, INF), 1, 0],
    ['flt(-min subnormal, +0) = 1', () => f32Lt(0x80000001, P0), 1, 0],
    ['flt(qNaN, 1) = 0, NV (signalling compare)', () => f32Lt(QNAN, ONE), 0, NV],
    ['fle(1, 1) = 1', () => f32Le(ONE, ONE), 1, 0],
    ['fle(+0, -0) = 1', () => f32Le(P0, N0), 1, 0],
    ['fle(2, 1) = 0', () => f32Le(TWO, ONE), 0, 0],
    ['fle(-1, -2) = 0', () => f32Le(M_ONE, 0xc0000000), 0, 0],
    ['fle(1, qNaN) = 0, NV', () => f32Le(ONE, N_QNAN), 0, NV],
  ]);
});

describe('f32Class', () => {
  table([
    ['-inf: bit 0', () => f32Class(N_INF), 1 << 0, 0],
    ['negative normal: bit 1', () => f32Class(M_ONE), 1 << 1, 0],
    ['negative subnormal: bit 2', () => f32Class(0x807fffff), 1 << 2, 0],
    ['-0: bit 3', () => f32Class(N0), 1 << 3, 0],
    ['+0: bit 4', () => f32Class(P0), 1 << 4, 0],
    ['positive subnormal: bit 5', () => f32Class(MIN_SUB), 1 << 5, 0],
    ['positive normal (2^-126): bit 6', () => f32Class(MIN_NORM), 1 << 6, 0],
    ['+inf: bit 7', () => f32Class(INF), 1 << 7, 0],
    ['sNaN (quiet bit clear): bit 8, no flags', () => f32Class(SNAN), 1 << 8, 0],
    ['negative qNaN: bit 9', () => f32Class(N_QNAN), 1 << 9, 0],
  ]);
});

describe('f32ToI32 (fcvt.w.s)', () => {
  table([
    ['1.5 RNE -> 2', () => f32ToI32(0x3fc00000, RNE), 2, NX],
    ['1.5 RTZ -> 1', () => f32ToI32(0x3fc00000, RTZ), 1, NX],
    ['1.5 RDN -> 1', () => f32ToI32(0x3fc00000, RDN), 1, NX],
    ['2.5 RNE -> 2 (tie to even)', () => f32ToI32(0x40200000, RNE), 2, NX],
    ['2.5 RMM -> 3 (tie away)', () => f32ToI32(0x40200000, RMM), 3, NX],
    ['-1.5 RNE -> -2', () => f32ToI32(0xbfc00000, RNE), 0xfffffffe, NX],
    ['-1.5 RTZ -> -1', () => f32ToI32(0xbfc00000, RTZ), 0xffffffff, NX],
    ['-1.5 RDN -> -2', () => f32ToI32(0xbfc00000, RDN), 0xfffffffe, NX],
    ['-1.5 RUP -> -1', () => f32ToI32(0xbfc00000, RUP), 0xffffffff, NX],
    ['-0.5 RUP -> 0 (not -0), NX', () => f32ToI32(0xbf000000, RUP), 0, NX],
    ['min subnormal RUP -> 1', () => f32ToI32(MIN_SUB, RUP), 1, NX],
    ['-0 -> 0, exact', () => f32ToI32(N0, RNE), 0, 0],
    // 2^31 - 128 = 0x4effffff is the largest float below 2^31: in range, exact.
    ['2^31 - 128 exact', () => f32ToI32(0x4effffff, RNE), 0x7fffff80, 0],
    ['2^31 out of range: saturate, NV only', () => f32ToI32(0x4f000000, RNE), 0x7fffffff, NV],
    ['-2^31 in range, exact', () => f32ToI32(0xcf000000, RNE), 0x80000000, 0],
    ['-(2^31 + 256) out of range: -2^31, NV', () => f32ToI32(0xcf000001, RTZ), 0x80000000, NV],
    ['+inf -> 2^31 - 1, NV', () => f32ToI32(INF, RNE), 0x7fffffff, NV],
    ['-inf -> -2^31, NV', () => f32ToI32(N_INF, RNE), 0x80000000, NV],
    ['qNaN -> 2^31 - 1, NV', () => f32ToI32(QNAN, RNE), 0x7fffffff, NV],
    ['negative NaN -> 2^31 - 1 too, NV', () => f32ToI32(N_QNAN, RNE), 0x7fffffff, NV],
    ['MAX -> 2^31 - 1, NV', () => f32ToI32(MAX, RTZ), 0x7fffffff, NV],
  ]);
});

describe('f32ToU32 (fcvt.wu.s)', () => {
  table([
    ['3.75 RTZ -> 3', () => f32ToU32(0x40700000, RTZ), 3, NX],
    ['3.75 RNE -> 4', () => f32ToU32(0x40700000, RNE), 4, NX],
    ['2^32 - 256 exact', () => f32ToU32(0x4f7fffff, RNE), 0xffffff00, 0],
    ['2^31 exact (fits unsigned)', () => f32ToU32(0x4f000000, RNE), 0x80000000, 0],
    ['2^32 out of range: 2^32 - 1, NV', () => f32ToU32(0x4f800000, RNE), 0xffffffff, NV],
    ['-1 -> 0, NV', () => f32ToU32(M_ONE, RNE), 0, NV],
    ['-0.5 RTZ rounds to 0: NX only', () => f32ToU32(0xbf000000, RTZ), 0, NX],
    ['-0.5 RNE ties to even 0: NX only', () => f32ToU32(0xbf000000, RNE), 0, NX],
    ['-0.5 RDN rounds to -1: 0, NV', () => f32ToU32(0xbf000000, RDN), 0, NV],
    ['-0.5 RMM rounds to -1: 0, NV', () => f32ToU32(0xbf000000, RMM), 0, NV],
    ['-0.75 RNE rounds to -1: NV', () => f32ToU32(0xbf400000, RNE), 0, NV],
    ['-0 -> 0, exact', () => f32ToU32(N0, RNE), 0, 0],
    ['+inf -> 2^32 - 1, NV', () => f32ToU32(INF, RNE), 0xffffffff, NV],
    ['-inf -> 0, NV', () => f32ToU32(N_INF, RNE), 0, NV],
    ['NaN -> 2^32 - 1, NV', () => f32ToU32(N_QNAN, RNE), 0xffffffff, NV],
  ]);
});

describe('i32ToF32 / u32ToF32 (fcvt.s.w / fcvt.s.wu)', () => {
  table([
    ['0 -> +0', () => i32ToF32(0, RDN), P0, 0],
    ['-1 -> -1.0', () => i32ToF32(-1, RNE), M_ONE, 0],
    ['2^24 exact', () => i32ToF32(16777216, RNE), 0x4b800000, 0],
    // 2^24 + 1: halfway between 2^24 (even) and 2^24 + 2.
    ['2^24 + 1 RNE -> 2^24', () => i32ToF32(16777217, RNE), 0x4b800000, NX],
    ['2^24 + 1 RMM -> 2^24 + 2', () => i32ToF32(16777217, RMM), 0x4b800001, NX],
    ['2^24 + 1 RUP -> 2^24 + 2', () => i32ToF32(16777217, RUP), 0x4b800001, NX],
    ['2^24 + 3 RNE -> 2^24 + 4 (tie to even)', () => i32ToF32(16777219, RNE), 0x4b800002, NX],
    ['-(2^24 + 1) RDN -> -(2^24 + 2)', () => i32ToF32(-16777217, RDN), 0xcb800001, NX],
    ['-(2^24 + 1) RUP -> -2^24', () => i32ToF32(-16777217, RUP), 0xcb800000, NX],
    ['2^31 - 1 RNE -> 2^31', () => i32ToF32(0x7fffffff, RNE), 0x4f000000, NX],
    ['2^31 - 1 RTZ -> 2^31 - 128', () => i32ToF32(0x7fffffff, RTZ), 0x4effffff, NX],
    ['-2^31 exact', () => i32ToF32(-0x80000000, RNE), 0xcf000000, 0],
    ['u 0 -> +0', () => u32ToF32(0, RNE), P0, 0],
    ['u 2^32 - 1 RNE -> 2^32', () => u32ToF32(0xffffffff, RNE), 0x4f800000, NX],
    ['u 2^32 - 1 RTZ -> 2^32 - 256', () => u32ToF32(0xffffffff, RTZ), 0x4f7fffff, NX],
    ['u 2^31 exact', () => u32ToF32(0x80000000, RNE), 0x4f000000, 0],
    ['u 2^31 + 128 RNE: tie, to even 2^31', () => u32ToF32(0x80000080, RNE), 0x4f000000, NX],
    ['u 2^31 + 128 RMM: 2^31 + 256', () => u32ToF32(0x80000080, RMM), 0x4f000001, NX],
  ]);
});

describe('fpStatus', () => {
  it('accumulates flags across calls until the caller clears it', () => {
    fpStatus.flags = 0;
    f32Div(ONE, P0, RNE); // DZ
    f32Add(ONE, E_M30, RNE); // NX
    f32Mul(INF, P0, RNE); // NV
    expect(fpStatus.flags).toBe(DZ | NX | NV);
    fpStatus.flags = 0;
    f32Add(ONE, ONE, RNE);
    expect(fpStatus.flags).toBe(0);
  });
});
