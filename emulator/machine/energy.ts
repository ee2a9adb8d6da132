// The energy model: dynamic energy = events x energy per event, static energy = static power x
// time, both from the configuration's `energy` constants (sources in docs/ENERGY.md). Then the
// paper's figures of merit: power, GOPS (executed instructions per second), GFLOPS (algorithmic
// floating-point operations the workload declares, 2 per multiply-accumulate), GOPS/W, GFLOPS/W.
// Pure functions over counts, so tests can recompute every total independently.

import type { TimingClass } from '../../toolchain/isa/instructions';
import type { EnergyConfig, MachineConfig } from './config';
import type { MemorySystem } from '../memsys/memory-system';

/** Instruction counts by timing class (classes never executed may be absent). */
export type InstructionMix = Partial<Record<TimingClass, number>>;

/** Memory-system events the energy model charges. */
export interface MemoryActivity {
  /** Words read / written in L1 banks by cores. */
  readonly l1WordReads: number;
  readonly l1WordWrites: number;
  /** Whole lines written into (fills) or read out of (writebacks) L1 banks. */
  readonly l1LineAccesses: number;
  /** Whole lines read or written in L2 banks: fills to L1, writebacks from L1, fills from memory, writebacks to memory. */
  readonly l2LineAccesses: number;
  readonly l1XbarTraversals: number;
  readonly l2XbarTraversals: number;
  /** Lines (or atomic transactions) moved over the memory channel. */
  readonly dramLines: number;
  readonly reconfigurations: number;
}

export interface EnergyInput {
  readonly instructions: InstructionMix;
  readonly memory: MemoryActivity;
  /** Execution time in cycles (launch to last GPE done). */
  readonly cycles: number;
  /** Algorithmic floating-point operations the workload declares (0 when it declares none). */
  readonly flops: number;
}

export interface EnergyReport {
  /** Picojoules by component. */
  readonly coreDynamicPj: number;
  readonly l1DynamicPj: number;
  readonly l2DynamicPj: number;
  readonly crossbarPj: number;
  readonly dramPj: number;
  readonly reconfigPj: number;
  readonly coreStaticPj: number;
  readonly cacheStaticPj: number;
  readonly totalPj: number;
  readonly seconds: number;
  readonly powerW: number;
  readonly instructions: number;
  readonly gops: number;
  readonly gflops: number;
  readonly gopsPerW: number;
  readonly gflopsPerW: number;
}

/** Energy of one instruction of a class beyond the per-instruction base, in pJ. */
export function classEnergyPj(e: EnergyConfig, cls: TimingClass): number {
  switch (cls) {
    case 'alu':
      return e.aluPj;
    case 'branch':
    case 'jump':
      return e.branchPj;
    case 'mul':
      return e.mulPj;
    case 'div':
      return e.divPj;
    case 'fp-add':
      return e.fpAddPj;
    case 'fp-mul':
      return e.fpMulPj;
    case 'fp-fma':
      return e.fpFmaPj;
    case 'fp-div':
    case 'fp-sqrt':
      return e.fpDivSqrtPj;
    case 'fp-misc':
      return e.fpMiscPj;
    case 'load':
    case 'store':
    case 'atomic':
    case 'fp-load':
    case 'fp-store':
      return e.memOpPj;
    case 'csr':
    case 'fence':
    case 'system':
      return e.otherPj;
    default: {
      const never: never = cls;
      throw new Error(`unknown timing class ${String(never)}`);
    }
  }
}

/** The memory-system events of a run, read from its counters. */
export function memoryActivity(m: MemorySystem): MemoryActivity {
  let l1WordReads = 0;
  let l1WordWrites = 0;
  let l1LineAccesses = 0;
  let l2LineAccesses = 0;
  for (const b of m.l1) {
    l1WordReads += b.reads;
    l1WordWrites += b.writes;
    l1LineAccesses += b.fills + b.writebacks;
  }
  for (const b of m.l2) l2LineAccesses += b.reads + b.writes + b.fills + b.writebacks;
  return {
    l1WordReads,
    l1WordWrites,
    l1LineAccesses,
    l2LineAccesses,
    l1XbarTraversals: m.l1XbarTraversals,
    l2XbarTraversals: m.l2XbarTraversals,
    dramLines: m.memory.lineReads + m.memory.lineWrites,
    reconfigurations: m.reconfigurations,
  };
}

export function computeEnergy(config: MachineConfig, input: EnergyInput): EnergyReport {
  const e = config.energy;
  let instructions = 0;
  let coreDynamicPj = 0;
  for (const [cls, n] of Object.entries(input.instructions) as [TimingClass, number][]) {
    instructions += n;
    coreDynamicPj += n * (e.instructionBasePj + classEnergyPj(e, cls));
  }
  const m = input.memory;
  const l1DynamicPj = m.l1WordReads * e.l1ReadPj + m.l1WordWrites * e.l1WritePj + m.l1LineAccesses * e.l1LinePj;
  const l2DynamicPj = m.l2LineAccesses * e.l2LinePj;
  const crossbarPj = m.l1XbarTraversals * e.l1XbarPj + m.l2XbarTraversals * e.l2XbarPj;
  const dramPj = m.dramLines * e.dramLinePj;
  const reconfigPj = m.reconfigurations * e.reconfigPj;
  const seconds = input.cycles / (config.clockGHz * 1e9);
  // mW x s = mJ = 1e9 pJ.
  const cores = config.tiles * config.gpesPerTile;
  const coreStaticPj = cores * e.coreStaticMw * seconds * 1e9;
  const cacheStaticPj = (cores * e.l1BankStaticMw + config.tiles * e.l2BankStaticMw) * seconds * 1e9;
  const totalPj = coreDynamicPj + l1DynamicPj + l2DynamicPj + crossbarPj + dramPj + reconfigPj + coreStaticPj + cacheStaticPj;
  const powerW = seconds > 0 ? (totalPj * 1e-12) / seconds : 0;
  const gops = seconds > 0 ? instructions / seconds / 1e9 : 0;
  const gflops = seconds > 0 ? input.flops / seconds / 1e9 : 0;
  return {
    coreDynamicPj,
    l1DynamicPj,
    l2DynamicPj,
    crossbarPj,
    dramPj,
    reconfigPj,
    coreStaticPj,
    cacheStaticPj,
    totalPj,
    seconds,
    powerW,
    instructions,
    gops,
    gflops,
    gopsPerW: powerW > 0 ? gops / powerW : 0,
    gflopsPerW: powerW > 0 ? gflops / powerW : 0,
  };
}
