# Every instruction of the table, several operand shapes each (generated once, checked in).
  .text
  .globl _start
_start:
  lui s6, 0
  lui x28, 0xfffff
  lui x28, 961890
  auipc a5, 0
  auipc x23, 0xfffff
  auipc x4, 400303
  jal s2, _start
  jal x22, 1f
  jal x9, .+8
  jalr s9, -2048(t1)
  jalr x8, 2047(x28)
  jalr x0, 1838(x20)
  beq sp, zero, _start
  beq x6, x30, 1f
  beq x24, x2, .+8
  bne t5, t6, _start
  bne x11, x1, 1f
  bne x0, x19, .+8
  blt t2, s10, _start
  blt x25, x24, 1f
  blt x24, x9, .+8
  bge s5, s0, _start
  bge x10, x10, 1f
  bge x31, x0, .+8
  bltu s0, s8, _start
  bltu x4, x28, 1f
  bltu x31, x16, .+8
  bgeu a6, s7, _start
  bgeu x27, x14, 1f
  bgeu x15, x14, .+8
  lb t2, -2048(a2)
  lb x29, 2047(x11)
  lb x20, 704(x3)
  lh sp, -2048(s3)
  lh x10, 2047(x21)
  lh x17, -1263(x14)
  lw t0, -2048(t0)
  lw x26, 2047(x1)
  lw x18, 1808(x3)
  lbu a0, -2048(a2)
  lbu x7, 2047(x7)
  lbu x10, -373(x12)
  lhu t1, -2048(s9)
  lhu x29, 2047(x26)
  lhu x30, -354(x11)
  sb t0, -2048(a0)
  sb x9, 2047(x28)
  sb x30, 1459(x12)
  sh a3, -2048(s6)
  sh x0, 2047(x13)
  sh x30, 602(x16)
  sw zero, -2048(s6)
  sw x25, 2047(x11)
  sw x15, -1203(x10)
  addi a0, sp, -2048
  addi x24, x28, 2047
  addi x6, x19, -976
  slti t0, sp, -2048
  slti x16, x14, 2047
  slti x26, x9, 736
  sltiu s7, zero, -2048
  sltiu x24, x8, 2047
  sltiu x22, x17, 1111
  xori s10, ra, -2048
  xori x18, x7, 2047
  xori x26, x2, -1725
  ori t5, ra, -2048
  ori x12, x7, 2047
  ori x25, x28, 1630
  andi zero, s6, -2048
  andi x13, x16, 2047
  andi x3, x0, -954
  slli a6, s2, 0
  slli x29, x6, 31
  slli x6, x19, 6
  srli s4, a6, 0
  srli x29, x30, 31
  srli x7, x23, 20
  srai a5, t4, 0
  srai x18, x27, 31
  srai x2, x20, 0
  add a6, a2, s6
  add x10, x4, x9
  add x19, x4, x25
  sub tp, s0, t3
  sub x12, x10, x17
  sub x28, x26, x7
  sll s1, a6, t3
  sll x7, x13, x6
  sll x17, x21, x25
  slt s0, s3, t5
  slt x9, x3, x0
  slt x14, x25, x3
  sltu a7, a7, tp
  sltu x20, x5, x19
  sltu x7, x1, x22
  xor t6, t4, s7
  xor x1, x2, x4
  xor x2, x2, x7
  srl s6, a3, s5
  srl x28, x16, x6
  srl x21, x11, x14
  sra s7, t6, ra
  sra x11, x13, x15
  sra x9, x5, x19
  or ra, a7, s6
  or x22, x16, x3
  or x26, x2, x25
  and a2, a5, gp
  and x24, x24, x15
  and x5, x9, x18
  fence io, ir
  fence w, rw
  fence io, r
  ecall
  ebreak
  fence.i
  mret
  wfi
  mul a5, gp, a4
  mul x6, x29, x18
  mul x21, x2, x13
  mulh t6, s4, t3
  mulh x26, x23, x7
  mulh x30, x1, x6
  mulhsu a0, s5, t5
  mulhsu x24, x24, x12
  mulhsu x13, x24, x14
  mulhu a6, s1, s4
  mulhu x8, x13, x15
  mulhu x22, x1, x15
  div s11, a0, s6
  div x2, x9, x30
  div x3, x17, x20
  divu t3, tp, s1
  divu x25, x17, x21
  divu x22, x20, x8
  rem a7, tp, ra
  rem x15, x21, x30
  rem x27, x16, x29
  remu a7, t6, s8
  remu x4, x9, x9
  remu x19, x7, x17
  lr.w s5, (a2)
  lr.w x2, 0(x22)
  lr.w x30, (x16)
  lr.w.aq a7, (t0)
  lr.w.aq x1, 0(x11)
  lr.w.aq x15, (x7)
  lr.w.rl s10, (s1)
  lr.w.rl x26, 0(x11)
  lr.w.rl x4, (x21)
  lr.w.aqrl a2, (s11)
  lr.w.aqrl x29, 0(x28)
  lr.w.aqrl x1, (x4)
  sc.w t6, a0, (s7)
  sc.w x18, x7, 0(x11)
  sc.w x8, x17, (x16)
  sc.w.aq a0, a7, (a2)
  sc.w.aq x24, x21, 0(x14)
  sc.w.aq x16, x25, (x21)
  sc.w.rl s10, s1, (a6)
  sc.w.rl x25, x19, 0(x2)
  sc.w.rl x24, x12, (x19)
  sc.w.aqrl s1, a5, (s9)
  sc.w.aqrl x22, x8, 0(x15)
  sc.w.aqrl x13, x26, (x11)
  amoswap.w s5, s3, (s9)
  amoswap.w x0, x28, 0(x25)
  amoswap.w x16, x17, (x2)
  amoswap.w.aq s1, s11, (a1)
  amoswap.w.aq x1, x16, 0(x21)
  amoswap.w.aq x26, x22, (x26)
  amoswap.w.rl s11, a0, (t3)
  amoswap.w.rl x18, x9, 0(x6)
  amoswap.w.rl x17, x5, (x27)
  amoswap.w.aqrl s11, a5, (t6)
  amoswap.w.aqrl x13, x21, 0(x19)
  amoswap.w.aqrl x12, x26, (x31)
  amoadd.w s8, s7, (t6)
  amoadd.w x7, x27, 0(x13)
  amoadd.w x24, x23, (x25)
  amoadd.w.aq s10, zero, (s11)
  amoadd.w.aq x11, x10, 0(x20)
  amoadd.w.aq x1, x16, (x8)
  amoadd.w.rl a6, s3, (sp)
  amoadd.w.rl x1, x16, 0(x30)
  amoadd.w.rl x31, x1, (x16)
  amoadd.w.aqrl a4, zero, (s4)
  amoadd.w.aqrl x11, x15, 0(x4)
  amoadd.w.aqrl x6, x30, (x12)
  amoxor.w t0, sp, (tp)
  amoxor.w x18, x0, 0(x21)
  amoxor.w x27, x13, (x17)
  amoxor.w.aq a0, t4, (s0)
  amoxor.w.aq x20, x15, 0(x7)
  amoxor.w.aq x17, x4, (x14)
  amoxor.w.rl s5, s2, (t5)
  amoxor.w.rl x20, x2, 0(x24)
  amoxor.w.rl x30, x12, (x12)
  amoxor.w.aqrl a4, zero, (tp)
  amoxor.w.aqrl x13, x1, 0(x31)
  amoxor.w.aqrl x6, x1, (x29)
  amoand.w s8, t6, (t1)
  amoand.w x14, x7, 0(x27)
  amoand.w x22, x0, (x8)
  amoand.w.aq t0, a4, (t5)
  amoand.w.aq x22, x10, 0(x10)
  amoand.w.aq x21, x14, (x22)
  amoand.w.rl t0, a7, (a2)
  amoand.w.rl x21, x28, 0(x29)
  amoand.w.rl x12, x18, (x11)
  amoand.w.aqrl t2, s1, (s10)
  amoand.w.aqrl x14, x25, 0(x0)
  amoand.w.aqrl x25, x1, (x0)
  amoor.w a3, s11, (t6)
  amoor.w x7, x12, 0(x11)
  amoor.w x5, x27, (x24)
  amoor.w.aq s7, a5, (s0)
  amoor.w.aq x14, x9, 0(x24)
  amoor.w.aq x26, x10, (x13)
  amoor.w.rl t4, t4, (s0)
  amoor.w.rl x17, x26, 0(x28)
  amoor.w.rl x3, x31, (x11)
  amoor.w.aqrl tp, s8, (tp)
  amoor.w.aqrl x12, x1, 0(x3)
  amoor.w.aqrl x11, x24, (x31)
  amomin.w zero, sp, (a2)
  amomin.w x9, x10, 0(x19)
  amomin.w x4, x12, (x30)
  amomin.w.aq a1, s11, (s4)
  amomin.w.aq x24, x22, 0(x14)
  amomin.w.aq x12, x20, (x31)
  amomin.w.rl s9, ra, (a3)
  amomin.w.rl x19, x24, 0(x0)
  amomin.w.rl x0, x30, (x6)
  amomin.w.aqrl s2, s1, (a2)
  amomin.w.aqrl x1, x6, 0(x3)
  amomin.w.aqrl x8, x3, (x6)
  amomax.w a2, t6, (s0)
  amomax.w x31, x30, 0(x29)
  amomax.w x14, x29, (x22)
  amomax.w.aq a4, a5, (a2)
  amomax.w.aq x15, x29, 0(x8)
  amomax.w.aq x23, x7, (x24)
  amomax.w.rl s5, a1, (s8)
  amomax.w.rl x8, x17, 0(x20)
  amomax.w.rl x31, x28, (x26)
  amomax.w.aqrl t4, s7, (t6)
  amomax.w.aqrl x10, x20, 0(x30)
  amomax.w.aqrl x28, x29, (x3)
  amominu.w a4, zero, (a7)
  amominu.w x22, x4, 0(x22)
  amominu.w x0, x27, (x27)
  amominu.w.aq a2, t2, (t3)
  amominu.w.aq x17, x12, 0(x2)
  amominu.w.aq x6, x0, (x3)
  amominu.w.rl a2, t0, (t0)
  amominu.w.rl x29, x2, 0(x5)
  amominu.w.rl x27, x5, (x0)
  amominu.w.aqrl a7, zero, (s0)
  amominu.w.aqrl x2, x22, 0(x14)
  amominu.w.aqrl x18, x4, (x0)
  amomaxu.w sp, a5, (ra)
  amomaxu.w x26, x23, 0(x10)
  amomaxu.w x22, x18, (x10)
  amomaxu.w.aq a6, t6, (s2)
  amomaxu.w.aq x24, x13, 0(x23)
  amomaxu.w.aq x6, x26, (x13)
  amomaxu.w.rl s11, t3, (a5)
  amomaxu.w.rl x27, x7, 0(x30)
  amomaxu.w.rl x17, x4, (x23)
  amomaxu.w.aqrl s9, t5, (s4)
  amomaxu.w.aqrl x7, x25, 0(x15)
  amomaxu.w.aqrl x23, x18, (x10)
  flw ft3, -2048(s5)
  flw f23, 2047(x5)
  flw f11, -1043(x31)
  fsw fs0, -2048(s8)
  fsw f0, 2047(x4)
  fsw f3, 1235(x2)
  fmadd.s ft10, ft8, fs3, fa7, rne
  fmadd.s f13, f29, f7, f25, rtz
  fmadd.s f13, f15, f19, f9
  fmsub.s ft11, fs7, ft4, fa2, rmm
  fmsub.s f9, f8, f24, f23, rmm
  fmsub.s f29, f25, f22, f30
  fnmsub.s ft9, fs11, ft7, fs8, rtz
  fnmsub.s f9, f5, f13, f17, rmm
  fnmsub.s f13, f9, f28, f28
  fnmadd.s fs11, fs8, ft3, fs8, rup
  fnmadd.s f5, f2, f18, f24, dyn
  fnmadd.s f21, f20, f31, f12
  fadd.s fs8, fa1, ft8, rne
  fadd.s f6, f2, f11, rne
  fadd.s f28, f6, f7
  fsub.s fs10, fs6, ft3, rup
  fsub.s f28, f15, f5, rtz
  fsub.s f16, f4, f24
  fmul.s ft7, ft4, fa7, rup
  fmul.s f18, f2, f18, rup
  fmul.s f23, f23, f3
  fdiv.s fa2, fs2, fa4, dyn
  fdiv.s f26, f31, f21, dyn
  fdiv.s f20, f25, f22
  fsqrt.s fa1, ft7, rtz
  fsqrt.s f30, f18, rup
  fsqrt.s f7, f25
  fsgnj.s fs5, ft7, fs3
  fsgnj.s f18, f16, f12
  fsgnj.s f28, f22, f31
  fsgnjn.s fs11, ft11, fa7
  fsgnjn.s f29, f29, f24
  fsgnjn.s f15, f8, f1
  fsgnjx.s ft2, fs11, fs10
  fsgnjx.s f17, f27, f2
  fsgnjx.s f15, f26, f29
  fmin.s fa6, ft5, fs0
  fmin.s f5, f17, f22
  fmin.s f7, f14, f16
  fmax.s ft11, ft2, fs6
  fmax.s f27, f28, f6
  fmax.s f23, f27, f8
  fcvt.w.s t6, fa4, rtz
  fcvt.w.s x1, f24, rmm
  fcvt.w.s x18, f1
  fcvt.wu.s t6, fa3, rtz
  fcvt.wu.s x4, f30, rtz
  fcvt.wu.s x19, f8
  fmv.x.w ra, fs3
  fmv.x.w x25, f7
  fmv.x.w x22, f26
  feq.s t6, ft10, ft7
  feq.s x0, f15, f9
  feq.s x1, f31, f22
  flt.s gp, fa6, fs4
  flt.s x0, f9, f0
  flt.s x26, f24, f23
  fle.s t3, fa5, fa1
  fle.s x9, f17, f13
  fle.s x5, f27, f11
  fclass.s a7, fs2
  fclass.s x8, f21
  fclass.s x22, f29
  fcvt.s.w fa3, t4, rup
  fcvt.s.w f19, x6, rtz
  fcvt.s.w f23, x0
  fcvt.s.wu fa4, a7, rup
  fcvt.s.wu f16, x2, rup
  fcvt.s.wu f14, x14
  fmv.w.x ft10, s1
  fmv.w.x f0, x7
  fmv.w.x f30, x20
  csrrw t4, mhartid, t5
  csrrw x4, 0xfc0, x26
  csrrw x25, instret, x2
  csrrs a2, mcause, sp
  csrrs x3, mstatus, x18
  csrrs x8, 0xfc0, x27
  csrrc s1, cycle, a5
  csrrc x16, mepc, x30
  csrrc x18, instret, x21
  csrrwi t2, fcsr, 0
  csrrwi x3, mstatus, 31
  csrrwi x26, fflags, 14
  csrrsi t3, fcsr, 0
  csrrsi x4, 0xfc0, 31
  csrrsi x27, mhartid, 29
  csrrci a2, 3, 0
  csrrci x22, instret, 31
  csrrci x4, instret, 1
1:
  nop
