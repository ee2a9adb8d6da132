// RV32I and M, one instruction at a time, with hand-computed expectations.
import { describe, expect, it } from 'vitest';
import { CODE_BASE, DATA_BASE, bare, enc, exec, poke } from './helpers';
import { mulh, mulhsu, mulhu } from '../../emulator/core/alu';
import { HART_FAULTED, HART_RUNNING } from '../../emulator/core/hart';

const MIN = -0x80000000;

// [instruction, rs1 value (x6), rs2 value (x7), expected x5]
type Case = readonly [string, number, number, number];

const rType = (m: string) => enc(m, 5, 6, 7);

const R_CASES: readonly Case[] = [
  ['add', 1, 2, 3],
  ['add', 0x7fffffff, 1, MIN],
  ['sub', 1, 2, -1],
  ['sub', MIN, 1, 0x7fffffff],
  ['sll', 1, 31, MIN],
  ['sll', 3, 33, 6], // only the low 5 bits of rs2 count
  ['slt', -1, 0, 1],
  ['slt', 0, -1, 0],
  ['sltu', -1, 0, 0],
  ['sltu', 0, -1, 1],
  ['xor', 0xff00ff00 | 0, 0x0ff00ff0, 0xf0f0f0f0 | 0],
  ['srl', MIN, 31, 1],
  ['srl', -1, 36, 0x0fffffff],
  ['sra', MIN, 31, -1],
  ['sra', -16, 2, -4],
  ['or', 0xf0, 0x0f, 0xff],
  ['and', 0xf0, 0x3c, 0x30],
  // M: products
  ['mul', 0x10000, 0x10000, 0],
  ['mul', -3, 7, -21],
  ['mul', 0x7fffffff, 0x7fffffff, 1],
  ['mulh', 0x7fffffff, 0x7fffffff, 0x3fffffff],
  ['mulh', MIN, MIN, 0x40000000],
  ['mulh', -1, -1, 0],
  ['mulh', -1, 1, -1],
  ['mulh', MIN, 0x7fffffff, -0x40000000],
  ['mulhu', -1, -1, -2],
  ['mulhu', MIN, 2, 1],
  ['mulhsu', -1, -1, -1], // -1 * 0xffffffff = -0xffffffff: high word 0xffffffff
  ['mulhsu', MIN, -1, MIN], // -2^31 * (2^32 - 1) = -2^63 + 2^31: high word -2^31
  ['mulhsu', 2, -1, 1],
  // M: division edge cases from the spec's table
  ['div', 7, 2, 3],
  ['div', -7, 2, -3],
  ['div', 7, -2, -3],
  ['div', 7, 0, -1],
  ['div', MIN, -1, MIN],
  ['divu', -1, 2, 0x7fffffff],
  ['divu', 7, 0, -1],
  ['rem', -7, 2, -1],
  ['rem', 7, -2, 1],
  ['rem', 7, 0, 7],
  ['rem', MIN, -1, 0],
  ['remu', -1, 10, 5], // 4294967295 % 10
  ['remu', -5, 0, -5],
];

describe('R-type and M instructions', () => {
  it.each(R_CASES)('%s x5, %d, %d = %d', (m, a, b, want) => {
    const h = exec([rType(m)], (h) => {
      h.x[6] = a;
      h.x[7] = b;
    });
    expect(h.x[5]).toBe(want);
    expect(h.pc).toBe(CODE_BASE + 4);
  });

  it('mulh/mulhsu/mulhu agree with exact 64-bit products on edge and random operands', () => {
    const edges = [0, 1, -1, 2, -2, MIN, 0x7fffffff, 0x8001, 0xffff, 0x10000, 0x12345678, -0x12345678];
    let seed = 12345;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) | 0;
      return seed;
    };
    const values = [...edges];
    for (let k = 0; k < 300; k++) values.push(rand());
    for (const a of values) {
      for (const b of edges.concat([rand(), rand()])) {
        const sa = BigInt(a | 0);
        const sb = BigInt(b | 0);
        const ua = BigInt(a >>> 0);
        const ub = BigInt(b >>> 0);
        expect(mulh(a, b)).toBe(Number(BigInt.asIntN(32, (sa * sb) >> 32n)));
        expect(mulhu(a, b)).toBe(Number(BigInt.asIntN(32, (ua * ub) >> 32n)));
        expect(mulhsu(a, b)).toBe(Number(BigInt.asIntN(32, (sa * ub) >> 32n)));
      }
    }
  });

  it('writes to x0 are discarded', () => {
    const h = exec([enc('addi', 0, 0, 5), enc('add', 5, 0, 0)]);
    expect(h.x[0]).toBe(0);
    expect(h.x[5]).toBe(0);
  });
});

describe('I-type, U-type and jumps', () => {
  const I_CASES: readonly (readonly [string, number, number, number])[] = [
    ['addi', 5, -6, -1],
    ['addi', 0x7fffffff, 1, MIN],
    ['slti', -5, -4, 1],
    ['sltiu', 5, -1, 1], // immediate sign-extended, then compared unsigned
    ['xori', 0x0f, -1, ~0x0f],
    ['ori', 0x100, 0x0ff, 0x1ff],
    ['andi', -1, 0x7ff, 0x7ff],
    ['slli', 1, 31, MIN],
    ['srli', -1, 28, 15],
    ['srai', MIN, 28, -8],
  ];
  it.each(I_CASES)('%s x5, %d, %d = %d', (m, a, imm, want) => {
    const h = exec([enc(m, 5, 6, imm)], (h) => {
      h.x[6] = a;
    });
    expect(h.x[5]).toBe(want);
  });

  it('lui and auipc', () => {
    const h = exec([enc('lui', 5, 0xfffff), enc('auipc', 6, 0x12345)]);
    expect(h.x[5]).toBe(0xfffff000 | 0);
    expect(h.x[6]).toBe((CODE_BASE + 4 + 0x12345000) | 0);
  });

  it('jal links and jumps; jalr clears bit 0 and links after reading rs1', () => {
    let h = exec([enc('jal', 1, 8)], undefined, 1);
    expect(h.x[1]).toBe(CODE_BASE + 4);
    expect(h.pc).toBe(CODE_BASE + 8);
    h = exec([enc('jalr', 5, 5, 5)], (h) => {
      h.x[5] = CODE_BASE + 0x100;
    });
    expect(h.pc).toBe(CODE_BASE + 0x104); // 0x105 & ~1
    expect(h.x[5]).toBe(CODE_BASE + 4);
  });

  it('jump to an address that is not a multiple of 4 faults (no C extension)', () => {
    const h = exec([enc('jalr', 1, 2, 5)], (h) => {
      h.x[5] = CODE_BASE + 0x100;
    });
    expect(h.state).toBe(HART_FAULTED);
    expect(h.trap?.cause).toBe(0);
    expect(h.trap?.tval).toBe(CODE_BASE + 0x102);
    expect(h.x[1]).toBe(0); // rd not written by a faulting jump
  });

  const B_CASES: readonly (readonly [string, number, number, boolean])[] = [
    ['beq', 3, 3, true], ['beq', 3, 4, false],
    ['bne', 3, 4, true], ['bne', 3, 3, false],
    ['blt', -1, 0, true], ['blt', 0, -1, false],
    ['bge', 0, 0, true], ['bge', -1, 0, false],
    ['bltu', 0, -1, true], ['bltu', -1, 0, false],
    ['bgeu', -1, 0, true], ['bgeu', 0, -1, false],
  ];
  it.each(B_CASES)('%s %d, %d taken=%s', (m, a, b, taken) => {
    const h = exec([enc(m, 6, 7, -16)], (h) => {
      h.x[6] = a;
      h.x[7] = b;
    });
    expect(h.pc).toBe(taken ? CODE_BASE - 16 : CODE_BASE + 4);
  });
});

describe('loads and stores', () => {
  const setup = (h: { x: Int32Array }, m: Parameters<typeof poke>[0]) => {
    poke(m, DATA_BASE, 0x8281f0ff);
    h.x[6] = DATA_BASE;
  };
  it.each([
    ['lb', 0, -1],
    ['lbu', 0, 0xff],
    ['lb', 1, -16],
    ['lbu', 3, 0x82],
    ['lh', 0, 0xfffff0ff | 0],
    ['lhu', 2, 0x8281],
    ['lh', 2, 0xffff8281 | 0],
    ['lw', 0, 0x8281f0ff | 0],
  ] as const)('%s at offset %d = %d', (m, off, want) => {
    const h = exec([enc(m, 5, off, 6)], setup);
    expect(h.x[5]).toBe(want);
  });

  it('sb/sh/sw write little-endian bytes and only their width', () => {
    const { hart, memory } = bare([enc('sw', 7, 0, 6), enc('sh', 8, 4, 6), enc('sb', 9, 7, 6)]);
    hart.x[6] = DATA_BASE;
    hart.x[7] = 0x11223344;
    hart.x[8] = 0x5566aabb;
    hart.x[9] = 0x1234ccdd;
    hart.run(3);
    expect([...memory.readBytes(DATA_BASE, 8)]).toEqual([0x44, 0x33, 0x22, 0x11, 0xbb, 0xaa, 0x00, 0xdd]);
  });

  it('misaligned loads and stores are performed byte by byte (like QEMU user mode)', () => {
    const { hart, memory } = bare([enc('sw', 7, 1, 6), enc('lw', 5, 1, 6), enc('lh', 8, 3, 6)]);
    hart.x[6] = DATA_BASE + 0xfffc; // the word at +0xfffd crosses into the next 64 KiB page
    hart.x[7] = 0xa1b2c3d4 | 0;
    hart.run(3);
    expect(hart.state).toBe(HART_RUNNING);
    expect(hart.x[5]).toBe(0xa1b2c3d4 | 0);
    expect(hart.x[8]).toBe(0xffffa1b2 | 0);
    expect(memory.readWord(DATA_BASE + 0xfffd)).toBe(0xa1b2c3d4);
  });

  it('with misaligned access disabled, a misaligned load faults with the address', () => {
    const { hart } = bare([enc('lw', 5, 2, 6)]);
    hart.allowMisaligned = false;
    hart.x[6] = DATA_BASE;
    hart.run(1);
    expect(hart.state).toBe(HART_FAULTED);
    expect(hart.trap?.cause).toBe(4);
    expect(hart.trap?.tval).toBe(DATA_BASE + 2);
  });

  it('loads of untouched memory read 0; accesses outside memory fault', () => {
    let h = exec([enc('lw', 5, 0, 6)], (h) => {
      h.x[5] = 99;
      h.x[6] = 0x800000;
    });
    expect(h.x[5]).toBe(0);
    h = exec([enc('lw', 5, 0, 6)], (h) => {
      h.x[6] = 0x2000000; // memory is 16 MiB
    });
    expect(h.state).toBe(HART_FAULTED);
    expect(h.trap?.cause).toBe(5);
    h = exec([enc('sb', 7, 0, 6)], (h) => {
      h.x[6] = -4;
    });
    expect(h.trap?.cause).toBe(7);
    expect(h.trap?.tval).toBe(0xfffffffc);
    h = exec([enc('lw', 5, 16, 0)]); // null-pointer guard: the first 4 KiB
    expect(h.trap?.cause).toBe(5);
  });
});
