// The CSR table: every CSR name the assembler accepts and the disassembler prints, and which of
// them the GPE implements. Custom GPE CSRs sit in the ranges the privileged spec reserves for
// custom use: 0xFC0-0xFFF (machine, read-only) and 0x7C0-0x7FF (machine, read/write).

export type CsrAccess = 'rw' | 'ro';

export interface CsrSpec {
  readonly name: string;
  readonly number: number;
  /** Read-only CSRs are those whose number has bits 11..10 = 0b11, plus none else. */
  readonly access: CsrAccess;
  /** True when the GPE hart implements it; others are known by name only (illegal to access). */
  readonly implemented: boolean;
  readonly description: string;
}

const csr = (name: string, number: number, implemented: boolean, description: string): CsrSpec =>
  Object.freeze({ name, number, access: (number >>> 10) === 3 ? 'ro' : 'rw', implemented, description });

export const CUSTOM_CSRS = Object.freeze({
  mtileid: 0xfc0,
  mgpeid: 0xfc1,
  mntiles: 0xfc2,
  mngpes: 0xfc3,
  mcachemode: 0x7c0,
} as const);

/** Cache-mode CSR bits: bit 0 = L1 mode, bit 1 = L2 mode; 0 = shared, 1 = private. */
export const CACHE_MODE_BITS = Object.freeze({ l1Private: 1, l2Private: 2 } as const);

const implemented: CsrSpec[] = [
  csr('fflags', 0x001, true, 'FP accrued exception flags (NV DZ OF UF NX)'),
  csr('frm', 0x002, true, 'FP dynamic rounding mode'),
  csr('fcsr', 0x003, true, 'FP control and status (frm << 5 | fflags)'),
  csr('cycle', 0xc00, true, 'cycle counter, low 32 bits'),
  csr('time', 0xc01, true, 'real-time counter, low 32 bits (ticks once per cycle at 1 GHz)'),
  csr('instret', 0xc02, true, 'instructions retired, low 32 bits'),
  csr('cycleh', 0xc80, true, 'cycle counter, high 32 bits'),
  csr('timeh', 0xc81, true, 'real-time counter, high 32 bits'),
  csr('instreth', 0xc82, true, 'instructions retired, high 32 bits'),
  csr('mvendorid', 0xf11, true, 'vendor id (0: not implemented)'),
  csr('marchid', 0xf12, true, 'architecture id (0)'),
  csr('mimpid', 0xf13, true, 'implementation id (0)'),
  csr('mhartid', 0xf14, true, 'global hart id = tile * GPEs per tile + GPE index'),
  csr('mstatus', 0x300, true, 'machine status (FS field; MIE/MPIE/MPP are kept but no interrupts exist)'),
  csr('misa', 0x301, true, 'ISA and extensions: RV32 I M A F'),
  csr('mie', 0x304, true, 'machine interrupt enable (no interrupt sources; reads what was written)'),
  csr('mtvec', 0x305, true, 'machine trap vector base'),
  csr('mscratch', 0x340, true, 'machine scratch register'),
  csr('mepc', 0x341, true, 'machine exception program counter'),
  csr('mcause', 0x342, true, 'machine trap cause'),
  csr('mtval', 0x343, true, 'machine trap value'),
  csr('mip', 0x344, true, 'machine interrupt pending (always 0)'),
  csr('mcycle', 0xb00, true, 'machine cycle counter, low 32 bits'),
  csr('minstret', 0xb02, true, 'machine instructions retired, low 32 bits'),
  csr('mcycleh', 0xb80, true, 'machine cycle counter, high 32 bits'),
  csr('minstreth', 0xb82, true, 'machine instructions retired, high 32 bits'),
  csr('mtileid', CUSTOM_CSRS.mtileid, true, 'gpesim custom: tile index of this GPE'),
  csr('mgpeid', CUSTOM_CSRS.mgpeid, true, 'gpesim custom: GPE index within its tile'),
  csr('mntiles', CUSTOM_CSRS.mntiles, true, 'gpesim custom: number of tiles'),
  csr('mngpes', CUSTOM_CSRS.mngpes, true, 'gpesim custom: GPEs per tile'),
  csr('mcachemode', CUSTOM_CSRS.mcachemode, true, 'gpesim custom: cache modes, bit 0 L1 private, bit 1 L2 private (writing reconfigures)'),
];

export const CSRS: readonly CsrSpec[] = Object.freeze(implemented);

const byName = new Map<string, CsrSpec>(CSRS.map((c) => [c.name, c]));
const byNumber = new Map<number, CsrSpec>(CSRS.map((c) => [c.number, c]));

export function csrByName(name: string): CsrSpec | undefined {
  return byName.get(name);
}

export function csrByNumber(number: number): CsrSpec | undefined {
  return byNumber.get(number);
}
