// One kernel on the runtime: a shape (validated by the launch plans, kernels/reference/plan.ts) -> seeded inputs in
// emulated memory -> launch -> outputs read back and compared with the reference. `lstm` is T
// launches of `lstm-cell` on one machine (docs/KERNELS.md). Also: shape text parsing for the
// command line (`--shape k=v,...`), MAC and flop counts per kernel.
import { DEFAULT_SHAPES, planLaunch, type KernelShapes, type LaunchPlan } from '../reference/plan';
import { KERNEL_IDS, type DescribedKernel, type KernelId } from '../reference/abi';
import { conv2dOutputSize, type Conv2dShape } from '../reference/conv';
import { KernelShapeError } from '../reference/shapes';
import { lstm } from '../reference/lstm';
import type { ModeName } from '../../emulator/machine/config';
import { compare, randomTensor, rng, type Comparison } from './data';
import type { KernelMachine, LaunchRecord } from './machine';

export type AnyShape = Record<string, number | string>;

/** The default shape of every id; `lstm` adds `steps` to lstm-cell's. */
export function defaultShape(id: KernelId): AnyShape {
  if (id === 'lstm') return { ...DEFAULT_SHAPES['lstm-cell'], steps: 3 };
  return { ...(DEFAULT_SHAPES[id] as unknown as AnyShape) };
}

export function isKernelId(text: string): text is KernelId {
  return (KERNEL_IDS as readonly string[]).includes(text);
}

/** Parses `k=v,k=v` over the default shape; unknown keys and bad numbers are errors. */
export function parseShape(id: KernelId, text: string | undefined): AnyShape {
  const shape = defaultShape(id);
  if (text === undefined || text.trim() === '') return shape;
  for (const part of text.split(',')) {
    const m = /^\s*([A-Za-z_]+)\s*=\s*(\S+)\s*$/.exec(part);
    if (m === null) throw new KernelShapeError(id, `bad shape item '${part}' (expected key=value)`);
    const key = m[1]!;
    const value = m[2]!;
    const known = Object.keys(shape).concat(id === 'batchnorm' ? ['eps'] : []);
    if (!known.includes(key)) throw new KernelShapeError(id, `unknown shape key '${key}' (keys: ${known.join(', ')})`);
    if (key === 'act') {
      shape[key] = value;
    } else if (key === 'eps') {
      const v = Number(value);
      if (!Number.isFinite(v) || v < 0) throw new KernelShapeError(id, `eps must be a non-negative number, got '${value}'`);
      shape[key] = v;
    } else {
      const v = /^\d+$/.test(value) ? Number(value) : NaN;
      if (!Number.isSafeInteger(v)) throw new KernelShapeError(id, `${key} must be a non-negative integer, got '${value}'`);
      shape[key] = v;
    }
  }
  return shape;
}

export function formatShape(shape: AnyShape): string {
  return Object.entries(shape).map(([k, v]) => `${k}=${v}`).join(',');
}

/** Taps of a KxK window that fall inside the input, summed over every output position. */
function convTaps(s: Conv2dShape): number {
  const { ho, wo } = conv2dOutputSize(s);
  const valid = (out: number, size: number): number => {
    let n = 0;
    for (let o = 0; o < out; o++) {
      const first = o * s.stride - s.pad;
      n += Math.max(0, Math.min(size, first + s.k) - Math.max(0, first));
    }
    return n;
  };
  return valid(ho, s.h) * valid(wo, s.w);
}

/** Multiply-accumulates a launch performs (padding taps are skipped by the kernel, not counted). */
export function kernelMacs(id: DescribedKernel, shape: AnyShape): number {
  const n = (k: string): number => Number(shape[k]);
  switch (id) {
    case 'fc': return n('batch') * n('inFeatures') * n('outFeatures');
    case 'conv2d': return n('batch') * n('cout') * n('cin') * convTaps(shape as unknown as Conv2dShape);
    case 'conv1x1': return n('batch') * n('cout') * n('cin') * n('hw');
    case 'lstm-cell': return 4 * n('hidden') * (n('inFeatures') + n('hidden'));
    default: return 0;
  }
}

/**
 * Algorithmic floating-point operations: 2 per MAC; add/mul 1 per element; batchnorm 5 per
 * element (sum, square-accumulate = 2, scale-and-shift = 2); avgpool one add per window tap;
 * maxpool, pad and relu 0 (comparisons and moves); sigmoid and tanh 0 (the paper counts no
 * transcendental flops); lstm-cell adds 5 per hidden unit for the element-wise update.
 */
export function kernelFlops(id: DescribedKernel, shape: AnyShape, plan: LaunchPlan): number {
  const n = (k: string): number => Number(shape[k]);
  switch (id) {
    case 'add': case 'mul': return n('count');
    case 'batchnorm': return 5 * n('batch') * n('c') * n('hw');
    case 'avgpool': return (plan.outputs.y ?? 0) * n('k') * n('k');
    case 'lstm-cell': return 2 * kernelMacs(id, shape) + 5 * n('hidden');
    default: return 2 * kernelMacs(id, shape);
  }
}

/** Input value range per kernel and tensor (seeded uniform). */
function inputRange(id: KernelId, name: string): [number, number] {
  if (id === 'sigmoid' || id === 'tanh') return [-8, 8];
  if (id === 'batchnorm' && name === 'gamma') return [0.5, 1.5];
  if ((id === 'lstm' || id === 'lstm-cell') && (name === 'wx' || name === 'uh' || name === 'b')) return [-0.5, 0.5];
  return [-1, 1];
}

export interface KernelRun {
  readonly id: KernelId;
  readonly shape: AnyShape;
  /** One record per launch (lstm: one per time step). */
  readonly launches: readonly LaunchRecord[];
  readonly outputs: Readonly<Record<string, Float32Array>>;
  readonly expected: Readonly<Record<string, Float32Array>>;
  readonly comparison: Readonly<Record<string, Comparison>>;
  readonly macs: number;
  readonly flops: number;
}

/** Validates a shape (throws KernelShapeError) and returns the per-launch plan. */
export function planFor(id: KernelId, shape: AnyShape): LaunchPlan {
  const cellId: DescribedKernel = id === 'lstm' ? 'lstm-cell' : id;
  if (id === 'lstm') {
    const steps = Number(shape.steps);
    if (!Number.isInteger(steps) || steps < 1) throw new KernelShapeError('lstm', `steps must be a positive integer, got ${shape.steps}`);
  }
  const s = id === 'lstm' ? { inFeatures: shape.inFeatures, hidden: shape.hidden } : shape;
  return planLaunch(cellId, s as unknown as KernelShapes[DescribedKernel]);
}

/** Floats the run allocates (inputs and outputs), to refuse shapes that do not fit. */
export function kernelFootprint(id: KernelId, shape: AnyShape): number[] {
  const plan = planFor(id, shape);
  const steps = id === 'lstm' ? Number(shape.steps) : 1;
  const sizes = [...Object.entries(plan.inputs).map(([k, v]) => (id === 'lstm' && k === 'x' ? v * steps : v)), ...Object.values(plan.outputs).map((v) => v * steps)];
  return sizes;
}

/** Runs kernel `id` on `shape` with seeded inputs on `machine`; compares with the reference. */
export function runKernel(machine: KernelMachine, id: KernelId, shape: AnyShape, options: { seed?: number; modes?: ModeName; workers?: number } = {}): KernelRun {
  const plan = planFor(id, shape);
  const sizes = kernelFootprint(id, shape);
  if (!machine.fits(sizes)) {
    throw new KernelShapeError(id, `the tensors (${sizes.reduce((a, b) => a + b, 0) * 4} bytes) do not fit in emulated memory`);
  }
  const rand = rng(options.seed ?? 1);
  const launchOpts = { modes: options.modes, workers: options.workers };
  if (id === 'lstm') {
    const T = Number(shape.steps);
    const I = Number(shape.inFeatures);
    const H = Number(shape.hidden);
    const data: Record<string, Float32Array> = {};
    for (const name of ['wx', 'uh', 'b', 'h', 'c']) data[name] = randomTensor(rand, plan.inputs[name]!, ...inputRange('lstm', name));
    const xs = randomTensor(rand, T * I);
    const addr: Record<string, number> = {};
    for (const name of ['wx', 'uh', 'b', 'h', 'c']) addr[name] = machine.tensor(data[name]!);
    const xAddr = machine.tensor(xs);
    const hs = machine.alloc(T * H);
    const cs = machine.alloc(T * H);
    const cellShape = { inFeatures: I, hidden: H };
    const macs = kernelMacs('lstm-cell', cellShape);
    const flops = kernelFlops('lstm-cell', cellShape, plan);
    const launches: LaunchRecord[] = [];
    for (let t = 0; t < T; t++) {
      const fields = {
        ...plan.ints,
        x: xAddr + 4 * t * I, h: t === 0 ? addr.h! : hs + 4 * (t - 1) * H, c: t === 0 ? addr.c! : cs + 4 * (t - 1) * H,
        wx: addr.wx!, uh: addr.uh!, b: addr.b!, hOut: hs + 4 * t * H, cOut: cs + 4 * t * H,
      };
      launches.push(machine.launch('lstm-cell', fields, { ...launchOpts, label: `lstm step ${t}`, macs, flops }));
    }
    const ref = lstm({ inFeatures: I, hidden: H, steps: T }, { wx: data.wx!, uh: data.uh!, b: data.b! }, xs, data.h!, data.c!);
    const outputs = { hs: machine.read(hs, T * H), c: machine.read(cs + 4 * (T - 1) * H, H) };
    const expected = { hs: ref.hs, c: ref.c };
    return { id, shape, launches, outputs, expected, comparison: { hs: compare(outputs.hs, expected.hs), c: compare(outputs.c, expected.c) }, macs: macs * T, flops: flops * T };
  }
  const inputs: Record<string, Float32Array> = {};
  const fields: Record<string, number> = { ...plan.ints };
  for (const [name, n] of Object.entries(plan.inputs)) {
    inputs[name] = randomTensor(rand, n, ...inputRange(id, name));
    fields[name] = machine.tensor(inputs[name]!);
  }
  for (const [name, n] of Object.entries(plan.outputs)) fields[name] = machine.alloc(n);
  const macs = kernelMacs(id, shape);
  const flops = kernelFlops(id, shape, plan);
  const rec = machine.launch(id, fields, { ...launchOpts, macs, flops });
  const outputs: Record<string, Float32Array> = {};
  for (const [name, n] of Object.entries(plan.outputs)) outputs[name] = machine.read(fields[name]!, n);
  const expected = plan.reference(inputs);
  const comparison: Record<string, Comparison> = {};
  for (const name of Object.keys(plan.outputs)) comparison[name] = compare(outputs[name]!, expected[name]!);
  return { id, shape, launches: [rec], outputs, expected, comparison, macs, flops };
}
