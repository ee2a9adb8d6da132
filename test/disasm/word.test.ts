// disassembleWord on words whose objdump 2.40 text was recorded by hand (riscv64-unknown-elf-
// objdump -d, with and without -M no-aliases); runs without the GNU tools.
import { describe, expect, it } from 'vitest';
import { DisasmState, disassembleWord } from '../../toolchain/disasm/word';

const A = { aliases: true } as const;
const N = { aliases: false } as const;

describe('disassembleWord', () => {
  it.each([
    [0x00000513, 'li\ta0,0', 'addi\ta0,zero,0'],
    [0x01058593, 'add\ta1,a1,16', 'addi\ta1,a1,16'], // binutils 2.40 prints addi with a register as add
    [0xc0001073, 'unimp', 'unimp'],
    [0x8330000f, 'fence.tso', 'fence.tso'],
    [0x0000000f, 'fence\tunknown,unknown', 'fence\tunknown,unknown'],
    [0x0ff0000f, 'fence', 'fence\tiorw,iorw'],
    [0x02000053, '.4byte\t0x2000053', '.4byte\t0x2000053'], // fadd.d: not ours
    [0x00b50553, 'fadd.s\tfa0,fa0,fa1,rne', 'fadd.s\tfa0,fa0,fa1,rne'],
    [0x00b57553, 'fadd.s\tfa0,fa0,fa1', 'fadd.s\tfa0,fa0,fa1'],
    [0x00b55553, 'fadd.s\tfa0,fa0,fa1,unknown', 'fadd.s\tfa0,fa0,fa1,unknown'],
    [0xfc002573, 'csrr\ta0,0xfc0', 'csrrs\ta0,0xfc0,zero'],
    [0x7c029073, 'csrw\t0x7c0,t0', 'csrrw\tzero,0x7c0,t0'],
    [0x00008067, 'ret', 'jalr\tzero,0(ra)'],
    [0x000500e7, 'jalr\ta0', 'jalr\tra,0(a0)'],
    [0x00c50067, 'jr\t12(a0)', 'jalr\tzero,12(a0)'],
    [0x1005202f, 'lr.w\tzero,(a0)', 'lr.w\tzero,(a0)'],
    [0x1e05a52f, 'sc.w.aqrl\ta0,zero,(a1)', 'sc.w.aqrl\ta0,zero,(a1)'],
  ])('0x%s', (word, aliased, plain) => {
    expect(disassembleWord(word, 0x10074, A)).toBe(aliased);
    expect(disassembleWord(word, 0x10074, N)).toBe(plain);
  });

  it('prints branch targets through symbolAt, or as 0x... without symbols', () => {
    // j 100b8 <_start+0x44> at 0x100a4 (objdump on a file with _start at 0x10074)
    const symbolAt = (a: number) => `_start+0x${(a - 0x10074).toString(16)}`;
    expect(disassembleWord(0x0140006f, 0x100a4, { aliases: true, symbolAt })).toBe('j\t100b8 <_start+0x44>');
    expect(disassembleWord(0x0140006f, 0x100a4, { aliases: false, symbolAt })).toBe('jal\tzero,100b8 <_start+0x44>');
    expect(disassembleWord(0x0140006f, 0x100a4, A)).toBe('j\t0x100b8');
  });

  it('completes auipc/lui + offset pairs into an address comment, as objdump does', () => {
    // auipc a1,0x1 at 0x10098; addi a1,a1,16 -> 0x110a8 (objdump: "# 110a8 <val>")
    const symbolAt = (a: number) => (a === 0x110a8 ? 'val' : undefined);
    const state = new DisasmState();
    expect(disassembleWord(0x00001597, 0x10098, { aliases: true, symbolAt }, state)).toBe('auipc\ta1,0x1');
    expect(disassembleWord(0x01058593, 0x1009c, { aliases: true, symbolAt }, state)).toBe('add\ta1,a1,16 # 110a8 <val>');
    // The high part is used once.
    expect(disassembleWord(0x01058593, 0x100a0, { aliases: true, symbolAt }, state)).toBe('add\ta1,a1,16');
    // gp-relative with a known __global_pointer$, and zero-based addresses.
    const gp = new DisasmState(0x11800);
    expect(disassembleWord(0xff01a583, 0x10000, A, gp)).toBe('lw\ta1,-16(gp) # 0x117f0');
    expect(disassembleWord(0x06402503, 0x10000, A)).toBe('lw\ta0,100(zero) # 0x64');
  });

  it('names the gpesim custom CSRs only when asked (objdump does not know them)', () => {
    expect(disassembleWord(0xfc002573, 0, { aliases: true, customCsrNames: true })).toBe('csrr\ta0,mtileid');
    expect(disassembleWord(0x7c029073, 0, { aliases: true, customCsrNames: true })).toBe('csrw\tmcachemode,t0');
  });
});
