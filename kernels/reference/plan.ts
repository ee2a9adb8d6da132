// From a kernel id and a shape to everything a launch needs: the integer descriptor fields, the
// input and output tensors with their lengths, and the reference that computes the outputs. The
// host runtime and `gpesim verify` build on this; shapes that do not fit are refused here, with
// the reference's KernelShapeError, before anything runs.
import { ACTIVATION, Activation, DescribedKernel } from './abi';
import { BATCHNORM_EPS, BatchnormShape, batchnorm } from './batchnorm';
import { Conv1x1Shape, Conv2dShape, conv1x1, conv2d, conv2dOutputSize, pad, PadShape } from './conv';
import { add, mul, relu, sigmoid, tanh } from './elementwise';
import { bitsOf } from './f32';
import { fc, FcShape } from './fc';
import { LstmShape, lstmCell } from './lstm';
import { avgpool, maxpool, PoolShape, poolOutputSize } from './pool';
import { KernelShapeError, requireNonNegative, requirePositive } from './shapes';

export interface KernelShapes {
  fc: FcShape & { readonly act: Activation };
  conv2d: Conv2dShape;
  conv1x1: Conv1x1Shape;
  pad: PadShape;
  maxpool: PoolShape;
  avgpool: PoolShape;
  batchnorm: BatchnormShape;
  add: { readonly count: number };
  mul: { readonly count: number };
  relu: { readonly count: number };
  sigmoid: { readonly count: number };
  tanh: { readonly count: number };
  'lstm-cell': LstmShape;
}

/**
 * Shapes used when none is given (e.g. `gpesim verify KERNEL`): small enough for CI, with odd
 * sizes, a batch > 1 where the kernel has one, and more work items than one worker.
 */
export const DEFAULT_SHAPES: { readonly [K in DescribedKernel]: KernelShapes[K] } = Object.freeze({
  fc: { batch: 1, inFeatures: 128, outFeatures: 10, act: 'relu' },
  conv2d: { batch: 2, cin: 3, h: 15, w: 17, cout: 4, k: 3, stride: 1, pad: 1 },
  conv1x1: { batch: 2, cin: 3, hw: 15 * 17, cout: 4 },
  pad: { planes: 6, h: 15, w: 17, pad: 1 },
  maxpool: { planes: 6, h: 16, w: 18, k: 2, stride: 2 },
  avgpool: { planes: 6, h: 16, w: 18, k: 2, stride: 2 },
  batchnorm: { batch: 2, c: 4, hw: 15 * 17 },
  add: { count: 1000 },
  mul: { count: 1000 },
  relu: { count: 1000 },
  sigmoid: { count: 1000 },
  tanh: { count: 1000 },
  'lstm-cell': { inFeatures: 40, hidden: 33 },
});

export interface LaunchPlan {
  /** Integer descriptor fields (everything but the tensor pointers). */
  readonly ints: Readonly<Record<string, number>>;
  /** Input tensors by descriptor field, with their lengths in floats. */
  readonly inputs: Readonly<Record<string, number>>;
  /** Output tensors by descriptor field, with their lengths in floats. */
  readonly outputs: Readonly<Record<string, number>>;
  /** The reference: outputs from inputs (keys as in `inputs` / `outputs`). */
  readonly reference: (inputs: Readonly<Record<string, Float32Array>>) => Record<string, Float32Array>;
}

function input(tensors: Readonly<Record<string, Float32Array>>, name: string): Float32Array {
  const t = tensors[name];
  if (!t) throw new Error(`reference: input '${name}' not given`);
  return t;
}

/** The launch plan for `id` on `shape` (validated). */
export function planLaunch<K extends DescribedKernel>(id: K, shape: KernelShapes[K]): LaunchPlan {
  const s = shape as KernelShapes[DescribedKernel];
  switch (id) {
    case 'fc': {
      const f = s as KernelShapes['fc'];
      requirePositive('fc', { batch: f.batch, inFeatures: f.inFeatures, outFeatures: f.outFeatures });
      if (!(f.act in ACTIVATION)) throw new KernelShapeError('fc', `unknown activation '${f.act}' (none, relu, sigmoid)`);
      return {
        ints: { batch: f.batch, inFeatures: f.inFeatures, outFeatures: f.outFeatures, act: ACTIVATION[f.act] },
        inputs: { x: f.batch * f.inFeatures, w: f.outFeatures * f.inFeatures, bias: f.outFeatures },
        outputs: { y: f.batch * f.outFeatures },
        reference: (t) => ({ y: fc(f, input(t, 'x'), input(t, 'w'), input(t, 'bias'), f.act) }),
      };
    }
    case 'conv2d': {
      const c = s as Conv2dShape;
      const { ho, wo } = conv2dOutputSize(c);
      return {
        ints: { batch: c.batch, cin: c.cin, h: c.h, w_: c.w, cout: c.cout, k: c.k, stride: c.stride, pad: c.pad, ho, wo },
        inputs: { x: c.batch * c.cin * c.h * c.w, w: c.cout * c.cin * c.k * c.k, bias: c.cout },
        outputs: { y: c.batch * c.cout * ho * wo },
        reference: (t) => ({ y: conv2d(c, input(t, 'x'), input(t, 'w'), input(t, 'bias')) }),
      };
    }
    case 'conv1x1': {
      const c = s as Conv1x1Shape;
      requirePositive('conv1x1', { batch: c.batch, cin: c.cin, hw: c.hw, cout: c.cout });
      return {
        ints: { batch: c.batch, cin: c.cin, hw: c.hw, cout: c.cout },
        inputs: { x: c.batch * c.cin * c.hw, w: c.cout * c.cin, bias: c.cout },
        outputs: { y: c.batch * c.cout * c.hw },
        reference: (t) => ({ y: conv1x1(c, input(t, 'x'), input(t, 'w'), input(t, 'bias')) }),
      };
    }
    case 'pad': {
      const p = s as PadShape;
      requirePositive('pad', { planes: p.planes, h: p.h, w: p.w });
      requireNonNegative('pad', { pad: p.pad });
      return {
        ints: { planes: p.planes, h: p.h, w_: p.w, pad: p.pad },
        inputs: { x: p.planes * p.h * p.w },
        outputs: { y: p.planes * (p.h + 2 * p.pad) * (p.w + 2 * p.pad) },
        reference: (t) => ({ y: pad(p, input(t, 'x')) }),
      };
    }
    case 'maxpool':
    case 'avgpool': {
      const p = s as PoolShape;
      const { ho, wo } = poolOutputSize(id, p);
      const f = id === 'maxpool' ? maxpool : avgpool;
      return {
        ints: { planes: p.planes, h: p.h, w_: p.w, k: p.k, stride: p.stride, ho, wo },
        inputs: { x: p.planes * p.h * p.w },
        outputs: { y: p.planes * ho * wo },
        reference: (t) => ({ y: f(p, input(t, 'x')) }),
      };
    }
    case 'batchnorm': {
      const b = s as BatchnormShape;
      requirePositive('batchnorm', { batch: b.batch, c: b.c, hw: b.hw });
      const eps = Math.fround(b.eps ?? BATCHNORM_EPS);
      return {
        ints: { batch: b.batch, c: b.c, hw: b.hw, eps: bitsOf(eps) },
        inputs: { x: b.batch * b.c * b.hw, gamma: b.c, beta: b.c },
        outputs: { y: b.batch * b.c * b.hw },
        reference: (t) => ({ y: batchnorm(b, input(t, 'x'), input(t, 'gamma'), input(t, 'beta')) }),
      };
    }
    case 'add':
    case 'mul': {
      const { count } = s as { count: number };
      requirePositive(id, { count });
      const f = id === 'add' ? add : mul;
      return { ints: { count }, inputs: { a: count, b: count }, outputs: { y: count }, reference: (t) => ({ y: f(input(t, 'a'), input(t, 'b')) }) };
    }
    case 'relu':
    case 'sigmoid':
    case 'tanh': {
      const { count } = s as { count: number };
      requirePositive(id, { count });
      const f = id === 'relu' ? relu : id === 'sigmoid' ? sigmoid : tanh;
      return { ints: { count }, inputs: { x: count }, outputs: { y: count }, reference: (t) => ({ y: f(input(t, 'x')) }) };
    }
    case 'lstm-cell': {
      const l = s as LstmShape;
      requirePositive('lstm-cell', { inFeatures: l.inFeatures, hidden: l.hidden });
      const H = l.hidden;
      const I = l.inFeatures;
      return {
        ints: { inFeatures: I, hidden: H },
        inputs: { x: I, h: H, c: H, wx: 4 * H * I, uh: 4 * H * H, b: 4 * H },
        outputs: { hOut: H, cOut: H },
        reference: (t) => {
          const r = lstmCell(l, { wx: input(t, 'wx'), uh: input(t, 'uh'), b: input(t, 'b') }, input(t, 'x'), input(t, 'h'), input(t, 'c'));
          return { hOut: r.h, cOut: r.c };
        },
      };
    }
    default: {
      const never: never = id as never;
      throw new Error(`planLaunch: unknown kernel ${String(never)}`);
    }
  }
}
