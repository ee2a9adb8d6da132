// Hand-computed timing of the memory system. Default latencies (docs/MACHINE.md): L1 tag 1 +
// data 1, response 1; L2 tag 10 + data 10, response 1; tile crossbar 1 and L2 crossbar 2 cycles
// each way; main memory 100 cycles + 64 B / 32 B per cycle = 2 cycles of channel per line.

import { describe, expect, it } from 'vitest';
import { defineConfig, withModes, type ModeName } from '../../emulator/machine/config';
import { ACCESS, MemorySystem } from '../../emulator/memsys/memory-system';
import { CacheBank } from '../../emulator/memsys/cache-bank';

const LOAD = ACCESS.load;
const STORE = ACCESS.store;

function machine(modes: ModeName, extra = {}): MemorySystem {
  return new MemorySystem(withModes(defineConfig(extra), modes));
}

describe('one load at each level in each mode', () => {
  // Cold miss path, L1 private + L2 private, hart 0 at cycle 0:
  //   L1 port 0, tag -> MSHR at 1; L2 port 1, tag -> MSHR at 11; memory 11..13 transfer + 100
  //   = 113; L2 response +1 = 114; L1 response +1 = 115.
  // Each shared level adds its crossbar both ways: L1 +1+1, L2 +2+2.
  const cold: Record<ModeName, number> = { PP: 115, PS: 119, SP: 117, SS: 121 };
  // L1 hit at cycle 1000: 2 cycles, +2 through the tile crossbar when shared.
  const l1Hit: Record<ModeName, number> = { PP: 2, PS: 2, SP: 4, SS: 4 };
  // L2 hits below: as in gem5's classic caches a hit costs tag + data; the response latency is
  // charged by the level that forwards a fill (here L1's 1 cycle), not by the level that hit.
  for (const modes of ['PP', 'PS', 'SP', 'SS'] as const) {
    it(`${modes}: cold miss to memory, then L1 hit`, () => {
      const m = machine(modes);
      expect(m.access(0, 0x1000, 4, LOAD, 0x100, 0)).toBe(cold[modes]);
      expect(m.access(0, 0x1004, 4, LOAD, 0x104, 1000)).toBe(1000 + l1Hit[modes]);
      expect(m.memory.lineReads).toBe(1);
    });
  }

  it('PP: L2 hit from a neighbour of the same tile (its private L2 bank)', () => {
    const m = machine('PP');
    m.access(0, 0x1000, 4, LOAD, 0, 0);
    // L1 tag 1, L2 tag + data 20, L1 response 1 = 22.
    expect(m.access(1, 0x1000, 4, LOAD, 0, 1000)).toBe(1022);
    expect(m.l2[0]!.hits).toBe(1);
    // A hart of tile 1 has its own private L2 bank: miss to memory again (115 cycles).
    expect(m.access(16, 0x1000, 4, LOAD, 0, 2000)).toBe(2115);
    expect(m.memory.lineReads).toBe(2);
  });

  it('PS: L2 hit from another tile through the L2 crossbar', () => {
    const m = machine('PS');
    m.access(0, 0x1000, 4, LOAD, 0, 0);
    // L1 tag 1, crossbar 2, L2 20, crossbar 2, L1 response 1 = 26.
    expect(m.access(16, 0x1000, 4, LOAD, 0, 1000)).toBe(1026);
    expect(m.memory.lineReads).toBe(1);
  });

  it('SS: L2 hit from another tile, both crossbars', () => {
    const m = machine('SS');
    m.access(0, 0x1000, 4, LOAD, 0, 0);
    // crossbar 1, L1 tag 1, crossbar 2, L2 20, crossbar 2, L1 resp 1, crossbar 1 = 28.
    expect(m.access(16, 0x1000, 4, LOAD, 0, 1000)).toBe(1028);
  });

  it('SP: L2 hit in the tile\'s private L2 bank after the shared L1 lost the line', () => {
    // Evict the line from the tile's L1 by filling its set with 4 other lines in the same L1 bank
    // and set (line stride 16 banks x 16 sets = 256 lines), all in L2 bank 0 (private mode). With
    // 4 ways they would collide in L2 as well, so this test gives L2 8 ways (32 sets).
    const m = machine('SP', { l2: { ways: 8 } });
    let t = 0;
    t = m.access(0, 0x1000, 4, LOAD, 0, t);
    for (let k = 1; k <= 4; k++) t = m.access(0, 0x1000 + k * 256 * 64, 4, LOAD, 0, t);
    // crossbar 1, L1 tag 1, L2 20, L1 response 1, crossbar 1 = 24.
    expect(m.access(0, 0x1000, 4, LOAD, 0, 100000)).toBe(100024);
    expect(m.memory.lineReads).toBe(5);
  });
});

describe('bank conflicts', () => {
  it('two GPEs of a tile hitting the same shared L1 bank in one cycle: the second waits 1', () => {
    const m = machine('SS');
    m.access(0, 0x2000, 4, LOAD, 0, 0);
    expect(m.access(1, 0x2000, 4, LOAD, 0, 1000)).toBe(1004);
    expect(m.access(2, 0x2004, 4, LOAD, 0, 1000)).toBe(1005);
    const bank = m.l1[(0x2000 >>> 6) % 16]!;
    expect(bank.conflicts).toBe(1);
    expect(bank.waitCycles).toBe(1);
  });

  it('different banks in the same cycle do not conflict', () => {
    const m = machine('SS');
    m.access(0, 0x2000, 4, LOAD, 0, 0);
    m.access(0, 0x2040, 4, LOAD, 0, 500);
    expect(m.access(1, 0x2000, 4, LOAD, 0, 1000)).toBe(1004);
    expect(m.access(2, 0x2040, 4, LOAD, 0, 1000)).toBe(1004);
    expect(m.l1.reduce((n, b) => n + b.conflicts, 0)).toBe(0);
  });

  it('private L1: the same address from two GPEs never conflicts', () => {
    const m = machine('PP');
    m.access(0, 0x2000, 4, LOAD, 0, 0);
    m.access(1, 0x2000, 4, LOAD, 0, 500);
    expect(m.access(0, 0x2000, 4, LOAD, 0, 1000)).toBe(1002);
    expect(m.access(1, 0x2000, 4, LOAD, 0, 1000)).toBe(1002);
  });
});

describe('replacement order', () => {
  // One set of 4 ways: lines 10, 11, 12, 13 filled in that order, then 10 used again.
  function filled(policy: 'lru' | 'fifo'): CacheBank {
    const b = new CacheBank('t', 1, 4, 64, 1, policy, 1, false);
    for (const line of [10, 11, 12, 13]) b.install(b.victim(line), line, 0);
    b.touch(b.lookup(10, 10));
    return b;
  }
  it('LRU evicts the least recently used (11, since 10 was used again)', () => {
    const b = filled('lru');
    expect(b.tags[b.victim(0)]).toBe(11);
    b.install(b.victim(0), 14, 0);
    expect(b.tags[b.victim(0)]).toBe(12);
  });
  it('FIFO evicts the oldest fill (10, despite its reuse), then 11', () => {
    const b = filled('fifo');
    expect(b.tags[b.victim(0)]).toBe(10);
    b.install(b.victim(0), 14, 0);
    expect(b.tags[b.victim(0)]).toBe(11);
  });
  it('random is reproducible from the seed and stays in the set', () => {
    const pick = (seed: number): number[] => {
      const b = new CacheBank('t', 2, 4, 64, 1, 'random', seed, false);
      for (const line of [0, 2, 4, 6]) b.install(b.victim(line), line, 0);
      return Array.from({ length: 16 }, () => b.victim(0));
    };
    const a = pick(7);
    expect(pick(7)).toEqual(a);
    for (const s of a) expect(s >= 0 && s < 4).toBe(true);
    expect(new Set(a).size).toBeGreaterThan(1);
  });
});

describe('a 6 KiB working set', () => {
  // 96 lines swept twice by one GPE. A private 4 KiB bank holds 64 lines (16 sets x 4 ways): each
  // set sees 6 lines in turn and LRU evicts each before its reuse, so the second sweep misses
  // all 96. The shared tile L1 spreads the lines over 16 banks (6 per bank, in 6 sets): all hit.
  function secondSweepMisses(modes: ModeName): number {
    const m = machine(modes);
    let t = 0;
    for (let i = 0; i < 96; i++) t = m.access(0, 0x10000 + i * 64, 4, LOAD, 0, t);
    const before = m.l1.reduce((n, b) => n + b.misses, 0);
    for (let i = 0; i < 96; i++) t = m.access(0, 0x10000 + i * 64, 4, LOAD, 0, t);
    return m.l1.reduce((n, b) => n + b.misses, 0) - before;
  }
  it('thrashes a private 4 KiB L1', () => expect(secondSweepMisses('PP')).toBe(96));
  it('fits the shared tile L1', () => expect(secondSweepMisses('SS')).toBe(0));
});

describe('streaming is limited by memory bandwidth', () => {
  // 64 GPEs each read 64 distinct lines back to back (each waits for its previous load),
  // served in global time order. At 8 B/cycle a line holds the channel 8 cycles, so 4096 lines
  // need at least 32768 cycles, far above one GPE's latency-bound 64 x 121 cycles.
  it('finishes after lines x 8 cycles, within one memory latency', () => {
    const m = new MemorySystem(withModes(defineConfig({ dram: { bytesPerCycle: 8 } }), 'PP'));
    const time = new Float64Array(64);
    const count = new Int32Array(64);
    for (;;) {
      let h = -1;
      for (let i = 0; i < 64; i++) if (count[i]! < 64 && (h < 0 || time[i]! < time[h]!)) h = i;
      if (h < 0) break;
      time[h] = m.access(h, 0x100000 + (h * 64 + count[h]!) * 64, 4, LOAD, 0, time[h]!);
      count[h]!++;
    }
    const end = Math.max(...time);
    expect(m.memory.lineReads).toBe(4096);
    expect(m.memory.busyCycles).toBe(32768);
    expect(end).toBeGreaterThanOrEqual(32768);
    expect(end).toBeLessThanOrEqual(32768 + 100 + 20);
  });
  it('one GPE alone is latency bound: 64 x 115 cycles in PP', () => {
    const m = new MemorySystem(withModes(defineConfig({ dram: { bytesPerCycle: 8 } }), 'PP'));
    let t = 0;
    // memory 8 cycles of transfer + 100: each miss 1 + 10 + 108 + 1 + 1 = 121.
    for (let i = 0; i < 64; i++) t = m.access(0, 0x100000 + i * 64, 4, LOAD, 0, t);
    expect(t).toBe(64 * 121);
  });
});

describe('reconfiguration', () => {
  it('writes back dirty lines, invalidates, charges the switch latency', () => {
    const m = machine('PP');
    let t = 0;
    for (const a of [0x0, 0x40, 0x80]) t = m.access(0, a, 4, STORE, 0, t);
    for (const a of [0x1000, 0x1040]) t = m.access(1, a, 4, STORE, 0, t);
    expect(t).toBeLessThan(1000);
    // L1 drain at 1000: bank 0 writes back 3 lines at 1000, 1001, 1002 into L2 bank 0; bank 1's
    // two lines find that port taken and go at 1003, 1004: done 1004 + 20 = 1024.
    // L2 drain from 1024: 5 dirty lines to memory, 2 cycles each: 1026 ... 1034, + 100 = 1134.
    // Switch latency 100: 1234.
    expect(m.reconfigure('shared', 'shared', 1000)).toBe(1234);
    expect(m.reconfigurations).toBe(1);
    expect(m.reconfigCycles).toBe(234);
    expect(m.reconfigL1Writebacks).toBe(5);
    expect(m.reconfigL2Writebacks).toBe(5);
    expect(m.memory.lineWrites).toBe(5);
    for (const b of [...m.l1, ...m.l2]) expect(b.validLines()).toBe(0);
    expect(m.modeBits).toBe(0);
    // Nothing is served before 1234: a load at 1100 starts at the crossbar then waits.
    expect(m.access(0, 0x0, 4, LOAD, 0, 1100)).toBe(1234 + 121 - 1);
  });
  it('asking for the modes in force costs nothing', () => {
    const m = machine('SP');
    expect(m.writeModeCsr(2, 50)).toBe(50);
    expect(m.reconfigurations).toBe(0);
    expect(m.writeModeCsr(3, 60)).toBe(60 + 100);
    expect(m.l1Mode).toBe('private');
  });
});

describe('stale-read detector', () => {
  it('reports a read served from a private copy another GPE has since written', () => {
    const m = machine('PP');
    let t = m.access(0, 0x3000, 4, LOAD, 0x10, 0);
    t = m.access(1, 0x3000, 4, STORE, 0x20, t);
    m.access(0, 0x3000, 4, LOAD, 0x14, t);
    expect(m.stale!.count).toBe(1);
    expect(m.stale!.records[0]).toMatchObject({ hart: 0, pc: 0x14, address: 0x3000, writerHart: 1, writerPc: 0x20 });
  });
  it('reports a read that misses to a level the writer has not written back to', () => {
    const m = machine('PP');
    const t = m.access(1, 0x3000, 4, STORE, 0x20, 0);
    m.access(0, 0x3000, 4, LOAD, 0x14, t);
    expect(m.stale!.count).toBe(1);
  });
  it('does not flag own data, data shared through one tile L1, or data written back before', () => {
    const own = machine('PP');
    let t = own.access(0, 0x3000, 4, STORE, 0, 0);
    own.access(0, 0x3000, 4, LOAD, 0, t);
    expect(own.stale!.count).toBe(0);

    const tile = machine('SS');
    t = tile.access(1, 0x3000, 4, STORE, 0, 0);
    tile.access(0, 0x3000, 4, LOAD, 0, t);
    expect(tile.stale!.count).toBe(0);

    const flushed = machine('PP');
    t = flushed.access(0, 0x3000, 4, LOAD, 0, 0);
    t = flushed.access(1, 0x3000, 4, STORE, 0, t);
    t = flushed.flushAll(t);
    flushed.access(0, 0x3000, 4, LOAD, 0, t);
    expect(flushed.stale!.count).toBe(0);
  });
  it('flags a cross-tile read even in SS (each tile has its own L1)', () => {
    const m = machine('SS');
    const t = m.access(16, 0x3000, 4, STORE, 0x20, 0);
    m.access(0, 0x3000, 4, LOAD, 0x14, t);
    expect(m.stale!.records[0]).toMatchObject({ hart: 0, writerHart: 16 });
  });
  it('after a full flush, trusts a page only when memory holds the latest version of every word', () => {
    // Two GPEs of tile 0 write one word; the flush drains L1 bank 0, then bank 1, into the one L2.
    // Hart 0 writing last: memory ends with the older copy, and the next read is stale.
    const older = machine('PP');
    let t = older.access(1, 0x3000, 4, STORE, 0x20, 0);
    t = older.access(0, 0x3000, 4, STORE, 0x24, t);
    t = older.flushAll(t);
    older.access(2, 0x3000, 4, LOAD, 0x14, t);
    expect(older.stale!.count).toBe(1);
    expect(older.stale!.records[0]).toMatchObject({ hart: 2, address: 0x3000, writerHart: 0, writerPc: 0x24 });
    // Hart 1 writing last: memory ends with the latest version, and no read is stale.
    const newer = machine('PP');
    t = newer.access(0, 0x3000, 4, STORE, 0x24, 0);
    t = newer.access(1, 0x3000, 4, STORE, 0x20, t);
    t = newer.flushAll(t);
    newer.access(2, 0x3000, 4, LOAD, 0x14, t);
    newer.access(0, 0x3000, 4, LOAD, 0x14, t + 200);
    expect(newer.stale!.count).toBe(0);
  });
  it('flags a host write into a line a cache still holds, not one written while caches are empty', () => {
    const held = machine('PP');
    let t = held.access(0, 0x3000, 4, LOAD, 0x10, 0);
    held.hostWrite(0x3000, 4);
    held.access(0, 0x3000, 4, LOAD, 0x14, t);
    expect(held.stale!.count).toBe(1);
    expect(held.stale!.records[0]).toMatchObject({ hart: 0, pc: 0x14, writerHart: -1 });
    const empty = machine('PP');
    t = empty.access(0, 0x3000, 4, LOAD, 0x10, 0);
    t = empty.flushAll(t);
    empty.hostWrite(0x3000, 4);
    t = empty.access(0, 0x3000, 4, LOAD, 0x14, t);
    empty.access(1, 0x3000, 4, LOAD, 0x14, t);
    expect(empty.stale!.count).toBe(0);
  });
  it('is off when configured off', () => {
    const m = new MemorySystem(defineConfig({ staleReads: 'off', l1: { mode: 'private' } }));
    expect(m.stale).toBeNull();
  });
});
