// The instruction table checked as data, as riscv-opcodes and Spike's check-opcode-overlap do.
import { describe, expect, it } from 'vitest';
import { INSTRUCTIONS, decode, instructionByMnemonic } from '../../toolchain/isa/instructions';
import { FIELDS, fieldMask } from '../../toolchain/isa/fields';

describe('instruction table', () => {
  it('has the expected instruction count per extension', () => {
    const count = (ext: string) => INSTRUCTIONS.filter((s) => s.extension === ext).length;
    // RV32I: 40 (37 computational/control + fence, ecall, ebreak); M: 8; A: 11 x 4 orderings;
    // F: 26; Zicsr: 6; Zifencei: 1; privileged: mret, wfi.
    expect(count('I')).toBe(40);
    expect(count('M')).toBe(8);
    expect(count('A')).toBe(44);
    expect(count('F')).toBe(26);
    expect(count('Zicsr')).toBe(6);
    expect(count('Zifencei')).toBe(1);
    expect(count('Priv')).toBe(2);
  });

  it.each(INSTRUCTIONS.map((s) => [s.mnemonic, s] as const))('%s accounts for all 32 bits exactly once', (_, spec) => {
    const owner: string[] = new Array(32).fill('');
    const claim = (bit: number, who: string) => {
      expect(owner[bit], `bit ${bit} claimed by ${owner[bit]} and ${who}`).toBe('');
      owner[bit] = who;
    };
    for (const f of spec.fixed) for (let b = f.lo; b <= f.hi; b++) claim(b, `${f.hi}..${f.lo}`);
    for (const name of spec.fields) {
      for (const p of FIELDS[name].parts) for (let b = p.lo; b <= p.hi; b++) claim(b, name);
    }
    expect(owner.filter((o) => o === '')).toEqual([]);
    // mask covers exactly the fixed bits
    let fieldBits = 0;
    for (const name of spec.fields) fieldBits |= fieldMask(name);
    expect((spec.mask | fieldBits) >>> 0).toBe(0xffffffff);
    expect((spec.mask & fieldBits) >>> 0).toBe(0);
  });

  it('has no two entries that match the same word', () => {
    for (let i = 0; i < INSTRUCTIONS.length; i++) {
      for (let j = i + 1; j < INSTRUCTIONS.length; j++) {
        const a = INSTRUCTIONS[i]!;
        const b = INSTRUCTIONS[j]!;
        // Two encodings overlap when they agree on every bit both of them fix.
        const overlap = ((a.match ^ b.match) & a.mask & b.mask) === 0;
        expect(overlap, `${a.mnemonic} overlaps ${b.mnemonic}`).toBe(false);
      }
    }
  });

  it('has unique mnemonics and ids equal to positions', () => {
    expect(new Set(INSTRUCTIONS.map((s) => s.mnemonic)).size).toBe(INSTRUCTIONS.length);
    INSTRUCTIONS.forEach((s, i) => expect(s.id).toBe(i));
  });

  it('decodes words assembled by GNU as (hand-checked against riscv64-unknown-elf-objdump)', () => {
    const cases: [number, string][] = [
      [0x00b50533, 'add'], // add a0,a0,a1
      [0x40b50533, 'sub'],
      [0x0000006f, 'jal'],
      [0x00008067, 'jalr'], // ret
      [0x02b50533, 'mul'],
      [0x100122af, 'lr.w'], // lr.w t0,(sp)
      [0x0205202f, 'amoadd.w.rl'],
      [0x0405202f, 'amoadd.w.aq'],
      [0x0605202f, 'amoadd.w.aqrl'],
      [0x00052007, 'flw'],
      [0x00b57553, 'fadd.s'], // fadd.s fa0,fa0,fa1 (dyn)
      [0xe0050553, 'fmv.x.w'],
      [0x0ff0000f, 'fence'], // fence iorw,iorw
      [0x0000100f, 'fence.i'],
      [0x00000073, 'ecall'],
      [0x00100073, 'ebreak'],
      [0x30200073, 'mret'],
      [0x10500073, 'wfi'],
      [0xc0002573, 'csrrs'], // rdcycle a0
    ];
    for (const [word, mnemonic] of cases) expect(decode(word)?.mnemonic, word.toString(16)).toBe(mnemonic);
    expect(decode(0x00000000)).toBeUndefined();
    expect(decode(0xffffffff)).toBeUndefined();
    expect(decode(0x02b52553 | (5 << 12))).toBeUndefined(); // fsgnj with funct3=5 is not an instruction
  });

  it('looks up by mnemonic', () => {
    expect(instructionByMnemonic('amoswap.w.aq')?.base).toBe('amoswap.w');
    expect(instructionByMnemonic('nop')).toBeUndefined();
  });
});
