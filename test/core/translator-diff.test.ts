// Differential test of the block translator against the interpreter: the same ELF on two fresh
// machines, one per engine; stdout, exit codes, instruction counts, every hart's registers, pc,
// counters and trap state, and the whole memory must be identical.
//   (a) the differential random programs (test/diff/random-program.ts, assembled by our assembler), with the
//       hot threshold at 1 (every block translated on first use) and at the default, and on 4
//       harts with tiny quanta;
//   (b) every kernel on its default shape, functional mode, 64 harts round-robin (as
//       test/kernels/gpesim.test.ts builds them), quanta 5000 and 7.
// Scale (a): GPESIM_JIT_DIFF_PROGRAMS (default 15), GPESIM_JIT_DIFF_SEED.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../toolchain/asm/index';
import { formatDiagnostic } from '../../toolchain/diagnostics';
import { readElf } from '../../toolchain/elf/reader';
import type { ElfImage } from '../../toolchain/elf/types';
import { FunctionalMachine, type RunOptions } from '../../emulator/machine/functional';
import { HOT_THRESHOLD, jitEngine, setHotThreshold, translationState, useEngine } from '../../emulator/core/translator';
import { generateProgram, programSeed } from '../diff/random-program';
import * as ref from '../../kernels/reference';
import { FieldValue, KERNEL_DIR, dataSection } from '../kernels/qemu';
import { randomTensor, rng } from '../kernels/random';
import { CROSSED_HOT_THRESHOLD } from './helpers';

const PROGRAMS = Number(process.env.GPESIM_JIT_DIFF_PROGRAMS ?? 15);
const SEED = Number(process.env.GPESIM_JIT_DIFF_SEED ?? 7070);

/** Everything observable about a finished machine. */
function snapshot(m: FunctionalMachine, out: string[]) {
  const harts = m.harts.map((h) => ({
    pc: h.pc >>> 0,
    x: Array.from(h.x),
    f: Array.from(h.f),
    instret: h.instret,
    executed: h.executed,
    state: h.state,
    exitValue: h.exitValue,
    fflags: h.fflags,
    frm: h.frm,
    trap: h.trap === null ? null : { cause: h.trap.cause, tval: h.trap.tval >>> 0, text: h.trap.text, pc: h.trapPc >>> 0 },
    mepc: h.mepc,
  }));
  // Memory: an FNV-1a hash per allocated 64 KiB page (compact, still pins any difference to a page).
  const pages: string[] = [];
  const w = m.memory.w;
  for (let p = 0; p < w.length; p++) {
    const page = w[p]!;
    if (page.length === 0) continue;
    let hash = 0x811c9dc5;
    for (let k = 0; k < page.length; k++) hash = Math.imul(hash ^ page[k]!, 0x01000193);
    pages.push(`${p.toString(16)}:${(hash >>> 0).toString(16)}`);
  }
  return { harts, pages, out: out.join('') };
}

function runBoth(
  image: ElfImage,
  options: RunOptions,
  prepare?: (m: FunctionalMachine) => void,
  maxInstructions = 50_000_000,
) {
  const results = (['interp', 'jit'] as const).map((engine) => {
    const out: string[] = [];
    const m = new FunctionalMachine(image, {
      ...options,
      stdout: (b) => out.push(`1:${Buffer.from(b).toString('latin1')}`),
      stderr: (b) => out.push(`2:${Buffer.from(b).toString('latin1')}`),
    });
    prepare?.(m);
    if (engine === 'jit') useEngine(m.harts, jitEngine);
    const r = m.run({ maxInstructions });
    return {
      result: { instructions: r.instructions, exitCode: r.exitCode, faults: r.faults.map((f) => f.message), stopped: r.stopped },
      snap: snapshot(m, out),
      translated: translationState(m.code).translatedBlocks,
    };
  });
  const [interp, jit] = results as [(typeof results)[0], (typeof results)[0]];
  expect(jit.result).toEqual(interp.result);
  expect(jit.snap.out).toBe(interp.snap.out);
  for (let k = 0; k < interp.snap.harts.length; k++) expect(jit.snap.harts[k], `hart ${k}`).toEqual(interp.snap.harts[k]);
  expect(jit.snap.pages).toEqual(interp.snap.pages);
  return { interp, jit };
}

describe(`translator vs interpreter on random programs (seed ${SEED}, ${PROGRAMS} programs)`, () => {
  const images: ElfImage[] = [];
  const imageOf = (index: number): ElfImage => {
    if (images[index] === undefined) {
      const program = generateProgram(programSeed(SEED, index), { sequences: 6, length: 120 });
      const asm = assemble([{ path: `random-${index}.s`, text: program.source }]);
      expect(asm.diagnostics.map(formatDiagnostic)).toEqual([]);
      images[index] = readElf(asm.elf!);
    }
    return images[index]!;
  };
  for (const threshold of [HOT_THRESHOLD, 1]) {
    it(`hot threshold ${threshold}: output, registers, memory and counts identical (the default runs first: blocks compiled earlier in the process skip the cold phase)`, () => {
      const old = setHotThreshold(threshold);
      try {
        let translated = 0;
        for (let index = 0; index < PROGRAMS; index++) {
          const { jit, interp } = runBoth(imageOf(index), { harts: 1 });
          expect(interp.snap.out.length, 'the program printed its dumps').toBeGreaterThan(1000);
          translated += jit.translated;
        }
        expect(translated, 'blocks were translated').toBeGreaterThan(threshold === 1 ? PROGRAMS * 10 : 0);
      } finally {
        setHotThreshold(old);
      }
    }, 120_000);
  }
  it('4 harts with quanta of 1, 3 and 17 instructions (budgets cut blocks everywhere)', () => {
    const old = setHotThreshold(2);
    try {
      for (let index = 0; index < Math.min(PROGRAMS, 4); index++) {
        for (const quantum of [1, 3, 17]) runBoth(imageOf(index), { harts: 4, quantum });
      }
    } finally {
      setHotThreshold(old);
    }
  }, 120_000);
});

const HARTS = 64;
const STACK_BYTES = 256;

function kernelImage(id: ref.DescribedKernel, shape: ref.KernelShapes[ref.DescribedKernel]) {
  const plan = ref.planLaunch(id, shape as never);
  const rand = rng(id.length * 7919 + 11);
  const fields: Record<string, FieldValue> = { ...plan.ints };
  for (const [name, n] of Object.entries(plan.inputs)) fields[name] = randomTensor(rand, n, -3, 3);
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
  const launch = new Uint32Array([symbol(ref.entrySymbol(id)), symbol('descriptor'), HARTS, symbol('stacks_top'), STACK_BYTES]);
  const prepare = (m: FunctionalMachine) => m.memory.writeBytes(symbol('gpesim_launch'), new Uint8Array(launch.buffer));
  return { image, prepare };
}

describe('translator vs interpreter on every kernel (functional, 64 harts)', () => {
  const ids = Object.keys(ref.DEFAULT_SHAPES) as ref.DescribedKernel[];
  it.each(ids)('%s on its default shape', (id) => {
    const { image, prepare } = kernelImage(id, ref.DEFAULT_SHAPES[id]);
    // The default shapes are small: at the default threshold few blocks would be translated.
    const old = setHotThreshold(CROSSED_HOT_THRESHOLD);
    let both: ReturnType<typeof runBoth>;
    try {
      both = runBoth(image, { harts: HARTS, quantum: 5000, memorySize: 1 << 24, stackSize: 4096 }, prepare);
    } finally {
      setHotThreshold(old);
    }
    const { interp, jit } = both;
    expect(interp.result.faults).toEqual([]);
    expect(interp.snap.harts.every((h) => h.state === 1)).toBe(true);
    expect(jit.translated).toBeGreaterThan(0);
  }, 60_000);
  it('conv2d with a quantum of 7 instructions (fine interleaving)', () => {
    const { image, prepare } = kernelImage('conv2d', { batch: 4, cin: 2, h: 9, w: 11, cout: 16, k: 5, stride: 2, pad: 2 });
    const old = setHotThreshold(CROSSED_HOT_THRESHOLD);
    try {
      expect(runBoth(image, { harts: HARTS, quantum: 7, memorySize: 1 << 24, stackSize: 4096 }, prepare).jit.translated).toBeGreaterThan(0);
    } finally {
      setHotThreshold(old);
    }
  }, 60_000);
});
