// Per-run figures shared by `gpesim verify` and `gpesim experiment`: totals over a run's
// launches, MACs per cycle per GPE beside the single-issue limit, instructions per MAC.
import type { ModeName } from '../../emulator/machine/config';
import type { KernelId } from '../reference/abi';
import type { KernelRun } from './kernel';
import type { LaunchRecord } from './machine';

/**
 * MACs per cycle per GPE a single-issue core can reach: 1 (one fmadd.s per cycle) for
 * convolutions, where weights stay in registers; 0.5 for matrix-vector (fc, lstm), which needs
 * one weight load beside each fmadd.s; 0 for kernels without MACs.
 */
export function macLimit(id: KernelId): number {
  switch (id) {
    case 'conv2d': case 'conv1x1': return 1;
    case 'fc': case 'lstm-cell': case 'lstm': return 0.5;
    default: return 0;
  }
}

export interface RunSummary {
  readonly modes: ModeName | null;
  readonly pass: boolean;
  readonly maxUlp: number;
  readonly launches: number;
  /** Kernel cycles summed over the launches (launch to last GPE done). */
  readonly cycles: number;
  readonly flushCycles: number;
  readonly reconfigCycles: number;
  /** cycles + flushCycles + reconfigCycles: the time energy and power are over. */
  readonly totalCycles: number;
  readonly instructions: number;
  readonly utilization: number;
  readonly macs: number;
  readonly flops: number;
  readonly macLimit: number;
  readonly macsPerCycleGpe: number;
  readonly instructionsPerMac: number;
  readonly l1HitRate: number;
  readonly l2HitRate: number;
  readonly l1Conflicts: number;
  readonly l2Conflicts: number;
  readonly staleReads: number;
  readonly energyPj: number;
  readonly powerW: number;
  readonly gopsPerW: number;
  readonly gflopsPerW: number;
}

export interface Totals {
  readonly cycles: number;
  readonly flushCycles: number;
  readonly reconfigCycles: number;
  readonly instructions: number;
  readonly busy: number;
  readonly l1Hits: number;
  readonly l1Accesses: number;
  readonly l2Hits: number;
  readonly l2Accesses: number;
  readonly l1Conflicts: number;
  readonly l2Conflicts: number;
  readonly staleReads: number;
  readonly energyPj: number;
  readonly macs: number;
  readonly flops: number;
}

export function totals(launches: readonly LaunchRecord[]): Totals {
  const sum = (f: (l: LaunchRecord) => number): number => launches.reduce((s, l) => s + f(l), 0);
  return {
    cycles: sum((l) => l.cycles),
    flushCycles: sum((l) => l.flushCycles),
    reconfigCycles: sum((l) => l.reconfigCycles),
    instructions: sum((l) => l.instructions),
    busy: sum((l) => l.busy),
    l1Hits: sum((l) => l.l1.hits),
    l1Accesses: sum((l) => l.l1.accesses),
    l2Hits: sum((l) => l.l2.hits),
    l2Accesses: sum((l) => l.l2.accesses),
    l1Conflicts: sum((l) => l.l1.conflicts),
    l2Conflicts: sum((l) => l.l2.conflicts),
    staleReads: sum((l) => l.staleReads),
    energyPj: sum((l) => l.energy?.totalPj ?? 0),
    macs: sum((l) => l.macs),
    flops: sum((l) => l.flops),
  };
}

/** Power and efficiency of a stretch of `cycles` at `ghz` with `energyPj` spent. */
export function efficiency(t: Pick<Totals, 'energyPj' | 'instructions' | 'flops'>, cycles: number, ghz: number): { seconds: number; powerW: number; gopsPerW: number; gflopsPerW: number } {
  const seconds = cycles / (ghz * 1e9);
  const powerW = seconds > 0 ? (t.energyPj * 1e-12) / seconds : 0;
  const gops = seconds > 0 ? t.instructions / seconds / 1e9 : 0;
  const gflops = seconds > 0 ? t.flops / seconds / 1e9 : 0;
  return { seconds, powerW, gopsPerW: powerW > 0 ? gops / powerW : 0, gflopsPerW: powerW > 0 ? gflops / powerW : 0 };
}

export function summarizeRun(run: KernelRun, modes: ModeName | null, ulp: number, gpes = 64, ghz = 1): RunSummary {
  const t = totals(run.launches);
  const maxUlp = Math.max(...Object.values(run.comparison).map((c) => c.maxUlp));
  const totalCycles = t.cycles + t.flushCycles + t.reconfigCycles;
  const e = efficiency(t, totalCycles, ghz);
  return {
    modes,
    pass: maxUlp <= ulp,
    maxUlp,
    launches: run.launches.length,
    cycles: t.cycles,
    flushCycles: t.flushCycles,
    reconfigCycles: t.reconfigCycles,
    totalCycles,
    instructions: t.instructions,
    utilization: t.cycles > 0 ? t.busy / (gpes * t.cycles) : 0,
    macs: run.macs,
    flops: run.flops,
    macLimit: macLimit(run.id),
    macsPerCycleGpe: t.cycles > 0 ? run.macs / t.cycles / gpes : 0,
    instructionsPerMac: run.macs > 0 ? t.instructions / run.macs : 0,
    l1HitRate: t.l1Accesses > 0 ? t.l1Hits / t.l1Accesses : 0,
    l2HitRate: t.l2Accesses > 0 ? t.l2Hits / t.l2Accesses : 0,
    l1Conflicts: t.l1Conflicts,
    l2Conflicts: t.l2Conflicts,
    staleReads: t.staleReads,
    energyPj: t.energyPj,
    ...e,
  };
}
