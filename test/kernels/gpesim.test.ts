// Every kernel on gpesim itself (functional mode, 64 harts interleaved round-robin): our
// assembler builds kernels/launch.s + the kernel + the data, the launch block is filled the way
// the host runtime will fill it, all 64 harts start at _start, and the outputs read back from
// memory must equal the reference bit for bit. This exercises launch.s for real: mhartid, the
// per-worker stacks, mstatus.FS and fcsr.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as ref from '../../kernels/reference';
import { assemble } from '../../toolchain/asm/index';
import { formatDiagnostic } from '../../toolchain/diagnostics';
import { readElf } from '../../toolchain/elf/reader';
import { FunctionalMachine } from '../../emulator/machine/functional';
import { FieldValue, GUARD_WORDS, KERNEL_DIR, SENTINEL, dataSection, firstBitMismatch } from './qemu';
import { randomTensor, rng } from './random';

const HARTS = 64;
const STACK_BYTES = 256;

function runOnGpesim(id: ref.DescribedKernel, shape: ref.KernelShapes[ref.DescribedKernel], quantum: number) {
  const plan = ref.planLaunch(id, shape as never);
  const rand = rng(id.length * 7919 + 11);
  const inputs: Record<string, Float32Array> = {};
  for (const [name, n] of Object.entries(plan.inputs)) inputs[name] = randomTensor(rand, n, -3, 3);
  const fields: Record<string, FieldValue> = { ...plan.ints, ...inputs };
  for (const [name, n] of Object.entries(plan.outputs)) fields[name] = { output: n };
  const data = dataSection({ kernel: id, fields });
  const stacks = `  .bss\n  .balign 16\nstacks:\n  .zero ${HARTS * STACK_BYTES}\nstacks_top:\n`;
  const files = ['launch.s', ...ref.KERNEL_SOURCES[id]].map((f) => ({ path: `kernels/${f}`, text: readFileSync(join(KERNEL_DIR, f), 'utf8') }));
  files.push({ path: 'data.s', text: data.source + stacks });
  const asm = assemble(files);
  expect(asm.diagnostics.map(formatDiagnostic)).toEqual([]);
  const image = readElf(asm.elf!);
  const symbol = (name: string): number => {
    const s = image.symbols.find((x) => x.name === name);
    if (!s) throw new Error(`no symbol ${name}`);
    return s.value;
  };
  const machine = new FunctionalMachine(image, { harts: HARTS, quantum, memorySize: 1 << 24, stackSize: 4096 });
  const block = new Uint32Array([symbol(ref.entrySymbol(id)), symbol('descriptor'), HARTS, symbol('stacks_top'), STACK_BYTES]);
  machine.memory.writeBytes(symbol('gpesim_launch'), new Uint8Array(block.buffer));
  const result = machine.run({ maxInstructions: 50_000_000 });
  expect(result.faults.map((f) => f.message)).toEqual([]);
  expect(result.stopped).toBeUndefined();
  expect(result.harts.every((h) => h.state === 'exited' && h.exitCode === 0)).toBe(true);
  const want = plan.reference(inputs);
  for (const [name, n] of Object.entries(plan.outputs)) {
    const bytes = machine.memory.readBytes(symbol(`t_${name}`), 4 * (n + GUARD_WORDS));
    const words = new Uint32Array(bytes.slice().buffer);
    for (let g = 0; g < GUARD_WORDS; g++) expect(words[n + g], `${name} guard ${g}`).toBe(SENTINEL);
    const got = new Float32Array(words.buffer, 0, n);
    const bad = firstBitMismatch(got, want[name]!);
    expect(bad, `${id} ${name}[${bad}] = ${got[bad]}, reference ${want[name]![bad]}`).toBe(-1);
  }
  return result;
}

describe('kernels on gpesim (functional, 64 harts) via kernels/launch.s', () => {
  const ids = Object.keys(ref.DEFAULT_SHAPES) as ref.DescribedKernel[];
  it.each(ids)('%s on its default shape', (id) => {
    runOnGpesim(id, ref.DEFAULT_SHAPES[id], 5000);
  });
  it('conv2d with a quantum of 7 instructions (fine interleaving of the 64 harts)', () => {
    runOnGpesim('conv2d', { batch: 4, cin: 2, h: 9, w: 11, cout: 16, k: 5, stride: 2, pad: 2 }, 7);
  });
});
