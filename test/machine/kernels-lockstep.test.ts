// The kernels of EXPERIMENTS.md (kernels/*.s, 64 GPEs, default shapes): the default interleaving
// (event order) against lockstep (quantum 1), all four cache configurations. The issue asks for
// the default within 2% of lockstep. Event order serves every shared access in simulated-time
// order; the two differ only in how same-cycle requests are ordered (event order: by hart id;
// lockstep: by which GPE reached its instruction first), a few tenths of a percent here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as ref from '../../kernels/reference';
import { assemble } from '../../toolchain/asm/index';
import { readElf } from '../../toolchain/elf/reader';
import { TimedMachine } from '../../emulator/machine/timed';
import { DEFAULT_CONFIG, MODE_NAMES, defineConfig, withModes } from '../../emulator/machine/config';
import { FieldValue, KERNEL_DIR, dataSection } from '../kernels/qemu';
import { randomTensor, rng } from '../kernels/random';

const HARTS = 64;
const STACK_BYTES = 256;

describe('kernels: event order against lockstep', () => {
  it.each(['fc', 'conv2d', 'add'] as ref.DescribedKernel[])('%s: within 2 percent of lockstep in SS, SP, PS, PP', (id) => {
    const plan = ref.planLaunch(id, ref.DEFAULT_SHAPES[id] as never);
    const rand = rng(7);
    const fields: Record<string, FieldValue> = { ...plan.ints };
    for (const [name, n] of Object.entries(plan.inputs)) fields[name] = randomTensor(rand, n, -3, 3);
    for (const [name, n] of Object.entries(plan.outputs)) fields[name] = { output: n };
    const data = dataSection({ kernel: id, fields });
    const files = ['launch.s', ...ref.KERNEL_SOURCES[id]].map((f) => ({ path: `kernels/${f}`, text: readFileSync(join(KERNEL_DIR, f), 'utf8') }));
    files.push({ path: 'data.s', text: `${data.source}  .bss\n  .balign 16\nstacks:\n  .zero ${HARTS * STACK_BYTES}\nstacks_top:\n` });
    const image = readElf(assemble(files).elf!);
    const symbol = (name: string): number => image.symbols.find((s) => s.name === name)!.value;
    const cycles = (quantum: number, mode: (typeof MODE_NAMES)[number]): number => {
      const m = new TimedMachine(image, { config: withModes(defineConfig({ scheduler: { quantum } }, DEFAULT_CONFIG), mode), harts: HARTS, memorySize: 1 << 24, stackSize: 4096 });
      const block = new Uint32Array([symbol(ref.entrySymbol(id)), symbol('descriptor'), HARTS, symbol('stacks_top'), STACK_BYTES]);
      m.functional.memory.writeBytes(symbol('gpesim_launch'), new Uint8Array(block.buffer));
      const r = m.run(50_000_000);
      expect(r.fault).toBeUndefined();
      return m.cycles;
    };
    const rows: string[] = [];
    for (const mode of MODE_NAMES) {
      const event = cycles(0, mode);
      const lockstep = cycles(1, mode);
      rows.push(`${mode} ${event}/${lockstep}`);
      expect(Math.abs(event - lockstep) / lockstep, `${id} ${mode}: event ${event}, lockstep ${lockstep}`).toBeLessThanOrEqual(0.02);
    }
    console.log(`${id}: cycles event/lockstep ${rows.join(', ')}`);
  });
});
