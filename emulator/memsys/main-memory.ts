// Main memory timing: a fixed latency plus a bandwidth-limited channel. Every line moved (read or
// written) occupies the channel for lineBytes / bytesPerCycle cycles, so a stream of misses from
// many cores is limited by bandwidth, not latency. The channel is a calendar (calendar.ts): a
// request takes the first free transfer time at or after its arrival in simulated time, whatever
// order the simulation delivers requests in.
// Rounding: when a line takes one cycle or more, its occupancy is rounded up to whole cycles
// (64 B at 32 B/cycle = 2 cycles, exact); when the channel moves several lines per cycle, it
// serves floor(bytesPerCycle / lineBytes) lines per cycle.

import { Calendar } from './calendar';

export class MainMemory {
  readonly latency: number;
  readonly lineBytes: number;
  /** Channel cycles one line occupies (whole cycles, >= 1). */
  readonly span: number;
  private readonly channel: Calendar;
  lineReads: number;
  lineWrites: number;
  /** Cycles requests waited for the channel (queueing). */
  queueCycles: number;

  constructor(latency: number, bytesPerCycle: number, lineBytes: number) {
    this.latency = latency;
    this.lineBytes = lineBytes;
    const occupancy = lineBytes / bytesPerCycle;
    if (occupancy >= 1) {
      this.span = Math.ceil(occupancy);
      this.channel = new Calendar(1);
    } else {
      this.span = 1;
      this.channel = new Calendar(Math.min(65535, Math.floor(bytesPerCycle / lineBytes)));
    }
    this.lineReads = 0;
    this.lineWrites = 0;
    this.queueCycles = 0;
  }

  private transfer(t: number): number {
    const ch = this.channel;
    let start: number;
    if (this.span === 1) {
      start = ch.takeOne(t);
    } else {
      start = ch.findSpan(t, this.span);
      ch.takeSpan(start, this.span);
    }
    this.queueCycles += start - t;
    return start + this.span + this.latency;
  }

  /** A line read requested at cycle t; returns the cycle its data is back. */
  readLine(t: number): number {
    this.lineReads++;
    return this.transfer(t);
  }

  /** A line written at cycle t (posted: nobody waits); returns when the write is done. */
  writeLine(t: number): number {
    this.lineWrites++;
    return this.transfer(t);
  }

  /** Channel cycles spent transferring (lines x occupancy). */
  get busyCycles(): number {
    return ((this.lineReads + this.lineWrites) * this.span) / this.channel.capacity;
  }

  /** Bytes moved over the channel. */
  get bytes(): number {
    return (this.lineReads + this.lineWrites) * this.lineBytes;
  }
}
