// Seeded random assembly programs for the differential test against GNU as + ld.

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 4294967296;
  };
}

const X = ['zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 's2', 't6'];
const F = ['ft0', 'ft1', 'fa0', 'fa1', 'fs0', 'ft11'];

export function randomProgram(seed: number, labels = 24): string {
  const rnd = seeded(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const x = () => pick(X);
  const lab = () => `L${int(0, labels - 1)}`;
  const out = ['  .text', '  .globl _start', '_start:', '1:'];
  const gens: (() => string)[] = [
    () => `  addi ${x()}, ${x()}, ${int(-2048, 2047)}`,
    () => `  li ${x()}, ${pick([int(-2048, 2047), int(-0x80000000, 0x7fffffff), int(0, 0xffffffff) >>> 0, 0x800, -0x801, 0x7ffff800])}`,
    () => `  ${pick(['add', 'sub', 'xor', 'mul', 'divu', 'sltu', 'sra'])} ${x()}, ${x()}, ${x()}`,
    () => `  ${pick(['beq', 'bne', 'blt', 'bgeu', 'bgt', 'bleu'])} ${x()}, ${x()}, ${lab()}`,
    () => `  ${pick(['beqz', 'bnez', 'bltz', 'bgtz'])} ${x()}, ${pick([lab(), 'far_text', 'datum', '1f', '1b'])}`,
    () => `  ${pick(['j', 'jal', 'call', 'tail'])} ${pick([lab(), 'far_text'])}`,
    () => `  ${pick(['la', 'lla'])} ${x()}, ${pick(['datum', 'datum + 8', lab(), 'far_text'])}`,
    () => `  ${pick(['lw', 'lbu', 'lh'])} ${x()}, ${pick(['datum', `${int(-2048, 2047)}(${x()})`])}`,
    () => `  sw ${x()}, ${pick(['datum, t0', `${int(-2048, 2047)}(${x()})`])}`,
    () => `  fadd.s ${pick(F)}, ${pick(F)}, ${pick(F)}${pick(['', ', rtz', ', dyn'])}`,
    () => `  csrr ${x()}, ${pick(['mhartid', 'cycle', 'fcsr', '0x7c0'])}`,
    () => `  .space ${4 * pick([int(0, 4), int(997, 1025), int(250, 525)])}`,
    () => `  .p2align ${int(0, 5)}`,
    () => `  .half ${int(0, 65535)}\n  .p2align 2\n  .half ${int(-32768, 32767)}`,
    () => `1:\n  nop`,
    () => `  lui ${x()}, %hi(datum)\n  addi ${x()}, ${x()}, %lo(datum)`,
  ];
  let next = 0;
  for (let i = 0; i < 160; i++) {
    if (next < labels && rnd() < labels / 160) out.push(`L${next++}:`);
    out.push(pick(gens)());
  }
  while (next < labels) out.push(`L${next++}:`);
  out.push('1:', '  ret', '  .section .text.far, "ax"', 'far_text:', '  ret', '  .data', '  .word 1, L0, far_text', 'datum:', '  .word 7, 8, 9', '  .bss', '  .zero 12', '');
  return out.join('\n');
}

