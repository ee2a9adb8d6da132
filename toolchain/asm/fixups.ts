// Fixups: the closed set of places whose bits depend on addresses known only after linking
// (LLVM's RISC-V fixup kinds, plus plain data words). `applyFixup` computes the field value and
// patches the little-endian word; it returns an error text when the value does not fit.

import { encodeImmB, encodeImmI, encodeImmJ, encodeImmS, encodeImmU } from '../isa';
import type { SourceLocation } from '../diagnostics';
import type { Expr, Value } from './expr';

export type FixupKind =
  | 'hi20'
  | 'lo12_i'
  | 'lo12_s'
  | 'pcrel_hi20'
  | 'pcrel_lo12_i'
  | 'pcrel_lo12_s'
  | 'jal'
  | 'branch'
  | 'call'
  | 'data';

export interface Fixup {
  readonly kind: FixupKind;
  readonly section: string;
  readonly offset: number;
  /** The target expression (for pcrel_lo: the label of the matching auipc). */
  readonly expr: Expr;
  /** Value of `.` where the expression was written. */
  readonly dot: Value;
  /** Bytes for `data`; 4 (8 for `call`) otherwise. */
  readonly size: number;
  readonly location: SourceLocation;
  readonly notes: readonly { text: string; location: SourceLocation }[];
}

/** %hi: the upper 20 bits, rounded so that adding the sign-extended %lo gives the value. */
export const hi20 = (v: number): number => (((v + 0x800) | 0) >>> 12) & 0xfffff;
/** %lo: the low 12 bits as a signed value. */
export const lo12 = (v: number): number => ((v & 0xfff) ^ 0x800) - 0x800;

function readWord(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

function writeWord(b: Uint8Array, at: number, w: number): void {
  b[at] = w & 0xff;
  b[at + 1] = (w >>> 8) & 0xff;
  b[at + 2] = (w >>> 16) & 0xff;
  b[at + 3] = (w >>> 24) & 0xff;
}

const I_MASK = 0xfff00000;
const S_MASK = 0xfe000f80;
const U_MASK = 0xfffff000;
const B_MASK = 0xfe000f80;
const J_MASK = 0xfffff000;

/**
 * Patches `bytes` at `at` for a fixup whose computed value is `value` (already target - pc for
 * pc-relative kinds; for pcrel_lo the value of the matching hi's target - auipc address).
 * Returns an error message or undefined.
 */
export function applyFixup(kind: FixupKind, bytes: Uint8Array, at: number, value: number, size: number): string | undefined {
  const v = value | 0;
  const patch = (mask: number, bits: number) => writeWord(bytes, at, ((readWord(bytes, at) & ~mask) | bits) >>> 0);
  switch (kind) {
    case 'hi20':
    case 'pcrel_hi20':
      patch(U_MASK, encodeImmU(hi20(v)));
      return undefined;
    case 'lo12_i':
    case 'pcrel_lo12_i':
      patch(I_MASK, encodeImmI(lo12(v)));
      return undefined;
    case 'lo12_s':
    case 'pcrel_lo12_s':
      patch(S_MASK, encodeImmS(lo12(v)));
      return undefined;
    case 'branch':
      if (v & 1) return `branch target is not 2-byte aligned (offset ${v})`;
      if (v < -4096 || v > 4094) return `branch offset ${v} out of range [-4096, 4094]`;
      patch(B_MASK, encodeImmB(v));
      return undefined;
    case 'jal':
      if (v & 1) return `jump target is not 2-byte aligned (offset ${v})`;
      if (v < -1048576 || v > 1048574) return `jump offset ${v} out of range [-1048576, 1048574]`;
      patch(J_MASK, encodeImmJ(v));
      return undefined;
    case 'call':
      patch(U_MASK, encodeImmU(hi20(v)));
      writeWord(bytes, at + 4, ((readWord(bytes, at + 4) & ~I_MASK) | encodeImmI(lo12(v))) >>> 0);
      return undefined;
    case 'data':
      for (let i = 0; i < size; i++) bytes[at + i] = (v >>> (8 * i)) & 0xff;
      return undefined;
    default: {
      const never: never = kind;
      throw new Error(`unhandled fixup ${String(never)}`);
    }
  }
}
