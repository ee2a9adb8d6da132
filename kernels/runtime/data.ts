// Seeded data for tensors (mulberry32: small, fast, reproducible on every host) and the
// comparison of a kernel's output with its reference: max absolute / relative error, ULP
// statistics and the first mismatching indices.
import { ulpDistance } from '../reference/f32';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n binary32 values uniform in [lo, hi). */
export function randomTensor(rand: () => number, n: number, lo = -1, hi = 1): Float32Array {
  const t = new Float32Array(n);
  for (let i = 0; i < n; i++) t[i] = lo + (hi - lo) * rand();
  return t;
}

export interface Comparison {
  readonly count: number;
  /** Elements whose bits differ (+0 and -0 differ; NaN equals NaN). */
  readonly mismatches: number;
  readonly maxAbsError: number;
  readonly maxRelError: number;
  readonly maxUlp: number;
  readonly meanUlp: number;
  /** Up to 8 first mismatching elements. */
  readonly first: readonly { readonly index: number; readonly got: number; readonly want: number; readonly ulp: number }[];
}

export function compare(got: Float32Array, want: Float32Array): Comparison {
  if (got.length !== want.length) throw new Error(`compare: lengths differ (${got.length} vs ${want.length})`);
  const gb = new Uint32Array(got.buffer, got.byteOffset, got.length);
  const wb = new Uint32Array(want.buffer, want.byteOffset, want.length);
  let mismatches = 0, maxAbs = 0, maxRel = 0, maxUlp = 0, sumUlp = 0;
  const first: { index: number; got: number; want: number; ulp: number }[] = [];
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (gb[i] === wb[i] || (Number.isNaN(g) && Number.isNaN(w))) continue;
    mismatches++;
    const ulp = Number.isNaN(g) || Number.isNaN(w) ? Infinity : ulpDistance(g, w);
    const abs = Math.abs(g - w);
    const rel = w !== 0 ? abs / Math.abs(w) : abs === 0 ? 0 : Infinity;
    if (!(abs <= maxAbs)) maxAbs = abs;
    if (!(rel <= maxRel)) maxRel = rel;
    if (!(ulp <= maxUlp)) maxUlp = ulp;
    sumUlp += ulp;
    if (first.length < 8) first.push({ index: i, got: g, want: w, ulp });
  }
  return { count: got.length, mismatches, maxAbsError: maxAbs, maxRelError: maxRel, maxUlp, meanUlp: got.length > 0 ? sumUlp / got.length : 0, first };
}
