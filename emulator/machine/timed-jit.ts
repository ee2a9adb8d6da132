// Timed blocks: the block translator (core/translator.ts) with the timed machine's per-instruction
// timing pasted after each instruction's semantics, so a timed GPE runs as generated JavaScript
// instead of calling `TimedMachine.retired` after every instruction.
//
// The code below spells, per op and with the operands as constants, exactly what `retired`
// computes from its per-op tables (timed.ts): operand waits on the per-register ready times,
// the memory port and the unpipelined unit; one busy cycle; the result's ready time; the branch
// and jump penalties; and for loads, stores and atomics the access, served at once or held
// (event order) exactly where `retired` would hold it. Operand waits the block proves cannot bind
// (the source was produced, or already waited for, early enough in the block: `readyBy`) are
// left out. The local time lives in a local stored on every exit; stalls are added to the
// machine's arrays as they occur, in the same order. Both spellings are checked against each
// other: every kernel and random programs give identical cycles, statistics and energy
// (test/machine/timed-jit.test.ts).
//
// Instructions a timed block never holds (the observed interpreter runs and times them through
// `retired`): CSR instructions (they read the cycle counter and may switch cache modes), ecall,
// and everything the functional translator already leaves out.

import { OP_COUNT, OP_TIMING, TIMING_CLASS_NAMES, opOf } from '../core/ops';
import type { BlockTimer, BlockTiming, Operands } from '../core/translator';
import { ACCESS } from '../memsys/memory-system';
import { CLASS_COUNT, K_AMO, K_BRANCH, K_JUMP, K_LOAD, K_LR, K_SC, K_STORE, K_UNPIPELINED, REGS } from './timed-ops';
import type { TimedMachine } from './timed';

const BRANCH_CONDITIONS = [
  (a: string, b: string) => `${a} === ${b}`,
  (a: string, b: string) => `${a} !== ${b}`,
  (a: string, b: string) => `${a} < ${b}`,
  (a: string, b: string) => `${a} >= ${b}`,
  (a: string, b: string) => `(${a} >>> 0) < (${b} >>> 0)`,
  (a: string, b: string) => `(${a} >>> 0) >= (${b} >>> 0)`,
];

const SIZE_OF: Readonly<Record<string, number>> = { lb: 1, lbu: 1, lh: 2, lhu: 2, lw: 4, flw: 4, sb: 1, sh: 2, sw: 4, fsw: 4 };
const OP_SIZE = new Uint8Array(OP_COUNT).fill(4);
for (const [base, size] of Object.entries(SIZE_OF)) OP_SIZE[opOf(base)] = size;

const CSR_CLASS = TIMING_CLASS_NAMES.indexOf('csr');

/** The timing the translator pastes into blocks for machine `m` (its latencies are constants). */
export function blockTiming(m: TimedMachine): BlockTiming {
  const excluded = new Uint8Array(256);
  for (let op = 0; op < OP_COUNT; op++) if (OP_TIMING[op] === CSR_CLASS) excluded[op] = 1;
  const latency = Array.from(m.opLatency);
  const key = `timed:${latency.join(',')}:${m.takenPenalty}:${m.jumpPenalty}`;
  return {
    key,
    excluded,
    block: () => new TimedBlock(m),
    holds: (machine, h) => (machine as TimedMachine).holds(h.index),
  };
}

/**
 * The timing of one block. The ready times of the registers the block touches live in locals
 * (q<slot>, and m<slot> = 1 when the value comes from memory), as do the memory port's free
 * cycle (mf) and the per-class instruction counts (cc<class>); all are loaded on entry and stored
 * on every exit, so the arrays hold what `retired` would have left in them.
 */
class TimedBlock implements BlockTimer {
  private readonly m: TimedMachine;
  /** Register slots read or written, and those written. */
  private readonly used = new Set<number>();
  private readonly written = new Set<number>();
  private readonly classes = new Set<number>();
  private memory = false;
  /**
   * Per register slot, the first instruction position at which its ready time is proven not
   * after t (before that instruction's wait): every issue adds one cycle to t and nothing takes
   * any away, so a result of instruction j with latency L is ready by position j + L, and a
   * compared source is ready by the comparing position. Absent: unknown (the value came in with
   * the block or from memory). Blocks run straight through (or back to their start, where
   * nothing is known), so one pass in order is sound.
   */
  private readonly readyBy = new Map<number, number>();

  constructor(m: TimedMachine) {
    this.m = m;
  }

  after(p: number, op: number, o: Operands, exit: string): string {
    const m = this.m;
    const kind = m.opKind[op]!;
    const lat = m.opLatency[op]!;
    // The operand waits `retired` computes, minus those the block proves cannot bind: r starts at
    // t, so a source ready by t never raises it (see readyBy).
    const waits: string[] = [];
    const regs = [o.rs1, o.rs2, o.rs3];
    const offs = [m.rs1Off[op]!, m.rs2Off[op]!, m.rs3Off[op]!];
    const compared: number[] = [];
    for (let s = 0; s < 3; s++) {
      if (offs[s]! < 0) continue;
      const slot = offs[s]! + regs[s]!;
      if (slot === 0) continue; // x0: writes go to the sink slot (decode-cache.ts), so it is always ready
      this.used.add(slot);
      const by = this.readyBy.get(slot);
      if (by !== undefined && by <= p) continue;
      waits.push(`if (q${slot} > r) { r = q${slot}; fm = m${slot}; }`);
      compared.push(slot);
    }
    const memory = kind >= K_LOAD && kind <= K_SC;
    if (memory) {
      this.memory = true;
      waits.push('if (mf > r) { r = mf; fm = 1; }');
    } else if (kind === K_UNPIPELINED) {
      waits.push('if (UF[hk] > r) { r = UF[hk]; fm = 0; }');
    }
    const out: string[] = [];
    if (compared.length === 0 && memory) {
      // Only the memory port: its wait is a memory stall.
      out.push('if (mf > t) { MS[hk] += mf - t; t = mf; }');
    } else if (waits.length > 0) {
      out.push('r = t; fm = 0;', ...waits, 'if (r > t) { if (fm === 1) MS[hk] += r - t; else ES[hk] += r - t; t = r; }');
    }
    // After the wait, t is at least every compared ready time.
    for (const slot of compared) this.readyBy.set(slot, p);
    const cls = m.opClass[op]!;
    this.classes.add(cls);
    out.push(`is = t; t += 1; cc${cls} += 1;`);
    const rdOff = m.rdOff[op]!;
    const rd = rdOff < 0 ? -1 : rdOff + o.rd;
    if (rd >= 0) {
      this.used.add(rd);
      this.written.add(rd);
      // A load's register is ready when the hierarchy answers: unknown here.
      if (memory) this.readyBy.delete(rd);
      else this.readyBy.set(rd, p + (kind === K_JUMP ? 1 : lat));
    }
    if (memory) {
      let access: string;
      if (kind === K_LOAD) access = `${ACCESS.load}`;
      else if (kind === K_STORE) access = `${ACCESS.store}`;
      else if (kind === K_AMO) access = `${ACCESS.amo}`;
      else if (kind === K_LR) access = `${ACCESS.loadReserved}`;
      // A failed SC (rd = 1) writes nothing: timed as a read at memory (as in `retired`).
      else access = `(x${o.rd} !== 0 ? ${ACCESS.loadReserved} : ${ACCESS.amo})`;
      const address = kind === K_LOAD || kind === K_STORE ? 'ma' : 'h.memAddr';
      const loads = kind !== K_STORE && rd >= 0;
      const reg = loads ? `rb + ${rd}` : '-1';
      out.push(
        `d = M.perform(hk, ${kind}, ${access}, ${address}, ${accessSize(kind, op)}, ${o.pc}, is + ${lat}, ${reg}); ` +
          // Held: the register is not ready before the access is served (runEvents).
          `if (d < 0) { ${loads ? `q${rd} = Infinity; m${rd} = 1; ` : ''}E.stop = 1; ${exit} } ` +
          `mf = d;${loads ? ` q${rd} = d; m${rd} = 1;` : ''}`,
      );
      return out.join(' ');
    }
    let result = `is + ${lat}`;
    if (kind === K_BRANCH) {
      const cond = BRANCH_CONDITIONS[m.branchCond[op]!]!(`x${o.rs1}`, `x${o.rs2}`);
      if (m.takenPenalty !== 0) out.push(`if (${cond}) { t += ${m.takenPenalty}; ES[hk] += ${m.takenPenalty}; }`);
    } else if (kind === K_JUMP) {
      result = 'is + 1';
      if (m.jumpPenalty !== 0) out.push(`t += ${m.jumpPenalty}; ES[hk] += ${m.jumpPenalty};`);
    } else if (kind === K_UNPIPELINED) {
      out.push(`UF[hk] = is + ${lat};`);
    }
    if (rd >= 0) out.push(`q${rd} = ${result}; m${rd} = 0;`);
    return out.join(' ');
  }

  declarations(): readonly (readonly [string, string])[] {
    const slots = [...this.used].sort((a, b) => a - b);
    return [
      ['hk', 'h.index'], ['rb', `hk * ${REGS}`], ['cb', `hk * ${CLASS_COUNT}`],
      ['RD', 'M.ready'], ['RM', 'M.readyMem'], ['MF', 'M.memFree'], ['UF', 'M.unitFree'], ['CC', 'M.classCounts'],
      ['TM', 'M.time'], ['MS', 'M.memStall'], ['ES', 'M.execStall'],
      ['t', 'TM[hk]'], ['r', '0'], ['fm', '0'], ['is', '0'], ['ma', '0'], ['d', '0'],
      ...(this.memory ? [['mf', 'MF[hk]'] as const] : []),
      ...slots.flatMap((s) => [[`q${s}`, `RD[rb + ${s}]`], [`m${s}`, `RM[rb + ${s}]`]] as const),
      ...[...this.classes].sort((a, b) => a - b).map((c) => [`cc${c}`, '0'] as const),
    ];
  }

  epilogue(): string {
    const out = ['TM[hk] = t;'];
    if (this.memory) out.push('MF[hk] = mf;');
    for (const s of [...this.written].sort((a, b) => a - b)) out.push(`RD[rb + ${s}] = q${s}; RM[rb + ${s}] = m${s};`);
    for (const c of [...this.classes].sort((a, b) => a - b)) out.push(`CC[cb + ${c}] += cc${c};`);
    return out.join(' ');
  }
}

/** The access size `retired` uses: the load's or store's width; atomics are words. */
function accessSize(kind: number, op: number): number {
  return kind === K_LOAD || kind === K_STORE ? OP_SIZE[op]! : 4;
}
