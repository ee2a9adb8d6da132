// The stale-read detector. The caches are not coherent, like the real machine, but functional
// memory is one copy, so programs always compute the coherent result. To show where real
// hardware would differ, every write gets a version number; every cached copy of a line carries
// the versions of its words as they were when the copy was filled (and as its own core's writes
// changed them); writebacks carry a line's versions down, fills carry them up. A read is stale
// when the version its cache would serve differs from the latest version written to that word:
// exactly the reads non-coherent write-back caches would have answered with old data.
//
// Versions of main memory and the latest writes live in 64 KiB pages allocated on first write.
// A 4 KiB block is *suspect* once a hart writes into it (or the host does while caches hold
// lines); only reads of suspect blocks are checked. When every cache is empty and main memory
// holds the latest version of every word of a block (`settle`, after a full flush), no copy can
// be stale until the next write, and the block is trusted again: kernels read their inputs and
// weights unchecked, also where they share a version page with a written output (tensors are
// packed on 64-byte boundaries).

/** Words per version page (64 KiB of address space). */
export const PAGE_WORDS = 16384;
export const VERSION_PAGE_SHIFT = 16;
const PAGE_SHIFT = VERSION_PAGE_SHIFT;
/**
 * log2 of the bytes one suspect flag covers. 4 KiB rather than the version page: on conv2d SS
 * 1.37 M of the 1.98 M reads a 64 KiB flag sent to the check lay in 4 KiB blocks no hart had
 * written (fc SS: 471.8 K of 476.7 K).
 */
export const SUSPECT_SHIFT = 12;
/** Words one suspect flag covers. */
const SUSPECT_WORDS = 1 << (SUSPECT_SHIFT - 2);

export class VersionPage {
  /** Version of each word as main memory holds it. */
  readonly memory: Float64Array;
  /** Latest version written to each word (anywhere). */
  readonly latest: Float64Array;
  /** Hart that wrote the latest version (-1 = host). */
  readonly writerHart: Int32Array;
  readonly writerPc: Int32Array;
  constructor() {
    this.memory = new Float64Array(PAGE_WORDS);
    this.latest = new Float64Array(PAGE_WORDS);
    this.writerHart = new Int32Array(PAGE_WORDS);
    this.writerPc = new Int32Array(PAGE_WORDS);
  }
}

/** One reported stale read. */
export interface StaleRead {
  readonly cycle: number;
  readonly hart: number;
  readonly pc: number;
  readonly address: number;
  /** The hart whose write the reader missed (-1 = the host). */
  readonly writerHart: number;
  readonly writerPc: number;
}

export class StaleReadDetector {
  private readonly pages: (VersionPage | null)[];
  /** Per 4 KiB block: 1 when a read there may be stale (see the header); other reads are fresh. */
  readonly suspect: Uint8Array;
  /** The blocks flagged since the last settle (each once), so settle visits only those. */
  private suspectBlocks: number[];
  private seq: number;
  /** Every stale read seen (the `maxRecords` earliest are kept in `records`). */
  count: number;
  readonly records: StaleRead[];
  readonly maxRecords: number;

  constructor(maxRecords = 100) {
    this.pages = new Array<VersionPage | null>(1 << (32 - PAGE_SHIFT)).fill(null);
    this.suspect = new Uint8Array(1 << (32 - SUSPECT_SHIFT));
    this.suspectBlocks = [];
    this.seq = 0;
    this.count = 0;
    this.records = [];
    this.maxRecords = maxRecords;
  }

  page(address: number): VersionPage | null {
    return this.pages[address >>> PAGE_SHIFT]!;
  }

  private pageForWrite(address: number): VersionPage {
    const i = address >>> PAGE_SHIFT;
    let p = this.pages[i]!;
    if (p === null) {
      p = new VersionPage();
      this.pages[i] = p;
    }
    return p;
  }

  private flag(address: number): void {
    const b = address >>> SUSPECT_SHIFT;
    if (this.suspect[b] !== 0) return;
    this.suspect[b] = 1;
    this.suspectBlocks.push(b);
  }

  /** A new write to the word at `address`; returns its version (the caller stores it in a copy). */
  recordWrite(address: number, hart: number, pc: number): number {
    const p = this.pageForWrite(address);
    this.flag(address);
    const w = (address >>> 2) & (PAGE_WORDS - 1);
    const v = ++this.seq;
    p.latest[w] = v;
    p.writerHart[w] = hart;
    p.writerPc[w] = pc;
    return v;
  }

  /**
   * A write that reaches main memory directly (host writes, atomics performed at memory).
   * `cachesEmpty`: no cache holds a line, so no copy can go stale (host writes between launches).
   */
  recordMemoryWrite(address: number, hart: number, pc: number, cachesEmpty = false): void {
    if (cachesEmpty) {
      // No copy exists, and every copy filled later carries memory's version: only versions that
      // differ matter (reads compare for equality), so memory takes the latest one, and a page
      // never written by a hart needs no versions at all (the host's tensors).
      const q = this.pages[address >>> PAGE_SHIFT]!;
      if (q === null) return;
      const w = (address >>> 2) & (PAGE_WORDS - 1);
      q.memory[w] = q.latest[w]!;
      q.writerHart[w] = hart;
      q.writerPc[w] = pc;
      return;
    }
    const p = this.pageForWrite(address);
    this.flag(address);
    const w = (address >>> 2) & (PAGE_WORDS - 1);
    const v = ++this.seq;
    p.latest[w] = v;
    p.memory[w] = v;
    p.writerHart[w] = hart;
    p.writerPc[w] = pc;
  }

  /** Checks a read served with version `seen`; reports it when a newer write exists. */
  checkRead(address: number, seen: number, hart: number, pc: number, cycle: number): void {
    if (this.suspect[address >>> SUSPECT_SHIFT] === 0) return;
    const p = this.pages[address >>> PAGE_SHIFT]!;
    if (p === null) return;
    const w = (address >>> 2) & (PAGE_WORDS - 1);
    if (p.latest[w] === seen) return;
    this.report(p, w, address, hart, pc, cycle);
  }

  /** Checks a read served by main memory itself (atomics). */
  checkMemoryRead(address: number, hart: number, pc: number, cycle: number): void {
    if (this.suspect[address >>> SUSPECT_SHIFT] === 0) return;
    const p = this.pages[address >>> PAGE_SHIFT]!;
    if (p === null) return;
    const w = (address >>> 2) & (PAGE_WORDS - 1);
    if (p.latest[w] === p.memory[w]) return;
    this.report(p, w, address, hart, pc, cycle);
  }

  /**
   * Keeps the `maxRecords` earliest stale reads in (cycle, hart, pc) order, so the records do not
   * depend on the order in which the harts were run (event-order slack, engine turns).
   */
  private report(p: VersionPage, w: number, address: number, hart: number, pc: number, cycle: number): void {
    this.count++;
    const records = this.records;
    const before = (r: StaleRead): boolean => cycle < r.cycle || (cycle === r.cycle && (hart < r.hart || (hart === r.hart && pc >>> 0 < r.pc)));
    if (records.length === this.maxRecords && !before(records[records.length - 1]!)) return;
    let at = records.length;
    while (at > 0 && before(records[at - 1]!)) at--;
    records.splice(at, 0, Object.freeze({ cycle, hart, pc: pc >>> 0, address: (address & ~3) >>> 0, writerHart: p.writerHart[w]!, writerPc: p.writerPc[w]! >>> 0 }));
    if (records.length > this.maxRecords) records.pop();
  }

  /**
   * Every cache is empty (a full flush): trusts again each suspect block whose main-memory versions
   * are the latest ones, since every copy filled from now on carries them.
   */
  settle(): void {
    const suspect = this.suspect;
    const still: number[] = [];
    for (const b of this.suspectBlocks) {
      const p = this.pages[b >>> (PAGE_SHIFT - SUSPECT_SHIFT)]!;
      let current = true;
      if (p !== null) {
        const memory = p.memory;
        const latest = p.latest;
        const first = (b * SUSPECT_WORDS) & (PAGE_WORDS - 1);
        for (let w = first; w < first + SUSPECT_WORDS; w++) {
          if (memory[w] !== latest[w]) {
            current = false;
            break;
          }
        }
      }
      if (current) suspect[b] = 0;
      else still.push(b);
    }
    this.suspectBlocks = still;
  }

  /** Copies the memory versions of the line at `lineAddress` into `dst` at `offset`. */
  loadLine(lineAddress: number, words: number, dst: Float64Array, offset: number): void {
    const p = this.pages[lineAddress >>> PAGE_SHIFT]!;
    if (p === null) {
      for (let i = 0; i < words; i++) dst[offset + i] = 0;
      return;
    }
    const w = (lineAddress >>> 2) & (PAGE_WORDS - 1);
    for (let i = 0; i < words; i++) dst[offset + i] = p.memory[w + i]!;
  }

  /** Writes a line's versions back to main memory. */
  storeLine(lineAddress: number, words: number, src: Float64Array, offset: number): void {
    let p = this.pages[lineAddress >>> PAGE_SHIFT]!;
    if (p === null) {
      // Nothing was ever written in this page, so the line can only carry version 0.
      let any = false;
      for (let i = 0; i < words; i++) if (src[offset + i] !== 0) any = true;
      if (!any) return;
      p = this.pageForWrite(lineAddress);
    }
    const w = (lineAddress >>> 2) & (PAGE_WORDS - 1);
    for (let i = 0; i < words; i++) p.memory[w + i] = src[offset + i]!;
  }
}
