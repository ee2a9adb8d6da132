// Networks as layer graphs on the host runtime: named tensors (seeded weights, the input, and
// the activations every layer writes), layers that each launch one kernel with descriptor
// pointers resolved from tensor names. `runNetwork` allocates everything on ONE machine, runs
// the layers in order (each in its own cache configuration when a plan is given: the runtime
// reconfigures between launches and reports the cost), computes the reference network on the
// host from the same inputs, and compares the final output.
import type { ModeName } from '../../emulator/machine/config';
import { planLaunch, type KernelShapes, type LaunchPlan } from '../reference/plan';
import type { DescribedKernel } from '../reference/abi';
import { compare, randomTensor, rng, type Comparison } from '../runtime/data';
import { kernelFlops, kernelMacs, type AnyShape } from '../runtime/kernel';
import { KernelMachine, LaunchError, type LaunchRecord } from '../runtime/machine';
import type { KernelImage } from '../runtime/image';

export interface TensorSpec {
  readonly floats: number;
  /** 'input' and 'weight' are seeded uniform in `range`; 'activation' is written by a layer. */
  readonly kind: 'input' | 'weight' | 'activation';
  readonly range?: readonly [number, number];
}

export interface LayerSpec {
  /** Unique layer name, e.g. `block1.conv3x3` or `lstm2.t3`. */
  readonly name: string;
  /** The breakdown group (the paper's per-kernel bars): e.g. `conv1`, `lstm2`. */
  readonly group: string;
  readonly kernel: DescribedKernel;
  readonly shape: AnyShape;
  /** Descriptor pointer field -> tensor name (`x: 'input'`); `@name+offsetFloats` for views. */
  readonly io: Readonly<Record<string, string>>;
}

export interface NetworkSpec {
  readonly name: string;
  readonly tensors: Readonly<Record<string, TensorSpec>>;
  readonly layers: readonly LayerSpec[];
  /** The tensor (and float range within it) compared with the reference at the end. */
  readonly output: { readonly tensor: string; readonly offset: number; readonly floats: number };
  /** Every open choice made for this network, printed with its results. */
  readonly choices: readonly string[];
}

/** `name` or `name+offset` (floats). */
function parseRef(ref: string): { tensor: string; offset: number } {
  const m = /^([^+]+)(?:\+(\d+))?$/.exec(ref);
  if (m === null) throw new Error(`bad tensor reference '${ref}'`);
  return { tensor: m[1]!, offset: Number(m[2] ?? 0) };
}

export interface NetworkRun {
  readonly spec: NetworkSpec;
  /** Per layer: the cache modes it ran in (null on the functional machine). */
  readonly modes: readonly (ModeName | null)[];
  readonly launches: readonly LaunchRecord[];
  readonly comparison: Comparison;
  readonly output: Float32Array;
  readonly expected: Float32Array;
  readonly hostSeconds: number;
}

/** The launch plan of each layer, validated (shapes checked before anything runs). */
export function planNetwork(spec: NetworkSpec): LaunchPlan[] {
  return spec.layers.map((l) => {
    const plan = planLaunch(l.kernel, l.shape as unknown as KernelShapes[DescribedKernel]);
    for (const [field, ref] of Object.entries(l.io)) {
      const { tensor, offset } = parseRef(ref);
      const t = spec.tensors[tensor];
      if (t === undefined) throw new Error(`${spec.name}: layer ${l.name} uses unknown tensor '${tensor}'`);
      const need = plan.inputs[field] ?? plan.outputs[field];
      if (need === undefined) throw new Error(`${spec.name}: layer ${l.name}: kernel ${l.kernel} has no tensor field '${field}'`);
      if (offset + need > t.floats) throw new Error(`${spec.name}: layer ${l.name}: ${field} needs ${need} floats at ${tensor}+${offset}, the tensor has ${t.floats}`);
    }
    return plan;
  });
}

/** Floats of every tensor, to check the network fits before anything is written. */
export function networkFloats(spec: NetworkSpec): number {
  return Object.values(spec.tensors).reduce((s, t) => s + t.floats, 0);
}

/**
 * Runs `spec` on a new machine built from `image` (timed with `config` when given), layer i in
 * `modes(i)`. The reference network runs on the host from the same seeded tensors.
 */
export function runNetwork(
  spec: NetworkSpec,
  machine: KernelMachine,
  options: { seed?: number; modes?: (layer: number) => ModeName | undefined; onLayer?: (done: number, total: number, layer: LayerSpec) => void; reference?: boolean } = {},
): NetworkRun {
  const started = process.hrtime.bigint();
  const plans = planNetwork(spec);
  const names = Object.keys(spec.tensors);
  if (!machine.fits(names.map((n) => spec.tensors[n]!.floats))) {
    throw new LaunchError(`${spec.name}: ${(networkFloats(spec) * 4 / 2 ** 20).toFixed(1)} MiB of tensors do not fit in emulated memory`);
  }
  const rand = rng(options.seed ?? 1);
  const host = new Map<string, Float32Array>();
  const addr = new Map<string, number>();
  for (const name of names) {
    const t = spec.tensors[name]!;
    if (t.kind === 'activation') {
      addr.set(name, machine.alloc(t.floats));
      host.set(name, new Float32Array(t.floats));
    } else {
      const [lo, hi] = t.range ?? [-1, 1];
      const data = randomTensor(rand, t.floats, lo, hi);
      host.set(name, data);
      addr.set(name, machine.tensor(data));
    }
  }
  const withReference = options.reference ?? true;
  const modes: (ModeName | null)[] = [];
  const launches: LaunchRecord[] = [];
  spec.layers.forEach((layer, i) => {
    const plan = plans[i]!;
    const fields: Record<string, number> = { ...plan.ints };
    for (const [field, ref] of Object.entries(layer.io)) {
      const { tensor, offset } = parseRef(ref);
      fields[field] = addr.get(tensor)! + 4 * offset;
    }
    const rec = machine.launch(layer.kernel, fields, {
      modes: options.modes?.(i),
      label: layer.name,
      macs: kernelMacs(layer.kernel, layer.shape),
      flops: kernelFlops(layer.kernel, layer.shape, plan),
    });
    launches.push(rec);
    modes.push(rec.modes);
    if (withReference) {
      const inputs: Record<string, Float32Array> = {};
      for (const [field, n] of Object.entries(plan.inputs)) {
        const { tensor, offset } = parseRef(layer.io[field]!);
        inputs[field] = host.get(tensor)!.subarray(offset, offset + n);
      }
      const out = plan.reference(inputs);
      for (const [field, n] of Object.entries(plan.outputs)) {
        const { tensor, offset } = parseRef(layer.io[field]!);
        host.get(tensor)!.set(out[field]!.subarray(0, n), offset);
      }
    }
    options.onLayer?.(i + 1, spec.layers.length, layer);
  });
  const o = spec.output;
  const output = machine.read(addr.get(o.tensor)! + 4 * o.offset, o.floats);
  const expected = host.get(o.tensor)!.slice(o.offset, o.offset + o.floats);
  const comparison = withReference ? compare(output, expected) : compare(output, output);
  return { spec, modes, launches, comparison, output, expected, hostSeconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Builds a machine and runs the network on it: the common case. */
export function runNetworkOn(image: KernelImage, spec: NetworkSpec, config: import('../../emulator/machine/config').MachineConfig | undefined, options: Parameters<typeof runNetwork>[2] = {}): NetworkRun {
  return runNetwork(spec, new KernelMachine(image, config !== undefined ? { config } : {}), options);
}
