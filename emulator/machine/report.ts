// Timed runs and their reports: `runTimed` runs one program on the timed machine in one cache
// configuration and returns a RunReport (plain data, the JSON schema of docs/REPORTS.md);
// `runModes` does it for several configurations; the formatters print the text of `--stats`,
// the side-by-side table of `--modes all`, and write JSON and CSV. Nothing here prints: callers
// (the `gpesim run` command, tests, experiments) decide where text goes.

import type { ElfImage } from '../../toolchain/elf/types';
import type { TimingClass } from '../../toolchain/isa/instructions';
import { TIMING_CLASS_NAMES } from '../core/ops';
import { modeName, withModes, type MachineConfig, type ModeName } from './config';
import { computeEnergy, memoryActivity, type EnergyReport } from './energy';
import { TimedMachine } from './timed';
import type { TimelineOptions } from './timed-timeline';
import type { FaultReport, RunOptions } from './functional';
import type { CacheBank } from '../memsys/cache-bank';
import type { StaleRead } from '../memsys/stale-detector';

export const REPORT_SCHEMA = 'gpesim-run-report/1';

export interface CycleBreakdown {
  readonly busy: number;
  readonly memoryStall: number;
  readonly executionStall: number;
  readonly idle: number;
}

export interface GpeReport extends CycleBreakdown {
  readonly hart: number;
  readonly tile: number;
  readonly gpe: number;
  /** False for GPEs the run did not launch (idle throughout). */
  readonly launched: boolean;
  readonly instructions: number;
  /** busy / total cycles of the run. */
  readonly utilization: number;
}

export interface CacheCounters {
  readonly accesses: number;
  readonly reads: number;
  readonly writes: number;
  readonly hits: number;
  readonly misses: number;
  readonly missRate: number;
  readonly writebacks: number;
  readonly fills: number;
  readonly conflicts: number;
  readonly waitCycles: number;
  readonly mshrWaitCycles: number;
  readonly bytes: number;
}

export interface BankReport extends CacheCounters {
  readonly name: string;
}

export interface LevelReport extends CacheCounters {
  readonly mode: 'shared' | 'private';
  readonly banks: readonly BankReport[];
}

export interface RunReport {
  readonly schema: typeof REPORT_SCHEMA;
  readonly program: string;
  /** Cache configuration at launch (L1 then L2; S shared, P private). */
  readonly modes: ModeName;
  readonly exitCode: number;
  readonly stopped: string | null;
  readonly faults: readonly FaultReport[];
  readonly harts: number;
  readonly cycles: number;
  readonly ms: number;
  readonly instructions: number;
  readonly instructionsByClass: Readonly<Record<TimingClass, number>>;
  readonly utilization: { readonly average: number; readonly perTile: readonly number[] };
  /** Sums over all GPEs of the machine (launched or not). */
  readonly cycleBreakdown: CycleBreakdown;
  readonly gpes: readonly GpeReport[];
  readonly l1: LevelReport;
  readonly l2: LevelReport;
  readonly crossbars: { readonly l1Traversals: number; readonly l2Traversals: number };
  readonly memory: { readonly lineReads: number; readonly lineWrites: number; readonly bytes: number; readonly queueCycles: number; readonly busyCycles: number; readonly atomics: number };
  readonly staleReads: { readonly enabled: boolean; readonly count: number; readonly records: readonly StaleRead[] };
  readonly reconfiguration: { readonly count: number; readonly cycles: number; readonly l1Writebacks: number; readonly l2Writebacks: number; readonly finalModes: ModeName };
  /** Algorithmic floating-point operations the workload declared (0 if none). */
  readonly flops: number;
  readonly energy: EnergyReport;
  /** The effective configuration: every parameter the numbers above depend on. */
  readonly config: MachineConfig;
}

export interface TimedRunOptions extends RunOptions {
  readonly config: MachineConfig;
  /** Shown in reports (file name). */
  readonly program?: string;
  /** Algorithmic flops of the workload (2 per multiply-accumulate), for GFLOPS. */
  readonly flops?: number;
  readonly maxCycles?: number;
  /** Record a timeline (read it from `TimedRun.machine.timeline`). */
  readonly timeline?: TimelineOptions;
}

function counters(banks: readonly CacheBank[]): CacheCounters {
  let reads = 0, writes = 0, hits = 0, misses = 0, writebacks = 0, fills = 0, conflicts = 0, waitCycles = 0, mshrWaitCycles = 0, bytes = 0;
  for (const b of banks) {
    reads += b.reads;
    writes += b.writes;
    hits += b.hits;
    misses += b.misses;
    writebacks += b.writebacks;
    fills += b.fills;
    conflicts += b.conflicts;
    waitCycles += b.waitCycles;
    mshrWaitCycles += b.mshrWaitCycles;
    bytes += b.bytes;
  }
  const accesses = hits + misses;
  return { accesses, reads, writes, hits, misses, missRate: accesses > 0 ? misses / accesses : 0, writebacks, fills, conflicts, waitCycles, mshrWaitCycles, bytes };
}

function level(banks: readonly CacheBank[], mode: 'shared' | 'private'): LevelReport {
  return { mode, ...counters(banks), banks: banks.map((b) => ({ name: b.name, ...counters([b]) })) };
}

/** Builds the report of a machine that has run. */
export function buildReport(m: TimedMachine, program: string, launchModes: ModeName, exitCode: number, stopped: string | null, faults: readonly FaultReport[], flops: number): RunReport {
  const c = m.config;
  const cycles = m.cycles;
  const timings = m.gpeTimings();
  const byHart = new Map(timings.map((t) => [t.hart, t]));
  const gpes: GpeReport[] = [];
  const total = { busy: 0, memoryStall: 0, executionStall: 0, idle: 0 };
  for (let tile = 0; tile < c.tiles; tile++) {
    for (let gpe = 0; gpe < c.gpesPerTile; gpe++) {
      const hart = tile * c.gpesPerTile + gpe;
      const t = byHart.get(hart);
      const g: GpeReport = t !== undefined
        ? { hart, tile, gpe, launched: true, instructions: t.instructions, busy: t.busy, memoryStall: t.memoryStall, executionStall: t.executionStall, idle: t.idle, utilization: cycles > 0 ? t.busy / cycles : 0 }
        : { hart, tile, gpe, launched: false, instructions: 0, busy: 0, memoryStall: 0, executionStall: 0, idle: cycles, utilization: 0 };
      gpes.push(g);
      total.busy += g.busy;
      total.memoryStall += g.memoryStall;
      total.executionStall += g.executionStall;
      total.idle += g.idle;
    }
  }
  const perTile: number[] = [];
  for (let tile = 0; tile < c.tiles; tile++) {
    const ts = gpes.filter((g) => g.tile === tile);
    perTile.push(ts.reduce((s, g) => s + g.utilization, 0) / ts.length);
  }
  const ms = m.memsys;
  const instructionsByClass = m.instructionMix();
  const energy = computeEnergy(c, { instructions: instructionsByClass, memory: memoryActivity(ms), cycles, flops });
  return {
    schema: REPORT_SCHEMA,
    program,
    modes: launchModes,
    exitCode,
    stopped,
    faults,
    harts: m.harts.length,
    cycles,
    ms: cycles / (c.clockGHz * 1e6),
    instructions: m.instructions,
    instructionsByClass,
    utilization: { average: gpes.reduce((s, g) => s + g.utilization, 0) / gpes.length, perTile },
    cycleBreakdown: total,
    gpes,
    l1: level(ms.l1, c.l1.mode),
    l2: level(ms.l2, c.l2.mode),
    crossbars: { l1Traversals: ms.l1XbarTraversals, l2Traversals: ms.l2XbarTraversals },
    memory: { lineReads: ms.memory.lineReads, lineWrites: ms.memory.lineWrites, bytes: ms.memory.bytes, queueCycles: ms.memory.queueCycles, busyCycles: ms.memory.busyCycles, atomics: ms.atomics },
    staleReads: { enabled: ms.stale !== null, count: ms.stale?.count ?? 0, records: ms.stale?.records.slice() ?? [] },
    reconfiguration: { count: ms.reconfigurations, cycles: ms.reconfigCycles, l1Writebacks: ms.reconfigL1Writebacks, l2Writebacks: ms.reconfigL2Writebacks, finalModes: modeName(ms.l1Mode, ms.l2Mode) },
    flops,
    energy,
    config: c,
  };
}

export interface TimedRun {
  readonly report: RunReport;
  readonly machine: TimedMachine;
  /** Host wall-clock seconds of the run (not in the report, which must be reproducible). */
  readonly hostSeconds: number;
}

/** Runs `image` on the timed machine in the configuration's modes. */
export function runTimed(image: ElfImage, options: TimedRunOptions): TimedRun {
  const m = new TimedMachine(image, options);
  const started = process.hrtime.bigint();
  const r = m.run(options.maxInstructions ?? Infinity, options.maxCycles ?? Infinity);
  const hostSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const faults: FaultReport[] = [];
  if (r.fault !== undefined) {
    const f = m.describeFault(r.fault);
    if (f !== undefined) faults.push(f);
  }
  let stopped: string | null = null;
  if (r.stopped !== undefined) {
    const what = r.stopped === 'max-cycles' ? `stopped at cycle ${options.maxCycles} (--max-cycles)` : `stopped after ${options.maxInstructions} instructions (--max-instructions)`;
    stopped = `${what}: ${m.whereRunning()}`;
  }
  const exitCode = faults.length > 0 ? faults[0]!.exitCode : stopped !== null ? 124 : m.harts[0]!.exitCode;
  const c = options.config;
  const report = buildReport(m, options.program ?? '', modeName(c.l1.mode, c.l2.mode), exitCode, stopped, faults, options.flops ?? 0);
  return { report, machine: m, hostSeconds };
}

/** Runs `image` once per mode configuration (e.g. all four for `--modes all`). */
export function runModes(image: ElfImage, modes: readonly ModeName[], options: TimedRunOptions): TimedRun[] {
  return modes.map((mode) => runTimed(image, { ...options, config: withModes(options.config, mode) }));
}

// ---- formatting ----

const fmtInt = (v: number): string => Math.round(v).toLocaleString('en-US');
const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
function sig(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1000) return v.toFixed(0);
  if (a >= 1) return v.toPrecision(4);
  return v.toPrecision(3);
}

function table(head: readonly string[], rows: readonly (readonly string[])[], leftColumns = 1): string {
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] ?? '').length)));
  const line = (r: readonly string[]): string => r.map((v, k) => (k < leftColumns ? v.padEnd(widths[k]!) : v.padStart(widths[k]!))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}

/** The `--stats` text of one run. */
export function formatReport(r: RunReport, hostSeconds?: number): string {
  const out: string[] = [];
  const c = r.config;
  out.push(`${r.program || 'program'}: ${r.modes} (L1 ${r.l1.mode}, L2 ${r.l2.mode}), ${r.harts} harts, ${c.tiles} tiles x ${c.gpesPerTile} GPEs at ${c.clockGHz} GHz`);
  if (r.stopped !== null) out.push(`  ${r.stopped}`);
  for (const f of r.faults) out.push(`  fault: ${f.message}`);
  out.push(`  cycles ${fmtInt(r.cycles)} (${r.ms.toPrecision(4)} ms), instructions ${fmtInt(r.instructions)}, IPC per launched GPE ${(r.instructions / Math.max(1, r.cycles) / r.harts).toFixed(3)}`);
  const b = r.cycleBreakdown;
  const all = b.busy + b.memoryStall + b.executionStall + b.idle;
  out.push(`  utilization ${pct(r.utilization.average)} average; per tile ${r.utilization.perTile.map(pct).join(' ')}`);
  out.push(`  GPE cycles: busy ${pct(b.busy / all)}, memory stall ${pct(b.memoryStall / all)}, execution stall ${pct(b.executionStall / all)}, idle ${pct(b.idle / all)}`);
  out.push('');
  const classes = TIMING_CLASS_NAMES.filter((k) => r.instructionsByClass[k] > 0);
  out.push(table(['class', ...classes], [['instructions', ...classes.map((k) => fmtInt(r.instructionsByClass[k]))]]));
  const lv = (name: string, l: LevelReport): string[] => [name, l.mode, fmtInt(l.accesses), fmtInt(l.hits), fmtInt(l.misses), pct(l.missRate), fmtInt(l.writebacks), fmtInt(l.conflicts), fmtInt(l.waitCycles), fmtInt(l.mshrWaitCycles), fmtInt(l.bytes)];
  out.push(table(['level', 'mode', 'accesses', 'hits', 'misses', 'miss rate', 'writebacks', 'conflicts', 'wait cyc', 'mshr wait', 'bytes'], [lv('L1', r.l1), lv('L2', r.l2)], 2));
  out.push(`  crossbars: tile ${fmtInt(r.crossbars.l1Traversals)} traversals, L2 ${fmtInt(r.crossbars.l2Traversals)}; memory: ${fmtInt(r.memory.lineReads)} line reads, ${fmtInt(r.memory.lineWrites)} line writes, ${fmtInt(r.memory.bytes)} bytes, queueing ${fmtInt(r.memory.queueCycles)} cycles, ${fmtInt(r.memory.atomics)} atomics`);
  out.push(`  reconfigurations ${r.reconfiguration.count} (${fmtInt(r.reconfiguration.cycles)} cycles, ${r.reconfiguration.l1Writebacks} L1 + ${r.reconfiguration.l2Writebacks} L2 writebacks), final modes ${r.reconfiguration.finalModes}`);
  out.push(`  stale reads: ${r.staleReads.enabled ? fmtInt(r.staleReads.count) : 'detector off'}`);
  for (const s of r.staleReads.records.slice(0, 10)) {
    out.push(`    cycle ${s.cycle}: hart ${s.hart} pc 0x${s.pc.toString(16)} read 0x${s.address.toString(16)} written by ${s.writerHart < 0 ? 'the host' : `hart ${s.writerHart} pc 0x${s.writerPc.toString(16)}`}`);
  }
  const e = r.energy;
  out.push(`  energy ${(e.totalPj / 1e6).toPrecision(4)} uJ: cores ${(e.coreDynamicPj / 1e6).toPrecision(3)}, L1 ${(e.l1DynamicPj / 1e6).toPrecision(3)}, L2 ${(e.l2DynamicPj / 1e6).toPrecision(3)}, crossbars ${(e.crossbarPj / 1e6).toPrecision(3)}, memory ${(e.dramPj / 1e6).toPrecision(3)}, reconfiguration ${(e.reconfigPj / 1e6).toPrecision(3)}, static ${((e.coreStaticPj + e.cacheStaticPj) / 1e6).toPrecision(3)} uJ`);
  out.push(`  power ${sig(e.powerW)} W, ${sig(e.gops)} GOPS, ${sig(e.gopsPerW)} GOPS/W${r.flops > 0 ? `, ${sig(e.gflops)} GFLOPS, ${sig(e.gflopsPerW)} GFLOPS/W` : ' (no flops declared: pass --flops N for GFLOPS)'}`);
  if (hostSeconds !== undefined && hostSeconds > 0) out.push(`  host: ${hostSeconds.toFixed(3)} s, ${(r.instructions / hostSeconds / 1e6).toFixed(1)} MIPS`);
  return out.join('\n') + '\n';
}

/** Per-GPE table (`--stats` with many harts prints it after the summary). */
export function formatGpeTable(r: RunReport): string {
  const rows = r.gpes.filter((g) => g.launched).map((g) => [`${g.hart}`, `${g.tile}`, `${g.gpe}`, fmtInt(g.instructions), fmtInt(g.busy), fmtInt(g.memoryStall), fmtInt(g.executionStall), fmtInt(g.idle), pct(g.utilization)]);
  return table(['hart', 'tile', 'gpe', 'instructions', 'busy', 'mem stall', 'exec stall', 'idle', 'util'], rows, 0);
}

/** The side-by-side table of several configurations (`--modes all`). */
export function formatModesTable(reports: readonly RunReport[]): string {
  const rows: [string, (r: RunReport) => string][] = [
    ['cycles', (r) => fmtInt(r.cycles)],
    ['time (ms)', (r) => r.ms.toPrecision(4)],
    ['utilization', (r) => pct(r.utilization.average)],
    ['memory stall', (r) => pct(r.cycleBreakdown.memoryStall / Math.max(1, r.cycles * r.gpes.length))],
    ['L1 miss rate', (r) => pct(r.l1.missRate)],
    ['L1 conflicts', (r) => fmtInt(r.l1.conflicts)],
    ['L2 miss rate', (r) => pct(r.l2.missRate)],
    ['L2 conflicts', (r) => fmtInt(r.l2.conflicts)],
    ['memory bytes', (r) => fmtInt(r.memory.bytes)],
    ['stale reads', (r) => (r.staleReads.enabled ? fmtInt(r.staleReads.count) : 'off')],
    ['power (W)', (r) => sig(r.energy.powerW)],
    ['energy (uJ)', (r) => sig(r.energy.totalPj / 1e6)],
    ['GOPS/W', (r) => sig(r.energy.gopsPerW)],
    ['GFLOPS/W', (r) => (r.flops > 0 ? sig(r.energy.gflopsPerW) : '-')],
  ];
  const best = reports.reduce((b, r) => (r.cycles < b.cycles ? r : b), reports[0]!);
  const head = ['', ...reports.map((r) => (reports.length > 1 && r === best ? `${r.modes}*` : r.modes))];
  let text = table(head, rows.map(([name, f]) => [name, ...reports.map(f)]));
  if (reports.length > 1) text += `* shortest time (the paper's "optimal configuration")\n`;
  return text;
}

/** JSON of one run or several (`--modes all`): an object with `runs`, stable key order. */
export function reportsToJson(reports: readonly RunReport[]): string {
  return JSON.stringify({ schema: REPORT_SCHEMA, runs: reports }, null, 2) + '\n';
}

/** The scalar columns of the CSV, in order: [header, value]. */
const CSV_COLUMNS: readonly [string, (r: RunReport) => number | string][] = [
  ['program', (r) => r.program],
  ['modes', (r) => r.modes],
  ['exit_code', (r) => r.exitCode],
  ['harts', (r) => r.harts],
  ['cycles', (r) => r.cycles],
  ['ms', (r) => r.ms],
  ['instructions', (r) => r.instructions],
  ...TIMING_CLASS_NAMES.map((k): [string, (r: RunReport) => number] => [`instr_${k.replace('-', '_')}`, (r) => r.instructionsByClass[k]]),
  ['utilization', (r) => r.utilization.average],
  ['busy_cycles', (r) => r.cycleBreakdown.busy],
  ['memory_stall_cycles', (r) => r.cycleBreakdown.memoryStall],
  ['execution_stall_cycles', (r) => r.cycleBreakdown.executionStall],
  ['idle_cycles', (r) => r.cycleBreakdown.idle],
  ...(['l1', 'l2'] as const).flatMap((lv) =>
    (['accesses', 'hits', 'misses', 'missRate', 'writebacks', 'conflicts', 'waitCycles', 'mshrWaitCycles', 'bytes'] as const).map(
      (f): [string, (r: RunReport) => number] => [`${lv}_${f.replace(/[A-Z]/g, (ch) => '_' + ch.toLowerCase())}`, (r) => r[lv][f]],
    ),
  ),
  ['l1_xbar_traversals', (r) => r.crossbars.l1Traversals],
  ['l2_xbar_traversals', (r) => r.crossbars.l2Traversals],
  ['memory_line_reads', (r) => r.memory.lineReads],
  ['memory_line_writes', (r) => r.memory.lineWrites],
  ['memory_bytes', (r) => r.memory.bytes],
  ['memory_queue_cycles', (r) => r.memory.queueCycles],
  ['stale_reads', (r) => r.staleReads.count],
  ['reconfigurations', (r) => r.reconfiguration.count],
  ['reconfiguration_cycles', (r) => r.reconfiguration.cycles],
  ['flops', (r) => r.flops],
  ['energy_core_pj', (r) => r.energy.coreDynamicPj],
  ['energy_l1_pj', (r) => r.energy.l1DynamicPj],
  ['energy_l2_pj', (r) => r.energy.l2DynamicPj],
  ['energy_crossbar_pj', (r) => r.energy.crossbarPj],
  ['energy_memory_pj', (r) => r.energy.dramPj],
  ['energy_reconfig_pj', (r) => r.energy.reconfigPj],
  ['energy_static_pj', (r) => r.energy.coreStaticPj + r.energy.cacheStaticPj],
  ['energy_total_pj', (r) => r.energy.totalPj],
  ['power_w', (r) => r.energy.powerW],
  ['gops', (r) => r.energy.gops],
  ['gflops', (r) => r.energy.gflops],
  ['gops_per_w', (r) => r.energy.gopsPerW],
  ['gflops_per_w', (r) => r.energy.gflopsPerW],
];

export const CSV_HEADER: readonly string[] = Object.freeze(CSV_COLUMNS.map(([h]) => h));

function csvCell(v: number | string): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(12)));
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV: one header row, one row per run (configuration). Per-GPE and per-bank data: JSON only. */
export function reportsToCsv(reports: readonly RunReport[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const r of reports) lines.push(CSV_COLUMNS.map(([, f]) => csvCell(f(r))).join(','));
  return lines.join('\n') + '\n';
}
