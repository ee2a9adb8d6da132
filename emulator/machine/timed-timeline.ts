// The `--timeline` recorder: per GPE, spans of running (issuing, with stalls shorter than the
// threshold folded in), memory stall and execution stall, written as Chrome trace-event JSON
// (opens in Perfetto and chrome://tracing): one process per cache configuration, one track per
// GPE, an instant event at the launch. Recording costs nothing per instruction: the timed
// machine calls it only when a GPE stalls and when it finishes. Events are kept in typed arrays
// up to `maxEvents`; later ones are counted as dropped.

export const SPAN_RUN = 0;
export const SPAN_MEMORY = 1;
export const SPAN_EXECUTION = 2;
const SPAN_NAMES = ['running', 'memory stall', 'execution stall'] as const;

export interface TimelineOptions {
  /** Stalls shorter than this many cycles stay inside the running span (default 8). */
  readonly threshold?: number;
  /** Events kept (default 1,000,000). */
  readonly maxEvents?: number;
}

export class TimelineRecorder {
  readonly threshold: number;
  readonly maxEvents: number;
  private readonly runStart: Float64Array;
  private readonly evHart: Int32Array;
  private readonly evStart: Float64Array;
  private readonly evEnd: Float64Array;
  private readonly evKind: Uint8Array;
  count: number;
  dropped: number;

  constructor(harts: number, options: TimelineOptions = {}) {
    this.threshold = options.threshold ?? 8;
    this.maxEvents = options.maxEvents ?? 1_000_000;
    this.runStart = new Float64Array(harts);
    this.evHart = new Int32Array(this.maxEvents);
    this.evStart = new Float64Array(this.maxEvents);
    this.evEnd = new Float64Array(this.maxEvents);
    this.evKind = new Uint8Array(this.maxEvents);
    this.count = 0;
    this.dropped = 0;
  }

  private emit(k: number, start: number, end: number, kind: number): void {
    if (end <= start) return;
    if (this.count >= this.maxEvents) {
      this.dropped++;
      return;
    }
    const i = this.count++;
    this.evHart[i] = k;
    this.evStart[i] = start;
    this.evEnd[i] = end;
    this.evKind[i] = kind;
  }

  /** GPE k stalled from cycle `from` to `to`. */
  stall(k: number, from: number, to: number, kind: number): void {
    if (to - from < this.threshold) return;
    this.emit(k, this.runStart[k]!, from, SPAN_RUN);
    this.emit(k, from, to, kind);
    this.runStart[k] = to;
  }

  /** GPE k finished (or stopped) at cycle t. */
  finish(k: number, t: number): void {
    this.emit(k, this.runStart[k]!, t, SPAN_RUN);
    this.runStart[k] = t;
  }

  /** The trace events of one run, as objects (process `pid` named `label`). */
  events(pid: number, label: string, clockGHz: number, harts: readonly { readonly hart: number; readonly tile: number; readonly gpe: number }[]): object[] {
    const us = (cycles: number): number => cycles / (clockGHz * 1000);
    const out: object[] = [{ name: 'process_name', ph: 'M', pid, tid: 0, args: { name: label } }];
    harts.forEach((h, k) => {
      out.push({ name: 'thread_name', ph: 'M', pid, tid: k, args: { name: `hart ${h.hart} (tile ${h.tile}, GPE ${h.gpe})` } });
      out.push({ name: 'launch', ph: 'i', s: 't', ts: 0, pid, tid: k });
    });
    for (let i = 0; i < this.count; i++) {
      const kind = this.evKind[i]!;
      out.push({ name: SPAN_NAMES[kind], cat: kind === SPAN_RUN ? 'busy' : 'stall', ph: 'X', ts: us(this.evStart[i]!), dur: us(this.evEnd[i]! - this.evStart[i]!), pid, tid: this.evHart[i]! });
    }
    if (this.dropped > 0) out.push({ name: `${this.dropped} later events dropped (timeline limit)`, ph: 'i', s: 'g', ts: 0, pid, tid: 0 });
    return out;
  }
}

/** A Chrome trace-event JSON document from several runs' events. */
export function chromeTrace(events: readonly object[]): string {
  return JSON.stringify({ traceEvents: events, displayTimeUnit: 'ns' }) + '\n';
}
