// Corners of timed blocks (emulator/machine/timed-jit.ts) and of the event-order slack, in small
// hand-written programs the random programs rarely reach: the block engine must time exactly as
// `TimedMachine.retired` (the observed interpreter) does (stores and AMOs into translated code,
// traps inside blocks, yields, page crossings, debugger watchpoints); slack must change no number
// on a race-free program that runs to its end, keep output and stale-read records in simulated-time
// order, and stay off for a program that can switch cache modes from any segment; a run cut short
// (fault, budgets) may find a GPE that ran ahead further on, by about the slack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimedMachine, setMinBlockTurn } from '../../emulator/machine/timed';
import { DEFAULT_CONFIG, withModes, type MachineConfig, type ModeName } from '../../emulator/machine/config';
import { setHotThreshold } from '../../emulator/core/translator';
import { DebugEngine } from '../../emulator/debug/engine';
import { runProgram } from '../../emulator/machine/functional';
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



function config(modes: ModeName, quantum = 0, slack = DEFAULT_CONFIG.scheduler.slack): MachineConfig {
  return { ...withModes(DEFAULT_CONFIG, modes), scheduler: { quantum, slack } };
}

const run = runTimed;

/** Per case and engine: cycles, store count and L1 writes (a compact view of a difference). */
function storeSummary(src: string, name: string, cases: [ModeName, number, number][]) {
  const img = image(src, name);
  const out: Record<string, unknown> = {};
  const old = setHotThreshold(CROSSED_HOT_THRESHOLD);
  try {
    for (const [modes, quantum, harts] of cases) {
      for (const engine of ['interp', 'jit'] as const) {
        const r = run(img, config(modes, quantum), harts, engine);
        const l1Writes = r.snap.banks.filter((b) => String(b[0]).startsWith('l1')).reduce((a, b) => a + Number(b[2]), 0);
        out[`${modes} q${quantum} ${harts}h ${engine}`] = { cycles: r.snap.cycles, stores: r.snap.mix.store, l1Writes };
      }
    }
  } finally {
    setHotThreshold(old);
  }
  return out;
}

/** Runs `src` on both engines (hot thresholds 1 and 32) in each case; all must agree. */
function sameOnBothEngines(src: string, name: string, cases: [ModeName, number, number][], maxInstructions = 5_000_000, maxCycles = Infinity) {
  const img = image(src, name);
  for (const threshold of [1, CROSSED_HOT_THRESHOLD]) {
    const old = setHotThreshold(threshold);
    try {
      for (const [modes, quantum, harts] of cases) {
        const interp = run(img, config(modes, quantum), harts, 'interp', maxInstructions, maxCycles);
        const jit = run(img, config(modes, quantum), harts, 'jit', maxInstructions, maxCycles);
        expect(jit, `${name}: ${modes}, quantum ${quantum}, ${harts} harts, hot threshold ${threshold}`).toEqual(interp);
      }
    } finally {
      setHotThreshold(old);
    }
  }
}

const EXIT = `
  li a7, 93
  li a0, 0
  ecall
`;

const ALL_CASES: [ModeName, number, number][] = [
  ['PP', 0, 1],
  ['PP', 0, 2],
  ['SS', 0, 2],
  ['SP', 7, 2],
  ['PS', 1, 2],
];

describe('timed blocks vs retired: stores into translated code', () => {
  // The sw writes the word `patch` (the same word back) inside its own block: the block's
  // slow-path store drops the block and leaves right after the store.
  const src = `
  .globl _start
_start:
  la t0, patch
  lw t1, 0(t0)
  li t2, 100
loop:
  sw t1, 0(t0)
  addi t2, t2, -1
patch:
  addi t3, t3, 1
  bnez t2, loop
${EXIT}
`;
  it('a store that invalidates its own block is timed like every other store', () => {
    sameOnBothEngines(src, 'smc.s', [['PP', 0, 1], ['SS', 0, 1], ['PP', 1, 1]]);
  });
  it('(summary at hot threshold 32, event order and windows)', () => {
    const s = storeSummary(src, 'smc-summary.s', [['PP', 0, 1], ['SS', 0, 1], ['PP', 1, 1], ['SS', 7, 1]]);
    const by = (engine: string) => Object.fromEntries(Object.entries(s).filter(([k]) => k.endsWith(engine)).map(([k, v]) => [k.replace(` ${engine}`, ''), v]));
    expect(by('jit')).toEqual(by('interp'));
  });
  // No instruction changes here: a counter kept in .text right after the loop. The store drops
  // every translation whose entry is up to 63 words before it (PageState.forget), so it leaves
  // the block the same way.
  const counter = `
  .globl _start
_start:
  la t0, count
  li t2, 100
loop:
  lw t1, 0(t0)
  addi t1, t1, 1
  sw t1, 0(t0)
  addi t2, t2, -1
  bnez t2, loop
${EXIT}
count:
  .word 0
`;
  it('a store to a variable kept in .text after the loop is timed like every other store', () => {
    sameOnBothEngines(counter, 'text-counter.s', [['PP', 0, 1], ['SS', 0, 2], ['PP', 3, 1]]);
  });
});

describe('timed debugger (default engine) and watchpoints', () => {
  // The sw is a block of one instruction (the csrr after it is left to the interpreter), so once
  // hot, a debugger stepping this hart one instruction at a time runs it as a timed block.
  const src = `
  .globl _start
_start:
  la t0, buf
  li t2, 40
1:
  sw t2, 0(t0)
  csrr t1, mhartid
  addi t2, t2, -1
  bnez t2, 1b
${EXIT}
  .data
  .balign 4
buf: .word 0
`;
  const hits = (engine: 'interp' | 'jit' | undefined) => {
    const img = image(src, 'watch.s');
    const buf = img.symbols.find((s) => s.name === 'buf')!.value >>> 0;
    const e = new DebugEngine({ image: img, options: { harts: 1, engine }, config: DEFAULT_CONFIG });
    e.addWatchpoint(buf, 4, 'write');
    let n = 0;
    for (let guard = 0; guard < 100; guard++) {
      const stop = e.resume({ kind: 'continue' });
      if (stop === null || stop.kind !== 'watchpoint') break;
      n++;
    }
    return n;
  };
  it('a write watchpoint stops at every one of the 40 stores (--engine interp)', () => {
    expect(hits('interp')).toBe(40);
  });
  it('a write watchpoint stops at every one of the 40 stores (default engine)', () => {
    expect(hits(undefined)).toBe(40);
  });
});

describe('event-order slack on race-free programs', () => {
  // Hart 0 loads from its own line over and over (hits in its private L1); hart 1 touches its own
  // line once, then faults. Nothing is shared, so slack must not change any number.
  const src = `
  .globl _start
_start:
  csrr a0, mhartid
  bnez a0, other
  la t0, buf0
  li t2, 1000
1:
  lw t3, 0(t0)
  addi t2, t2, -1
  bnez t2, 1b
${EXIT}
other:
  la t0, buf1
  lw t3, 0(t0)
  lw t4, 0(zero)
${EXIT}
  .data
  .balign 64
buf0: .space 64
buf1: .space 64
`;
  // A run cut short is not undone: a GPE that ran ahead on its own hits keeps what it ran
  // (docs/MACHINE.md "Slack"). The fault itself is the same; GPE 0 is at most slack cycles on.
  it('a fault on another GPE: the same fault with and without slack; the GPE that ran ahead is at most slack cycles further', () => {
    const img = image(src, 'slack-fault.s');
    const exact = run(img, config('PP', 0, 0), 2, 'interp');
    const slack = run(img, config('PP', 0, 256), 2, 'interp');
    expect(exact.fault).toBe(1);
    expect(slack.fault).toBe(exact.fault);
    expect(slack.snap.harts[1]).toEqual(exact.snap.harts[1]);
    const { idle: _a, ...faulted } = slack.snap.gpes[1]!;
    const { idle: _b, ...faultedExact } = exact.snap.gpes[1]!;
    expect(faulted).toEqual(faultedExact);
    expect(slack.snap.gpes[0]!.finish).toBeGreaterThan(exact.snap.gpes[0]!.finish);
    // Its last served hit was within the slack of the other's pending access; then it ran on to
    // its next access (a few cycles).
    expect(slack.snap.gpes[0]!.finish).toBeLessThanOrEqual(exact.snap.gpes[1]!.finish + 256 + 16);
  });
  it('--max-instructions stops at the same point with and without slack', () => {
    const img = image(src.replace('lw t4, 0(zero)', 'li t4, 0'), 'slack-budget.s');
    const exact = run(img, config('PP', 0, 0), 2, 'interp', 400);
    const slack = run(img, config('PP', 0, 256), 2, 'interp', 400);
    expect(exact.stopped).toBe('max-instructions');
    expect(slack).toEqual(exact);
  });
});

describe('event-order slack: budgets', () => {
  // Both harts hit in their own private L1 over and over; nothing is shared.
  const src = `
  .globl _start
_start:
  csrr a0, mhartid
  la t0, buf
  slli t1, a0, 6
  add t0, t0, t1
  li t2, 1000
1:
  lw t3, 0(t0)
  addi t2, t2, -1
  bnez t2, 1b
${EXIT}
  .data
  .balign 64
buf: .space 256
`;
  // Budgets stop the machine where its harts are; with slack one may be ahead of the other.
  it('--max-instructions: the same total with and without slack, split between the GPEs by where they ran to', () => {
    const img = image(src, 'slack-budget2.s');
    const exact = run(img, config('PP', 0, 0), 2, 'interp', 1000);
    const slack = run(img, config('PP', 0, 256), 2, 'interp', 1000);
    expect(exact.stopped).toBe('max-instructions');
    expect(slack.stopped).toBe('max-instructions');
    expect(slack.snap.instructions).toBe(exact.snap.instructions);
  });
  it('--max-cycles: both stop past the limit', () => {
    const img = image(src, 'slack-cycles.s');
    const exact = run(img, config('PP', 0, 0), 2, 'interp', Infinity, 600);
    const slack = run(img, config('PP', 0, 256), 2, 'interp', Infinity, 600);
    expect(exact.stopped).toBe('max-cycles');
    expect(slack.stopped).toBe('max-cycles');
  });
});

describe('event-order slack: the mcachemode scan', () => {
  // Hart 0 waits on a miss, then switches both levels to shared with a csrwi; hart 1 hits in its
  // private L1 meanwhile. The csrwi sits in .data (reached through jalr), or in .text.
  const src = (where: '.data' | '.text') => `
  .globl _start
  .text
_start:
  csrr a0, mhartid
  bnez a0, worker
  la t0, buf0
  lw t3, 0(t0)
  add t3, t3, t3
  lw t4, 64(t0)
  la t1, switch
  jalr ra, 0(t1)
${EXIT}
worker:
  la t0, buf1
  li t2, 1000
1:
  lw t3, 0(t0)
  addi t2, t2, -1
  bnez t2, 1b
${EXIT}
  ${where}
  .balign 4
switch:
  csrwi 0x7c0, 0
  ret
  .data
  .balign 64
buf0: .space 128
buf1: .space 64
`;
  for (const where of ['.text', '.data'] as const) {
    it(`a mode switch whose csrwi is in ${where}: slack changes no number`, () => {
      const img = image(src(where), `mode-${where.slice(1)}.s`);
      const exact = run(img, config('PP', 0, 0), 2, 'interp');
      const slack = run(img, config('PP', 0, 256), 2, 'interp');
      expect(exact.fault).toBe(-1);
      expect(slack).toEqual(exact);
    });
  }
});

describe('timed blocks vs retired: corner cases (coverage)', () => {
  // One program through the corners: divides and FP divides/square roots in dependent chains,
  // loads into x0, branches to pc+4 taken and not, jumps with and without a link, byte/half/word
  // and misaligned accesses (one across a line), lr/sc success and failure (rd = x0 too), AMOs
  // with rd = x0, flw/fsw, fence.i in a loop.
  const src = `
  .globl _start
_start:
  csrr a0, mhartid
  la s0, buf
  slli t0, a0, 8
  add s0, s0, t0
  li s1, 40
  li t1, 7
  li t2, 3
  fcvt.s.w f1, t1
  fcvt.s.w f2, t2
loop:
  div t3, t1, t2
  divu t4, t3, t2
  rem t5, t4, t2
  fdiv.s f3, f1, f2
  fsqrt.s f4, f3
  fdiv.s f5, f4, f2
  fmadd.s f6, f5, f4, f3
  fsw f6, 16(s0)
  flw f7, 16(s0)
  lw x0, 0(s0)
  lb x0, 3(s0)
  sb t3, 1(s0)
  sh t4, 2(s0)
  lh t5, 2(s0)
  lbu t6, 1(s0)
  sw t5, 61(s0)
  lw t6, 61(s0)
  lhu t6, 63(s0)
  beq t1, t1, 1f
1:
  bne t1, t1, 2f
2:
  jal x0, 3f
3:
  jal ra, 4f
4:
  addi t0, s0, 32
  lr.w t3, (t0)
  addi t3, t3, 1
  sc.w t4, t3, (t0)
  sc.w t4, t3, (t0)
  lr.w t3, (t0)
  sc.w x0, t3, (t0)
  amoadd.w x0, t1, (t0)
  amoswap.w t5, t2, (t0)
  fence
  fence.i
  addi s1, s1, -1
  bnez s1, loop
  la t0, done
  jalr x0, 0(t0)
done:
${EXIT}
  .data
  .balign 64
buf: .space 1024
`;
  it('identical in every mode, event order and windows, 1 and 2 harts', () => {
    sameOnBothEngines(src, 'corners.s', ALL_CASES);
  }, 120_000);
  it('identical when stopped by --max-instructions and --max-cycles', () => {
    sameOnBothEngines(src, 'corners-budget.s', [['PP', 0, 2], ['SS', 0, 2], ['PP', 7, 2]], 777);
    sameOnBothEngines(src, 'corners-cycles.s', [['PP', 0, 2], ['SS', 0, 2], ['PP', 7, 2]], 5_000_000, 1500);
  }, 120_000);
});

describe('timed blocks vs retired: traps inside a block', () => {
  // Hart 1 faults on a load from the null guard in the middle of a block (after a load, a store
  // and a divide of the same block), on the 5th pass of its loop; hart 0 keeps computing and
  // accessing memory. The fault ends the run; every number up to it must agree.
  const src = (fault: string) => `
  .globl _start
_start:
  csrr a0, mhartid
  la s0, buf
  slli t0, a0, 6
  add s0, s0, t0
  li s1, 8
  li t2, 3
loop:
  lw t3, 0(s0)
  addi t3, t3, 1
  sw t3, 0(s0)
  div t4, t3, t2
  addi s1, s1, -1
  bnez a0, 1f
  j loop2
1:
  li t5, 3
  bne s1, t5, loop2
  ${fault}
loop2:
  addi t6, t6, 1
  bnez s1, loop
${EXIT}
  .data
  .balign 64
buf: .space 256
`;
  for (const [what, fault] of [
    ['a load from the null guard', 'addi t6, t6, 5\n  lw t5, 4(zero)\n  addi t5, t5, 1\n  sw t5, 4(s0)'],
    ['a misaligned AMO', 'addi t5, s0, 2\n  amoadd.w t6, t2, (t5)\n  addi t6, t6, 1'],
    ['ebreak', 'addi t5, t5, 1\n  ebreak\n  addi t5, t5, 1'],
    ['a store outside memory', 'li t5, -16\n  sw t2, 0(t5)\n  addi t5, t5, 1'],
  ] as const) {
    it(`${what}: same fault, pc, registers, cycles and counters`, () => {
      sameOnBothEngines(src(fault), 'trap.s', [['PP', 0, 2], ['SS', 0, 2], ['SP', 3, 2], ['PP', 1, 1]]);
    }, 60_000);
  }
});

describe('timed blocks vs retired: a trap in the middle of a hot looping block', () => {
  // The faulting load sits in the loop's own block (which loops inside its function): its base
  // is s0 on every pass but hart 1's 30th, where it is 0 (the null guard).
  const src = `
  .globl _start
_start:
  csrr a0, mhartid
  la s0, buf
  slli t0, a0, 6
  add s0, s0, t0
  snez s2, a0
  li s1, 40
  li t2, 3
loop:
  lw t3, 0(s0)
  addi t3, t3, 1
  sw t3, 0(s0)
  div t4, t3, t2
  fcvt.s.w f1, t4
  fdiv.s f2, f1, f1
  addi t5, s1, -11
  seqz t5, t5
  and t5, t5, s2
  addi t5, t5, -1
  and t5, t5, s0
  lw t6, 8(t5)
  addi t6, t6, 1
  sw t6, 12(s0)
  addi s1, s1, -1
  bnez s1, loop
${EXIT}
  .data
  .balign 64
buf: .space 256
`;
  it('same fault, pc, registers, cycles and counters', () => {
    sameOnBothEngines(src, 'trap-loop.s', [['PP', 0, 2], ['SS', 0, 2], ['PS', 0, 2], ['SP', 5, 2], ['PP', 1, 2]]);
    const m = run(image(src, 'trap-loop.s'), config('PP', 0), 2, 'jit');
    expect(m.fault).toBe(1);
    expect(m.snap.harts[1]!.instret).toBeGreaterThan(29 * 16);
  }, 60_000);
});

describe('timed blocks vs retired: a GPE computing without memory for more than a yield chunk', () => {
  const src = `
  .globl _start
_start:
  csrr a0, mhartid
  bnez a0, busy
  la t0, buf
  li t2, 3000
1:
  lw t3, 0(t0)
  addi t3, t3, 1
  sw t3, 0(t0)
  addi t2, t2, -1
  bnez t2, 1b
${EXIT}
busy:
  li t2, 700000
2:
  addi t3, t3, 3
  addi t2, t2, -1
  bnez t2, 2b
${EXIT}
  .data
  .balign 64
buf: .space 64
`;
  it('identical (PEND_YIELD) in event order', () => {
    const img = image(src, 'yield.s');
    for (const modes of ['PP', 'SS'] as const) {
      const interp = run(img, config(modes, 0), 2, 'interp');
      const jit = run(img, config(modes, 0), 2, 'jit');
      expect(jit, modes).toEqual(interp);
      expect(interp.snap.instructions).toBeGreaterThan(2_000_000);
    }
  }, 120_000);
});

describe('event-order slack: program output', () => {
  // Hart 1 prints at about cycle 10; hart 0 prints after 20 hits in its private L1, past the
  // first miss (well after cycle 10). Nothing is shared but stdout.
  const src = `
  .globl _start
_start:
  csrr a0, mhartid
  la s0, buf
  slli t0, a0, 6
  add s0, s0, t0
  lw t3, 0(s0)
  bnez a0, print
  li t2, 20
1:
  lw t3, 0(s0)
  addi t2, t2, -1
  bnez t2, 1b
print:
  la a1, digits
  add a1, a1, a0
  li a0, 1
  li a2, 1
  li a7, 64
  ecall
${EXIT}
  .data
digits: .ascii "01"
  .balign 64
buf: .space 128
`;
  it('harts write in the same order with and without slack', () => {
    const img = image(src, 'slack-output.s');
    const output = (slack: number) => {
      let text = '';
      const m = new TimedMachine(img, { config: config('PP', 0, slack), harts: 2, stdout: (b: Uint8Array) => (text += Buffer.from(b).toString()), stderr: () => {} });
      m.run();
      return { text, cycles: m.cycles };
    };
    const exact = output(0);
    expect(exact.text).toBe('10');
    expect(output(256)).toEqual(exact);
  });
});

describe('timed blocks vs retired: an atomic that writes translated code', () => {
  // amoswap toggles the word at \`patch\` (in the loop's own block) between addi t3, t3, 1 and
  // addi t3, t3, 100 on every pass: the interpreter executes the new word right away.
  const src = `
  .globl _start
_start:
  la t0, patch
  la t1, other
  lw t1, 0(t1)
  li t2, 50
  li t3, 0
loop:
  amoswap.w t1, t1, (t0)
patch:
  addi t3, t3, 1
  addi t2, t2, -1
  bnez t2, loop
  mv a0, t3
  li a7, 93
  ecall
  .data
  .balign 4
other:
  addi t3, t3, 100
`;
  it('the new instruction runs on the very next fetch, as in the interpreter', () => {
    sameOnBothEngines(src, 'smc-amo.s', [['PP', 0, 1], ['SS', 0, 1]]);
  });
  it('functional machine: the same exit value on both engines', () => {
    const img = image(src, 'smc-amo-functional.s');
    const old = setHotThreshold(1);
    try {
      const exit = (engine: 'interp' | 'jit') => runProgram(img, { engine, stdout: () => {}, stderr: () => {} }).harts[0]!.exitCode;
      expect(exit('jit')).toBe(exit('interp'));
    } finally {
      setHotThreshold(old);
    }
  });
});

describe('timed blocks vs retired: code across page boundaries and long blocks', () => {
  // A loop body of ~1,300 instructions (more than one 4 KiB decoded page, many 64-instruction
  // blocks) mixing loads, stores, multiplies and FP adds, on 2 harts.
  const src = `
  .globl _start
_start:
  csrr a0, mhartid
  la s0, buf
  slli t0, a0, 7
  add s0, s0, t0
  li s1, 6
  fcvt.s.w f1, s1
loop:
  .rept 130
  lw t3, 0(s0)
  addi t3, t3, 1
  mul t4, t3, t3
  sw t4, 4(s0)
  fadd.s f2, f2, f1
  lh t5, 6(s0)
  add t6, t6, t5
  sb t6, 9(s0)
  lbu t5, 9(s0)
  xor t6, t6, t5
  .endr
  addi s1, s1, -1
  bnez s1, loop
${EXIT}
  .data
  .balign 64
buf: .space 256
`;
  it('identical in every mode, event order and windows', () => {
    sameOnBothEngines(src, 'pages.s', ALL_CASES);
  }, 120_000);
});

describe('event-order slack: stale-read records', () => {
  // Each GPE caches its own word, adds to it with an AMO (performed at memory), then reads it
  // again through its L1: a stale read of its own word (no other GPE touches it). Hart 0 waits
  // on the AMO's result and 40 more cycles first, so its stale read is the later one.
  const src = `
  .globl _start
_start:
  csrr a0, mhartid
  la s0, buf
  slli t0, a0, 6
  add s0, s0, t0
  li t1, 1
  lw t3, 0(s0)
  amoadd.w t4, t1, (s0)
  bnez a0, 2f
  .rept 40
  addi t4, t4, 1
  .endr
2:
  lw t5, 0(s0)
${EXIT}
  .data
  .balign 64
buf: .space 128
`;
  it('the same stale reads, in the same order, with and without slack', () => {
    const img = image(src, 'slack-stale.s');
    const records = (slack: number) => {
      const m = new TimedMachine(img, { config: config('PP', 0, slack), harts: 2, stdout: () => {}, stderr: () => {} });
      m.run();
      return { cycles: m.cycles, records: m.memsys.stale!.records.map((r) => ({ hart: r.hart, cycle: r.cycle, pc: r.pc })) };
    };
    const exact = records(0);
    expect(exact.records.length).toBe(2);
    expect(records(256)).toEqual(exact);
  });
});
