// The host runtime: one emulated machine (timed or functional) that stays alive across kernel
// launches, a bump allocator over a data region, tensor copies in and out, and `launch`, which
// starts every hart at the launcher stub (kernels/launch.s) and runs until all have exited.
//
// Memory map (docs/EXPERIMENTS.md "Runtime"): the kernel image at its link address; the data
// region from the first 4 KiB boundary after the image, tensors on 64-byte boundaries; worker
// stacks (256 bytes each), descriptors and kernel scratch (fc's and lstm-cell's, abi.ts
// scratchFloats: allocated zero-filled when a launch needs it and is not given) are allocated
// there too.
// Nothing is ever freed: a network's activations all stay in memory, so any layer's output can be
// read back.
//
// Launch boundary on the timed machine (caches are not coherent): after every launch the host
// writes back and invalidates both levels (MemorySystem.flushAll), so that the next kernel and
// the host see the results; its cycles are reported as `flushCycles`. A launch in other cache
// modes than the machine's current ones first reconfigures (TimedMachine.reconfigure: writebacks
// plus the switch latency, from the machine's reconfiguration model), reported as `reconfigCycles`. Every hart starts the
// next launch at the global time when the previous one (flush and reconfiguration included)
// ended: the launch is the barrier.
import { TimedMachine } from '../../emulator/machine/timed';
import { FunctionalMachine } from '../../emulator/machine/functional';
import { HART_RUNNING, type Hart } from '../../emulator/core/hart';
import { computeEnergy, memoryActivity, type EnergyReport, type MemoryActivity } from '../../emulator/machine/energy';
import { DEFAULT_CONFIG, withModes, type MachineConfig, type ModeName } from '../../emulator/machine/config';
import type { CacheBank } from '../../emulator/memsys/cache-bank';
import { PAGE_SHIFT, PAGE_SIZE } from '../../emulator/memsys/physical-memory';
import { TIMING_CLASS_NAMES } from '../../emulator/core/ops';
import type { TimingClass } from '../../toolchain/isa/instructions';
import { descriptorWords, entrySymbol, scratchFloats, type DescribedKernel } from '../reference/abi';
import type { KernelImage } from './image';

/** Stack bytes per worker (KERNELS.md: a kernel needs at most 128). */
export const STACK_BYTES = 256;
/** Tensor alignment: one cache line. */
export const TENSOR_ALIGN = 64;
/** Default emulated memory: 1 GiB (pages are allocated as touched). */
export const RUNTIME_MEMORY = 0x4000_0000;

/** Cache counters of one level summed over its banks (deltas for one launch). */
export interface LevelCounters {
  readonly accesses: number;
  readonly hits: number;
  readonly misses: number;
  readonly hitRate: number;
  readonly conflicts: number;
  readonly writebacks: number;
}

/** What one launch did: every number is for this launch alone. */
export interface LaunchRecord {
  readonly kernel: DescribedKernel;
  readonly label: string;
  readonly workers: number;
  /** Cache modes the kernel ran in; null on the functional machine. */
  readonly modes: ModeName | null;
  /** Launch to last GPE done (0 on the functional machine). */
  readonly cycles: number;
  /** Reconfiguration before the launch (writebacks + switch latency), 0 when modes stayed. */
  readonly reconfigCycles: number;
  /** Write back + invalidate after the launch (non-coherent caches), 0 on the functional machine. */
  readonly flushCycles: number;
  readonly instructions: number;
  readonly mix: Readonly<Record<TimingClass, number>>;
  /** Sums over the 64 GPEs of this launch's kernel cycles. */
  readonly busy: number;
  readonly memoryStall: number;
  readonly executionStall: number;
  /** busy / (GPEs x cycles), all GPEs of the machine. */
  readonly utilization: number;
  readonly l1: LevelCounters;
  readonly l2: LevelCounters;
  readonly memoryBytes: number;
  readonly staleReads: number;
  /** Multiply-accumulates the launch performs (declared by the caller; 0 when not). */
  readonly macs: number;
  readonly flops: number;
  /** Energy of the launch over cycles + flush + reconfiguration (null on the functional machine). */
  readonly energy: EnergyReport | null;
}

export class LaunchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LaunchError';
  }
}

interface Snapshot {
  readonly instret: number;
  readonly classes: Float64Array;
  readonly busy: number;
  readonly mem: number;
  readonly exec: number;
  readonly l1: number[];
  readonly l2: number[];
  readonly activity: MemoryActivity;
  readonly memBytes: number;
  readonly stale: number;
}

function levelSums(banks: readonly CacheBank[]): number[] {
  let hits = 0, misses = 0, conflicts = 0, writebacks = 0;
  for (const b of banks) {
    hits += b.hits;
    misses += b.misses;
    conflicts += b.conflicts;
    writebacks += b.writebacks;
  }
  return [hits, misses, conflicts, writebacks];
}

function levelDelta(a: number[], b: number[]): LevelCounters {
  const hits = b[0]! - a[0]!;
  const misses = b[1]! - a[1]!;
  const accesses = hits + misses;
  return { accesses, hits, misses, hitRate: accesses > 0 ? hits / accesses : 0, conflicts: b[2]! - a[2]!, writebacks: b[3]! - a[3]! };
}

export interface KernelMachineOptions {
  /** Timed machine configuration; absent = functional machine (no timing). */
  readonly config?: MachineConfig;
  readonly memorySize?: number;
  /** `jit` (default): translated blocks, timed or not; `interp`: the interpreter. Same results. */
  readonly engine?: 'interp' | 'jit';
}

/** One machine, many launches. */
export class KernelMachine {
  readonly kernels: KernelImage;
  readonly timed: TimedMachine | null;
  readonly functional: FunctionalMachine;
  readonly config: MachineConfig;
  readonly harts: readonly Hart[];
  private next: number;
  private readonly limit: number;
  private readonly stackTop: number;
  private readonly descriptor: number;
  private readonly start: number;
  /** Launch records in order. */
  readonly launches: LaunchRecord[];
  /** Scratch areas handed to kernels that need one (abi.ts scratchFloats), by field: reused. */
  private readonly scratch = new Map<string, { address: number; floats: number }>();

  constructor(kernels: KernelImage, options: KernelMachineOptions = {}) {
    this.kernels = kernels;
    const memorySize = options.memorySize ?? RUNTIME_MEMORY;
    const config = options.config ?? DEFAULT_CONFIG;
    this.config = config;
    const harts = config.tiles * config.gpesPerTile;
    const runOptions = { harts, memorySize, stackSize: 16, tiles: config.tiles, gpesPerTile: config.gpesPerTile, engine: options.engine };
    if (options.config !== undefined) {
      this.timed = new TimedMachine(kernels.image, { ...runOptions, config });
      this.functional = this.timed.functional;
    } else {
      this.timed = null;
      this.functional = new FunctionalMachine(kernels.image, runOptions);
    }
    this.harts = this.functional.harts;
    this.limit = memorySize;
    this.next = Math.ceil(kernels.end / 4096) * 4096;
    this.start = this.next;
    this.stackTop = this.allocBytes(harts * STACK_BYTES) + harts * STACK_BYTES;
    this.descriptor = this.allocBytes(256);
    this.launches = [];
  }

  /** First address of the data region. */
  get dataStart(): number {
    return this.start;
  }

  /** Bytes allocated so far in the data region. */
  get dataBytes(): number {
    return this.next - this.start;
  }

  /** Would `floats` more floats (in tensors of these sizes) fit? */
  fits(tensorFloats: readonly number[]): boolean {
    let at = this.next;
    for (const n of tensorFloats) at = Math.ceil(at / TENSOR_ALIGN) * TENSOR_ALIGN + 4 * n;
    return at <= this.limit;
  }

  allocBytes(bytes: number): number {
    const at = Math.ceil(this.next / TENSOR_ALIGN) * TENSOR_ALIGN;
    if (at + bytes > this.limit) {
      throw new LaunchError(`out of emulated memory: ${bytes} bytes more do not fit (data region 0x${this.start.toString(16)}..0x${this.limit.toString(16)}, ${this.next - this.start} bytes used)`);
    }
    this.next = at + bytes;
    return at;
  }

  /** A tensor of `floats` float32 elements (zero-filled); returns its address. */
  alloc(floats: number): number {
    return this.allocBytes(4 * floats);
  }

  /** Copies words into emulated memory (host write: the stale-read detector is told). */
  writeWords(address: number, words: Int32Array | Uint32Array): void {
    const mem = this.functional.memory;
    let a = address >>> 0;
    let k = 0;
    const n = words.length;
    const src = words instanceof Int32Array ? words : new Int32Array(words.buffer, words.byteOffset, words.length);
    while (k < n) {
      mem.allocate(a);
      const page = mem.w[a >>> PAGE_SHIFT]!;
      const off = (a & (PAGE_SIZE - 1)) >> 2;
      const take = Math.min(n - k, (PAGE_SIZE >> 2) - off);
      page.set(src.subarray(k, k + take), off);
      k += take;
      a += take * 4;
    }
    this.timed?.memsys.hostWrite(address, 4 * n);
  }

  write(address: number, data: Float32Array): void {
    this.writeWords(address, new Int32Array(data.buffer, data.byteOffset, data.length));
  }

  /** A tensor allocated and filled. */
  tensor(data: Float32Array): number {
    const a = this.alloc(data.length);
    this.write(a, data);
    return a;
  }

  read(address: number, floats: number): Float32Array {
    const mem = this.functional.memory;
    const out = new Float32Array(floats);
    const dst = new Int32Array(out.buffer);
    let a = address >>> 0;
    let k = 0;
    while (k < floats) {
      const page = mem.w[a >>> PAGE_SHIFT]!;
      const off = (a & (PAGE_SIZE - 1)) >> 2;
      const take = Math.min(floats - k, (PAGE_SIZE >> 2) - off);
      if (page.length !== 0) dst.set(page.subarray(off, off + take), k);
      k += take;
      a += take * 4;
    }
    return out;
  }

  /** Current global time (cycles) of the timed machine: the latest hart. */
  get now(): number {
    const t = this.timed;
    if (t === null) return 0;
    let now = 0;
    for (let k = 0; k < t.time.length; k++) if (t.time[k]! > now) now = t.time[k]!;
    return now;
  }

  /** Current cache modes of the timed machine. */
  get modes(): ModeName | null {
    const t = this.timed;
    if (t === null) return null;
    const b = t.memsys.modeBits;
    return `${(b & 1) !== 0 ? 'P' : 'S'}${(b & 2) !== 0 ? 'P' : 'S'}` as ModeName;
  }

  private snapshot(): Snapshot {
    const t = this.timed!;
    let instret = 0;
    for (const h of this.harts) instret += h.instret;
    // One busy cycle per issued instruction (the timed machine's definition).
    const busy = instret;
    let mem = 0, exec = 0;
    for (let k = 0; k < this.harts.length; k++) {
      mem += t.memStall[k]!;
      exec += t.execStall[k]!;
    }
    const ms = t.memsys;
    return {
      instret,
      classes: t.classCounts.slice(),
      busy,
      mem,
      exec,
      l1: levelSums(ms.l1),
      l2: levelSums(ms.l2),
      activity: memoryActivity(ms),
      memBytes: ms.memory.bytes,
      stale: ms.stale?.count ?? 0,
    };
  }

  /**
   * Launches kernel `id` with the descriptor `fields` (pointers resolved) on `workers` harts
   * (default: all), in cache modes `modes` (timed machine; default: the current ones).
   */
  launch(id: DescribedKernel, fields: Readonly<Record<string, number>>, options: { workers?: number; modes?: ModeName; label?: string; macs?: number; flops?: number; maxInstructions?: number } = {}): LaunchRecord {
    const harts = this.harts.length;
    const workers = options.workers ?? harts;
    if (!Number.isInteger(workers) || workers < 1 || workers > harts) throw new LaunchError(`workers must be 1..${harts}, got ${workers}`);
    const entry = this.kernels.symbols.get(entrySymbol(id));
    if (entry === undefined) throw new LaunchError(`the kernel image does not define ${entrySymbol(id)}`);
    const start = this.kernels.symbols.get('_start');
    if (start === undefined) throw new LaunchError('the kernel image does not define _start');
    const t = this.timed;
    // Scratch a kernel needs and the caller did not give: one zero-filled area per field, kept
    // for later launches (the kernel leaves it all zero) and replaced when a launch needs more.
    const need = scratchFloats(id, fields);
    if (Object.keys(need).some((name) => fields[name] === undefined)) {
      const filled: Record<string, number> = { ...fields };
      for (const [name, floats] of Object.entries(need)) {
        if (filled[name] !== undefined) continue;
        let area = this.scratch.get(name);
        if (area === undefined || area.floats < floats) {
          area = { address: this.alloc(floats), floats };
          this.scratch.set(name, area);
        }
        filled[name] = area.address;
      }
      fields = filled;
    }
    // Reconfigure (timed) before anything of this launch.
    let reconfigCycles = 0;
    const before = t !== null ? this.snapshot() : null;
    const t0 = this.now;
    if (t !== null && options.modes !== undefined && options.modes !== this.modes) {
      const m = withModes(this.config, options.modes);
      const done = t.reconfigure(m.l1.mode, m.l2.mode);
      reconfigCycles = done - t0;
    }
    const launchAt = t0 + reconfigCycles;
    // Descriptor and launch block.
    this.writeWords(this.descriptor, descriptorWords(id, fields));
    this.writeWords(this.kernels.launchBlock, new Uint32Array([entry, this.descriptor, workers, this.stackTop, STACK_BYTES]));
    for (const h of this.harts) {
      h.state = HART_RUNNING;
      h.exitCode = 0;
      h.exitValue = 0;
      h.trap = null;
      h.x.fill(0);
      h.f.fill(0);
      h.frm = 0;
      h.fflags = 0;
      h.setPc(start);
    }
    if (t !== null) t.time.fill(launchAt);
    const budget = options.maxInstructions ?? Infinity;
    let faultText: string | undefined;
    let stopped = false;
    if (t !== null) {
      const r = t.run(budget);
      if (r.fault !== undefined) faultText = t.describeFault(r.fault)?.message ?? 'fault';
      stopped = r.stopped !== undefined;
    } else {
      const r = this.functional.run({ maxInstructions: budget });
      if (r.faults.length > 0) faultText = r.faults[0]!.message;
      stopped = r.stopped !== undefined;
    }
    const label = options.label ?? id;
    if (faultText !== undefined) throw new LaunchError(`${label}: ${faultText}`);
    if (stopped) throw new LaunchError(`${label}: stopped after ${budget} instructions`);
    if (t === null || before === null) {
      let instructions = 0;
      for (const h of this.harts) instructions += h.instret;
      const prev = this.launches.reduce((s, l) => s + l.instructions, 0);
      const rec: LaunchRecord = {
        kernel: id, label, workers, modes: null, cycles: 0, reconfigCycles: 0, flushCycles: 0, instructions: instructions - prev,
        mix: {} as Record<TimingClass, number>, busy: 0, memoryStall: 0, executionStall: 0, utilization: 0,
        l1: levelDelta([0, 0, 0, 0], [0, 0, 0, 0]), l2: levelDelta([0, 0, 0, 0], [0, 0, 0, 0]), memoryBytes: 0, staleReads: 0,
        macs: options.macs ?? 0, flops: options.flops ?? 2 * (options.macs ?? 0), energy: null,
      };
      this.launches.push(rec);
      return rec;
    }
    const kernelEnd = this.now;
    const cycles = kernelEnd - launchAt;
    const flushDone = t.memsys.flushAll(kernelEnd);
    const flushCycles = flushDone - kernelEnd;
    t.time.fill(flushDone);
    const after = this.snapshot();
    const mix = {} as Record<TimingClass, number>;
    const n = this.harts.length;
    TIMING_CLASS_NAMES.forEach((name, c) => {
      let s = 0;
      for (let k = 0; k < n; k++) s += after.classes[k * TIMING_CLASS_NAMES.length + c]! - before.classes[k * TIMING_CLASS_NAMES.length + c]!;
      mix[name] = s;
    });
    const act = {} as Record<keyof MemoryActivity, number>;
    for (const key of Object.keys(after.activity) as (keyof MemoryActivity)[]) act[key] = after.activity[key] - before.activity[key];
    const macs = options.macs ?? 0;
    const flops = options.flops ?? 2 * macs;
    const busy = after.busy - before.busy;
    const rec: LaunchRecord = {
      kernel: id,
      label,
      workers,
      modes: this.modes,
      cycles,
      reconfigCycles,
      flushCycles,
      instructions: after.instret - before.instret,
      mix,
      busy,
      memoryStall: after.mem - before.mem,
      executionStall: after.exec - before.exec,
      utilization: cycles > 0 ? busy / (n * cycles) : 0,
      l1: levelDelta(before.l1, after.l1),
      l2: levelDelta(before.l2, after.l2),
      memoryBytes: after.memBytes - before.memBytes,
      staleReads: after.stale - before.stale,
      macs,
      flops,
      energy: computeEnergy(this.config, { instructions: mix, memory: act, cycles: cycles + flushCycles + reconfigCycles, flops }),
    };
    this.launches.push(rec);
    return rec;
  }
}
