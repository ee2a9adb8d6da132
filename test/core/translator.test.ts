// The block translator (emulator/core/translator.ts) on hand-built programs: every result is
// checked against a hand-computed value AND against the interpreter (same program, same
// budgets): registers, pc, instret, trap cause/tval, output. Covers loops inside a block,
// traps in the middle of a block (first pass and a later loop iteration), a misaligned branch
// target, an illegal word after a block, exact budgets, counters read inside a block,
// self-modifying code (another block, the running block, a host write) and fence.i.
import { afterEach, describe, expect, it } from 'vitest';
import { CODE_BASE, CROSSED_HOT_THRESHOLD, DATA_BASE, bare, enc, poke, type Bare } from './helpers';
import { jitEngine, setHotThreshold, translationState, HOT_THRESHOLD } from '../../emulator/core/translator';
import type { Hart } from '../../emulator/core/hart';
import { TRAP_CAUSE } from '../../emulator/core/trap';

const A0 = 10;
const A7 = 17;
const exit = [enc('addi', A0, 7, 0), enc('addi', A7, 0, 93), enc('ecall')];

interface State {
  pc: number;
  instret: number;
  executed: number;
  x: number[];
  f: number[];
  state: number;
  exitValue: number;
  cause: number | undefined;
  tval: number | undefined;
  trapPc: number;
  fflags: number;
}

function stateOf(h: Hart): State {
  return {
    pc: h.pc >>> 0,
    instret: h.instret,
    executed: h.executed,
    x: Array.from(h.x),
    f: Array.from(h.f),
    state: h.state,
    exitValue: h.exitValue,
    cause: h.trap?.cause,
    tval: h.trap === null ? undefined : h.trap.tval >>> 0,
    trapPc: h.trapPc >>> 0,
    fflags: h.fflags,
  };
}

/** Runs `words` to the end (or with the budgets given, cycled) on both engines; returns both states. */
function both(
  words: readonly number[],
  init?: (b: Bare) => void,
  budgets: readonly number[] = [1_000_000],
  threshold = 1,
): { interp: State; jit: State; jitBare: Bare } {
  const run = (engine: 'interp' | 'jit'): { s: State; b: Bare } => {
    const b = bare(words);
    init?.(b);
    const old = setHotThreshold(threshold);
    try {
      for (let k = 0; b.hart.state === 0 && k < 100_000; k++) {
        const budget = budgets[k % budgets.length]!;
        const got = engine === 'jit' ? jitEngine(b.hart, budget) : b.hart.run(budget);
        expect(got).toBeLessThanOrEqual(budget);
        if (budgets.length > 1 && b.hart.state === 0) expect(got, 'a running hart spends its whole budget').toBe(budget);
      }
    } finally {
      setHotThreshold(old);
    }
    return { s: stateOf(b.hart), b };
  };
  const i = run('interp');
  const j = run('jit');
  expect(j.s).toEqual(i.s);
  expect(j.b.out).toEqual(i.b.out);
  return { interp: i.s, jit: j.s, jitBare: j.b };
}

/** sum = 0 + 1 + ... + (n - 1), exit with it. */
function sumLoop(n: number): number[] {
  return [
    enc('addi', 5, 0, 0),
    enc('addi', 6, 0, n),
    enc('addi', 7, 0, 0),
    enc('add', 7, 7, 5), // loop
    enc('addi', 5, 5, 1),
    enc('bne', 5, 6, -8),
    ...exit,
  ];
}

afterEach(() => {
  expect(setHotThreshold(HOT_THRESHOLD)).toBe(HOT_THRESHOLD); // every test restored it
});

describe('translator: results equal the interpreter and hand-computed values', () => {
  it('runs a loop inside one translated block (thresholds 1 and 32)', () => {
    for (const threshold of [CROSSED_HOT_THRESHOLD, 1]) {
      const { jit, jitBare } = both(sumLoop(1000), undefined, [1_000_000], threshold);
      expect(jit.exitValue).toBe(499500);
      expect(jit.instret).toBe(3 + 3 * 1000 + 3);
      expect(translationState(jitBare.hart.code).translatedBlocks).toBeGreaterThan(0);
    }
  });

  it('code in pages that share a slot of the page-state cache (64 pages apart) and in a neighbour', () => {
    // Calls into 0x50000 (64 x 4 KiB above CODE_BASE: the same slot) and 0x11000 each iteration.
    const far = 0x50000;
    const near = 0x11000;
    const main = [
      enc('addi', 5, 0, 0),
      enc('addi', 6, 0, 100),
      enc('addi', 7, 0, 0),
      enc('lui', 8, far >>> 12),
      enc('lui', 9, near >>> 12),
      enc('jalr', 1, 0, 8), // loop
      enc('jalr', 1, 0, 9),
      enc('addi', 5, 5, 1),
      enc('bne', 5, 6, -12),
      ...exit,
    ];
    const callee = (add: number) => [enc('addi', 7, 7, add), enc('jalr', 0, 0, 1)];
    const init = (b: Bare): void => {
      callee(3).forEach((w, k) => poke(b.memory, far + 4 * k, w));
      callee(5).forEach((w, k) => poke(b.memory, near + 4 * k, w));
    };
    for (const threshold of [CROSSED_HOT_THRESHOLD, 1]) {
      const { jit } = both(main, init, [1_000_000, 7, 3], threshold);
      expect(jit.exitValue).toBe(100 * (3 + 5));
    }
  });

  it('honours every budget exactly (interleaving stays the same)', () => {
    both(sumLoop(300), undefined, [1, 7, 3, 50, 2, 11, 4, 5000 % 97]);
    both(sumLoop(300), undefined, [2, 3], 5);
  });

  it('a load trap in a later iteration of a looping block leaves pc, instret and registers exact', () => {
    const words = [
      enc('lui', 5, 0x20), // x5 = 0x20000
      enc('lui', 6, 0x10), // x6 = 0x10000
      enc('addi', 7, 0, 0),
      enc('addi', 7, 7, 1), // loop (CODE_BASE + 12)
      enc('lw', 8, 0, 5),
      enc('add', 5, 5, 6),
      enc('jal', 0, -12),
    ];
    for (const threshold of [CROSSED_HOT_THRESHOLD, 3, 1]) {
      const { jit } = both(words, undefined, [1_000_000], threshold);
      // Memory is 16 MiB: the load from 0x1000000 (iteration 254, counting from 0) faults.
      expect(jit.cause).toBe(TRAP_CAUSE.loadAccess);
      expect(jit.tval).toBe(0x1000000);
      expect(jit.pc).toBe(CODE_BASE + 16);
      expect(jit.trapPc).toBe(CODE_BASE + 16);
      expect(jit.instret).toBe(3 + 254 * 4 + 1);
      expect(jit.x[7]).toBe(255);
      expect(jit.x[5]).toBe(0x1000000);
    }
  });

  it('a store trap in the middle of the first pass keeps the earlier writes', () => {
    const words = [
      enc('addi', 5, 0, 11),
      enc('addi', 6, 0, 22),
      enc('lui', 8, 0x1000), // 0x1000000: just outside memory
      enc('sw', 6, 0, 8),
      enc('addi', 7, 0, 33),
      ...exit,
    ];
    const { jit } = both(words);
    expect(jit.cause).toBe(TRAP_CAUSE.storeAccess);
    expect(jit.pc).toBe(CODE_BASE + 12);
    expect(jit.instret).toBe(3);
    expect(jit.x.slice(5, 9)).toEqual([11, 22, 0, 0x1000000]);
  });

  it('a taken branch to a misaligned target traps at the branch', () => {
    const words = [enc('addi', 5, 0, 1), enc('addi', 6, 0, 2), enc('beq', 0, 0, 6), ...exit];
    const { jit } = both(words);
    expect(jit.cause).toBe(TRAP_CAUSE.fetchMisaligned);
    expect(jit.tval).toBe(CODE_BASE + 8 + 6);
    expect(jit.pc).toBe(CODE_BASE + 8);
    expect(jit.instret).toBe(2);
  });

  it('an illegal word ends the block before it; the interpreter traps on it', () => {
    const { jit } = both([enc('addi', 5, 0, 1), enc('addi', 6, 0, 2), 0, ...exit]);
    expect(jit.cause).toBe(TRAP_CAUSE.illegalInstruction);
    expect(jit.pc).toBe(CODE_BASE + 8);
    expect(jit.instret).toBe(2);
    expect(jit.x[6]).toBe(2);
  });

  it('instret read inside a translated loop counts the instructions retired before it', () => {
    const n = 200;
    const words = [
      enc('addi', 5, 0, 0),
      enc('addi', 6, 0, n),
      enc('addi', 7, 0, 0),
      enc('csrrs', 8, 0xc02, 0), // loop: csrr x8, instret
      enc('add', 7, 7, 8),
      enc('addi', 5, 5, 1),
      enc('bne', 5, 6, -12),
      ...exit,
    ];
    for (const budgets of [[1_000_000], [7, 13]]) {
      const { jit } = both(words, undefined, budgets);
      // Iteration k reads 3 + 4k.
      expect(jit.exitValue).toBe(n * 3 + 4 * ((n * (n - 1)) / 2));
    }
  });

  it('FP with a dynamic rounding mode and the accrued flags match', () => {
    const words = [
      enc('addi', 5, 0, 1),
      enc('fcvt.s.w', 1, 5), // 1.0
      enc('addi', 5, 0, 3),
      enc('fcvt.s.w', 2, 5), // 3.0
      enc('addi', 6, 0, 0),
      enc('addi', 9, 0, 50),
      enc('fdiv.s', 3, 1, 2), // loop: inexact
      enc('fadd.s', 1, 1, 3),
      enc('addi', 6, 6, 1),
      enc('bne', 6, 9, -12),
      enc('fcvt.w.s', 7, 1, 1), // rtz
      ...exit,
    ];
    const { jit } = both(words);
    expect(jit.fflags & 1).toBe(1); // NX
    expect(jit.exitValue).toBeGreaterThan(1);
  });

  it('a straight run of FP calls on negative values is one block, with the interpreter\'s bits', () => {
    // Eight library calls in a row (blocks once stopped before the fifth), on operands whose bit
    // patterns are >= 2^31 as uint32: the f locals and fp32 results are int32 inside the block.
    const words = [
      enc('fmadd.s', 3, 1, 2, 3), // f3 = -1.5 * -2 + -0.25 = 2.75
      enc('fmsub.s', 4, 1, 1, 3), // f4 = 2.25 - 2.75 = -0.5
      enc('fnmadd.s', 5, 4, 2, 1), // f5 = -(-0.5 * -2) - -1.5 = 0.5
      enc('fadd.s', 6, 4, 1), // f6 = -2
      enc('fmul.s', 7, 6, 1), // f7 = 3
      enc('fsub.s', 8, 1, 7), // f8 = -4.5
      enc('fnmsub.s', 9, 8, 5, 2), // f9 = -(-4.5 * 0.5) + -2 = 0.25
      enc('fmin.s', 10, 8, 6), // f10 = -4.5
      enc('fsgnjn.s', 11, 10, 10), // f11 = 4.5
      enc('fmv.x.w', 7, 8), // x7 = bits of -4.5
      ...exit,
    ];
    const { jit, jitBare } = both(words, (b) => {
      b.hart.f[1] = 0xbfc00000; // -1.5
      b.hart.f[2] = 0xc0000000; // -2
      b.hart.f[3] = 0xbe800000; // -0.25
    });
    expect(jit.f.slice(3, 12)).toEqual([0x40300000, 0xbf000000, 0x3f000000, 0xc0000000, 0x40400000, 0xc0900000, 0x3e800000, 0xc0900000, 0x40900000]);
    expect(jit.exitValue >>> 0).toBe(0xc0900000);
    expect(jit.fflags).toBe(0);
    // Everything before the ecall: one block (the entry's), translated at the threshold of 1.
    expect(translationState(jitBare.hart.code).translatedBlocks).toBe(1);
  });
});

describe('translator: self-modifying code and fence.i', () => {
  const patched = enc('addi', 7, 7, 2);

  it('a store into another translated block is seen on its next execution', () => {
    const words = [
      enc('addi', 5, 0, 0),
      enc('addi', 6, 0, 100),
      enc('addi', 7, 0, 0),
      enc('lui', 8, DATA_BASE >>> 12),
      enc('lw', 9, 0, 8), // the new instruction word
      enc('addi', 11, 0, 50),
      enc('lui', 12, CODE_BASE >>> 12),
      enc('addi', 7, 7, 1), // loop (offset 28): patched after 50 passes
      enc('addi', 5, 5, 1),
      enc('bne', 5, 11, 8),
      enc('sw', 9, 28, 12),
      enc('bne', 5, 6, -16),
      ...exit,
    ];
    const { jit, jitBare } = both(words, (b) => poke(b.memory, DATA_BASE, patched));
    expect(jit.exitValue).toBe(50 * 1 + 50 * 2);
    expect(translationState(jitBare.hart.code).invalidations).toBeGreaterThan(0);
  });

  it('a store into a later word of the running block takes effect in the same pass', () => {
    const words = [
      enc('addi', 5, 0, 0),
      enc('addi', 6, 0, 40),
      enc('addi', 7, 0, 0),
      enc('lui', 8, DATA_BASE >>> 12),
      enc('lw', 9, 0, 8),
      enc('lui', 12, CODE_BASE >>> 12),
      enc('sw', 9, 32, 12), // loop (offset 24): patches offset 32
      enc('addi', 5, 5, 1),
      enc('addi', 7, 7, 1), // offset 32
      enc('bne', 5, 6, -12),
      ...exit,
    ];
    for (const threshold of [CROSSED_HOT_THRESHOLD, 2, 1]) {
      const { jit } = both(words, (b) => poke(b.memory, DATA_BASE, patched), [1_000_000], threshold);
      expect(jit.exitValue).toBe(40 * 2);
    }
  });

  it('a host write into code between runs (loader, debugger) invalidates the translation', () => {
    const words = sumLoop(1000);
    const results: State[] = [];
    for (const engine of ['interp', 'jit'] as const) {
      const b = bare(words);
      const run = (budget: number) => (engine === 'jit' ? jitEngine(b.hart, budget) : b.hart.run(budget));
      const old = setHotThreshold(1);
      run(1500); // 500 passes
      // add x7, x7, x5 becomes sub x7, x7, x5
      poke(b.memory, CODE_BASE + 12, enc('sub', 7, 7, 5));
      run(1_000_000);
      setHotThreshold(old);
      results.push(stateOf(b.hart));
    }
    expect(results[1]).toEqual(results[0]);
    // 1500 = 3 setup + 499 whole passes: i = 0..498 were added, i = 499..999 are subtracted.
    let want = 0;
    for (let i = 0; i < 1000; i++) want = i < 499 ? want + i : want - i;
    expect(results[1]!.exitValue).toBe(want);
  });

  it('fence.i drops every translation (blocks are translated again)', () => {
    const words = [
      enc('addi', 5, 0, 0),
      enc('addi', 6, 0, 30),
      enc('addi', 5, 5, 1), // loop
      enc('fence.i'),
      enc('bne', 5, 6, -8),
      enc('addi', 7, 5, 0),
      ...exit,
    ];
    const { jit, jitBare } = both(words);
    expect(jit.exitValue).toBe(30);
    const st = translationState(jitBare.hart.code);
    expect(st.invalidations).toBeGreaterThanOrEqual(30);
    expect(st.translatedBlocks).toBeGreaterThanOrEqual(60);
  });
});
