// The paper's experiments (docs/EXPERIMENTS.md): each id runs its setups in every cache
// configuration and gives rows of the paper's table (time ms, power W, GOPS/W, GFLOPS/W) plus
// cycles, utilization, hit rates, bank conflicts, write-back and reconfiguration cycles; the
// networks add the optimal row and the per-group (per-kernel) time breakdown. Pure data: the
// `gpesim experiment` command prints and writes it.
import { MODE_NAMES, withModes, type MachineConfig, type ModeName } from '../../emulator/machine/config';
import { kernelImage, type KernelImage } from '../runtime/image';
import { KernelMachine, type LaunchRecord } from '../runtime/machine';
import { formatShape, kernelFootprint, kernelMacs, runKernel, type AnyShape } from '../runtime/kernel';
import { efficiency, macLimit, totals } from '../runtime/summary';
import type { DescribedKernel, KernelId } from '../reference/abi';
import { network, type NetworkId } from '../networks/models';
import { optimalPlan } from '../networks/optimal';
import { runNetworkOn, type NetworkSpec } from '../networks/graph';

export const EXPERIMENT_IDS = ['fc-small', 'fc-sizes', 'conv3x3', 'conv-inputs', 'conv-kernels', 'conv1x1', 'maxpool', 'resnet', 'alexnet', 'awd-lstm'] as const;
export type ExperimentId = (typeof EXPERIMENT_IDS)[number];

export interface ExperimentRow {
  readonly setup: string;
  readonly config: ModeName | 'optimal';
  readonly timeMs: number;
  readonly powerW: number;
  readonly gopsPerW: number;
  readonly gflopsPerW: number;
  readonly energyUj: number;
  /** Total cycles: kernels + launch-boundary write-backs + reconfigurations. */
  readonly cycles: number;
  readonly kernelCycles: number;
  readonly writebackCycles: number;
  readonly reconfigCycles: number;
  readonly instructions: number;
  readonly macs: number;
  readonly macsPerCycleGpe: number;
  readonly utilization: number;
  readonly l1HitRate: number;
  readonly l2HitRate: number;
  readonly l1Conflicts: number;
  readonly l2Conflicts: number;
  readonly staleReads: number;
  /** Output bit-identical to the reference (max ulp 0). */
  readonly verified: boolean;
  readonly maxUlp: number;
}

export interface BreakdownRow {
  readonly setup: string;
  readonly config: ModeName | 'optimal';
  /** The layer group (the paper's per-kernel bars). */
  readonly group: string;
  readonly cycles: number;
  readonly timeMs: number;
  readonly utilization: number;
  /** The configuration the group's layers ran in (optimal: may differ per layer; listed). */
  readonly modes: string;
}

export interface ExperimentResult {
  readonly id: ExperimentId;
  readonly title: string;
  readonly choices: readonly string[];
  readonly rows: readonly ExperimentRow[];
  readonly breakdown: readonly BreakdownRow[];
  /** Networks: the optimal plan, layer by layer. */
  readonly plans: readonly { readonly setup: string; readonly layers: readonly { readonly layer: string; readonly config: ModeName }[] }[];
  readonly hostSeconds: number;
}

export interface ExperimentOptions {
  readonly config: MachineConfig;
  readonly modes?: readonly ModeName[];
  readonly seed?: number;
  /** Networks at the paper's sizes ('full', default) or reduced (tests). */
  readonly size?: 'full' | 'reduced';
  readonly batch?: number;
  readonly steps?: number;
  /** The kernel image (default: ours, assembled once). */
  readonly image?: KernelImage;
  readonly progress?: (text: string) => void;
}

function row(setup: string, config: ModeName | 'optimal', launches: readonly LaunchRecord[], gpes: number, ghz: number, maxUlp: number): ExperimentRow {
  const t = totals(launches);
  const cycles = t.cycles + t.flushCycles + t.reconfigCycles;
  const e = efficiency(t, cycles, ghz);
  return {
    setup,
    config,
    timeMs: e.seconds * 1e3,
    powerW: e.powerW,
    gopsPerW: e.gopsPerW,
    gflopsPerW: e.gflopsPerW,
    energyUj: t.energyPj / 1e6,
    cycles,
    kernelCycles: t.cycles,
    writebackCycles: t.flushCycles,
    reconfigCycles: t.reconfigCycles,
    instructions: t.instructions,
    macs: t.macs,
    macsPerCycleGpe: t.cycles > 0 ? t.macs / t.cycles / gpes : 0,
    utilization: t.cycles > 0 ? t.busy / (gpes * t.cycles) : 0,
    l1HitRate: t.l1Accesses > 0 ? t.l1Hits / t.l1Accesses : 0,
    l2HitRate: t.l2Accesses > 0 ? t.l2Hits / t.l2Accesses : 0,
    l1Conflicts: t.l1Conflicts,
    l2Conflicts: t.l2Conflicts,
    staleReads: t.staleReads,
    verified: maxUlp === 0,
    maxUlp,
  };
}

interface KernelSetup {
  readonly setup: string;
  readonly id: KernelId;
  readonly shape: AnyShape;
}

function kernelSetups(id: ExperimentId): { title: string; choices: string[]; setups: KernelSetup[] } | undefined {
  const conv = (h: number, k: number, label: string): KernelSetup => ({ setup: label, id: 'conv2d', shape: { batch: 16, cin: 3, h, w: h, cout: 4, k, stride: 1, pad: (k - 1) / 2 } });
  const convChoice = 'batch 16 (4 per tile), 3 input channels, 4 output channels, stride 1, zero padding (K-1)/2 ("same" output size); weights and inputs seeded uniform in [-1, 1]';
  switch (id) {
    case 'fc-small':
      return { title: 'Fully connected 10 x 128 (ResNet classifier)', choices: ['batch 1, no activation; weights, bias and input seeded uniform in [-1, 1]'], setups: [{ setup: '10x128', id: 'fc', shape: { batch: 1, inFeatures: 128, outFeatures: 10, act: 'none' } }] };
    case 'fc-sizes':
      return {
        title: 'Fully connected 10 x 128, 1150 x 1150, 2048 x 2048',
        choices: ['batch 1, no activation; weights, bias and input seeded uniform in [-1, 1]'],
        setups: [[10, 128], [1150, 1150], [2048, 2048]].map(([o, i]) => ({ setup: `${o}x${i}`, id: 'fc' as const, shape: { batch: 1, inFeatures: i!, outFeatures: o!, act: 'none' } })),
      };
    case 'conv3x3':
      return { title: '3x3 convolution on 32x32x3, 4 output channels, batch 16', choices: [convChoice], setups: [conv(32, 3, '3x3 on 32x32x3')] };
    case 'conv-inputs':
      return { title: '3x3 convolution on 13x13, 32x32, 55x55 inputs', choices: [convChoice], setups: [13, 32, 55].map((h) => conv(h, 3, `3x3 on ${h}x${h}x3`)) };
    case 'conv-kernels':
      return { title: 'KxK convolution on 32x32x3, K = 3, 5, 9, 11, 15', choices: [convChoice], setups: [3, 5, 9, 11, 15].map((k) => conv(32, k, `${k}x${k} on 32x32x3`)) };
    case 'conv1x1':
      return { title: '1x1 convolution on 32x32x3, 4 output channels', choices: ['batch 16 (4 per tile), as conv3x3; seeded uniform in [-1, 1]'], setups: [{ setup: '1x1 on 32x32x3', id: 'conv1x1', shape: { batch: 16, cin: 3, hw: 32 * 32, cout: 4 } }] };
    case 'maxpool':
      return { title: '2x2 max pooling, stride 2, on 32x32x3', choices: ['batch 16 (4 per tile): 48 planes of 32x32; seeded uniform in [-1, 1]'], setups: [{ setup: '2x2/2 on 32x32x3', id: 'maxpool', shape: { planes: 48, h: 32, w: 32, k: 2, stride: 2 } }] };
    default:
      return undefined;
  }
}

const NETWORK_TITLES: Record<NetworkId, string> = {
  resnet: 'ResNet, 3 residual blocks, 32x32x3 input',
  alexnet: 'AlexNet, 224x224x3 input',
  'awd-lstm': 'AWD-LSTM, 3 layers, input 400, hidden 1150',
};

function breakdown(setup: string, config: ModeName | 'optimal', spec: NetworkSpec, launches: readonly LaunchRecord[], gpes: number, ghz: number): BreakdownRow[] {
  const groups = new Map<string, { cycles: number; kernel: number; busy: number; modes: Set<string> }>();
  spec.layers.forEach((l, i) => {
    const r = launches[i]!;
    const g = groups.get(l.group) ?? { cycles: 0, kernel: 0, busy: 0, modes: new Set<string>() };
    g.cycles += r.cycles + r.flushCycles + r.reconfigCycles;
    g.kernel += r.cycles;
    g.busy += r.busy;
    g.modes.add(r.modes ?? 'functional');
    groups.set(l.group, g);
  });
  return [...groups].map(([group, g]) => ({ setup, config, group, cycles: g.cycles, timeMs: g.cycles / (ghz * 1e6), utilization: g.kernel > 0 ? g.busy / (gpes * g.kernel) : 0, modes: [...g.modes].join('+') }));
}

/**
 * One independent run of an experiment: a kernel setup in one cache configuration, or the
 * network in one fixed configuration or in the optimal per-layer plan. Plain data (it is what a
 * worker of `runExperiments` receives, see ./parallel.ts); the machine is always a fresh one.
 */
export type ExperimentUnit =
  | { readonly kind: 'kernel'; readonly setup: number; readonly mode: ModeName }
  | { readonly kind: 'network'; readonly mode: ModeName; readonly plan?: readonly ModeName[] };

/** What one unit gives back: plain data (numbers, strings, null), safe for structured clone. */
export interface UnitResult {
  readonly launches: readonly LaunchRecord[];
  readonly maxUlp: number;
}

/** Everything a unit depends on besides the kernel image: plain data. */
export interface UnitContext {
  readonly id: ExperimentId;
  readonly config: MachineConfig;
  readonly seed?: number;
  readonly size?: 'full' | 'reduced';
  readonly batch?: number;
  readonly steps?: number;
}

/** An experiment laid out as units before anything runs (./parallel.ts schedules the same plan). */
export interface ExperimentPlan {
  readonly title: string;
  readonly choices: readonly string[];
  /** The independent units, in the order the sequential path runs them (= row order). */
  readonly units: readonly ExperimentUnit[];
  /** Progress label of each unit (`3x3 on 32x32x3 in SS`, `SP`). */
  readonly labels: readonly string[];
  /** Relative host cost of each unit (for longest-first scheduling; a heuristic). */
  readonly costs: readonly number[];
  /** The unit that depends on all of `units` (networks: the optimal plan when it switches). */
  follow(results: readonly UnitResult[]): { unit: ExperimentUnit; label: string; cost: number } | undefined;
  /** Rows, breakdown and plans from the units' results (`followed`: the follow-up's result). */
  assemble(results: readonly UnitResult[], followed: UnitResult | undefined): Pick<ExperimentResult, 'rows' | 'breakdown' | 'plans'>;
}

/** Host cost relative to private L1: shared-L1 configurations take ~3-4x longer (crossbar contention). */
const modeCost = (m: ModeName): number => (m[0] === 'S' ? 3.5 : 1);

const networkSpecs = new Map<string, NetworkSpec>();

function networkSpec(ctx: UnitContext): NetworkSpec {
  const key = JSON.stringify([ctx.id, ctx.size ?? 'full', ctx.batch, ctx.steps]);
  let spec = networkSpecs.get(key);
  if (spec === undefined) {
    spec = network(ctx.id as NetworkId, ctx.size ?? 'full', { batch: ctx.batch, steps: ctx.steps });
    networkSpecs.clear();
    networkSpecs.set(key, spec);
  }
  return spec;
}

/** Lays out experiment `id` as units (validates nothing beyond building the network spec). */
export function planExperiment(ctx: UnitContext, modes: readonly ModeName[] = MODE_NAMES): ExperimentPlan {
  const { id, config: c } = ctx;
  const gpes = c.tiles * c.gpesPerTile;
  const kernel = kernelSetups(id);
  if (kernel !== undefined) {
    const units: ExperimentUnit[] = [];
    const labels: string[] = [];
    const costs: number[] = [];
    const choices = [...kernel.choices, 'time = launch to last GPE done + write-back of dirty lines at the launch boundary (caches are not coherent); cold caches at launch'];
    kernel.setups.forEach((s, k) => {
      const work = Math.max(kernelMacs(s.id as DescribedKernel, s.shape), kernelFootprint(s.id, s.shape).reduce((a, b) => a + b, 0));
      for (const m of modes) {
        units.push({ kind: 'kernel', setup: k, mode: m });
        labels.push(`${s.setup} in ${m}`);
        costs.push(work * modeCost(m));
      }
      choices.push(`${s.setup}: ${s.id} ${formatShape(s.shape)}${macLimit(s.id) > 0 ? ` (single-issue limit ${macLimit(s.id)} MACs/cycle/GPE)` : ''}`);
    });
    return {
      title: kernel.title,
      choices,
      units,
      labels,
      costs,
      follow: () => undefined,
      assemble(results) {
        const rows: ExperimentRow[] = [];
        const bars: BreakdownRow[] = [];
        units.forEach((u, k) => {
          const s = kernel.setups[u.kind === 'kernel' ? u.setup : 0]!;
          const r = row(s.setup, u.mode, results[k]!.launches, gpes, c.clockGHz, results[k]!.maxUlp);
          rows.push(r);
          bars.push({ setup: s.setup, config: u.mode, group: s.id, cycles: r.cycles, timeMs: r.timeMs, utilization: r.utilization, modes: u.mode });
        });
        return { rows, breakdown: bars, plans: [] };
      },
    };
  }
  const net = id as NetworkId;
  const spec = networkSpec(ctx);
  const work = spec.layers.reduce((sum, l) => sum + Math.max(1, kernelMacs(l.kernel, l.shape)), 0);
  const fixedPlan = (results: readonly UnitResult[]): ModeName[] => optimalPlan(new Map(modes.map((m, k) => [m, results[k]!])), c.reconfig.switchLatency);
  return {
    title: NETWORK_TITLES[net] + (ctx.size === 'reduced' ? ' (REDUCED size)' : ''),
    choices: [...spec.choices, 'per-layer time = kernel + write-back at the launch boundary + reconfiguration before it; optimal = each layer in its best configuration (DP over the fixed runs with the switch latency), then run for real'],
    units: modes.map((m) => ({ kind: 'network', mode: m })),
    labels: [...modes],
    costs: modes.map((m) => work * modeCost(m)),
    follow(results) {
      const plan = fixedPlan(results);
      // A plan that never switches is one of the fixed runs: the machine is deterministic, so
      // running it again would give the same numbers (as studyNetwork).
      if (plan.every((m) => m === plan[0])) return undefined;
      return { unit: { kind: 'network', mode: plan[0]!, plan }, label: 'optimal', cost: work * 1.5 };
    },
    assemble(results, followed) {
      const plan = fixedPlan(results);
      const optimal = followed ?? results[modes.indexOf(plan[0]!)]!;
      const setup = spec.name;
      const rows: ExperimentRow[] = [];
      const bars: BreakdownRow[] = [];
      modes.forEach((m, k) => {
        rows.push(row(setup, m, results[k]!.launches, gpes, c.clockGHz, results[k]!.maxUlp));
        bars.push(...breakdown(setup, m, spec, results[k]!.launches, gpes, c.clockGHz));
      });
      rows.push(row(setup, 'optimal', optimal.launches, gpes, c.clockGHz, optimal.maxUlp));
      bars.push(...breakdown(setup, 'optimal', spec, optimal.launches, gpes, c.clockGHz));
      return { rows, breakdown: bars, plans: [{ setup, layers: spec.layers.map((l, i) => ({ layer: l.name, config: plan[i]! })) }] };
    },
  };
}

/** Runs one unit on a fresh machine built from `image`; `onLayer` reports network layers. */
export function runExperimentUnit(ctx: UnitContext, unit: ExperimentUnit, image: KernelImage, onLayer?: (done: number, total: number) => void): UnitResult {
  const c = ctx.config;
  if (unit.kind === 'kernel') {
    const s = kernelSetups(ctx.id)?.setups[unit.setup];
    if (s === undefined) throw new Error(`${ctx.id}: no kernel setup ${unit.setup}`);
    const machine = new KernelMachine(image, { config: withModes(c, unit.mode) });
    const run = runKernel(machine, s.id, s.shape, { seed: ctx.seed });
    return { launches: run.launches, maxUlp: Math.max(...Object.values(run.comparison).map((x) => x.maxUlp)) };
  }
  const spec = networkSpec(ctx);
  const plan = unit.plan;
  const run = runNetworkOn(image, spec, withModes(c, unit.mode), { seed: ctx.seed, modes: plan !== undefined ? (i) => plan[i] : undefined, onLayer });
  return { launches: run.launches, maxUlp: run.comparison.maxUlp };
}

/** Runs one experiment, its units one after another on this thread (./parallel.ts: in workers). */
export function runExperiment(id: ExperimentId, options: ExperimentOptions): ExperimentResult {
  const started = process.hrtime.bigint();
  const image = options.image ?? kernelImage();
  const progress = options.progress ?? (() => undefined);
  const ctx: UnitContext = { id, config: options.config, seed: options.seed, size: options.size, batch: options.batch, steps: options.steps };
  const plan = planExperiment(ctx, options.modes ?? MODE_NAMES);
  const runOne = (unit: ExperimentUnit, label: string): UnitResult => {
    if (unit.kind === 'kernel') progress(`${id}: ${label}`);
    return runExperimentUnit(ctx, unit, image, (d, t) => progress(`${id}: ${label} layer ${d}/${t}`));
  };
  const results = plan.units.map((u, k) => runOne(u, plan.labels[k]!));
  const next = plan.follow(results);
  const followed = next !== undefined ? runOne(next.unit, next.label) : undefined;
  return { id, title: plan.title, choices: [...plan.choices], ...plan.assemble(results, followed), hostSeconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

// ---- output ----

const fmt = (v: number, digits = 4): string => (v === 0 ? '0' : Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(digits));
const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;

function table(head: readonly string[], rows: readonly (readonly string[])[], left = 2): string {
  const w = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (r: readonly string[]): string => r.map((v, k) => (k < left ? v.padEnd(w[k]!) : v.padStart(w[k]!))).join('  ').trimEnd();
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n') + '\n';
}

export const ROW_COLUMNS: readonly [string, (r: ExperimentRow) => string][] = [
  ['setup', (r) => r.setup],
  ['config', (r) => r.config],
  ['time (ms)', (r) => fmt(r.timeMs)],
  ['power (W)', (r) => fmt(r.powerW)],
  ['GOPS/W', (r) => fmt(r.gopsPerW)],
  ['GFLOPS/W', (r) => fmt(r.gflopsPerW)],
  ['cycles', (r) => fmt(r.cycles)],
  ['write-back', (r) => fmt(r.writebackCycles)],
  ['reconfig', (r) => fmt(r.reconfigCycles)],
  ['util', (r) => pct(r.utilization)],
  ['MAC/cyc/GPE', (r) => (r.macs > 0 ? r.macsPerCycleGpe.toFixed(3) : '-')],
  ['L1 hit', (r) => pct(r.l1HitRate)],
  ['L2 hit', (r) => pct(r.l2HitRate)],
  ['L1 confl', (r) => fmt(r.l1Conflicts)],
  ['L2 confl', (r) => fmt(r.l2Conflicts)],
  ['stale', (r) => fmt(r.staleReads)],
  ['verified', (r) => (r.verified ? 'yes' : `NO (${r.maxUlp} ulp)`)],
];

export function formatExperiment(r: ExperimentResult): string {
  const out: string[] = [`## ${r.id}: ${r.title}`, ''];
  for (const c of r.choices) out.push(`- ${c}`);
  out.push('');
  out.push(table(ROW_COLUMNS.map(([h]) => h), r.rows.map((row) => ROW_COLUMNS.map(([, f]) => f(row)))));
  if (r.plans.length > 0) {
    const groups = [...new Set(r.breakdown.map((b) => b.group))];
    const configs = [...new Set(r.breakdown.map((b) => b.config))];
    out.push('Per-kernel time (ms; layers grouped as in the paper\'s bars) and utilization:');
    out.push('');
    out.push(table(['kernel', ...configs.map(String)], groups.map((g) => [g, ...configs.map((c) => {
      const b = r.breakdown.find((x) => x.group === g && x.config === c);
      return b === undefined ? '-' : `${fmt(b.timeMs)} (${pct(b.utilization)})`;
    })]), 1));
    for (const p of r.plans) {
      const runs: string[] = [];
      let from = 0;
      for (let i = 1; i <= p.layers.length; i++) {
        if (i === p.layers.length || p.layers[i]!.config !== p.layers[from]!.config) {
          runs.push(`${p.layers[from]!.config}: ${from === i - 1 ? p.layers[from]!.layer : `${p.layers[from]!.layer} .. ${p.layers[i - 1]!.layer}`}`);
          from = i;
        }
      }
      out.push(`Optimal plan (${p.setup}): ${runs.join('; ')}`);
      out.push('');
    }
  }
  out.push(`host time ${r.hostSeconds.toFixed(1)} s`);
  return out.join('\n') + '\n';
}

export function experimentsToCsv(results: readonly ExperimentResult[]): string {
  const keys = ['experiment', 'setup', 'config', 'timeMs', 'powerW', 'gopsPerW', 'gflopsPerW', 'energyUj', 'cycles', 'kernelCycles', 'writebackCycles', 'reconfigCycles', 'instructions', 'macs', 'macsPerCycleGpe', 'utilization', 'l1HitRate', 'l2HitRate', 'l1Conflicts', 'l2Conflicts', 'staleReads', 'verified', 'maxUlp'] as const;
  const q = (v: unknown): string => {
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [keys.join(',')];
  for (const r of results) for (const row of r.rows) lines.push(keys.map((k) => q(k === 'experiment' ? r.id : (row as unknown as Record<string, unknown>)[k])).join(','));
  return lines.join('\n') + '\n';
}

/** A Vega-Lite spec: time per kernel (networks) or per setup (kernels), bars per configuration. */
export function chartSpec(results: readonly ExperimentResult[]): Record<string, unknown> {
  const values = results.flatMap((r) => r.breakdown.map((b) => ({ experiment: r.id, setup: b.setup, kernel: r.plans.length > 0 ? b.group : b.setup, config: b.config, timeMs: b.timeMs })));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: results.length === 1 ? `${results[0]!.id}: time per ${results[0]!.plans.length > 0 ? 'kernel' : 'setup'} and cache configuration` : 'time per kernel and cache configuration',
    data: { values },
    facet: { row: { field: 'experiment', type: 'nominal' } },
    spec: {
      width: 480,
      height: 160,
      mark: 'bar',
      encoding: {
        y: { field: 'kernel', type: 'nominal', title: null },
        yOffset: { field: 'config', type: 'nominal' },
        x: { field: 'timeMs', type: 'quantitative', title: 'time (ms)' },
        color: { field: 'config', type: 'nominal', title: 'L1/L2' },
        tooltip: [{ field: 'config' }, { field: 'timeMs', format: '.4f' }],
      },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  };
}

/** Renders the chart to an SVG string with vega-lite + vega (headless, no browser). */
export async function renderChart(results: readonly ExperimentResult[]): Promise<string> {
  const vl = (await import('vega-lite')) as unknown as { compile(spec: unknown): { spec: unknown } };
  const vega = (await import('vega')) as unknown as { parse(spec: unknown): unknown; View: new (runtime: unknown, options: { renderer: string }) => { toSVG(): Promise<string>; finalize(): void } };
  const compiled = vl.compile(chartSpec(results)).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
