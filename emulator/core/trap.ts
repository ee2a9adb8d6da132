// Typed traps, Spike's trap_t style: thrown from deep inside a semantic or a slow path and caught
// in one place, the engine's step loop, which records the pc and stops the hart. The GPE has no
// trap handler of its own to vector to (machine mode only, kernels run to completion): every
// trap is a fault that ends the run with a message.

/** RISC-V mcause exception codes for the traps a GPE can take. */
export const TRAP_CAUSE = Object.freeze({
  fetchMisaligned: 0,
  fetchAccess: 1,
  illegalInstruction: 2,
  breakpoint: 3,
  loadMisaligned: 4,
  loadAccess: 5,
  storeMisaligned: 6,
  storeAccess: 7,
  ecallM: 11,
} as const);

export type TrapCause = (typeof TRAP_CAUSE)[keyof typeof TRAP_CAUSE];

const CAUSE_TEXT: Record<TrapCause, string> = {
  0: 'instruction address misaligned',
  1: 'instruction access fault',
  2: 'illegal instruction',
  3: 'breakpoint',
  4: 'load address misaligned',
  5: 'load access fault',
  6: 'store/AMO address misaligned',
  7: 'store/AMO access fault',
  11: 'environment call',
};

/** Not an Error: no stack is captured, throwing one is cheap, and it never escapes the engine. */
export class Trap {
  constructor(
    readonly cause: TrapCause,
    /** mtval: the faulting address, or the instruction word for an illegal instruction. */
    readonly tval: number,
    /** Why, in words, when the cause alone does not say it (e.g. "unknown syscall 57"). */
    readonly detail: string,
  ) {}

  get text(): string {
    return this.detail === '' ? CAUSE_TEXT[this.cause] : `${CAUSE_TEXT[this.cause]}: ${this.detail}`;
  }
}
