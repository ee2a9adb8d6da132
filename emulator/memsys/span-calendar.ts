// A calendar of units held over spans of cycles (a bank's MSHRs: a miss holds one from its start
// to its fill). It answers the same question as Calendar.findSpan/takeSpan (calendar.ts) - the
// first cycle from which a unit is free over a whole span - but keeps the number of units in use
// as a step function: sorted breakpoints, each starting a segment of constant use. A request costs
// a search plus the segments its span covers, not one step per cycle: misses last hundreds of
// cycles where the memory channel queues (fully connected layers in the shared modes), and the
// per-cycle ring spent most of those runs' host time walking them.
//
// With whole cycles it gives the answers of a per-cycle count without a ring: the same as
// Calendar whenever no request comes a ring's length behind the latest cycle taken (event order
// serves misses in time order, so they never do). Spans that ended more than SPAN_HORIZON
// cycles before the latest one taken are forgotten (looked for every FORGET_EVERY spans).

/** Cycles behind the latest cycle taken that the calendar remembers at least. */
export const SPAN_HORIZON = 4096;
/** Spans taken between two looks at what may be forgotten (a power of two). */
export const FORGET_EVERY = 64;

export class SpanCalendar {
  readonly capacity: number;
  /** Breakpoints, ascending, live in [head, size); before at[head] and from the last one on, 0 used. */
  private at: Float64Array;
  /** Units in use from at[i] up to at[i + 1] (0 in the last segment). */
  private used: Int32Array;
  private head: number;
  private size: number;
  /** The latest cycle any span reached (its end). */
  private latest: number;
  private taken: number;

  constructor(capacity: number) {
    if (!(capacity >= 1)) throw new Error(`span calendar capacity must be at least 1 (got ${capacity})`);
    this.capacity = capacity;
    this.at = new Float64Array(64);
    this.used = new Int32Array(64);
    this.head = 0;
    this.size = 0;
    this.latest = -Infinity;
    this.taken = 0;
  }

  /** Units in use at cycle c. */
  usedAt(c: number): number {
    const i = this.segment(c);
    return i < this.head ? 0 : this.used[i]!;
  }

  /** The first cycle s >= t such that every cycle of [s, s + length) has a free unit. */
  findSpan(t: number, length: number): number {
    if (!(length > 0)) return t;
    const at = this.at;
    const used = this.used;
    const cap = this.capacity;
    const size = this.size;
    let s = t;
    let j = this.segment(t);
    if (j < this.head) j = this.head;
    // A full segment pushes the start past its end; the window [s, s + length) moves with it.
    for (; j < size && at[j]! < s + length; j++) {
      if (used[j]! >= cap) s = at[j + 1]!;
    }
    return s;
  }

  /** Takes one unit in every cycle of [s, s + length) (after findSpan chose s); length 0 takes nothing. */
  takeSpan(s: number, length: number): void {
    if (!(length > 0)) return;
    const e = s + length;
    const from = this.split(s);
    const to = this.split(e);
    const used = this.used;
    for (let j = from; j < to; j++) used[j]!++;
    // Keep breakpoints only where the use changes, so runs of back-to-back spans stay one segment.
    this.mergeAt(to);
    this.mergeAt(from);
    if (e > this.latest) this.latest = e;
    // The front is far from where requests land (a host cache miss): look at it now and then.
    if ((++this.taken & (FORGET_EVERY - 1)) === 0) this.forget(this.latest - SPAN_HORIZON);
  }

  /** Breakpoints remembered (a run of back-to-back spans at the same use is one segment). */
  get breakpoints(): number {
    return this.size - this.head;
  }

  /** The live breakpoints and the use from each (tests and debugging). */
  segments(): { at: number[]; used: number[] } {
    return { at: Array.from(this.at.subarray(this.head, this.size)), used: Array.from(this.used.subarray(this.head, this.size)) };
  }

  /** The last live breakpoint at or before c, or head - 1 when c precedes them all. */
  private segment(c: number): number {
    const at = this.at;
    const head = this.head;
    // Requests come near the latest cycles taken: walk back a few breakpoints first.
    let i = this.size - 1;
    const stop = i - 8 > head ? i - 8 : head;
    for (; i >= stop; i--) if (at[i]! <= c) return i;
    if (i < head) return head - 1;
    let lo = head;
    let hi = i;
    let found = head - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid]! <= c) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** Makes c a breakpoint (splitting the segment it falls in) and returns its index. */
  private split(c: number): number {
    const i = this.segment(c);
    if (i >= this.head && this.at[i] === c) return i;
    const inherited = i >= this.head ? this.used[i]! : 0;
    const p = this.insertAt(i + 1);
    this.at[p] = c;
    this.used[p] = inherited;
    return p;
  }

  /** Opens a free entry at index p (shifting the later ones up). */
  private insertAt(p: number): number {
    if (this.size === this.at.length) {
      const at = new Float64Array(this.at.length * 2);
      const used = new Int32Array(this.at.length * 2);
      at.set(this.at);
      used.set(this.used);
      this.at = at;
      this.used = used;
    }
    // Insertions land near the end: a plain loop beats copyWithin's call for a few entries.
    const at = this.at;
    const used = this.used;
    for (let i = this.size; i > p; i--) {
      at[i] = at[i - 1]!;
      used[i] = used[i - 1]!;
    }
    this.size++;
    return p;
  }

  /** Drops breakpoint i when the segment before it has the same use. */
  private mergeAt(i: number): void {
    const prev = i > this.head ? this.used[i - 1]! : 0;
    if (this.used[i] !== prev) return;
    const at = this.at;
    const used = this.used;
    const last = --this.size;
    for (let j = i; j < last; j++) {
      at[j] = at[j + 1]!;
      used[j] = used[j + 1]!;
    }
  }

  /** Forgets the segments that end before cycle `floor`. */
  private forget(floor: number): void {
    const at = this.at;
    const used = this.used;
    // A segment of no use at the front says nothing the region before the head does not.
    while (this.head + 1 < this.size && (at[this.head + 1]! < floor || used[this.head] === 0)) this.head++;
    // Move the live entries to the front once the forgotten ones are the larger part.
    if (this.head > 32 && this.head * 2 > this.size) {
      this.at.copyWithin(0, this.head, this.size);
      this.used.copyWithin(0, this.head, this.size);
      this.size -= this.head;
      this.head = 0;
    }
  }
}
