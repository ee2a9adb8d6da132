// One timed-run measurement for `npm run bench` (test/bench/run.ts; it adds a row per
// mode with this): aggregate MIPS of the timed machine, by wall clock and by this process's CPU
// time (on a shared machine other processes steal the cores; CPU time shows what gpesim costs).

import type { ElfImage } from '../../toolchain/elf/types';
import { withModes, type MachineConfig, type ModeName } from './config';
import { TimedMachine } from './timed';

export interface TimedBenchResult {
  readonly modes: ModeName;
  readonly harts: number;
  readonly instructions: number;
  readonly cycles: number;
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  /** Instructions / wall seconds / 1e6. */
  readonly mips: number;
  /** Instructions / CPU seconds of this process / 1e6. */
  readonly cpuMips: number;
}

/**
 * Runs `image` once on a fresh timed machine and measures it: the default engine (timed blocks,
 * the config's slack) or the baseline (observed interpreter, slack 0: the engine before both).
 */
export function benchTimed(image: ElfImage, config: MachineConfig, modes: ModeName, harts: number, baseline = false): TimedBenchResult {
  const c = withModes(config, modes);
  const m = new TimedMachine(image, {
    config: baseline ? { ...c, scheduler: { ...c.scheduler, slack: 0 } } : c,
    harts,
    engine: baseline ? 'interp' : 'jit',
  });
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  m.run();
  const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    modes,
    harts,
    instructions: m.instructions,
    cycles: m.cycles,
    wallSeconds,
    cpuSeconds,
    mips: wallSeconds > 0 ? m.instructions / wallSeconds / 1e6 : 0,
    cpuMips: cpuSeconds > 0 ? m.instructions / cpuSeconds / 1e6 : 0,
  };
}
