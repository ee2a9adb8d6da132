// The MSHR calendar keeps units in use as a step function (span-calendar.ts). Its reference is the
// per-cycle ring it replaced (calendar.ts): driven with the same misses, out of time order as
// event order and windows deliver them, both must choose the same start cycles while no request
// comes a ring's length behind the latest cycle taken. Plus hand-worked cases.

import { describe, expect, it } from 'vitest';
import { Calendar } from '../../emulator/memsys/calendar';
import { FORGET_EVERY, SPAN_HORIZON, SpanCalendar } from '../../emulator/memsys/span-calendar';
import { rng } from '../../kernels/runtime/data';

/** Uniform 32-bit integers from the project's seeded generator (kernels/runtime/data.ts). */
function integers(seed: number): () => number {
  const rand = rng(seed);
  return () => Math.floor(rand() * 4294967296);
}

describe('span calendar = per-cycle calendar', () => {
  /** Breakpoints ascending, no use after the last, no two neighbours at the same use. */
  function expectCanonical(cal: SpanCalendar): void {
    const { at, used } = cal.segments();
    for (let i = 1; i < at.length; i++) expect(at[i]!).toBeGreaterThan(at[i - 1]!);
    if (used.length > 0) expect(used[used.length - 1]).toBe(0);
    for (let i = 1; i < used.length; i++) expect(used[i]).not.toBe(used[i - 1]);
  }

  for (const [capacity, spread, maxLength] of [
    [4, 64, 300],
    [16, 200, 900],
    [1, 16, 40],
    [2, 8, 500],
    [8, 2500, 300], // requests land before many remembered breakpoints
  ] as const) {
    it(`capacity ${capacity}: 20000 spans of up to ${maxLength} cycles, arriving up to ${spread} cycles out of order`, () => {
      const ref = new Calendar(capacity, 4096);
      const cal = new SpanCalendar(capacity);
      const next = integers(capacity * 7919 + maxLength);
      // Requests come about as fast as the units can serve them (offered load 0.85), so queues
      // form and drain.
      const meanLength = 1 + (7 / 8) * 9.5 + (1 / 8) * (maxLength / 2);
      const step = Math.ceil((2 * meanLength) / (0.85 * capacity));
      let base = 0;
      let latest = 0;
      let waited = 0;
      for (let i = 0; i < 20000; i++) {
        base += next() % step;
        const t = base + (next() % spread);
        // Mostly short spans, some long ones (a miss queued at the memory channel).
        const length = 1 + (next() % 8 === 0 ? next() % maxLength : next() % 20);
        // The ring is only the reference while no request comes a ring's length behind.
        expect(latest - t).toBeLessThan(4096);
        const want = ref.findSpan(t, length);
        expect(cal.findSpan(t, length)).toBe(want);
        ref.takeSpan(want, length);
        cal.takeSpan(want, length);
        latest = Math.max(latest, want + length);
        if (want > t) waited++;
        if (i % 1000 === 0) {
          for (let c = base - 50; c < base + spread + maxLength; c += 7) expect(cal.usedAt(c)).toBe(ref.usedAt(c));
        }
        if (i % 97 === 0) expectCanonical(cal);
      }
      expect(waited).toBeGreaterThan(500); // the units were full often enough to matter
    });
  }
});

describe('span calendar, hand-worked', () => {
  it('waits past the cycles where every unit is taken', () => {
    const cal = new SpanCalendar(2);
    cal.takeSpan(0, 10); // [0, 10)
    cal.takeSpan(5, 10); // [5, 15): both units taken over [5, 10)
    expect(cal.usedAt(4)).toBe(1);
    expect(cal.usedAt(5)).toBe(2);
    expect(cal.usedAt(10)).toBe(1);
    expect(cal.usedAt(15)).toBe(0);
    expect(cal.findSpan(0, 5)).toBe(0); // [0, 5) has a free unit throughout
    expect(cal.findSpan(3, 4)).toBe(10); // 5 and 6 are full
    expect(cal.findSpan(10, 100)).toBe(10);
    expect(cal.findSpan(-20, 3)).toBe(-20);
    cal.takeSpan(10, 5); // [10, 15) full now too
    expect(cal.findSpan(3, 4)).toBe(15);
    expect(cal.findSpan(7, 1)).toBe(15);
  });

  it('a request before every breakpoint still sees the spans after it', () => {
    const cal = new SpanCalendar(1);
    cal.takeSpan(10, 5);
    expect(cal.findSpan(8, 4)).toBe(15); // [8, 12) reaches the taken [10, 15)
    expect(cal.findSpan(0, 10)).toBe(0);
    expect(cal.findSpan(0, 11)).toBe(15);
    for (let i = 0; i < 20; i++) cal.takeSpan(100 + 10 * i, 5); // more than the backward walk covers
    expect(cal.findSpan(8, 4)).toBe(15);
    expect(cal.findSpan(98, 4)).toBe(105);
    expect(cal.usedAt(9)).toBe(0);
    expect(cal.usedAt(12)).toBe(1);
  });

  it('zero-length spans take nothing and never wait', () => {
    const cal = new SpanCalendar(1);
    cal.takeSpan(0, 10);
    expect(cal.findSpan(5, 0)).toBe(5);
    cal.takeSpan(5, 0);
    expect(cal.usedAt(5)).toBe(1);
  });

  it('back-to-back spans at one use stay one segment', () => {
    const cal = new SpanCalendar(4);
    for (let i = 0; i < 10000; i++) cal.takeSpan(i * 10, 10);
    expect(cal.breakpoints).toBe(2);
    expect(cal.usedAt(55555)).toBe(1);
    expect(cal.usedAt(100000)).toBe(0);
  });

  it(`forgets spans that ended more than ${SPAN_HORIZON} cycles before the latest one, looking every ${FORGET_EVERY} spans`, () => {
    const cal = new SpanCalendar(1);
    cal.takeSpan(0, 100); // span 1
    expect(cal.findSpan(50, 10)).toBe(100);
    // Spans 2 .. FORGET_EVERY end at 100 + SPAN_HORIZON: [0, 100) is just within reach at the look.
    for (let i = 2; i <= FORGET_EVERY; i++) cal.takeSpan(100 + SPAN_HORIZON - 1, 1);
    expect(cal.findSpan(50, 10)).toBe(100);
    // One step further, but not yet looked at.
    for (let i = 1; i < FORGET_EVERY; i++) cal.takeSpan(200 + SPAN_HORIZON, 1);
    expect(cal.findSpan(50, 10)).toBe(100);
    cal.takeSpan(200 + SPAN_HORIZON, 1);
    expect(cal.findSpan(50, 10)).toBe(50);
    expect(cal.breakpoints).toBeLessThanOrEqual(4);
  });
});
