// Finds the first instruction where gpesim and qemu-riscv32 part, for the failure message of a
// differential test. qemu runs one instruction per translation block (`-singlestep`) and logs
// the register file before each one (`-d cpu,fpu -dfilter START..END`); gpesim writes its
// Spike-style commit log (`--trace`: pc, raw word, register written and its value,
// disassembly). Walking both in step: the pcs must agree, and the registers qemu changed across
// an instruction must be exactly the ones gpesim reports writing, with the same values.

export interface QemuState {
  readonly pc: number;
  /** x0..x31 then f0..f31 (low 32 bits: qemu keeps f registers NaN-boxed to 64 bits). */
  readonly regs: Uint32Array;
}

export interface GpesimStep {
  readonly pc: number;
  /** Register index as in QemuState.regs (x: 0..31, f: 32..63) and the value written. */
  readonly writes: readonly { readonly reg: number; readonly value: number }[];
  readonly line: string;
}

const REG_NAME = (r: number) => (r < 32 ? `x${r}` : `f${r - 32}`);
const hex = (v: number) => (v >>> 0).toString(16).padStart(8, '0');

/** Parses qemu's `-d cpu,fpu` log: one state per ` pc  XXXXXXXX` block. */
export function parseQemuLog(text: string): QemuState[] {
  const states: QemuState[] = [];
  let current: { pc: number; regs: Uint32Array } | undefined;
  const reg = /\b([xf])(\d+)\/\S+\s+([0-9a-f]+)/g;
  for (const line of text.split('\n')) {
    const pc = /^\s*pc\s+([0-9a-f]+)\s*$/.exec(line);
    if (pc) {
      current = { pc: parseInt(pc[1]!, 16) >>> 0, regs: new Uint32Array(64) };
      states.push(current);
      continue;
    }
    if (current === undefined) continue;
    for (const m of line.matchAll(reg)) {
      const index = Number(m[2]) + (m[1] === 'f' ? 32 : 0);
      const digits = m[3]!;
      current.regs[index] = parseInt(digits.slice(-8), 16) >>> 0;
    }
  }
  return states;
}

/** Parses gpesim's `--trace` lines (`core   0: 3 0xPC (0xWORD) x5  0xVALUE ...  # disasm`). */
export function parseGpesimTrace(text: string, from: number, to: number): GpesimStep[] {
  const steps: GpesimStep[] = [];
  for (const line of text.split('\n')) {
    const m = /^core\s+\d+: \d+ 0x([0-9a-f]+) \(0x[0-9a-f]+\)(.*?)(?:\s+#.*)?$/.exec(line);
    if (!m) continue;
    const pc = parseInt(m[1]!, 16) >>> 0;
    if (pc < from || pc >= to) continue;
    const writes: { reg: number; value: number }[] = [];
    for (const w of m[2]!.matchAll(/\b([xf])(\d+)\s+0x([0-9a-f]+)/g)) {
      writes.push({ reg: Number(w[2]) + (w[1] === 'f' ? 32 : 0), value: parseInt(w[3]!, 16) >>> 0 });
    }
    steps.push({ pc, writes, line: line.trim() });
  }
  return steps;
}

/**
 * The first instruction whose effect on the registers or whose successor differs, described for
 * a human; undefined when the two runs agree on every step both logged.
 */
export function firstDivergence(qemu: readonly QemuState[], gpesim: readonly GpesimStep[]): string | undefined {
  const n = Math.min(qemu.length, gpesim.length);
  for (let k = 0; k < n; k++) {
    const q = qemu[k]!;
    const g = gpesim[k]!;
    if (q.pc !== g.pc) {
      const previous = k > 0 ? `after ${gpesim[k - 1]!.line}: ` : '';
      return `step ${k}: ${previous}qemu goes to pc 0x${hex(q.pc)}, gpesim to 0x${hex(g.pc)}`;
    }
    const next = qemu[k + 1];
    if (next === undefined) break;
    const problems: string[] = [];
    const written = new Set<number>();
    for (const w of g.writes) {
      if (w.reg === 0) continue;
      written.add(w.reg);
      if (next.regs[w.reg] !== w.value) problems.push(`${REG_NAME(w.reg)}: gpesim ${hex(w.value)}, qemu ${hex(next.regs[w.reg]!)}`);
    }
    for (let r = 1; r < 64; r++) {
      if (!written.has(r) && next.regs[r] !== q.regs[r]) {
        problems.push(`${REG_NAME(r)}: qemu changed it ${hex(q.regs[r]!)} -> ${hex(next.regs[r]!)}, gpesim did not write it`);
      }
    }
    if (problems.length > 0) return `step ${k}: ${g.line}\n    ${problems.join('\n    ')}`;
  }
  if (qemu.length !== gpesim.length) {
    return `the runs agree on ${n} steps, then qemu logged ${qemu.length} and gpesim ${gpesim.length} in the range`;
  }
  return undefined;
}
