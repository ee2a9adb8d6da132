// Seeded random data for the kernel tests: the runtime's generators (mulberry32) plus helpers.
export { randomTensor, rng } from '../../kernels/runtime/data';

/** Integer uniform in [lo, hi]. */
export function randomInt(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

export const absTensor = (t: Float32Array): Float32Array => t.map(Math.abs);
