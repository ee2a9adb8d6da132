// The timing interface: the observed engine reports each retired instruction with its operands,
// next pc and memory access, and stops when the observer asks.
import { describe, expect, it } from 'vitest';
import { CODE_BASE, DATA_BASE, bare, enc } from './helpers';
import { OP_RD_KIND, OP_RS1_KIND, OP_TIMING, REG_F, REG_X, TIMING_CLASS_NAMES, opOf } from '../../emulator/core/ops';
import type { DecodedPage } from '../../emulator/core/decode-cache';
import type { Hart } from '../../emulator/core/hart';

describe('observer (timing interface)', () => {
  it('sees op, class, registers, next pc and the memory access of each instruction; true stops the engine', () => {
    const { hart } = bare([enc('lw', 5, 8, 6), enc('beq', 0, 0, 8), enc('addi', 0, 0, 0), enc('fsw', 3, 4, 6), enc('amoadd.w', 0, 7, 6)]);
    hart.x[6] = DATA_BASE;
    const seen: string[] = [];
    hart.observer = {
      retired(h: Hart, page: DecodedPage, i: number, pc: number, nextPc: number) {
        const op = page.op[i]!;
        seen.push(
          [pc - CODE_BASE, nextPc - CODE_BASE, TIMING_CLASS_NAMES[OP_TIMING[op]!], page.rd[i], OP_RD_KIND[op], page.rs1[i], OP_RS1_KIND[op],
            h.memKind, h.memKind ? h.memAddr - DATA_BASE : '-', h.memKind ? h.memSize : '-'].join(' '),
        );
        return op === opOf('fsw');
      },
    };
    expect(hart.run(100)).toBe(3); // stopped after fsw
    expect(hart.pc).toBe(CODE_BASE + 16);
    expect(seen).toEqual([
      `0 4 load 5 ${REG_X} 6 ${REG_X} 1 8 4`,
      `4 12 branch 32 0 0 ${REG_X} 0 - -`,
      `12 16 fp-store 32 0 6 ${REG_X} 2 4 4`,
    ]);
    expect(hart.run(100)).toBe(1); // the AMO; the next word (0) is illegal
    expect(seen[3]).toBe(`16 20 atomic 32 ${REG_X} 6 ${REG_X} 3 0 4`);
    void REG_F;
  });
});
