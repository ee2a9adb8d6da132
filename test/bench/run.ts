// `npm run bench`: every speed figure issues 3, 4 and 7 ask for, in one run (docs/PERFORMANCE.md).
//
// 1. functional, one hart: integer, FP and memory loops (test/bench/programs/*.s, assembled by our
//    assembler), interpreter and block translator, beside qemu-riscv32 on the same ELF;
// 2. functional, 64 harts: the data-parallel program and the conv2d / fc kernels on the kernel
//    runtime, interpreter vs translator (outputs and instruction counts must agree);
// 3. timed, 64 GPEs, full hierarchy, SS and PP: parallel.s (benchTimed) and the same kernels,
//    beside the functional translator on the same program (section 2);
// 4. host seconds of `gpesim experiment conv3x3` (BENCH_FULL=1 adds alexnet and all);
// 5. whole `gpesim` commands in fresh processes (start-up, kernel image, warm-up and the run).
// Then a table of the issues' targets beside the measured medians.
//
// Each figure is min / median / max over BENCH_RUNS (default 5) runs after one warm-up run, each
// on a fresh machine in this process. MIPS = retired instructions (all harts) / seconds of the
// machine's run loop only (not assembly, input generation or the reference check): "wall" by the
// clock, "cpu" by this process's user + system time over the same span (on a shared machine other
// processes steal wall time, not CPU time). qemu: gpesim's instruction count for one hart / qemu's
// wall (start-up included) or CPU time. Each section runs in its own Node process (see main).
// Environment: BENCH_RUNS, BENCH_ONLY=1,2,3,4,5 (sections),
// BENCH_FULL=1.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FunctionalMachine } from '../../emulator/machine/functional';
import { DEFAULT_CONFIG, withModes, type ModeName } from '../../emulator/machine/config';
import { benchTimed } from '../../emulator/machine/timed-bench';
import { KernelMachine } from '../../kernels/runtime/machine';
import { kernelImage } from '../../kernels/runtime/image';
import { runKernel, type AnyShape, type KernelRun } from '../../kernels/runtime/kernel';
import type { KernelId } from '../../kernels/reference';
import { EXPERIMENT_IDS, runExperiment, type ExperimentId } from '../../kernels/experiments/index';
import type { ElfImage } from '../../toolchain/elf/types';
import { RUNS, assembleProgram, fmt, hasTool, measure, ratio, stats, table, timeIt, timeQemu, type Measured, type Sample, type Stats } from './common';

const FULL = process.env.BENCH_FULL === '1';
const ONLY = (process.env.BENCH_ONLY ?? '1,2,3,4,5').split(',').map((s) => s.trim());
const ENGINES = ['interp', 'jit'] as const;
type EngineName = (typeof ENGINES)[number];
const TIMED_MODES: readonly ModeName[] = ['SS', 'PP'];

const SINGLE = [
  { key: 'int', name: 'integer loop', file: 'int-loop.s' },
  { key: 'fp', name: 'FP loop', file: 'fp-loop.s' },
  { key: 'mem', name: 'memory loop', file: 'mem-loop.s' },
] as const;

interface KernelCase {
  readonly key: string;
  readonly label: string;
  readonly id: KernelId;
  readonly shape: AnyShape;
  readonly workers: number;
  /** Also run on the timed machine (section 3). */
  readonly timed: boolean;
}

const convSmall = { batch: 2, cin: 3, h: 15, w: 17, cout: 4, k: 3, stride: 1, pad: 1 };
const convLarge = { batch: 4, cin: 8, h: 32, w: 32, cout: 16, k: 3, stride: 1, pad: 1 };
const fcSmall = { batch: 1, inFeatures: 128, outFeatures: 10, act: 'relu' };
const fcLarge = { batch: 8, inFeatures: 1024, outFeatures: 256, act: 'relu' };

const KERNELS: readonly KernelCase[] = [
  { key: 'conv-s64', label: 'conv2d 2x3x15x17 -> 4, k3, 64 workers', id: 'conv2d', shape: convSmall, workers: 64, timed: false },
  { key: 'conv-1', label: 'conv2d 4x8x32x32 -> 16, k3, 1 worker', id: 'conv2d', shape: convLarge, workers: 1, timed: false },
  { key: 'conv-16', label: 'conv2d 4x8x32x32 -> 16, k3, 16 workers', id: 'conv2d', shape: convLarge, workers: 16, timed: false },
  { key: 'conv', label: 'conv2d 4x8x32x32 -> 16, k3, 64 workers', id: 'conv2d', shape: convLarge, workers: 64, timed: true },
  { key: 'fc-s64', label: 'fc 1x128 -> 10, 64 workers', id: 'fc', shape: fcSmall, workers: 64, timed: false },
  { key: 'fc', label: 'fc 8x1024 -> 256, 64 workers', id: 'fc', shape: fcLarge, workers: 64, timed: true },
];

/** Everything measured, for the summary. */
const results = new Map<string, Measured>();
const qemuResults = new Map<string, { wall: Stats; cpu: Stats }>();
const experimentSeconds = new Map<string, { wall: Stats; cpu: Stats; runs: number }>();
const notes: string[] = [];

function line(text = ''): void {
  console.log(text);
}

function mipsCells(m: Measured): string[] {
  return [fmt(m.wallMips), fmt(m.cpuMips), m.warmMips.toFixed(0)];
}

// ---- 1 and 2: functional programs -----------------------------------------------------------

function runFunctional(image: ElfImage, harts: number, engine: EngineName): Sample {
  const m = new FunctionalMachine(image, { harts, engine });
  const c0 = process.cpuUsage();
  const r = m.run();
  const c = process.cpuUsage(c0);
  if (r.exitCode !== 0) throw new Error(`exit code ${r.exitCode}${r.faults[0] !== undefined ? `: ${r.faults[0].message}` : ''}`);
  return { instructions: r.instructions, wall: r.hostSeconds, cpu: (c.user + c.system) / 1e6 };
}

function sectionSingle(dir: string, qemu: boolean): void {
  line(`1. Functional, one hart: interpreter and translator vs qemu-riscv32 on the same ELF`);
  if (!qemu) line('   qemu-riscv32 is not installed: the qemu column and ratios are skipped');
  const rows: string[][] = [];
  for (const p of SINGLE) {
    const { path, image } = assembleProgram(p.file, dir);
    for (const engine of ENGINES) {
      const m = measure(`${p.file} ${engine}`, () => runFunctional(image, 1, engine));
      results.set(`${p.key}/${engine}`, m);
    }
    const interp = results.get(`${p.key}/interp`)!;
    const jit = results.get(`${p.key}/jit`)!;
    if (interp.instructions !== jit.instructions) throw new Error(`${p.file}: interp retired ${interp.instructions}, jit ${jit.instructions}`);
    let q: { wall: Stats; cpu: Stats } | undefined;
    if (qemu) {
      const runs = Array.from({ length: RUNS }, () => timeQemu(path));
      q = { wall: stats(runs.map((t) => jit.instructions / t.wall / 1e6)), cpu: stats(runs.map((t) => jit.instructions / Math.max(t.cpu, 1e-3) / 1e6)) };
      qemuResults.set(p.key, q);
    }
    const name = `${p.name} (${(jit.instructions / 1e6).toFixed(0)} M)`;
    for (const engine of ENGINES) {
      const m = results.get(`${p.key}/${engine}`)!;
      rows.push([engine === 'interp' ? name : '', engine, ...mipsCells(m), q ? ratio(m.wallMips.median, q.wall.median) : '-', q ? ratio(m.cpuMips.median, q.cpu.median) : '-']);
    }
    if (q) rows.push(['', 'qemu', fmt(q.wall), fmt(q.cpu), '', '1', '1']);
    rows.push(['', 'jit/interp', ratio(jit.wallMips.median, interp.wallMips.median), ratio(jit.cpuMips.median, interp.cpuMips.median), '', '', '']);
  }
  line(table(['program (instructions)', 'engine', 'wall MIPS', 'cpu MIPS', 'warm-up', 'vs qemu wall', 'vs qemu cpu'], rows));
  line();
}

// ---- 2: 64 harts, functional ----------------------------------------------------------------

function kernelOutputs(run: KernelRun): string {
  return JSON.stringify(Object.values(run.outputs).map((a) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length))));
}

/** One kernel run on a fresh machine (functional when `modes` is undefined); times only the run loops. */
/** Timed runs with engine 'interp' are the baseline: the observed interpreter with slack 0. */
function runKernelOnce(c: KernelCase, engine: EngineName, modes?: ModeName): { sample: Sample; outputs: string } {
  const config = modes === undefined ? undefined : withModes(DEFAULT_CONFIG, modes);
  const m = new KernelMachine(kernelImage(), {
    config: config === undefined || engine === 'jit' ? config : { ...config, scheduler: { ...config.scheduler, slack: 0 } },
    engine,
  });
  let wall = 0;
  let cpu = 0;
  if (m.timed !== null) {
    const t = m.timed;
    const inner = t.run.bind(t);
    t.run = (maxInstructions?: number, maxCycles?: number) => {
      const r = timeIt(() => inner(maxInstructions, maxCycles));
      wall += r.wall;
      cpu += r.cpu;
      return r.value;
    };
  } else {
    const f = m.functional;
    const inner = f.run.bind(f);
    f.run = (options) => {
      const r = timeIt(() => inner(options));
      wall += r.value.hostSeconds;
      cpu += r.cpu;
      return r.value;
    };
  }
  const run = runKernel(m, c.id, c.shape, { workers: c.workers });
  const instructions = run.launches.reduce((s, l) => s + l.instructions, 0);
  return { sample: { instructions, wall, cpu }, outputs: kernelOutputs(run) };
}

function sectionParallel(parallel: ElfImage): void {
  line('2. Functional, 64 harts (kernels: the given number of workers on the 64-GPE runtime): interpreter vs translator');
  const rows: string[][] = [];
  const add = (key: string, name: string): void => {
    const interp = results.get(`${key}/interp`)!;
    const jit = results.get(`${key}/jit`)!;
    rows.push([`${name} (${(jit.instructions / 1e6).toFixed(2)} M)`, 'interp', ...mipsCells(interp), '1']);
    rows.push(['', 'jit', ...mipsCells(jit), ratio(jit.wallMips.median, interp.wallMips.median) + ' (cpu ' + ratio(jit.cpuMips.median, interp.cpuMips.median) + ')']);
  };
  for (const engine of ENGINES) results.set(`par/${engine}`, measure(`parallel.s ${engine}`, () => runFunctional(parallel, 64, engine)));
  if (results.get('par/interp')!.instructions !== results.get('par/jit')!.instructions) throw new Error('parallel.s: the engines retired different instruction counts');
  add('par', 'parallel.s, 64 harts');
  for (const c of KERNELS) {
    let outputs: string | undefined;
    for (const engine of ENGINES) {
      const m = measure(`${c.label} ${engine}`, () => {
        const r = runKernelOnce(c, engine);
        if (outputs !== undefined && r.outputs !== outputs) throw new Error(`${c.label}: ${engine} output differs from the interpreter's`);
        outputs = r.outputs;
        return r.sample;
      });
      results.set(`${c.key}/${engine}`, m);
    }
    if (results.get(`${c.key}/interp`)!.instructions !== results.get(`${c.key}/jit`)!.instructions) throw new Error(`${c.label}: the engines retired different instruction counts`);
    add(c.key, c.label);
  }
  line(table(['program (instructions)', 'engine', 'wall MIPS', 'cpu MIPS', 'warm-up', 'jit / interp (wall)'], rows));
  line();
}

// ---- 3: timed, 64 GPEs ----------------------------------------------------------------------

function sectionTimed(parallel: ElfImage): void {
  line('3. Timed, 64 GPEs, full hierarchy (aggregate MIPS): baseline = observed interpreter with slack 0,');
  line(`   default = timed blocks with scheduler.slack ${DEFAULT_CONFIG.scheduler.slack}; and the default beside the functional translator`);
  const rows: string[][] = [];
  const add = (key: string, name: string, mode: ModeName): void => {
    const b = results.get(`${key}/timed-base-${mode}`)!;
    const t = results.get(`${key}/timed-${mode}`)!;
    const f = results.get(`${key}/jit`);
    const label = `${name} (${(t.instructions / 1e6).toFixed(2)} M)`;
    rows.push([label, mode, 'baseline', ...mipsCells(b), '', '-', '-']);
    rows.push([label, mode, 'default', ...mipsCells(t), `${ratio(t.wallMips.median, b.wallMips.median)}, ${ratio(t.cpuMips.median, b.cpuMips.median)}`, f ? ratio(t.wallMips.median, f.wallMips.median) : '-', f ? ratio(t.cpuMips.median, f.cpuMips.median) : '-']);
  };
  for (const mode of TIMED_MODES) {
    for (const baseline of [true, false]) {
      results.set(
        `par/timed-${baseline ? 'base-' : ''}${mode}`,
        measure(`parallel.s timed ${mode}${baseline ? ' baseline' : ''}`, () => {
          const r = benchTimed(parallel, DEFAULT_CONFIG, mode, 64, baseline);
          return { instructions: r.instructions, wall: r.wallSeconds, cpu: r.cpuSeconds };
        }),
      );
    }
    add('par', 'parallel.s', mode);
  }
  for (const c of KERNELS.filter((k) => k.timed)) {
    for (const mode of TIMED_MODES) {
      results.set(`${c.key}/timed-base-${mode}`, measure(`${c.label} timed ${mode} baseline`, () => runKernelOnce(c, 'interp', mode).sample));
      results.set(`${c.key}/timed-${mode}`, measure(`${c.label} timed ${mode}`, () => runKernelOnce(c, 'jit', mode).sample));
      add(c.key, c.label, mode);
    }
  }
  line(table(['program (instructions)', 'modes', 'engine', 'wall MIPS', 'cpu MIPS', 'warm-up', 'vs baseline (wall, cpu)', 'vs functional wall', 'vs functional cpu'], rows));
  line();
}

// ---- 4: experiments -------------------------------------------------------------------------

function sectionExperiments(): void {
  line(`4. gpesim experiment (timed, 64 GPEs, all four configurations; host seconds of runExperiment)${FULL ? '' : '; BENCH_FULL=1 adds alexnet and all'}`);
  const image = kernelImage();
  const cases: { name: string; ids: readonly ExperimentId[]; runs: number }[] = [{ name: 'conv3x3', ids: ['conv3x3'], runs: RUNS }];
  if (FULL) {
    cases.push({ name: 'alexnet', ids: ['alexnet'], runs: 1 });
    cases.push({ name: 'all', ids: EXPERIMENT_IDS, runs: 1 });
  }
  const rows: string[][] = [];
  for (const c of cases) {
    const wall: number[] = [];
    const cpu: number[] = [];
    let verified = true;
    for (let k = 0; k < c.runs; k++) {
      const r = timeIt(() => c.ids.map((id) => runExperiment(id, { config: DEFAULT_CONFIG, image })));
      verified &&= r.value.every((e) => e.rows.every((row) => row.verified));
      wall.push(r.wall);
      cpu.push(r.cpu);
      if (c.runs === 1) line(`   ${c.name}: ${r.wall.toFixed(1)} s wall, ${r.cpu.toFixed(1)} s cpu`); // long runs: seen before the table
    }
    const w = stats(wall);
    const p = stats(cpu);
    experimentSeconds.set(c.name, { wall: w, cpu: p, runs: c.runs });
    rows.push([c.name, String(c.runs), fmt(w, 1), fmt(p, 1), verified ? 'yes' : 'NO']);
  }
  line(table(['experiment', 'runs', 'wall s', 'cpu s', 'outputs verified'], rows));
  line('   (the kernel image is loaded, or assembled, once before the first run; conv3x3 has no warm-up run)');
  line();
}

// ---- 5: commands in fresh processes ----------------------------------------------------------

/** What a user waits for: short commands are mostly Node start-up, loading and warm-up. */
const COMMANDS: readonly (readonly string[])[] = [['--version'], ['verify', 'relu'], ['verify', 'conv2d'], ['experiment', 'conv3x3']];

function sectionCommands(): void {
  line('5. gpesim commands, each in a fresh process (wall ms from spawn to exit: Node, modules, kernel image, warm-up, run)');
  const cli = join(__dirname, '..', '..', 'emulator', 'cli', 'main.js');
  const rows: string[][] = [];
  for (const args of COMMANDS) {
    const wall: number[] = [];
    for (let k = 0; k < RUNS; k++) {
      const { value: r, wall: seconds } = timeIt(() => spawnSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' }));
      wall.push(seconds * 1000);
      if (r.status !== 0) throw new Error(`gpesim ${args.join(' ')} exited with ${r.status ?? r.signal}: ${r.stderr}`);
    }
    rows.push([`gpesim ${args.join(' ')}`, String(RUNS), fmt(stats(wall), 0)]);
  }
  line(table(['command', 'runs', 'wall ms'], rows));
  line();
}

// ---- summary --------------------------------------------------------------------------------

function summary(): void {
  line('Targets (medians; "met" is judged on wall time, CPU time beside it)');
  const rows: string[][] = [];
  const verdict = (v: number | undefined, ok: (v: number) => boolean): string => (v === undefined || !Number.isFinite(v) ? 'not measured' : ok(v) ? 'met' : 'not met');
  const atLeast = (issue: string, what: string, key: string, target: number): void => {
    const m = results.get(key);
    rows.push([issue, what, `>= ${target} MIPS`, m ? m.wallMips.median.toFixed(0) : '-', m ? m.cpuMips.median.toFixed(0) : '-', `${verdict(m?.wallMips.median, (v) => v >= target)} (cpu: ${verdict(m?.cpuMips.median, (v) => v >= target)})`]);
  };
  atLeast('3', 'integer loop, 1 hart, functional interp', 'int/interp', 150);
  atLeast('7', 'integer loop, 1 hart, functional jit', 'int/jit', 1000);
  for (const mode of TIMED_MODES) atLeast('4', `parallel.s, 64 timed GPEs, ${mode}`, `par/timed-${mode}`, 50);
  for (const mode of TIMED_MODES) atLeast('7', `parallel.s, 64 timed GPEs, ${mode}`, `par/timed-${mode}`, 150);
  for (const c of KERNELS.filter((k) => k.timed)) for (const mode of TIMED_MODES) atLeast('7', `${c.id}, 64 timed GPEs, ${mode}`, `${c.key}/timed-${mode}`, 150);
  const alex = experimentSeconds.get('alexnet');
  rows.push(['7', 'AlexNet (full), timed, all 4 configurations', '< 60 s', alex ? alex.wall.median.toFixed(1) + ' s' : '-', alex ? alex.cpu.median.toFixed(1) + ' s' : '-', alex ? `${verdict(alex.wall.median, (v) => v < 60)} (cpu: ${verdict(alex.cpu.median, (v) => v < 60)})` : 'not run (BENCH_FULL=1)']);
  line(table(['issue', 'figure', 'target', 'wall', 'cpu', 'status'], rows));
  for (const n of notes) line(n);
}

/** Results of earlier sections (child processes) and of this one, through BENCH_STATE's file. */
function loadState(file: string): void {
  if (!existsSync(file)) return;
  const st = JSON.parse(readFileSync(file, 'utf8')) as { results: [string, Measured][]; qemu: [string, { wall: Stats; cpu: Stats }][]; experiments: [string, { wall: Stats; cpu: Stats; runs: number }][] };
  for (const [k, v] of st.results) results.set(k, v);
  for (const [k, v] of st.qemu) qemuResults.set(k, v);
  for (const [k, v] of st.experiments) experimentSeconds.set(k, v);
}

function saveState(file: string): void {
  writeFileSync(file, JSON.stringify({ results: [...results], qemu: [...qemuResults], experiments: [...experimentSeconds] }));
}

/** Runs the sections in ONLY, in this process (a child of the parent below). */
function runSections(): void {
  const qemu = hasTool('qemu-riscv32');
  const dir = mkdtempSync(join(tmpdir(), 'gpesim-bench-'));
  try {
    if (ONLY.includes('1')) sectionSingle(dir, qemu);
    if (ONLY.includes('2') || ONLY.includes('3')) {
      const parallel = assembleProgram('parallel.s', dir).image;
      if (ONLY.includes('2')) sectionParallel(parallel);
      if (ONLY.includes('3')) sectionTimed(parallel);
    }
    if (ONLY.includes('4')) sectionExperiments();
    if (ONLY.includes('5')) sectionCommands();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Each section runs in a fresh Node process: V8's feedback from one workload changes the speed
 * of the next in the same process (after the one-hart loops, the translator ran the kernels at
 * about 0.6x the interpreter; in a fresh process at 1.0-1.3x), and `gpesim run` is one program
 * per process. The children pass their figures on through a state file for the ratios and the
 * summary.
 */
function main(): void {
  const child = process.env.BENCH_STATE;
  if (child !== undefined) {
    loadState(child);
    runSections();
    saveState(child);
    return;
  }
  const started = Date.now();
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // not a git checkout
  }
  line(`gpesim bench: ${new Date().toISOString()}, commit ${commit}, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  line(`${RUNS} timed runs after one warm-up run per figure, each on a fresh machine; one Node process per section; min / median / max\n`);
  const dir = mkdtempSync(join(tmpdir(), 'gpesim-bench-state-'));
  const state = join(dir, 'state.json');
  try {
    for (const section of ['1', '2', '3', '4', '5']) {
      if (!ONLY.includes(section)) continue;
      const r = spawnSync(process.execPath, [__filename], { stdio: 'inherit', env: { ...process.env, BENCH_ONLY: section, BENCH_STATE: state } });
      if (r.status !== 0) throw new Error(`section ${section} failed (exit ${r.status ?? r.signal})`);
    }
    loadState(state);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  summary();
  line(`\nbench: ${((Date.now() - started) / 1000).toFixed(0)} s, load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

try {
  main();
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
