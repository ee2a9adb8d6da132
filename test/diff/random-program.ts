// A seeded generator of random, valid RV32IMAF programs in GNU assembler syntax, for
// differential testing (qemu-riscv32 against gpesim). The instruction mix is derived from the
// instruction table: every non-privileged instruction except ecall/ebreak can appear, each with
// operands drawn from its syntax (register files, immediates, memory operands, rounding modes).
//
// One program holds several independent sequences. Each sequence:
//   1. points gp at its own 256-byte scratch buffer (random words, special floats) and loads
//      every other x register with `li` and every f register with `flw` from its own table;
//      sets fcsr to a random valid rounding mode;
//   2. runs `length` random items: single instructions, forward branches and jumps over later
//      items, small bounded loops, AMOs on the scratch buffer, lr/sc pairs, CSR accesses to
//      fflags/frm/fcsr (only ever leaving a valid frm, so `dyn` is never illegal);
//   3. stores x0..x31, f0..f31, fcsr and the 64 scratch words into a dump area and calls a
//      fixed printer that writes one `name hexvalue` line per word with the write syscall.
// gp is the only register the random code never writes (it is the scratch base). Everything
// runs in U mode as qemu-user requires: no M-mode CSRs, no counters (their values differ
// between emulators). Loads and stores are sometimes misaligned (both emulators perform them);
// AMOs and lr/sc always aligned (misaligned ones fault).
import { INSTRUCTIONS, type InstructionSpec } from '../../toolchain/isa/instructions';
import { F_ABI_NAMES, X_ABI_NAMES } from '../../toolchain/isa/registers';

/** A small deterministic PRNG (xorshift128), seeded through splitmix32 so that nearby seeds differ. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next() | 1;
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    let t = this.d;
    const s = this.a;
    this.d = this.c;
    this.c = this.b;
    this.b = s;
    t ^= t << 11;
    t ^= t >>> 8;
    this.a = (t ^ s ^ (s >>> 19)) >>> 0;
    return this.a;
  }

  /** An integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + (this.u32() % (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.u32() / 0x100000000 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.u32() % items.length]!;
  }
}

/** Integers that break things: zero, one, all ones, the signed extremes and their neighbours. */
const SPECIAL_INTS: readonly number[] = [
  0, 1, 2, 0xffffffff, 0xfffffffe, 0x7fffffff, 0x80000000, 0x80000001, 31, 32, 0xffff, 0x10000,
  0x8000, 0xffff8000, 0x7f, 0x80, 0xff, 0xffffff80, 0x55555555, 0xaaaaaaaa,
];

/** Float bit patterns: zeros, subnormals, normals near 1, extremes, infinities, NaNs, boundaries. */
const SPECIAL_FLOATS: readonly number[] = [
  0x00000000, 0x80000000, 0x00000001, 0x80000001, 0x007fffff, 0x00800000, 0x80800000, 0x3f800000,
  0xbf800000, 0x3f800001, 0x3f7fffff, 0x40000000, 0x3fc00000, 0x40200000, 0xbfc00000, 0x3f000000,
  0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7fc12345, 0x7f800001,
  0xff812345, 0x7fbfffff, 0x4f000000, 0xcf000000, 0x4f800000, 0x4effffff, 0x33800000, 0x4b800000,
];

const ROUNDING = ['rne', 'rtz', 'rdn', 'rup', 'rmm', 'dyn'] as const;
const FENCE_SETS = ['rw', 'iorw', 'r', 'w', 'i', 'o', 'io', 'or', 'iw', 'rw'] as const;
const GP = 3;
const SCRATCH_BYTES = 256;

/** Instructions the random body may use: everything but privileged ones, ecall and ebreak. */
export const RANDOM_INSTRUCTIONS: readonly InstructionSpec[] = INSTRUCTIONS.filter(
  (s) => s.extension !== 'Priv' && s.base !== 'ecall' && s.base !== 'ebreak',
);
const BASES: readonly string[] = [...new Set(RANDOM_INSTRUCTIONS.map((s) => s.base))];
const BY_BASE = new Map<string, InstructionSpec[]>();
for (const s of RANDOM_INSTRUCTIONS) BY_BASE.set(s.base, [...(BY_BASE.get(s.base) ?? []), s]);

const LOAD_SIZE: Record<string, number> = { lb: 1, lbu: 1, lh: 2, lhu: 2, lw: 4, flw: 4, sb: 1, sh: 2, sw: 4, fsw: 4 };
/** Single-word instructions with only register and immediate operands: loop bodies and skipped slots. */
const SIMPLE_BASES: readonly string[] = BASES.filter((b) => {
  const s = BY_BASE.get(b)![0]!;
  return s.syntax.every((k) => ['xd', 'xs1', 'xs2', 'fd', 'fs1', 'fs2', 'fs3', 'imm12', 'shamt', 'uimm20', 'rm'].includes(k));
});

export interface GeneratorOptions {
  /** Independent sequences in one program (each ends with a register dump). */
  readonly sequences: number;
  /** Random items per sequence (an item is one instruction or a small group). */
  readonly length: number;
}

export interface GeneratedProgram {
  readonly source: string;
  /** Random instructions emitted (table instructions, not counting setup, dump and printer). */
  readonly randomInstructions: number;
  /** Mnemonics used, for the coverage check. */
  readonly mnemonics: ReadonlySet<string>;
}

/** Lines each sequence prints: a header, x0..x31, f0..f31, fcsr, 64 scratch words. */
export const LINES_PER_SEQUENCE = 1 + 32 + 32 + 1 + SCRATCH_BYTES / 4;
const DUMP_WORDS = LINES_PER_SEQUENCE;
const LINE_BYTES = 14; // 5-character name, 8 hex digits, newline

/** The seed of program `index` in a run seeded with `seed`. */
export function programSeed(seed: number, index: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77)) >>> 0;
}

const hex = (v: number) => `0x${(v >>> 0).toString(16)}`;

/** The printed names, in dump order, each padded to five characters. */
function lineNames(): string[] {
  const names = ['seq'];
  for (let i = 0; i < 32; i++) names.push(`x${i}`);
  for (let i = 0; i < 32; i++) names.push(`f${i}`);
  names.push('fcsr');
  for (let i = 0; i < SCRATCH_BYTES / 4; i++) names.push(`m${(i * 4).toString(16).padStart(2, '0')}`);
  return names.map((n) => n.padEnd(5));
}

class Generator {
  private readonly lines: string[] = [];
  private readonly data: string[] = [];
  private labelCount = 0;
  private randomCount = 0;
  readonly mnemonics = new Set<string>();

  constructor(private readonly rng: Rng, private readonly options: GeneratorOptions) {}

  generate(): GeneratedProgram {
    const emit = (line: string) => this.lines.push(line);
    emit('\t.text');
    emit('\t.globl _start');
    emit('_start:');
    for (let s = 0; s < this.options.sequences; s++) this.sequence(s);
    emit('\tli a0, 0');
    emit('\tli a7, 93');
    emit('\tecall');
    this.printer();
    this.data.push('\t.data', '\t.p2align 2', 'diff_template:');
    for (const name of lineNames()) this.data.push(`\t.ascii "${name}........\\n"`);
    return {
      source: [...this.lines, ...this.data, ''].join('\n'),
      randomInstructions: this.randomCount,
      mnemonics: this.mnemonics,
    };
  }

  private label(prefix: string): string {
    return `${prefix}_${this.labelCount++}`;
  }

  // ----- operand choices -------------------------------------------------------------------

  // Registers come mostly from a small per-sequence working set, so that results feed later
  // instructions (long dependence chains reach rounding boundaries, NaN payloads, carries).
  private hotX: number[] = [];
  private hotF: number[] = [];

  private pickHot(): void {
    this.hotX = [];
    while (this.hotX.length < 6) {
      const r = this.rng.int(1, 31);
      if (r !== GP && !this.hotX.includes(r)) this.hotX.push(r);
    }
    this.hotF = Array.from({ length: 6 }, () => this.rng.int(0, 31));
  }

  private xDest(avoid: readonly number[] = []): string {
    for (;;) {
      const r = this.rng.chance(0.03) ? 0 : this.rng.chance(0.7) ? this.rng.pick(this.hotX) : this.rng.int(1, 31);
      if (r !== GP && !avoid.includes(r)) return X_ABI_NAMES[r]!;
    }
  }

  private xSource(): string {
    return X_ABI_NAMES[this.rng.chance(0.7) ? this.rng.pick(this.hotX) : this.rng.int(0, 31)]!;
  }

  private f(): string {
    return F_ABI_NAMES[this.rng.chance(0.7) ? this.rng.pick(this.hotF) : this.rng.int(0, 31)]!;
  }

  private imm12(): number {
    const r = this.rng.int(0, 9);
    if (r === 0) return this.rng.pick([0, 1, -1, 2047, -2048, 2046, -2047, 0x7ff, -0x800]);
    if (r < 5) return this.rng.int(-16, 16);
    return this.rng.int(-2048, 2047);
  }

  private intValue(): number {
    const r = this.rng.int(0, 9);
    if (r < 4) return this.rng.pick(SPECIAL_INTS);
    if (r < 6) return this.rng.pick(SPECIAL_FLOATS);
    if (r < 7) return this.rng.int(0, 64);
    return this.rng.u32();
  }

  private floatValue(): number {
    const r = this.rng.int(0, 9);
    if (r < 5) return this.rng.pick(SPECIAL_FLOATS);
    if (r < 8) {
      // near 1.0, so that operations between registers interact and round
      const exp = this.rng.int(118, 136);
      return ((this.rng.u32() & 0x80000000) | (exp << 23) | (this.rng.u32() & 0x7fffff)) >>> 0;
    }
    return this.rng.u32();
  }

  /** An aligned offset into the scratch buffer for an access of `size` bytes. */
  private scratchOffset(size: number): number {
    return this.rng.int(0, SCRATCH_BYTES / size - 1) * size;
  }

  // ----- sequence ----------------------------------------------------------------------------

  private sequence(index: number): void {
    const emit = (line: string) => this.lines.push(line);
    const scratch = `diff_scratch_${index}`;
    const finit = `diff_finit_${index}`;
    const dump = `diff_dump_${index}`;
    this.data.push('\t.data', '\t.p2align 2', `${scratch}:`);
    for (let i = 0; i < SCRATCH_BYTES / 4; i++) this.data.push(`\t.word ${hex(this.rng.chance(0.5) ? this.floatValue() : this.intValue())}`);
    this.data.push(`${finit}:`);
    for (let i = 0; i < 32; i++) this.data.push(`\t.word ${hex(this.floatValue())}`);
    this.data.push(`${dump}:`, `\t.zero ${DUMP_WORDS * 4}`);

    this.pickHot();
    emit(`# ----- sequence ${index}`);
    emit(`diff_seq_${index}:`); // [diff_seq_k, diff_seq_k_end) is what a divergence search traces
    emit(`\tla gp, ${finit}`);
    for (let i = 0; i < 32; i++) emit(`\tflw ${F_ABI_NAMES[i]}, ${i * 4}(gp)`);
    emit(`\tla gp, ${scratch}`);
    emit(`\tli t0, ${hex((this.rng.int(0, 4) << 5) | this.rng.int(0, 31))}`);
    emit('\tfscsr t0');
    for (let r = 1; r < 32; r++) if (r !== GP) emit(`\tli ${X_ABI_NAMES[r]}, ${hex(this.intValue())}`);

    // Items; a forward branch or jump from item i lands before item i + k.
    const pending = new Map<number, string[]>();
    for (let i = 0; i < this.options.length; i++) {
      for (const l of pending.get(i) ?? []) emit(`${l}:`);
      pending.delete(i);
      const forward = (): string => {
        const target = i + this.rng.int(1, 6);
        const l = this.label('fwd');
        pending.set(target, [...(pending.get(target) ?? []), l]);
        return l;
      };
      this.item(forward);
    }
    for (const ls of pending.values()) for (const l of ls) emit(`${l}:`);

    emit(`diff_seq_${index}_end:`);
    // Dump, laid out as the printer reads it: [0] sequence number, [1..32] x0..x31,
    // [33..64] f0..f31, [65] fcsr, [66..] scratch words. The dump follows scratch and finit in
    // .data, so gp (the scratch base, never written by random code) reaches it directly.
    const base = SCRATCH_BYTES + 32 * 4;
    for (let r = 0; r < 32; r++) emit(`\tsw ${X_ABI_NAMES[r]}, ${base + 4 * (1 + r)}(gp)`);
    for (let r = 0; r < 32; r++) emit(`\tfsw ${F_ABI_NAMES[r]}, ${base + 4 * (33 + r)}(gp)`);
    emit('\tfrcsr t0');
    emit(`\tsw t0, ${base + 4 * 65}(gp)`);
    emit(`\tla a0, ${dump}`);
    emit(`\tli t0, ${index}`);
    emit('\tsw t0, 0(a0)');
    for (let w = 0; w < SCRATCH_BYTES / 4; w++) {
      emit(`\tlw t0, ${4 * w}(gp)`);
      emit(`\tsw t0, ${4 * (66 + w)}(a0)`);
    }
    emit('\tcall diff_print');
  }

  /** One random item: an instruction or a small group. */
  private item(forward: () => string): void {
    const r = this.rng.int(0, 99);
    if (r < 6) return this.branch(forward);
    if (r < 8) return this.jump(forward);
    if (r < 10) return this.loop();
    if (r < 12) return this.reload();
    this.instruction(this.rng.pick(BASES), forward, []);
  }

  private countAndMark(spec: InstructionSpec): void {
    this.randomCount++;
    this.mnemonics.add(spec.mnemonic);
  }

  private branch(forward: () => string): void {
    const spec = this.rng.pick(RANDOM_INSTRUCTIONS.filter((s) => s.timing === 'branch'));
    this.countAndMark(spec);
    const rs1 = this.xSource();
    const rs2 = this.rng.chance(0.15) ? rs1 : this.xSource();
    this.lines.push(`\t${spec.mnemonic} ${rs1}, ${rs2}, ${forward()}`);
  }

  private jump(forward: () => string): void {
    if (this.rng.chance(0.5)) {
      const spec = BY_BASE.get('jal')![0]!;
      this.countAndMark(spec);
      this.lines.push(`\tjal ${this.xDest()}, ${forward()}`);
      return;
    }
    // jalr over one instruction, through a base that is not the target itself.
    const jalr = BY_BASE.get('jalr')![0]!;
    const auipc = BY_BASE.get('auipc')![0]!;
    const addi = BY_BASE.get('addi')![0]!;
    this.countAndMark(auipc);
    this.countAndMark(addi);
    this.countAndMark(jalr);
    const tmp = this.xDest([0]);
    const k = this.rng.int(-64, 64);
    this.lines.push(`\tauipc ${tmp}, 0`, `\taddi ${tmp}, ${tmp}, ${k}`, `\tjalr ${this.xDest()}, ${16 - k}(${tmp})`);
    this.instruction(this.rng.pick(SIMPLE_BASES), () => '', []);
  }

  /** `for (c = n; c != 0; c--) { body }` with a body that never writes c. */
  private loop(): void {
    const c = this.rng.int(1, 31);
    if (c === GP) return;
    const name = X_ABI_NAMES[c]!;
    const head = this.label('loop');
    this.lines.push(`\tli ${name}, ${this.rng.int(1, 4)}`, `${head}:`);
    const body = this.rng.int(1, 4);
    for (let i = 0; i < body; i++) this.instruction(this.rng.pick(SIMPLE_BASES), () => '', [c]);
    this.countAndMark(BY_BASE.get('addi')![0]!);
    this.countAndMark(BY_BASE.get('bne')![0]!);
    this.lines.push(`\taddi ${name}, ${name}, -1`, `\tbne ${name}, zero, ${head}`);
  }

  /** Re-injects special values, so that random arithmetic does not drift away from them. */
  private reload(): void {
    const x = this.xDest([0]);
    if (this.rng.chance(0.5)) {
      this.lines.push(`\tli ${x}, ${hex(this.intValue())}`);
    } else {
      this.countAndMark(BY_BASE.get('fmv.w.x')![0]!);
      this.lines.push(`\tli ${x}, ${hex(this.floatValue())}`, `\tfmv.w.x ${this.f()}, ${x}`);
    }
  }

  /** One table instruction with random operands; `avoid` are x registers it must not write. */
  private instruction(base: string, forward: () => string, avoid: readonly number[]): void {
    const spec = this.rng.pick(BY_BASE.get(base)!);
    const m = spec.mnemonic;
    const emit = (text: string) => {
      this.countAndMark(spec);
      this.lines.push(`\t${text}`);
    };
    const xd = () => this.xDest(avoid);
    const tmpReg = (): number => {
      for (;;) {
        const r = this.rng.int(1, 31);
        if (r !== GP && !avoid.includes(r)) return r;
      }
    };

    switch (spec.timing) {
      case 'branch':
      case 'jump':
        // item() picked a control transfer: forward targets only (loop bodies and skipped
        // slots use SIMPLE_BASES, which has none).
        if (base === 'jal') return emit(`jal ${xd()}, ${forward()}`);
        if (base === 'jalr') return this.jump(forward);
        return emit(`${m} ${this.xSource()}, ${this.xSource()}, ${forward()}`);
      case 'load':
      case 'fp-load':
      case 'store':
      case 'fp-store': {
        const size = LOAD_SIZE[base]!;
        // now and then misaligned (qemu-user performs such accesses, and so does gpesim)
        const off = size > 1 && this.rng.chance(0.08) ? this.rng.int(0, SCRATCH_BYTES - size) : this.scratchOffset(size);
        const value = spec.syntax[0] === 'xd' ? xd() : spec.syntax[0] === 'xs2' ? this.xSource() : this.f();
        if (this.rng.chance(0.3)) {
          // through another base register, with a negative or positive displacement
          const tmp = tmpReg();
          const disp = this.rng.int(-512, 512);
          this.lines.push(`\taddi ${X_ABI_NAMES[tmp]}, gp, ${off - disp}`);
          return emit(`${m} ${value}, ${disp}(${X_ABI_NAMES[tmp]})`);
        }
        return emit(`${m} ${value}, ${off}(gp)`);
      }
      case 'atomic': {
        const tmp = tmpReg();
        const t = X_ABI_NAMES[tmp]!;
        this.lines.push(`\taddi ${t}, gp, ${this.scratchOffset(4)}`);
        if (base === 'lr.w') {
          // a pair: lr, up to two simple instructions that do not touch memory, sc to the same
          // address (succeeds) or, rarely, to another one (fails)
          emit(`${m} ${this.xDest([...avoid, tmp])}, (${t})`); // keeps the address for the sc
          const between = this.rng.int(0, 2);
          for (let i = 0; i < between; i++) this.instruction(this.rng.pick(SIMPLE_BASES), () => '', [...avoid, tmp]);
          const sc = this.rng.pick(BY_BASE.get('sc.w')!);
          this.countAndMark(sc);
          if (this.rng.chance(0.15)) {
            const other = tmpReg();
            this.lines.push(`\taddi ${X_ABI_NAMES[other]}, gp, ${this.scratchOffset(4)}`);
            this.lines.push(`\t${sc.mnemonic} ${xd()}, ${this.xSource()}, (${X_ABI_NAMES[other]})`);
          } else {
            this.lines.push(`\t${sc.mnemonic} ${xd()}, ${this.xSource()}, (${t})`);
          }
          return;
        }
        // amo*.w, or an sc.w with no reservation (fails, writes nothing)
        return emit(`${m} ${xd()}, ${this.xSource()}, (${t})`);
      }
      case 'csr':
        return this.csr(spec, avoid);
      case 'fence':
        if (base === 'fence.i') return emit('fence.i');
        return emit(`fence ${this.rng.pick(FENCE_SETS)}, ${this.rng.pick(FENCE_SETS)}`);
      case 'system':
        throw new Error(`random-program: ${m} is not generated`);
      default: {
        const ops = spec.syntax.map((kind) => {
          switch (kind) {
            case 'xd': return xd();
            case 'xs1': case 'xs2': return this.xSource();
            case 'fd': case 'fs1': case 'fs2': case 'fs3': return this.f();
            case 'imm12': return String(this.imm12());
            case 'shamt': return String(this.rng.chance(0.3) ? this.rng.pick([0, 1, 31, 16]) : this.rng.int(0, 31));
            case 'uimm20': return hex(this.rng.chance(0.2) ? this.rng.pick([0, 0xfffff, 0x80000, 1]) : this.rng.u32() >>> 12);
            case 'rm': return this.rng.pick(ROUNDING);
            default: throw new Error(`random-program: operand ${kind} of ${m} is not generated here`);
          }
        });
        return emit(`${m} ${ops.join(', ')}`);
      }
    }
  }

  /**
   * Zicsr on the FP CSRs, keeping frm valid: writes of frm/fcsr go through a register loaded
   * with a valid mode (and random bits the CSR must drop), set-bits on frm only with zero.
   */
  private csr(spec: InstructionSpec, avoid: readonly number[]): void {
    const csr = this.rng.pick(['fflags', 'frm', 'fcsr'] as const);
    const base = spec.base;
    const imm = base.endsWith('i');
    const xd = this.xDest(avoid);
    const push = (text: string) => {
      this.countAndMark(spec);
      this.lines.push(`\t${text}`);
    };
    if (imm) {
      let z = this.rng.int(0, 31);
      if (csr === 'frm' && base === 'csrrwi') z = (this.rng.int(0, 3) << 3) | this.rng.int(0, 4);
      if (csr === 'frm' && base === 'csrrsi') z = 0;
      return push(`${base} ${xd}, ${csr}, ${z}`);
    }
    const needsValid = (csr === 'frm' || csr === 'fcsr') && (base === 'csrrw' || base === 'csrrs');
    if (!needsValid) return push(`${base} ${xd}, ${csr}, ${this.xSource()}`);
    let tmp: number;
    do tmp = this.rng.int(1, 31);
    while (tmp === GP || avoid.includes(tmp));
    const t = X_ABI_NAMES[tmp]!;
    const noise = this.rng.u32() & 0xffffff00;
    let value: number;
    if (base === 'csrrs') value = csr === 'frm' ? 0 : (noise | this.rng.int(0, 31)) >>> 0; // never sets frm bits
    else if (csr === 'frm') value = ((noise & 0xfffffff8) | this.rng.int(0, 4)) >>> 0;
    else value = (noise | (this.rng.int(0, 4) << 5) | this.rng.int(0, 31)) >>> 0;
    this.lines.push(`\tli ${t}, ${hex(value)}`);
    push(`${base} ${xd}, ${csr}, ${t}`);
  }

  /**
   * diff_print(a0 = dump): fills the hex digits of diff_template from the dump words and writes
   * it to stdout. Uses only t0-t6 and a0-a2/a7 and returns with ra (the sequence is over, all
   * registers already dumped).
   */
  private printer(): void {
    this.lines.push(
      'diff_print:',
      '\tla t1, diff_template + 5',
      `\tli t2, ${DUMP_WORDS}`,
      'diff_print_word:',
      '\tlw t0, 0(a0)',
      '\tli t3, 8',
      'diff_print_digit:',
      '\tsrli t4, t0, 28',
      '\taddi t4, t4, 48',
      '\tli t5, 58',
      '\tblt t4, t5, diff_print_store',
      '\taddi t4, t4, 39',
      'diff_print_store:',
      '\tsb t4, 0(t1)',
      '\taddi t1, t1, 1',
      '\tslli t0, t0, 4',
      '\taddi t3, t3, -1',
      '\tbne t3, zero, diff_print_digit',
      `\taddi t1, t1, ${LINE_BYTES - 8}`,
      '\taddi a0, a0, 4',
      '\taddi t2, t2, -1',
      '\tbne t2, zero, diff_print_word',
      '\tli a0, 1',
      '\tla a1, diff_template',
      `\tli a2, ${DUMP_WORDS * LINE_BYTES}`,
      '\tli a7, 64',
      '\tecall',
      '\tret',
    );
  }
}

/** Generates one random program; the same (seed, options) always give the same text. */
export function generateProgram(seed: number, options: GeneratorOptions): GeneratedProgram {
  return new Generator(new Rng(seed), options).generate();
}
