// Differential test of the program/host boundary: the write and exit syscalls (stdout, stderr,
// partial writes, exit codes beyond 8 bits, exit_group) and faults (illegal instructions,
// invalid rounding modes, ebreak, misaligned AMOs, accesses outside memory). qemu-riscv32 is
// the reference: a fault kills it with a signal, which the tools map to 128 + signal, the same
// convention `gpesim run` documents. gpesim must also name the faulting pc and symbol.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode, instructionByMnemonic } from '../../toolchain/isa/instructions';
import { readElf } from '../../toolchain/elf/reader';
import { AS, LD, QEMU, assembleAndLink, firstDifference, mapLimit, missingTools, run, tempDir, type ProcessResult } from './tools';
import { gpesimUnavailable, runGpesim } from './gpesim-runner';

const word = (mnemonic: string, extra: number) => `0x${((instructionByMnemonic(mnemonic)!.match | extra) >>> 0).toString(16)}`;

const spec = (mnemonic: string) => instructionByMnemonic(mnemonic)!;
/** Words one field away from a real instruction that RV32IMAF leaves reserved (the decoder rejects them). */
const RESERVED: readonly (readonly [string, number])[] = [
  ['slli with shamt[5] set (RV64 only)', (spec('slli').match | (1 << 25) | (5 << 7) | (6 << 15)) >>> 0],
  ['srai with shamt[5] set', (spec('srai').match | (1 << 25) | (5 << 7) | (6 << 15)) >>> 0],
  ['fmv.x.w with funct3 = 2', (spec('fmv.x.w').match | (2 << 12) | (5 << 7)) >>> 0],
  ['fcvt.w.s with rs2 = 2 (fcvt.l.s, RV64 only)', (spec('fcvt.w.s').match | (2 << 20) | (5 << 7)) >>> 0],
  ['an AMO with funct5 = 0x1d', (spec('amoadd.w').match | (0x1d << 27) | (5 << 7) | (6 << 15) | (7 << 20)) >>> 0],
  ['add on the OP-32 major opcode (addw, RV64 only)', ((spec('add').match ^ 0x33 ^ 0x3b) | (5 << 7)) >>> 0],
  ['lw with funct3 = 3 (ld, RV64 only)', ((spec('lw').match ^ (2 << 12) ^ (3 << 12)) | (5 << 7)) >>> 0],
  ['fsgnj.s with funct3 = 3', (spec('fsgnj.s').match | (3 << 12)) >>> 0],
  ['jalr with funct3 = 1', (spec('jalr').match | (1 << 12) | (5 << 7)) >>> 0],
  ['a branch with funct3 = 2', (spec('beq').match | (2 << 12)) >>> 0],
  ['ecall with rd = 5', (spec('ecall').match | (5 << 7)) >>> 0],
];

/** Legal encodings with unusual field values: all must run without a fault. */
const ODD_BUT_LEGAL: readonly (readonly [string, number])[] = [
  ['fence.i with rd, rs1 and imm set', (spec('fence.i').match | (5 << 7) | (6 << 15) | (0x123 << 20)) >>> 0],
  ['fence.tso (fm = 8, rw, rw)', (spec('fence').match | (8 << 28) | (3 << 24) | (3 << 20)) >>> 0],
  ['fence with rd and rs1 set', (spec('fence').match | (15 << 24) | (15 << 20) | (5 << 7) | (6 << 15)) >>> 0],
  ['csrrs x0, cycle, x0 (a read of a read-only CSR)', (spec('csrrs').match | (0xc00 << 20)) >>> 0],
  ['csrrsi x0, instret, 0', (spec('csrrsi').match | (0xc02 << 20)) >>> 0],
];

/** Prints `before\n` on stdout, then runs `body`; programs that do not fault exit with 0. */
function program(body: string): string {
  return `	.text
	.globl _start
_start:
	li a0, 1
	la a1, before
	li a2, 7
	li a7, 64
	ecall
${body}
	li a0, 0
	li a7, 93
	ecall
	.data
	.p2align 2
before: .ascii "before\\n"
after: .ascii "after\\n"
err: .ascii "to stderr\\n"
buf: .word 0x11223344, 0x55667788, 0x99aabbcc
`;
}

interface Case {
  readonly name: string;
  readonly source: string;
  /** The exit code qemu gives (checked on the reference, so that a broken case cannot pass). */
  readonly exitCode: number;
  /** For faults: gpesim must name this label (its address and name) in its message. */
  readonly faultLabel?: string;
}

const CASES: readonly Case[] = [
  {
    name: 'write to stdout and stderr, exit_group (94) with a code above 255',
    source: program(`	li a0, 2
	la a1, err
	li a2, 10
	li a7, 64
	ecall
	li a0, 1
	la a1, after
	li a2, 3
	li a7, 64
	ecall
	li a0, 0x107
	li a7, 94
	ecall`),
    exitCode: 7,
  },
  { name: 'exit (93) with -1', source: program('	li a0, -1\n	li a7, 93\n	ecall'), exitCode: 255 },
  {
    name: 'write returns the byte count in a0',
    source: program(`	li a0, 1
	la a1, after
	li a2, 6
	li a7, 64
	ecall
	li a7, 93
	ecall`),
    exitCode: 6,
  },
  {
    name: 'misaligned lw/sw/lh/sh are performed (qemu-user and gpesim by default)',
    source: program(`	la t0, buf
	lw t1, 1(t0)
	lh t2, 3(t0)
	lhu t3, 5(t0)
	sw t1, 6(t0)
	sh t2, 1(t0)
	lw t4, 4(t0)
	lw t5, 0(t0)
	xor a0, t1, t2
	xor a0, a0, t3
	xor a0, a0, t4
	xor a0, a0, t5
	srli t6, a0, 16
	xor a0, a0, t6
	srli t6, a0, 8
	xor a0, a0, t6
	andi a0, a0, 0xff
	li a7, 93
	ecall`),
    exitCode: -1, // computed by qemu; any value, compared with gpesim
  },
  { name: 'illegal instruction: write to the read-only cycle CSR (unimp)', source: program('fault_here:\n	unimp'), exitCode: 132, faultLabel: 'fault_here' },
  {
    name: 'illegal instruction: csrrwi x0 to the read-only cycle CSR (a write even with rd = x0)',
    source: program(`fault_here:\n	.word ${word('csrrwi', 0xc00 << 20)}`),
    exitCode: 132,
    faultLabel: 'fault_here',
  },
  {
    name: 'illegal instruction: dyn rounding with frm = 5',
    source: program('	li t0, 5\n	fsrm t0\nfault_here:\n	fadd.s ft0, ft1, ft2'),
    exitCode: 132,
    faultLabel: 'fault_here',
  },
  {
    name: 'illegal instruction: static rounding mode 6 in fmul.s',
    source: program(`fault_here:\n	.word ${word('fmul.s', 6 << 12)}`),
    exitCode: 132,
    faultLabel: 'fault_here',
  },
  // Reserved encodings next to real ones, derived from the table entries they modify.
  ...RESERVED.map(([what, w]) => ({
    name: `illegal instruction: ${what} (.word 0x${w.toString(16).padStart(8, '0')})`,
    source: program(`fault_here:\n	.word 0x${w.toString(16)}`),
    exitCode: 132,
    faultLabel: 'fault_here',
  })),
  {
    name: 'legal encodings with unusual fields',
    source: program(ODD_BUT_LEGAL.map(([, w]) => `	.word 0x${w.toString(16)}`).join('\n')),
    exitCode: 0,
  },
  { name: 'ebreak without a debugger', source: program('fault_here:\n	ebreak'), exitCode: 133, faultLabel: 'fault_here' },
  {
    name: 'misaligned amoadd.w',
    source: program('	la t0, buf\n	addi t0, t0, 2\n	li t1, 5\nfault_here:\n	amoadd.w t2, t1, (t0)'),
    exitCode: 135,
    faultLabel: 'fault_here',
  },
  {
    // The A spec requires a misaligned-address (or access) fault here: both qemu 7.2 (SIGBUS,
    // 135) and gpesim fault; the exit code is taken from qemu and compared.
    name: 'misaligned lr.w faults',
    source: program('	la t0, buf\n	addi t0, t0, 1\n	lr.w t2, (t0)\n	andi a0, t2, 0x7f\n	li a7, 93\n	ecall'),
    exitCode: -1,
  },
  { name: 'load outside memory', source: program('	li t0, 0xfffff000\nfault_here:\n	lw t1, 0(t0)'), exitCode: 139, faultLabel: 'fault_here' },
  { name: 'store outside memory', source: program('	li t0, 0xfffff000\nfault_here:\n	sw t1, 8(t0)'), exitCode: 139, faultLabel: 'fault_here' },
];

const missing = missingTools([AS, LD, QEMU]);
if (missing.length > 0) console.warn(`test/diff syscalls and faults skipped: missing ${missing.join(', ')}`);
const gpesimReason = gpesimUnavailable();
if (gpesimReason !== undefined) console.warn(`test/diff syscalls and faults against gpesim skipped: ${gpesimReason}`);

const work = tempDir('gpesim-diff-faults-');
const elfOf = (i: number) => join(work.dir, `case${i}.elf`);
const qemuResults = new Map<number, ProcessResult>();
afterAll(() => work.remove());

describe.skipIf(missing.length > 0)('syscalls and faults', () => {
  beforeAll(async () => {
    await mapLimit(CASES, 2, async (c, i) => {
      const source = join(work.dir, `case${i}.s`);
      writeFileSync(source, c.source);
      await assembleAndLink(source, join(work.dir, `case${i}.o`), elfOf(i));
      // no core files from the faulting cases
      qemuResults.set(i, await run('sh', ['-c', `ulimit -c 0; exec ${QEMU} "$0"`, elfOf(i)]));
    });
  }, 60_000);

  const indices = CASES.map((c, i) => [c.name, i] as const);

  it.each(RESERVED)('the table itself does not decode %s', (_, w) => {
    expect(decode(w)).toBeUndefined();
  });

  it.each(ODD_BUT_LEGAL)('the table decodes %s', (_, w) => {
    expect(decode(w)).toBeDefined();
  });

  it.each(indices)('qemu-riscv32: %s', (_, i) => {
    const r = qemuResults.get(i)!;
    expect(r.stdout.startsWith('before\n')).toBe(true);
    if (CASES[i]!.exitCode >= 0) expect(r.exitCode).toBe(CASES[i]!.exitCode);
  });

  describe.skipIf(gpesimReason !== undefined)('gpesim run --harts 1', () => {
    it.each(indices)('%s', async (_, i) => {
      const c = CASES[i]!;
      const expected = qemuResults.get(i)!;
      const actual = await runGpesim(elfOf(i), work.dir);
      const context = `case '${c.name}', gpesim stderr: ${actual.stderr.slice(0, 1000)}`;
      expect(firstDifference(expected.stdout, actual.stdout), context).toBeUndefined();
      expect(actual.exitCode, context).toBe(expected.exitCode);
      if (c.faultLabel === undefined) {
        // a program's own stderr output passes through unchanged
        expect(actual.stderr).toBe(expected.stderr);
      } else {
        const symbol = readElf(new Uint8Array(readFileSync(elfOf(i)))).symbols.find((s) => s.name === c.faultLabel)!;
        expect(actual.stderr, context).toContain(c.faultLabel);
        expect(actual.stderr.toLowerCase(), context).toContain(symbol.value.toString(16).padStart(8, '0'));
        expect(actual.stderr, context).not.toMatch(/\n\s+at /); // no stack trace
      }
    });
  });
});
