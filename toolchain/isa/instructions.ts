// The one instruction table of gpesim. Every other component (decoder, encoder, assembler,
// disassembler, emulator semantics, docs/ISA.md) reads the ISA from here; nobody types an
// opcode anywhere else.
//
// Each line follows riscv-opcodes (https://github.com/riscv/riscv-opcodes): the mnemonic, the
// operand fields it carries and the fixed bit ranges `hi..lo=value`, then, after `|`, the
// assembly syntax (the operands in source order), the extension and the timing class.
// Lines with `{aqrl}` expand into the four ordering variants GNU as spells as separate mnemonics
// (`amoadd.w`, `amoadd.w.aq`, `amoadd.w.rl`, `amoadd.w.aqrl`) with bits 26 and 25 fixed.

import { FIELDS, type FieldName } from './fields';

export type Extension = 'I' | 'M' | 'A' | 'F' | 'Zicsr' | 'Zifencei' | 'Priv';

/** Which latency the timing model charges; see docs/MACHINE.md for each class's cycles. */
export type TimingClass =
  | 'alu'
  | 'branch'
  | 'jump'
  | 'mul'
  | 'div'
  | 'load'
  | 'store'
  | 'atomic'
  | 'fp-add'
  | 'fp-mul'
  | 'fp-fma'
  | 'fp-div'
  | 'fp-sqrt'
  | 'fp-misc'
  | 'fp-load'
  | 'fp-store'
  | 'csr'
  | 'fence'
  | 'system';

/**
 * Assembly operands, in source order. Register kinds say which file (x or f) and which field.
 * `mem` is `offset(rs1)` with the I-type immediate, `smem` the same with the S-type immediate,
 * `amem` is `(rs1)` (atomics; GNU as also accepts `0(rs1)`). `rm` is an optional trailing
 * rounding mode (GNU as fills in `dyn` when it is absent).
 */
export type OperandKind =
  | 'xd'
  | 'xs1'
  | 'xs2'
  | 'fd'
  | 'fs1'
  | 'fs2'
  | 'fs3'
  | 'imm12'
  | 'shamt'
  | 'uimm20'
  | 'mem'
  | 'smem'
  | 'amem'
  | 'btarget'
  | 'jtarget'
  | 'csr'
  | 'zimm'
  | 'rm'
  | 'pred'
  | 'succ';

export interface FixedBits {
  readonly hi: number;
  readonly lo: number;
  readonly value: number;
}

export interface InstructionSpec {
  /** Position in INSTRUCTIONS; the emulator dispatches on this. */
  readonly id: number;
  /** The mnemonic as GNU as spells it, e.g. `amoadd.w.aqrl`. */
  readonly mnemonic: string;
  /** The mnemonic without the `.aq`/`.rl`/`.aqrl` ordering suffix; the semantics are keyed on it. */
  readonly base: string;
  /** Operand bit fields of the encoding (not fixed), in riscv-opcodes order. */
  readonly fields: readonly FieldName[];
  readonly fixed: readonly FixedBits[];
  readonly match: number;
  readonly mask: number;
  readonly syntax: readonly OperandKind[];
  readonly extension: Extension;
  readonly timing: TimingClass;
}

// prettier-ignore
const TABLE_SOURCE = `
lui       rd imm20                               6..2=0x0D 1..0=3 | xd,uimm20      | I alu
auipc     rd imm20                               6..2=0x05 1..0=3 | xd,uimm20      | I alu
jal       rd jimm20                              6..2=0x1b 1..0=3 | xd,jtarget     | I jump
jalr      rd rs1 imm12                 14..12=0  6..2=0x19 1..0=3 | xd,mem         | I jump
beq       bimm12hi rs1 rs2 bimm12lo    14..12=0  6..2=0x18 1..0=3 | xs1,xs2,btarget | I branch
bne       bimm12hi rs1 rs2 bimm12lo    14..12=1  6..2=0x18 1..0=3 | xs1,xs2,btarget | I branch
blt       bimm12hi rs1 rs2 bimm12lo    14..12=4  6..2=0x18 1..0=3 | xs1,xs2,btarget | I branch
bge       bimm12hi rs1 rs2 bimm12lo    14..12=5  6..2=0x18 1..0=3 | xs1,xs2,btarget | I branch
bltu      bimm12hi rs1 rs2 bimm12lo    14..12=6  6..2=0x18 1..0=3 | xs1,xs2,btarget | I branch
bgeu      bimm12hi rs1 rs2 bimm12lo    14..12=7  6..2=0x18 1..0=3 | xs1,xs2,btarget | I branch
lb        rd rs1 imm12                 14..12=0  6..2=0x00 1..0=3 | xd,mem         | I load
lh        rd rs1 imm12                 14..12=1  6..2=0x00 1..0=3 | xd,mem         | I load
lw        rd rs1 imm12                 14..12=2  6..2=0x00 1..0=3 | xd,mem         | I load
lbu       rd rs1 imm12                 14..12=4  6..2=0x00 1..0=3 | xd,mem         | I load
lhu       rd rs1 imm12                 14..12=5  6..2=0x00 1..0=3 | xd,mem         | I load
sb        imm12hi rs1 rs2 imm12lo      14..12=0  6..2=0x08 1..0=3 | xs2,smem       | I store
sh        imm12hi rs1 rs2 imm12lo      14..12=1  6..2=0x08 1..0=3 | xs2,smem       | I store
sw        imm12hi rs1 rs2 imm12lo      14..12=2  6..2=0x08 1..0=3 | xs2,smem       | I store
addi      rd rs1 imm12                 14..12=0  6..2=0x04 1..0=3 | xd,xs1,imm12   | I alu
slti      rd rs1 imm12                 14..12=2  6..2=0x04 1..0=3 | xd,xs1,imm12   | I alu
sltiu     rd rs1 imm12                 14..12=3  6..2=0x04 1..0=3 | xd,xs1,imm12   | I alu
xori      rd rs1 imm12                 14..12=4  6..2=0x04 1..0=3 | xd,xs1,imm12   | I alu
ori       rd rs1 imm12                 14..12=6  6..2=0x04 1..0=3 | xd,xs1,imm12   | I alu
andi      rd rs1 imm12                 14..12=7  6..2=0x04 1..0=3 | xd,xs1,imm12   | I alu
slli      rd rs1 shamtw 31..25=0x00    14..12=1  6..2=0x04 1..0=3 | xd,xs1,shamt   | I alu
srli      rd rs1 shamtw 31..25=0x00    14..12=5  6..2=0x04 1..0=3 | xd,xs1,shamt   | I alu
srai      rd rs1 shamtw 31..25=0x20    14..12=5  6..2=0x04 1..0=3 | xd,xs1,shamt   | I alu
add       rd rs1 rs2    31..25=0x00    14..12=0  6..2=0x0C 1..0=3 | xd,xs1,xs2     | I alu
sub       rd rs1 rs2    31..25=0x20    14..12=0  6..2=0x0C 1..0=3 | xd,xs1,xs2     | I alu
sll       rd rs1 rs2    31..25=0x00    14..12=1  6..2=0x0C 1..0=3 | xd,xs1,xs2     | I alu
slt       rd rs1 rs2    31..25=0x00    14..12=2  6..2=0x0C 1..0=3 | xd,xs1,xs2     | I alu
sltu      rd rs1 rs2    31..25=0x00    14..12=3  6..2=0x0C 1..0=3 | xd,xs1,xs2     | I alu
xor       rd rs1 rs2    31..25=0x00    14..12=4  6..2=0x0C 1..0=3 | xd,xs1,xs2     | I alu
srl       rd rs1 rs2    31..25=0x00    14..12=5  6..2=0x0C 1..0=3 | xd,xs1,xs2     | I alu
sra       rd rs1 rs2    31..25=0x20    14..12=5  6..2=0x0C 1..0=3 | xd,xs1,xs2     | I alu
or        rd rs1 rs2    31..25=0x00    14..12=6  6..2=0x0C 1..0=3 | xd,xs1,xs2     | I alu
and       rd rs1 rs2    31..25=0x00    14..12=7  6..2=0x0C 1..0=3 | xd,xs1,xs2     | I alu
fence     fm pred succ rs1 rd          14..12=0  6..2=0x03 1..0=3 | pred,succ      | I fence
ecall     31..20=0x000 19..15=0 14..12=0 11..7=0 6..2=0x1C 1..0=3 |                | I system
ebreak    31..20=0x001 19..15=0 14..12=0 11..7=0 6..2=0x1C 1..0=3 |                | I system
fence.i   imm12 rs1 rd             14..12=1  6..2=0x03 1..0=3 |                    | Zifencei fence
mret      31..20=0x302 19..15=0 14..12=0 11..7=0 6..2=0x1C 1..0=3 |                | Priv system
wfi       31..20=0x105 19..15=0 14..12=0 11..7=0 6..2=0x1C 1..0=3 |                | Priv system
mul       rd rs1 rs2    31..25=0x01    14..12=0  6..2=0x0C 1..0=3 | xd,xs1,xs2     | M mul
mulh      rd rs1 rs2    31..25=0x01    14..12=1  6..2=0x0C 1..0=3 | xd,xs1,xs2     | M mul
mulhsu    rd rs1 rs2    31..25=0x01    14..12=2  6..2=0x0C 1..0=3 | xd,xs1,xs2     | M mul
mulhu     rd rs1 rs2    31..25=0x01    14..12=3  6..2=0x0C 1..0=3 | xd,xs1,xs2     | M mul
div       rd rs1 rs2    31..25=0x01    14..12=4  6..2=0x0C 1..0=3 | xd,xs1,xs2     | M div
divu      rd rs1 rs2    31..25=0x01    14..12=5  6..2=0x0C 1..0=3 | xd,xs1,xs2     | M div
rem       rd rs1 rs2    31..25=0x01    14..12=6  6..2=0x0C 1..0=3 | xd,xs1,xs2     | M div
remu      rd rs1 rs2    31..25=0x01    14..12=7  6..2=0x0C 1..0=3 | xd,xs1,xs2     | M div
lr.w{aqrl}      rd rs1 24..20=0 31..27=0x02 14..12=2 6..2=0x0B 1..0=3 | xd,amem      | A atomic
sc.w{aqrl}      rd rs1 rs2      31..27=0x03 14..12=2 6..2=0x0B 1..0=3 | xd,xs2,amem  | A atomic
amoswap.w{aqrl} rd rs1 rs2      31..27=0x01 14..12=2 6..2=0x0B 1..0=3 | xd,xs2,amem  | A atomic
amoadd.w{aqrl}  rd rs1 rs2      31..27=0x00 14..12=2 6..2=0x0B 1..0=3 | xd,xs2,amem  | A atomic
amoxor.w{aqrl}  rd rs1 rs2      31..27=0x04 14..12=2 6..2=0x0B 1..0=3 | xd,xs2,amem  | A atomic
amoand.w{aqrl}  rd rs1 rs2      31..27=0x0C 14..12=2 6..2=0x0B 1..0=3 | xd,xs2,amem  | A atomic
amoor.w{aqrl}   rd rs1 rs2      31..27=0x08 14..12=2 6..2=0x0B 1..0=3 | xd,xs2,amem  | A atomic
amomin.w{aqrl}  rd rs1 rs2      31..27=0x10 14..12=2 6..2=0x0B 1..0=3 | xd,xs2,amem  | A atomic
amomax.w{aqrl}  rd rs1 rs2      31..27=0x14 14..12=2 6..2=0x0B 1..0=3 | xd,xs2,amem  | A atomic
amominu.w{aqrl} rd rs1 rs2      31..27=0x18 14..12=2 6..2=0x0B 1..0=3 | xd,xs2,amem  | A atomic
amomaxu.w{aqrl} rd rs1 rs2      31..27=0x1C 14..12=2 6..2=0x0B 1..0=3 | xd,xs2,amem  | A atomic
flw       rd rs1 imm12                 14..12=2  6..2=0x01 1..0=3 | fd,mem         | F fp-load
fsw       imm12hi rs1 rs2 imm12lo      14..12=2  6..2=0x09 1..0=3 | fs2,smem       | F fp-store
fmadd.s   rd rs1 rs2 rs3 rm  26..25=0  6..2=0x10 1..0=3 | fd,fs1,fs2,fs3,rm | F fp-fma
fmsub.s   rd rs1 rs2 rs3 rm  26..25=0  6..2=0x11 1..0=3 | fd,fs1,fs2,fs3,rm | F fp-fma
fnmsub.s  rd rs1 rs2 rs3 rm  26..25=0  6..2=0x12 1..0=3 | fd,fs1,fs2,fs3,rm | F fp-fma
fnmadd.s  rd rs1 rs2 rs3 rm  26..25=0  6..2=0x13 1..0=3 | fd,fs1,fs2,fs3,rm | F fp-fma
fadd.s    rd rs1 rs2 31..27=0x00 rm          26..25=0 6..2=0x14 1..0=3 | fd,fs1,fs2,rm | F fp-add
fsub.s    rd rs1 rs2 31..27=0x01 rm          26..25=0 6..2=0x14 1..0=3 | fd,fs1,fs2,rm | F fp-add
fmul.s    rd rs1 rs2 31..27=0x02 rm          26..25=0 6..2=0x14 1..0=3 | fd,fs1,fs2,rm | F fp-mul
fdiv.s    rd rs1 rs2 31..27=0x03 rm          26..25=0 6..2=0x14 1..0=3 | fd,fs1,fs2,rm | F fp-div
fsqrt.s   rd rs1 24..20=0 31..27=0x0B rm     26..25=0 6..2=0x14 1..0=3 | fd,fs1,rm     | F fp-sqrt
fsgnj.s   rd rs1 rs2 31..27=0x04 14..12=0    26..25=0 6..2=0x14 1..0=3 | fd,fs1,fs2    | F fp-misc
fsgnjn.s  rd rs1 rs2 31..27=0x04 14..12=1    26..25=0 6..2=0x14 1..0=3 | fd,fs1,fs2    | F fp-misc
fsgnjx.s  rd rs1 rs2 31..27=0x04 14..12=2    26..25=0 6..2=0x14 1..0=3 | fd,fs1,fs2    | F fp-misc
fmin.s    rd rs1 rs2 31..27=0x05 14..12=0    26..25=0 6..2=0x14 1..0=3 | fd,fs1,fs2    | F fp-misc
fmax.s    rd rs1 rs2 31..27=0x05 14..12=1    26..25=0 6..2=0x14 1..0=3 | fd,fs1,fs2    | F fp-misc
fcvt.w.s  rd rs1 24..20=0 31..27=0x18 rm     26..25=0 6..2=0x14 1..0=3 | xd,fs1,rm     | F fp-misc
fcvt.wu.s rd rs1 24..20=1 31..27=0x18 rm     26..25=0 6..2=0x14 1..0=3 | xd,fs1,rm     | F fp-misc
fmv.x.w   rd rs1 24..20=0 31..27=0x1C 14..12=0 26..25=0 6..2=0x14 1..0=3 | xd,fs1      | F fp-misc
feq.s     rd rs1 rs2 31..27=0x14 14..12=2    26..25=0 6..2=0x14 1..0=3 | xd,fs1,fs2    | F fp-misc
flt.s     rd rs1 rs2 31..27=0x14 14..12=1    26..25=0 6..2=0x14 1..0=3 | xd,fs1,fs2    | F fp-misc
fle.s     rd rs1 rs2 31..27=0x14 14..12=0    26..25=0 6..2=0x14 1..0=3 | xd,fs1,fs2    | F fp-misc
fclass.s  rd rs1 24..20=0 31..27=0x1C 14..12=1 26..25=0 6..2=0x14 1..0=3 | xd,fs1      | F fp-misc
fcvt.s.w  rd rs1 24..20=0 31..27=0x1A rm     26..25=0 6..2=0x14 1..0=3 | fd,xs1,rm     | F fp-misc
fcvt.s.wu rd rs1 24..20=1 31..27=0x1A rm     26..25=0 6..2=0x14 1..0=3 | fd,xs1,rm     | F fp-misc
fmv.w.x   rd rs1 24..20=0 31..27=0x1E 14..12=0 26..25=0 6..2=0x14 1..0=3 | fd,xs1      | F fp-misc
csrrw     rd rs1 csr                   14..12=1  6..2=0x1C 1..0=3 | xd,csr,xs1     | Zicsr csr
csrrs     rd rs1 csr                   14..12=2  6..2=0x1C 1..0=3 | xd,csr,xs1     | Zicsr csr
csrrc     rd rs1 csr                   14..12=3  6..2=0x1C 1..0=3 | xd,csr,xs1     | Zicsr csr
csrrwi    rd zimm csr                  14..12=5  6..2=0x1C 1..0=3 | xd,csr,zimm    | Zicsr csr
csrrsi    rd zimm csr                  14..12=6  6..2=0x1C 1..0=3 | xd,csr,zimm    | Zicsr csr
csrrci    rd zimm csr                  14..12=7  6..2=0x1C 1..0=3 | xd,csr,zimm    | Zicsr csr
`;

const EXTENSIONS: readonly Extension[] = ['I', 'M', 'A', 'F', 'Zicsr', 'Zifencei', 'Priv'];
const TIMING_CLASSES: readonly TimingClass[] = [
  'alu', 'branch', 'jump', 'mul', 'div', 'load', 'store', 'atomic', 'fp-add', 'fp-mul', 'fp-fma',
  'fp-div', 'fp-sqrt', 'fp-misc', 'fp-load', 'fp-store', 'csr', 'fence', 'system',
];
const OPERAND_KINDS: readonly OperandKind[] = [
  'xd', 'xs1', 'xs2', 'fd', 'fs1', 'fs2', 'fs3', 'imm12', 'shamt', 'uimm20', 'mem', 'smem',
  'amem', 'btarget', 'jtarget', 'csr', 'zimm', 'rm', 'pred', 'succ',
];

const ORDERINGS = [
  { suffix: '', aq: 0, rl: 0 },
  { suffix: '.aq', aq: 1, rl: 0 },
  { suffix: '.rl', aq: 0, rl: 1 },
  { suffix: '.aqrl', aq: 1, rl: 1 },
] as const;

function fail(line: string, why: string): never {
  throw new Error(`instruction table: ${why} in line: ${line.trim()}`);
}

function parseTable(source: string): InstructionSpec[] {
  const specs: InstructionSpec[] = [];
  for (const line of source.split('\n')) {
    if (line.trim() === '') continue;
    const [encodingPart, syntaxPart, metaPart] = line.split('|').map((s) => s.trim());
    if (encodingPart === undefined || syntaxPart === undefined || metaPart === undefined) {
      fail(line, 'expected three |-separated parts');
    }
    const [name, ...tokens] = encodingPart.split(/\s+/);
    if (name === undefined) fail(line, 'missing mnemonic');
    const fields: FieldName[] = [];
    const fixed: FixedBits[] = [];
    for (const token of tokens) {
      const range = /^(\d+)\.\.(\d+)=(0x[0-9a-fA-F]+|\d+)$/.exec(token);
      if (range) {
        fixed.push({ hi: Number(range[1]), lo: Number(range[2]), value: Number(range[3]) });
      } else if (token in FIELDS) {
        fields.push(token as FieldName);
      } else {
        fail(line, `unknown token '${token}'`);
      }
    }
    const syntax = syntaxPart === '' ? [] : syntaxPart.split(',');
    for (const kind of syntax) {
      if (!OPERAND_KINDS.includes(kind as OperandKind)) fail(line, `unknown operand kind '${kind}'`);
    }
    const [extension, timing] = metaPart.split(/\s+/);
    if (!EXTENSIONS.includes(extension as Extension)) fail(line, `unknown extension '${extension}'`);
    if (!TIMING_CLASSES.includes(timing as TimingClass)) fail(line, `unknown timing class '${timing}'`);

    const variants = name.endsWith('{aqrl}')
      ? ORDERINGS.map((o) => ({
          mnemonic: name.slice(0, -'{aqrl}'.length) + o.suffix,
          extraFixed: [
            { hi: 26, lo: 26, value: o.aq },
            { hi: 25, lo: 25, value: o.rl },
          ],
        }))
      : [{ mnemonic: name, extraFixed: [] as FixedBits[] }];
    const base = name.replace('{aqrl}', '');
    for (const variant of variants) {
      const allFixed = [...fixed, ...variant.extraFixed];
      let match = 0;
      let mask = 0;
      for (const f of allFixed) {
        const width = f.hi - f.lo + 1;
        if (f.hi < f.lo || f.hi > 31 || f.value >= 2 ** width) fail(line, `bad range ${f.hi}..${f.lo}=${f.value}`);
        const bits = width === 32 ? 0xffffffff : (2 ** width - 1) * 2 ** f.lo;
        mask = (mask | bits) >>> 0;
        match = (match | (f.value * 2 ** f.lo)) >>> 0;
      }
      specs.push(
        Object.freeze({
          id: specs.length,
          mnemonic: variant.mnemonic,
          base,
          fields: Object.freeze([...fields]),
          fixed: Object.freeze(allFixed.map((f) => Object.freeze(f))),
          match,
          mask,
          syntax: Object.freeze(syntax as OperandKind[]),
          extension: extension as Extension,
          timing: timing as TimingClass,
        }),
      );
    }
  }
  return specs;
}

/** Every instruction gpesim knows, in table order; `INSTRUCTIONS[i].id === i`. */
export const INSTRUCTIONS: readonly InstructionSpec[] = Object.freeze(parseTable(TABLE_SOURCE));

const byMnemonic = new Map<string, InstructionSpec>(INSTRUCTIONS.map((s) => [s.mnemonic, s]));

/** The table entry for a real (non-pseudo) mnemonic, e.g. `amoadd.w.aq`. */
export function instructionByMnemonic(mnemonic: string): InstructionSpec | undefined {
  return byMnemonic.get(mnemonic);
}

// Decoding: entries grouped by the major opcode (bits 6..0), then the first whose mask/match fits.
// The table is tested to have no overlaps, so the first match is the only one.
const byOpcode: InstructionSpec[][] = Array.from({ length: 128 }, () => []);
for (const spec of INSTRUCTIONS) {
  for (let opcode = 0; opcode < 128; opcode++) {
    if (((opcode ^ spec.match) & spec.mask & 0x7f) === 0) byOpcode[opcode]!.push(spec);
  }
}

/** Decodes one 32-bit word to its table entry, or undefined for an illegal instruction. */
export function decode(word: number): InstructionSpec | undefined {
  const candidates = byOpcode[word & 0x7f]!;
  for (let i = 0; i < candidates.length; i++) {
    const spec = candidates[i]!;
    if (((word ^ spec.match) & spec.mask) === 0) return spec;
  }
  return undefined;
}
