// One GPE hart: architectural state in typed arrays, the CSR file, the environment calls, and the
// slow paths the semantics call (misaligned or unmapped memory, atomics, traps). The hot loop
// lives in engine.ts; this class has a fixed shape (every field set in the constructor).

import { fpStatus } from './fp32';
import { Trap, TRAP_CAUSE } from './trap';
import { ENGINES } from './engine';
import { OP_COUNT } from './ops';
import { warmUpEngine } from './warmup';
import type { DecodeCache, DecodedPage } from './decode-cache';
import { NULL_GUARD, type PhysicalMemory } from '../memsys/physical-memory';
import { CUSTOM_CSRS } from '../../toolchain/isa/csrs';

/** Which engine variants have run their warm-up (warmup.ts) in this process. */
const warmEngines = { fast: false, counting: false, observed: false };

export const HART_RUNNING = 0;
export const HART_EXITED = 1;
export const HART_FAULTED = 2;

/** Where a hart's write(2) output goes: fd 1 or 2, the bytes exactly as the program wrote them. */
export interface OutputSink {
  write(fd: 1 | 2, bytes: Uint8Array): void;
}

/** Called after every retired instruction when set (observed engine): tracer, timed machine. */
export interface RetireObserver {
  /**
   * `nextPc` is where execution continues (a branch was taken iff it differs from pc + 4).
   * Returning true makes the engine return right after this instruction (`Hart.run` then
   * reports fewer instructions than its budget); the hart resumes at nextPc on the next run.
   */
  retired(hart: Hart, page: DecodedPage, index: number, pc: number, nextPc: number): boolean | void;
}

export interface HartPlacement {
  /** Position in the machine's hart array (also the reservation slot). */
  readonly index: number;
  readonly tile: number;
  readonly gpe: number;
  readonly tiles: number;
  readonly gpesPerTile: number;
}

const TWO32 = 4294967296;
/** mstatus with FS = dirty (bits 14:13 = 3) and SD (bit 31): the FPU is always on. */
const MSTATUS_FS_DIRTY = (3 << 13) | 0x80000000;
const MSTATUS_MIE = 1 << 3;
const MSTATUS_MPIE = 1 << 7;
const MSTATUS_MPP = 3 << 11;
/** misa: MXL = 1 (RV32), extensions A (0), F (5), I (8), M (12). */
const MISA = (1 << 30) | (1 << 0) | (1 << 5) | (1 << 8) | (1 << 12);

const CSR = Object.freeze({
  fflags: 0x001, frm: 0x002, fcsr: 0x003,
  cycle: 0xc00, time: 0xc01, instret: 0xc02, cycleh: 0xc80, timeh: 0xc81, instreth: 0xc82,
  mvendorid: 0xf11, marchid: 0xf12, mimpid: 0xf13, mhartid: 0xf14,
  mstatus: 0x300, misa: 0x301, mie: 0x304, mtvec: 0x305,
  mscratch: 0x340, mepc: 0x341, mcause: 0x342, mtval: 0x343, mip: 0x344,
  mcycle: 0xb00, minstret: 0xb02, mcycleh: 0xb80, minstreth: 0xb82,
} as const);

export class Hart {
  readonly index: number;
  readonly hartId: number;
  readonly tile: number;
  readonly gpe: number;
  readonly tiles: number;
  readonly gpesPerTile: number;
  /** x0..x31 plus the write sink at 32 (see decode-cache.ts X_SINK). */
  readonly x: Int32Array;
  /** f0..f31 as raw binary32 bits. */
  readonly f: Uint32Array;
  pc: number;
  readonly mem: PhysicalMemory;
  readonly code: DecodeCache;
  /** The decoded page the engine last ran in. */
  page: DecodedPage;
  /** The instret counter (a double: exact to 2^53); minstret writes change it. */
  instret: number;
  /** Instructions this hart actually retired (statistics; never written by the program). */
  executed: number;
  /** Functional mode: cycle = instret + cycleOffset (mcycle writes move the offset). */
  cycleOffset: number;
  /** When set (timed machine), the cycle/time CSRs read this instead. */
  cycleSource: ((hart: Hart) => number) | null;
  fflags: number;
  frm: number;
  mstatus: number;
  mie: number;
  mtvec: number;
  mscratch: number;
  mepc: number;
  mcause: number;
  mtval: number;
  cacheMode: number;
  /**
   * Asked before a write(2) ecall produces output; false: not yet (the hart leaves the engine and
   * runs the ecall again later). The timed machine orders output in simulated time with it.
   */
  syscallGate: ((hart: Hart) => boolean) | null;
  /** Called after a write to mcachemode (the timed machine reconfigures its banks). */
  onCacheModeWrite: ((hart: Hart, value: number) => void) | null;
  state: number;
  exitCode: number;
  /** The raw a0 passed to exit (exitCode is its low 8 bits, as a process exit status). */
  exitValue: number;
  trap: Trap | null;
  trapPc: number;
  sink: OutputSink;
  observer: RetireObserver | null;
  /**
   * The block translator when the machine runs `--engine jit` (translator.ts jitEngine; it hands
   * observed and counting harts back to the interpreter); null: the interpreter only.
   */
  translator: ((hart: Hart, budget: number) => number) | null;
  /** Per op code counts when counting (`--stats`); null otherwise. */
  opCounts: Float64Array | null;
  // The last memory access, recorded by the observed engine (and always by atomics).
  memAddr: number;
  memSize: number;
  memKind: number;
  memValue: number;
  /** Misaligned loads/stores: performed byte by byte (like QEMU user mode) when true. */
  allowMisaligned: boolean;

  constructor(placement: HartPlacement, memory: PhysicalMemory, code: DecodeCache, sink: OutputSink) {
    this.index = placement.index;
    this.tile = placement.tile;
    this.gpe = placement.gpe;
    this.tiles = placement.tiles;
    this.gpesPerTile = placement.gpesPerTile;
    this.hartId = placement.tile * placement.gpesPerTile + placement.gpe;
    this.x = new Int32Array(33);
    this.f = new Uint32Array(32);
    this.pc = 0;
    this.mem = memory;
    this.code = code;
    this.page = code.pageOf(0);
    this.instret = 0;
    this.executed = 0;
    this.cycleOffset = 0;
    this.cycleSource = null;
    this.fflags = 0;
    this.frm = 0;
    this.mstatus = MSTATUS_FS_DIRTY | MSTATUS_MPP;
    this.mie = 0;
    this.mtvec = 0;
    this.mscratch = 0;
    this.mepc = 0;
    this.mcause = 0;
    this.mtval = 0;
    this.cacheMode = 0;
    this.onCacheModeWrite = null;
    this.syscallGate = null;
    this.state = HART_RUNNING;
    this.exitCode = 0;
    this.exitValue = 0;
    this.trap = null;
    this.trapPc = 0;
    this.sink = sink;
    this.observer = null;
    this.translator = null;
    this.opCounts = null;
    this.memAddr = 0;
    this.memSize = 0;
    this.memKind = 0;
    this.memValue = 0;
    this.allowMisaligned = true;
  }

  /** Points the hart at `pc` (also refreshes its decoded page). */
  setPc(pc: number): void {
    this.pc = pc | 0;
    this.page = this.code.pageOf(this.pc);
  }

  /** Turns per-op counting on (before running). */
  enableCounting(): void {
    if (this.opCounts === null) this.opCounts = new Float64Array(OP_COUNT);
  }

  /** Runs up to `budget` instructions; returns how many retired. Stops early on exit or fault. */
  run(budget: number): number {
    return this.translator !== null ? this.translator(this, budget) : this.interpret(budget);
  }

  /** The interpreter (engine.ts): the variant this hart needs (fast, counting or observed). */
  interpret(budget: number): number {
    if (this.state !== HART_RUNNING) return 0;
    const variant = this.observer !== null ? 'observed' : this.opCounts !== null ? 'counting' : 'fast';
    if (!warmEngines[variant]) {
      warmEngines[variant] = true;
      warmUpEngine(variant);
    }
    return ENGINES[variant](this, budget);
  }

  /** The instruction word at `pc` as decoded (0 when pc is outside memory). */
  wordAt(pc: number): number {
    const page = this.code.pageOf(pc);
    return page.word[((pc - page.base) >>> 2) & 1023]! >>> 0;
  }

  // ---- traps (called from the engine) ----

  takeTrap(e: unknown, pc: number): void {
    if (!(e instanceof Trap)) throw e;
    this.state = HART_FAULTED;
    this.trap = e;
    this.trapPc = pc;
    this.mepc = pc;
    this.mcause = e.cause;
    this.mtval = e.tval;
  }

  illegal(pc: number, detail = ''): never {
    const word = this.wordAt(pc);
    let why = detail;
    if (why === '') {
      const rm = (word >>> 12) & 7;
      const page = this.code.pageOf(pc);
      why = page.id[((pc - page.base) >>> 2) & 1023]! < 0 ? 'the word does not decode' : `reserved rounding mode ${rm}`;
    }
    throw new Trap(TRAP_CAUSE.illegalInstruction, word, why);
  }

  /** Why an access at `u` faults, for the message (fault path only). */
  private outside(u: number): string {
    return u < NULL_GUARD ? `in the null guard (no access below 0x${hex(NULL_GUARD)})` : 'outside memory';
  }

  fetchFault(pc: number): never {
    throw new Trap(TRAP_CAUSE.fetchAccess, pc >>> 0, `fetch from 0x${hex(pc)}, ${this.outside(pc >>> 0)}`);
  }

  misalignedTarget(target: number, pc: number): never {
    void pc;
    throw new Trap(TRAP_CAUSE.fetchMisaligned, target >>> 0, `jump or branch to 0x${hex(target)}`);
  }

  dynRm(pc: number): number {
    if (this.frm > 4) this.illegal(pc, `dynamic rounding mode with frm = ${this.frm}`);
    return this.frm;
  }

  // ---- memory slow paths ----

  loadSlow(a: number, size: number, signed: number, pc: number): number {
    void pc;
    const u = a >>> 0;
    if (!this.mem.inRange(u, size)) {
      throw new Trap(TRAP_CAUSE.loadAccess, u, `${size}-byte load from 0x${hex(u)}, ${this.outside(u)}`);
    }
    if ((u & (size - 1)) !== 0 && !this.allowMisaligned) {
      throw new Trap(TRAP_CAUSE.loadMisaligned, u, `${size}-byte load from 0x${hex(u)}`);
    }
    let v = 0;
    for (let k = 0; k < size; k++) v |= this.mem.readByte(u + k) << (8 * k);
    if (signed !== 0) {
      if (size === 1) return (v << 24) >> 24;
      if (size === 2) return (v << 16) >> 16;
    }
    return size === 4 ? v | 0 : v;
  }

  storeSlow(a: number, v: number, size: number, pc: number): void {
    void pc;
    const u = a >>> 0;
    if (!this.mem.inRange(u, size)) {
      throw new Trap(TRAP_CAUSE.storeAccess, u, `${size}-byte store to 0x${hex(u)}, ${this.outside(u)}`);
    }
    if ((u & (size - 1)) !== 0 && !this.allowMisaligned) {
      throw new Trap(TRAP_CAUSE.storeMisaligned, u, `${size}-byte store to 0x${hex(u)}`);
    }
    for (let k = 0; k < size; k++) this.mem.writeByteRaw(u + k, (v >>> (8 * k)) & 0xff);
    this.mem.afterStore(u, size, this.index);
  }

  private atomicAddress(a: number, what: string, load: boolean): number {
    const u = a >>> 0;
    if ((u & 3) !== 0) {
      throw new Trap(load ? TRAP_CAUSE.loadMisaligned : TRAP_CAUSE.storeMisaligned, u, `${what} at 0x${hex(u)}`);
    }
    if (!this.mem.inRange(u, 4)) {
      throw new Trap(load ? TRAP_CAUSE.loadAccess : TRAP_CAUSE.storeAccess, u, `${what} at 0x${hex(u)}, ${this.outside(u)}`);
    }
    this.memAddr = a;
    this.memSize = 4;
    this.memKind = 3;
    return u;
  }

  private writeWord(u: number, v: number): void {
    const mem = this.mem;
    if (mem.watch[u >>> 12] === 0) {
      mem.w[u >>> 16]![(u & 0xffff) >> 2] = v;
    } else {
      mem.allocate(u);
      mem.w[u >>> 16]![(u & 0xffff) >> 2] = v;
      mem.afterStore(u, 4, this.index);
    }
    this.memValue = v;
  }

  amoLoad(a: number, pc: number): number {
    void pc;
    return this.mem.readWord(this.atomicAddress(a, 'AMO', false)) | 0;
  }

  /** The store half of an AMO (amoLoad checked the address). */
  amoStore(a: number, v: number): void {
    this.writeWord(a >>> 0, v);
  }

  loadReserved(a: number, pc: number): number {
    void pc;
    const u = this.atomicAddress(a, 'lr.w', true);
    this.memKind = 1; // a load (that also reserves)
    this.mem.reserve(this.index, u);
    return this.mem.readWord(u) | 0;
  }

  /** sc.w: 0 and the store when this hart still holds the reservation, else 1 and no store. */
  storeConditional(a: number, v: number, pc: number): number {
    void pc;
    const u = this.atomicAddress(a, 'sc.w', false);
    if (!this.mem.takeReservation(this.index, u)) {
      this.memKind = 1; // failed: nothing stored
      return 1;
    }
    this.writeWord(u, v);
    return 0;
  }

  // ---- system ----

  fenceI(): void {
    this.code.flush();
  }

  ebreak(pc: number): never {
    throw new Trap(TRAP_CAUSE.breakpoint, pc >>> 0, 'ebreak with no debugger attached');
  }

  mret(): number {
    const mpie = (this.mstatus & MSTATUS_MPIE) !== 0;
    this.mstatus = (this.mstatus & ~MSTATUS_MIE) | (mpie ? MSTATUS_MIE : 0) | MSTATUS_MPIE | MSTATUS_MPP;
    return this.mepc;
  }

  /** Environment call, Linux RISC-V numbering. Returns true when the hart exited. */
  /**
   * The environment call at `pc`: 0 done, 1 the hart exited (the engine stops), 2 not now (the
   * engine leaves before the ecall and runs it again on its next call; see `syscallGate`).
   */
  ecall(pc: number): number {
    const x = this.x;
    const nr = x[17]!;
    switch (nr) {
      case 64: {
        if (this.syscallGate !== null && !this.syscallGate(this)) return 2;
        const fd = x[10]!;
        const buf = x[11]! >>> 0;
        const len = x[12]! >>> 0;
        if (fd !== 1 && fd !== 2) {
          x[10] = -9; // EBADF
        } else if (len !== 0 && !this.mem.inRange(buf, len)) {
          x[10] = -14; // EFAULT
        } else {
          // In pieces of at most 64 KiB: a huge write never needs one huge buffer.
          for (let done = 0; done < len; done += 0x10000) {
            this.sink.write(fd, this.mem.readBytes(buf + done, Math.min(0x10000, len - done)));
          }
          x[10] = len | 0;
        }
        return 0;
      }
      case 93:
      case 94:
        this.exitValue = x[10]!;
        this.exitCode = x[10]! & 0xff;
        this.state = HART_EXITED;
        return 1;
      default:
        void pc;
        throw new Trap(
          TRAP_CAUSE.ecallM,
          nr,
          `unknown syscall ${nr} (a7); gpesim implements write (64), exit (93) and exit_group (94)`,
        );
    }
  }

  // ---- CSRs ----

  private cycles(retired: number): number {
    return this.cycleSource !== null ? this.cycleSource(this) : this.instret + retired + this.cycleOffset;
  }

  /**
   * The CSR instructions: kind 0 write, 1 set bits, 2 clear bits. Returns the old value. Unknown
   * CSRs and writes to read-only ones (number bits 11..10 = 0b11) are illegal instructions.
   * `retired` is how many instructions the running engine retired before this one.
   */
  csrAccess(kind: number, csr: number, operand: number, write: boolean, pc: number, retired: number): number {
    const old = this.csrRead(csr, retired, pc);
    if (write) {
      if (csr >>> 10 === 3) this.illegal(pc, `write to read-only CSR 0x${csr.toString(16).padStart(3, '0')}`);
      const v = kind === 0 ? operand : kind === 1 ? old | operand : old & ~operand;
      this.csrWrite(csr, v | 0, retired);
    }
    return old;
  }

  /** Reads a CSR while the engine runs (fflags live in fpStatus then). */
  csrRead(csr: number, retired: number, pc: number): number {
    switch (csr) {
      case CSR.fflags: return fpStatus.flags & 0x1f;
      case CSR.frm: return this.frm;
      case CSR.fcsr: return (this.frm << 5) | (fpStatus.flags & 0x1f);
      case CSR.cycle: case CSR.time: case CSR.mcycle: return low(this.cycles(retired));
      case CSR.cycleh: case CSR.timeh: case CSR.mcycleh: return high(this.cycles(retired));
      case CSR.instret: case CSR.minstret: return low(this.instret + retired);
      case CSR.instreth: case CSR.minstreth: return high(this.instret + retired);
      case CSR.mvendorid: case CSR.marchid: case CSR.mimpid: return 0;
      case CSR.mhartid: return this.hartId;
      case CSR.mstatus: return this.mstatus;
      case CSR.misa: return MISA;
      case CSR.mie: return this.mie;
      case CSR.mtvec: return this.mtvec;
      case CSR.mscratch: return this.mscratch;
      case CSR.mepc: return this.mepc;
      case CSR.mcause: return this.mcause;
      case CSR.mtval: return this.mtval;
      case CSR.mip: return 0;
      case CUSTOM_CSRS.mtileid: return this.tile;
      case CUSTOM_CSRS.mgpeid: return this.gpe;
      case CUSTOM_CSRS.mntiles: return this.tiles;
      case CUSTOM_CSRS.mngpes: return this.gpesPerTile;
      case CUSTOM_CSRS.mcachemode: return this.cacheMode;
      default:
        return this.illegal(pc, `CSR 0x${csr.toString(16).padStart(3, '0')} is not implemented`);
    }
  }

  private csrWrite(csr: number, v: number, retired: number): void {
    switch (csr) {
      case CSR.fflags: fpStatus.flags = v & 0x1f; break;
      case CSR.frm: this.frm = v & 7; break;
      case CSR.fcsr: this.frm = (v >>> 5) & 7; fpStatus.flags = v & 0x1f; break;
      // A written counter reads back the written value on the next instruction.
      case CSR.mcycle: this.cycleOffset = withLow(this.cycles(retired), v) - (this.instret + retired + 1); break;
      case CSR.mcycleh: this.cycleOffset = withHigh(this.cycles(retired), v) - (this.instret + retired + 1); break;
      case CSR.minstret: this.instret = withLow(this.instret + retired, v) - retired - 1; break;
      case CSR.minstreth: this.instret = withHigh(this.instret + retired, v) - retired - 1; break;
      case CSR.mstatus:
        this.mstatus = (v & (MSTATUS_MIE | MSTATUS_MPIE)) | MSTATUS_MPP | MSTATUS_FS_DIRTY;
        break;
      case CSR.misa: break; // WARL: fixed
      case CSR.mie: this.mie = v & 0x888; break;
      case CSR.mtvec: this.mtvec = v & ~2; break;
      case CSR.mscratch: this.mscratch = v; break;
      case CSR.mepc: this.mepc = v & ~3; break;
      case CSR.mcause: this.mcause = v; break;
      case CSR.mtval: this.mtval = v; break;
      case CSR.mip: break; // no interrupt sources
      case CUSTOM_CSRS.mcachemode:
        this.cacheMode = v & 3;
        if (this.onCacheModeWrite !== null) this.onCacheModeWrite(this, this.cacheMode);
        break;
      default:
        break; // read-only or unknown: csrAccess already trapped
    }
  }
}

function low(v: number): number {
  return (v % TWO32) | 0;
}
function high(v: number): number {
  return Math.floor(v / TWO32) | 0;
}
function withLow(v: number, lo: number): number {
  return Math.floor(v / TWO32) * TWO32 + (lo >>> 0);
}
function withHigh(v: number, hi: number): number {
  return (hi >>> 0) * TWO32 + (v % TWO32);
}

export function hex(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}
