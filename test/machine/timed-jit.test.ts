// The timed machine on its two engines: timed blocks (emulator/machine/timed-jit.ts, the default)
// and the observed interpreter calling `TimedMachine.retired` after every instruction. Both must
// give the same machine: every GPE's cycles, stalls and instruction mix, every bank's counters,
// stale reads, energy, registers and memory.
//   (a) the differential random programs (test/diff/random-program.ts) on 1 and 4 timed harts,
//       SS and PP, event order and windows of 7 cycles, hot threshold 1 and the default;
//   (b) every kernel on its default shape on the 64-GPE runtime in all four configurations.
// And the event-order slack (scheduler.slack): on race-free kernels it changes no number; a
// program that can write mcachemode turns it off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElfImage } from '../../toolchain/elf/types';
import { MIN_BLOCK_TURN, TimedMachine, setMinBlockTurn, writesCacheMode } from '../../emulator/machine/timed';
import { DEFAULT_CONFIG, MODE_NAMES, withModes, type ModeName } from '../../emulator/machine/config';
import { setHotThreshold, translationState } from '../../emulator/core/translator';
import { blockTiming } from '../../emulator/machine/timed-jit';
import { generateProgram, programSeed } from '../diff/random-program';
import * as ref from '../../kernels/reference';
import { kernelImage } from '../../kernels/runtime/image';
import { KernelMachine } from '../../kernels/runtime/machine';
import { runKernel } from '../../kernels/runtime/kernel';
import { image, runTimed } from './timed-compare';
import { CROSSED_HOT_THRESHOLD } from '../core/helpers';

// Timed blocks on every turn, short ones too (the jit engine otherwise interprets windows of
// short turns, emulator/machine/timed.ts MIN_BLOCK_TURN): the comparisons are of the two engines.
let savedMinBlockTurn = 0;
beforeAll(() => {
  savedMinBlockTurn = setMinBlockTurn(0);
});
afterAll(() => {
  setMinBlockTurn(savedMinBlockTurn);
});

const PROGRAMS = Number(process.env.GPESIM_TIMED_JIT_PROGRAMS ?? 6);
const SEED = 9191;



describe(`timed blocks vs the observed interpreter on random programs (seed ${SEED}, ${PROGRAMS} programs)`, () => {
  const images: ElfImage[] = [];
  const imageOf = (index: number): ElfImage =>
    (images[index] ??= image(generateProgram(programSeed(SEED, index), { sequences: 6, length: 120 }).source, `random-${index}.s`));
  const cases: [ModeName, number, number][] = [
    ['PP', 0, 1],
    ['SS', 0, 4],
    ['PP', 0, 4],
    ['SP', 7, 4],
  ];
  for (const threshold of [CROSSED_HOT_THRESHOLD, 1]) {
    it(`hot threshold ${threshold}: cycles, stalls, mix, bank counters, registers identical`, () => {
      const old = setHotThreshold(threshold);
      try {
        // Threshold 1 compiles every block of every program: fewer programs keep it quick.
        const programs = threshold === 1 ? Math.min(PROGRAMS, 2) : PROGRAMS;
        for (let index = 0; index < programs; index++) {
          for (const [modes, quantum, harts] of cases) {
            const config = { ...withModes(DEFAULT_CONFIG, modes), scheduler: { ...DEFAULT_CONFIG.scheduler, quantum } };
            const interp = runTimed(imageOf(index), config, harts, 'interp');
            const jit = runTimed(imageOf(index), config, harts, 'jit');
            expect(jit, `program ${index}, ${modes}, quantum ${quantum}, ${harts} harts`).toEqual(interp);
            expect(interp.snap.instructions).toBeGreaterThan(1000);
          }
        }
      } finally {
        setHotThreshold(old);
      }
    }, 240_000);
  }
});

// Timed blocks leave out operand waits they prove cannot bind (a result of instruction j with
// latency L is ready by instruction j + L); other latencies than the defaults move those bounds.
describe(`timed blocks vs the observed interpreter with other core latencies (seed ${SEED})`, () => {
  const latencies: [string, Partial<Record<keyof typeof DEFAULT_CONFIG.core, number>>][] = [
    ['all zero', Object.fromEntries(Object.keys(DEFAULT_CONFIG.core).map((k) => [k, 0]))],
    ['long and distinct', { alu: 2, mul: 5, fpAdd: 4, fpMul: 6, fpFma: 7, fpMisc: 3, jump: 4, branchTaken: 5, branchNotTaken: 2, load: 2, store: 3 }],
  ];
  for (const [name, core] of latencies) {
    it(`${name}: cycles, stalls, mix, bank counters, registers identical (hot threshold 1)`, () => {
      const old = setHotThreshold(1);
      try {
        for (let index = 0; index < 1; index++) {
          const source = generateProgram(programSeed(SEED + 1, index), { sequences: 6, length: 120 }).source;
          for (const [modes, harts] of [['PP', 1], ['SS', 4]] as const) {
            const base = withModes(DEFAULT_CONFIG, modes);
            const config = { ...base, core: { ...base.core, ...core } };
            const program = image(source, `latency-${index}.s`);
            const interp = runTimed(program, config, harts, 'interp');
            const jit = runTimed(program, config, harts, 'jit');
            expect(jit, `program ${index}, ${modes}, ${harts} harts`).toEqual(interp);
            expect(interp.snap.instructions).toBeGreaterThan(1000);
          }
        }
      } finally {
        setHotThreshold(old);
      }
    }, 240_000);
  }
});

describe('timed blocks vs the observed interpreter on every kernel (default shapes, 64 GPEs)', () => {
  const kernels = kernelImage();
  for (const modes of MODE_NAMES) {
    it(`${modes}: every launch record and output identical`, () => {
      // The default shapes are small: at the default threshold almost no block would be compiled.
      const old = setHotThreshold(CROSSED_HOT_THRESHOLD);
      try {
        for (const id of ref.KERNEL_IDS) {
          const shape = ref.DEFAULT_SHAPES[id === 'lstm' ? 'lstm-cell' : id] as Record<string, unknown>;
          const full = id === 'lstm' ? { ...shape, steps: 2 } : shape;
          let translated = 0;
          const runs = (['interp', 'jit'] as const).map((engine) => {
            const m = new KernelMachine(kernels, { config: withModes(DEFAULT_CONFIG, modes), engine });
            const run = runKernel(m, id, full as never);
            if (engine === 'jit') translated = translationState(m.timed!.harts[0]!.code, blockTiming(m.timed!)).translatedBlocks;
            return run;
          });
          const [interp, jit] = runs as [(typeof runs)[0], (typeof runs)[0]];
          expect(translated, `${id} ${modes}: blocks ran`).toBeGreaterThan(0);
          expect(jit.launches, `${id} ${modes}`).toEqual(interp.launches);
          for (const [name, out] of Object.entries(interp.outputs)) expect(Buffer.from(jit.outputs[name]!.buffer), `${id} ${name}`).toEqual(Buffer.from(out.buffer));
          for (const c of Object.values(jit.comparison)) expect(c.mismatches, id).toBe(0);
        }
      } finally {
        setHotThreshold(old);
      }
    }, 240_000);
  }
});

describe('event-order slack (scheduler.slack)', () => {
  const kernels = kernelImage();
  const run = (id: ref.KernelId, shape: Record<string, unknown>, modes: ModeName, slack: number) => {
    const config = { ...withModes(DEFAULT_CONFIG, modes), scheduler: { quantum: 0, slack } };
    return runKernel(new KernelMachine(kernels, { config }), id, shape as never).launches;
  };
  it('changes no number on race-free kernels (hits of a private L1 touch nothing shared)', () => {
    const cases: [ref.KernelId, Record<string, unknown>][] = [
      ['conv2d', { batch: 2, cin: 3, h: 12, w: 12, cout: 8, k: 3, stride: 1, pad: 1 }],
      ['fc', { batch: 2, inFeatures: 96, outFeatures: 40, act: 'relu' }],
      ['maxpool', { planes: 6, h: 12, w: 12, k: 2, stride: 2 }],
      ['add', { count: 3000 }],
    ];
    for (const [id, shape] of cases) {
      for (const modes of ['PP', 'PS'] as const) {
        const exact = run(id, shape, modes, 0);
        for (const slack of [1, 64, 4096]) expect(run(id, shape, modes, slack), `${id} ${modes} slack ${slack}`).toEqual(exact);
      }
    }
  }, 120_000);

  it('runs fewer, longer engine turns in private L1 modes (measured by the number of hart switches)', () => {
    const src = `
  .globl _start
_start:
  la t0, buf
  slli t1, a0, 8
  add t0, t0, t1
  li t2, 2000
1:
  lw t3, 0(t0)
  addi t3, t3, 1
  sw t3, 0(t0)
  addi t2, t2, -1
  bnez t2, 1b
  li a7, 93
  li a0, 0
  ecall
  .bss
  .balign 64
buf: .space 4096
`;
    const img = image(src, 'private-loop.s');
    const turns = (slack: number) => {
      const m = new TimedMachine(img, { config: { ...withModes(DEFAULT_CONFIG, 'PP'), scheduler: { quantum: 0, slack } }, harts: 16 });
      let calls = 0;
      for (const h of m.harts) {
        const run = h.run.bind(h);
        h.run = (budget: number) => (calls++, run(budget));
      }
      m.run();
      return { calls, cycles: m.cycles, gpes: m.gpeTimings() };
    };
    const exact = turns(0);
    const slack = turns(256);
    // Same timing, far fewer hart switches: every hit after the first miss is the GPE's own.
    expect(slack.cycles).toBe(exact.cycles);
    expect(slack.gpes).toEqual(exact.gpes);
    expect(exact.calls).toBeGreaterThan(16 * 2000);
    expect(slack.calls).toBeLessThan(exact.calls / 10);
  });

  it('is off for a program that can write mcachemode (csrw, csrs with rs1 != 0, csrwi), not for one that only reads it', () => {
    const prog = (line: string) => image(`  .globl _start\n_start:\n  ${line}\n  li a7, 93\n  ecall\n`, 'mode.s');
    expect(writesCacheMode(prog('csrw 0x7c0, a0'))).toBe(true);
    expect(writesCacheMode(prog('csrs 0x7c0, a1'))).toBe(true);
    expect(writesCacheMode(prog('csrwi 0x7c0, 3'))).toBe(true);
    expect(writesCacheMode(prog('csrci 0x7c0, 1'))).toBe(true);
    expect(writesCacheMode(prog('csrr a0, 0x7c0'))).toBe(false);
    expect(writesCacheMode(prog('csrw mscratch, a0'))).toBe(false);
  });
});

describe('the jit engine interprets windows of short turns (MIN_BLOCK_TURN)', () => {
  const kernels = kernelImage();
  const shape = { batch: 1, cin: 3, h: 16, w: 16, cout: 8, k: 3, stride: 1, pad: 1 };
  const measure = (modes: ModeName, engine: 'interp' | 'jit', minTurn: number) => {
    const old = setMinBlockTurn(minTurn);
    // A small launch: at the default threshold its blocks would mostly stay cold.
    const oldThreshold = setHotThreshold(CROSSED_HOT_THRESHOLD);
    try {
      const m = new KernelMachine(kernels, { config: withModes(DEFAULT_CONFIG, modes), engine });
      let interpreted = 0;
      for (const h of m.harts) {
        const interpret = h.interpret.bind(h);
        h.interpret = (budget: number) => {
          const got = interpret(budget);
          interpreted += got;
          return got;
        };
      }
      const launches = runKernel(m, 'conv2d', shape).launches;
      return { launches, interpreted, total: launches.reduce((sum, l) => sum + l.instructions, 0) };
    } finally {
      setMinBlockTurn(old);
      setHotThreshold(oldThreshold);
    }
  };
  it('conv2d in SS (about 3 instructions a turn) runs mostly interpreted, in PP on blocks; every launch record is the same', () => {
    const interp = measure('SS', 'interp', MIN_BLOCK_TURN);
    const adaptive = measure('SS', 'jit', MIN_BLOCK_TURN);
    const blocks = measure('SS', 'jit', 0);
    expect(adaptive.launches).toEqual(interp.launches);
    expect(blocks.launches).toEqual(interp.launches);
    expect(adaptive.interpreted).toBeGreaterThan(0.8 * adaptive.total);
    expect(blocks.interpreted).toBeLessThan(0.3 * blocks.total);
    const pp = measure('PP', 'jit', MIN_BLOCK_TURN);
    expect(pp.launches).toEqual(measure('PP', 'interp', MIN_BLOCK_TURN).launches);
    expect(pp.interpreted).toBeLessThan(0.3 * pp.total);
  }, 120_000);
  it('rejects a negative or NaN threshold', () => {
    expect(() => setMinBlockTurn(-1)).toThrow(RangeError);
    expect(() => setMinBlockTurn(Number.NaN)).toThrow(RangeError);
  });
});
