// A resource calendar: how many units of a resource are taken in each cycle, over a sliding ring of
// cycles. Reservations may arrive in any time order (GPEs run a few cycles apart in simulation),
// and each still finds the first cycle(s) free *in simulated time*; that is what keeps the timing
// of bank ports, MSHRs and the memory channel nearly independent of the interleaving quantum.
// A ring slot belongs to cycle `tag`; a slot whose tag is another cycle counts as empty.
// Reservations further apart than the ring cannot see each other.

/** Default ring length in cycles (a power of two). */
export const CALENDAR_RING = 8192;

export class Calendar {
  readonly capacity: number;
  private readonly mask: number;
  private readonly tag: Float64Array;
  private readonly used: Uint16Array;

  constructor(capacity: number, ring = CALENDAR_RING) {
    if (capacity < 1 || capacity > 65535) throw new Error(`calendar capacity must be 1..65535 (got ${capacity})`);
    if (ring < 2 || (ring & (ring - 1)) !== 0) throw new Error(`calendar ring must be a power of two (got ${ring})`);
    this.capacity = capacity;
    this.mask = ring - 1;
    this.tag = new Float64Array(ring).fill(-1);
    this.used = new Uint16Array(ring);
  }

  /** Units taken in cycle c. */
  usedAt(c: number): number {
    const s = c & this.mask;
    return this.tag[s] === c ? this.used[s]! : 0;
  }

  /** Takes one unit for one cycle: the first cycle >= t with a free unit. */
  takeOne(t: number): number {
    const tag = this.tag;
    const used = this.used;
    const cap = this.capacity;
    const mask = this.mask;
    let c = t;
    for (;;) {
      const s = c & mask;
      if (tag[s] !== c) {
        tag[s] = c;
        used[s] = 1;
        return c;
      }
      if (used[s]! < cap) {
        used[s]!++;
        return c;
      }
      c++;
    }
  }

  /** The first cycle s >= t such that every cycle of [s, s + length) has a free unit. */
  findSpan(t: number, length: number): number {
    const tag = this.tag;
    const used = this.used;
    const cap = this.capacity;
    const mask = this.mask;
    let s = t;
    for (let c = s; c < s + length; c++) {
      const i = c & mask;
      if (tag[i] === c && used[i]! >= cap) s = c + 1;
    }
    return s;
  }

  /** Takes one unit in every cycle of [s, s + length) (after findSpan chose s). */
  takeSpan(s: number, length: number): void {
    const tag = this.tag;
    const used = this.used;
    const mask = this.mask;
    for (let c = s; c < s + length; c++) {
      const i = c & mask;
      if (tag[i] !== c) {
        tag[i] = c;
        used[i] = 1;
      } else {
        used[i]!++;
      }
    }
  }

  /** Forgets every reservation. */
  clear(): void {
    this.tag.fill(-1);
    this.used.fill(0);
  }
}
