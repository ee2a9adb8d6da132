// Operand bit fields of RV32 encodings, named as riscv-opcodes names them, with the functions that
// take values out of an instruction word and put them back in. Immediates are split across
// several bit ranges; `bits` lists each range with the immediate bit it starts at.

export interface FieldPart {
  /** Highest instruction bit of this part. */
  readonly hi: number;
  /** Lowest instruction bit of this part. */
  readonly lo: number;
  /** Which bit of the field's value lands at `lo`. */
  readonly valueLo: number;
}

export interface FieldSpec {
  readonly parts: readonly FieldPart[];
  /** The immediate is sign-extended from this many bits (0: unsigned). */
  readonly signedBits: number;
}

const part = (hi: number, lo: number, valueLo: number): FieldPart => ({ hi, lo, valueLo });

export const FIELDS = {
  rd: { parts: [part(11, 7, 0)], signedBits: 0 },
  rs1: { parts: [part(19, 15, 0)], signedBits: 0 },
  rs2: { parts: [part(24, 20, 0)], signedBits: 0 },
  rs3: { parts: [part(31, 27, 0)], signedBits: 0 },
  rm: { parts: [part(14, 12, 0)], signedBits: 0 },
  imm12: { parts: [part(31, 20, 0)], signedBits: 12 },
  imm12hi: { parts: [part(31, 25, 5)], signedBits: 0 },
  imm12lo: { parts: [part(11, 7, 0)], signedBits: 0 },
  bimm12hi: { parts: [part(31, 31, 12), part(30, 25, 5)], signedBits: 0 },
  bimm12lo: { parts: [part(11, 8, 1), part(7, 7, 11)], signedBits: 0 },
  imm20: { parts: [part(31, 12, 0)], signedBits: 0 },
  jimm20: { parts: [part(31, 31, 20), part(30, 21, 1), part(20, 20, 11), part(19, 12, 12)], signedBits: 0 },
  shamtw: { parts: [part(24, 20, 0)], signedBits: 0 },
  csr: { parts: [part(31, 20, 0)], signedBits: 0 },
  zimm: { parts: [part(19, 15, 0)], signedBits: 0 },
  fm: { parts: [part(31, 28, 0)], signedBits: 0 },
  pred: { parts: [part(27, 24, 0)], signedBits: 0 },
  succ: { parts: [part(23, 20, 0)], signedBits: 0 },
} as const satisfies Record<string, FieldSpec>;

export type FieldName = keyof typeof FIELDS;

/** The instruction bits a field occupies, as a mask. */
export function fieldMask(name: FieldName): number {
  let mask = 0;
  for (const p of FIELDS[name].parts) {
    for (let bit = p.lo; bit <= p.hi; bit++) mask |= 1 << bit;
  }
  return mask >>> 0;
}

// Register and small fields: hot in the emulator's predecoder, so plain shifts.
export const rdOf = (w: number): number => (w >>> 7) & 31;
export const rs1Of = (w: number): number => (w >>> 15) & 31;
export const rs2Of = (w: number): number => (w >>> 20) & 31;
export const rs3Of = (w: number): number => (w >>> 27) & 31;
export const rmOf = (w: number): number => (w >>> 12) & 7;
export const csrOf = (w: number): number => (w >>> 20) & 0xfff;

/** I-type immediate, sign-extended (loads, jalr, addi...). */
export const immI = (w: number): number => w >> 20;
/** S-type immediate, sign-extended (stores). */
export const immS = (w: number): number => ((w >> 25) << 5) | ((w >>> 7) & 31);
/** B-type branch offset, sign-extended, always even. */
export const immB = (w: number): number =>
  ((w >> 31) << 12) | (((w >>> 7) & 1) << 11) | (((w >>> 25) & 63) << 5) | (((w >>> 8) & 15) << 1);
/** U-type immediate already shifted into place (bits 31..12), as a signed 32-bit value. */
export const immU = (w: number): number => w & 0xfffff000;
/** J-type jump offset, sign-extended, always even. */
export const immJ = (w: number): number =>
  ((w >> 31) << 20) | (w & 0xff000) | (((w >>> 20) & 1) << 11) | (((w >>> 21) & 1023) << 1);

/** Builds the I-type immediate bits (value must fit in signed 12 bits; caller checks). */
export const encodeImmI = (imm: number): number => ((imm & 0xfff) << 20) >>> 0;
export const encodeImmS = (imm: number): number => (((imm >> 5) & 0x7f) << 25 | (imm & 31) << 7) >>> 0;
export const encodeImmB = (off: number): number =>
  ((((off >> 12) & 1) << 31) | (((off >> 5) & 63) << 25) | (((off >> 1) & 15) << 8) | (((off >> 11) & 1) << 7)) >>> 0;
/** `imm20` is the 20-bit value as written in `lui rd, imm20`. */
export const encodeImmU = (imm20: number): number => ((imm20 & 0xfffff) << 12) >>> 0;
export const encodeImmJ = (off: number): number =>
  ((((off >> 20) & 1) << 31) | (((off >> 1) & 1023) << 21) | (((off >> 11) & 1) << 20) | (((off >> 12) & 255) << 12)) >>> 0;
