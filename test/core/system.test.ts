// Zicsr, environment calls, traps, fence.i and self-modifying code, on a bare hart.
import { describe, expect, it } from 'vitest';
import { CODE_BASE, DATA_BASE, bare, enc, exec, poke } from './helpers';
import { HART_EXITED, HART_FAULTED, HART_RUNNING, Hart } from '../../emulator/core/hart';
import { PhysicalMemory } from '../../emulator/memsys/physical-memory';
import { DecodeCache } from '../../emulator/core/decode-cache';
import { csrByName } from '../../toolchain/isa/csrs';

const csr = (name: string): number => csrByName(name)!.number;
const NOP = enc('addi', 0, 0, 0);

describe('CSRs', () => {
  it('mhartid and the custom GPE CSRs describe the hart placement', () => {
    const memory = new PhysicalMemory(1 << 24, 1);
    const code = new DecodeCache(memory);
    const words = ['mhartid', 'mtileid', 'mgpeid', 'mntiles', 'mngpes'].map((n, k) => enc('csrrs', 5 + k, csr(n), 0));
    memory.writeBytes(CODE_BASE, new Uint8Array(new Uint32Array(words).buffer));
    const hart = new Hart({ index: 0, tile: 2, gpe: 5, tiles: 4, gpesPerTile: 16 }, memory, code, { write: () => {} });
    hart.setPc(CODE_BASE);
    hart.run(words.length);
    expect([...hart.x.slice(5, 10)]).toEqual([37, 2, 5, 4, 16]);
  });

  it('counters: instret and cycle count retired instructions (cycle follows instret), high halves 0', () => {
    const h = exec([NOP, NOP, NOP, enc('csrrs', 5, csr('instret'), 0), enc('csrrs', 6, csr('cycle'), 0),
      enc('csrrs', 7, csr('minstreth'), 0), enc('csrrs', 8, csr('mcycle'), 0), enc('csrrs', 9, csr('time'), 0)]);
    expect([...h.x.slice(5, 10)]).toEqual([3, 4, 0, 6, 7]);
    expect(h.instret).toBe(8);
  });

  it('a write to minstret/mcycle is what the next instruction reads', () => {
    const h = exec([enc('csrrw', 0, csr('minstret'), 6), enc('csrrs', 5, csr('minstret'), 0), NOP,
      enc('csrrw', 0, csr('mcycle'), 6), enc('csrrs', 7, csr('mcycle'), 0)], (h) => {
      h.x[6] = 1000;
    });
    expect(h.x[5]).toBe(1000);
    expect(h.x[7]).toBe(1000);
  });

  it('fcsr = frm << 5 | fflags; frm and fflags are its fields', () => {
    const h = exec([enc('csrrw', 0, csr('fcsr'), 6), enc('csrrs', 5, csr('frm'), 0), enc('csrrs', 7, csr('fflags'), 0),
      enc('csrrci', 0, csr('fflags'), 3), enc('csrrwi', 0, csr('frm'), 1), enc('csrrs', 8, csr('fcsr'), 0)], (h) => {
      h.x[6] = 0x1f5; // bits above 7 are dropped
    });
    expect(h.x[5]).toBe(7);
    expect(h.x[7]).toBe(0x15);
    expect(h.x[8]).toBe((1 << 5) | 0x14);
  });

  it('mstatus keeps FS dirty (FPU always on); misa says RV32IMAF', () => {
    const h = exec([enc('csrrw', 5, csr('mstatus'), 0), enc('csrrs', 6, csr('mstatus'), 0), enc('csrrs', 7, csr('misa'), 0)]);
    expect((h.x[6]! >>> 13) & 3).toBe(3);
    expect(h.x[7]! >>> 0).toBe(0x40001121);
  });

  it('mcachemode is writable (2 bits) and calls the machine hook', () => {
    const seen: number[] = [];
    const { hart } = bare([enc('csrrwi', 0, csr('mcachemode'), 7), enc('csrrs', 5, csr('mcachemode'), 0)]);
    hart.onCacheModeWrite = (_, v) => seen.push(v);
    hart.run(2);
    expect(seen).toEqual([3]);
    expect(hart.x[5]).toBe(3);
  });

  it.each([
    ['csrrw to a read-only CSR', enc('csrrw', 5, csr('mhartid'), 6), true],
    ['csrrs with rs1 != x0 to a read-only CSR', enc('csrrs', 5, csr('cycle'), 6), true],
    ['csrrsi with zimm != 0 to a read-only CSR', enc('csrrsi', 5, csr('mhartid'), 1), true],
    ['an unknown CSR', enc('csrrs', 5, 0x7c5, 0), true],
    ['csrrs with rs1 = x0 on a read-only CSR', enc('csrrs', 5, csr('mhartid'), 0), false],
    ['csrrci with zimm = 0 on a read-only CSR', enc('csrrci', 5, csr('instret'), 0), false],
  ] as const)('%s: illegal = %s', (_, word, illegal) => {
    const h = exec([word], (h) => {
      h.x[6] = 1;
    });
    expect(h.state).toBe(illegal ? HART_FAULTED : HART_RUNNING);
    if (illegal) {
      expect(h.trap?.cause).toBe(2);
      expect(h.trap?.tval).toBe(word);
    }
  });
});

describe('environment calls and traps', () => {
  it('write(1, buf, len) goes to the sink and returns len; a bad fd returns -EBADF', () => {
    const { hart, memory, out } = bare([enc('ecall'), enc('addi', 10, 0, 3), enc('ecall')]);
    memory.writeBytes(DATA_BASE, new TextEncoder().encode('hi\n'));
    hart.x[17] = 64;
    hart.x[10] = 1;
    hart.x[11] = DATA_BASE;
    hart.x[12] = 3;
    hart.run(1);
    expect(out).toEqual(['1:hi\n']);
    expect(hart.x[10]).toBe(3);
    hart.run(2);
    expect(hart.x[10]).toBe(-9);
  });

  it('exit (93) and exit_group (94) end the hart with a0 & 0xff', () => {
    for (const nr of [93, 94]) {
      const h = exec([enc('ecall'), NOP], (h) => {
        h.x[17] = nr;
        h.x[10] = 257;
      });
      expect(h.state).toBe(HART_EXITED);
      expect(h.exitCode).toBe(1);
      expect(h.exitValue).toBe(257);
      expect(h.instret).toBe(1);
      expect(h.pc).toBe(CODE_BASE + 4);
    }
  });

  it('an unknown syscall is a fault naming the number', () => {
    const h = exec([enc('ecall')], (h) => {
      h.x[17] = 57;
    });
    expect(h.state).toBe(HART_FAULTED);
    expect(h.trap?.cause).toBe(11);
    expect(h.trap?.text).toContain('unknown syscall 57');
  });

  it('ebreak, an undecodable word and a fetch outside memory are faults at the right pc', () => {
    let h = exec([NOP, enc('ebreak')]);
    expect(h.trap?.cause).toBe(3);
    expect(h.trapPc).toBe(CODE_BASE + 4);
    expect(h.instret).toBe(1);
    h = exec([0xffffffff]);
    expect(h.trap?.cause).toBe(2);
    expect(h.trap?.tval).toBe(0xffffffff);
    h = exec([enc('jalr', 0, 0, 6), NOP], (h) => {
      h.x[6] = 0x4000000; // 64 MiB, memory is 16 MiB
    });
    expect(h.trap?.cause).toBe(1);
    expect(h.trapPc).toBe(0x4000000);
  });

  it('fence and wfi do nothing; mret jumps to mepc', () => {
    const h = exec([enc('fence', 15, 15), enc('wfi'), enc('csrrw', 0, csr('mepc'), 6), enc('mret')], (h) => {
      h.x[6] = CODE_BASE + 0x40;
    });
    expect(h.state).toBe(HART_RUNNING);
    expect(h.pc).toBe(CODE_BASE + 0x40);
  });
});

describe('self-modifying code', () => {
  // x5 += 100 at L; the program first runs L, then overwrites L with `addi x5, x5, 1` and jumps back.
  const program = (withFence: boolean) => [
    enc('addi', 5, 5, 100), // L (CODE_BASE)
    enc('bne', 7, 0, 20), //   second time round: done (past the end)
    enc('sw', 6, 0, 8), //     store the new instruction at L (x8 = CODE_BASE)
    enc('addi', 7, 0, 1),
    withFence ? enc('fence.i') : NOP,
    enc('jal', 0, -20), //     back to L
  ];
  it.each([false, true])('a store into decoded code is seen by the next fetch (fence.i: %s)', (withFence) => {
    const h = exec(program(withFence), (h) => {
      h.x[6] = enc('addi', 5, 5, 1) | 0;
      h.x[8] = CODE_BASE;
    }, 8);
    expect(h.x[5]).toBe(101);
    expect(h.pc).toBe(CODE_BASE + 24);
  });

  it('a store by another hart (or the host) into code is seen too', () => {
    const { hart, memory } = bare([enc('addi', 5, 5, 100), enc('jal', 0, -4)]);
    hart.run(2);
    poke(memory, CODE_BASE, enc('addi', 5, 5, 1));
    hart.run(2);
    expect(hart.x[5]).toBe(101);
  });
});
