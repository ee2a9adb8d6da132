// One cache bank: sets x ways of lines, tags and state in typed arrays, a replacement policy, a
// request port that serves one request per cycle, misses outstanding (MSHRs) and counters.
// The bank holds no data: functional memory is one copy elsewhere. It knows which line each way
// holds, whether it is dirty, when its fill completes, and (for the stale-read detector) the
// version of every word of the line.
//
// The caller chooses the set: `index` is the line number with the bank-interleaving bits removed
// (shared mode) or the line number itself (private mode); the bank uses its low bits.

import type { Replacement } from '../machine/config';
import { SpanCalendar } from './span-calendar';

/**
 * Port ring length in cycles (a power of two). Requests to a port arrive within a few hundred
 * cycles of each other in event order; a small ring keeps 68 banks' ports in the host's caches.
 */
const PORT_RING = 512;
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
  /**
   * The request port: one request per cycle. A ring of cycles like a capacity-1 Calendar
   * (calendar.ts), inlined: slot `c & PORT_MASK` holds c when cycle c is taken (one array, no
   * counts, no call on every access).
   */
  private readonly portTag: Float64Array;
  /** MSHRs in use over time (built on first use). */
  private mshr: SpanCalendar | null;
  private readonly mshrCount: number;
  /**
   * False when no more misses than MSHRs can ever be outstanding at this bank (each GPE has at
   * most one memory operation in flight): then MSHRs never bind and are not tracked.
   */
  mshrsCanBind: boolean;
  private clock: number;
  private rng: number;
  /** No request is served before this cycle (a reconfiguration in progress). */
  blockedUntil: number;

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
    // MSHR spans last up to a memory round trip with queueing, and the MSHR calendar is only
    // built where MSHRs can bind.
    this.portTag = new Float64Array(PORT_RING).fill(-1);
    this.mshr = null;
    this.mshrCount = mshrs;
    this.mshrsCanBind = true;
    this.clock = 0;
    // xorshift32 needs a non-zero state; mix the seed with the bank name so banks differ.
    let h = (seed ^ 0x9e3779b9) | 0;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
    this.rng = h === 0 ? 1 : h;
    this.blockedUntil = 0;
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
    const first = t < this.blockedUntil ? this.blockedUntil : t;
    const tag = this.portTag;
    let c = first;
    while (tag[c & PORT_MASK] === c) c++;
    tag[c & PORT_MASK] = c;
    if (c > first) {
      this.conflicts++;
      this.waitCycles += c - first;
    }
    return c;
  }

  /**
   * A miss that would hold an MSHR over [t, done): returns how many cycles it must wait for one
   * to be free over its whole duration (0 almost always), and takes it. The levels below were
   * already asked at t; a waiting miss is shifted as a whole (docs/MACHINE.md).
   */
  holdMshr(t: number, done: number): number {
    if (!this.mshrsCanBind) return 0;
    const length = done - t;
    let mshr = this.mshr;
    if (mshr === null) {
      mshr = new SpanCalendar(this.mshrCount);
      this.mshr = mshr;
    }
    const s = mshr.findSpan(t, length);
    mshr.takeSpan(s, length);
    if (s > t) this.mshrWaitCycles += s - t;
    return s - t;
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
