// Element-wise kernels: add, mul, relu, sigmoid, tanh over flat float32 arrays.
import { add32, mul32 } from './f32';
import { reluf32, sigmoidf32, tanhf32 } from './activation';
import { KernelShapeError } from './shapes';

function binary(kernel: string, a: Float32Array, b: Float32Array, op: (x: number, y: number) => number): Float32Array {
  if (a.length !== b.length) throw new KernelShapeError(kernel, `operands differ in length (${a.length} vs ${b.length})`);
  if (a.length === 0) throw new KernelShapeError(kernel, 'count must be at least 1');
  const y = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) y[i] = op(a[i]!, b[i]!);
  return y;
}

function unary(kernel: string, x: Float32Array, op: (v: number) => number): Float32Array {
  if (x.length === 0) throw new KernelShapeError(kernel, 'count must be at least 1');
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = op(x[i]!);
  return y;
}

export const add = (a: Float32Array, b: Float32Array): Float32Array => binary('add', a, b, add32);
export const mul = (a: Float32Array, b: Float32Array): Float32Array => binary('mul', a, b, mul32);
export const relu = (x: Float32Array): Float32Array => unary('relu', x, reluf32);
export const sigmoid = (x: Float32Array): Float32Array => unary('sigmoid', x, sigmoidf32);
export const tanh = (x: Float32Array): Float32Array => unary('tanh', x, tanhf32);
