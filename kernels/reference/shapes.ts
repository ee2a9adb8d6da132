// Shape checks shared by the references and the host runtime: a shape that does not fit is
// rejected with a message naming the kernel and the offending dimension, before anything runs.

export class KernelShapeError extends Error {
  constructor(kernel: string, message: string) {
    super(`${kernel}: ${message}`);
    this.name = 'KernelShapeError';
  }
}

export function requirePositive(kernel: string, dims: Record<string, number>): void {
  for (const [name, v] of Object.entries(dims)) {
    if (!Number.isInteger(v) || v < 1) throw new KernelShapeError(kernel, `${name} must be a positive integer, got ${v}`);
  }
}

export function requireNonNegative(kernel: string, dims: Record<string, number>): void {
  for (const [name, v] of Object.entries(dims)) {
    if (!Number.isInteger(v) || v < 0) throw new KernelShapeError(kernel, `${name} must be a non-negative integer, got ${v}`);
  }
}

export function requireLength(kernel: string, name: string, array: ArrayLike<number>, expected: number): void {
  if (array.length !== expected) {
    throw new KernelShapeError(kernel, `${name} has ${array.length} elements, expected ${expected}`);
  }
}

/** Output size of a sliding window: floor((in + 2*pad - k) / stride) + 1, checked to be >= 1. */
export function windowOutput(kernel: string, axis: string, input: number, k: number, stride: number, pad: number): number {
  const padded = input + 2 * pad;
  if (k > padded) {
    throw new KernelShapeError(kernel, `window ${k} is larger than the padded input ${axis} ${padded} (${input} + 2*${pad})`);
  }
  return Math.floor((padded - k) / stride) + 1;
}
