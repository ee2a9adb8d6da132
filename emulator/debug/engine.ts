// The debug engine: one object both front ends (`gpesim debug`, `gpesim gdbserver`) drive.
//
// Time model. The machine runs in exactly the interleave `gpesim run` uses (schedule.ts); the
// debugger only chooses where to stop. Every point of a session is identified by `g`, the number
// of instructions all harts have retired since launch in that order, so a point can always be
// reached again by re-executing from launch (or from a checkpoint) to the same `g`: that is how
// reverse-step and reverse-continue restore registers, CSRs, memory and machine time exactly.
// State changes made by the user (`set reg`, `set mem`, gdb's `P`/`M`) are recorded with their
// `g` and re-applied on replay; a change made after stepping back forgets the recorded future.
//
// Breakpoints are checked before a hart executes the instruction at their address; watchpoints
// after the instruction that accessed the watched range (the stop names that instruction's pc).
// Either makes the engine run affected harts one instruction at a time; with none set, harts run
// whole turns on the machine's fast path.

import { HART_EXITED, HART_FAULTED, HART_RUNNING, type Hart } from '../core/hart';
import { MEM_AMO, MEM_LOAD, MEM_STORE } from '../core/engine';
import { Trap } from '../core/trap';
import { csrByName } from '../../toolchain/isa/csrs';
import { INSTRUCTIONS } from '../../toolchain/isa/instructions';
import { DebugMachine, INSTRET_SLOT, type Checkpoint, type MachineSpec } from './machine';

export type WatchKind = 'write' | 'read' | 'access';

export interface Condition {
  /** x register 0..31, or 32 for pc. */
  readonly reg: number;
  readonly op: '==' | '!=';
  readonly value: number;
  readonly text: string;
}

export interface Breakpoint {
  readonly kind: 'break';
  readonly id: number;
  readonly address: number;
  /** Hart index, or -1 for every hart. */
  readonly hart: number;
  readonly temporary: boolean;
  readonly condition: Condition | null;
  /** How the user named it (`main`, `prog.s:12`, `0x10074`). */
  readonly label: string;
  hits: number;
  /** Inserted by gdb (Z0): not listed or deleted by the CLI's numbering. */
  readonly internal: boolean;
}

export interface Watchpoint {
  readonly kind: 'watch';
  readonly id: number;
  readonly access: WatchKind;
  readonly address: number;
  readonly length: number;
  readonly hart: number;
  readonly label: string;
  hits: number;
  readonly internal: boolean;
}

export type Point = Breakpoint | Watchpoint;

export type StopReason =
  | { readonly kind: 'step'; readonly hart: number }
  | { readonly kind: 'breakpoint'; readonly hart: number; readonly point: Breakpoint }
  | {
      readonly kind: 'watchpoint';
      readonly hart: number;
      readonly point: Watchpoint;
      /** The address the instruction accessed, its size, and how. */
      readonly address: number;
      readonly size: number;
      readonly access: 'read' | 'write' | 'read-write';
      /** pc of the instruction that touched the range (the hart is now past it). */
      readonly pc: number;
    }
  | { readonly kind: 'cycles'; readonly hart: number }
  | { readonly kind: 'exited'; readonly hart: number; readonly code: number }
  | { readonly kind: 'fault'; readonly hart: number; readonly message: string }
  | { readonly kind: 'history-start'; readonly hart: number }
  | { readonly kind: 'interrupted'; readonly hart: number };

/** What a forward run is for; targets are absolute so a run can be sliced. */
export type Goal =
  | { readonly kind: 'continue' }
  | { readonly kind: 'step'; readonly hart: number; readonly target: number }
  | { readonly kind: 'step-all'; readonly targets: Float64Array }
  | { readonly kind: 'cycles'; readonly clock: number }
  | { readonly kind: 'to'; readonly g: number };

/** A user change of machine state, re-applied on replay. */
interface Edit {
  readonly at: number;
  readonly apply: (m: DebugMachine) => void;
}

/** Take a checkpoint when this many instructions ran since the last one (functional machine). */
const CHECKPOINT_INTERVAL = 1_000_000;
const MAX_CHECKPOINTS = 32;

export const PC_REG = 32;

/** reverse-step's scan: the last `g` at which `hart` had retired `instret` and was about to run. */
interface Probe {
  readonly hart: number;
  readonly instret: number;
  g: number;
}

export class DebugEngine {
  private readonly spec: MachineSpec;
  /** Program output goes here unless replaying what was already shown. */
  private readonly output: (fd: 1 | 2, bytes: Uint8Array) => void;
  m: DebugMachine;
  /** Instructions retired by all harts since launch (the position in the timeline). */
  g: number;
  /** Furthest point reached: output up to here was shown already. */
  private shownUpTo: number;
  private replaying: boolean;
  selected: number;
  readonly points: Point[];
  private nextId: number;
  private readonly byAddress: Map<number, Breakpoint[]>;
  private watches: Watchpoint[];
  /** Hart whose first check after a resume skips the breakpoint it stopped on (-1: none). */
  private skipHart: number;
  private skipPc: number;
  /** What the skip is for: the watchpoint (true) or the breakpoint (false) the hart stopped at. */
  private skipWatch: boolean;
  private edits: Edit[];
  private checkpoints: Checkpoint[];
  last: StopReason | null;
  /**
   * Watchpoints stop before the accessing instruction runs (gdb's RISC-V convention: its
   * watchpoints are "non-steppable", gdb steps over the access itself) instead of after it.
   */
  watchBefore: boolean;
  /** Takes program output first (gdbserver: to the client while it runs); true when it did. */
  outputHook: ((fd: 1 | 2, bytes: Uint8Array) => boolean) | null;

  constructor(spec: MachineSpec, output: (fd: 1 | 2, bytes: Uint8Array) => void = () => {}) {
    this.output = output;
    this.spec = {
      ...spec,
      options: {
        ...spec.options,
        stdout: (b) => this.emit(1, b),
        stderr: (b) => this.emit(2, b),
      },
    };
    this.m = new DebugMachine(this.spec);
    this.g = 0;
    this.shownUpTo = 0;
    this.replaying = false;
    this.selected = 0;
    this.points = [];
    this.nextId = 1;
    this.byAddress = new Map();
    this.watches = [];
    this.skipHart = -1;
    this.skipPc = 0;
    this.skipWatch = false;
    this.edits = [];
    this.checkpoints = this.m.canCheckpoint ? [this.m.checkpoint(0)] : [];
    this.last = null;
    this.watchBefore = false;
    this.outputHook = null;
  }

  private emit(fd: 1 | 2, bytes: Uint8Array): void {
    if (this.replaying || this.g < this.shownUpTo) return;
    if (this.outputHook !== null && this.outputHook(fd, bytes)) return;
    this.output(fd, bytes);
  }

  get harts(): readonly Hart[] {
    return this.m.harts;
  }

  hart(k = this.selected): Hart {
    return this.m.harts[k]!;
  }

  // ---- breakpoints and watchpoints ----

  addBreakpoint(address: number, options: { hart?: number; temporary?: boolean; condition?: Condition | null; label?: string; internal?: boolean } = {}): Breakpoint {
    const bp: Breakpoint = {
      kind: 'break',
      id: options.internal ? 0 : this.nextId++,
      address: address >>> 0,
      hart: options.hart ?? -1,
      temporary: options.temporary ?? false,
      condition: options.condition ?? null,
      label: options.label ?? `0x${(address >>> 0).toString(16)}`,
      hits: 0,
      internal: options.internal ?? false,
    };
    this.points.push(bp);
    const list = this.byAddress.get(bp.address);
    if (list) list.push(bp);
    else this.byAddress.set(bp.address, [bp]);
    return bp;
  }

  addWatchpoint(address: number, length: number, access: WatchKind, options: { hart?: number; label?: string; internal?: boolean } = {}): Watchpoint {
    const wp: Watchpoint = {
      kind: 'watch',
      id: options.internal ? 0 : this.nextId++,
      access,
      address: address >>> 0,
      length: Math.max(1, length),
      hart: options.hart ?? -1,
      label: options.label ?? `0x${(address >>> 0).toString(16)}`,
      hits: 0,
      internal: options.internal ?? false,
    };
    this.points.push(wp);
    this.watches.push(wp);
    this.m.recordAccesses(true);
    return wp;
  }

  removePoint(p: Point): void {
    const i = this.points.indexOf(p);
    if (i >= 0) this.points.splice(i, 1);
    if (p.kind === 'break') {
      const list = this.byAddress.get(p.address);
      if (list) {
        const j = list.indexOf(p);
        if (j >= 0) list.splice(j, 1);
        if (list.length === 0) this.byAddress.delete(p.address);
      }
    } else {
      this.watches = this.watches.filter((w) => w !== p);
      if (this.watches.length === 0) this.m.recordAccesses(false);
    }
  }

  // ---- running forward ----

  /** Runs toward `goal`; returns why it stopped, or null when `budget` instructions ran first. */
  resume(goal: Goal, budget = Infinity): StopReason | null {
    if (this.last !== null && (this.last.kind === 'breakpoint' || (this.last.kind === 'watchpoint' && this.watchBefore))) {
      this.skipHart = this.last.hart;
      this.skipPc = this.hart(this.last.hart).pc;
      this.skipWatch = this.last.kind === 'watchpoint';
    }
    this.maybeCheckpoint();
    const stop = this.advance(goal, budget, null);
    if (stop !== null) {
      this.last = stop;
      this.selected = stop.hart;
    }
    if (this.g > this.shownUpTo) this.shownUpTo = this.g;
    return stop;
  }

  /** Goal: hart k retires `count` more instructions. */
  stepGoal(count: number, k = this.selected): Goal {
    return { kind: 'step', hart: k, target: this.hart(k).instret + count };
  }

  stepAllGoal(count: number): Goal {
    const targets = new Float64Array(this.harts.length);
    this.harts.forEach((h, k) => (targets[k] = h.instret + count));
    return { kind: 'step-all', targets };
  }

  cyclesGoal(count: number): Goal {
    return { kind: 'cycles', clock: this.m.clock() + count };
  }

  private goalReached(goal: Goal, k: number): StopReason | null {
    switch (goal.kind) {
      case 'continue':
        return null;
      case 'step': {
        const h = this.hart(goal.hart);
        if (h.instret >= goal.target || h.state !== HART_RUNNING) return { kind: 'step', hart: goal.hart };
        return null;
      }
      case 'step-all': {
        for (let j = 0; j < this.harts.length; j++) {
          const h = this.harts[j]!;
          if (h.state === HART_RUNNING && h.instret < goal.targets[j]!) return null;
        }
        return { kind: 'step', hart: k };
      }
      case 'cycles':
        return this.m.clock() >= goal.clock ? { kind: 'cycles', hart: k } : null;
      case 'to':
        return this.g >= goal.g ? { kind: 'step', hart: k } : null;
      default: {
        const never: never = goal;
        throw new Error(`unknown goal ${String(never)}`);
      }
    }
  }

  /**
   * The run loop. `search`, when given, is reverse-continue's scan: hits are reported to it instead
   * of stopping, and the breakpoints' counts and temporary flags are left alone.
   */
  private advance(goal: Goal, budget: number, search: ((g: number, stop: StopReason) => void) | null, probe: Probe | null = null): StopReason | null {
    const m = this.m;
    const harts = m.harts;
    const sched = m.schedule;
    let spent = 0;
    let lastHart = this.selected;
    // Plain replay (no search) runs through breakpoints and watchpoints.
    const watching = !this.replaying || search !== null;
    for (;;) {
      const reached = this.goalReached(goal, lastHart);
      if (reached !== null) return reached;
      if (!sched.next()) return this.allStopped();
      const k = sched.hart;
      const h = harts[k]!;
      lastHart = k;
      if (spent >= budget) return null;
      // Breakpoints, before the instruction runs.
      const fine = watching && (this.watches.length > 0 || this.byAddress.size > 0);
      if (fine) {
        const bps = this.byAddress.get(h.pc >>> 0);
        if (bps !== undefined) {
          const skip = this.skipHart === k && this.skipPc === h.pc && !this.skipWatch;
          if (!skip) {
            const bp = this.matchBreakpoint(bps, k, h);
            if (bp !== undefined) {
              const stop: StopReason = { kind: 'breakpoint', hart: k, point: bp };
              if (search === null) {
                bp.hits++;
                if (bp.temporary) this.removePoint(bp);
                this.skipHart = -1;
                return stop;
              }
              search(this.g, stop);
            }
          }
        }
      }
      if (fine && this.watchBefore && this.watches.length > 0 && !(this.skipHart === k && this.skipPc === h.pc && this.skipWatch)) {
        const hit = this.predictWatchpoint(k, h);
        if (hit !== null) {
          if (search === null) {
            hit.point.hits++;
            this.skipHart = -1;
            return hit;
          }
          search(this.g, hit);
        }
      }
      // How many instructions to run now.
      let piece = sched.left;
      if (fine) piece = 1;
      if (probe !== null && probe.hart === k) {
        if (h.instret === probe.instret) probe.g = this.g;
        piece = 1;
      }
      if (goal.kind === 'step' && goal.hart === k) piece = Math.min(piece, goal.target - h.instret);
      else if (goal.kind === 'step-all' && goal.targets[k]! > h.instret) piece = Math.min(piece, goal.targets[k]! - h.instret);
      else if (goal.kind === 'to') piece = Math.min(piece, goal.g - this.g);
      else if (goal.kind === 'cycles' && m.timed === null) piece = Math.min(piece, Math.max(1, Math.ceil(goal.clock - m.clock())));
      piece = Math.min(piece, Math.max(1, budget - spent), CHECKPOINT_INTERVAL);
      // Output already shown is not shown again: no piece straddles the furthest point reached.
      if (this.g < this.shownUpTo) piece = Math.min(piece, this.shownUpTo - this.g);
      const pc = h.pc;
      const n = h.run(piece);
      this.g += n;
      spent += n;
      sched.consume(n);
      if (this.skipHart === k && n > 0) this.skipHart = -1;
      if (h.state === HART_FAULTED) {
        if (m.timed !== null) m.timed.instructions = this.g;
        const report = m.describeFault(h);
        return { kind: 'fault', hart: k, message: report?.message ?? `hart ${h.hartId} faulted` };
      }
      if (fine && n === 1 && !this.watchBefore && this.watches.length > 0 && h.memKind !== 0) {
        const hit = this.matchWatchpoint(k, h, pc);
        if (hit !== null) {
          if (search === null) {
            hit.point.hits++;
            return hit;
          }
          search(this.g, hit);
        }
      }
      if (!this.replaying && this.m.canCheckpoint && this.g - this.lastCheckpointAt() >= CHECKPOINT_INTERVAL) this.maybeCheckpoint();
    }
  }

  private allStopped(): StopReason {
    const harts = this.harts;
    if (this.m.timed !== null) this.m.timed.instructions = this.g;
    for (let k = 0; k < harts.length; k++) {
      if (harts[k]!.state === HART_FAULTED) return { kind: 'fault', hart: k, message: this.m.describeFault(harts[k]!)?.message ?? 'fault' };
    }
    return { kind: 'exited', hart: 0, code: harts[0]!.exitCode };
  }

  private matchBreakpoint(bps: readonly Breakpoint[], k: number, h: Hart): Breakpoint | undefined {
    for (const bp of bps) {
      if (bp.hart !== -1 && bp.hart !== k) continue;
      if (bp.condition !== null) {
        const c = bp.condition;
        const v = c.reg === PC_REG ? h.pc : h.x[c.reg]!;
        const eq = v >>> 0 === c.value >>> 0;
        if (eq !== (c.op === '==')) continue;
      }
      return bp;
    }
    return undefined;
  }

  /** The access the instruction at the hart's pc is about to make, checked against the watchpoints. */
  private predictWatchpoint(k: number, h: Hart): Extract<StopReason, { kind: 'watchpoint' }> | null {
    const page = h.code.pageOf(h.pc);
    const i = ((h.pc - page.base) >>> 2) & 1023;
    const id = page.id[i]!;
    if (id < 0) return null;
    const spec = INSTRUCTIONS[id]!;
    const t = spec.timing;
    let kind = 0;
    if (t === 'load' || t === 'fp-load') kind = MEM_LOAD;
    else if (t === 'store' || t === 'fp-store') kind = MEM_STORE;
    else if (t === 'atomic') kind = spec.mnemonic.startsWith('lr.') ? MEM_LOAD : spec.mnemonic.startsWith('sc.') ? MEM_STORE : MEM_AMO;
    else return null;
    const base = h.x[page.rs1[i]!]!;
    const address = t === 'atomic' ? base : (base + page.imm[i]!) | 0;
    const m = spec.mnemonic;
    const size = m === 'lb' || m === 'lbu' || m === 'sb' ? 1 : m === 'lh' || m === 'lhu' || m === 'sh' ? 2 : 4;
    return this.matchAccess(k, address, size, kind, h.pc);
  }

  private matchWatchpoint(k: number, h: Hart, pc: number): Extract<StopReason, { kind: 'watchpoint' }> | null {
    return this.matchAccess(k, h.memAddr, h.memSize, h.memKind, pc);
  }

  private matchAccess(k: number, address: number, size: number, kind: number, pc: number): Extract<StopReason, { kind: 'watchpoint' }> | null {
    const lo = address >>> 0;
    const isRead = kind === MEM_LOAD || kind === MEM_AMO;
    const isWrite = kind === MEM_STORE || kind === MEM_AMO;
    for (const w of this.watches) {
      if (w.hart !== -1 && w.hart !== k) continue;
      if (lo + size <= w.address || lo >= w.address + w.length) continue;
      if (w.access === 'write' && !isWrite) continue;
      if (w.access === 'read' && !isRead) continue;
      return {
        kind: 'watchpoint',
        hart: k,
        point: w,
        address: lo,
        size,
        access: isRead && isWrite ? 'read-write' : isWrite ? 'write' : 'read',
        pc,
      };
    }
    return null;
  }

  // ---- replay: checkpoints, reverse execution ----

  private lastCheckpointAt(): number {
    return this.checkpoints.length > 0 ? this.checkpoints[this.checkpoints.length - 1]!.at : 0;
  }

  private maybeCheckpoint(): void {
    if (!this.m.canCheckpoint) return;
    if (this.checkpoints.length > 0 && this.g - this.lastCheckpointAt() < CHECKPOINT_INTERVAL / 4) return;
    if (this.checkpoints.some((c) => c.at === this.g)) return;
    this.checkpoints.push(this.m.checkpoint(this.g, this.checkpoints[this.checkpoints.length - 1]));
    this.checkpoints.sort((a, b) => a.at - b.at);
    if (this.checkpoints.length > MAX_CHECKPOINTS) {
      // Thin out: keep the first and every other one after it.
      this.checkpoints = this.checkpoints.filter((c, i) => i === 0 || i % 2 === 1 || i === this.checkpoints.length - 1);
    }
  }

  /**
   * Puts the machine back at point `target` (0 <= target), replaying from the nearest checkpoint or
   * from launch. `search` sees every breakpoint/watchpoint hit on the way.
   */
  private replayTo(target: number, search: ((g: number, stop: StopReason) => void) | null = null, probe: Probe | null = null): void {
    this.replaying = true;
    try {
      const cp = [...this.checkpoints]
        .reverse()
        .find((c) => c.at <= target && search === null && (probe === null || c.harts[probe.hart]!.scalars[INSTRET_SLOT]! <= probe.instret));
      let from: number;
      if (cp !== undefined) {
        this.m.restore(cp);
        from = cp.at;
      } else {
        this.m = new DebugMachine(this.spec);
        if (this.watches.length > 0) this.m.recordAccesses(true);
        from = 0;
        for (const e of this.edits) if (e.at === 0) e.apply(this.m);
      }
      this.g = from;
      this.skipHart = -1;
      for (const e of this.edits) {
        if (e.at <= from || e.at > target) continue;
        this.advance({ kind: 'to', g: e.at }, Infinity, search, probe);
        e.apply(this.m);
      }
      this.advance({ kind: 'to', g: target }, Infinity, search, probe);
    } finally {
      this.replaying = false;
    }
  }

  /** reverse-step: back to just before hart k executed its last `count` instructions. */
  reverseStep(count: number, k = this.selected): StopReason {
    const now = this.g;
    const target = Math.max(0, this.hart(k).instret - count);
    // The latest point before now where hart k had retired `target` instructions and was about to
    // run the next one: found by one pass that single-steps hart k only.
    const probe: Probe = { hart: k, instret: target, g: 0 };
    this.replayTo(now, null, probe);
    this.replayTo(probe.g);
    const stop: StopReason = { kind: 'step', hart: k };
    this.last = stop;
    this.selected = k;
    return stop;
  }

  /** reverse-continue: back to the latest breakpoint or watchpoint hit before now. */
  reverseContinue(): StopReason {
    const now = this.g;
    let found: { g: number; stop: StopReason } | null = null;
    this.replayTo(now, (g, stop) => {
      if (g < now) found = { g, stop };
    });
    const hit = found as { g: number; stop: StopReason } | null;
    if (hit === null) {
      this.replayTo(0);
      const stop: StopReason = { kind: 'history-start', hart: this.selected };
      this.last = stop;
      return stop;
    }
    this.replayTo(hit.g);
    const s: StopReason = hit.stop;
    if (s.kind === 'breakpoint' || s.kind === 'watchpoint') s.point.hits++;
    this.last = hit.stop;
    this.selected = hit.stop.hart;
    return hit.stop;
  }

  /** Replays to `g` (for tests and `goto`). */
  goTo(g: number): void {
    this.replayTo(Math.max(0, Math.min(g, this.g)));
  }

  // ---- peek (no side effects) ----

  readX(k: number, r: number): number {
    return r === PC_REG ? this.hart(k).pc >>> 0 : r === 0 ? 0 : this.hart(k).x[r]! >>> 0;
  }

  readF(k: number, r: number): number {
    return this.hart(k).f[r]! >>> 0;
  }

  /** A CSR's value as the hart would read it now, or undefined when the hart does not implement it. */
  readCsr(k: number, csr: number): number | undefined {
    const h = this.hart(k);
    if (csr === 0x001) return h.fflags & 0x1f;
    if (csr === 0x003) return ((h.frm << 5) | (h.fflags & 0x1f)) >>> 0;
    try {
      return h.csrRead(csr, 0, h.pc) >>> 0;
    } catch (e) {
      if (e instanceof Trap) return undefined;
      throw e;
    }
  }

  /** Bytes of memory, or undefined when [address, address + length) is outside memory. */
  readMemory(address: number, length: number): Uint8Array | undefined {
    const mem = this.m.memory;
    if (length === 0) return new Uint8Array(0);
    if (!mem.inRange(address >>> 0, length)) return undefined;
    return mem.readBytes(address >>> 0, length);
  }

  // ---- poke (recorded, replayed) ----

  private edit(apply: (m: DebugMachine) => void): void {
    // A change made in the past starts a new future: forget what was recorded after this point.
    this.edits = this.edits.filter((e) => e.at <= this.g);
    // Checkpoints taken at this point precede the change; with none left, replay starts at launch.
    this.checkpoints = this.checkpoints.filter((c) => c.at < this.g);
    this.edits.push({ at: this.g, apply });
    apply(this.m);
    this.shownUpTo = this.g;
  }

  writeX(k: number, r: number, value: number): void {
    if (r === 0) return;
    this.edit((m) => {
      const h = m.harts[k]!;
      if (r === PC_REG) h.setPc(value | 0);
      else h.x[r] = value | 0;
    });
  }

  writeF(k: number, r: number, bits: number): void {
    this.edit((m) => (m.harts[k]!.f[r] = bits >>> 0));
  }

  /** Writes a CSR as the debugger (no instruction retires); false when not writable. */
  writeCsr(k: number, csr: number, value: number): boolean {
    if (this.readCsr(k, csr) === undefined) return false;
    if (csr >>> 10 === 3) return false;
    this.edit((m) => {
      const h = m.harts[k]!;
      switch (csr) {
        case 0x001: h.fflags = value & 0x1f; return;
        case 0x002: h.frm = value & 7; return;
        case 0x003: h.frm = (value >>> 5) & 7; h.fflags = value & 0x1f; return;
        case 0xb00: h.cycleOffset += (value >>> 0) - ((h.instret + h.cycleOffset) % 2 ** 32); return;
        case 0xb02: h.instret += (value >>> 0) - (h.instret % 2 ** 32); return;
        case 0xb80: case 0xb82: return; // high halves: left alone (counters stay below 2^32 in practice)
        default: {
          const saved = h.fflags;
          h.csrAccess(0, csr, value | 0, true, h.pc, 0);
          h.fflags = saved;
        }
      }
    });
    return true;
  }

  writeMemory(address: number, bytes: Uint8Array): boolean {
    const mem = this.m.memory;
    if (bytes.length === 0) return true;
    if (!mem.inRange(address >>> 0, bytes.length)) return false;
    const copy = bytes.slice();
    this.edit((m) => {
      m.memory.writeBytes(address >>> 0, copy);
      m.timed?.memsys.hostWrite(address >>> 0, copy.length);
    });
    return true;
  }

  // ---- names ----

  /** x register number (0..31), PC_REG for pc, or undefined. */
  static xIndex(name: string): number | undefined {
    const n = name.toLowerCase();
    if (n === 'pc') return PC_REG;
    return X_BY_NAME.get(n);
  }

  static csrNumber(name: string): number | undefined {
    const spec = csrByName(name.toLowerCase());
    if (spec !== undefined) return spec.number;
    if (/^(0x[0-9a-f]+|\d+)$/i.test(name)) {
      const v = Number(name);
      return v >= 0 && v < 4096 ? v : undefined;
    }
    return undefined;
  }

  hartLabel(k: number): string {
    const h = this.hart(k);
    return `hart ${h.hartId} (tile ${h.tile} gpe ${h.gpe})`;
  }

  stateName(k: number): string {
    const s = this.hart(k).state;
    return s === HART_RUNNING ? 'running' : s === HART_EXITED ? `exited(${this.hart(k).exitCode})` : 'faulted';
  }
}

const X_BY_NAME = new Map<string, number>();
{
  const abi = ['zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
    'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6'];
  abi.forEach((n, i) => {
    X_BY_NAME.set(n, i);
    X_BY_NAME.set(`x${i}`, i);
  });
  X_BY_NAME.set('fp', 8);
}
