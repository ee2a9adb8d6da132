// How each instruction of the table is printed: the alias table, in the style of LLVM's InstAlias
// with a print priority. For every table entry, the disassembler tries the rows below that name
// it, top to bottom, and prints the first whose conditions hold; the table entry's own form
// (mnemonic plus its `syntax` operands) comes last unless a row spells it with extra conditions.
// The order and the conditions reproduce what GNU objdump 2.40 prints (found by running it over
// every encoding class; test/disasm checks it against objdump word by word).
//
// Columns: printed mnemonic | table mnemonic | `alias` (hidden by --no-aliases) or `insn` (always
// shown) | conditions (`field=value` on riscv-opcodes field names, `a=b` for two equal fields,
// `-` for none) | operands as OperandKinds (`-` for none, `=` for the table entry's syntax).

import { FIELDS, type FieldName } from '../isa/fields';
import { INSTRUCTIONS, instructionByMnemonic, type InstructionSpec, type OperandKind } from '../isa/instructions';

// prettier-ignore
const ALIAS_TABLE = `
j          jal      alias  rd=0                          jtarget
jal        jal      alias  rd=1                          jtarget
ret        jalr     alias  rd=0,rs1=1,imm12=0            -
jr         jalr     alias  rd=0,imm12=0                  xs1
jr         jalr     alias  rd=0                          mem
jalr       jalr     alias  rd=1,imm12=0                  xs1
jalr       jalr     alias  rd=1                          mem
jalr       jalr     alias  imm12=0                       xd,xs1
beqz       beq      alias  rs2=0                         xs1,btarget
blez       bge      alias  rs1=0                         xs2,btarget
bgez       bge      alias  rs2=0                         xs1,btarget
bltz       blt      alias  rs2=0                         xs1,btarget
bgtz       blt      alias  rs1=0                         xs2,btarget
bnez       bne      alias  rs2=0                         xs1,btarget
nop        addi     alias  rd=0,rs1=0,imm12=0            -
li         addi     alias  rs1=0                         xd,imm12
mv         addi     alias  imm12=0                       xd,xs1
add        addi     alias  -                             xd,xs1,imm12
seqz       sltiu    alias  imm12=1                       xd,xs1
not        xori     alias  imm12=0xfff                   xd,xs1
xor        xori     alias  -                             xd,xs1,imm12
or         ori      alias  -                             xd,xs1,imm12
and        andi     alias  -                             xd,xs1,imm12
sll        slli     alias  -                             xd,xs1,shamt
srl        srli     alias  -                             xd,xs1,shamt
sra        srai     alias  -                             xd,xs1,shamt
neg        sub      alias  rs1=0                         xd,xs2
sltz       slt      alias  rs2=0                         xd,xs1
sgtz       slt      alias  rs1=0                         xd,xs2
snez       sltu     alias  rs1=0                         xd,xs2
fence      fence    alias  fm=0,rd=0,rs1=0,pred=15,succ=15  -
fence      fence    insn   fm=0,rd=0,rs1=0               =
fence.tso  fence    insn   fm=8,rd=0,rs1=0,pred=3,succ=3 -
fence.i    fence.i  insn   imm12=0,rd=0,rs1=0            =
fmv.s      fsgnj.s  alias  rs1=rs2                       fd,fs1
fneg.s     fsgnjn.s alias  rs1=rs2                       fd,fs1
fabs.s     fsgnjx.s alias  rs1=rs2                       fd,fs1
unimp      csrrw    insn   csr=0xc00,rd=0,rs1=0          -
fscsr      csrrw    alias  csr=0x003,rd=0                xs1
fsrm       csrrw    alias  csr=0x002,rd=0                xs1
fsflags    csrrw    alias  csr=0x001,rd=0                xs1
fscsr      csrrw    alias  csr=0x003                     xd,xs1
fsrm       csrrw    alias  csr=0x002                     xd,xs1
fsflags    csrrw    alias  csr=0x001                     xd,xs1
csrw       csrrw    alias  rd=0                          csr,xs1
rdcycle    csrrs    alias  csr=0xc00,rs1=0               xd
rdtime     csrrs    alias  csr=0xc01,rs1=0               xd
rdinstret  csrrs    alias  csr=0xc02,rs1=0               xd
rdcycleh   csrrs    alias  csr=0xc80,rs1=0               xd
rdtimeh    csrrs    alias  csr=0xc81,rs1=0               xd
rdinstreth csrrs    alias  csr=0xc82,rs1=0               xd
frcsr      csrrs    alias  csr=0x003,rs1=0               xd
frrm       csrrs    alias  csr=0x002,rs1=0               xd
frflags    csrrs    alias  csr=0x001,rs1=0               xd
csrr       csrrs    alias  rs1=0                         xd,csr
csrs       csrrs    alias  rd=0                          csr,xs1
csrc       csrrc    alias  rd=0                          csr,xs1
fsrmi      csrrwi   alias  csr=0x002                     xd,zimm
fsflagsi   csrrwi   alias  csr=0x001                     xd,zimm
csrw       csrrwi   alias  rd=0                          csr,zimm
csrrw      csrrwi   alias  -                             xd,csr,zimm
csrs       csrrsi   alias  rd=0                          csr,zimm
csrrs      csrrsi   alias  -                             xd,csr,zimm
csrc       csrrci   alias  rd=0                          csr,zimm
csrrc      csrrci   alias  -                             xd,csr,zimm
`;

/** A condition on the instruction word: a field has a value, or two fields are equal. */
export type FormCondition =
  | { readonly kind: 'value'; readonly field: FieldName; readonly value: number }
  | { readonly kind: 'same'; readonly field: FieldName; readonly other: FieldName };

export interface PrintForm {
  readonly name: string;
  readonly alias: boolean;
  readonly conditions: readonly FormCondition[];
  readonly operands: readonly OperandKind[];
}

/** The raw (unsigned, unshifted) value of a field in a word. */
export function fieldValue(word: number, field: FieldName): number {
  let value = 0;
  for (const p of FIELDS[field].parts) {
    const width = p.hi - p.lo + 1;
    value += ((word >>> p.lo) & (2 ** width - 1)) * 2 ** p.valueLo;
  }
  return value;
}

export function formMatches(form: PrintForm, word: number): boolean {
  for (const c of form.conditions) {
    if (c.kind === 'value') {
      if (fieldValue(word, c.field) !== c.value) return false;
    } else if (fieldValue(word, c.field) !== fieldValue(word, c.other)) {
      return false;
    }
  }
  return true;
}

function parseField(name: string, line: string): FieldName {
  if (!(name in FIELDS)) throw new Error(`disassembler alias table: unknown field '${name}' in: ${line}`);
  return name as FieldName;
}

function buildForms(): ReadonlyMap<number, readonly PrintForm[]> {
  const rows = new Map<number, PrintForm[]>();
  const strictBase = new Set<number>();
  for (const line of ALIAS_TABLE.split('\n')) {
    if (line.trim() === '') continue;
    const [name, mnemonic, kind, conditionText, operandText] = line.trim().split(/\s+/);
    const spec = instructionByMnemonic(mnemonic ?? '');
    if (!name || !spec || (kind !== 'alias' && kind !== 'insn') || !conditionText || !operandText) {
      throw new Error(`disassembler alias table: bad row: ${line}`);
    }
    const conditions: FormCondition[] =
      conditionText === '-'
        ? []
        : conditionText.split(',').map((c) => {
            const [field, value] = c.split('=') as [string, string];
            return /^\d|^0x/.test(value)
              ? { kind: 'value', field: parseField(field, line), value: Number(value) }
              : { kind: 'same', field: parseField(field, line), other: parseField(value, line) };
          });
    for (const c of conditions) {
      if (!spec.fields.includes(c.field) || (c.kind === 'same' && !spec.fields.includes(c.other))) {
        throw new Error(`disassembler alias table: ${spec.mnemonic} has no such field in: ${line}`);
      }
    }
    const operands =
      operandText === '=' ? spec.syntax : operandText === '-' ? [] : (operandText.split(',') as OperandKind[]);
    if (kind === 'insn' && name === spec.mnemonic) strictBase.add(spec.id);
    const list = rows.get(spec.id) ?? [];
    list.push(Object.freeze({ name, alias: kind === 'alias', conditions: Object.freeze(conditions), operands: Object.freeze([...operands]) }));
    rows.set(spec.id, list);
  }
  const forms = new Map<number, readonly PrintForm[]>();
  for (const spec of INSTRUCTIONS) {
    const list = [...(rows.get(spec.id) ?? [])];
    if (!strictBase.has(spec.id)) list.push(baseForm(spec));
    forms.set(spec.id, Object.freeze(list));
  }
  return forms;
}

function baseForm(spec: InstructionSpec): PrintForm {
  return Object.freeze({ name: spec.mnemonic, alias: false, conditions: [], operands: spec.syntax });
}

/** For each table entry (by id), the forms to try in order. */
export const PRINT_FORMS: ReadonlyMap<number, readonly PrintForm[]> = buildForms();

/**
 * Instructions whose result objdump remembers as the high part of an address (`lui`, `auipc`),
 * and instructions whose 12-bit immediate it adds to such a remembered register to print the
 * full address as a `# addr <sym>` comment. Data, keyed on table mnemonics.
 */
export const ADDRESS_HIGH_PARTS: Readonly<Record<string, 'absolute' | 'pc-relative'>> = Object.freeze({
  lui: 'absolute',
  auipc: 'pc-relative',
});
/** `addi` completes an address only with a non-zero base register; `jalr` with any. */
export const ADDRESS_LOW_PARTS: Readonly<Record<string, 'nonzero-base' | 'any-base'>> = Object.freeze({
  addi: 'nonzero-base',
  jalr: 'any-base',
});
