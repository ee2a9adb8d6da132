// Timed blocks keep register ready times (q<slot>, m<slot>), the memory port's free cycle (mf) and
// class counts (cc<class>) in locals, stored on every exit. That must change no number:
//   - every exit path of a block (held accesses, traps inside a block, stores into translated
//     code, loops inside a block, instruction budgets, windows) gives what the observed
//     interpreter calling `retired` gives: cycles, stalls, mix, bank counters, stale reads and
//     their records, registers.
// And a private L1 bank's port still books its cycles in the ring: a commit (8467c69) skipped it,
// and the two cases below found where that changed numbers (kept with the counts the ring gives).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimedMachine, setMinBlockTurn } from '../../emulator/machine/timed';
import { DEFAULT_CONFIG, MODE_NAMES, withModes, type MachineConfig, type ModeName } from '../../emulator/machine/config';
import { setHotThreshold } from '../../emulator/core/translator';
import { computeEnergy, memoryActivity } from '../../emulator/machine/energy';
import type { ElfImage } from '../../toolchain/elf/types';
import { image, snapshot } from './timed-compare';
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

function config(modes: ModeName, quantum = 0, extra: Partial<MachineConfig> = {}): MachineConfig {
  return { ...withModes(DEFAULT_CONFIG, modes), staleReads: 'on', scheduler: { ...DEFAULT_CONFIG.scheduler, quantum }, ...extra };
}

interface RunOptions {
  readonly engine: 'interp' | 'jit';
  readonly maxInstructions?: number;
}

function run(img: ElfImage, c: MachineConfig, harts: number, o: RunOptions) {
  const m = new TimedMachine(img, { config: c, harts, engine: o.engine, stdout: () => {}, stderr: () => {} });
  expect(m.engine).toBe(o.engine);
  const r = m.run(o.maxInstructions ?? 5_000_000);
  const snap = snapshot(m);
  const mix = m.instructionMix();
  return {
    stopped: r.stopped,
    fault: r.fault?.index ?? -1,
    snap,
    records: m.memsys.stale?.records.map((x) => ({ ...x })) ?? null,
    time: Array.from(m.time),
    memFree: Array.from(m.memFree),
    ready: Array.from(m.ready),
    readyMem: Array.from(m.readyMem),
    classCounts: Array.from(m.classCounts),
    energy: computeEnergy(c, { instructions: mix, memory: memoryActivity(m.memsys), cycles: m.cycles, flops: 0 }),
  };
}

/** Both engines, hot thresholds 1 and 32, every case: identical. */
function sameOnBothEngines(src: string, name: string, cases: [ModeName, number, number][], budgets: number[] = [5_000_000]) {
  const img = image(src, name);
  for (const threshold of [1, CROSSED_HOT_THRESHOLD]) {
    const old = setHotThreshold(threshold);
    try {
      for (const [modes, quantum, harts] of cases) {
        for (const maxInstructions of budgets) {
          const c = config(modes, quantum);
          const interp = run(img, c, harts, { engine: 'interp', maxInstructions });
          const jit = run(img, c, harts, { engine: 'jit', maxInstructions });
          expect(jit, `${name}: ${modes}, quantum ${quantum}, ${harts} harts, threshold ${threshold}, budget ${maxInstructions}`).toEqual(interp);
        }
      }
    } finally {
      setHotThreshold(old);
    }
  }
}

const CASES: [ModeName, number, number][] = [];
for (const modes of MODE_NAMES) for (const [quantum, harts] of [[0, 1], [0, 4], [1, 4], [7, 4], [300, 4]] as const) CASES.push([modes, quantum, harts]);

const EXIT = `
  li a0, 0
  li a7, 93
  ecall
`;

describe('timed-block locals on every exit path', () => {
  it('held loads whose registers are used in the same block and the next pass (x and f registers, x0, rd = rs1)', () => {
    const src = `
  .globl _start
_start:
  csrr a1, mhartid
  la s0, buf
  slli t0, a1, 3
  add s1, s0, t0
  li s2, 60
1:
  lw t1, 0(s0)
  add t2, t1, t1
  flw ft0, 4(s0)
  fadd.s ft1, ft0, ft0
  fsw ft1, 0(s1)
  lw x0, 8(s0)
  add t3, x0, t2
  mv t4, s1
  lw t4, 0(t4)
  mul t5, t4, t3
  div t6, t5, s2
  fdiv.s ft2, ft1, ft0
  sw t6, 4(s1)
  addi s2, s2, -1
  bnez s2, 1b
${EXIT}
  .data
  .balign 64
buf: .word 3, 0x40400000, 5, 0
     .space 128
`;
    sameOnBothEngines(src, 'held.s', CASES);
  }, 240_000);

  it('atomics (amoadd, amoswap, lr/sc) inside looping blocks, sc failing and succeeding', () => {
    const src = `
  .globl _start
_start:
  csrr a1, mhartid
  la s0, lock
  li s2, 40
1:
  amoadd.w t0, s2, (s0)
  lr.w t1, (s0)
  addi t1, t1, 1
  sc.w t2, t1, (s0)
  add t3, t2, t0
  amoswap.w t4, t3, 4(s0)
  lw t5, 4(s0)
  add t6, t5, t4
  addi s2, s2, -1
  bnez s2, 1b
${EXIT}
  .data
  .balign 64
lock: .word 0, 0
`.replace('amoswap.w t4, t3, 4(s0)', 'addi a2, s0, 4\n  amoswap.w t4, t3, (a2)');
    sameOnBothEngines(src, 'atomics.s', CASES);
  }, 240_000);

  it('a trap inside a looping block after loads, a divide and class counts it had kept in locals', () => {
    // Branch-free loop body (one block): on the pass where s2 = 3 the pointer a3 becomes 0 and
    // the load from the null guard faults, after this pass's loads, divide and fmul.
    const src = `
  .globl _start
_start:
  csrr a1, mhartid
  la s0, buf
  slli t0, a1, 3
  add s0, s0, t0
  li s2, 30
  bnez a1, 2f
  li s2, 1000
2:
1:
  lw t1, 0(s0)
  flw ft0, 4(s0)
  div t2, t1, s2
  fmul.s ft1, ft0, ft0
  addi a4, s2, -3
  snez a4, a4
  neg a4, a4
  and a3, s0, a4
  sw t2, 0(s0)
  lw t5, 4(a3)
  add t6, t5, t2
  addi s2, s2, -1
  bnez s2, 1b
${EXIT}
  .data
  .balign 64
buf: .word 7, 0x3f800000, 9, 0x3f800000, 11, 0x3f800000, 13, 0x3f800000
`;
    const cases = CASES.filter(([, quantum]) => quantum <= 7);
    const img = image(src, 'trap.s');
    for (const [modes, quantum, harts] of cases) expect(run(img, config(modes, quantum), harts, { engine: 'interp' }).fault, `${modes} q${quantum}`).toBeGreaterThanOrEqual(harts === 1 ? 0 : 1);
    sameOnBothEngines(src, 'trap.s', cases);
  }, 240_000);

  it('a store into translated code leaves the block with its locals stored', () => {
    const src = `
  .globl _start
_start:
  la s0, patch
  la s1, buf
  lw s3, 0(s0)
  li s2, 30
1:
  lw t1, 0(s1)
  add t2, t1, s2
  sw s3, 0(s0)
  add t3, t2, t1
patch:
  addi t4, t3, 1
  sw t4, 4(s1)
  addi s2, s2, -1
  bnez s2, 1b
${EXIT}
  .data
  .balign 64
buf: .word 1, 2
`;
    sameOnBothEngines(src, 'patch.s', CASES.filter(([, quantum]) => quantum <= 7));
  }, 240_000);

  it('instruction budgets ending inside looping blocks and between held accesses', () => {
    const src = `
  .globl _start
_start:
  csrr a1, mhartid
  la s0, buf
  slli t0, a1, 2
  add s1, s0, t0
  li s2, 25
1:
  lw t1, 0(s0)
  addi t1, t1, 1
  sw t1, 0(s1)
  flw ft0, 0(s1)
  fadd.s ft1, ft0, ft0
  addi s2, s2, -1
  bnez s2, 1b
${EXIT}
  .data
  .balign 64
buf: .space 64
`;
    const budgets = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377];
    sameOnBothEngines(src, 'budget.s', [['SS', 0, 4], ['PP', 0, 4], ['PS', 1, 4], ['SP', 7, 2]], budgets);
  }, 240_000);
});

describe('private L1 ports book their cycles in the ring', () => {
  // Both engines agree, and the bank l1.t0.b0 shows the conflicts the ring gives (the counts of
  // the code before 8467c69, measured on that tree).
  const compare = (src: string, name: string, c: MachineConfig, harts: number) => {
    const img = image(src, name);
    const interp = run(img, c, harts, { engine: 'interp' });
    const jit = run(img, c, harts, { engine: 'jit' });
    expect(jit, `${name} jit`).toEqual(interp);
    return interp;
  };
  const bank = (r: ReturnType<typeof run>, name: string) => r.snap.banks.find((b) => b[0] === name)!;

  it('kernels-like streaming in every mode, event order and windows', () => {
    const src = `
  .globl _start
_start:
  csrr a1, mhartid
  la s0, buf
  slli t0, a1, 6
  add s1, s0, t0
  li s2, 200
1:
  lw t1, 0(s1)
  sw t1, 4(s1)
  lw t2, 8(s1)
  sw t2, 12(s1)
  addi s2, s2, -1
  bnez s2, 1b
${EXIT}
  .data
  .balign 64
buf: .space 1024
`;
    for (const [modes, quantum, harts] of CASES) compare(src, 'stream.s', config(modes, quantum), harts);
  }, 240_000);

  it('zero-cycle L1 hits and zero-cycle loads: a store and the next load of the same GPE meet in one cycle', () => {
    // The store issued at c reaches L1 at c + 1 and is answered at c + 1 (a hit of 0 cycles); the
    // load issues at c + 1 and, with a load latency of 0, asks the port at c + 1 too: the ring
    // makes it wait a cycle (a conflict) on each of the 50 passes.
    const src = `
  .globl _start
_start:
  la t0, buf
  lw t1, 0(t0)
  li t2, 50
1:
  sw t1, 0(t0)
  lw t1, 4(t0)
  addi t2, t2, -1
  bnez t2, 1b
${EXIT}
  .data
  .balign 64
buf: .word 1, 2
`;
    const base = config('PP');
    const r = compare(src, 'zero-latency.s', { ...base, l1: { ...base.l1, tagLatency: 0, dataLatency: 0 }, core: { ...base.core, load: 0 } }, 1);
    expect(bank(r, 'l1.t0.b0').slice(6, 8)).toEqual([50, 50]);
  });

  it('windows: a GPE that ran ahead in private L1 mode, then another switches to a shared L1 at run time', () => {
    // Hart 0 runs its window first, in private L1 mode, up to cycles past the end of the switch
    // hart 1 then makes at an earlier cycle (csrwi mcachemode). The ring keeps hart 0's port
    // cycles, so hart 1's shared-L1 loads into that bank after the switch wait for them.
    const src = `
  .globl _start
_start:
  la t0, buf
  li t2, 300
  bnez a0, other
1:
  lw t1, 0(t0)
  lw t1, 0(t0)
  lw t1, 0(t0)
  lw t1, 0(t0)
  addi t2, t2, -1
  bnez t2, 1b
${EXIT}
other:
  li t3, 3
2:
  addi t3, t3, -1
  bnez t3, 2b
  csrwi 0x7c0, 2
3:
  lw t1, 0(t0)
  addi t4, t4, 1
  lw t1, 0(t0)
  lw t1, 0(t0)
  addi t2, t2, -1
  bnez t2, 3b
${EXIT}
  .data
  .balign 1024
buf: .word 1, 2
`;
    for (const [quantum, conflicts] of [[50, 8], [400, 49]] as const) {
      const r = compare(src, `switch-q${quantum}.s`, config('PP', quantum), 2);
      expect(bank(r, 'l1.t0.b0')[6], `quantum ${quantum}`).toBe(conflicts);
    }
  });
});
