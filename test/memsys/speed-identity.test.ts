// The speed changes of the memory system must not change a single result. The bank's request port
// is an inlined one-request-per-cycle ring; its reference is a Calendar of capacity 1 (calendar.ts)
// behind the same blockedUntil rule. Both are driven with the same requests, out of time order as
// event order delivers them, and must hand out the same cycles and count the same conflicts.
// Shared-mode bank selection by mask and shift is checked against line % n and line / n.

import { describe, expect, it } from 'vitest';
import { CacheBank } from '../../emulator/memsys/cache-bank';
import { Calendar } from '../../emulator/memsys/calendar';
import { defineConfig, withModes } from '../../emulator/machine/config';
import { ACCESS, MemorySystem } from '../../emulator/memsys/memory-system';

/** A small deterministic generator (xorshift32) so a failure is reproducible. */
function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

describe('bank port ring = capacity-1 calendar', () => {
  it('same cycles, conflicts and wait cycles for 20000 requests arriving out of order', () => {
    const bank = new CacheBank('t', 4, 2, 64, 4, 'lru', 1, false);
    const ref = new Calendar(1, 512);
    const next = rng(12345);
    let base = 0;
    let conflicts = 0;
    let wait = 0;
    for (let i = 0; i < 20000; i++) {
      // Requests within a window of 64 cycles of a slowly rising base, in any order; bursts at
      // one cycle make queues.
      base += next() % 3;
      const t = base + (next() % 64);
      if (i === 5000) bank.blockedUntil = base + 300; // a reconfiguration in the middle
      const first = t < bank.blockedUntil ? bank.blockedUntil : t;
      const want = ref.takeOne(first);
      if (want > first) {
        conflicts++;
        wait += want - first;
      }
      expect(bank.reservePort(t)).toBe(want);
    }
    expect(bank.conflicts).toBe(conflicts);
    expect(bank.waitCycles).toBe(wait);
    expect(conflicts).toBeGreaterThan(1000); // the test did make queues
  });
});

describe('shared-mode bank selection by mask and shift', () => {
  // 4 tiles x 16 GPEs (powers of two, the fast path) against 3 tiles x 6 GPEs (% and /):
  // the same stream of loads must give each configuration the times its own rule gives. The
  // reference here is hand-derived: in SS the L1 bank of a line is line % G of the hart's tile,
  // so two lines G apart in one tile's L1 conflict on one bank port, two lines 1 apart do not.
  for (const [tiles, gpes] of [[4, 16], [3, 6]] as const) {
    it(`${tiles} tiles x ${gpes} GPEs: lines G apart share an L1 bank, adjacent lines do not`, () => {
      const m = new MemorySystem(withModes(defineConfig({ tiles, gpesPerTile: gpes }), 'SS'));
      const line = 64;
      // Warm both pairs of lines into L1 so the second round is pure hits.
      for (const a of [0, line, gpes * line]) m.access(0, 0x10000 + a, 4, ACCESS.load, 0, 0);
      const t = 100000;
      // Two harts of tile 0 in the same cycle: different banks -> both 4 cycles (hit + crossbar).
      expect(m.access(0, 0x10000, 4, ACCESS.load, 0, t)).toBe(t + 4);
      expect(m.access(1, 0x10000 + line, 4, ACCESS.load, 0, t)).toBe(t + 4);
      // Same bank (line G apart) in the same cycle: the second waits one port cycle.
      expect(m.access(0, 0x10000, 4, ACCESS.load, 0, t + 50)).toBe(t + 54);
      expect(m.access(1, 0x10000 + gpes * line, 4, ACCESS.load, 0, t + 50)).toBe(t + 55);
    });
  }
});
