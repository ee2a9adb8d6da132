// Fixed and optimal cache configurations for a network. The network runs once per fixed
// configuration (SS, SP, PS, PP); the optimal plan then picks each layer's configuration by
// dynamic programming over the measured per-layer times (kernel + launch-boundary write-back)
// plus the switch cost between consecutive layers in different configurations (the machine's model:
// writebacks, then the fixed switch latency; after the write-back at every launch boundary the
// caches are clean, so a switch costs the switch latency). The plan is then run for real on one
// machine, and the measured reconfiguration cycles are what the optimal row reports.
import { MODE_NAMES, withModes, type MachineConfig, type ModeName } from '../../emulator/machine/config';
import type { KernelImage } from '../runtime/image';
import { runNetworkOn, type NetworkRun, type NetworkSpec } from './graph';

export function layerCycles(run: Pick<NetworkRun, 'launches'>, i: number): number {
  const l = run.launches[i]!;
  return l.cycles + l.flushCycles + l.reconfigCycles;
}

/** Per layer, the configuration minimizing total time including switches. */
export function optimalPlan(runs: ReadonlyMap<ModeName, Pick<NetworkRun, 'launches'>>, switchCycles: number): ModeName[] {
  const modes = [...runs.keys()];
  const n = runs.get(modes[0]!)!.launches.length;
  const cost: number[][] = [];
  const from: number[][] = [];
  for (let i = 0; i < n; i++) {
    cost.push([]);
    from.push([]);
    modes.forEach((m, j) => {
      const own = layerCycles(runs.get(m)!, i) - runs.get(m)!.launches[i]!.reconfigCycles;
      if (i === 0) {
        cost[i]![j] = own;
        from[i]![j] = -1;
        return;
      }
      let best = Infinity;
      let arg = 0;
      modes.forEach((_, k) => {
        const c = cost[i - 1]![k]! + (k === j ? 0 : switchCycles);
        if (c < best) { best = c; arg = k; }
      });
      cost[i]![j] = best + own;
      from[i]![j] = arg;
    });
  }
  let j = 0;
  for (let k = 1; k < modes.length; k++) if (cost[n - 1]![k]! < cost[n - 1]![j]!) j = k;
  const plan: ModeName[] = new Array<ModeName>(n);
  for (let i = n - 1; i >= 0; i--) {
    plan[i] = modes[j]!;
    j = from[i]![j]!;
  }
  return plan;
}

export interface NetworkStudy {
  readonly fixed: ReadonlyMap<ModeName, NetworkRun>;
  readonly plan: readonly ModeName[];
  readonly optimal: NetworkRun;
}

/** Runs `spec` in every configuration of `modes`, then in the optimal per-layer plan. */
export function studyNetwork(
  image: KernelImage,
  spec: NetworkSpec,
  config: MachineConfig,
  options: { seed?: number; modes?: readonly ModeName[]; onLayer?: (what: string, done: number, total: number) => void } = {},
): NetworkStudy {
  const modes = options.modes ?? MODE_NAMES;
  const fixed = new Map<ModeName, NetworkRun>();
  for (const m of modes) {
    fixed.set(m, runNetworkOn(image, spec, withModes(config, m), { seed: options.seed, onLayer: (d, t) => options.onLayer?.(m, d, t) }));
  }
  const plan = optimalPlan(fixed, config.reconfig.switchLatency);
  // A plan that never switches is one of the fixed runs: the machine is deterministic, so
  // running it again would give the same numbers.
  if (plan.every((m) => m === plan[0])) return { fixed, plan, optimal: fixed.get(plan[0]!)! };
  const optimal = runNetworkOn(image, spec, withModes(config, plan[0]!), { seed: options.seed, modes: (i) => plan[i], onLayer: (d, t) => options.onLayer?.('optimal', d, t) });
  return { fixed, plan, optimal };
}
