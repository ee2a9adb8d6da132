// Every kernel on the timed machine in all four cache configurations (SS, SP, PS, PP), 64 GPEs:
// outputs bit-exact against the references, and no stale read reported. Workers never read what
// another worker writes within a launch, so on non-coherent caches the detector must stay silent.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as ref from '../../kernels/reference';
import { assemble } from '../../toolchain/asm/index';
import { formatDiagnostic } from '../../toolchain/diagnostics';
import { readElf } from '../../toolchain/elf/reader';
import { TimedMachine } from '../../emulator/machine/timed';
import { DEFAULT_CONFIG, MODE_NAMES, withModes } from '../../emulator/machine/config';
import { FieldValue, KERNEL_DIR, dataSection, firstBitMismatch } from './qemu';
import { randomTensor, rng } from './random';

const HARTS = 64;
const STACK_BYTES = 256;

describe('kernels on the timed machine, all four configurations', () => {
  const ids = Object.keys(ref.DEFAULT_SHAPES) as ref.DescribedKernel[];
  it.each(ids)('%s on its default shape', (id) => {
    const plan = ref.planLaunch(id, ref.DEFAULT_SHAPES[id] as never);
    const rand = rng(id.length * 31 + 5);
    const inputs: Record<string, Float32Array> = {};
    for (const [name, n] of Object.entries(plan.inputs)) inputs[name] = randomTensor(rand, n, -3, 3);
    const fields: Record<string, FieldValue> = { ...plan.ints, ...inputs };
    for (const [name, n] of Object.entries(plan.outputs)) fields[name] = { output: n };
    const data = dataSection({ kernel: id, fields });
    const files = ['launch.s', ...ref.KERNEL_SOURCES[id]].map((f) => ({ path: `kernels/${f}`, text: readFileSync(join(KERNEL_DIR, f), 'utf8') }));
    files.push({ path: 'data.s', text: `${data.source}  .bss\n  .balign 16\nstacks:\n  .zero ${HARTS * STACK_BYTES}\nstacks_top:\n` });
    const asm = assemble(files);
    expect(asm.diagnostics.map(formatDiagnostic)).toEqual([]);
    const image = readElf(asm.elf!);
    const symbol = (name: string): number => image.symbols.find((s) => s.name === name)!.value;
    const want = plan.reference(inputs);
    const cycles: string[] = [];
    for (const mode of MODE_NAMES) {
      const m = new TimedMachine(image, { config: withModes(DEFAULT_CONFIG, mode), harts: HARTS, memorySize: 1 << 24, stackSize: 4096 });
      const block = new Uint32Array([symbol(ref.entrySymbol(id)), symbol('descriptor'), HARTS, symbol('stacks_top'), STACK_BYTES]);
      m.functional.memory.writeBytes(symbol('gpesim_launch'), new Uint8Array(block.buffer));
      const r = m.run(50_000_000);
      expect(r.fault, mode).toBeUndefined();
      expect(r.stopped, mode).toBeUndefined();
      expect(m.memsys.stale?.count ?? 0, `${mode}: stale reads`).toBe(0);
      for (const [name, n] of Object.entries(plan.outputs)) {
        const got = new Float32Array(m.functional.memory.readBytes(symbol(`t_${name}`), 4 * n).slice().buffer);
        const bad = firstBitMismatch(got, want[name]!);
        expect(bad, `${mode}: ${id} ${name}[${bad}] = ${got[bad]}, reference ${want[name]![bad]}`).toBe(-1);
      }
      cycles.push(`${mode} ${Math.max(...m.gpeTimings().map((g) => g.finish))}`);
    }
    console.log(`${id} (default shape) cycles: ${cycles.join(', ')}`);
  });
});
