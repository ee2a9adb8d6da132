// Seeded random data for the kernel tests (mulberry32: small, fast, reproducible).
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

/** Integer uniform in [lo, hi]. */
export function randomInt(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

export const absTensor = (t: Float32Array): Float32Array => t.map(Math.abs);
