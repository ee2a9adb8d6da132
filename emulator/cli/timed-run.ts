// What `gpesim run` does in timed mode (the default), as one library function the command calls:
// resolve the machine configuration from --config/--set/--modes/--l1/--l2, run once per mode
// configuration, print the --stats text and the side-by-side table, write --json/--csv files.
// Kept apart from the command module so the command stays thin and tests can call this directly.

import { resolve } from 'node:path';
import type { ElfImage } from '../../toolchain/elf/types';
import type { CommandIo } from './command';
import { writeOutputFile } from './output';
import {
  applySettings,
  ConfigError,
  DEFAULT_CONFIG,
  loadConfigFile,
  modeName,
  parseModes,
  withModes,
  type MachineConfig,
  type ModeName,
} from '../machine/config';
import type { RunOptions } from '../machine/functional';
import { formatGpeTable, formatModesTable, formatReport, reportsToCsv, reportsToJson, runTimed } from '../machine/report';
import { chromeTrace } from '../machine/timed-timeline';

/**
 * The flags of `gpesim run` that the timed machine reads, as an `arg` spec to spread into the
 * command's (mutable types: `arg` rejects readonly tuples). `--stats` and `--json` the command
 * already has; in timed mode `--json` takes a file (see the report).
 */
export const TIMED_RUN_FLAGS: {
  '--functional': BooleanConstructor;
  '--modes': StringConstructor;
  '--l1': StringConstructor;
  '--l2': StringConstructor;
  '--config': StringConstructor;
  '--set': [StringConstructor];
  '--csv': StringConstructor;
  '--flops': StringConstructor;
  '--max-cycles': StringConstructor;
  '--timed-quantum': StringConstructor;
  '--timeline': StringConstructor;
} = {
  '--functional': Boolean,
  '--modes': String,
  '--l1': String,
  '--l2': String,
  '--config': String,
  '--set': [String],
  '--csv': String,
  '--flops': String,
  '--max-cycles': String,
  '--timed-quantum': String,
  '--timeline': String,
};

/** Usage lines for those flags (append to the command's usage text). */
export const TIMED_RUN_USAGE = `Timing (default; --functional turns it off):
  --modes M             cache modes, L1 then L2 (S shared, P private): SS, SP, PS, PP, a comma
                        list, or all (runs each and prints them side by side); default SS
  --l1 shared|private   L1 mode (instead of --modes); --l2 likewise
  --config FILE         machine configuration (JSON, any subset of the keys of docs/MACHINE.md)
  --set KEY=VALUE       override one key, e.g. --set l1.ways=8 --set dram.latency=120 (repeatable)
  --stats               print cycles, utilization, cycle breakdown, caches, energy (on stderr)
  --json FILE           write the report(s) as JSON (- = stdout; schema in docs/REPORTS.md)
  --csv FILE            write one CSV row per configuration (- = stdout)
  --flops N             algorithmic floating-point operations of the workload (for GFLOPS)
  --max-cycles N        stop when the clock passes N cycles
  --timed-quantum N     interleaving: 0 = event order (default, exact), N >= 1 windows of N cycles
  --timeline FILE       write a Chrome trace-event JSON (Perfetto): one track per GPE, running and
                        stall phases (stalls of 8+ cycles), the launch; one process per mode
`;

export interface TimedCliOptions extends RunOptions {
  /** File name shown in reports. */
  readonly program: string;
  readonly configFile?: string;
  readonly set?: readonly string[];
  readonly modes?: string;
  readonly l1?: string;
  readonly l2?: string;
  readonly timedQuantum?: number;
  readonly stats?: boolean;
  readonly jsonFile?: string;
  readonly csvFile?: string;
  readonly flops?: number;
  readonly maxCycles?: number;
  readonly timelineFile?: string;
}

/** Where the CLI writes. */
export type TimedCliIo = CommandIo;

/** The configuration and the list of mode configurations the flags ask for. */
export function resolveMachineConfig(options: Pick<TimedCliOptions, 'configFile' | 'set' | 'modes' | 'l1' | 'l2' | 'timedQuantum'>, cwd: string): { config: MachineConfig; modes: ModeName[] } {
  let config = options.configFile !== undefined ? loadConfigFile(resolve(cwd, options.configFile)) : DEFAULT_CONFIG;
  config = applySettings(config, options.set ?? []);
  if (options.timedQuantum !== undefined) config = applySettings(config, [`scheduler.quantum=${options.timedQuantum}`]);
  if (options.modes !== undefined && (options.l1 !== undefined || options.l2 !== undefined)) {
    throw new ConfigError('--modes', 'give either --modes or --l1/--l2, not both');
  }
  for (const [flag, v] of [['--l1', options.l1], ['--l2', options.l2]] as const) {
    if (v !== undefined && v !== 'shared' && v !== 'private') throw new ConfigError(flag, `expected shared or private, got '${v}'`);
  }
  let modes: ModeName[];
  if (options.modes !== undefined) {
    modes = parseModes(options.modes);
  } else {
    const l1 = (options.l1 as 'shared' | 'private' | undefined) ?? config.l1.mode;
    const l2 = (options.l2 as 'shared' | 'private' | undefined) ?? config.l2.mode;
    modes = [modeName(l1, l2)];
  }
  return { config: withModes(config, modes[0]!), modes };
}

/**
 * Runs `image` timed, once per requested mode configuration; prints and writes what the flags
 * ask for. Program output (write to fd 1/2) goes through on the first configuration only: the
 * cache model never changes what a program computes. Returns the exit status of the first run,
 * or 2 for a configuration error (printed as `gpesim run: config: key: why`).
 */
export function runTimedCli(image: ElfImage, options: TimedCliOptions, io: TimedCliIo): number {
  let resolved: { config: MachineConfig; modes: ModeName[] };
  try {
    resolved = resolveMachineConfig(options, io.cwd);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`gpesim run: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const runs = resolved.modes.map((mode, k) =>
    runTimed(image, {
      ...options,
      config: withModes(resolved.config, mode),
      ...(k > 0 ? { stdout: undefined, stderr: undefined } : {}),
      ...(options.timelineFile !== undefined ? { timeline: {} } : {}),
    }),
  );
  const reports = runs.map((r) => r.report);
  const first = reports[0]!;
  for (const f of first.faults) io.stderr(`gpesim run: ${f.message}\n`);
  if (first.stopped !== null) io.stderr(`gpesim run: ${first.stopped}\n`);
  if (options.stats === true) {
    runs.forEach((r) => {
      io.stderr(formatReport(r.report, r.hostSeconds));
      if (r.report.harts > 1) io.stderr(formatGpeTable(r.report));
    });
  }
  // The side-by-side table goes to stdout unless JSON or CSV already claim it (`-`).
  if (reports.length > 1) {
    const stdoutTaken = options.jsonFile === '-' || options.csvFile === '-';
    (stdoutTaken ? io.stderr : io.stdout)(formatModesTable(reports));
  }
  const write = (file: string, text: string): void => writeOutputFile(io, file, text);
  if (options.jsonFile !== undefined) write(options.jsonFile, reportsToJson(reports));
  if (options.csvFile !== undefined) write(options.csvFile, reportsToCsv(reports));
  if (options.timelineFile !== undefined) {
    const events = runs.flatMap((r, pid) => r.machine.timeline?.events(pid, `${options.program} ${r.report.modes}`, r.report.config.clockGHz, r.machine.gpeTimings()) ?? []);
    write(options.timelineFile, chromeTrace(events));
  }
  return first.exitCode;
}
