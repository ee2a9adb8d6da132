// Energy totals recomputed by hand from counts and round constants.
import { describe, expect, it } from 'vitest';
import { defineConfig, withModes } from '../../emulator/machine/config';
import { computeEnergy, memoryActivity } from '../../emulator/machine/energy';
import { ACCESS, MemorySystem } from '../../emulator/memsys/memory-system';

const energy = {
  instructionBasePj: 10, aluPj: 1, branchPj: 2, mulPj: 3, divPj: 4, fpAddPj: 5, fpMulPj: 6, fpFmaPj: 7,
  fpDivSqrtPj: 8, fpMiscPj: 9, memOpPj: 0.5, otherPj: 0.25, l1ReadPj: 2, l1WritePj: 3, l1LinePj: 20,
  l2LinePj: 40, l1XbarPj: 1.5, l2XbarPj: 60, dramLinePj: 1000, reconfigPj: 500,
  coreStaticMw: 1, l1BankStaticMw: 0.1, l2BankStaticMw: 0.5,
};

describe('energy model', () => {
  it('totals are counts x constants', () => {
    const config = defineConfig({ energy });
    const r = computeEnergy(config, {
      instructions: { alu: 1000, 'fp-fma': 200, load: 300, 'fp-div': 10, branch: 50 },
      memory: { l1WordReads: 300, l1WordWrites: 0, l1LineAccesses: 12, l2LineAccesses: 30, l1XbarTraversals: 300, l2XbarTraversals: 10, dramLines: 8, reconfigurations: 1 },
      cycles: 2000,
      flops: 400,
    });
    // core: 1560 instructions x 10 + 1000x1 + 200x7 + 300x0.5 + 10x8 + 50x2 = 15600 + 2730
    expect(r.instructions).toBe(1560);
    expect(r.coreDynamicPj).toBeCloseTo(18330, 9);
    expect(r.l1DynamicPj).toBeCloseTo(300 * 2 + 12 * 20, 9);
    expect(r.l2DynamicPj).toBeCloseTo(1200, 9);
    expect(r.crossbarPj).toBeCloseTo(450 + 600, 9);
    expect(r.dramPj).toBeCloseTo(8000, 9);
    expect(r.reconfigPj).toBeCloseTo(500, 9);
    // 2000 cycles at 1 GHz = 2 us. 64 cores x 1 mW x 2 us = 128 nJ = 128000 pJ.
    expect(r.seconds).toBeCloseTo(2e-6, 15);
    expect(r.coreStaticPj).toBeCloseTo(128000, 6);
    // 64 L1 banks x 0.1 mW + 4 L2 banks x 0.5 mW = 8.4 mW x 2 us = 16800 pJ.
    expect(r.cacheStaticPj).toBeCloseTo(16800, 6);
    const total = 18330 + 840 + 1200 + 1050 + 8000 + 500 + 128000 + 16800;
    expect(r.totalPj).toBeCloseTo(total, 6);
    expect(r.powerW).toBeCloseTo((total * 1e-12) / 2e-6, 12);
    expect(r.gops).toBeCloseTo(1560 / 2e-6 / 1e9, 9);
    expect(r.gflops).toBeCloseTo(0.2, 12);
    expect(r.gopsPerW).toBeCloseTo(r.gops / r.powerW, 9);
    expect(r.gflopsPerW).toBeCloseTo(0.2 / r.powerW, 9);
  });

  it('memory events come from the counters: one cold load in PP and in SS', () => {
    const pp = new MemorySystem(withModes(defineConfig(), 'PP'));
    pp.access(0, 0x1000, 4, ACCESS.load, 0, 0);
    // L1: one word read, one line fill; L2: one line read to L1 + one fill from memory.
    expect(memoryActivity(pp)).toEqual({ l1WordReads: 1, l1WordWrites: 0, l1LineAccesses: 1, l2LineAccesses: 2, l1XbarTraversals: 0, l2XbarTraversals: 0, dramLines: 1, reconfigurations: 0 });
    const ss = new MemorySystem(withModes(defineConfig(), 'SS'));
    ss.access(0, 0x1000, 4, ACCESS.store, 0, 0);
    ss.access(0, 0x1000, 4, ACCESS.load, 0, 500);
    expect(memoryActivity(ss)).toEqual({ l1WordReads: 1, l1WordWrites: 1, l1LineAccesses: 1, l2LineAccesses: 2, l1XbarTraversals: 2, l2XbarTraversals: 1, dramLines: 1, reconfigurations: 0 });
  });
});
