// One cache bank: sets x ways of lines, tags and state in typed arrays, a replacement policy, a
// request port that serves one request per cycle, misses outstanding (MSHRs) and counters.
// The bank holds no data: functional memory is one copy elsewhere. It knows which line each way
// holds, whether it is dirty, when its fill completes, and (for the stale-read detector) the
// version of every word of the line.
//
// The caller chooses the set: `index` is the line number with the bank-interleaving bits removed
// (shared mode) or the line number itself (private mode); the bank uses its low bits.

import type { Replacement } from '../machine/config';

/** Request-port calendar length in cycles; requests further apart than this cannot collide. */
const PORT_RING = 4096;
const PORT_MASK = PORT_RING - 1;

const POLICY_LRU = 0;
const POLICY_FIFO = 1;
const POLICY_RANDOM = 2;

export class CacheBank {
  readonly name: string;
  readonly sets: number;
  readonly ways: number;
  readonly setMask: number;
  readonly wordsPerLine: number;
  readonly policy: number;
  /** Line number held by each slot (set * ways + way), -1 when invalid. */
  readonly tags: Int32Array;
  readonly dirty: Uint8Array;
  /** LRU: last use; FIFO: fill order. A per-bank counter, so never equal within a bank. */
  readonly stamp: Float64Array;
  /** Cycle at which the slot's fill completes (a hit earlier waits for it). */
  readonly ready: Float64Array;
  /** Stale-read detector: version of each word of each slot; empty when the detector is off. */
  readonly versions: Float64Array;
  /** Port calendar: port[c & mask] === c when cycle c is taken. */
  private readonly port: Float64Array;
  /** Cycle at which each MSHR frees. */
  readonly mshrFree: Float64Array;
  private clock: number;
  private rng: number;
  /** No request is served before this cycle (a reconfiguration in progress). */
  blockedUntil: number;
  /** The MSHR chosen by the last reserveMshr call. */
  lastMshr: number;

  // Counters (the names gem5 and Spike users know).
  reads: number;
  writes: number;
  hits: number;
  misses: number;
  /** Dirty lines written to the level below (evictions and reconfiguration flushes). */
  writebacks: number;
  /** Lines installed. */
  fills: number;
  /** Requests that found the port taken in their cycle and waited. */
  conflicts: number;
  /** Cycles those requests waited for the port. */
  waitCycles: number;
  /** Cycles misses waited for a free MSHR. */
  mshrWaitCycles: number;
  /** Bytes in and out of the bank: words served or written, lines filled and written back. */
  bytes: number;

  constructor(name: string, sets: number, ways: number, lineBytes: number, mshrs: number, replacement: Replacement, seed: number, trackVersions: boolean) {
    if (sets < 1 || (sets & (sets - 1)) !== 0) throw new Error(`cache bank ${name}: sets must be a power of two (got ${sets})`);
    this.name = name;
    this.sets = sets;
    this.ways = ways;
    this.setMask = sets - 1;
    this.wordsPerLine = lineBytes >>> 2;
    this.policy = replacement === 'lru' ? POLICY_LRU : replacement === 'fifo' ? POLICY_FIFO : POLICY_RANDOM;
    const slots = sets * ways;
    this.tags = new Int32Array(slots).fill(-1);
    this.dirty = new Uint8Array(slots);
    this.stamp = new Float64Array(slots);
    this.ready = new Float64Array(slots);
    this.versions = new Float64Array(trackVersions ? slots * this.wordsPerLine : 0);
    this.port = new Float64Array(PORT_RING).fill(-1);
    this.mshrFree = new Float64Array(mshrs);
    this.clock = 0;
    // xorshift32 needs a non-zero state; mix the seed with the bank name so banks differ.
    let h = (seed ^ 0x9e3779b9) | 0;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
    this.rng = h === 0 ? 1 : h;
    this.blockedUntil = 0;
    this.lastMshr = 0;
    this.reads = 0;
    this.writes = 0;
    this.hits = 0;
    this.misses = 0;
    this.writebacks = 0;
    this.fills = 0;
    this.conflicts = 0;
    this.waitCycles = 0;
    this.mshrWaitCycles = 0;
    this.bytes = 0;
  }

  /** The slot holding `line` in set `index & setMask`, or -1. */
  lookup(line: number, index: number): number {
    const base = (index & this.setMask) * this.ways;
    const tags = this.tags;
    for (let w = 0; w < this.ways; w++) {
      if (tags[base + w] === line) return base + w;
    }
    return -1;
  }

  /** Records a use of `slot` (LRU order). */
  touch(slot: number): void {
    if (this.policy === POLICY_LRU) this.stamp[slot] = ++this.clock;
  }

  /** The slot to replace in set `index & setMask`: an invalid way first, else by policy. */
  victim(index: number): number {
    const base = (index & this.setMask) * this.ways;
    const tags = this.tags;
    for (let w = 0; w < this.ways; w++) {
      if (tags[base + w] === -1) return base + w;
    }
    if (this.policy === POLICY_RANDOM) {
      let x = this.rng;
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      this.rng = x;
      return base + (x >>> 0) % this.ways;
    }
    const stamp = this.stamp;
    let best = base;
    for (let w = 1; w < this.ways; w++) {
      if (stamp[base + w]! < stamp[best]!) best = base + w;
    }
    return best;
  }

  /** Puts `line` in `slot` (clean), usable from cycle `readyAt`. */
  install(slot: number, line: number, readyAt: number): void {
    this.tags[slot] = line;
    this.dirty[slot] = 0;
    this.stamp[slot] = ++this.clock;
    this.ready[slot] = readyAt;
    this.fills++;
  }

  /** Takes the first free port cycle at or after `t`; counts a conflict when it had to wait. */
  reservePort(t: number): number {
    let c = t < this.blockedUntil ? this.blockedUntil : t;
    const port = this.port;
    const first = c;
    while (port[c & PORT_MASK] === c) c++;
    port[c & PORT_MASK] = c;
    if (c > first) {
      this.conflicts++;
      this.waitCycles += c - first;
    }
    return c;
  }

  /** Takes the MSHR that frees first; returns when the miss may start (>= t). */
  reserveMshr(t: number): number {
    const free = this.mshrFree;
    let best = 0;
    for (let i = 1; i < free.length; i++) {
      if (free[i]! < free[best]!) best = i;
    }
    this.lastMshr = best;
    const f = free[best]!;
    if (f > t) {
      this.mshrWaitCycles += f - t;
      return f;
    }
    return t;
  }

  /** Marks every line invalid (after the caller wrote back the dirty ones). */
  invalidateAll(): void {
    this.tags.fill(-1);
    this.dirty.fill(0);
    this.ready.fill(0);
  }

  /** Number of valid lines (tests and reports). */
  validLines(): number {
    let n = 0;
    for (let i = 0; i < this.tags.length; i++) if (this.tags[i] !== -1) n++;
    return n;
  }
}
