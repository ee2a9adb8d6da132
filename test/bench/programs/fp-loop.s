# FP loop: a dot-product-like recurrence (fmadd, fmul, fadd, fsub, conversions).
  .globl _start
  .text
_start:
  li t0, 0
  li t1, 10000000
  li t2, 0x3f800000        # 1.0
  fmv.w.x ft0, t2
  li t2, 0x3f7ff000        # 0.99997...
  fmv.w.x ft1, t2
  li t2, 0x3a83126f        # 0.001
  fmv.w.x ft2, t2
  fmv.w.x ft3, zero
1:
  fmadd.s ft3, ft0, ft1, ft3
  fmul.s ft0, ft0, ft1
  fadd.s ft0, ft0, ft2
  fsub.s ft4, ft3, ft0
  fcvt.w.s t3, ft4, rtz
  addi t0, t0, 1
  bne t0, t1, 1b
  li a0, 0
  li a7, 93
  ecall
