// The check every timed-lines test makes: one launch of a kernel on the 64-GPE timed machine, in
// each given configuration, then a relu launch that reads every output line. No line written by
// two workers means 0 stale reads in both launches; outputs bit for bit equal to the reference.
import { expect } from 'vitest';
import { DEFAULT_CONFIG, withModes, type ModeName } from '../../emulator/machine/config';
import * as ref from '../../kernels/reference';
import type { KernelImage } from '../../kernels/runtime/image';
import { KernelMachine } from '../../kernels/runtime/machine';
import { firstBitMismatch } from './qemu';
import { randomTensor, rng } from './random';

/**
 * Launches `id` on `shape` with inputs seeded by `seed`. With `offsets`, each output gets 16 spare
 * floats and starts that many floats (by name) past its 64-byte boundary.
 */
export function expectLineOwning(
  image: KernelImage,
  id: ref.DescribedKernel,
  shape: Record<string, unknown>,
  modes: readonly ModeName[],
  seed: number,
  offsets?: Readonly<Record<string, number>>,
): void {
  const plan = ref.planLaunch(id, shape as never);
  const rand = rng(seed);
  const inputs: Record<string, Float32Array> = {};
  for (const [name, n] of Object.entries(plan.inputs)) inputs[name] = randomTensor(rand, n, -2, 2);
  const want = plan.reference(inputs);
  for (const m of modes) {
    const machine = new KernelMachine(image, { config: withModes(DEFAULT_CONFIG, m) });
    const fields: Record<string, number> = { ...plan.ints };
    for (const [name, t] of Object.entries(inputs)) fields[name] = machine.tensor(t);
    for (const [name, n] of Object.entries(plan.outputs)) {
      fields[name] = offsets === undefined ? machine.alloc(n) : machine.alloc(n + 16) + 4 * (offsets[name] ?? 0);
    }
    const rec = machine.launch(id, fields);
    expect(rec.staleReads, `${m} ${id}`).toBe(0);
    for (const [name, n] of Object.entries(plan.outputs)) {
      // The next launch reads every output line: a line two workers wrote back is stale.
      const next = machine.launch('relu', { x: fields[name]!, y: machine.alloc(n), count: n });
      expect(next.staleReads, `${m}: relu reading ${id} ${name}`).toBe(0);
      const got = machine.read(fields[name]!, n);
      const bad = firstBitMismatch(got, want[name]!);
      expect(bad, `${m}: ${id} ${name}[${bad}] = ${got[bad]}, reference ${want[name]![bad]}`).toBe(-1);
    }
  }
}
