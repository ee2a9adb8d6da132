// Many harts over one memory: id-dependent results, an amoadd.w counter, an lr/sc spin lock and a
// sense-reversing software barrier across all 64 harts, at several interleaving quanta.
import { describe, expect, it } from 'vitest';
import { HAS_GNU, gnuElf } from './helpers';
import { readElf } from '../../toolchain/elf/reader';
import { FunctionalMachine } from '../../emulator/machine/functional';

function symbol(machine: FunctionalMachine, elf: Uint8Array, name: string): number {
  void machine;
  const s = readElf(elf).symbols.find((x) => x.name === name);
  if (!s) throw new Error(`no symbol ${name}`);
  return s.value;
}

function run(source: string, harts: number, quantum: number) {
  const elf = gnuElf(source);
  const machine = new FunctionalMachine(readElf(elf), { harts, quantum });
  const result = machine.run();
  return { machine, result, elf, word: (name: string, k = 0) => machine.memory.readWord(symbol(machine, elf, name) + 4 * k) | 0 };
}

const EXIT = `
  li a0, 0
  li a7, 93
  ecall`;

describe.skipIf(!HAS_GNU)('multi-hart programs (GNU as/ld)', () => {
  it.each([1, 7, 5000])('each hart writes an id-dependent result (64 harts, quantum %d)', (quantum) => {
    const { result, word } = run(`
  .globl _start
_start:
  csrr t0, mhartid
  csrr t1, 0xfc0          # mtileid
  csrr t2, 0xfc1          # mgpeid
  slli t3, t1, 8
  or t3, t3, t2          # tile << 8 | gpe
  mul t4, t0, t0
  addi t4, t4, 7         # id * id + 7
  la t5, results
  slli t6, t0, 3
  add t5, t5, t6
  sw t3, 0(t5)
  sw t4, 4(t5)
  mv a0, a0              # a0 = hart id from the launcher
  bne a0, t0, 1f
  ${EXIT}
1:
  ebreak
  .bss
results: .space 512
`, 64, quantum);
    expect(result.exitCode).toBe(0);
    expect(result.faults).toEqual([]);
    for (let id = 0; id < 64; id++) {
      expect(word('results', 2 * id)).toBe(((id >> 4) << 8) | (id & 15));
      expect(word('results', 2 * id + 1)).toBe(id * id + 7);
    }
    expect(result.harts.every((h) => h.state === 'exited')).toBe(true);
  });

  it.each([1, 3, 5000])('amoadd.w counter: 64 harts x 100 increments (quantum %d)', (quantum) => {
    const { result, word } = run(`
  .globl _start
_start:
  la t0, counter
  li t1, 100
1:
  li t2, 1
  amoadd.w t3, t2, (t0)
  addi t1, t1, -1
  bnez t1, 1b
  ${EXIT}
  .data
counter: .word 0
`, 64, quantum);
    expect(result.exitCode).toBe(0);
    expect(word('counter')).toBe(6400);
  });

  // A critical section doing a plain load / add / store, guarded by an lr/sc lock: with a small
  // quantum, harts are switched inside the section, so without the lock updates would be lost.
  const lockProgram = (locked: boolean) => `
  .globl _start
_start:
  la s0, lock
  la s1, shared
  li s2, 50
outer:
${locked ? `
acquire:
  lr.w t0, (s0)
  bnez t0, acquire
  li t1, 1
  sc.w t2, t1, (s0)
  bnez t2, acquire` : ''}
  lw t3, 0(s1)
  addi t3, t3, 1
  nop
  sw t3, 0(s1)
${locked ? '  sw zero, 0(s0)' : ''}
  addi s2, s2, -1
  bnez s2, outer
  ${EXIT}
  .data
lock: .word 0
shared: .word 0
`;
  it.each([1, 2, 3, 5, 5000])('lr/sc spin lock keeps a non-atomic counter exact (16 harts, quantum %d)', (quantum) => {
    const { result, word } = run(lockProgram(true), 16, quantum);
    expect(result.exitCode).toBe(0);
    expect(word('shared')).toBe(16 * 50);
  });

  it('without the lock the same counter loses updates at quantum 2 (the test can fail)', () => {
    const { result, word } = run(lockProgram(false), 16, 2);
    expect(result.exitCode).toBe(0);
    expect(word('shared')).toBeLessThan(16 * 50);
  });

  it.each([1, 13, 5000])('sense-reversing barrier across 64 harts, 5 phases (quantum %d)', (quantum) => {
    // Phase p: every hart writes slot[id] = p * 1000 + id, waits at the barrier, then adds its
    // right neighbour's slot into its sum, waits again. sum[id] = sum over p of p*1000 + (id+1)%64.
    const { result, word } = run(`
  .globl _start
_start:
  csrr s0, mhartid
  li s1, 64              # harts
  la s2, slots
  slli t0, s0, 2
  add s3, s2, t0         # &slot[id]
  addi t1, s0, 1
  andi t1, t1, 63
  slli t1, t1, 2
  add s4, s2, t1         # &slot[(id+1) % 64]
  li s5, 0               # sum
  li s6, 0               # phase
  li s7, 0               # local sense
phase:
  li t0, 1000
  mul t0, t0, s6
  add t0, t0, s0
  sw t0, 0(s3)
  call barrier
  lw t0, 0(s4)
  add s5, s5, t0
  call barrier
  addi s6, s6, 1
  li t0, 5
  bne s6, t0, phase
  la t0, sums
  slli t1, s0, 2
  add t0, t0, t1
  sw s5, 0(t0)
  ${EXIT}

barrier:                 # sense-reversing: the last arriver resets the count and flips the sense
  xori s7, s7, 1
  la t0, count
  li t1, 1
  amoadd.w t2, t1, (t0)
  addi t2, t2, 1
  bne t2, s1, 2f
  sw zero, 0(t0)
  la t3, sense
  sw s7, 0(t3)
  ret
2:
  la t3, sense
3:
  lw t4, 0(t3)
  bne t4, s7, 3b
  ret

  .data
count: .word 0
sense: .word 0
  .bss
slots: .space 256
sums: .space 256
`, 64, quantum);
    expect(result.exitCode).toBe(0);
    for (let id = 0; id < 64; id++) {
      const expected = [0, 1, 2, 3, 4].reduce((s, p) => s + p * 1000 + ((id + 1) % 64), 0);
      expect(word('sums', id)).toBe(expected);
    }
  });

  it('--max-instructions stops a spinning machine with a message saying where', () => {
    const { result } = (() => {
      const elf = gnuElf(`
  .globl _start
_start:
spin:
  j spin
`);
      const machine = new FunctionalMachine(readElf(elf), { harts: 3, quantum: 10 });
      return { result: machine.run({ maxInstructions: 1000 }) };
    })();
    expect(result.instructions).toBe(1000);
    expect(result.exitCode).toBe(124);
    expect(result.stopped?.message).toBe(
      'stopped after 1000 instructions (--max-instructions): hart 0 at pc 0x00010074 <_start>, hart 1 at pc 0x00010074 <_start>, hart 2 at pc 0x00010074 <_start>',
    );
  });
});
