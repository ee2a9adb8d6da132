// Pass 6, encode: one machine instruction from its table entry and operand values. The bits come
// from the table (`match`) and the field layout of toolchain/isa/fields.ts; nothing is typed here.
// Range checks happen before this (operands.ts, fixups.ts); values are masked to their fields.

import {
  encodeImmB, encodeImmI, encodeImmJ, encodeImmS, encodeImmU, type InstructionSpec,
} from '../isa';

/** Operand values by field; fields an instruction does not have are ignored. */
export interface FieldValues {
  rd: number;
  rs1: number;
  rs2: number;
  rs3: number;
  rm: number;
  /** The immediate in its semantic form: I/S value, branch/jump offset, U-type imm20, shamt. */
  imm: number;
  csr: number;
  zimm: number;
  pred: number;
  succ: number;
}

export function emptyFields(): FieldValues {
  return { rd: 0, rs1: 0, rs2: 0, rs3: 0, rm: 0, imm: 0, csr: 0, zimm: 0, pred: 0, succ: 0 };
}

/** Puts an immediate into the bits of `spec`'s immediate field (used by fixups too). */
export function immediateBits(spec: InstructionSpec, imm: number): number {
  for (const f of spec.fields) {
    switch (f) {
      case 'imm12': return encodeImmI(imm);
      case 'imm12hi': return encodeImmS(imm);
      case 'bimm12hi': return encodeImmB(imm);
      case 'imm20': return encodeImmU(imm);
      case 'jimm20': return encodeImmJ(imm);
      case 'shamtw': return ((imm & 31) << 20) >>> 0;
      default: break;
    }
  }
  return 0;
}

/** Mask of the immediate bits of `spec` (so a fixup can clear them before patching). */
export function immediateMask(spec: InstructionSpec): number {
  return immediateBits(spec, -1);
}

export function encode(spec: InstructionSpec, v: FieldValues): number {
  let word = spec.match;
  for (const f of spec.fields) {
    switch (f) {
      case 'rd': word |= (v.rd & 31) << 7; break;
      case 'rs1': word |= (v.rs1 & 31) << 15; break;
      case 'rs2': word |= (v.rs2 & 31) << 20; break;
      case 'rs3': word |= (v.rs3 & 31) << 27; break;
      case 'rm': word |= (v.rm & 7) << 12; break;
      case 'imm12': case 'imm12hi': case 'bimm12hi': case 'imm20': case 'jimm20': case 'shamtw':
        word |= immediateBits(spec, v.imm);
        break;
      case 'imm12lo': case 'bimm12lo': break; // placed with their `hi` half
      case 'csr': word |= (v.csr & 0xfff) << 20; break;
      case 'zimm': word |= (v.zimm & 31) << 15; break;
      case 'pred': word |= (v.pred & 15) << 24; break;
      case 'succ': word |= (v.succ & 15) << 20; break;
      case 'fm': break; // always 0 (GNU as spells no `fence.tso`)
      default: {
        const never: never = f;
        throw new Error(`encoder: unhandled field ${String(never)}`);
      }
    }
  }
  return word >>> 0;
}
