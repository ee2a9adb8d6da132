// `gpesim experiment --jobs N`: an experiment's independent runs (each kernel setup in each cache
// configuration; each network in each fixed configuration) in node:worker_threads workers. Each
// run builds a fresh, deterministic machine from plain data (experiment id, unit, config), so a
// run gives the same numbers on any thread; the results are assembled on this thread by the same
// code as the sequential runExperiment, in the same order, so tables, JSON (but hostSeconds) and
// CSV are byte-for-byte the sequential ones. A network's optimal-plan run depends on its four
// fixed runs: it is queued when they are all in.
//
// Scheduling: one pool of N workers for all experiments asked for; a free worker takes the
// queued run with the highest estimated cost (longest first: shared-L1 configurations cost ~3.5x
// private-L1 ones; kernel size by MACs). Errors: runs are numbered in the sequential order; when
// run k fails, every run after k is cancelled (queued ones dropped, running ones' workers
// terminated) and those before k finish, so the error reported is the one the sequential path
// would hit first, and results of the experiments before it are still delivered (printed).
import { existsSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { MODE_NAMES } from '../../emulator/machine/config';
import { planExperiment, runExperiment, type ExperimentId, type ExperimentOptions, type ExperimentPlan, type ExperimentResult, type ExperimentUnit, type UnitContext, type UnitResult } from './index';
import { deserializeError, type FromWorker, type ToWorker, type WorkerSetup } from './protocol';

/**
 * Estimated cost (planExperiment's units: MACs or tensor floats, x3.5 for a shared L1) from which
 * workers pay off by default. Each worker starts Node, assembles the kernel image and compiles the
 * hot code again, a few seconds; measured sequential times: resnet 7.4 M units 4.3 s, alexnet
 * --size reduced 5.6 M 4.9 s and conv3x3 15.3 M 7.4 s ran slower with 2 workers; conv-kernels
 * 670 M (81 s -> 41 s) and awd-lstm 727 M (145 s -> 69 s) about twice as fast.
 */
export const PARALLEL_MIN_COST = 100e6;

/**
 * Host memory to count per worker for the default: full-size AlexNet peaked at 0.67 GB resident
 * in one process (`/usr/bin/time -v`, PP); the emulated memory is a 1 GiB buffer of which only
 * touched pages cost. So auto never starts more workers than GiB of host memory.
 */
export const WORKER_MEMORY_BYTES = 2 ** 30;

/** How many workers `auto` starts for long experiments: one per core, at most one per GiB. */
export function autoWorkers(): number {
  return Math.max(1, Math.min(availableParallelism(), Math.floor(totalmem() / WORKER_MEMORY_BYTES)));
}

export interface ParallelOptions extends ExperimentOptions {
  /**
   * Worker threads, capped by the number of independent runs; 1 (or a cap of 1) runs everything
   * in this thread exactly as runExperiment. Default: autoWorkers() (cores, at most one per GiB) when the
   * experiments' estimated cost reaches PARALLEL_MIN_COST, else 1.
   */
  readonly jobs?: number;
  /** The worker entry file (default workerEntry()); tests pass a failing one. */
  readonly workerEntry?: string;
}

/**
 * The compiled worker entry: next to this file (dist/kernels/experiments/worker.js, also when
 * installed); when this file runs from TypeScript source (vitest), the built one in dist/.
 */
export function workerEntry(): string {
  const here = join(__dirname, 'worker.js');
  if (existsSync(here)) return here;
  const built = join(__dirname, '..', '..', 'dist', 'kernels', 'experiments', 'worker.js');
  if (__filename.endsWith('.ts') && existsSync(built)) return built;
  throw new Error(`cannot find the experiment worker (${here}); build first: npm run build`);
}

/** A run after another failed run (in sequential order): not an error of its own. */
class Cancelled extends Error {}

interface Task {
  readonly key: number;
  readonly cost: number;
  readonly experiment: ExperimentId;
  readonly label: string;
  readonly message: Omit<ToWorker, 'task'>;
  readonly resolve: (r: UnitResult) => void;
  readonly reject: (e: Error) => void;
  /** Progress of a running network run (`layer 3/8`). */
  status?: string;
}

interface Slot {
  readonly worker: Worker;
  task: Task | undefined;
}

class WorkerPool {
  private readonly queue: Task[] = [];
  private readonly slots: Slot[] = [];
  /** Runs with a key above this are cancelled (Infinity: none failed). */
  private cutoff = Infinity;
  private closed = false;
  private done = 0;
  private shown = '';

  constructor(
    private readonly size: number,
    private readonly setup: WorkerSetup,
    private readonly entry: string,
    private readonly progress: ((text: string) => void) | undefined,
  ) {}

  run(key: number, cost: number, experiment: ExperimentId, label: string, message: Omit<ToWorker, 'task'>): Promise<UnitResult> {
    return new Promise<UnitResult>((resolve, reject) => {
      if (key > this.cutoff || this.closed) return reject(new Cancelled());
      this.queue.push({ key, cost, experiment, label, message, resolve, reject });
      this.pump();
    });
  }

  /** Cancels every run numbered after `key`. */
  cancelAfter(key: number): void {
    if (key >= this.cutoff) return;
    this.cutoff = key;
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i]!.key > key) this.queue.splice(i, 1)[0]!.reject(new Cancelled());
    }
    for (const slot of [...this.slots]) {
      if (slot.task !== undefined && slot.task.key > key) {
        const task = slot.task;
        this.drop(slot);
        task.reject(new Cancelled());
      }
    }
    this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new Cancelled());
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private drop(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    slot.task = undefined;
    void slot.worker.terminate();
  }

  private spawn(): Slot {
    const worker = new Worker(this.entry, { workerData: this.setup });
    const slot: Slot = { worker, task: undefined };
    const fail = (error: Error): void => {
      const task = slot.task;
      this.drop(slot);
      task?.reject(error);
      this.pump();
    };
    worker.on('message', (m: FromWorker) => {
      const task = slot.task;
      if (task === undefined) return;
      if (m.type === 'progress') {
        task.status = `layer ${m.done}/${m.total}`;
        this.show();
        return;
      }
      slot.task = undefined;
      this.done++;
      if (m.type === 'done') task.resolve(m.result);
      else task.reject(deserializeError(m.error));
      this.pump();
    });
    worker.on('error', (error) => fail(error instanceof Error ? error : new Error(String(error))));
    worker.on('messageerror', (error) => fail(error));
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) fail(new Error(`experiment worker stopped (exit code ${code})`));
    });
    this.slots.push(slot);
    return slot;
  }

  private pump(): void {
    while (!this.closed && this.queue.length > 0) {
      let slot = this.slots.find((s) => s.task === undefined);
      if (slot === undefined) {
        if (this.slots.length >= this.size) break;
        slot = this.spawn();
      }
      // Longest first; among equals, the sequential order.
      let best = 0;
      for (let i = 1; i < this.queue.length; i++) {
        const t = this.queue[i]!;
        const b = this.queue[best]!;
        if (t.cost > b.cost || (t.cost === b.cost && t.key < b.key)) best = i;
      }
      const task = this.queue.splice(best, 1)[0]!;
      slot.task = task;
      slot.worker.postMessage({ task: task.key, ...task.message } satisfies ToWorker);
    }
    this.show();
  }

  /** One progress line: the running runs grouped by experiment, and how many are done/queued. */
  private show(): void {
    if (this.progress === undefined || this.closed) return;
    const running = new Map<string, string[]>();
    for (const s of this.slots) {
      if (s.task === undefined) continue;
      const list = running.get(s.task.experiment) ?? [];
      list.push(s.task.status !== undefined ? `${s.task.label} ${s.task.status}` : s.task.label);
      running.set(s.task.experiment, list);
    }
    if (running.size === 0) return;
    const text = `[jobs ${this.size}: ${this.done} done, ${this.queue.length} queued] ${[...running].map(([id, l]) => `${id}: ${l.join(', ')}`).join('; ')}`;
    if (text !== this.shown) {
      this.shown = text;
      this.progress(text);
    }
  }
}

/** Sequence number of unit `k` of experiment `e` (the follow-up unit is k = units.length). */
const runKey = (e: number, k: number): number => e * 1_000_000 + k;

/**
 * Runs experiments `ids` with their independent runs in up to `options.jobs` worker threads;
 * `onResult` gets each result in `ids` order as soon as it and those before it are done. Results
 * equal runExperiment's, except hostSeconds: wall seconds from this call to that result. Rejects
 * with the error the sequential path would raise first (same class and message).
 */
export async function runExperiments(ids: readonly ExperimentId[], options: ParallelOptions, onResult?: (r: ExperimentResult) => void): Promise<ExperimentResult[]> {
  const started = process.hrtime.bigint();
  const modes = options.modes ?? MODE_NAMES;
  const contexts: UnitContext[] = ids.map((id) => ({ id, config: options.config, seed: options.seed, size: options.size, batch: options.batch, steps: options.steps }));
  const plans: (ExperimentPlan | Error)[] = contexts.map((ctx) => {
    try {
      return planExperiment(ctx, modes);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  });
  const independent = plans.reduce((n, p) => n + (p instanceof Error ? 0 : p.units.length), 0);
  const jobs = Math.min(options.jobs ?? autoJobs(plans), independent);
  if (!Number.isSafeInteger(jobs) || jobs <= 1) {
    const results: ExperimentResult[] = [];
    for (const id of ids) {
      const r = runExperiment(id, options);
      onResult?.(r);
      results.push(r);
    }
    return results;
  }
  const setup: WorkerSetup = options.image !== undefined ? { image: options.image } : {};
  const pool = new WorkerPool(jobs, setup, options.workerEntry ?? workerEntry(), options.progress);
  const failures: { key: number; error: Error }[] = [];
  const results: (ExperimentResult | undefined)[] = ids.map(() => undefined);
  let delivered = 0;
  const fail = (key: number, error: Error): void => {
    failures.push({ key, error });
    pool.cancelAfter(key);
  };
  const unit = (e: number, k: number, u: ExperimentUnit, label: string, cost: number): Promise<UnitResult> =>
    pool.run(runKey(e, k), cost, ids[e]!, label, { ctx: contexts[e]!, unit: u }).catch((error: Error) => {
      if (!(error instanceof Cancelled)) fail(runKey(e, k), error);
      throw error;
    });
  const experiment = async (e: number): Promise<void> => {
    const plan = plans[e]!;
    if (plan instanceof Error) return fail(runKey(e, 0) - 1, plan);
    // Every unit settles before this experiment gives up: an earlier-numbered unit still running
    // when a later one fails may fail too, and its error is the one the sequential path reports.
    const settled = await Promise.allSettled(plan.units.map((u, k) => unit(e, k, u, plan.labels[k]!, plan.costs[k]!)));
    const rejected = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (rejected !== undefined) throw rejected.reason;
    const fixed = settled.map((r) => (r as PromiseFulfilledResult<UnitResult>).value);
    const next = plan.follow(fixed);
    const followed = next !== undefined ? await unit(e, plan.units.length, next.unit, next.label, next.cost) : undefined;
    results[e] = { id: ids[e]!, title: plan.title, choices: [...plan.choices], ...plan.assemble(fixed, followed), hostSeconds: Number(process.hrtime.bigint() - started) / 1e9 };
    while (delivered < ids.length && results[delivered] !== undefined) onResult?.(results[delivered++]!);
  };
  try {
    // A run's error is recorded by `unit`, a cancellation is none; anything else (onResult
    // threw) is an error of that experiment.
    await Promise.all(ids.map((_, e) => experiment(e).catch((error: unknown) => {
      if (!(error instanceof Cancelled) && !failures.some((f) => f.error === error)) fail(runKey(e, 0) - 1, error instanceof Error ? error : new Error(String(error)));
    })));
  } finally {
    await pool.close();
  }
  if (failures.length > 0) throw failures.reduce((a, b) => (b.key < a.key ? b : a)).error;
  return results.map((r) => r!);
}

/** The default number of workers for `plans` (see PARALLEL_MIN_COST). */
function autoJobs(plans: readonly (ExperimentPlan | Error)[]): number {
  const cost = plans.reduce((sum, p) => sum + (p instanceof Error ? 0 : p.costs.reduce((a, b) => a + b, 0)), 0);
  return cost >= PARALLEL_MIN_COST ? autoWorkers() : 1;
}

/** The workers `runExperiments` uses by default for experiments `ids` (what --jobs auto means). */
export function defaultJobs(ids: readonly ExperimentId[], options: ExperimentOptions): number {
  const modes = options.modes ?? MODE_NAMES;
  return autoJobs(ids.map((id) => {
    try {
      return planExperiment({ id, config: options.config, seed: options.seed, size: options.size, batch: options.batch, steps: options.steps }, modes);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }));
}

/** One experiment with its runs in parallel (see runExperiments). */
export async function runExperimentParallel(id: ExperimentId, options: ParallelOptions): Promise<ExperimentResult> {
  return (await runExperiments([id], options))[0]!;
}
