// The functional multi-hart machine: N harts over one physical memory, run round-robin in a
// deterministic interleave (each hart runs `quantum` instructions, then the next; quantum 1 is
// lockstep; Spike's default is 5000 and so is ours). The run ends when every hart has exited,
// at the first fault, or when the instruction budget is spent.
//
// Library entry points: `runProgram(image, options)` for an ElfImage, `runElf(bytes, options)`
// for ELF file bytes. Neither prints anything: output goes to the sinks, results come back.

import { readElf } from '../../toolchain/elf/reader';
import type { ElfImage } from '../../toolchain/elf/types';
import { decode } from '../../toolchain/isa/instructions';
import { PhysicalMemory } from '../memsys/physical-memory';
import { DecodeCache, type DecodedPage } from '../core/decode-cache';
import { jitEngine, useEngine } from '../core/translator';
import { HART_EXITED, HART_FAULTED, HART_RUNNING, Hart, hex, type OutputSink, type RetireObserver } from '../core/hart';
import { OP_RD_KIND, OP_TIMING, REG_F, REG_X, TIMING_CLASS_NAMES } from '../core/ops';
import { MEM_AMO, MEM_LOAD, MEM_STORE } from '../core/engine';
import { TRAP_CAUSE, type Trap } from '../core/trap';
import { DEFAULT_MEMORY_SIZE, DEFAULT_STACK_SIZE, LoadError, SymbolTable, launchHarts, loadSegments, resolveEntry } from './loader';

export const DEFAULT_QUANTUM = 5000;
export const DEFAULT_TILES = 4;
export const DEFAULT_GPES_PER_TILE = 16;
/** Exit status when --max-instructions stops the run (as GNU timeout). */
export const EXIT_BUDGET = 124;

export interface RunOptions {
  /** How many harts run the program (default 1); hart k is tile k / gpesPerTile, GPE k % gpesPerTile. */
  readonly harts?: number;
  readonly tiles?: number;
  readonly gpesPerTile?: number;
  /** Entry symbol or address (default `_start`, else the ELF entry point). */
  readonly entry?: string;
  /** Stop after this many instructions in total (all harts). */
  readonly maxInstructions?: number;
  readonly quantum?: number;
  readonly memorySize?: number;
  readonly stackSize?: number;
  /** a0..a7 per hart; default a0 = mhartid, a1 = harts. */
  readonly args?: (hart: Hart, harts: number) => readonly number[];
  /** Program output (write to fd 1 / fd 2); discarded when absent. */
  readonly stdout?: (bytes: Uint8Array) => void;
  readonly stderr?: (bytes: Uint8Array) => void;
  /** One line per retired instruction (Spike commit-log style); slows the run down. */
  readonly trace?: (text: string) => void;
  /** Count instructions per op (for instructionsByClass). */
  readonly stats?: boolean;
  /** Disassembler for fault messages and traces; the table's mnemonic when absent. */
  readonly disassemble?: (word: number, pc: number) => string;
  /** Misaligned loads/stores performed (default, like QEMU user mode) or faulted. */
  readonly allowMisaligned?: boolean;
  /**
   * `jit` (default): hot basic blocks run as generated JavaScript (core/translator.ts), with
   * results identical to the interpreter's; `interp`: the interpreter only. Traced and counted
   * runs use the interpreter either way.
   */
  readonly engine?: 'interp' | 'jit';
}

export interface FaultReport {
  readonly hart: number;
  readonly pc: number;
  readonly cause: number;
  readonly tval: number;
  readonly word: number;
  readonly instruction: string;
  readonly symbol: string | undefined;
  /** The full one-line message printed by `gpesim run`. */
  readonly message: string;
  readonly exitCode: number;
}

export interface HartResult {
  readonly hart: number;
  readonly tile: number;
  readonly gpe: number;
  readonly state: 'running' | 'exited' | 'faulted';
  readonly exitCode: number;
  readonly instructions: number;
  readonly pc: number;
  /** Instructions by timing class (only with `stats`). */
  readonly byClass?: Readonly<Record<string, number>>;
}

export interface RunResult {
  readonly exitCode: number;
  readonly instructions: number;
  readonly harts: readonly HartResult[];
  readonly faults: readonly FaultReport[];
  /** Set when the instruction budget stopped the run. */
  readonly stopped: { readonly reason: 'max-instructions'; readonly message: string } | undefined;
  readonly hostSeconds: number;
  readonly mips: number;
}

/** Exit status of a faulting program, as a shell reports a process killed by the signal. */
function faultExitCode(cause: number): number {
  switch (cause) {
    case TRAP_CAUSE.illegalInstruction: return 128 + 4; // SIGILL
    case TRAP_CAUSE.breakpoint: return 128 + 5; // SIGTRAP
    case TRAP_CAUSE.fetchMisaligned:
    case TRAP_CAUSE.loadMisaligned:
    case TRAP_CAUSE.storeMisaligned: return 128 + 7; // SIGBUS
    case TRAP_CAUSE.ecallM: return 128 + 31; // SIGSYS
    default: return 128 + 11; // SIGSEGV
  }
}

function tableMnemonic(word: number): string {
  return decode(word >>> 0)?.mnemonic ?? '(does not decode)';
}

class Sink implements OutputSink {
  constructor(
    private readonly out: ((bytes: Uint8Array) => void) | undefined,
    private readonly err: ((bytes: Uint8Array) => void) | undefined,
  ) {}
  write(fd: 1 | 2, bytes: Uint8Array): void {
    const to = fd === 1 ? this.out : this.err;
    if (to !== undefined) to(bytes);
  }
}

/**
 * Spike-style commit log: `core   0: 3 0x00010074 (0x00000513) x10 0x00000000 mem 0x...`
 * then `  # disassembly`. Buffered; flushed in 64 KiB pieces and at the end.
 */
export class TraceWriter implements RetireObserver {
  private buffer: string[];
  private size: number;
  constructor(
    private readonly out: (text: string) => void,
    private readonly disassemble: (word: number, pc: number) => string,
  ) {
    this.buffer = [];
    this.size = 0;
  }

  retired(hart: Hart, page: DecodedPage, index: number, pc: number): void {
    const word = page.word[index]! >>> 0;
    const op = page.op[index]!;
    const rd = page.rd[index]!;
    let line = `core ${String(hart.hartId).padStart(3)}: 3 0x${hex(pc)} (0x${hex(word)})`;
    const rdKind = OP_RD_KIND[op];
    if (rdKind === REG_X && rd !== 32) line += ` x${String(rd).padEnd(2)} 0x${hex(hart.x[rd]!)}`;
    else if (rdKind === REG_F) line += ` f${String(rd).padEnd(2)} 0x${hex(hart.f[rd]!)}`;
    const kind = hart.memKind;
    if (kind === MEM_LOAD) line += ` mem 0x${hex(hart.memAddr)}`;
    else if (kind === MEM_STORE || kind === MEM_AMO) {
      const digits = hart.memSize * 2;
      const mask = hart.memSize === 4 ? 0xffffffff : (1 << (hart.memSize * 8)) - 1;
      line += ` mem 0x${hex(hart.memAddr)} 0x${((hart.memValue & mask) >>> 0).toString(16).padStart(digits, '0')}`;
    }
    line += `  # ${this.disassemble(word, pc)}\n`;
    this.buffer.push(line);
    this.size += line.length;
    if (this.size >= 65536) this.flush();
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    this.out(this.buffer.join(''));
    this.buffer = [];
    this.size = 0;
  }
}

/** A loaded machine, ready to run; exposed for the debugger and the timed machine. */
export class FunctionalMachine {
  readonly memory: PhysicalMemory;
  readonly code: DecodeCache;
  readonly harts: readonly Hart[];
  readonly symbols: SymbolTable;
  readonly quantum: number;
  readonly disassemble: (word: number, pc: number) => string;

  constructor(image: ElfImage, options: RunOptions = {}) {
    const tiles = options.tiles ?? DEFAULT_TILES;
    const gpesPerTile = options.gpesPerTile ?? DEFAULT_GPES_PER_TILE;
    const count = options.harts ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > tiles * gpesPerTile) {
      throw new LoadError(`--harts must be between 1 and ${tiles * gpesPerTile} (${tiles} tiles x ${gpesPerTile} GPEs), got ${count}`);
    }
    this.quantum = options.quantum ?? DEFAULT_QUANTUM;
    if (!Number.isInteger(this.quantum) || this.quantum < 1) throw new LoadError(`--quantum must be a positive integer, got ${this.quantum}`);
    this.memory = new PhysicalMemory(options.memorySize ?? DEFAULT_MEMORY_SIZE, count);
    this.code = new DecodeCache(this.memory);
    this.symbols = new SymbolTable(image.symbols);
    this.disassemble = options.disassemble ?? tableMnemonic;
    loadSegments(this.memory, image);
    const entry = resolveEntry(image, options.entry);
    const sink = new Sink(options.stdout, options.stderr);
    const harts: Hart[] = [];
    for (let k = 0; k < count; k++) {
      const hart = new Hart(
        { index: k, tile: Math.floor(k / gpesPerTile), gpe: k % gpesPerTile, tiles, gpesPerTile },
        this.memory,
        this.code,
        sink,
      );
      if (options.allowMisaligned === false) hart.allowMisaligned = false;
      if (options.stats) hart.enableCounting();
      harts.push(hart);
    }
    if ((options.engine ?? 'jit') === 'jit') useEngine(harts, jitEngine);
    launchHarts(harts, entry, this.memory, { stackSize: options.stackSize ?? DEFAULT_STACK_SIZE, args: options.args });
    this.harts = harts;
  }

  /** The fault message: hart, pc, instruction (disassembled), nearest symbol, cause. */
  /** Where the harts still running are, for a "stopped" message: the first four, then a count. */
  whereRunning(): string {
    const running = this.harts.filter((h) => h.state === HART_RUNNING);
    const where = running.slice(0, 4).map((h) => {
      const sym = this.symbols.describe(h.pc);
      return `hart ${h.hartId} at pc 0x${hex(h.pc)}${sym !== undefined ? ` <${sym}>` : ''}`;
    });
    const more = running.length - where.length;
    return `${where.join(', ')}${more > 0 ? ` and ${more} more harts still running` : ''}`;
  }

  describeFault(hart: Hart, trap: Trap): FaultReport {
    const pc = hart.trapPc;
    const word = trap.cause === TRAP_CAUSE.fetchAccess ? 0 : hart.wordAt(pc);
    const instruction = trap.cause === TRAP_CAUSE.fetchAccess ? '(no instruction: nothing to fetch there)' : this.disassemble(word, pc);
    const symbol = this.symbols.describe(pc);
    const where = `pc 0x${hex(pc)}${symbol !== undefined ? ` <${symbol}>` : ''}`;
    const insn = trap.cause === TRAP_CAUSE.fetchAccess ? instruction : `0x${hex(word)} ${instruction}`;
    return {
      hart: hart.hartId,
      pc: pc >>> 0,
      cause: trap.cause,
      tval: trap.tval >>> 0,
      word,
      instruction,
      symbol,
      message: `hart ${hart.hartId} (tile ${hart.tile}, GPE ${hart.gpe}): ${trap.text} at ${where}: ${insn}`,
      exitCode: faultExitCode(trap.cause),
    };
  }

  /**
   * Runs every hart round-robin until all have exited, one faults, or the budget is spent.
   * May be called again to continue a run stopped by the budget.
   */
  run(options: Pick<RunOptions, 'trace' | 'maxInstructions'> = {}): RunResult {
    const harts = this.harts;
    let tracer: TraceWriter | undefined;
    if (options.trace !== undefined) {
      tracer = new TraceWriter(options.trace, this.disassemble);
      for (const h of harts) h.observer = tracer;
    }
    const limit = options.maxInstructions ?? Infinity;
    const quantum = this.quantum;
    let total = 0;
    let fault: Hart | undefined;
    const started = process.hrtime.bigint();
    outer: for (;;) {
      let running = 0;
      for (let k = 0; k < harts.length; k++) {
        const h = harts[k]!;
        if (h.state !== HART_RUNNING) continue;
        const budget = Math.min(quantum, limit - total);
        if (budget <= 0) break outer;
        total += h.run(budget);
        const state: number = h.state; // run() changed it
        if (state === HART_FAULTED) {
          fault = h;
          break outer;
        }
        if (state === HART_RUNNING) running++;
      }
      if (running === 0) break;
    }
    const hostSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    tracer?.flush();

    const faults: FaultReport[] = [];
    if (fault !== undefined && fault.trap !== null) faults.push(this.describeFault(fault, fault.trap));
    let stopped: RunResult['stopped'];
    if (fault === undefined && harts.some((h) => h.state === HART_RUNNING)) {
      stopped = {
        reason: 'max-instructions',
        message: `stopped after ${total} instructions (--max-instructions): ${this.whereRunning()}`,
      };
    }
    const exitCode = faults.length > 0 ? faults[0]!.exitCode : stopped !== undefined ? EXIT_BUDGET : harts[0]!.exitCode;
    return {
      exitCode,
      instructions: total,
      harts: harts.map((h) => hartResult(h)),
      faults,
      stopped,
      hostSeconds,
      mips: hostSeconds > 0 ? total / hostSeconds / 1e6 : 0,
    };
  }
}

/** Runs an ELF image to completion (or fault, or budget). */
export function runProgram(image: ElfImage, options: RunOptions = {}): RunResult {
  return new FunctionalMachine(image, options).run(options);
}

function hartResult(h: Hart): HartResult {
  const state = h.state === HART_EXITED ? 'exited' : h.state === HART_FAULTED ? 'faulted' : 'running';
  let byClass: Record<string, number> | undefined;
  if (h.opCounts !== null) {
    byClass = {};
    for (let op = 0; op < h.opCounts.length; op++) {
      const n = h.opCounts[op]!;
      if (n === 0) continue;
      const name = TIMING_CLASS_NAMES[OP_TIMING[op]!]!;
      byClass[name] = (byClass[name] ?? 0) + n;
    }
  }
  return {
    hart: h.hartId,
    tile: h.tile,
    gpe: h.gpe,
    state,
    exitCode: h.exitCode,
    instructions: h.executed,
    pc: h.pc >>> 0,
    ...(byClass !== undefined ? { byClass } : {}),
  };
}

export interface RunElfOptions {
  readonly harts?: number;
  readonly maxInstructions?: number;
  readonly stdout?: (bytes: Uint8Array) => void;
  readonly stderr?: (bytes: Uint8Array) => void;
  readonly entry?: string;
  readonly quantum?: number;
}

/** Runs ELF file bytes (throws ElfFormatError / LoadError for files it cannot run). */
export function runElf(bytes: Uint8Array, options: RunElfOptions & RunOptions = {}): RunResult {
  return runProgram(readElf(bytes), options);
}
