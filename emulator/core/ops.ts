// Small integer op codes for the engines, derived from the instruction table: one per base
// mnemonic (the `.aq`/`.rl` ordering variants of an atomic share their base's op), plus two
// pseudo-ops for words that cannot execute. Also per-op facts the timing model and the tracer
// read: the timing class and whether each register operand is an x or an f register.

import { INSTRUCTIONS, type OperandKind, type TimingClass } from '../../toolchain/isa/instructions';

/** A word that does not decode, or decodes with a reserved static rounding mode (5, 6). */
export const OP_ILLEGAL = 0;
/** An instruction fetch outside memory (the whole 4 KiB decode page lies outside). */
export const OP_FETCH_FAULT = 1;
/** The sentinel slot after a decoded page's last word: continue in the next page (not an instruction). */
export const OP_PAGE_END = 2;
const FIRST_REAL_OP = 3;

/** Base mnemonics in table order; op code = FIRST_REAL_OP + index. */
export const OP_BASES: readonly string[] = Object.freeze([...new Set(INSTRUCTIONS.map((s) => s.base))]);
export const OP_COUNT = FIRST_REAL_OP + OP_BASES.length;

const opByBase = new Map<string, number>(OP_BASES.map((b, k) => [b, FIRST_REAL_OP + k]));

/** The op code of a base mnemonic (throws for a name the table does not have). */
export function opOf(base: string): number {
  const op = opByBase.get(base);
  if (op === undefined) throw new Error(`no instruction '${base}' in the table`);
  return op;
}

/** Op code for each table id. */
export const OP_OF_ID: Uint8Array = Uint8Array.from(INSTRUCTIONS.map((s) => opOf(s.base)));

export function opName(op: number): string {
  if (op === OP_ILLEGAL) return '(illegal)';
  if (op === OP_FETCH_FAULT) return '(fetch fault)';
  if (op === OP_PAGE_END) return '(page end)';
  return OP_BASES[op - FIRST_REAL_OP] ?? `(op ${op})`;
}

export const TIMING_CLASS_NAMES: readonly TimingClass[] = Object.freeze([
  'alu', 'branch', 'jump', 'mul', 'div', 'load', 'store', 'atomic', 'fp-add', 'fp-mul', 'fp-fma',
  'fp-div', 'fp-sqrt', 'fp-misc', 'fp-load', 'fp-store', 'csr', 'fence', 'system',
] as const);

/** Register file of an operand: none, integer (x) or floating-point (f). */
export const REG_NONE = 0;
export const REG_X = 1;
export const REG_F = 2;

function regKinds(syntax: readonly OperandKind[]): [number, number, number, number] {
  let rd = REG_NONE;
  let rs1 = REG_NONE;
  let rs2 = REG_NONE;
  let rs3 = REG_NONE;
  for (const k of syntax) {
    if (k === 'xd') rd = REG_X;
    else if (k === 'fd') rd = REG_F;
    else if (k === 'xs1' || k === 'mem' || k === 'smem' || k === 'amem') rs1 = REG_X;
    else if (k === 'fs1') rs1 = REG_F;
    else if (k === 'xs2') rs2 = REG_X;
    else if (k === 'fs2') rs2 = REG_F;
    else if (k === 'fs3') rs3 = REG_F;
  }
  return [rd, rs1, rs2, rs3];
}

/** Per op: timing class index (into TIMING_CLASS_NAMES); pseudo-ops count as 'system'. */
export const OP_TIMING = new Uint8Array(OP_COUNT).fill(TIMING_CLASS_NAMES.indexOf('system'));
/** Per op: register file of rd, rs1, rs2, rs3 (REG_NONE / REG_X / REG_F). */
export const OP_RD_KIND = new Uint8Array(OP_COUNT);
export const OP_RS1_KIND = new Uint8Array(OP_COUNT);
export const OP_RS2_KIND = new Uint8Array(OP_COUNT);
export const OP_RS3_KIND = new Uint8Array(OP_COUNT);
for (const spec of INSTRUCTIONS) {
  const op = opOf(spec.base);
  OP_TIMING[op] = TIMING_CLASS_NAMES.indexOf(spec.timing);
  const [rd, rs1, rs2, rs3] = regKinds(spec.syntax);
  OP_RD_KIND[op] = rd;
  OP_RS1_KIND[op] = rs1;
  OP_RS2_KIND[op] = rs2;
  OP_RS3_KIND[op] = rs3;
}
