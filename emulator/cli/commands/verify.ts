// `gpesim verify KERNEL`: runs an assembly kernel (ours, or a user's variant with --source/--as)
// on the 64-GPE machine in the chosen cache configurations and its binary32 reference on the
// same seeded inputs; reports errors (absolute, relative, ULP, first mismatches) and speed
// (cycles, MACs per cycle per GPE beside the single-issue limit, instructions per MAC,
// utilization). Exit 1 when any output differs by more than --ulp units in the last place.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import arg from 'arg';
import { UsageError, type Command, type CommandIo } from '../command';
import { ConfigError, withModes, type ModeName } from '../../machine/config';
import { resolveMachineConfig } from '../timed-run';
import { KERNEL_IDS, type DescribedKernel, type KernelId } from '../../../kernels/reference/abi';
import { KernelShapeError } from '../../../kernels/reference/shapes';
import { KernelBuildError, kernelImage, type KernelOverride } from '../../../kernels/runtime/image';
import { KernelMachine, LaunchError } from '../../../kernels/runtime/machine';
import { formatShape, isKernelId, kernelFootprint, parseShape, runKernel, type KernelRun } from '../../../kernels/runtime/kernel';
import { macLimit, summarizeRun, type RunSummary } from '../../../kernels/runtime/summary';

const USAGE = `Usage: gpesim verify KERNEL [options]
       gpesim verify --source FILE.s --as KERNEL [options]

Runs the assembly kernel on the 64-GPE machine and its binary32 reference on the same seeded
inputs, and compares them bit for bit. Kernels: ${KERNEL_IDS.join(', ')}.
Exit status 0 when every output is within --ulp of the reference, 1 otherwise, 2 for bad input.

Options:
  --shape k=v,...     shape (default: the documented default of the kernel, docs/KERNELS.md);
                      e.g. conv2d: batch,cin,h,w,cout,k,stride,pad; fc: batch,inFeatures,
                      outFeatures,act (none|relu|sigmoid); lstm: inFeatures,hidden,steps
  --modes M           SS, SP, PS, PP, a comma list, or all (default all)
  --functional        run on the functional machine only (no timing)
  --source FILE.s     your own implementation (must define the kernel's entry symbol); it
                      replaces ours in the image, with launch.s and kernels/math.s linked
  --as KERNEL         the kernel id --source implements
  --workers N         workers (default 64)
  --seed N            seed of the random inputs (default 1)
  --ulp N             allowed error in units in the last place (default 0: bit for bit)
  --json FILE         write the results as JSON (- = stdout)
  --config FILE, --set KEY=VALUE   machine configuration (as gpesim run)
`;

function parseInt10(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const v = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(v) || v < min) throw new UsageError(`${flag} expects an integer >= ${min}, got '${text}'`);
  return v;
}

const g = (v: number): string => (v === 0 ? '0' : Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(2) : v.toPrecision(4));

function formatRun(s: RunSummary, run: KernelRun): string {
  const out: string[] = [];
  const where = s.modes === null ? 'functional' : s.modes;
  const ok = s.pass ? 'PASS' : 'FAIL';
  out.push(`${where}: ${ok}`);
  for (const [name, c] of Object.entries(run.comparison)) {
    out.push(`  ${name}: ${c.count} values, ${c.mismatches} differ; max abs ${g(c.maxAbsError)}, max rel ${g(c.maxRelError)}, max ulp ${c.maxUlp}, mean ulp ${g(c.meanUlp)}`);
    for (const f of c.first) out.push(`    [${f.index}] got ${f.got} want ${f.want} (${f.ulp} ulp)`);
  }
  if (s.modes !== null) {
    out.push(`  cycles ${s.cycles}${s.launches > 1 ? ` over ${s.launches} launches` : ''} (${(s.cycles / 1e6).toPrecision(4)} ms at 1 GHz), instructions ${s.instructions}, utilization ${(100 * s.utilization).toFixed(1)}%`);
    if (s.macs > 0) {
      out.push(`  ${s.macs} MACs: ${s.macsPerCycleGpe.toFixed(3)} MACs/cycle/GPE (single-issue limit ${s.macLimit}), ${s.instructionsPerMac.toFixed(2)} instructions/MAC (floor ${1 / s.macLimit})`);
    }
    out.push(`  L1 hit rate ${(100 * s.l1HitRate).toFixed(1)}%, L2 hit rate ${(100 * s.l2HitRate).toFixed(1)}%, bank conflicts L1 ${s.l1Conflicts} L2 ${s.l2Conflicts}, stale reads ${s.staleReads}`);
    out.push(`  power ${g(s.powerW)} W, ${g(s.gopsPerW)} GOPS/W, ${g(s.gflopsPerW)} GFLOPS/W`);
  } else {
    out.push(`  instructions ${s.instructions}${s.macs > 0 ? `, ${s.instructionsPerMac.toFixed(2)} instructions/MAC` : ''}`);
  }
  return out.join('\n') + '\n';
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'run an assembly DNN kernel against its reference (errors, cycles, MACs/cycle/GPE)',
  usage: USAGE,
  async run(argv: readonly string[], io: CommandIo): Promise<number> {
    const a = arg(
      {
        '--shape': String, '--modes': String, '--functional': Boolean, '--source': String, '--as': String,
        '--workers': String, '--seed': String, '--ulp': String, '--json': String, '--config': String, '--set': [String],
      },
      { argv: argv as string[] },
    );
    let id: KernelId;
    let override: KernelOverride | undefined;
    if (a['--source'] !== undefined) {
      const as = a['--as'];
      if (as === undefined) throw new UsageError('--source needs --as KERNEL (the kernel id it implements)');
      if (!isKernelId(as) || as === 'lstm') throw new UsageError(`--as: unknown kernel '${as}' (one of ${KERNEL_IDS.filter((k) => k !== 'lstm').join(', ')})`);
      if (a._.length > 1 || (a._.length === 1 && a._[0] !== as)) throw new UsageError(`with --source give the kernel with --as only`);
      let text: string;
      try {
        text = readFileSync(resolve(io.cwd, a['--source']), 'utf8');
      } catch (error) {
        throw new UsageError(`cannot read ${a['--source']}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      id = as;
      override = { id: as as DescribedKernel, path: a['--source'], text };
    } else {
      if (a._.length !== 1) throw new UsageError(a._.length === 0 ? `missing KERNEL (one of ${KERNEL_IDS.join(', ')})` : `one KERNEL expected, got ${a._.length}`);
      const name = a._[0]!;
      if (!isKernelId(name)) throw new UsageError(`unknown kernel '${name}' (one of ${KERNEL_IDS.join(', ')})`);
      id = name;
    }
    const workers = parseInt10('--workers', a['--workers'], 1);
    const seed = parseInt10('--seed', a['--seed'], 0) ?? 1;
    const ulp = parseInt10('--ulp', a['--ulp'], 0) ?? 0;
    let config;
    let modes: (ModeName | null)[];
    try {
      const r = resolveMachineConfig({ configFile: a['--config'], set: a['--set'], modes: a['--modes'] ?? 'all' }, io.cwd);
      config = r.config;
      modes = a['--functional'] ? [null] : r.modes;
      if (workers !== undefined && workers > config.tiles * config.gpesPerTile) throw new UsageError(`--workers must be at most ${config.tiles * config.gpesPerTile}`);
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      throw error;
    }
    const results: { summary: RunSummary; run: KernelRun }[] = [];
    try {
      const shape = parseShape(id, a['--shape']);
      kernelFootprint(id, shape); // validates before anything is assembled or run
      const image = kernelImage(override);
      io.stdout(`verify ${id}${override !== undefined ? ` (${override.path})` : ''}: ${formatShape(shape)}, seed ${seed}, ${workers ?? config.tiles * config.gpesPerTile} workers\n`);
      for (const mode of modes) {
        const machine = new KernelMachine(image, mode === null ? {} : { config: withModes(config, mode) });
        const run = runKernel(machine, id, shape, { seed, workers });
        const summary = summarizeRun(run, mode, ulp);
        results.push({ summary, run });
        io.stdout(formatRun(summary, run));
      }
    } catch (error) {
      if (error instanceof KernelShapeError) {
        io.stderr(`gpesim verify: ${error.message}\n`);
        return 2;
      }
      if (error instanceof KernelBuildError) {
        io.stderr(`${error.message}\ngpesim verify: the kernel image did not assemble\n`);
        return 2;
      }
      if (error instanceof LaunchError) {
        io.stderr(`gpesim verify: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
    if (a['--json'] !== undefined) {
      const json = JSON.stringify({ kernel: id, source: override?.path ?? null, seed, ulp, limit: macLimit(id), results: results.map((r) => ({ ...r.summary, comparison: r.run.comparison })) }, null, 2) + '\n';
      if (a['--json'] === '-') io.stdout(json);
      else writeFileSync(resolve(io.cwd, a['--json']), json);
    }
    return results.every((r) => r.summary.pass) ? 0 : 1;
  },
};
