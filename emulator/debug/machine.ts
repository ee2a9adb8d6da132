// What the debug engine drives: a functional or a timed machine behind one small interface, built
// by a factory so the engine can rebuild it from scratch for deterministic replay. Functional
// machines also take checkpoints (harts, memory pages, reservations, scheduler cursor) so replay
// starts from the nearest one instead of from launch; the timed machine's memory-system state
// has no snapshot API yet, so it replays from launch (exact, slower on long runs).

import type { ElfImage } from '../../toolchain/elf/types';
import { HART_RUNNING, type Hart, type RetireObserver } from '../core/hart';
import type { DecodedPage } from '../core/decode-cache';
import type { Trap } from '../core/trap';
import { FunctionalMachine, type FaultReport, type RunOptions } from '../machine/functional';
import { TimedMachine } from '../machine/timed';
import type { MachineConfig } from '../machine/config';
import { PAGE_COUNT, type PhysicalMemory } from '../memsys/physical-memory';
import { RoundRobinSchedule, TimedSchedule, type Schedule } from './schedule';

/** Observer that does nothing: installing it selects the engine variant that records memory accesses. */
const RECORD_ACCESSES: RetireObserver = Object.freeze({
  retired(hart: Hart, page: DecodedPage, index: number, pc: number): void {
    void hart;
    void page;
    void index;
    void pc;
  },
});

export interface MachineSpec {
  readonly image: ElfImage;
  readonly options: RunOptions;
  /** Set for the timed machine. */
  readonly config?: MachineConfig;
}

interface HartCheckpoint {
  readonly x: Int32Array;
  readonly f: Uint32Array;
  readonly scalars: Float64Array;
  readonly trap: Trap | null;
}

export interface Checkpoint {
  /** Instructions retired by all harts since launch when it was taken. */
  readonly at: number;
  readonly harts: readonly HartCheckpoint[];
  readonly pages: ReadonlyMap<number, Uint8Array>;
  readonly reservationAddress: Int32Array;
  readonly reservationValid: Uint8Array;
  readonly cursorHart: number;
  readonly cursorLeft: number;
}

const SCALARS = [
  'pc', 'instret', 'cycleOffset', 'fflags', 'frm', 'mstatus', 'mie', 'mtvec', 'mscratch', 'mepc', 'mcause', 'mtval',
  'cacheMode', 'state', 'exitCode', 'exitValue', 'trapPc',
] as const;
export const INSTRET_SLOT = SCALARS.indexOf('instret');

/** One loaded machine plus the scheduler cursor that mirrors its run loop. */
export class DebugMachine {
  readonly kind: 'functional' | 'timed';
  readonly functional: FunctionalMachine;
  readonly timed: TimedMachine | null;
  readonly harts: readonly Hart[];
  readonly memory: PhysicalMemory;
  readonly schedule: Schedule;

  constructor(spec: MachineSpec) {
    if (spec.config !== undefined) {
      this.kind = 'timed';
      // Quantum 0 (event order, the default) serves accesses in simulated-time order, which gives
      // exactly lockstep's cycles; the debugger runs lockstep windows (quantum 1), which it can
      // stop between any two instructions.
      const quantum = spec.options.quantum ?? spec.config.scheduler.quantum;
      // The observed interpreter: watchpoints read the access each instruction records on the
      // hart, which timed blocks do not record.
      this.timed = new TimedMachine(spec.image, { ...spec.options, quantum: quantum === 0 ? 1 : quantum, config: spec.config, engine: 'interp' });
      this.functional = this.timed.functional;
      this.schedule = new TimedSchedule(this.timed.harts, this.timed.time, this.timed.quantum);
    } else {
      this.kind = 'functional';
      this.timed = null;
      this.functional = new FunctionalMachine(spec.image, spec.options);
      this.schedule = new RoundRobinSchedule(this.functional.harts, this.functional.quantum);
    }
    this.harts = this.functional.harts;
    this.memory = this.functional.memory;
  }

  /** Cycles of hart k: local time (timed) or instructions plus mcycle writes (functional). */
  cycles(k: number): number {
    const h = this.harts[k]!;
    return this.timed !== null ? this.timed.time[k]! : h.instret + h.cycleOffset;
  }

  /** The machine clock: the time every running hart has reached (the least among them). */
  clock(): number {
    let min = Infinity;
    for (let k = 0; k < this.harts.length; k++) if (this.harts[k]!.state === HART_RUNNING) min = Math.min(min, this.cycles(k));
    if (min !== Infinity) return min;
    return this.timed !== null ? this.timed.cycles : Math.max(...this.harts.map((_, k) => this.cycles(k)));
  }

  /** Turns memory-access recording on (watchpoints) or back off; costs nothing when off. */
  recordAccesses(on: boolean): void {
    if (this.timed !== null) return; // the timed machine's observer records them already
    for (const h of this.harts) h.observer = on ? RECORD_ACCESSES : null;
  }

  describeFault(h: Hart): FaultReport | undefined {
    return h.trap !== null ? this.functional.describeFault(h, h.trap) : undefined;
  }

  get canCheckpoint(): boolean {
    return this.kind === 'functional';
  }

  /** A full checkpoint; pages equal to `previous`'s copies are shared with it, not copied again. */
  checkpoint(at: number, previous?: Checkpoint): Checkpoint {
    const mem = this.memory;
    const pages = new Map<number, Uint8Array>();
    for (let p = 0; p < PAGE_COUNT; p++) {
      const page = mem.bu[p]!;
      if (page.length === 0) continue;
      const old = previous?.pages.get(p);
      pages.set(p, old !== undefined && Buffer.compare(old, page) === 0 ? old : page.slice());
    }
    const cursor = this.schedule as RoundRobinSchedule;
    return {
      at,
      harts: this.harts.map((h) => {
        const scalars = new Float64Array(SCALARS.length);
        SCALARS.forEach((name, i) => (scalars[i] = h[name]));
        return { x: h.x.slice(), f: h.f.slice(), scalars, trap: h.trap };
      }),
      pages,
      reservationAddress: mem.reservationAddress.slice(),
      reservationValid: mem.reservationValid.slice(),
      cursorHart: cursor.hart,
      cursorLeft: cursor.left,
    };
  }

  restore(cp: Checkpoint): void {
    const mem = this.memory;
    for (let p = 0; p < PAGE_COUNT; p++) {
      const page = mem.bu[p]!;
      if (page.length === 0) continue;
      const saved = cp.pages.get(p);
      if (saved !== undefined) page.set(saved);
      else page.fill(0); // allocated since: reads as zero, exactly as an unallocated page
    }
    mem.reservationAddress.set(cp.reservationAddress);
    mem.reservationValid.set(cp.reservationValid);
    this.functional.code.flush();
    this.harts.forEach((h, k) => {
      const s = cp.harts[k]!;
      h.x.set(s.x);
      h.f.set(s.f);
      SCALARS.forEach((name, i) => ((h as unknown as Record<string, number>)[name] = s.scalars[i]!));
      h.trap = s.trap;
      h.setPc(h.pc);
    });
    const cursor = this.schedule as RoundRobinSchedule;
    cursor.hart = cp.cursorHart;
    cursor.left = cp.cursorLeft;
  }
}
