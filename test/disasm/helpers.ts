// Shared by the disassembler tests: random valid encodings over the instruction table, and
// comparing our `gpesim disasm` text with objdump's.
import { FIELDS, type FieldName } from '../../toolchain/isa/fields';
import { INSTRUCTIONS } from '../../toolchain/isa/instructions';
import { run } from '../elf/tools';

/** A small seeded generator (LCG), so failures reproduce. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

export function setField(word: number, name: FieldName, value: number): number {
  let w = word >>> 0;
  for (const p of FIELDS[name].parts) {
    const width = p.hi - p.lo + 1;
    const bits = Math.floor(value / 2 ** p.valueLo) % 2 ** width;
    const mask = ((2 ** width - 1) * 2 ** p.lo) >>> 0;
    w = ((w & ~mask) >>> 0) + bits * 2 ** p.lo;
  }
  return w >>> 0;
}

// Values that select aliases (x0, ra, imm 0/1/-1, the named CSRs, rm dyn...) besides random ones.
const SPECIAL: Partial<Record<FieldName, readonly number[]>> = {
  rd: [0, 1, 3, 4], rs1: [0, 1, 3, 4], rs2: [0, 1], rm: [0, 1, 2, 3, 4, 5, 6, 7, 7, 7],
  imm12: [0, 1, 0xfff, 0x7ff, 0x800, 16], csr: [0x001, 0x002, 0x003, 0xc00, 0xc01, 0xc02, 0xc80, 0xc81, 0xc82, 0x300, 0xf14, 0xfc0, 0x7c0],
  fm: [0, 8], pred: [0, 3, 15], succ: [0, 3, 15], zimm: [0, 31], shamtw: [0, 31], imm12hi: [0], imm12lo: [0],
};

/** `count` random words, each a valid encoding of a random table entry. */
export function randomWords(count: number, seed: number): Uint32Array {
  const next = seeded(seed);
  const words = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const spec = INSTRUCTIONS[next() % INSTRUCTIONS.length]!;
    let w = spec.match;
    for (const f of spec.fields) {
      const special = SPECIAL[f];
      const value = special && next() % 2 === 0 ? special[next() % special.length]! : next();
      w = setField(w, f, value);
    }
    words[i] = w;
  }
  return words;
}

/** objdump -d text of a file, from the `Disassembly of section` lines on (no file header). */
export function objdumpBody(path: string, noAliases: boolean): string {
  const r = run('riscv64-unknown-elf-objdump', ['-d', ...(noAliases ? ['-M', 'no-aliases'] : []), path]);
  if (r.status !== 0 || r.stderr !== '') throw new Error(`objdump failed on ${path}: ${r.stderr}`);
  const at = r.stdout.indexOf('\nDisassembly of section');
  return at < 0 ? '' : r.stdout.slice(at);
}

/** The first differing line of two texts, for a readable failure message. */
export function firstDifference(ours: string, theirs: string): string | undefined {
  const a = ours.split('\n');
  const b = theirs.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}:\n  ours:    ${JSON.stringify(a[i])}\n  objdump: ${JSON.stringify(b[i])}`;
  }
  return undefined;
}
