// The timed machine: the functional harts (emulator/core) run the program; after every retired
// instruction the observed engine calls `retired`, and this file charges it time: an in-order,
// single-issue pipeline per GPE with per-register ready times, per-class latencies, and loads,
// stores and atomics timed by the memory system (emulator/memsys). Every cycle of every GPE is
// busy, memory stall, execution stall or idle.
//
// Core model (docs/MACHINE.md "Core timing"):
//   - an instruction issues when its source registers are ready; the wait is a memory stall when
//     the last operand to arrive comes from a load/atomic, else an execution stall;
//   - issuing takes one busy cycle; results are ready `latency` cycles after issue;
//   - a taken branch adds branchTaken - branchNotTaken bubble cycles, a jump jump - 1 (execution
//     stall), charged before the next instruction;
//   - div, fp-div and fp-sqrt are not pipelined: the next one waits for the unit;
//   - one memory operation in flight per GPE: a load, store or atomic waits (memory stall) until
//     the previous one is answered; it reaches L1 `load`/`store`/`atomic` cycles after issue
//     (address generation); a load's result is ready when the hierarchy answers (stall on use);
//   - a write to mcachemode reconfigures the machine; the writer waits until the switch is done
//     (memory stall), every bank is blocked until then.
//
// Interleaving (deterministic), `scheduler.quantum`:
//   0 (default), event order: a GPE runs through its instructions until it reaches a memory
//     operation (or a CSR write that switches cache modes); if that access is the earliest in
//     simulated time (ties: lowest hart id) it is served at once, else the engine stops and the
//     access waits in a heap until it is. Every shared resource (bank ports, MSHRs, memory
//     channel, cache contents, stale-read versions) therefore sees requests in simulated-time
//     order: lockstep's cycles up to the order of same-cycle requests (measured within 0.7% on
//     the kernels, docs/MACHINE.md).
//   N >= 1, windows: rounds of N cycles starting at the smallest local time T; each GPE below
//     T + N runs (hart order) until it reaches T + N, accesses served as they retire. N = 1 is
//     lockstep (instructions in (local time, hart id) order), the reference the tests compare to.
// Bank ports, MSHRs and the channel are calendars (emulator/memsys/calendar.ts), so requests that
// arrive out of time order still find the right cycles.

import type { ElfImage } from '../../toolchain/elf/types';
import { HART_FAULTED, HART_RUNNING, type Hart, type RetireObserver } from '../core/hart';
import type { DecodedPage } from '../core/decode-cache';
import { OP_COUNT, OP_RD_KIND, OP_RS1_KIND, OP_RS2_KIND, OP_RS3_KIND, OP_TIMING, REG_F, REG_X, TIMING_CLASS_NAMES, opOf } from '../core/ops';
import { FunctionalMachine, type FaultReport, type RunOptions } from './functional';
import { ACCESS, MemorySystem, type AccessKind } from '../memsys/memory-system';
import type { MachineConfig } from './config';
import type { TimingClass } from '../../toolchain/isa/instructions';
import { SPAN_EXECUTION, SPAN_MEMORY, TimelineRecorder, type TimelineOptions } from './timed-timeline';
import { CLASS_COUNT, F_BASE, K_AMO, K_BRANCH, K_EXEC, K_JUMP, K_LOAD, K_LR, K_SC, K_STORE, K_UNPIPELINED, REGS } from './timed-ops';
import { blockTiming } from './timed-jit';
import { blockEngine } from '../core/translator';

/** pendKind of a pending mcachemode write (other pending kinds are ACCESS values). */
const PEND_MODE = 9;
/**
 * pendKind of a hart that ran a chunk of instructions without touching memory: no access, only
 * its place in time order, so a hart that computes forever neither starves the others (their
 * faults and exits still end the run) nor escapes --max-cycles.
 */
const PEND_YIELD = 10;
/**
 * pendKind of a hart that wants to write output (a write ecall) before it is the earliest event:
 * it waits in the heap, then runs the ecall, so output of all harts comes in simulated-time
 * order, whatever order the harts were run in (slack, engine turns).
 */
const PEND_SYNC = 11;
/** Engine calls per window of the choice between timed blocks and the interpreter (jit engine). */
const TURN_WINDOW = 4096;
/**
 * Fewest instructions per engine call, over a window, for which timed blocks run faster than the
 * observed interpreter (`npm run bench` section 3 in SS: conv2d, 2.7 per call, and fc, 2.2, ran
 * faster interpreted; parallel.s, 4.0, on blocks).
 */
export const MIN_BLOCK_TURN = 3.5;
let minBlockTurn = MIN_BLOCK_TURN;

/**
 * Sets the fewest instructions per engine call for timed blocks (0: always blocks, as the
 * differential tests want; Infinity: the interpreter after the first window); returns the old one.
 */
export function setMinBlockTurn(n: number): number {
  if (!(n >= 0)) throw new RangeError(`instructions per engine call must be >= 0, got ${n}`);
  const old = minBlockTurn;
  minBlockTurn = n;
  return old;
}
/** Instructions a hart runs without a memory event before it yields (PEND_YIELD). */
const YIELD_CHUNK = 1 << 20;


function classLatency(c: MachineConfig, cls: TimingClass): number {
  const l = c.core;
  switch (cls) {
    case 'alu': return l.alu;
    case 'branch': return l.branchNotTaken;
    case 'jump': return l.jump;
    case 'mul': return l.mul;
    case 'div': return l.div;
    case 'load': case 'fp-load': return l.load;
    case 'store': case 'fp-store': return l.store;
    case 'atomic': return l.atomic;
    case 'fp-add': return l.fpAdd;
    case 'fp-mul': return l.fpMul;
    case 'fp-fma': return l.fpFma;
    case 'fp-div': return l.fpDiv;
    case 'fp-sqrt': return l.fpSqrt;
    case 'fp-misc': return l.fpMisc;
    case 'csr': return l.csr;
    case 'fence': return l.fence;
    case 'system': return l.system;
    default: {
      const never: never = cls;
      throw new Error(`unknown timing class ${String(never)}`);
    }
  }
}

/** The mcachemode CSR number (toolchain/isa/csrs.ts). */
const CSR_MCACHEMODE = 0x7c0;

/**
 * True when a loaded segment of `image` holds a CSR instruction that may write mcachemode
 * (csrrw/csrrwi always; csrrs/csrrc/csrrsi/csrrci unless rs1/zimm is 0). Every segment, not only
 * executable ones: the harts run code from any memory. Scanning every aligned word is
 * conservative: data that looks like such an instruction can only turn slack off, never on.
 */
export function writesCacheMode(image: ElfImage): boolean {
  for (const seg of image.segments) {
    const b = seg.fileBytes;
    for (let i = 0; i + 4 <= b.length; i += 4) {
      const w = (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
      if ((w & 0x7f) !== 0x73 || w >>> 20 !== CSR_MCACHEMODE) continue;
      const funct3 = (w >>> 12) & 7;
      const rs1 = (w >>> 15) & 31;
      if (funct3 === 1 || funct3 === 5 || ((funct3 === 2 || funct3 === 3 || funct3 === 6 || funct3 === 7) && rs1 !== 0)) return true;
    }
  }
  return false;
}

export interface TimedOptions extends RunOptions {
  readonly config: MachineConfig;
  /** Stop when the global clock passes this many cycles (a hung program). */
  readonly maxCycles?: number;
  /** Record a timeline (`--timeline`). */
  readonly timeline?: TimelineOptions;
}

/** Per-GPE cycle breakdown and counts, in hart order (launched harts only). */
export interface GpeTiming {
  readonly hart: number;
  readonly tile: number;
  readonly gpe: number;
  readonly instructions: number;
  readonly busy: number;
  readonly memoryStall: number;
  readonly executionStall: number;
  readonly idle: number;
  /** Local time when the GPE finished (exited, faulted or stopped). */
  readonly finish: number;
}

export class TimedMachine implements RetireObserver {
  readonly config: MachineConfig;
  readonly functional: FunctionalMachine;
  readonly memsys: MemorySystem;
  readonly harts: readonly Hart[];
  readonly quantum: number;
  /** Local time per hart: the cycle its next instruction may issue. */
  readonly time: Float64Array;
  readonly memStall: Float64Array;
  readonly execStall: Float64Array;
  /** Instructions by timing class, hart * CLASS_COUNT + class. */
  readonly classCounts: Float64Array;
  readonly ready: Float64Array;
  /** 1 when the register's value comes from memory (load/atomic): its wait is a memory stall. */
  readonly readyMem: Uint8Array;
  readonly memFree: Float64Array;
  readonly unitFree: Float64Array;
  /** Per branch op: 0 beq, 1 bne, 2 blt, 3 bge, 4 bltu, 5 bgeu. */
  readonly branchCond: Uint8Array;
  private readonly reconfigDone: Float64Array;
  readonly opKind: Uint8Array;
  readonly opClass: Uint8Array;
  readonly rs1Off: Int8Array;
  readonly rs2Off: Int8Array;
  readonly rs3Off: Int8Array;
  readonly rdOff: Int8Array;
  readonly opLatency: Float64Array;
  readonly takenPenalty: number;
  readonly jumpPenalty: number;
  private readonly finishTime: Float64Array;
  /** Event order: the access a hart is waiting to have served (kind -1 = none). */
  private readonly pendKind: Int8Array;
  private readonly pendAddr: Int32Array;
  private readonly pendSize: Uint8Array;
  private readonly pendPc: Int32Array;
  private readonly pendTime: Float64Array;
  /** Register slot the pending load writes, -1 for none. */
  private readonly pendReg: Int32Array;
  readonly deferAccesses: boolean;
  /** Null unless a timeline was asked for. */
  readonly timeline: TimelineRecorder | null;
  /**
   * Event order's slack in heap-key units (cycles * 4096); 0 when off: not in event order, no
   * private L1, or the program may switch cache modes itself.
   */
  private slackKey: number;
  /** Which engine runs the harts: timed blocks (default) or the observed interpreter. */
  readonly engine: 'jit' | 'interp';
  instructions: number;

  constructor(image: ElfImage, options: TimedOptions) {
    const c = options.config;
    this.config = c;
    this.functional = new FunctionalMachine(image, { ...options, quantum: undefined, tiles: c.tiles, gpesPerTile: c.gpesPerTile });
    this.memsys = new MemorySystem(c);
    this.harts = this.functional.harts;
    this.quantum = options.quantum ?? c.scheduler.quantum;
    const n = this.harts.length;
    this.time = new Float64Array(n);
    this.memStall = new Float64Array(n);
    this.execStall = new Float64Array(n);
    this.classCounts = new Float64Array(n * CLASS_COUNT);
    this.ready = new Float64Array(n * REGS);
    this.readyMem = new Uint8Array(n * REGS);
    this.memFree = new Float64Array(n);
    this.unitFree = new Float64Array(n);
    this.branchCond = new Uint8Array(OP_COUNT);
    ['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'].forEach((b, c) => (this.branchCond[opOf(b)] = c));
    this.reconfigDone = new Float64Array(n).fill(-1);
    this.finishTime = new Float64Array(n).fill(-1);
    this.pendKind = new Int8Array(n).fill(-1);
    this.pendAddr = new Int32Array(n);
    this.pendSize = new Uint8Array(n);
    this.pendPc = new Int32Array(n);
    this.pendTime = new Float64Array(n);
    this.pendReg = new Int32Array(n);
    this.deferAccesses = this.quantum === 0;
    this.slackKey = this.deferAccesses && !writesCacheMode(image) ? c.scheduler.slack * 4096 : 0;
    this.timeline = options.timeline !== undefined ? new TimelineRecorder(n, options.timeline) : null;
    this.heap = new Int32Array(n);
    this.heapKey = new Float64Array(n);
    this.opKind = new Uint8Array(OP_COUNT);
    this.opClass = Uint8Array.from(OP_TIMING);
    const off = (kind: number): number => (kind === REG_X ? 0 : kind === REG_F ? F_BASE : -1);
    this.rs1Off = Int8Array.from(OP_RS1_KIND, off);
    this.rs2Off = Int8Array.from(OP_RS2_KIND, off);
    this.rs3Off = Int8Array.from(OP_RS3_KIND, off);
    this.rdOff = Int8Array.from(OP_RD_KIND, off);
    this.opLatency = new Float64Array(OP_COUNT);
    const lr = opOf('lr.w');
    const sc = opOf('sc.w');
    for (let op = 0; op < OP_COUNT; op++) {
      const cls = TIMING_CLASS_NAMES[OP_TIMING[op]!]!;
      this.opLatency[op] = classLatency(c, cls);
      let k = K_EXEC;
      if (cls === 'branch') k = K_BRANCH;
      else if (cls === 'jump') k = K_JUMP;
      else if (cls === 'load' || cls === 'fp-load') k = K_LOAD;
      else if (cls === 'store' || cls === 'fp-store') k = K_STORE;
      else if (cls === 'atomic') k = op === lr ? K_LR : op === sc ? K_SC : K_AMO;
      else if (cls === 'div' || cls === 'fp-div' || cls === 'fp-sqrt') k = K_UNPIPELINED;
      this.opKind[op] = k;
    }
    this.takenPenalty = c.core.branchTaken - c.core.branchNotTaken;
    this.jumpPenalty = Math.max(0, c.core.jump - 1);
    this.instructions = 0;
    const modeBits = this.memsys.modeBits;
    const syscallGate = (hart: Hart): boolean => {
      if (!this.deferAccesses) return true;
      const k = hart.index;
      if (this.isEarliest(k, this.time[k]!)) return true;
      this.pendKind[k] = PEND_SYNC;
      this.pendTime[k] = this.time[k]!;
      return false;
    };
    for (const h of this.harts) {
      h.observer = this;
      h.syscallGate = syscallGate;
      h.cycleSource = (hart: Hart) => this.time[hart.index]!;
      h.cacheMode = modeBits;
      h.onCacheModeWrite = (hart: Hart, value: number) => {
        const k = hart.index;
        if (this.deferAccesses) {
          // A mode switch the scan did not see (code written at run time): from here on no
          // hit is served ahead of time order, since a hart running ahead could not be undone.
          this.slackKey = 0;
          // Served in time order like an access, when retired has timed the CSR instruction.
          this.pendKind[k] = PEND_MODE;
          this.pendAddr[k] = value & 3;
          return;
        }
        // Windows: the CSR instruction issues at the hart's local time (stalls charged in retired).
        this.reconfigDone[k] = this.memsys.writeModeCsr(value, this.time[k]! + 1);
        for (const other of this.harts) other.cacheMode = value & 3;
      };
    }
    // The block translator with the timing pasted in (timed-jit.ts), unless asked for the
    // interpreter or a timeline (recorded by `retired` only).
    this.engine = (options.engine ?? 'jit') === 'jit' && this.timeline === null ? 'jit' : 'interp';
    let engine: ((h: Hart, budget: number) => number) | null = null;
    if (this.engine === 'jit') {
      const blocks = blockEngine(blockTiming(this), this);
      // Short turns (a shared L1 in event order: almost every access waits for the other GPEs,
      // 2-3 instructions per turn on the kernels) cost more as a block's entry and exit than as
      // interpreted instructions, so windows of TURN_WINDOW engine calls averaging fewer than
      // MIN_BLOCK_TURN instructions run the next window on the observed interpreter. Both give
      // the same results; the average is the program's, whichever engine ran it.
      const minTurn = minBlockTurn;
      let calls = 0;
      let retired = 0;
      let useBlocks = true;
      engine = (h: Hart, budget: number): number => {
        const got = useBlocks ? blocks(h, budget) : h.interpret(budget);
        retired += got;
        if (++calls === TURN_WINDOW) {
          useBlocks = retired >= minTurn * TURN_WINDOW;
          calls = 0;
          retired = 0;
        }
        return got;
      };
    }
    for (const h of this.harts) h.translator = engine;
  }

  /**
   * Charges one retired instruction (called by the observed engine). Returns true when the hart
   * must stop (event order: it holds an access that is not the earliest in simulated time).
   */
  retired(h: Hart, page: DecodedPage, i: number, pc: number): boolean {
    let stop = false;
    const k = h.index;
    const op = page.op[i]!;
    let t = this.time[k]!;
    // Operands (per-op register-file offsets: -1 none, 0 x, F_BASE f).
    const rb = k * REGS;
    const ready = this.ready;
    let r = t;
    let fromMem = 0;
    let o = this.rs1Off[op]!;
    if (o >= 0) {
      const s = rb + o + page.rs1[i]!;
      if (ready[s]! > r) { r = ready[s]!; fromMem = this.readyMem[s]!; }
    }
    o = this.rs2Off[op]!;
    if (o >= 0) {
      const s = rb + o + page.rs2[i]!;
      if (ready[s]! > r) { r = ready[s]!; fromMem = this.readyMem[s]!; }
    }
    o = this.rs3Off[op]!;
    if (o >= 0) {
      const s = rb + o + page.rs3[i]!;
      if (ready[s]! > r) { r = ready[s]!; fromMem = this.readyMem[s]!; }
    }
    const ok = this.opKind[op]!;
    // Structural waits: the memory port, the unpipelined unit.
    if (ok >= K_LOAD && ok <= K_SC) {
      const m = this.memFree[k]!;
      if (m > r) { r = m; fromMem = 1; }
    } else if (ok === K_UNPIPELINED) {
      const u = this.unitFree[k]!;
      if (u > r) { r = u; fromMem = 0; }
    }
    if (r > t) {
      if (fromMem === 1) this.memStall[k] += r - t;
      else this.execStall[k] += r - t;
      if (this.timeline !== null) this.timeline.stall(k, t, r, fromMem === 1 ? SPAN_MEMORY : SPAN_EXECUTION);
      t = r;
    }
    // Issue.
    const issue = t;
    t += 1;
    this.classCounts[k * CLASS_COUNT + this.opClass[op]!] += 1;
    const lat = this.opLatency[op]!;
    const rdo = this.rdOff[op]!;
    const rdSlot = rdo < 0 ? -1 : rb + rdo + page.rd[i]!;
    let result = issue + lat;
    if (ok >= K_LOAD && ok <= K_SC) {
      let access: number = ACCESS.load;
      let size = 4;
      if (ok === K_LOAD) size = h.memSize;
      else if (ok === K_STORE) { access = ACCESS.store; size = h.memSize; }
      else if (ok === K_AMO) access = ACCESS.amo;
      else if (ok === K_LR) access = ACCESS.loadReserved;
      // A failed SC (rd = 1) writes nothing: time it as a read at memory.
      else access = h.x[page.rd[i]!] !== 0 ? ACCESS.loadReserved : ACCESS.amo;
      const reg = ok === K_STORE ? -1 : rdSlot;
      const done = this.perform(k, ok, access as AccessKind, h.memAddr, size, pc, issue + lat, reg);
      if (done < 0) stop = true;
      else this.answered(k, done, reg);
    } else {
      switch (ok) {
        case K_BRANCH: {
          // Branches write no register, so their operands are still there to decide taken-ness.
          const a = h.x[page.rs1[i]!]!;
          const b = h.x[page.rs2[i]!]!;
          let taken: boolean;
          switch (this.branchCond[op]) {
            case 0: taken = a === b; break;
            case 1: taken = a !== b; break;
            case 2: taken = a < b; break;
            case 3: taken = a >= b; break;
            case 4: taken = a >>> 0 < b >>> 0; break;
            default: taken = a >>> 0 >= b >>> 0; break;
          }
          if (taken) {
            t += this.takenPenalty;
            this.execStall[k] += this.takenPenalty;
          }
          break;
        }
        case K_JUMP:
          result = issue + 1;
          t += this.jumpPenalty;
          this.execStall[k] += this.jumpPenalty;
          break;
        case K_UNPIPELINED:
          this.unitFree[k] = result;
          break;
        default:
          break;
      }
      if (rdSlot >= 0) {
        ready[rdSlot] = result;
        this.readyMem[rdSlot] = 0;
      }
      if (this.pendKind[k] === PEND_MODE) {
        // A write to mcachemode (event order): served when it is the earliest event.
        this.pendTime[k] = issue + lat;
        stop = true;
      }
    }
    const rc = this.reconfigDone[k]!;
    if (rc >= 0) {
      if (rc > t) {
        this.memStall[k] += rc - t;
        if (this.timeline !== null) this.timeline.stall(k, t, rc, SPAN_MEMORY);
        t = rc;
      }
      this.reconfigDone[k] = -1;
    }
    this.time[k] = t;
    if (h.state !== HART_RUNNING) {
      this.finishTime[k] = t;
      if (this.timeline !== null) this.timeline.finish(k, t);
    }
    return stop;
  }

  /** True when hart k waits for its pending event to be served (event order). */
  holds(k: number): boolean {
    return this.pendKind[k] !== -1;
  }

  /** Event order: hart k waits with its access until it is the earliest event (runEvents). */
  hold(k: number, access: number, address: number, size: number, pc: number, at: number, reg: number): void {
    this.pendKind[k] = access;
    this.pendAddr[k] = address;
    this.pendSize[k] = size;
    this.pendPc[k] = pc;
    this.pendTime[k] = at;
    this.pendReg[k] = reg;
    if (reg >= 0) {
      // Not known until the access is served; nothing reads it before (the hart waits).
      this.ready[reg] = Infinity;
      this.readyMem[reg] = 1;
    }
  }

  /**
   * Hart k's load, store or atomic (timing kind `kind`, memory-system access `access`, register
   * slot `reg` or -1) leaving the core at cycle `at`. In event order it is served when it is the
   * earliest event of the machine, or, within the slack, when it is a load or store that hits k's
   * own private L1 bank; else it is held (hold) and this returns -1. Returns the cycle the access
   * is answered; the caller sets memFree and the register's ready time.
   */
  perform(k: number, kind: number, access: AccessKind, address: number, size: number, pc: number, at: number, reg: number): number {
    if (this.deferAccesses) {
      const key = at * 4096 + k;
      const m = this.horizon;
      if (!(key < m)) {
        if (key < m + this.slackKey && (kind === K_LOAD || kind === K_STORE)) {
          const done = this.memsys.privateL1Access(k, address >>> 0, size, access, pc, at);
          if (done >= 0) return done;
        }
        this.hold(k, access, address, size, pc, at, reg);
        return -1;
      }
    }
    return this.memsys.access(k, address >>> 0, size, access, pc, at);
  }

  /** Event order, steady phase: is an event of the running hart k at cycle t the earliest? */
  private isEarliest(k: number, t: number): boolean {
    return t * 4096 + k < this.horizon;
  }

  /** Event order, steady phase: the smallest key of the harts waiting in the heap. */
  private earliestOther(): number {
    // In the steady phase the running hart sits at the heap's root with key +Infinity, so the
    // earliest other event is the smaller child of the root.
    const size = this.heapSize;
    if (size <= 1) return Infinity;
    const keys = this.heapKey;
    const m = keys[1]!;
    return size > 2 && keys[2]! < m ? keys[2]! : m;
  }

  /** Hart k's access is answered at cycle `done`: the port is free, a load's register ready. */
  private answered(k: number, done: number, reg: number): void {
    this.memFree[k] = done;
    if (reg >= 0) {
      this.ready[reg] = done;
      this.readyMem[reg] = 1;
    }
  }

  /** Serves hart k's pending event (event order). */
  private servePending(k: number): void {
    const kind = this.pendKind[k]!;
    this.pendKind[k] = -1;
    if (kind === PEND_YIELD || kind === PEND_SYNC) return;
    if (kind === PEND_MODE) {
      const value = this.pendAddr[k]!;
      const done = this.memsys.writeModeCsr(value, this.pendTime[k]!);
      for (const other of this.harts) other.cacheMode = value;
      if (done > this.time[k]!) {
        this.memStall[k] += done - this.time[k]!;
        if (this.timeline !== null) this.timeline.stall(k, this.time[k]!, done, SPAN_MEMORY);
        this.time[k] = done;
        if (this.finishTime[k]! >= 0) this.finishTime[k] = done;
      }
      return;
    }
    this.answered(k, this.memsys.access(k, this.pendAddr[k]! >>> 0, this.pendSize[k]!, kind as AccessKind, this.pendPc[k]!, this.pendTime[k]!), this.pendReg[k]!);
  }

  /** Switches cache modes from the host between launches, at the current global time. */
  reconfigure(l1: 'shared' | 'private', l2: 'shared' | 'private'): number {
    let now = 0;
    for (let k = 0; k < this.time.length; k++) if (this.time[k]! > now) now = this.time[k]!;
    const done = this.memsys.reconfigure(l1, l2, now);
    for (const h of this.harts) h.cacheMode = this.memsys.modeBits;
    return done;
  }

  /**
   * Runs until every hart has exited, one faults, or a budget is spent. Returns the first faulting
   * hart, if any.
   */
  run(maxInstructions = Infinity, maxCycles = Infinity): { fault: Hart | undefined; stopped: 'max-instructions' | 'max-cycles' | undefined } {
    const r = this.quantum === 0 ? this.runEvents(maxInstructions, maxCycles) : this.runWindows(maxInstructions, maxCycles);
    let total = 0;
    for (const h of this.harts) total += h.instret;
    this.instructions = total;
    if (this.timeline !== null) {
      // Close every GPE's last running span (a no-op for those that exited).
      for (let k = 0; k < this.harts.length; k++) this.timeline.finish(k, this.time[k]!);
    }
    return r;
  }

  /** Event order: min-heap of harts with a pending event, keyed by (event time, hart id). */
  private readonly heap: Int32Array;
  private readonly heapKey: Float64Array;
  private heapSize = 0;
  private retiredTotal = 0;
  /**
   * Event order: the smallest key of the other harts' events while a hart runs its turn;
   * -Infinity until every hart sits in the heap or has stopped (the steady phase: only then may
   * an event be served before it is popped). Only runEvents changes the heap, between turns, so
   * it is read once per turn rather than at every access.
   */
  private horizon = -Infinity;


  /** Adds hart k with its pending event to the heap (key = time * 4096 + hart: one compare). */
  private push(k: number): void {
    this.siftUp(this.heapSize++, k, this.pendTime[k]! * 4096 + k);
  }

  /** Puts hart k with `key` in the hole at `at` or, while its parent's key is larger, above it. */
  private siftUp(at: number, k: number, key: number): void {
    const heap = this.heap;
    const keys = this.heapKey;
    while (at > 0) {
      const p = (at - 1) >> 1;
      if (keys[p]! <= key) break;
      heap[at] = heap[p]!;
      keys[at] = keys[p]!;
      at = p;
    }
    heap[at] = k;
    keys[at] = key;
  }

  /**
   * Restores the heap order after the root's key grew. Bottom-up (Floyd): the hole goes down to a
   * leaf along the smaller children, choosing without a branch, and the key climbs back from
   * there. Where the key lands is data-dependent (shared L1: anywhere in the heap), so the usual
   * descent, with two unpredictable branches per level, cost more; keys are unique (time, hart),
   * so the order of events is the same.
   */
  private siftDownRoot(): void {
    const heap = this.heap;
    const keys = this.heapKey;
    const size = this.heapSize;
    const k = heap[0]!;
    const key = keys[0]!;
    let at = 0;
    let c = 1;
    while (c + 1 < size) {
      c += +(keys[c + 1]! < keys[c]!);
      heap[at] = heap[c]!;
      keys[at] = keys[c]!;
      at = c;
      c = 2 * at + 1;
    }
    if (c < size) {
      heap[at] = heap[c]!;
      keys[at] = keys[c]!;
      at = c;
    }
    this.siftUp(at, k, key);
  }

  /** Removes the earliest event's hart from the heap and returns it. */
  private pop(): number {
    const heap = this.heap;
    const keys = this.heapKey;
    const top = heap[0]!;
    const size = --this.heapSize;
    if (size > 0) {
      // The last entry takes the root's place and sinks to where it belongs.
      heap[0] = heap[size]!;
      keys[0] = keys[size]!;
      this.siftDownRoot();
    }
    return top;
  }


  /**
   * Runs hart k until it has an event pending (true) or stops: exit, fault, budget (false). The
   * observed engine returns as soon as `retired` asks it to (docs/EMULATOR.md "Timing interface").
   */
  private advance(k: number, maxInstructions: number): boolean {
    const h = this.harts[k]!;
    const pendKind = this.pendKind;
    while (h.state === HART_RUNNING && pendKind[k] === -1) {
      const budget = Math.min(YIELD_CHUNK, maxInstructions - this.retiredTotal);
      if (budget <= 0) return false;
      const retired = h.run(budget);
      this.retiredTotal += retired;
      if (retired === 0) break;
      if (retired === YIELD_CHUNK && pendKind[k] === -1 && h.state === HART_RUNNING) {
        pendKind[k] = PEND_YIELD;
        this.pendTime[k] = this.time[k]!;
      }
    }
    return pendKind[k] !== -1 && h.state === HART_RUNNING;
  }

  private runEvents(maxInstructions: number, maxCycles: number): { fault: Hart | undefined; stopped: 'max-instructions' | 'max-cycles' | undefined } {
    const harts = this.harts;
    const n = harts.length;
    const end = (k: number): { fault: Hart | undefined; stopped: 'max-instructions' | 'max-cycles' | undefined } => {
      const h = harts[k]!;
      if (h.state === HART_FAULTED) {
        this.finishTime[k] = this.time[k]!;
        return { fault: h, stopped: undefined };
      }
      return { fault: undefined, stopped: this.retiredTotal >= maxInstructions ? 'max-instructions' : undefined };
    };
    this.heapSize = 0;
    this.retiredTotal = 0;
    // Until every hart has run to its first event, none may be served early.
    this.horizon = -Infinity;
    for (let k = 0; k < n; k++) {
      if (this.advance(k, maxInstructions)) {
        this.push(k);
      } else if (harts[k]!.state === HART_FAULTED || this.retiredTotal >= maxInstructions) {
        return end(k);
      }
    }
    const heap = this.heap;
    const keys = this.heapKey;
    while (this.heapSize > 0) {
      // Serve the earliest event and run its hart on; it stays at the root with key +Infinity, so
      // while it is the earliest its accesses are served as they come (isEarliest).
      const k = heap[0]!;
      if (this.pendTime[k]! > maxCycles) return { fault: undefined, stopped: 'max-cycles' };
      keys[0] = Infinity;
      this.horizon = this.earliestOther();
      this.servePending(k);
      if (this.advance(k, maxInstructions)) {
        keys[0] = this.pendTime[k]! * 4096 + k;
        this.siftDownRoot();
      } else {
        if (harts[k]!.state === HART_FAULTED || this.retiredTotal >= maxInstructions) return end(k);
        this.pop();
      }
    }
    return { fault: undefined, stopped: undefined };
  }

  private runWindows(maxInstructions: number, maxCycles: number): { fault: Hart | undefined; stopped: 'max-instructions' | 'max-cycles' | undefined } {
    const harts = this.harts;
    const n = harts.length;
    const time = this.time;
    const q = this.quantum;
    let total = 0;
    for (;;) {
      let min = Infinity;
      for (let k = 0; k < n; k++) {
        if (harts[k]!.state === HART_RUNNING && time[k]! < min) min = time[k]!;
      }
      if (min === Infinity) break;
      if (min > maxCycles) return { fault: undefined, stopped: 'max-cycles' };
      const end = min + q;
      for (let k = 0; k < n; k++) {
        const h = harts[k]!;
        while (h.state === HART_RUNNING && time[k]! < end) {
          let budget = Math.ceil(end - time[k]!);
          if (total + budget > maxInstructions) budget = maxInstructions - total;
          if (budget <= 0) return { fault: undefined, stopped: 'max-instructions' };
          const retired = h.run(budget);
          total += retired;
          if ((h.state as number) === HART_FAULTED) {
            this.finishTime[k] = time[k]!;
            return { fault: h, stopped: undefined };
          }
          if (retired === 0) break;
        }
      }
    }
    return { fault: undefined, stopped: undefined };
  }

  /** Cycles from launch until the last GPE finished. */
  get cycles(): number {
    let end = 0;
    for (let k = 0; k < this.time.length; k++) {
      const f = this.finishTime[k]! >= 0 ? this.finishTime[k]! : this.time[k]!;
      if (f > end) end = f;
    }
    return end;
  }

  /** The per-GPE breakdown; idle = cycles after the GPE finished. */
  gpeTimings(): GpeTiming[] {
    const end = this.cycles;
    return this.harts.map((h, k) => {
      const finish = this.finishTime[k]! >= 0 ? this.finishTime[k]! : this.time[k]!;
      return {
        hart: h.hartId,
        tile: h.tile,
        gpe: h.gpe,
        instructions: h.instret,
        busy: h.instret,
        memoryStall: this.memStall[k]!,
        executionStall: this.execStall[k]!,
        idle: end - finish,
        finish,
      };
    });
  }

  /** Instructions by timing class, summed over harts. */
  instructionMix(): Record<TimingClass, number> {
    const out = {} as Record<TimingClass, number>;
    for (let c = 0; c < CLASS_COUNT; c++) {
      let s = 0;
      for (let k = 0; k < this.harts.length; k++) s += this.classCounts[k * CLASS_COUNT + c]!;
      out[TIMING_CLASS_NAMES[c]!] = s;
    }
    return out;
  }

  /** Where the harts still running are (see FunctionalMachine.whereRunning). */
  whereRunning(): string {
    return this.functional.whereRunning();
  }

  describeFault(h: Hart): FaultReport | undefined {
    return h.trap !== null ? this.functional.describeFault(h, h.trap) : undefined;
  }
}

