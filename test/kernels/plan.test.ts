// Launch plans: every kernel on its default shape, planned, filled with seeded random data, run
// on qemu-riscv32 with 64 workers and compared bit for bit with the plan's reference. This is the
// path `gpesim verify KERNEL` takes on the real machine.
import { describe, expect, it } from 'vitest';
import * as ref from '../../kernels/reference';
import { firstBitMismatch, missingTool, runKernel, FieldValue } from './qemu';
import { randomTensor, rng } from './random';

describe('planLaunch', () => {
  it('refuses shapes that do not fit, naming the kernel and dimension', () => {
    expect(() => ref.planLaunch('conv2d', { batch: 1, cin: 1, h: 4, w: 4, cout: 1, k: 7, stride: 1, pad: 1 })).toThrow(/conv2d: window 7 is larger than the padded input height 6/);
    expect(() => ref.planLaunch('maxpool', { planes: 0, h: 4, w: 4, k: 2, stride: 2 })).toThrow(/maxpool: planes must be a positive integer, got 0/);
    expect(() => ref.planLaunch('fc', { batch: 1, inFeatures: 3, outFeatures: 2, act: 'gelu' as ref.Activation })).toThrow(/unknown activation 'gelu'/);
    expect(() => ref.planLaunch('lstm-cell', { inFeatures: 0, hidden: 3 })).toThrow(/inFeatures must be a positive integer/);
  });
  it('gives descriptor integers that together with the pointers fill every descriptor field', () => {
    for (const id of Object.keys(ref.DEFAULT_SHAPES) as ref.DescribedKernel[]) {
      const plan = ref.planLaunch(id, ref.DEFAULT_SHAPES[id] as never);
      const names = [...Object.keys(plan.ints), ...Object.keys(plan.inputs), ...Object.keys(plan.outputs), ...Object.keys(ref.scratchFloats(id, plan.ints))].sort();
      expect(names, id).toEqual([...(ref.DESCRIPTOR_FIELDS[id] as readonly string[])].sort());
    }
  });
});

if (missingTool) console.warn(`kernel assembly tests skipped: ${missingTool} not found`);

describe.skipIf(missingTool !== undefined)('every kernel on its default shape, 64 workers, on qemu-riscv32', () => {
  const ids = Object.keys(ref.DEFAULT_SHAPES) as ref.DescribedKernel[];
  it.each(ids)('%s', (id) => {
    const plan = ref.planLaunch(id, ref.DEFAULT_SHAPES[id] as never);
    const rand = rng(id.length * 1000 + 3);
    const inputs: Record<string, Float32Array> = {};
    for (const [name, n] of Object.entries(plan.inputs)) inputs[name] = randomTensor(rand, n, -3, 3);
    const fields: Record<string, FieldValue> = { ...plan.ints, ...inputs };
    for (const [name, n] of Object.entries(plan.outputs)) fields[name] = { output: n };
    const got = runKernel({ kernel: id, workers: 64, sources: ref.KERNEL_SOURCES[id], fields });
    const want = plan.reference(inputs);
    for (const name of Object.keys(plan.outputs)) {
      const bad = firstBitMismatch(got.outputs[name]!, want[name]!);
      expect(bad, `${id} ${name}[${bad}] = ${got.outputs[name]![bad]}, reference ${want[name]![bad]}`).toBe(-1);
    }
  });
});
