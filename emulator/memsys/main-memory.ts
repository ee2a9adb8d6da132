// Main memory timing: a fixed latency plus a bandwidth queue. Every line moved (read or written)
// occupies the channel for lineBytes / bytesPerCycle cycles; requests are served in the order they
// arrive, so a stream of misses from many cores is limited by bandwidth, not latency.
// The queue keeps a fractional "free at" time so bandwidths that do not divide a line still add up;
// completion times handed back are whole cycles (rounded up).

export class MainMemory {
  readonly latency: number;
  /** Channel cycles one line occupies. */
  readonly lineOccupancy: number;
  readonly lineBytes: number;
  private freeAt: number;
  lineReads: number;
  lineWrites: number;
  /** Cycles requests waited for the channel (queueing). */
  queueCycles: number;
  /** Cycles the channel was transferring. */
  busyCycles: number;

  constructor(latency: number, bytesPerCycle: number, lineBytes: number) {
    this.latency = latency;
    this.lineBytes = lineBytes;
    this.lineOccupancy = lineBytes / bytesPerCycle;
    this.freeAt = 0;
    this.lineReads = 0;
    this.lineWrites = 0;
    this.queueCycles = 0;
    this.busyCycles = 0;
  }

  private transfer(t: number): number {
    let start = t;
    if (this.freeAt > start) {
      this.queueCycles += this.freeAt - start;
      start = this.freeAt;
    }
    this.freeAt = start + this.lineOccupancy;
    this.busyCycles += this.lineOccupancy;
    return this.freeAt;
  }

  /** A line read requested at cycle t; returns the cycle its data is back. */
  readLine(t: number): number {
    this.lineReads++;
    return Math.ceil(this.transfer(t) + this.latency);
  }

  /** A line written at cycle t (posted: nobody waits); returns when the write is done. */
  writeLine(t: number): number {
    this.lineWrites++;
    return Math.ceil(this.transfer(t) + this.latency);
  }

  /** Bytes moved over the channel. */
  get bytes(): number {
    return (this.lineReads + this.lineWrites) * this.lineBytes;
  }
}
