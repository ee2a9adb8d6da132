// The memory system behind the GPEs: per tile an L1 of gpesPerTile banks, one L2 bank per tile,
// the two crossbars, main memory, the shared/private modes, reconfiguration and the stale-read
// detector. It models time only: `access` takes the cycle a request leaves a core and returns the
// cycle its answer is back, with queueing at bank ports, MSHRs and the memory channel. Data stays
// in one functional copy owned by the hart side (emulator/memsys/physical-memory.ts).
//
// Modes (docs/MACHINE.md):
//   L1 private: GPE g of tile t uses bank t*G+g, no crossbar.   L1 shared: bank t*G + line % G,
//               through the tile crossbar (l1Latency each way), set index from line / G.
//   L2 private: tile t uses bank t.                              L2 shared: bank line % T, through
//               the L2 crossbar (l2Latency each way), set index from line / T.
// Write-back, write-allocate at both levels; not inclusive; not coherent. Atomics (AMOs, LR/SC)
// are performed at main memory, the one point all cores share in every mode.

import type { CacheMode, MachineConfig } from '../machine/config';
import { setsPerBank } from '../machine/config';
import { CacheBank } from './cache-bank';
import { MainMemory } from './main-memory';
import { StaleReadDetector, SUSPECT_SHIFT } from './stale-detector';

/** Kinds of access `access` accepts. */
export const ACCESS = Object.freeze({
  load: 0,
  store: 1,
  /** Read-modify-write at memory (AMO, SC). */
  amo: 2,
  /** Read at memory (LR). */
  loadReserved: 3,
} as const);
export type AccessKind = (typeof ACCESS)[keyof typeof ACCESS];

export class MemorySystem {
  readonly config: MachineConfig;
  readonly tiles: number;
  readonly gpesPerTile: number;
  readonly harts: number;
  readonly lineBytes: number;
  readonly lineShift: number;
  readonly wordsPerLine: number;
  /** log2(wordsPerLine): a slot's versions start at slot << wordShift. */
  private readonly wordShift: number;
  /** gpesPerTile is a power of two: shared-L1 bank and set from a mask and a shift. */
  private readonly gPow2: boolean;
  private readonly gShift: number;
  /** tiles is a power of two: shared-L2 bank and set from a mask and a shift. */
  private readonly tPow2: boolean;
  private readonly tShift: number;
  /** L1 banks, index tile * gpesPerTile + gpe. */
  readonly l1: CacheBank[];
  /** L2 banks, index tile. */
  readonly l2: CacheBank[];
  readonly memory: MainMemory;
  /** Null when the detector is off. */
  readonly stale: StaleReadDetector | null;
  l1Private: boolean;
  l2Private: boolean;

  private readonly l1Tag: number;
  private readonly l1Hit: number;
  private readonly l1Resp: number;
  private readonly l2Tag: number;
  private readonly l2Hit: number;
  private readonly l2Resp: number;
  private readonly x1: number;
  private readonly x2: number;
  private readonly switchLatency: number;
  /** No cache holds a line (at start and after a full flush): host writes cannot make copies stale. */
  private cachesEmpty: boolean;
  /** The L2 copy the last l2Fill left the line in (for version copying). */
  private srcBank: CacheBank;
  private srcSlot: number;

  // Counters outside the banks.
  l1XbarTraversals: number;
  l2XbarTraversals: number;
  atomics: number;
  reconfigurations: number;
  reconfigCycles: number;
  reconfigL1Writebacks: number;
  reconfigL2Writebacks: number;
  /** Flushes without a mode change (host side, between launches). */
  flushes: number;

  constructor(config: MachineConfig) {
    this.config = config;
    this.tiles = config.tiles;
    this.gpesPerTile = config.gpesPerTile;
    this.harts = config.tiles * config.gpesPerTile;
    this.lineBytes = config.lineBytes;
    this.lineShift = Math.log2(config.lineBytes);
    this.wordsPerLine = config.lineBytes >>> 2;
    this.wordShift = Math.log2(this.wordsPerLine);
    this.gPow2 = (this.gpesPerTile & (this.gpesPerTile - 1)) === 0;
    this.gShift = this.gPow2 ? Math.log2(this.gpesPerTile) : 0;
    this.tPow2 = (this.tiles & (this.tiles - 1)) === 0;
    this.tShift = this.tPow2 ? Math.log2(this.tiles) : 0;
    this.l1Private = config.l1.mode === 'private';
    this.l2Private = config.l2.mode === 'private';
    const detector = config.staleReads === 'on' || (config.staleReads === 'auto' && (this.harts > 1));
    this.stale = detector ? new StaleReadDetector() : null;
    const s1 = setsPerBank(config, 'l1');
    const s2 = setsPerBank(config, 'l2');
    this.l1 = [];
    for (let t = 0; t < this.tiles; t++) {
      for (let g = 0; g < this.gpesPerTile; g++) {
        this.l1.push(new CacheBank(`l1.t${t}.b${g}`, s1, config.l1.ways, config.lineBytes, config.l1.mshrs, config.l1.replacement, config.seed, detector));
      }
    }
    this.l2 = [];
    for (let t = 0; t < this.tiles; t++) {
      this.l2.push(new CacheBank(`l2.b${t}`, s2, config.l2.ways, config.lineBytes, config.l2.mshrs, config.l2.replacement, config.seed, detector));
    }
    this.memory = new MainMemory(config.dram.latency, config.dram.bytesPerCycle, config.lineBytes);
    this.l1Tag = config.l1.tagLatency;
    this.l1Hit = config.l1.tagLatency + config.l1.dataLatency;
    this.l1Resp = config.l1.responseLatency;
    this.l2Tag = config.l2.tagLatency;
    this.l2Hit = config.l2.tagLatency + config.l2.dataLatency;
    this.l2Resp = config.l2.responseLatency;
    this.x1 = config.xbar.l1Latency;
    this.x2 = config.xbar.l2Latency;
    this.switchLatency = config.reconfig.switchLatency;
    this.updateMshrBinding();
    this.srcBank = this.l2[0]!;
    this.srcSlot = 0;
    this.cachesEmpty = true;
    this.l1XbarTraversals = 0;
    this.l2XbarTraversals = 0;
    this.atomics = 0;
    this.reconfigurations = 0;
    this.reconfigCycles = 0;
    this.reconfigL1Writebacks = 0;
    this.reconfigL2Writebacks = 0;
    this.flushes = 0;
  }

  /**
   * Each GPE has at most one memory operation in flight, so a bank sees at most as many
   * outstanding misses as GPEs can reach it: 1 (L1 private), gpesPerTile (L1 shared, L2 private),
   * all harts (L2 shared). MSHR accounting is skipped where that never exceeds the MSHR count.
   */
  private updateMshrBinding(): void {
    const c = this.config;
    const l1Sources = this.l1Private ? 1 : this.gpesPerTile;
    const l2Sources = this.l2Private ? this.gpesPerTile : this.harts;
    for (const b of this.l1) b.mshrsCanBind = l1Sources > c.l1.mshrs;
    for (const b of this.l2) b.mshrsCanBind = l2Sources > c.l2.mshrs;
  }

  get l1Mode(): CacheMode {
    return this.l1Private ? 'private' : 'shared';
  }

  get l2Mode(): CacheMode {
    return this.l2Private ? 'private' : 'shared';
  }

  /**
   * `hart`'s load (kind 0) or store (kind 1) when it hits its own private L1 bank: performs it
   * exactly as `access` would and returns the cycle the answer is back. Else -1, and nothing
   * changed. Such a hit touches only that bank (port, replacement state, its copy's versions) and
   * the hart's own words' versions: nothing another hart reads or writes.
   */
  privateL1Access(hart: number, address: number, size: number, kind: AccessKind, pc: number, now: number): number {
    if (!this.l1Private) return -1;
    const line = address >>> this.lineShift;
    const bank = this.l1[hart]!;
    const slot = bank.lookup(line, line);
    if (slot < 0) return -1;
    return this.hit(bank, slot, bank.reservePort(now), address, size, kind, hart, pc, now);
  }

  /**
   * One access of `size` bytes at `address` by `hart` (instruction at `pc`) leaving the core at
   * cycle `now`; returns the cycle the answer is back at the core.
   */
  access(hart: number, address: number, size: number, kind: AccessKind, pc: number, now: number): number {
    if (kind >= 2) return this.atomic(hart, address, kind, pc, now);
    // line < 2^30, so % and / by a power of two are a mask and a shift.
    const line = address >>> this.lineShift;
    const G = this.gpesPerTile;
    let bank: CacheBank;
    let index: number;
    let t = now;
    if (this.l1Private) {
      bank = this.l1[hart]!;
      index = line;
    } else {
      const tile = (hart / G) | 0;
      if (this.gPow2) {
        bank = this.l1[tile * G + (line & (G - 1))]!;
        index = line >>> this.gShift;
      } else {
        bank = this.l1[tile * G + (line % G)]!;
        index = (line / G) | 0;
      }
      t += this.x1;
      this.l1XbarTraversals++;
    }
    const start = bank.reservePort(t);
    const slot = bank.lookup(line, index);
    const done = slot >= 0 ? this.hit(bank, slot, start, address, size, kind, hart, pc, now) : this.miss(bank, index, line, start, address, size, kind, hart, pc, now);
    return this.l1Private ? done : done + this.x1;
  }

  /** An L1 hit in `slot` of `bank`, the port taken at `start`; returns when the bank answers. */
  private hit(bank: CacheBank, slot: number, start: number, address: number, size: number, kind: AccessKind, hart: number, pc: number, now: number): number {
    bank.hits++;
    bank.touch(slot);
    let done = start + this.l1Hit;
    const r = bank.ready[slot]!;
    if (r > done) done = r;
    this.served(bank, slot, address, size, kind, hart, pc, now);
    return done;
  }

  /** An L1 miss: fills the line from L2 (writing back the victim); returns when the bank answers. */
  private miss(bank: CacheBank, index: number, line: number, start: number, address: number, size: number, kind: AccessKind, hart: number, pc: number, now: number): number {
    bank.misses++;
    this.cachesEmpty = false;
    const tile = (hart / this.gpesPerTile) | 0;
    const slot = bank.victim(index);
    if (bank.tags[slot] !== -1 && bank.dirty[slot] === 1) this.writebackL1(bank, slot, tile, start);
    const at = start + this.l1Tag;
    let done = this.l2Fill(tile, line, at) + this.l1Resp;
    done += bank.holdMshr(at, done);
    bank.install(slot, line, done);
    bank.bytes += this.lineBytes;
    const stale = this.stale;
    if (stale !== null) {
      const w = this.wordsPerLine;
      const src = this.srcBank.versions;
      const dst = bank.versions;
      const from = this.srcSlot << this.wordShift;
      const to = slot << this.wordShift;
      for (let i = 0; i < w; i++) dst[to + i] = src[from + i]!;
    }
    this.served(bank, slot, address, size, kind, hart, pc, now);
    return done;
  }

  /** The word read from or written to L1 `slot` (hit or filled): counters and versions. */
  private served(bank: CacheBank, slot: number, address: number, size: number, kind: AccessKind, hart: number, pc: number, now: number): void {
    bank.bytes += size;
    const stale = this.stale;
    if (kind === 1) {
      bank.writes++;
      bank.dirty[slot] = 1;
      if (stale !== null) {
        bank.versions[(slot << this.wordShift) | ((address >>> 2) & (this.wordsPerLine - 1))] = stale.recordWrite(address, hart, pc);
      }
    } else {
      bank.reads++;
      // Only reads of 4 KiB blocks written since the caches were last consistent can be stale.
      if (stale !== null && stale.suspect[address >>> SUSPECT_SHIFT] !== 0) {
        stale.checkRead(address, bank.versions[(slot << this.wordShift) | ((address >>> 2) & (this.wordsPerLine - 1))]!, hart, pc, now);
      }
    }
  }

  /** Fetches `line` for tile `tile`'s L1 from cycle `t`; returns when it arrives at the L1 bank. */
  private l2Fill(tile: number, line: number, t: number): number {
    let bank: CacheBank;
    let index: number;
    if (this.l2Private) {
      bank = this.l2[tile]!;
      index = line;
    } else {
      const T = this.tiles;
      if (this.tPow2) {
        bank = this.l2[line & (T - 1)]!;
        index = line >>> this.tShift;
      } else {
        bank = this.l2[line % T]!;
        index = (line / T) | 0;
      }
      t += this.x2;
      this.l2XbarTraversals++;
    }
    const start = bank.reservePort(t);
    bank.reads++;
    bank.bytes += this.lineBytes;
    let done: number;
    let slot = bank.lookup(line, index);
    if (slot >= 0) {
      bank.hits++;
      bank.touch(slot);
      done = start + this.l2Hit;
      const r = bank.ready[slot]!;
      if (r > done) done = r;
    } else {
      bank.misses++;
      slot = bank.victim(index);
      if (bank.tags[slot] !== -1 && bank.dirty[slot] === 1) this.writebackL2(bank, slot, start);
      const at = start + this.l2Tag;
      done = this.memory.readLine(at) + this.l2Resp;
      done += bank.holdMshr(at, done);
      bank.install(slot, line, done);
      bank.bytes += this.lineBytes;
      if (this.stale !== null) this.stale.loadLine(line << this.lineShift, this.wordsPerLine, bank.versions, slot * this.wordsPerLine);
    }
    if (!this.l2Private) done += this.x2;
    this.srcBank = bank;
    this.srcSlot = slot;
    return done;
  }

  /** Writes L1 slot `slot` back to L2 at cycle `t` (posted); returns when the L2 has it. */
  private writebackL1(l1: CacheBank, slot: number, tile: number, t: number): number {
    l1.writebacks++;
    l1.bytes += this.lineBytes;
    const line = l1.tags[slot]!;
    let bank: CacheBank;
    let index: number;
    if (this.l2Private) {
      bank = this.l2[tile]!;
      index = line;
    } else {
      const T = this.tiles;
      if (this.tPow2) {
        bank = this.l2[line & (T - 1)]!;
        index = line >>> this.tShift;
      } else {
        bank = this.l2[line % T]!;
        index = (line / T) | 0;
      }
      t += this.x2;
      this.l2XbarTraversals++;
    }
    const start = bank.reservePort(t);
    bank.writes++;
    bank.bytes += this.lineBytes;
    let done = start + this.l2Hit;
    let s2 = bank.lookup(line, index);
    if (s2 >= 0) {
      bank.hits++;
      bank.touch(s2);
    } else {
      bank.misses++;
      s2 = bank.victim(index);
      if (bank.tags[s2] !== -1 && bank.dirty[s2] === 1) {
        const m = this.writebackL2(bank, s2, start);
        if (m > done) done = m;
      }
      bank.install(s2, line, start);
    }
    bank.dirty[s2] = 1;
    if (this.stale !== null) {
      const w = this.wordsPerLine;
      const src = l1.versions;
      const dst = bank.versions;
      for (let i = 0; i < w; i++) dst[s2 * w + i] = src[slot * w + i]!;
    }
    return done;
  }

  /** Writes L2 slot `slot` back to main memory at cycle `t` (posted); returns when memory has it. */
  private writebackL2(l2: CacheBank, slot: number, t: number): number {
    l2.writebacks++;
    l2.bytes += this.lineBytes;
    if (this.stale !== null) this.stale.storeLine(l2.tags[slot]! << this.lineShift, this.wordsPerLine, l2.versions, slot * this.wordsPerLine);
    return this.memory.writeLine(t);
  }

  /** Atomics go through both levels' interconnect to main memory and back. */
  private atomic(hart: number, address: number, kind: AccessKind, pc: number, now: number): number {
    this.atomics++;
    let hops = 0;
    if (!this.l1Private) {
      hops += this.x1;
      this.l1XbarTraversals++;
    }
    if (!this.l2Private) {
      hops += this.x2;
      this.l2XbarTraversals++;
    }
    const done = this.memory.readLine(now + hops) + hops;
    const stale = this.stale;
    if (stale !== null) {
      stale.checkMemoryRead(address, hart, pc, now);
      if (kind === ACCESS.amo) stale.recordMemoryWrite(address, hart, pc);
    }
    return done;
  }

  /** A write by the host straight into main memory (tensors between launches). */
  hostWrite(address: number, bytes: number): void {
    const stale = this.stale;
    if (stale === null) return;
    const first = address & ~3;
    for (let a = first; a < address + bytes; a += 4) stale.recordMemoryWrite(a >>> 0, -1, 0, this.cachesEmpty);
  }

  /**
   * Writes back the dirty lines of the chosen levels and invalidates them, from cycle `now`:
   * each bank reads out one line per cycle; L1 lines go to L2 (in the current L2 mode), then the
   * L2 drains to memory. Returns the cycle the last writeback is done.
   */
  private drain(l1: boolean, l2: boolean, now: number): number {
    let end = now;
    if (l1) {
      for (let b = 0; b < this.l1.length; b++) {
        const bank = this.l1[b]!;
        const tile = (b / this.gpesPerTile) | 0;
        let k = 0;
        for (let s = 0; s < bank.tags.length; s++) {
          if (bank.tags[s] !== -1 && bank.dirty[s] === 1) {
            const d = this.writebackL1(bank, s, tile, now + k++);
            if (d > end) end = d;
            this.drainedL1++;
          }
        }
        bank.invalidateAll();
      }
    }
    if (l2) {
      const from = end;
      for (const bank of this.l2) {
        let k = 0;
        for (let s = 0; s < bank.tags.length; s++) {
          if (bank.tags[s] !== -1 && bank.dirty[s] === 1) {
            const d = this.writebackL2(bank, s, from + k++);
            if (d > end) end = d;
            this.drainedL2++;
          }
        }
        bank.invalidateAll();
      }
    }
    return end;
  }

  private drainedL1 = 0;
  private drainedL2 = 0;

  private blockAll(until: number): void {
    for (const b of this.l1) if (b.blockedUntil < until) b.blockedUntil = until;
    for (const b of this.l2) if (b.blockedUntil < until) b.blockedUntil = until;
  }

  /**
   * Switches modes at cycle `now`. Levels whose mode changes are written back and invalidated,
   * then the switch latency is charged; no bank serves a request before the returned cycle.
   * A request for the modes already in force costs nothing and is not counted.
   */
  reconfigure(l1: CacheMode, l2: CacheMode, now: number): number {
    const p1 = l1 === 'private';
    const p2 = l2 === 'private';
    const c1 = p1 !== this.l1Private;
    const c2 = p2 !== this.l2Private;
    if (!c1 && !c2) return now;
    this.drainedL1 = 0;
    this.drainedL2 = 0;
    const drained = this.drain(c1, c2, now);
    this.reconfigL1Writebacks += this.drainedL1;
    this.reconfigL2Writebacks += this.drainedL2;
    this.l1Private = p1;
    this.l2Private = p2;
    this.updateMshrBinding();
    const done = drained + this.switchLatency;
    this.blockAll(done);
    this.reconfigurations++;
    this.reconfigCycles += done - now;
    return done;
  }

  /** The mcachemode CSR value: bit 0 L1 private, bit 1 L2 private. */
  get modeBits(): number {
    return (this.l1Private ? 1 : 0) | (this.l2Private ? 2 : 0);
  }

  /** A kernel wrote mcachemode at cycle `now`; returns when the machine may go on. */
  writeModeCsr(value: number, now: number): number {
    return this.reconfigure((value & 1) !== 0 ? 'private' : 'shared', (value & 2) !== 0 ? 'private' : 'shared', now);
  }

  /** Writes back and invalidates both levels (host side, e.g. before reading results). */
  flushAll(now: number): number {
    this.flushes++;
    const done = this.drain(true, true, now);
    this.blockAll(done);
    this.cachesEmpty = true;
    if (this.stale !== null) this.stale.settle();
    return done;
  }
}
