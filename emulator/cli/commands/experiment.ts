// `gpesim experiment ID|all`: the paper's experiments (docs/EXPERIMENTS.md) on the 64-GPE timed
// machine in every cache configuration; prints the tables, writes JSON / CSV / an SVG chart.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import arg from 'arg';
import { UsageError, type Command, type CommandIo } from '../command';
import { ConfigError } from '../../machine/config';
import { resolveMachineConfig } from '../timed-run';
import { KernelShapeError } from '../../../kernels/reference/shapes';
import { KernelBuildError } from '../../../kernels/runtime/image';
import { LaunchError } from '../../../kernels/runtime/machine';
import { EXPERIMENT_IDS, experimentsToCsv, formatExperiment, renderChart, runExperiment, type ExperimentId, type ExperimentResult } from '../../../kernels/experiments/index';
import { autoWorkers, defaultJobs, runExperiments } from '../../../kernels/experiments/parallel';

const USAGE = `Usage: gpesim experiment ID|all [options]

Runs one of the paper's experiments (docs/EXPERIMENTS.md) on the 64-GPE timed machine in each
cache configuration (L1/L2: SS, SP, PS, PP) and prints the paper's table: time (ms), power (W),
GOPS/W, GFLOPS/W, plus cycles, write-back and reconfiguration cycles, utilization, MACs per cycle
per GPE, hit rates, bank conflicts, and whether the output matched the reference bit for bit.
Networks add the optimal row (each layer in its best configuration, reconfiguration included)
and the per-kernel time breakdown. Exit 1 when an output does not match its reference.

IDs: ${EXPERIMENT_IDS.join(', ')}, all

Options:
  --json FILE        write the results as JSON (- = stdout)
  --csv FILE         write one CSV row per setup and configuration (- = stdout)
  --chart FILE.svg   draw the time per kernel (networks) or per setup as a bar chart per configuration
  --modes M          configurations to run (default all: SS,SP,PS,PP)
  --size full|reduced  network sizes: the paper's (default) or reduced (same structure, seconds)
  --batch N          batch of resnet and alexnet (default 1)
  --steps N          time steps of awd-lstm (default 4)
  --seed N           seed of inputs and weights (default 1)
  --jobs N|auto      worker threads running independent configurations in parallel (default
                     auto: ${autoWorkers()} here (cores, at most one per GiB of memory) for long experiments, 1 for
                     short ones (estimated below 100 M MACs, shared L1 x3.5: up to about half a
                     minute), which workers barely speed up or slow down; capped by the runs
                     there are; 1 = one after another in this thread). Results are identical
  --config FILE, --set KEY=VALUE   machine configuration (as gpesim run)
`;

function count(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(v) || v < 1) throw new UsageError(`${flag} expects a positive integer, got '${text}'`);
  return v;
}

export const experimentCommand: Command = {
  name: 'experiment',
  summary: "run the paper's experiments (kernels, ResNet, AlexNet, AWD-LSTM) in every cache configuration",
  usage: USAGE,
  async run(argv: readonly string[], io: CommandIo): Promise<number> {
    const a = arg(
      { '--json': String, '--csv': String, '--chart': String, '--modes': String, '--size': String, '--batch': String, '--steps': String, '--seed': String, '--jobs': String, '--config': String, '--set': [String] },
      { argv: argv as string[] },
    );
    if (a._.length !== 1) throw new UsageError(a._.length === 0 ? `missing experiment ID (${EXPERIMENT_IDS.join(', ')}, all)` : `one experiment ID expected, got ${a._.length}`);
    const which = a._[0]!;
    if (which !== 'all' && !(EXPERIMENT_IDS as readonly string[]).includes(which)) throw new UsageError(`unknown experiment '${which}' (${EXPERIMENT_IDS.join(', ')}, all)`);
    const ids: ExperimentId[] = which === 'all' ? [...EXPERIMENT_IDS] : [which as ExperimentId];
    const size = a['--size'] ?? 'full';
    if (size !== 'full' && size !== 'reduced') throw new UsageError(`--size expects full or reduced, got '${size}'`);
    const batch = count('--batch', a['--batch']);
    const steps = count('--steps', a['--steps']);
    const jobsText = a['--jobs'];
    if (jobsText !== undefined && jobsText !== 'auto' && !/^[1-9]\d*$/.test(jobsText)) throw new UsageError(`--jobs expects a positive integer or auto, got '${jobsText}'`);
    const jobsAsked = jobsText === 'auto' ? undefined : count('--jobs', jobsText);
    const seedText = a['--seed'];
    if (seedText !== undefined && !/^\d+$/.test(seedText)) throw new UsageError(`--seed expects a non-negative integer, got '${seedText}'`);
    const seed = seedText !== undefined ? Number(seedText) : 1;
    if (a['--chart'] !== undefined && !a['--chart'].endsWith('.svg')) throw new UsageError('--chart writes SVG: give a FILE.svg');
    let resolved;
    try {
      resolved = resolveMachineConfig({ configFile: a['--config'], set: a['--set'], modes: a['--modes'] ?? 'all' }, io.cwd);
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      throw error;
    }
    const columns = process.stderr.columns;
    const progress = io.isTty
      ? (text: string): void => io.stderr(`\r\x1b[K${columns !== undefined && text.length >= columns ? `${text.slice(0, columns - 2)}…` : text}`)
      : undefined;
    const results: ExperimentResult[] = [];
    const print = (r: ExperimentResult): void => {
      if (progress !== undefined) io.stderr('\r\x1b[K');
      results.push(r);
      if (a['--json'] !== '-' && a['--csv'] !== '-') io.stdout(formatExperiment(r) + '\n');
    };
    const options = { config: resolved.config, modes: resolved.modes, seed, size: size as 'full' | 'reduced', batch, steps, progress };
    const jobs = jobsAsked ?? defaultJobs(ids, options);
    try {
      if (jobs === 1) {
        for (const id of ids) print(runExperiment(id, options));
      } else {
        await runExperiments(ids, { ...options, jobs }, print);
        if (progress !== undefined) io.stderr('\r\x1b[K');
      }
    } catch (error) {
      if (progress !== undefined) io.stderr('\r\x1b[K');
      if (error instanceof KernelShapeError || error instanceof LaunchError || error instanceof KernelBuildError) {
        io.stderr(`gpesim experiment: ${error.message}\n`);
        return error instanceof LaunchError ? 1 : 2;
      }
      throw error;
    }
    const write = (file: string, text: string): void => {
      if (file === '-') io.stdout(text);
      else writeFileSync(resolve(io.cwd, file), text);
    };
    if (a['--json'] !== undefined) write(a['--json'], JSON.stringify({ schema: 'gpesim-experiment/1', seed, size, config: resolved.config, results }, null, 2) + '\n');
    if (a['--csv'] !== undefined) write(a['--csv'], experimentsToCsv(results));
    if (a['--chart'] !== undefined) writeFileSync(resolve(io.cwd, a['--chart']), await renderChart(results));
    return results.every((r) => r.rows.every((row) => row.verified)) ? 0 : 1;
  },
};
