// Pass 4b, match: which operand forms each mnemonic accepts and what machine instructions each
// form stands for. Real instructions get their form from the instruction table's syntax; GNU's
// extra spellings (`jalr rs`, `csrw csr, imm`, `add rd, rs, imm`, operand-less `fence`...) and
// every pseudo-instruction of the RISC-V assembly manual are listed below, each expanded exactly
// as GNU as 2.40 expands it (checked against riscv64-unknown-elf-as; see test/asm/corpus).

import { INSTRUCTIONS, instructionByMnemonic, type InstructionSpec, type OperandKind } from '../isa';
import { CODES, type Code } from './codes';
import type { ExprParseOptions } from './expr';
import type { FieldValues } from './encoder';
import {
  OperandError, csrNameOf, fRegOf, fenceSetOf, immOf, isRegisterName, memOf, roundingModeOf, xRegOf,
  type ImmOperand, type MemOperand, type OperandSlice,
} from './operands';

/** How an instruction's immediate field gets its value. */
export type ImmRef =
  /** Written by the user in the immediate position; %hi/%lo/%pcrel_* select a fixup. */
  | { readonly k: 'user'; readonly op: ImmOperand }
  | { readonly k: 'value'; readonly value: number }
  | { readonly k: 'jal'; readonly target: ImmOperand }
  /** On the auipc of an auipc+jalr pair; the fixup fills both words. */
  | { readonly k: 'call'; readonly target: ImmOperand }
  | { readonly k: 'pcrel_hi'; readonly target: ImmOperand }
  /** The low half of the pcrel pair whose auipc is at hidden label `anchor`. */
  | { readonly k: 'pcrel_lo'; readonly anchor: string; readonly start: number; readonly end: number };

export interface InsnContext {
  insn(mnemonic: string, fields: Partial<FieldValues>, imm?: ImmRef): void;
  /** A conditional branch; the layout pass picks the short or the long (inverted + jal) form. */
  branch(mnemonic: string, rs1: number, rs2: number, target: ImmOperand): void;
  /** The absolute value of `op` known at this point of the file, or undefined. */
  constant(op: ImmOperand): bigint | undefined;
  /** Evaluates `op` now and checks lo..hi; reports and returns undefined on failure. */
  range(op: ImmOperand, lo: number, hi: number, what: string): number | undefined;
  /** Defines a hidden local label at the current location and returns its name. */
  anchor(): string;
  error(code: Code, message: string, start: number, end: number): void;
}

type Kind = 'x' | 'f' | 'imm' | 'target' | 'mem' | 'csr' | 'rm' | 'fence';

type Parsed = number | ImmOperand | MemOperand;

interface Form {
  readonly pattern: readonly Kind[];
  readonly build: (ops: readonly Parsed[], ctx: InsnContext) => void;
}

const X_RA = 1;
const X_T1 = 6;
const CSR_FFLAGS = 1;
const CSR_FRM = 2;
const CSR_FCSR = 3;

const x = (p: Parsed): number => p as number;
const imm = (p: Parsed): ImmOperand => p as ImmOperand;
const mem = (p: Parsed): MemOperand => p as MemOperand;

function kindOf(k: OperandKind): Kind {
  switch (k) {
    case 'xd': case 'xs1': case 'xs2': return 'x';
    case 'fd': case 'fs1': case 'fs2': case 'fs3': return 'f';
    case 'imm12': case 'shamt': case 'uimm20': case 'zimm': return 'imm';
    case 'mem': case 'smem': case 'amem': return 'mem';
    case 'btarget': case 'jtarget': return 'target';
    case 'csr': return 'csr';
    case 'rm': return 'rm';
    case 'pred': case 'succ': return 'fence';
    default: {
      const never: never = k;
      throw new Error(`unhandled operand kind ${String(never)}`);
    }
  }
}

/** Emits a real instruction from operands given in its table syntax order. */
function buildReal(spec: InstructionSpec, ops: readonly Parsed[], ctx: InsnContext): void {
  const f: Partial<FieldValues> = {};
  let ref: ImmRef | undefined;
  let target: ImmOperand | undefined;
  for (let i = 0; i < spec.syntax.length; i++) {
    const kind = spec.syntax[i]!;
    const p = ops[i];
    switch (kind) {
      case 'xd': case 'fd': f.rd = x(p!); break;
      case 'xs1': case 'fs1': f.rs1 = x(p!); break;
      case 'xs2': case 'fs2': f.rs2 = x(p!); break;
      case 'fs3': f.rs3 = x(p!); break;
      case 'rm': f.rm = p === undefined ? 7 : x(p); break;
      case 'pred': f.pred = x(p!); break;
      case 'succ': f.succ = x(p!); break;
      case 'csr': f.csr = x(p!); break;
      case 'zimm': {
        const v = ctx.range(imm(p!), 0, 31, 'immediate');
        if (v === undefined) return;
        f.zimm = v;
        break;
      }
      case 'imm12': case 'shamt': case 'uimm20': ref = { k: 'user', op: imm(p!) }; break;
      case 'mem': case 'smem': {
        const m = mem(p!);
        f.rs1 = m.base;
        ref = m.offset ? { k: 'user', op: m.offset } : { k: 'value', value: 0 };
        break;
      }
      case 'amem': {
        const m = mem(p!);
        f.rs1 = m.base;
        if (m.offset) {
          const v = ctx.constant(m.offset);
          if (v !== 0n) {
            ctx.error(CODES.operandKind, `'${spec.mnemonic}' takes no offset: write (reg) or 0(reg)`, m.offset.start, m.offset.end);
            return;
          }
        }
        break;
      }
      case 'btarget': case 'jtarget': target = imm(p!); break;
      default: {
        const never: never = kind;
        throw new Error(`unhandled operand kind ${String(never)}`);
      }
    }
  }
  if (spec.syntax.includes('btarget')) {
    ctx.branch(spec.mnemonic, f.rs1 ?? 0, f.rs2 ?? 0, target!);
    return;
  }
  if (target) ref = { k: 'jal', target };
  ctx.insn(spec.mnemonic, f, ref);
}

const FORMS = new Map<string, Form[]>();

function add(mnemonic: string, pattern: string, build: Form['build']): void {
  const list = FORMS.get(mnemonic) ?? [];
  list.push({ pattern: pattern === '' ? [] : (pattern.split(',') as Kind[]), build });
  FORMS.set(mnemonic, list);
}

// Real instructions, from the table. A trailing rounding mode may be left out (GNU: dyn).
for (const spec of INSTRUCTIONS) {
  const pattern = spec.syntax.map(kindOf);
  add(spec.mnemonic, pattern.join(','), (ops, ctx) => buildReal(spec, ops, ctx));
  if (spec.syntax[spec.syntax.length - 1] === 'rm') {
    add(spec.mnemonic, pattern.slice(0, -1).join(','), (ops, ctx) => buildReal(spec, ops, ctx));
  }
}

// GNU's other spellings of real instructions.
add('jalr', 'x', (o, c) => c.insn('jalr', { rd: X_RA, rs1: x(o[0]!) }, { k: 'value', value: 0 }));
add('jalr', 'x,x', (o, c) => c.insn('jalr', { rd: x(o[0]!), rs1: x(o[1]!) }, { k: 'value', value: 0 }));
add('jalr', 'x,x,imm', (o, c) => c.insn('jalr', { rd: x(o[0]!), rs1: x(o[1]!) }, { k: 'user', op: imm(o[2]!) }));
add('jalr', 'mem', (o, c) => {
  const m = mem(o[0]!);
  c.insn('jalr', { rd: X_RA, rs1: m.base }, m.offset ? { k: 'user', op: m.offset } : { k: 'value', value: 0 });
});
add('jal', 'target', (o, c) => c.insn('jal', { rd: X_RA }, { k: 'jal', target: imm(o[0]!) }));
add('fence', '', (_o, c) => c.insn('fence', { pred: 15, succ: 15 }));
for (const [reg, immName] of [['add', 'addi'], ['and', 'andi'], ['or', 'ori'], ['xor', 'xori'], ['slt', 'slti'],
  ['sltu', 'sltiu'], ['sll', 'slli'], ['srl', 'srli'], ['sra', 'srai']] as const) {
  add(reg, 'x,x,imm', (o, c) => c.insn(immName, { rd: x(o[0]!), rs1: x(o[1]!) }, { k: 'user', op: imm(o[2]!) }));
}
for (const op of ['csrrw', 'csrrs', 'csrrc'] as const) {
  add(op, 'x,csr,imm', (o, c) => {
    const v = c.range(imm(o[2]!), 0, 31, 'immediate');
    if (v !== undefined) c.insn(`${op}i`, { rd: x(o[0]!), csr: x(o[1]!), zimm: v });
  });
}
add('scall', '', (_o, c) => c.insn('ecall', {}));
add('sbreak', '', (_o, c) => c.insn('ebreak', {}));
add('unimp', '', (_o, c) => c.insn('csrrw', { rd: 0, csr: 0xc00, rs1: 0 }));

// Pseudo-instructions.
add('nop', '', (_o, c) => c.insn('addi', {}, { k: 'value', value: 0 }));

/** GNU's load_const for RV32: lui (if the upper part is non-zero) then addi (if needed). */
export function liSequence(value: number): { lui?: number; addi?: number } {
  const v = value | 0;
  const lo = ((v & 0xfff) ^ 0x800) - 0x800;
  const upper = (v - lo) | 0;
  const out: { lui?: number; addi?: number } = {};
  if (upper !== 0) out.lui = (upper >>> 12) & 0xfffff;
  if (lo !== 0 || upper === 0) out.addi = lo;
  return out;
}

function emitLi(c: InsnContext, rd: number, value: number): void {
  const seq = liSequence(value);
  if (seq.lui !== undefined) c.insn('lui', { rd }, { k: 'value', value: seq.lui });
  if (seq.addi !== undefined) c.insn('addi', { rd, rs1: seq.lui !== undefined ? rd : 0 }, { k: 'value', value: seq.addi });
}

add('li', 'x,imm', (o, c) => {
  const v = c.range(imm(o[1]!), -0x80000000, 0xffffffff, 'li value');
  if (v !== undefined) emitLi(c, x(o[0]!), v);
});

function noModifier(c: InsnContext, op: ImmOperand): boolean {
  if (op.mod === undefined) return true;
  c.error(CODES.operandKind, `%${op.mod} is not allowed here`, op.start, op.end);
  return false;
}

/** auipc tmp, %pcrel_hi(sym); then `lo` with %pcrel_lo of the auipc's hidden label. */
function pcrelPair(c: InsnContext, tmp: number, target: ImmOperand, lo: (anchor: ImmRef) => void): void {
  const anchor = c.anchor();
  c.insn('auipc', { rd: tmp }, { k: 'pcrel_hi', target });
  lo({ k: 'pcrel_lo', anchor, start: target.start, end: target.end });
}

for (const name of ['la', 'lla']) {
  add(name, 'x,target', (o, c) => {
    const rd = x(o[0]!);
    const t = imm(o[1]!);
    if (!noModifier(c, t)) return;
    const v = c.constant(t);
    if (v !== undefined) {
      const n = c.range(t, -0x80000000, 0x7fffffff, 'address');
      if (n !== undefined) emitLi(c, rd, n);
      return;
    }
    pcrelPair(c, rd, t, (lo) => c.insn('addi', { rd, rs1: rd }, lo));
  });
}

const two = (name: string, real: string, fields: (a: number, b: number) => Partial<FieldValues>, value?: number) =>
  add(name, name.startsWith('f') && !name.startsWith('fmv.x') && !name.startsWith('frcsr') ? 'f,f' : 'x,x', (o, c) =>
    c.insn(real, fields(x(o[0]!), x(o[1]!)), value === undefined ? undefined : { k: 'value', value }));
two('mv', 'addi', (d, s) => ({ rd: d, rs1: s }), 0);
two('not', 'xori', (d, s) => ({ rd: d, rs1: s }), -1);
two('neg', 'sub', (d, s) => ({ rd: d, rs1: 0, rs2: s }));
two('seqz', 'sltiu', (d, s) => ({ rd: d, rs1: s }), 1);
two('snez', 'sltu', (d, s) => ({ rd: d, rs1: 0, rs2: s }));
two('sltz', 'slt', (d, s) => ({ rd: d, rs1: s, rs2: 0 }));
two('sgtz', 'slt', (d, s) => ({ rd: d, rs1: 0, rs2: s }));
two('fmv.s', 'fsgnj.s', (d, s) => ({ rd: d, rs1: s, rs2: s }));
two('fabs.s', 'fsgnjx.s', (d, s) => ({ rd: d, rs1: s, rs2: s }));
two('fneg.s', 'fsgnjn.s', (d, s) => ({ rd: d, rs1: s, rs2: s }));
add('zext.b', 'x,x', (o, c) => c.insn('andi', { rd: x(o[0]!), rs1: x(o[1]!) }, { k: 'value', value: 255 }));
add('fmv.x.s', 'x,f', (o, c) => c.insn('fmv.x.w', { rd: x(o[0]!), rs1: x(o[1]!) }));
add('fmv.s.x', 'f,x', (o, c) => c.insn('fmv.w.x', { rd: x(o[0]!), rs1: x(o[1]!) }));
add('sgt', 'x,x,x', (o, c) => c.insn('slt', { rd: x(o[0]!), rs1: x(o[2]!), rs2: x(o[1]!) }));
add('sgtu', 'x,x,x', (o, c) => c.insn('sltu', { rd: x(o[0]!), rs1: x(o[2]!), rs2: x(o[1]!) }));
add('fgt.s', 'x,f,f', (o, c) => c.insn('flt.s', { rd: x(o[0]!), rs1: x(o[2]!), rs2: x(o[1]!) }));
add('fge.s', 'x,f,f', (o, c) => c.insn('fle.s', { rd: x(o[0]!), rs1: x(o[2]!), rs2: x(o[1]!) }));

// Branches against zero and with swapped operands.
const zeroBranch = (name: string, real: string, swap: boolean) =>
  add(name, 'x,target', (o, c) => c.branch(real, swap ? 0 : x(o[0]!), swap ? x(o[0]!) : 0, imm(o[1]!)));
zeroBranch('beqz', 'beq', false);
zeroBranch('bnez', 'bne', false);
zeroBranch('blez', 'bge', true);
zeroBranch('bgez', 'bge', false);
zeroBranch('bltz', 'blt', false);
zeroBranch('bgtz', 'blt', true);
for (const [name, real] of [['bgt', 'blt'], ['ble', 'bge'], ['bgtu', 'bltu'], ['bleu', 'bgeu']] as const) {
  add(name, 'x,x,target', (o, c) => c.branch(real, x(o[1]!), x(o[0]!), imm(o[2]!)));
}

// Jumps and calls.
add('j', 'target', (o, c) => c.insn('jal', { rd: 0 }, { k: 'jal', target: imm(o[0]!) }));
add('jr', 'x', (o, c) => c.insn('jalr', { rd: 0, rs1: x(o[0]!) }, { k: 'value', value: 0 }));
add('jr', 'x,imm', (o, c) => c.insn('jalr', { rd: 0, rs1: x(o[0]!) }, { k: 'user', op: imm(o[1]!) }));
add('jr', 'mem', (o, c) => {
  const m = mem(o[0]!);
  c.insn('jalr', { rd: 0, rs1: m.base }, m.offset ? { k: 'user', op: m.offset } : { k: 'value', value: 0 });
});
add('ret', '', (_o, c) => c.insn('jalr', { rd: 0, rs1: X_RA }, { k: 'value', value: 0 }));
const callPair = (c: InsnContext, tmp: number, rd: number, t: ImmOperand) => {
  if (!noModifier(c, t)) return;
  c.insn('auipc', { rd: tmp }, { k: 'call', target: t });
  c.insn('jalr', { rd, rs1: tmp }, { k: 'value', value: 0 });
};
add('call', 'target', (o, c) => callPair(c, X_RA, X_RA, imm(o[0]!)));
add('call', 'x,target', (o, c) => callPair(c, X_T1, x(o[0]!), imm(o[1]!)));
add('tail', 'target', (o, c) => callPair(c, X_T1, 0, imm(o[0]!)));
add('jump', 'target,x', (o, c) => callPair(c, x(o[1]!), 0, imm(o[0]!)));

// Loads and stores to a symbol.
for (const spec of INSTRUCTIONS) {
  if (spec.timing !== 'load' && spec.timing !== 'store' && spec.timing !== 'fp-load' && spec.timing !== 'fp-store') continue;
  const isStore = spec.syntax[1] === 'smem';
  const regKind: Kind = spec.syntax[0]!.startsWith('f') ? 'f' : 'x';
  const build = (reg: number, target: ImmOperand, tmp: number, c: InsnContext) => {
    if (!noModifier(c, target)) return;
    if (c.constant(target) !== undefined) {
      c.error(CODES.operandKind, `'${spec.mnemonic}' needs offset(register) or a symbol, not a constant address`, target.start, target.end);
      return;
    }
    pcrelPair(c, tmp, target, (lo) => c.insn(spec.mnemonic, isStore ? { rs2: reg, rs1: tmp } : { rd: reg, rs1: tmp }, lo));
  };
  if (isStore || regKind === 'f') {
    add(spec.mnemonic, `${regKind},target,x`, (o, c) => build(x(o[0]!), imm(o[1]!), x(o[2]!), c));
  } else {
    add(spec.mnemonic, 'x,target', (o, c) => build(x(o[0]!), imm(o[1]!), x(o[0]!), c));
  }
}

// CSR shorthands.
add('csrr', 'x,csr', (o, c) => c.insn('csrrs', { rd: x(o[0]!), csr: x(o[1]!), rs1: 0 }));
for (const [name, real] of [['csrw', 'csrrw'], ['csrs', 'csrrs'], ['csrc', 'csrrc']] as const) {
  add(name, 'csr,x', (o, c) => c.insn(real, { rd: 0, csr: x(o[0]!), rs1: x(o[1]!) }));
  add(name, 'csr,imm', (o, c) => {
    const v = c.range(imm(o[1]!), 0, 31, 'immediate');
    if (v !== undefined) c.insn(`${real}i`, { rd: 0, csr: x(o[0]!), zimm: v });
  });
  add(`${name}i`, 'csr,imm', (o, c) => {
    const v = c.range(imm(o[1]!), 0, 31, 'immediate');
    if (v !== undefined) c.insn(`${real}i`, { rd: 0, csr: x(o[0]!), zimm: v });
  });
}
const readCsr = (name: string, csr: number) => add(name, 'x', (o, c) => c.insn('csrrs', { rd: x(o[0]!), csr, rs1: 0 }));
const swapCsr = (name: string, csr: number) => {
  add(name, 'x', (o, c) => c.insn('csrrw', { rd: 0, csr, rs1: x(o[0]!) }));
  add(name, 'x,x', (o, c) => c.insn('csrrw', { rd: x(o[0]!), csr, rs1: x(o[1]!) }));
};
const swapCsrImm = (name: string, csr: number) => {
  const go = (rd: number, op: ImmOperand, c: InsnContext) => {
    const v = c.range(op, 0, 31, 'immediate');
    if (v !== undefined) c.insn('csrrwi', { rd, csr, zimm: v });
  };
  add(name, 'imm', (o, c) => go(0, imm(o[0]!), c));
  add(name, 'x,imm', (o, c) => go(x(o[0]!), imm(o[1]!), c));
};
readCsr('frcsr', CSR_FCSR);
swapCsr('fscsr', CSR_FCSR);
readCsr('frrm', CSR_FRM);
swapCsr('fsrm', CSR_FRM);
swapCsrImm('fsrmi', CSR_FRM);
readCsr('frflags', CSR_FFLAGS);
swapCsr('fsflags', CSR_FFLAGS);
swapCsrImm('fsflagsi', CSR_FFLAGS);
for (const [name, csr] of [['rdcycle', 0xc00], ['rdtime', 0xc01], ['rdinstret', 0xc02], ['rdcycleh', 0xc80], ['rdtimeh', 0xc81], ['rdinstreth', 0xc82]] as const) {
  readCsr(name, csr);
}

export const ALL_MNEMONICS: readonly string[] = Object.freeze([...FORMS.keys()].sort());

export function hasMnemonic(name: string): boolean {
  return FORMS.has(name);
}

function parseOperand(kind: Kind, slice: OperandSlice, ctx: InsnContext, opts: ExprParseOptions): Parsed {
  switch (kind) {
    case 'x': {
      const r = xRegOf(slice);
      if (r === undefined) throw new OperandError('expected an integer register', slice.start, slice.end);
      return r;
    }
    case 'f': {
      const r = fRegOf(slice);
      if (r === undefined) throw new OperandError('expected a floating-point register', slice.start, slice.end);
      return r;
    }
    case 'imm':
    case 'target': {
      if (isRegisterName(slice)) {
        throw new OperandError(kind === 'imm' ? 'expected an immediate, not a register' : 'expected a symbol or address, not a register', slice.start, slice.end);
      }
      const op = immOf(slice.tokens, opts);
      if (kind === 'target' && op.mod !== undefined) throw new OperandError(`%${op.mod} is not allowed here`, op.start, op.end);
      return op;
    }
    case 'mem': {
      const m = memOf(slice, opts);
      if (!m) throw new OperandError('expected offset(register)', slice.start, slice.end);
      return m;
    }
    case 'csr': {
      const named = csrNameOf(slice);
      if (named !== undefined) return named;
      const t = slice.tokens[0]!;
      if (slice.tokens.length === 1 && t.kind === 'ident') throw new OperandError(`unknown CSR '${t.text}'`, slice.start, slice.end);
      const op = immOf(slice.tokens, opts);
      const v = ctx.constant(op);
      if (v === undefined || op.mod !== undefined) throw new OperandError('expected a CSR name or a constant CSR number', slice.start, slice.end);
      if (v < 0n || v > 4095n) throw new OperandError(`CSR number ${v} out of range [0, 4095]`, slice.start, slice.end);
      return Number(v);
    }
    case 'rm': {
      const r = roundingModeOf(slice);
      if (r === undefined) throw new OperandError('expected a rounding mode (rne, rtz, rdn, rup, rmm, dyn)', slice.start, slice.end);
      return r;
    }
    case 'fence': {
      const r = fenceSetOf(slice);
      if (r === undefined) throw new OperandError("expected a fence set (a subset of 'iorw')", slice.start, slice.end);
      return r;
    }
    default: {
      const never: never = kind;
      throw new Error(`unhandled form kind ${String(never)}`);
    }
  }
}

const KIND_WORDS: Readonly<Record<Kind, string>> = {
  x: 'xreg', f: 'freg', imm: 'imm', target: 'symbol', mem: 'offset(xreg)', csr: 'csr', rm: 'rm', fence: 'iorw',
};

const BY_COUNT = new Map<string, Form[][]>();

function formsByCount(mnemonic: string, forms: readonly Form[], count: number): readonly Form[] {
  let table = BY_COUNT.get(mnemonic);
  if (!table) {
    table = [];
    for (let n = 0; n <= 5; n++) table.push(forms.filter((f) => f.pattern.length === n));
    BY_COUNT.set(mnemonic, table);
  }
  return count <= 5 ? table[count]! : [];
}

export function formsText(mnemonic: string): string[] {
  return (FORMS.get(mnemonic) ?? []).map((f) => `${mnemonic} ${f.pattern.map((k) => KIND_WORDS[k]).join(', ')}`.trim());
}

/**
 * Matches operands against the mnemonic's forms and emits through ctx. Returns false (after
 * reporting through ctx.error) when nothing matches; `mnemonicSpan` is for count errors.
 */
export function assembleForms(
  mnemonic: string,
  slices: readonly OperandSlice[],
  ctx: InsnContext,
  opts: ExprParseOptions,
  span: { start: number; end: number },
): boolean {
  const forms = FORMS.get(mnemonic);
  if (!forms) return false;
  const sameCount = formsByCount(mnemonic, forms, slices.length);
  if (sameCount.length === 0) {
    const counts = [...new Set(forms.map((f) => f.pattern.length))].sort();
    ctx.error(
      CODES.operandCount,
      `'${mnemonic}' takes ${counts.join(' or ')} operand${counts.length === 1 && counts[0] === 1 ? '' : 's'}, got ${slices.length}` +
        ` (forms: ${formsText(mnemonic).join('; ')})`,
      span.start, span.end,
    );
    return true;
  }
  let best: { index: number; error: OperandError } | undefined;
  for (const form of sameCount) {
    const parsed: Parsed[] = [];
    let failed: { index: number; error: OperandError } | undefined;
    for (let i = 0; i < slices.length; i++) {
      try {
        parsed.push(parseOperand(form.pattern[i]!, slices[i]!, ctx, opts));
      } catch (e) {
        if (e instanceof OperandError) {
          failed = { index: i, error: e };
          break;
        }
        if (e instanceof Error && 'start' in e && 'end' in e) {
          failed = { index: i, error: new OperandError(e.message, (e as OperandError).start, (e as OperandError).end) };
          break;
        }
        throw e;
      }
    }
    if (!failed) {
      form.build(parsed, ctx);
      return true;
    }
    if (!best || failed.index > best.index) best = failed;
  }
  const e = best!.error;
  const kindWord = sameCount.length > 1 ? ` (forms: ${formsText(mnemonic).filter((t) => t.split(',').length === Math.max(1, slices.length) || slices.length <= 1).join('; ')})` : '';
  ctx.error(CODES.operandKind, `${e.message}${kindWord}`, e.start, e.end);
  return true;
}

export { instructionByMnemonic };
