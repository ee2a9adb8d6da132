// The debugger's copy of the machines' scheduling loops, as resumable cursors. `gpesim run` calls
// `runProgram` (functional) or `TimedMachine.run` (timed), each one loop that runs a hart for a
// turn; the debugger must stop in the middle of a turn (a breakpoint, one step) and carry on later
// with exactly the same interleave, so that a program stepped to its end has the same instruction
// counts, cycles and statistics as an undisturbed run. A cursor holds where the loop is (which
// hart, how much of its turn is left); `next()` performs the turn transitions the loop would make
// and `consume(n)` records `n` instructions run in the current turn. A turn run in pieces is the
// same as the turn run at once: the hart's whole state lives in the Hart (and the timed machine's
// arrays), the engine keeps nothing between calls.

import { HART_RUNNING, type Hart } from '../core/hart';

export interface Schedule {
  /** The hart whose turn it is (valid after next() returned true). */
  readonly hart: number;
  /** Instructions left in the current turn (budget of the current `run` call of the loop). */
  readonly left: number;
  /** Moves to the next turn when the current one is over; false when no hart is running. */
  next(): boolean;
  /** Records that the current hart ran `n` instructions of its turn. */
  consume(n: number): void;
}

/** runProgram's loop: rounds in hart order, `quantum` instructions per running hart per turn. */
export class RoundRobinSchedule implements Schedule {
  hart: number;
  left: number;
  private readonly harts: readonly Hart[];
  private readonly quantum: number;

  constructor(harts: readonly Hart[], quantum: number) {
    this.harts = harts;
    this.quantum = quantum;
    this.hart = 0;
    this.left = quantum;
  }

  next(): boolean {
    const harts = this.harts;
    const n = harts.length;
    for (let tries = 0; tries <= n; tries++) {
      if (this.left > 0 && harts[this.hart]!.state === HART_RUNNING) return true;
      this.hart = (this.hart + 1) % n;
      this.left = this.quantum;
    }
    return false;
  }

  consume(n: number): void {
    this.left -= n;
    if (this.harts[this.hart]!.state !== HART_RUNNING) this.left = 0;
  }
}

/**
 * TimedMachine.run's loop: rounds of `quantum` cycles starting at the smallest local time T among
 * running harts; in hart order, each hart whose local time is below T + quantum runs turns of
 * ceil(T + quantum - local) instructions until its local time reaches T + quantum.
 */
export class TimedSchedule implements Schedule {
  hart: number;
  left: number;
  private readonly harts: readonly Hart[];
  private readonly time: Float64Array;
  private readonly quantum: number;
  private end: number;
  /** False until the first round has started. */
  private started: boolean;

  constructor(harts: readonly Hart[], time: Float64Array, quantum: number) {
    this.harts = harts;
    this.time = time;
    this.quantum = quantum;
    this.hart = 0;
    this.left = 0;
    this.end = 0;
    this.started = false;
  }

  next(): boolean {
    if (this.left > 0 && this.harts[this.hart]!.state === HART_RUNNING) return true;
    this.left = 0;
    const harts = this.harts;
    const n = harts.length;
    for (;;) {
      if (this.started) {
        // The `while (running && time < end)` test of the current hart, then the next hart.
        for (; this.hart < n; this.hart++) {
          const k = this.hart;
          if (harts[k]!.state === HART_RUNNING && this.time[k]! < this.end) {
            this.left = Math.ceil(this.end - this.time[k]!);
            return true;
          }
        }
      }
      let min = Infinity;
      for (let k = 0; k < n; k++) if (harts[k]!.state === HART_RUNNING && this.time[k]! < min) min = this.time[k]!;
      if (min === Infinity) return false;
      this.end = min + this.quantum;
      this.hart = 0;
      this.started = true;
    }
  }

  consume(n: number): void {
    this.left -= n;
    if (this.harts[this.hart]!.state !== HART_RUNNING) this.left = 0;
  }

  /** The round's start time: every running hart has reached it (the machine's global clock). */
  get clock(): number {
    let min = Infinity;
    for (let k = 0; k < this.harts.length; k++) if (this.harts[k]!.state === HART_RUNNING && this.time[k]! < min) min = this.time[k]!;
    return min;
  }
}
