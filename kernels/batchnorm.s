# Batch normalization with batch statistics, one channel at a time.
# Descriptor {x, y, gamma, beta, batch, c, hw, eps}; eps is float32 bits (default 1e-5).
# Mapping (paper): each worker normalizes whole channels, worker w takes channels w, w+W, ...
# Per channel c over n ascending, then pixels ascending:
#   sum = sum + x (fadd.s), sumsq = fmadd.s(x, x, sumsq);
#   mean = sum / cnt, var = max(fnmsub.s(mean, mean, sumsq / cnt), 0),
#   scale = gamma / fsqrt.s(var + eps), shift = fnmsub.s(mean, scale, beta),
#   y = fmadd.s(x, scale, shift).
#
# Registers: a3 channel, a4 N, a5 HW, a6 4*C*HW (batch stride), t3 x of (0, c), t4 y of (0, c),
# fa0 sum, fa1 sumsq, fa2 scale, fa3 shift.

  .text
  .globl kernel_batchnorm
kernel_batchnorm:
  lw a4, 16(a0)
  lw a5, 24(a0)
  lw t0, 20(a0)
  mul a6, t0, a5
  slli a6, a6, 2
  mv a3, a1
.Lbn_channel:
  lw t0, 20(a0)
  bgeu a3, t0, .Lbn_done
  mul t0, a3, a5
  slli t0, t0, 2
  lw t3, 0(a0)
  add t3, t3, t0
  lw t4, 4(a0)
  add t4, t4, t0
  fmv.w.x fa0, zero
  fmv.w.x fa1, zero
  mv t5, t3
  mv t1, a4
1:                          # statistics: batch items
  mv t2, t5
  mv t6, a5
2:
  flw ft0, 0(t2)
  fadd.s fa0, fa0, ft0
  fmadd.s fa1, ft0, ft0, fa1
  addi t2, t2, 4
  addi t6, t6, -1
  bnez t6, 2b
  add t5, t5, a6
  addi t1, t1, -1
  bnez t1, 1b
  mul t0, a4, a5
  fcvt.s.wu ft1, t0         # cnt
  fdiv.s ft2, fa0, ft1      # mean
  fdiv.s ft3, fa1, ft1      # E[x^2]
  fnmsub.s ft3, ft2, ft2, ft3
  fmv.w.x ft4, zero
  fmax.s ft3, ft3, ft4      # var
  flw ft4, 28(a0)
  fadd.s ft3, ft3, ft4
  fsqrt.s ft3, ft3
  lw t0, 8(a0)
  slli t1, a3, 2
  add t0, t0, t1
  flw ft4, 0(t0)
  fdiv.s fa2, ft4, ft3      # scale
  lw t0, 12(a0)
  add t0, t0, t1
  flw ft4, 0(t0)
  fnmsub.s fa3, ft2, fa2, ft4   # shift
  mv t5, t3
  mv a7, t4
  mv t1, a4
3:                          # normalize: batch items
  mv t2, t5
  mv t0, a7
  mv t6, a5
4:
  flw ft0, 0(t2)
  fmadd.s ft0, ft0, fa2, fa3
  fsw ft0, 0(t0)
  addi t2, t2, 4
  addi t0, t0, 4
  addi t6, t6, -1
  bnez t6, 4b
  add t5, t5, a6
  add a7, a7, a6
  addi t1, t1, -1
  bnez t1, 3b
  add a3, a3, a2
  j .Lbn_channel
.Lbn_done:
  ret
