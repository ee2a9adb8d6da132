// A and F extensions on a bare hart: every amo*.w, lr/sc reservations (also across harts), and the
// F wiring: rounding-mode selection, illegal rounding modes, fflags accrual, raw-bit moves.
import { describe, expect, it } from 'vitest';
import { CODE_BASE, DATA_BASE, bare, enc, exec, poke } from './helpers';
import { HART_FAULTED, HART_RUNNING, Hart } from '../../emulator/core/hart';
import { PhysicalMemory } from '../../emulator/memsys/physical-memory';
import { DecodeCache } from '../../emulator/core/decode-cache';
import { csrByName } from '../../toolchain/isa/csrs';

const FFLAGS = csrByName('fflags')!.number;

describe('atomics', () => {
  // memory word -5, rs2 = 3: [mnemonic, new memory value, rd = old value -5]
  it.each([
    ['amoswap.w', 3],
    ['amoadd.w', -2],
    ['amoxor.w', -5 ^ 3],
    ['amoand.w', -5 & 3],
    ['amoor.w', -5 | 3],
    ['amomin.w', -5],
    ['amomax.w', 3],
    ['amominu.w', 3],
    ['amomaxu.w', -5],
    ['amoadd.w.aqrl', -2],
  ] as const)('%s', (m, want) => {
    const { hart, memory } = bare([enc(m, 5, 7, 6)]);
    poke(memory, DATA_BASE, -5);
    hart.x[6] = DATA_BASE;
    hart.x[7] = 3;
    hart.run(1);
    expect(hart.x[5]).toBe(-5);
    expect(memory.readWord(DATA_BASE) | 0).toBe(want);
  });

  it('an AMO with rd = rs2 uses the old rs2', () => {
    const { hart, memory } = bare([enc('amoadd.w', 7, 7, 6)]);
    poke(memory, DATA_BASE, 10);
    hart.x[6] = DATA_BASE;
    hart.x[7] = 5;
    hart.run(1);
    expect(hart.x[7]).toBe(10);
    expect(memory.readWord(DATA_BASE)).toBe(15);
  });

  it('a misaligned AMO faults (store/AMO address misaligned)', () => {
    const h = exec([enc('amoadd.w', 5, 7, 6)], (h) => {
      h.x[6] = DATA_BASE + 2;
    });
    expect(h.state).toBe(HART_FAULTED);
    expect(h.trap?.cause).toBe(6);
  });

  it('lr.w then sc.w succeeds (rd = 0) and stores; sc.w without a reservation fails (rd = 1)', () => {
    const { hart, memory } = bare([enc('lr.w', 5, 6), enc('sc.w', 8, 7, 6), enc('sc.w', 9, 7, 6)]);
    poke(memory, DATA_BASE, 41);
    hart.x[6] = DATA_BASE;
    hart.x[7] = 42;
    hart.x[9] = 7;
    hart.run(2);
    expect(hart.x[5]).toBe(41);
    expect(hart.x[8]).toBe(0);
    expect(memory.readWord(DATA_BASE)).toBe(42);
    poke(memory, DATA_BASE, 0);
    hart.run(1); // the reservation was consumed by the first sc.w
    expect(hart.x[9]).toBe(1);
    expect(memory.readWord(DATA_BASE)).toBe(0);
  });

  it("another hart's store to the reserved word breaks the reservation; a store elsewhere does not", () => {
    for (const [offset, expectSc] of [[0, 1], [8, 0]] as const) {
      const memory = new PhysicalMemory(1 << 24, 2);
      const code = new DecodeCache(memory);
      const words = [enc('lr.w', 5, 6), enc('sc.w', 8, 7, 6), enc('sw', 7, offset, 6)];
      memory.writeBytes(CODE_BASE, new Uint8Array(new Uint32Array(words).buffer));
      const sink = { write: () => {} };
      const a = new Hart({ index: 0, tile: 0, gpe: 0, tiles: 1, gpesPerTile: 2 }, memory, code, sink);
      const b = new Hart({ index: 1, tile: 0, gpe: 1, tiles: 1, gpesPerTile: 2 }, memory, code, sink);
      a.setPc(CODE_BASE);
      b.setPc(CODE_BASE + 8);
      for (const h of [a, b]) {
        h.x[6] = DATA_BASE;
        h.x[7] = 9;
      }
      a.run(1); // lr.w
      b.run(1); // sw to DATA_BASE + offset
      a.run(1); // sc.w
      expect(a.x[8]).toBe(expectSc);
    }
  });
});

const ONE = 0x3f800000;
const HALF_ULP = 0x33800000; // 2^-24: 1 + 2^-24 is halfway between 1 and the next float

describe('F extension wiring', () => {
  const fadd = (rm?: number) => (rm === undefined ? enc('fadd.s', 3, 1, 2) : enc('fadd.s', 3, 1, 2, rm));
  const init = (frm = 0) => (h: Hart) => {
    h.f[1] = ONE;
    h.f[2] = HALF_ULP;
    h.frm = frm;
  };

  it.each([
    ['rne', 0, ONE],
    ['rtz', 1, ONE],
    ['rdn', 2, ONE],
    ['rup', 3, ONE + 1],
    ['rmm', 4, ONE + 1],
  ] as const)('static rounding mode %s', (_, rm, want) => {
    const h = exec([fadd(rm), enc('csrrs', 5, FFLAGS, 0)], init());
    expect(h.f[3]).toBe(want);
    expect(h.x[5]).toBe(1); // NX
  });

  it('dyn reads frm', () => {
    expect(exec([fadd()], init(3)).f[3]).toBe(ONE + 1);
    expect(exec([fadd()], init(0)).f[3]).toBe(ONE);
  });

  it('reserved static rounding modes 5 and 6, and dyn with frm 5..7, are illegal instructions', () => {
    for (const rm of [5, 6]) {
      const h = exec([fadd(rm)], init());
      expect(h.state).toBe(HART_FAULTED);
      expect(h.trap?.cause).toBe(2);
      expect(h.trap?.text).toContain(`reserved rounding mode ${rm}`);
    }
    for (const frm of [5, 6, 7]) {
      const h = exec([fadd()], init(frm));
      expect(h.trap?.cause).toBe(2);
      expect(h.f[3]).toBe(0);
    }
    // fsgnj.s has no rounding mode: bits 14..12 select the operation, frm does not matter
    expect(exec([enc('fsgnj.s', 3, 1, 2)], init(7)).state).toBe(HART_RUNNING);
  });

  it('fflags accrue over instructions (NX then DZ) until cleared', () => {
    const h = exec([fadd(0), enc('fdiv.s', 4, 1, 0, 0), enc('csrrs', 5, FFLAGS, 0)], init());
    expect(h.f[4]).toBe(0x7f800000);
    expect(h.x[5]).toBe(0x9);
    expect(h.fflags).toBe(0x9);
  });

  it('sign injection, moves, loads and stores keep NaN payloads bit for bit', () => {
    const snan = 0x7fa00001;
    const { hart, memory } = bare([
      enc('fsgnjn.s', 3, 1, 1), enc('fsgnjx.s', 4, 3, 2), enc('fsgnj.s', 5, 1, 3),
      enc('fmv.x.w', 5, 3), enc('fmv.w.x', 6, 7),
      enc('fsw', 1, 0, 8), enc('flw', 7, 0, 8),
    ]);
    hart.f[1] = snan;
    hart.f[2] = 0x80000000;
    hart.x[7] = 0xff800001 | 0;
    hart.x[8] = DATA_BASE;
    hart.run(7);
    expect(hart.f[3]).toBe(0xffa00001);
    expect(hart.f[4]).toBe(0x7fa00001);
    expect(hart.f[5]).toBe(0xffa00001);
    expect(hart.x[5]).toBe(0xffa00001 | 0);
    expect(hart.f[6]).toBe(0xff800001);
    expect(memory.readWord(DATA_BASE)).toBe(snan);
    expect(hart.f[7]).toBe(snan);
    expect(hart.fflags).toBe(0); // none of these raise flags
  });

  it('fused multiply-add family: 2*3+1, 2*3-1, -(2*3)+1, -(2*3)-1', () => {
    const h = exec([enc('fmadd.s', 4, 1, 2, 3, 0), enc('fmsub.s', 5, 1, 2, 3, 0), enc('fnmsub.s', 6, 1, 2, 3, 0),
      enc('fnmadd.s', 7, 1, 2, 3, 0)], (h) => {
      h.f[1] = 0x40000000;
      h.f[2] = 0x40400000;
      h.f[3] = ONE;
    });
    expect([...h.f.slice(4, 8)]).toEqual([0x40e00000, 0x40a00000, 0xc0a00000, 0xc0e00000]);
  });

  it('conversions, compares and fclass write x registers', () => {
    const h = exec([
      enc('fcvt.w.s', 5, 1, 1), enc('fcvt.w.s', 6, 1, 3), enc('fcvt.wu.s', 7, 2, 0),
      enc('fcvt.s.w', 4, 9, 0), enc('flt.s', 8, 2, 1), enc('fclass.s', 10, 3), enc('csrrs', 11, FFLAGS, 0),
    ], (h) => {
      h.f[1] = 0x40200000; // 2.5
      h.f[2] = 0xbf800000; // -1
      h.f[3] = 0xff800000; // -inf
      h.x[9] = -3;
    });
    expect(h.x[5]).toBe(2); // rtz
    expect(h.x[6]).toBe(3); // rup
    expect(h.x[7]).toBe(0); // -1 to unsigned: 0, NV
    expect(h.f[4]).toBe(0xc0400000);
    expect(h.x[8]).toBe(1);
    expect(h.x[10]).toBe(1); // fclass: bit 0 = -inf
    expect(h.x[11]).toBe(0x11); // NV | NX
  });
});
