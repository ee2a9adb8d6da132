// The block translator ("jit" engine): hot basic blocks of decoded RISC-V code become JavaScript
// functions, generated from the SAME templates as the interpreter (semantics.ts), with the
// operands pasted in as constants and the x/f registers the block touches held in locals.
//
//   Block       a straight line of instructions of one decoded page, from an entry pc up to and
//               including the first instruction that sets NEXT (branch, jump, mret) or fence.i,
//               at most MAX_BLOCK instructions, never past the page's last word. ecall and words
//               that cannot execute (illegal, fetch fault) are never translated: a block stops
//               before them and the interpreter runs them.
//   Hotness     a per-page Uint16Array counts how often each entry pc was reached while cold;
//               at HOT_THRESHOLD the block is translated. Until then the interpreter runs it
//               (exactly `length` instructions: it ends where the block would). A block whose
//               words this process already compiled at that pc (an earlier machine) is hot at once.
//   Loops       a block whose last instruction can jump back to its own entry repeats inside its
//               function while the budget allows a whole further iteration.
//   Sharing     translations live per DecodeCache (so per machine memory) and are shared by every
//               hart running that code; the compiled function itself is cached by entry pc and
//               instruction words across machines (the hart is a parameter).
//   Exactness   a block runs only when it fits entirely in the remaining budget, so each engine
//               call retires exactly as many instructions as the interpreter would (the round-
//               robin interleaving of harts, and so every result, is the same). A trap inside a
//               block writes the register locals back and reports how many instructions
//               retired before the trapping one: pc, instret, registers are as the interpreter
//               leaves them.
//   Invalidation fence.i (a block ends after it) drops every translation of the cache. Stores
//               into decoded code reach the decode cache through PhysicalMemory.codeListener;
//               the translator installs a forwarding listener in front of the cache's, which
//               then drops the blocks overlapping the written words. A block whose own store
//               (slow path) invalidated anything returns right after that store.
//   Modes       functional: jitEngine (with an observer, e.g. the tracer, or per-op counting it
//               runs the interpreter). Timed: blockEngine(timing, machine) pastes the timed
//               machine's per-instruction timing (emulator/machine/timed-jit.ts) after each
//               instruction; the cold code runs on the observed interpreter, which times it
//               through the machine's `retired`, so both spell the same model.

import * as fp from './fp32';
import { mulh, mulhsu, mulhu } from './alu';
import { OP_BASES, OP_FETCH_FAULT, OP_ILLEGAL, OP_PAGE_END, opName, opOf } from './ops';
import { PAGE_WORDS, PACK_RD_SHIFT, PACK_RS1_SHIFT, PACK_RS2_SHIFT, PACK_RS3_SHIFT, type DecodeCache, type DecodedPage } from './decode-cache';
import { SEMANTICS } from './semantics';
import { expandAccessors } from './template-expand';
import { Hart, HART_RUNNING } from './hart';
import type { CodeWriteListener } from '../memsys/physical-memory';

/**
 * Times an entry pc is reached (cold, all harts counting together) before its block is translated
 * (default). A new block function costs its source and compilation, then V8's own warm-up (it
 * runs unoptimized until V8 has seen it called often enough), while the interpreter is optimized
 * from the start: a high threshold compiles only the blocks that will pay that back. 2048 rather
 * than 32: `gpesim verify conv2d` 0.87-0.95 s against 1.24-1.49 s, `verify lstm` 0.96-1.20 against
 * 1.37-1.42; the long run measured (AlexNet conv3, PP) did not change beyond noise;
 * docs/PERFORMANCE.md "Hotness".
 */
export const HOT_THRESHOLD = 2048;
let hotThreshold = HOT_THRESHOLD;

/** Sets the hotness threshold (1: translate every block on first use; tests); returns the old one. */
export function setHotThreshold(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new RangeError(`hot threshold must be 1..65535, got ${n}`);
  const old = hotThreshold;
  hotThreshold = n;
  return old;
}
/** Longest block, in instructions. */
export const MAX_BLOCK = 64;

const OP_ECALL = opOf('ecall');
/** log2 of a decoded page's bytes. */
const PAGE_SHIFT = Math.log2(PAGE_WORDS * 4);
/** Entries of TranslationState's direct-mapped page cache (a power of two). */
const RECENT_PAGES = 64;
const OP_FENCE_I = opOf('fence.i');

/** Per op: 1 when the instruction can store (so it can overwrite translated code). */
const OP_STORES = new Uint8Array(256);
for (const base of OP_BASES) if (/\bSTORE_\w+\(|\bh\.(amoStore|storeConditional)\(/.test(SEMANTICS[base]!.code)) OP_STORES[opOf(base)] = 1;

/** Per op: 1 when the template sets NEXT (the instruction ends a block). */
const OP_JUMPS = new Uint8Array(256);
for (const base of OP_BASES) if (/\bNEXT\s*=/.test(SEMANTICS[base]!.code)) OP_JUMPS[opOf(base)] = 1;

/** Values a block function leaves for the dispatcher (one per process: engines do not nest). */
interface Exit {
  /** Instructions the block retired (on a trap: before the trapping one). */
  retired: number;
  /** The trapping instruction's pc (set only when a trap leaves the block). */
  trapPc: number;
  /** Set by a timed block that left because its hart must wait (an access not yet earliest). */
  stop: number;
}

/** `M` is the timed machine for timed blocks, null for functional ones. */
type BlockFn = (h: Hart, T: TranslationState, n: number, budget: number, E: Exit, M: object | null) => number;

/**
 * What the timed machine adds to blocks (emulator/machine/timed-jit.ts): per block, state loaded
 * on entry and stored on every exit, and after each instruction's semantics the code that times it.
 */
export interface BlockTiming {
  /** Distinguishes compiled functions of different timing parameters (part of the cache key). */
  readonly key: string;
  /** Per op: 1 when a timed block must stop before it (the interpreter runs and times it). */
  readonly excluded: Uint8Array;
  /** Starts the timing of one block's source. */
  block(): BlockTimer;
  /**
   * True when the machine holds hart `h` (the interpreter, timing cold code through the
   * machine's observer, may stop at the last instruction it was asked to run).
   */
  holds(machine: object, h: Hart): boolean;
}

/** The timing of one block's source, built instruction by instruction. */
export interface BlockTimer {
  /**
   * Code timing instruction `p` (op `op`) after its semantics, with the x registers in locals
   * x<n> and the address of a load or store in local `ma`; `exit` leaves the block after it.
   */
  after(p: number, op: number, o: Operands, exit: string): string;
  /** Locals the block declares on entry, [name, initializer] in order (after the last `after`). */
  declarations(): readonly (readonly [string, string])[];
  /** Stores state back on every exit (after the last `after`). */
  epilogue(): string;
}

interface Block {
  readonly start: number;
  /** Instructions in one pass. */
  readonly length: number;
  readonly fn: BlockFn;
}

class PageState {
  readonly page: DecodedPage;
  readonly base: number;
  readonly blocks: (Block | null)[];
  readonly counts: Uint16Array;
  /** Block length from each entry (0: not computed yet). */
  readonly lengths: Uint8Array;
  /** 1 when the block at that entry is translatable (its first instruction is not excluded). */
  readonly translatable: Uint8Array;

  constructor(page: DecodedPage) {
    this.page = page;
    this.base = page.base | 0;
    this.blocks = [];
    for (let k = 0; k < PAGE_WORDS; k++) this.blocks.push(null);
    this.counts = new Uint16Array(PAGE_WORDS);
    this.lengths = new Uint8Array(PAGE_WORDS);
    this.translatable = new Uint8Array(PAGE_WORDS);
  }

  /** Computes the block shape from entry `index` (from the decoded ops). */
  measure(index: number, excluded: Uint8Array | null): number {
    const packed = this.page.packed;
    let len = 0;
    let k = index;
    for (; k < PAGE_WORDS && len < MAX_BLOCK; k++) {
      const op = packed[k]! & 255;
      if (op === OP_ECALL || op === OP_ILLEGAL || op === OP_FETCH_FAULT || op === OP_PAGE_END) break;
      if (excluded !== null && excluded[op] === 1) break;
      len++;
      if (OP_JUMPS[op] === 1 || op === OP_FENCE_I) break;
    }
    if (len === 0) {
      this.translatable[index] = 0;
      this.lengths[index] = 1;
      return 1;
    }
    this.translatable[index] = 1;
    this.lengths[index] = len;
    return len;
  }

  /** Forgets blocks and shapes of entries in [first, last] and of those reaching into it. */
  forget(first: number, last: number): boolean {
    let dropped = false;
    const from = Math.max(0, first - MAX_BLOCK + 1);
    for (let k = from; k <= last && k < PAGE_WORDS; k++) {
      if (this.blocks[k] !== null) {
        this.blocks[k] = null;
        dropped = true;
      }
      this.lengths[k] = 0;
    }
    return dropped;
  }
}

/** The translations of one DecodeCache (one machine's code), shared by its harts. */
export class TranslationState implements CodeWriteListener {
  readonly code: DecodeCache;
  /** Null: functional blocks. */
  readonly timing: BlockTiming | null;
  private readonly pages: Map<number, PageState>;
  private readonly inner: CodeWriteListener | null;
  /** Bumped whenever translations are dropped (blocks check it after slow-path stores). */
  epoch: number;
  private lastPage: PageState | null = null;
  /** Direct-mapped by page number: kernels span a few pages, and harts switch between them. */
  private readonly recentPages: (PageState | null)[] = new Array<PageState | null>(RECENT_PAGES).fill(null);
  /** Statistics. */
  translatedBlocks: number;
  invalidations: number;

  constructor(code: DecodeCache, timing: BlockTiming | null) {
    this.code = code;
    this.timing = timing;
    this.pages = new Map();
    this.epoch = 0;
    this.translatedBlocks = 0;
    this.invalidations = 0;
    this.inner = code.memory.codeListener;
    code.memory.codeListener = this;
  }

  pageState(pc: number): PageState {
    // Harts switch often in timed mode and mostly run in the same page: check the last one first.
    const last = this.lastPage;
    if (last !== null && ((pc - last.base) >>> 0) < PAGE_WORDS * 4) return last;
    const slot = (pc >>> PAGE_SHIFT) & (RECENT_PAGES - 1);
    let st = this.recentPages[slot]!;
    if (st === null || ((pc - st.base) >>> 0) >= PAGE_WORDS * 4) {
      st = this.lookupPage(pc);
      this.recentPages[slot] = st;
    }
    this.lastPage = st;
    return st;
  }

  private lookupPage(pc: number): PageState {
    const page = this.code.pageOf(pc);
    const key = (page.base >>> 0) / (PAGE_WORDS * 4);
    let st = this.pages.get(key);
    if (st === undefined) {
      st = new PageState(page);
      this.pages.set(key, st);
    }
    return st;
  }

  /** The memory's code listener: the decode cache re-decodes, then overlapping blocks go. */
  codeWritten(address: number, size: number): void {
    if (this.inner !== null) this.inner.codeWritten(address, size);
    const first = (address & ~3) >>> 0;
    const last = (address + size - 1) >>> 0;
    for (let a = first; a <= last; ) {
      const st = this.pages.get(Math.floor(a / (PAGE_WORDS * 4)));
      const pageEnd = (Math.floor(a / (PAGE_WORDS * 4)) + 1) * PAGE_WORDS * 4;
      const end = Math.min(last, pageEnd - 1);
      if (st !== undefined && st.forget((a - (st.base >>> 0)) >>> 2, (end - (st.base >>> 0)) >>> 2)) {
        this.epoch++;
        this.invalidations++;
      }
      a = end + 1;
      if (a === 0) break;
    }
  }

  /** fence.i: every translation goes (the decode cache re-decoded every page). */
  flushAll(): void {
    for (const st of this.pages.values()) st.forget(0, PAGE_WORDS - 1);
    this.epoch++;
    this.invalidations++;
  }

  /** Translates the block at `index` of `st` (its shape measured and translatable). */
  translate(st: PageState, index: number): Block {
    const length = st.lengths[index]!;
    const key = this.key(st, index, length);
    let fn = COMPILED.get(key);
    if (fn === undefined) {
      const source = blockSource(st.page, index, length, this.timing);
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      fn = new Function('lib', source)(LIB) as BlockFn;
      COMPILED.set(key, fn);
    }
    return this.install(st, index, length, fn);
  }

  /**
   * The block at `index` (just measured) if this process already compiled the same words at the
   * same pc, e.g. for an earlier machine: it is hot already, so it skips the cold phase.
   */
  reuse(st: PageState, index: number): Block | null {
    const length = st.lengths[index]!;
    const fn = COMPILED.get(this.key(st, index, length));
    return fn === undefined ? null : this.install(st, index, length, fn);
  }

  private key(st: PageState, index: number, length: number): string {
    const words = blockKey(st, index, length);
    return this.timing === null ? words : `${this.timing.key}|${words}`;
  }

  private install(st: PageState, index: number, length: number, fn: BlockFn): Block {
    const block: Block = { start: (st.base + index * 4) | 0, length, fn };
    st.blocks[index] = block;
    this.translatedBlocks++;
    return block;
  }
}

const LIB = { ...fp, mulh, mulhsu, mulhu };

/**
 * The compiled-function cache key: entry pc and raw words. The source is a function of these
 * alone (decoding depends on nothing else), so a new machine running the same code compiles
 * nothing.
 */
function blockKey(st: PageState, index: number, length: number): string {
  const words = st.page.word;
  let key = `${st.base + index * 4}`;
  for (let k = index; k < index + length; k++) key += `,${words[k]!}`;
  return key;
}
/** Compiled block functions by entry pc and instruction words (shared across machines). */
const COMPILED = new Map<string, BlockFn>();
const STATES = new WeakMap<DecodeCache, TranslationState>();
const TIMED_STATES = new WeakMap<DecodeCache, Map<string, TranslationState>>();

/**
 * The translation state of a decode cache for functional blocks, or for timed blocks of one
 * timing (created, and its code listener installed in front of the others, on first use).
 */
export function translationState(code: DecodeCache, timing: BlockTiming | null = null): TranslationState {
  if (timing === null) {
    let st = STATES.get(code);
    if (st === undefined) {
      st = new TranslationState(code, null);
      STATES.set(code, st);
    }
    return st;
  }
  let byKey = TIMED_STATES.get(code);
  if (byKey === undefined) {
    byKey = new Map();
    TIMED_STATES.set(code, byKey);
  }
  let st = byKey.get(timing.key);
  if (st === undefined) {
    st = new TranslationState(code, timing);
    byKey.set(timing.key, st);
  }
  return st;
}

/** f registers in locals too (off: FP values stay in the Uint32Array, see PERFORMANCE.md). */
const FP_LOCALS = true;

const lit = (v: number): string => (v < 0 ? `(${v})` : `${v}`);

export interface Operands {
  readonly rd: number;
  readonly rs1: number;
  readonly rs2: number;
  readonly rs3: number;
  readonly imm: number;
  readonly pc: number;
}

/**
 * Expands one template with constant operands. Registers become locals x<n> / f<n>, both int32
 * (`| 0`: for X exactly the typed-array store's coercion; for F the same bits, made unsigned by
 * the write-back into the Uint32Array, and passed to fp32 calls V8 leaves out of line as small
 * integers, where a uint32 >= 2^31 would be boxed). Returns the code
 * and whether it can throw (so the block records its position first).
 */
export function expandForBlock(
  template: string,
  o: Operands,
  position: number,
  recordAddress = false,
): { code: string; traps: boolean; xs: Set<number>; fs: Set<number>; xw: Set<number>; fw: Set<number> } {
  const xs = new Set<number>();
  const fs = new Set<number>();
  const xw = new Set<number>();
  const fw = new Set<number>();
  const reg = (name: string): number =>
    name === 'rd' ? o.rd : name === 'rs1' ? o.rs1 : name === 'rs2' ? o.rs2 : o.rs3;
  let c = template;
  // Register writes, then reads.
  c = c.replace(/\b([XF])\[\$(rd|rs1|rs2|rs3)\]\s*=(?!=)([^;]*);/g, (_m, file: string, r: string, e: string) => {
    const n = reg(r);
    if (file === 'X') {
      xw.add(n);
      xs.add(n);
      return `x${n} = (${e.trim()}) | 0;`;
    }
    if (!FP_LOCALS) return `F[${n}] = ${e.trim()};`;
    fw.add(n);
    fs.add(n);
    return `f${n} = (${e.trim()}) | 0;`;
  });
  c = c.replace(/\b([XF])\[\$(rd|rs1|rs2|rs3)\]/g, (_m, file: string, r: string) => {
    const n = reg(r);
    if (file === 'F' && !FP_LOCALS) return `F[${n}]`;
    (file === 'X' ? xs : fs).add(n);
    return `${file.toLowerCase()}${n}`;
  });
  if ((FP_LOCALS ? /\b[XF]\[/ : /\bX\[/).test(c)) throw new Error(`register access the translator cannot map in: ${template}`);
  const PC = lit(o.pc);
  const NPC = lit((o.pc + 4) | 0);
  c = expandAccessors(c, {
    pc: PC,
    observed: false,
    addressLocal: recordAddress ? 'ma' : undefined,
  });
  if (/\b(STOP|WAIT);/.test(c)) throw new Error(`the translator does not take instructions that stop the hart: ${template}`);
  c = c.replace(/\bNEXT\s*=/g, 'nx =');
  c = c.replace(/\$rm\b/g, o.imm === 7 ? `h.dynRm(${PC})` : lit(o.imm));
  c = c.replace(/\$rd\b/g, `${o.rd}`);
  c = c.replace(/\$rs1\b/g, `${o.rs1}`);
  c = c.replace(/\$rs2\b/g, `${o.rs2}`);
  c = c.replace(/\$rs3\b/g, `${o.rs3}`);
  c = c.replace(/\$imm\b/g, lit(o.imm));
  c = c.replace(/\$npc\b/g, NPC);
  c = c.replace(/\$pc\b/g, PC);
  c = c.replace(/\$retired\b/g, `(n + c + ${position})`);
  if (/\$\w+|\b(LOAD|STORE)_\w+|\bTARGET\(/.test(c)) throw new Error(`unexpanded template name in: ${template}`);
  return { code: c, traps: /\bh\./.test(c), xs, fs, xw, fw };
}

/** The source of the block function for `length` instructions from `index` of `page`. */
export function blockSource(page: DecodedPage, index: number, length: number, timing: BlockTiming | null = null): string {
  const start = (page.base + index * 4) | 0;
  const xs = new Set<number>();
  const fs = new Set<number>();
  const xw = new Set<number>();
  const fw = new Set<number>();
  const body: string[] = [];
  const timer = timing === null ? null : timing.block();
  let lastJumps = false;
  let fenceI = false;
  for (let p = 0; p < length; p++) {
    const k = index + p;
    const w = page.packed[k]!;
    const op = w & 255;
    const base = opName(op);
    const semantic = SEMANTICS[base];
    if (semantic === undefined) throw new Error(`no semantics for '${base}'`);
    const pc = (page.base + k * 4) | 0;
    const operands: Operands = {
      rd: (w >>> PACK_RD_SHIFT) & 63,
      rs1: (w >>> PACK_RS1_SHIFT) & 63,
      rs2: (w >>> PACK_RS2_SHIFT) & 63,
      rs3: w >>> PACK_RS3_SHIFT,
      imm: page.imm[k]!,
      pc,
    };
    // Leaves the block right after this instruction (retired and, in a timed block, timed).
    const exitAfter = `{ E.retired = c + ${p + 1}; nx = ${lit((pc + 4) | 0)}; break body; }`;
    const e = expandForBlock(semantic.code, operands, p, timing !== null);
    for (const r of e.xs) xs.add(r);
    for (const r of e.fs) fs.add(r);
    for (const r of e.xw) xw.add(r);
    for (const r of e.fw) fw.add(r);
    const timed = timer === null ? '' : ` ${timer.after(p, op, operands, exitAfter)}`;
    // A store that reached translated code (any store through the hart's slow path: stores to
    // watched pages, AMOs, sc.w) dropped blocks, maybe this one: once the instruction is done
    // (and timed), leave, so the rest runs from freshly decoded code.
    const stores = OP_STORES[op] === 1;
    body.push(`${e.traps ? `k = ${p}; ` : ''}${stores ? 'ep = T.epoch; ' : ''}{ ${e.code} }${timed}${stores ? ` if (T.epoch !== ep) ${exitAfter}` : ''} // ${base}`);
    if (p === length - 1) {
      lastJumps = OP_JUMPS[op] === 1;
      fenceI = op === OP_FENCE_I;
    }
  }
  const end = (start + length * 4) | 0;
  if (fenceI) body.push('T.flushAll();');
  const xList = [...xs].sort((a, b) => a - b);
  const fList = [...fs].sort((a, b) => a - b);
  const writeBack = [
    ...[...xw].filter((r) => r !== 0).sort((a, b) => a - b).map((r) => `X[${r}] = x${r};`),
    ...[...fw].sort((a, b) => a - b).map((r) => `F[${r}] = f${r};`),
  ].join(' ');
  // A block jumping back to its own entry loops inside the function while a whole pass fits.
  const loops = lastJumps;
  const next = lastJumps ? '' : `nx = ${lit(end)};`;
  const repeat = loops
    ? `c += ${length}; if (nx !== ${lit(start)} || c + ${length} > budget) { E.retired = c; break body; }`
    : `E.retired = ${length}; break body;`;
  const epilogue = timer === null ? '' : timer.epilogue();
  const code = `
  try {
    body: for (;;) {
      ${body.join('\n      ')}
      ${next}
      ${repeat}
    }
  } catch (e) {
    ${writeBack} ${epilogue}
    E.retired = c + k; E.trapPc = (${lit(start)} + (k << 2)) | 0;
    throw e;
  }
  ${writeBack} ${epilogue}
  return nx;`;
  // Entry costs every engine turn (timed harts switch at almost every access in shared modes):
  // declare only the locals the code uses.
  const declarations: (readonly [string, string])[] = [
    ['X', 'h.x'], ['F', 'h.f'], ['mem', 'h.mem'],
    ['W', 'mem.w'], ['H', 'mem.h'], ['HU', 'mem.hu'], ['B', 'mem.b'], ['BU', 'mem.bu'], ['WATCH', 'mem.watch'],
    ...xList.map((r): [string, string] => [`x${r}`, `X[${r}]`]),
    ...fList.map((r): [string, string] => [`f${r}`, `F[${r}] | 0`]),
    ...(timer === null ? [] : timer.declarations()),
    ['k', '0'], ['c', '0'], ['nx', '0'], ['tt', '0'], ['ep', '0'],
    ['pw', 'W[0]'], ['ph', 'H[0]'], ['phu', 'HU[0]'], ['pb', 'B[0]'], ['pbu', 'BU[0]'],
  ];
  return `
const { f32Add, f32Sub, f32Mul, f32Div, f32Sqrt, f32MulAdd, f32Min, f32Max, f32Eq, f32Lt, f32Le,
  f32Class, f32ToI32, f32ToU32, i32ToF32, u32ToF32, mulh, mulhsu, mulhu } = lib;
return function block_${(start >>> 0).toString(16)}_${length}(h, T, n, budget, E, M) {
  ${usedDeclarations(declarations, code)}${code}
};`;
}

/** `let` statements for the declarations `code` needs, directly or through a kept initializer. */
function usedDeclarations(declarations: readonly (readonly [string, string])[], code: string): string {
  let text = code;
  const kept: string[] = [];
  for (let d = declarations.length - 1; d >= 0; d--) {
    const [name, init] = declarations[d]!;
    if (!new RegExp(`\\b${name}\\b`).test(text)) continue;
    kept.push(`let ${name} = ${init};`);
    text += ` ${init}`;
  }
  return kept.reverse().join(' ');
}

const EXIT: Exit = { retired: 0, trapPc: 0, stop: 0 };
/** The interpreter (Hart.prototype.run, so a hart whose `run` was pointed at jitEngine still works). */
const interpret = (h: Hart, budget: number): number => h.interpret(budget);

/** Hands the engine's state to the hart (before the interpreter runs, and at the end). */
function sync(h: Hart, pc: number, n: number): void {
  h.pc = pc;
  h.instret += n;
  h.executed += n;
  h.fflags = fp.fpStatus.flags;
}

/**
 * The translating engine, with the signature of engine.ts's Engine: runs up to `budget`
 * instructions of `hart` and returns how many retired. Exactly the interpreter's results,
 * including where it stops. Observed or counting harts run on the interpreter.
 */
export function jitEngine(h: Hart, budget: number): number {
  if (h.observer !== null || h.opCounts !== null || h.state !== HART_RUNNING) return interpret(h, budget);
  return runBlocks(h, budget, translationState(h.code), null);
}

/**
 * A timed engine: blocks with `timing` pasted in, run for the timed machine `machine` (the
 * harts' observer, which times the cold code the interpreter runs). It stops where the observed
 * interpreter would: after `budget` instructions, an exit or fault, or an instruction after
 * which the machine holds the hart.
 */
export function blockEngine(timing: BlockTiming, machine: object): (h: Hart, budget: number) => number {
  let code: DecodeCache | null = null;
  let state: TranslationState | null = null;
  return (h: Hart, budget: number): number => {
    if (h.state !== HART_RUNNING) return 0;
    if (h.code !== code) {
      code = h.code;
      state = translationState(code, timing);
    }
    return runBlocks(h, budget, state!, machine);
  };
}

/** The dispatcher shared by both kinds of blocks (M: the timed machine, or null). */
function runBlocks(h: Hart, budget: number, T: TranslationState, M: object | null): number {
  const E = EXIT;
  const excluded = T.timing === null ? null : T.timing.excluded;
  /** Instructions retired and already handed to the hart. */
  let total = 0;
  /** Instructions retired by blocks and not yet added to h.instret. */
  let n = 0;
  /** Instructions the interpreter runs after the loop (a block longer than what is left). */
  let tail = 0;
  let pc = h.pc | 0;
  let st = T.pageState(pc);
  let base = st.base;
  fp.fpStatus.flags = h.fflags;
  try {
    // Every exit from this loop goes through the code after it (one path, always warm).
    for (;;) {
      const left = budget - total - n;
      if (left <= 0) break;
      let index = (pc - base) >>> 2;
      if (index >= PAGE_WORDS) {
        st = T.pageState(pc);
        base = st.base;
        index = (pc - base) >>> 2;
      }
      let block: Block | null = st.blocks[index]!;
      if (block === null) {
        let len = st.lengths[index]!;
        if (len === 0) {
          len = st.measure(index, excluded);
          if (st.translatable[index] === 1) block = T.reuse(st, index);
        }
        if (block !== null) {
          // compiled earlier in this process: hot already
        } else if (st.translatable[index] === 1 && len <= left && ++st.counts[index]! >= hotThreshold) {
          block = T.translate(st, index);
        } else {
          // Cold (or not translatable, or longer than the budget left): the interpreter runs it.
          sync(h, pc, n);
          total += n;
          n = 0;
          const asked = len < left ? len : left;
          const got = interpret(h, asked);
          total += got;
          // The hart exited or faulted, or (timed) its machine holds it.
          if (h.state !== HART_RUNNING || got < asked || (M !== null && T.timing!.holds(M, h))) return total;
          pc = h.pc | 0;
          fp.fpStatus.flags = h.fflags;
          continue;
        }
      }
      if (block.length > left) {
        tail = left;
        break;
      }
      pc = block.fn(h, T, n, left, E, M) | 0;
      n += E.retired;
      if (E.stop !== 0) {
        E.stop = 0;
        break;
      }
    }
  } catch (e) {
    n += E.retired;
    const trapPc = E.trapPc;
    sync(h, trapPc, n);
    h.takeTrap(e, trapPc);
    return total + n;
  }
  sync(h, pc, n);
  total += n;
  return tail === 0 ? total : total + interpret(h, tail);
}

/**
 * Makes `harts` run on `engine` (Hart.translator; Hart.interpret stays the interpreter). The
 * functional machine does this for `engine: 'jit'`; tests and benches call it directly.
 */
export function useEngine(harts: readonly Hart[], engine: (hart: Hart, budget: number) => number): void {
  for (const h of harts) h.translator = engine;
}
