// The stale-read detector's shortcuts (emulator/memsys/stale-detector.ts): reads are only checked
// in *suspect* 4 KiB blocks (written by a hart, or by the host while caches held lines; trusted again by
// `settle` after a full flush when memory holds every latest version), and a host write into
// empty caches allocates no version page. Both must only skip work whose outcome was known: the
// reference here is the same memory system with the detector patched back to the unfiltered one
// (every page suspect, settle a no-op, every memory write a new version), and every stale read —
// count and records — must be the same, for hand-written cases and for random sequences of loads,
// stores, atomics, host writes, flushes and reconfigurations (memory system alone and whole
// machines on both timed engines).
import { describe, expect, it } from 'vitest';
import { defineConfig, withModes, DEFAULT_CONFIG, MODE_NAMES, type MachineConfig, type ModeName } from '../../emulator/machine/config';
import { ACCESS, MemorySystem, type AccessKind } from '../../emulator/memsys/memory-system';
import { SUSPECT_SHIFT, type StaleReadDetector } from '../../emulator/memsys/stale-detector';
import { TimedMachine } from '../../emulator/machine/timed';
import { DebugEngine } from '../../emulator/debug/engine';
import { generateProgram, programSeed } from '../diff/random-program';
import { image, snapshot } from '../machine/timed-compare';
import { rng } from '../../kernels/runtime/data';

const { load: LOAD, store: STORE, amo: AMO, loadReserved: LR } = ACCESS;

/** Turns `stale` into the detector without shortcuts: every read checked, every memory write versioned. */
function unfiltered(stale: StaleReadDetector): void {
  stale.suspect.fill(1);
  stale.settle = () => {};
  const record = stale.recordMemoryWrite.bind(stale);
  stale.recordMemoryWrite = (address: number, hart: number, pc: number) => record(address, hart, pc, false);
}

/** A memory system and its unfiltered twin, driven by the same calls. */
function pair(config: MachineConfig) {
  const fast = new MemorySystem(config);
  const ref = new MemorySystem(config);
  unfiltered(ref.stale!);
  return [fast, ref] as const;
}

function staleView(m: MemorySystem) {
  return { count: m.stale!.count, records: m.stale!.records.map((r) => ({ ...r })) };
}

function counters(m: MemorySystem) {
  return [...m.l1, ...m.l2].map((b) => [b.reads, b.writes, b.hits, b.misses, b.writebacks, b.conflicts, b.waitCycles, b.bytes]);
}

function small(modes: ModeName, extra: Record<string, unknown> = {}): MachineConfig {
  // 2 tiles x 2 GPEs, 2-way banks of 4 lines: evictions and writebacks come quickly.
  return withModes(defineConfig({ tiles: 2, gpesPerTile: 2, staleReads: 'on', l1: { bankBytes: 256, ways: 2 }, l2: { bankBytes: 512, ways: 2 }, ...extra }), modes);
}

describe('suspect pages: hand-written cases report what the unfiltered detector reports', () => {
  const A = 0x30000;
  const B = 0x40000; // another version page
  it('a page that becomes suspect after a copy was filled: the copy read again is stale', () => {
    const [fast, ref] = pair(small('PP'));
    for (const m of [fast, ref]) {
      m.access(0, A, 4, LOAD, 0x10, 0); // hart 0 caches A while the page is trusted
      m.access(2, A, 4, STORE, 0x20, 200); // hart 2 (other tile) writes A in its own L1
      m.access(0, A, 4, LOAD, 0x14, 400); // hart 0's copy is now stale
    }
    expect(staleView(fast)).toEqual(staleView(ref));
    expect(fast.stale!.count).toBe(1);
    expect(fast.stale!.records[0]).toMatchObject({ hart: 0, pc: 0x14, address: A, writerHart: 2, writerPc: 0x20 });
  });

  it('a host write while another page is cached, then into the cached page', () => {
    const [fast, ref] = pair(small('SS'));
    for (const m of [fast, ref]) {
      m.access(1, B, 4, LOAD, 0x10, 0);
      m.hostWrite(A, 8); // A not cached, but caches hold lines: versioned, A suspect
      m.access(1, A, 4, LOAD, 0x14, 200); // fills the new version: fresh
      m.hostWrite(B, 4);
      m.access(1, B, 4, LOAD, 0x18, 400); // stale (writer: the host)
    }
    expect(staleView(fast)).toEqual(staleView(ref));
    expect(fast.stale!.records.map((r) => [r.address, r.writerHart])).toEqual([[B, -1]]);
  });

  it('atomics: amoadd and sc at memory while a copy is cached, lr of a word an L1 holds dirty', () => {
    const [fast, ref] = pair(small('PP'));
    for (const m of [fast, ref]) {
      m.access(0, A, 4, LOAD, 0x10, 0);
      m.access(1, A, 4, AMO, 0x20, 200); // amoadd at memory: hart 0's copy goes stale
      m.access(0, A, 4, LOAD, 0x14, 400);
      m.access(3, A + 4, 4, STORE, 0x24, 600); // dirty in hart 3's L1 only
      m.access(1, A + 4, 4, LR, 0x28, 800); // lr reads memory: stale
      m.access(1, A + 4, 4, AMO, 0x2c, 1000); // sc
      m.access(3, A + 4, 4, LOAD, 0x30, 1200); // hart 3's own dirty copy: stale now
    }
    expect(staleView(fast)).toEqual(staleView(ref));
    // hart 0's copy, lr and sc of the word hart 3 holds dirty, hart 3's copy after the sc.
    expect(fast.stale!.count).toBe(4);
  });

  it('a flush that leaves an older copy in memory, then a host write into the empty caches', () => {
    const [fast, ref] = pair(small('PP'));
    for (const m of [fast, ref]) {
      m.access(1, A, 4, STORE, 0x20, 0); // older version, hart 1
      m.access(0, A, 4, STORE, 0x24, 200); // latest version, hart 0; drained first, hart 1 last
      m.flushAll(400);
      m.access(2, A, 4, LOAD, 0x30, 2000); // the older copy reached memory: stale
      m.flushAll(3000);
      m.hostWrite(A, 4); // caches empty: memory takes the latest version
      m.access(2, A, 4, LOAD, 0x34, 5000); // fresh
      m.access(3, A + 4, 4, LOAD, 0x38, 5200);
    }
    expect(staleView(fast)).toEqual(staleView(ref));
    expect(fast.stale!.count).toBe(1);
  });

  it('reconfigure drains without settling: later host writes and reads as unfiltered', () => {
    const [fast, ref] = pair(small('PP'));
    for (const m of [fast, ref]) {
      m.access(0, A, 4, STORE, 0x20, 0);
      m.access(1, A, 4, LOAD, 0x24, 100);
      const done = m.reconfigure('shared', 'shared', 200);
      m.hostWrite(A, 4);
      m.access(0, A, 4, LOAD, 0x28, done + 10);
      m.hostWrite(A, 4);
      m.access(1, A, 4, LOAD, 0x2c, done + 300);
    }
    expect(staleView(fast)).toEqual(staleView(ref));
    expect(counters(fast)).toEqual(counters(ref));
  });

  it('a write flags only its own 4 KiB block: another block of the same version page stays unchecked, and a stale read in the written block is still found', () => {
    const [fast, ref] = pair(small('PP'));
    const C = A + 0x1000; // the same 64 KiB version page, the next 4 KiB block
    for (const m of [fast, ref]) {
      m.access(0, C, 4, LOAD, 0x10, 0); // hart 0 caches C
      m.access(0, A, 4, LOAD, 0x14, 100); // and A
      m.access(2, A, 4, STORE, 0x20, 200); // hart 2 writes A (block of A only)
      m.access(0, C, 4, LOAD, 0x24, 400); // fresh: nobody wrote C
      m.access(0, A, 4, LOAD, 0x28, 600); // stale
    }
    expect(fast.stale!.suspect[A >>> SUSPECT_SHIFT]).toBe(1);
    expect(fast.stale!.suspect[C >>> SUSPECT_SHIFT]).toBe(0);
    expect(staleView(fast)).toEqual(staleView(ref));
    expect(fast.stale!.records.map((r) => r.address)).toEqual([A]);
  });

  it('a page trusted again after a full flush is suspect again after the next hart write', () => {
    const [fast, ref] = pair(small('PP'));
    for (const m of [fast, ref]) {
      m.access(0, A, 4, STORE, 0x20, 0);
      m.flushAll(100);
      m.access(1, A, 4, LOAD, 0x24, 1000); // hart 1 caches the flushed version
      m.access(0, A, 4, STORE, 0x28, 1200);
      m.access(1, A, 4, LOAD, 0x2c, 1400); // stale
    }
    expect(fast.stale!.suspect[A >>> SUSPECT_SHIFT]).toBe(1);
    expect(staleView(fast)).toEqual(staleView(ref));
    expect(fast.stale!.count).toBe(1);
  });
});

describe('suspect pages: random sequences on the memory system alone', () => {
  const ops = 4000;
  for (const modes of MODE_NAMES) {
    for (const seed of [1, 2, 3]) {
      it(`${modes}, seed ${seed}: the same stale reads and counters as the unfiltered detector`, () => {
        const config = small(modes, { seed });
        const [fast, ref] = pair(config);
        const rnd = rng(seed * 7919 + modes.charCodeAt(0));
        const pick = (n: number) => Math.floor(rnd() * n);
        // 6 lines in each of 3 version pages (3 in each of two 4 KiB suspect blocks), and a few
        // pages only the host writes.
        const address = () => (0x10000 * (1 + pick(3)) + 0x1000 * pick(2) + 64 * pick(3) + 4 * pick(16)) >>> 0;
        const harts = config.tiles * config.gpesPerTile;
        const now = new Float64Array(harts);
        let global = 0;
        for (let i = 0; i < ops; i++) {
          const r = pick(100);
          const k = pick(harts);
          const t = Math.max(now[k]!, global) + pick(20);
          const pc = 0x1000 + 4 * i;
          if (r < 40) {
            const kind: AccessKind = pick(2) === 0 ? LOAD : STORE;
            const a = address();
            let d1 = -1;
            let d2 = -1;
            if (pick(2) === 0) {
              d1 = fast.privateL1Access(k, a, 4, kind, pc, t);
              d2 = ref.privateL1Access(k, a, 4, kind, pc, t);
            }
            if (d1 < 0) d1 = fast.access(k, a, 4, kind, pc, t);
            if (d2 < 0) d2 = ref.access(k, a, 4, kind, pc, t);
            expect(d1).toBe(d2);
            now[k] = d1;
          } else if (r < 75) {
            const a = address();
            const d = fast.access(k, a, 4, LOAD, pc, t);
            expect(ref.access(k, a, 4, LOAD, pc, t)).toBe(d);
            now[k] = d;
          } else if (r < 85) {
            const a = address();
            const kind: AccessKind = pick(2) === 0 ? AMO : LR;
            const d = fast.access(k, a, 4, kind, pc, t);
            expect(ref.access(k, a, 4, kind, pc, t)).toBe(d);
            now[k] = d;
          } else if (r < 93) {
            const a = pick(4) === 0 ? (0x80000 + 4 * pick(64)) >>> 0 : address();
            const bytes = 1 + pick(24);
            fast.hostWrite(a, bytes);
            ref.hostWrite(a, bytes);
          } else if (r < 97) {
            global = Math.max(global, ...now);
            const d = fast.flushAll(global);
            expect(ref.flushAll(global)).toBe(d);
            global = d;
          } else {
            global = Math.max(global, ...now);
            const m = (['shared', 'private'] as const)[pick(2)]!;
            const n = (['shared', 'private'] as const)[pick(2)]!;
            const d = fast.reconfigure(m, n, global);
            expect(ref.reconfigure(m, n, global)).toBe(d);
            global = d;
          }
        }
        expect(staleView(fast)).toEqual(staleView(ref));
        expect(counters(fast)).toEqual(counters(ref));
        expect(fast.stale!.count).toBeGreaterThan(0);
      });
    }
  }
});

/** Runs `img` on a timed machine, optionally with the unfiltered detector; everything it reports. */
function runMachine(img: ReturnType<typeof image>, config: MachineConfig, harts: number, engine: 'interp' | 'jit', reference: boolean) {
  const m = new TimedMachine(img, { config, harts, engine, stdout: () => {}, stderr: () => {} });
  if (reference) unfiltered(m.memsys.stale!);
  const r = m.run(3_000_000);
  return { stopped: r.stopped, fault: r.fault?.index ?? -1, snap: snapshot(m), records: m.memsys.stale!.records.map((x) => ({ ...x })) };
}

describe('suspect pages: whole machines', () => {
  const stale = `
    .text
    .globl _start
_start:
    csrr a1, mhartid
    la   t0, shared
    slli t3, a1, 2
    add  t3, t0, t3
    li   t4, 20
1:  lw   t1, 0(t0)
    amoadd.w t2, t4, (t3)
    lw   t5, 0(t3)
    sw   t5, 64(t3)
    lr.w t6, (t0)
    sc.w t6, t4, (t0)
    lw   t1, 64(t0)
    addi a2, t0, 128
    amoswap.w t2, t1, (a2)
    lw   t2, 0(a2)
    addi t4, t4, -1
    bnez t4, 1b
    li   a0, 0
    li   a7, 93
    ecall
    .data
    .balign 64
shared: .space 256
`;
  it('a program sharing words through loads, stores, amoadd, amoswap and lr/sc: both engines, every mode', () => {
    const img = image(stale, 'stale-suspect.s');
    for (const modes of MODE_NAMES) {
      for (const quantum of [0, 1, 9]) {
        const config = { ...withModes(DEFAULT_CONFIG, modes), staleReads: 'on' as const, scheduler: { ...DEFAULT_CONFIG.scheduler, quantum } };
        const ref = runMachine(img, config, 4, 'interp', true);
        expect(ref.snap.stale, `${modes} q${quantum}`).toBeGreaterThan(0);
        expect(runMachine(img, config, 4, 'interp', false), `${modes} q${quantum} interp`).toEqual(ref);
        expect(runMachine(img, config, 4, 'jit', false), `${modes} q${quantum} jit`).toEqual(ref);
      }
    }
  }, 120_000);

  it('random programs: the same stale reads as the unfiltered detector on both engines', () => {
    for (let index = 0; index < 3; index++) {
      const img = image(generateProgram(programSeed(4242, index), { sequences: 6, length: 120 }).source, `suspect-${index}.s`);
      for (const modes of ['PP', 'SS'] as const) {
        const config = { ...withModes(DEFAULT_CONFIG, modes), staleReads: 'on' as const };
        const ref = runMachine(img, config, 4, 'interp', true);
        expect(runMachine(img, config, 4, 'interp', false), `${index} ${modes}`).toEqual(ref);
        expect(runMachine(img, config, 4, 'jit', false), `${index} ${modes}`).toEqual(ref);
      }
    }
  }, 120_000);

  it("the debugger's host write into a word a GPE holds is reported as the unfiltered detector reports it", () => {
    const src = `
    .text
    .globl _start
_start:
    la   t0, word
    lw   t1, 0(t0)
    li   t2, 400
1:  addi t2, t2, -1
    bnez t2, 1b
second:
    lw   t1, 0(t0)
    mv   a0, t1
    li   a7, 93
    ecall
    .data
    .balign 64
word: .word 7
`;
    const img = image(src, 'debug-stale.s');
    const wordAddress = img.symbols.find((s) => s.name === 'word')!.value;
    const second = img.symbols.find((s) => s.name === 'second')!.value;
    const results = [false, true].map((reference) => {
      const engine = new DebugEngine({ image: img, options: { harts: 1 }, config: { ...withModes(DEFAULT_CONFIG, 'PP'), staleReads: 'on' } });
      const m = (engine as unknown as { m: { timed: TimedMachine } }).m.timed;
      if (reference) unfiltered(m.memsys.stale!);
      engine.addBreakpoint(second);
      expect(engine.resume({ kind: 'continue' })?.kind).toBe('breakpoint');
      expect(engine.writeMemory(wordAddress, new Uint8Array([9, 0, 0, 0]))).toBe(true);
      expect(engine.resume({ kind: 'continue' })?.kind).toBe('exited');
      expect((engine as unknown as { m: { timed: TimedMachine } }).m.timed).toBe(m);
      return { count: m.memsys.stale!.count, records: m.memsys.stale!.records.map((r) => ({ ...r })) };
    });
    expect(results[0]).toEqual(results[1]);
    expect(results[0]!.count).toBe(1);
    expect(results[0]!.records[0]).toMatchObject({ address: wordAddress, writerHart: -1 });
  });
});
