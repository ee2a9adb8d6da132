// The semantics of every instruction, written once, as small code templates over the hart state
// (Spike's `insns/*.h` style: one to a few lines each, grouped by format). Engines expand them:
// the interpreter (engine.ts) pastes each into one case of its switch, reading operands from the
// predecoded arrays; a block translator can paste the same text with the operands as constants.
//
// The template language (plain JavaScript plus these names, expanded by the engine):
//   X, F            the hart's x registers (Int32Array(33); index 32 is the sink for writes to
//                   x0, so x0 always reads 0) and f registers (Uint32Array(32), raw bits;
//                   operands may reach the fp32 functions as int32 bit patterns, which they take)
//   $rd $rs1 $rs2 $rs3 $imm   predecoded operands: register numbers and the immediate. For
//                   branches and jal $imm is the absolute target, for auipc pc + imm, for shifts
//                   the shift amount, for CSR instructions the CSR number; csrr*i keep zimm in
//                   $rs1; FP instructions with a rounding mode keep it in $imm.
//   $rm             the resolved rounding mode 0..4 (dyn reads frm; invalid frm traps)
//   $pc $npc        the instruction's pc and pc + 4; $retired: instructions retired earlier in
//                   this engine call (the CSR counters add it)
//   h               the Hart (slow paths, CSRs, syscalls); lib functions: f32*, mulh*
//   LOAD_W(a) LOAD_H(a) LOAD_HU(a) LOAD_B(a) LOAD_BU(a)   expressions; `a` a plain identifier
//   STORE_W(a, v); STORE_H(a, v); STORE_B(a, v);          statements; `a`, `v` identifiers
//   NEXT = expr;    sets the next pc (a template without NEXT falls through to $npc)
//   TARGET(t)       t, or a misaligned-target trap when t is not a multiple of 4
//   STOP;           retire this instruction and leave the engine (the hart exited)
//   WAIT;           leave the engine before this instruction, which runs again on the next call
//                   (the timed machine orders output system calls in simulated time)
// Every x write goes through X[$rd], never X[rd-literal], so the x0 sink works.

export interface Semantic {
  readonly code: string;
}

const s = (code: string): Semantic => Object.freeze({ code });

// prettier-ignore
export const SEMANTICS: Readonly<Record<string, Semantic>> = Object.freeze({
  // U and J formats
  lui:    s('X[$rd] = $imm;'),
  auipc:  s('X[$rd] = $imm;'),
  jal:    s('NEXT = TARGET($imm); X[$rd] = $npc;'),
  // I format: jumps, loads, ALU with immediate
  jalr:   s('const t = (X[$rs1] + $imm) & ~1; NEXT = TARGET(t); X[$rd] = $npc;'),
  lb:     s('const a = (X[$rs1] + $imm) | 0; X[$rd] = LOAD_B(a);'),
  lh:     s('const a = (X[$rs1] + $imm) | 0; X[$rd] = LOAD_H(a);'),
  lw:     s('const a = (X[$rs1] + $imm) | 0; X[$rd] = LOAD_W(a);'),
  lbu:    s('const a = (X[$rs1] + $imm) | 0; X[$rd] = LOAD_BU(a);'),
  lhu:    s('const a = (X[$rs1] + $imm) | 0; X[$rd] = LOAD_HU(a);'),
  addi:   s('X[$rd] = (X[$rs1] + $imm) | 0;'),
  slti:   s('X[$rd] = X[$rs1] < $imm ? 1 : 0;'),
  sltiu:  s('X[$rd] = (X[$rs1] >>> 0) < ($imm >>> 0) ? 1 : 0;'),
  xori:   s('X[$rd] = X[$rs1] ^ $imm;'),
  ori:    s('X[$rd] = X[$rs1] | $imm;'),
  andi:   s('X[$rd] = X[$rs1] & $imm;'),
  slli:   s('X[$rd] = X[$rs1] << $imm;'),
  srli:   s('X[$rd] = X[$rs1] >>> $imm;'),
  srai:   s('X[$rd] = X[$rs1] >> $imm;'),
  // B format
  beq:    s('NEXT = X[$rs1] === X[$rs2] ? TARGET($imm) : $npc;'),
  bne:    s('NEXT = X[$rs1] !== X[$rs2] ? TARGET($imm) : $npc;'),
  blt:    s('NEXT = X[$rs1] < X[$rs2] ? TARGET($imm) : $npc;'),
  bge:    s('NEXT = X[$rs1] >= X[$rs2] ? TARGET($imm) : $npc;'),
  bltu:   s('NEXT = (X[$rs1] >>> 0) < (X[$rs2] >>> 0) ? TARGET($imm) : $npc;'),
  bgeu:   s('NEXT = (X[$rs1] >>> 0) >= (X[$rs2] >>> 0) ? TARGET($imm) : $npc;'),
  // S format
  sb:     s('const a = (X[$rs1] + $imm) | 0; const v = X[$rs2]; STORE_B(a, v);'),
  sh:     s('const a = (X[$rs1] + $imm) | 0; const v = X[$rs2]; STORE_H(a, v);'),
  sw:     s('const a = (X[$rs1] + $imm) | 0; const v = X[$rs2]; STORE_W(a, v);'),
  // R format: ALU
  add:    s('X[$rd] = (X[$rs1] + X[$rs2]) | 0;'),
  sub:    s('X[$rd] = (X[$rs1] - X[$rs2]) | 0;'),
  sll:    s('X[$rd] = X[$rs1] << (X[$rs2] & 31);'),
  slt:    s('X[$rd] = X[$rs1] < X[$rs2] ? 1 : 0;'),
  sltu:   s('X[$rd] = (X[$rs1] >>> 0) < (X[$rs2] >>> 0) ? 1 : 0;'),
  xor:    s('X[$rd] = X[$rs1] ^ X[$rs2];'),
  srl:    s('X[$rd] = X[$rs1] >>> (X[$rs2] & 31);'),
  sra:    s('X[$rd] = X[$rs1] >> (X[$rs2] & 31);'),
  or:     s('X[$rd] = X[$rs1] | X[$rs2];'),
  and:    s('X[$rd] = X[$rs1] & X[$rs2];'),
  // R format: M extension (x / 0 = -1, x % 0 = x; MIN / -1 = MIN, MIN % -1 = 0)
  mul:    s('X[$rd] = Math.imul(X[$rs1], X[$rs2]);'),
  mulh:   s('X[$rd] = mulh(X[$rs1], X[$rs2]);'),
  mulhsu: s('X[$rd] = mulhsu(X[$rs1], X[$rs2]);'),
  mulhu:  s('X[$rd] = mulhu(X[$rs1], X[$rs2]);'),
  div:    s('const a = X[$rs1], b = X[$rs2]; X[$rd] = b === 0 ? -1 : b === -1 ? -a | 0 : (a / b) | 0;'),
  divu:   s('const a = X[$rs1] >>> 0, b = X[$rs2] >>> 0; X[$rd] = b === 0 ? -1 : (a / b) | 0;'),
  rem:    s('const a = X[$rs1], b = X[$rs2]; X[$rd] = b === 0 ? a : b === -1 ? 0 : (a % b) | 0;'),
  remu:   s('const a = X[$rs1] >>> 0, b = X[$rs2] >>> 0; X[$rd] = b === 0 ? a | 0 : (a % b) | 0;'),
  // System and fences: machine mode only, every trap is fatal (see trap.ts)
  fence:  s(''),
  'fence.i': s('h.fenceI();'),
  ecall:  s('const e = h.ecall($pc); if (e === 1) STOP; if (e === 2) WAIT;'),
  ebreak: s('h.ebreak($pc);'),
  mret:   s('NEXT = TARGET(h.mret());'),
  wfi:    s(''),
  // A extension: the hart's slow paths check alignment and range and keep reservations
  'lr.w': s('X[$rd] = h.loadReserved(X[$rs1], $pc);'),
  'sc.w': s('X[$rd] = h.storeConditional(X[$rs1], X[$rs2], $pc);'),
  'amoswap.w': s('const a = X[$rs1], v = X[$rs2], t = h.amoLoad(a, $pc); h.amoStore(a, v); X[$rd] = t;'),
  'amoadd.w':  s('const a = X[$rs1], v = X[$rs2], t = h.amoLoad(a, $pc); h.amoStore(a, (t + v) | 0); X[$rd] = t;'),
  'amoxor.w':  s('const a = X[$rs1], v = X[$rs2], t = h.amoLoad(a, $pc); h.amoStore(a, t ^ v); X[$rd] = t;'),
  'amoand.w':  s('const a = X[$rs1], v = X[$rs2], t = h.amoLoad(a, $pc); h.amoStore(a, t & v); X[$rd] = t;'),
  'amoor.w':   s('const a = X[$rs1], v = X[$rs2], t = h.amoLoad(a, $pc); h.amoStore(a, t | v); X[$rd] = t;'),
  'amomin.w':  s('const a = X[$rs1], v = X[$rs2], t = h.amoLoad(a, $pc); h.amoStore(a, v < t ? v : t); X[$rd] = t;'),
  'amomax.w':  s('const a = X[$rs1], v = X[$rs2], t = h.amoLoad(a, $pc); h.amoStore(a, v > t ? v : t); X[$rd] = t;'),
  'amominu.w': s('const a = X[$rs1], v = X[$rs2], t = h.amoLoad(a, $pc); h.amoStore(a, (v >>> 0) < (t >>> 0) ? v : t); X[$rd] = t;'),
  'amomaxu.w': s('const a = X[$rs1], v = X[$rs2], t = h.amoLoad(a, $pc); h.amoStore(a, (v >>> 0) > (t >>> 0) ? v : t); X[$rd] = t;'),
  // F extension: loads and stores move raw bits; arithmetic is fp32.ts (flags accrue in fpStatus)
  flw:    s('const a = (X[$rs1] + $imm) | 0; F[$rd] = LOAD_W(a);'),
  fsw:    s('const a = (X[$rs1] + $imm) | 0; const v = F[$rs2] | 0; STORE_W(a, v);'),
  'fmadd.s':  s('F[$rd] = f32MulAdd(F[$rs1], F[$rs2], F[$rs3], $rm);'),
  'fmsub.s':  s('F[$rd] = f32MulAdd(F[$rs1], F[$rs2], F[$rs3] ^ 0x80000000, $rm);'),
  'fnmsub.s': s('F[$rd] = f32MulAdd(F[$rs1] ^ 0x80000000, F[$rs2], F[$rs3], $rm);'),
  'fnmadd.s': s('F[$rd] = f32MulAdd(F[$rs1] ^ 0x80000000, F[$rs2], F[$rs3] ^ 0x80000000, $rm);'),
  'fadd.s':   s('F[$rd] = f32Add(F[$rs1], F[$rs2], $rm);'),
  'fsub.s':   s('F[$rd] = f32Sub(F[$rs1], F[$rs2], $rm);'),
  'fmul.s':   s('F[$rd] = f32Mul(F[$rs1], F[$rs2], $rm);'),
  'fdiv.s':   s('F[$rd] = f32Div(F[$rs1], F[$rs2], $rm);'),
  'fsqrt.s':  s('F[$rd] = f32Sqrt(F[$rs1], $rm);'),
  'fsgnj.s':  s('F[$rd] = (F[$rs1] & 0x7fffffff) | (F[$rs2] & 0x80000000);'),
  'fsgnjn.s': s('F[$rd] = (F[$rs1] & 0x7fffffff) | (~F[$rs2] & 0x80000000);'),
  'fsgnjx.s': s('F[$rd] = F[$rs1] ^ (F[$rs2] & 0x80000000);'),
  'fmin.s':   s('F[$rd] = f32Min(F[$rs1], F[$rs2]);'),
  'fmax.s':   s('F[$rd] = f32Max(F[$rs1], F[$rs2]);'),
  'fcvt.w.s':  s('X[$rd] = f32ToI32(F[$rs1], $rm) | 0;'),
  'fcvt.wu.s': s('X[$rd] = f32ToU32(F[$rs1], $rm) | 0;'),
  'fmv.x.w':   s('X[$rd] = F[$rs1] | 0;'),
  'feq.s':     s('X[$rd] = f32Eq(F[$rs1], F[$rs2]);'),
  'flt.s':     s('X[$rd] = f32Lt(F[$rs1], F[$rs2]);'),
  'fle.s':     s('X[$rd] = f32Le(F[$rs1], F[$rs2]);'),
  'fclass.s':  s('X[$rd] = f32Class(F[$rs1]);'),
  'fcvt.s.w':  s('F[$rd] = i32ToF32(X[$rs1], $rm);'),
  'fcvt.s.wu': s('F[$rd] = u32ToF32(X[$rs1] >>> 0, $rm);'),
  'fmv.w.x':   s('F[$rd] = X[$rs1];'),
  // Zicsr: the hart checks existence and read-only-ness; rs1 = x0 / zimm = 0 means no write
  csrrw:  s('X[$rd] = h.csrAccess(0, $imm, X[$rs1], true, $pc, $retired);'),
  csrrs:  s('X[$rd] = h.csrAccess(1, $imm, X[$rs1], $rs1 !== 0, $pc, $retired);'),
  csrrc:  s('X[$rd] = h.csrAccess(2, $imm, X[$rs1], $rs1 !== 0, $pc, $retired);'),
  csrrwi: s('X[$rd] = h.csrAccess(0, $imm, $rs1, true, $pc, $retired);'),
  csrrsi: s('X[$rd] = h.csrAccess(1, $imm, $rs1, $rs1 !== 0, $pc, $retired);'),
  csrrci: s('X[$rd] = h.csrAccess(2, $imm, $rs1, $rs1 !== 0, $pc, $retired);'),
});
