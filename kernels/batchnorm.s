# Batch normalization with batch statistics, one channel at a time.
# Descriptor {x, y, gamma, beta, batch, c, hw, eps}; eps is float32 bits (default 1e-5).
# Mapping: worker w owns the contiguous channels [c0, c1) = [w*P, min(C, (w+1)*P)),
# P = ceil(C/W). A 64-byte line of y (16 floats, y 64-byte aligned) is written by the owner of
# the channel of its last element (for the tensor's last, partial line: of the last element), so
# no two workers write one line and the next launch reads no stale words. A worker therefore
# writes its own planes except the elements in the last line of each block of own planes when
# that line runs into another worker's channel, plus the elements before its first own plane in
# the line where that plane begins (its "head"). For those it computes the statistics of the
# preceding channels (c0-1, ..., at most min(C-P', ceil(15/HW)) of them, P' = c1-c0): only
# reads, and only when one of their planes has an element to write (never when HW % 16 = 0).
# Cost: with HW >= 16 and HW % 16 != 0, one extra channel's statistics per worker.
# Per channel c over n ascending, then pixels ascending:
#   sum = sum + x (fadd.s), sumsq = fmadd.s(x, x, sumsq);
#   mean = sum / cnt, var = max(fnmsub.s(mean, mean, sumsq / cnt), 0),
#   scale = gamma / fsqrt.s(var + eps), shift = fnmsub.s(mean, scale, beta),
#   y = fmadd.s(x, scale, shift).
# Speed: both loops take 4 pixels at a time (the sums keep their order), then the rest singly.
#
# Registers: a1 c0, a2 P' (own channel count), a3 C, a4 N, a5 HW, a6 C*HW, a7 N*C*HW - 1,
# s0 candidate channel (c0-k .. c1-1, may be negative), s1 c1, s2 channel (s0 mod C),
# s3 items left, s4 flat index of plane (n, s2), s5 statistics of s2 done, t3/t4 the range of the
# plane this worker writes, fa2 scale, fa3 shift. Stack: 32 bytes (s0..s5).

  .text

# \dst = 1 when the channel of flat element min(\idx, N*C*HW - 1) is this worker's, else 0.
# Clobbers \idx.
.macro OWNED dst, idx
  bgeu a7, \idx, 91f
  mv \idx, a7
91:
  divu \idx, \idx, a5
  remu \idx, \idx, a3
  sub \idx, \idx, a1
  sltu \dst, \idx, a2
.endm

  .globl kernel_batchnorm
kernel_batchnorm:
  lw a3, 20(a0)             # C
  add t0, a3, a2
  addi t0, t0, -1
  divu t0, t0, a2           # P = ceil(C / workers)
  mul t1, t0, a1            # c0
  bgeu t1, a3, .Lbn_ret
  sub t2, a3, t1
  bgeu t0, t2, 1f
  mv t2, t0                 # own channel count
1:
  mv a1, t1
  mv a2, t2
  addi sp, sp, -32
  sw s0, 0(sp)
  sw s1, 4(sp)
  sw s2, 8(sp)
  sw s3, 12(sp)
  sw s4, 16(sp)
  sw s5, 20(sp)
  lw a4, 16(a0)             # N
  lw a5, 24(a0)             # HW
  mul a6, a3, a5            # C*HW
  mul a7, a6, a4
  addi a7, a7, -1           # last flat index
  addi t0, a5, 14
  divu t0, t0, a5           # ceil(15 / HW): planes a head can reach back
  sub t1, a3, a2            # channels of other workers
  bgeu t1, t0, 2f
  mv t0, t1
2:
  sub s0, a1, t0            # first candidate channel c0 - k
  add s1, a1, a2            # c1
.Lbn_channel:
  bge s0, s1, .Lbn_done
  mv s2, s0
  bgez s2, 3f
  add s2, s2, a3            # a preceding channel, wrapped to the previous batch item
3:
  li s5, 0
  mul s4, s2, a5            # plane (0, c)
  mv s3, a4
.Lbn_item:                  # [t3, t4) = what this worker writes of plane [s4, s4 + HW)
  add t4, s4, a5
  or t0, s4, a5
  andi t0, t0, 15
  bnez t0, 4f
  mv t3, s4                 # the plane is whole lines: all of it when c is ours, else nothing
  sub t0, s2, a1
  bltu t0, a2, .Lbn_write
  j .Lbn_next_item
4:
  addi t5, t4, -1
  andi t5, t5, -16          # L2: the line holding the plane's last element
  andi t0, s4, -16
  addi t0, t0, 15           # last element of the line holding the plane's first element
  bltu t0, t4, 5f
  OWNED t1, t0
  j 6f
5:
  sub t0, s2, a1            # that line ends inside this plane
  sltu t1, t0, a2
6:
  mv t3, t5
  beqz t1, 7f
  mv t3, s4                 # [plane start, L2) is ours
7:
  addi t0, t5, 15           # last element of line L2 (at least the plane's last)
  bltu t0, t4, 8f           # it is the plane's last: L2 is ours when c is
  sub t1, t0, t4
  bgeu t1, a5, 81f          # beyond the next plane: general case
  bltu a7, t0, 81f          # beyond the tensor: general case (the tensor's last element)
  addi t0, s2, 1            # in the next plane: its channel
  bne t0, a3, 9f
  li t0, 0
9:
  sub t0, t0, a1
  sltu t1, t0, a2
  j 82f
81:
  OWNED t1, t0
  j 82f
8:
  sub t0, s2, a1
  sltu t1, t0, a2
82:
  bnez t1, 83f
  mv t4, t5                 # [L2, plane end) is not ours
83:
  bgeu t3, t4, .Lbn_next_item
.Lbn_write:
  bnez s5, .Lbn_normalize
  li s5, 1                  # first plane of channel s2 to write: its statistics
  lw t5, 0(a0)
  mul t0, s2, a5
  slli t0, t0, 2
  add t5, t5, t0            # x of (0, c)
  andi t6, a5, -4
  slli t6, t6, 2            # bytes of a plane's groups of 4
  fmv.w.x fa0, zero
  fmv.w.x fa1, zero
  mv t1, a4
10:                         # statistics: batch items
  mv t2, t5
  add t0, t5, t6
  bgeu t2, t0, 14f
11:                         # 4 pixels at a time, same order
  flw ft0, 0(t2)
  flw ft1, 4(t2)
  flw ft2, 8(t2)
  flw ft3, 12(t2)
  fadd.s fa0, fa0, ft0
  fmadd.s fa1, ft0, ft0, fa1
  fadd.s fa0, fa0, ft1
  fmadd.s fa1, ft1, ft1, fa1
  fadd.s fa0, fa0, ft2
  fmadd.s fa1, ft2, ft2, fa1
  fadd.s fa0, fa0, ft3
  fmadd.s fa1, ft3, ft3, fa1
  addi t2, t2, 16
  bltu t2, t0, 11b
14:
  slli t0, a5, 2
  add t0, t5, t0            # end of the plane
  bgeu t2, t0, 16f
15:
  flw ft0, 0(t2)
  fadd.s fa0, fa0, ft0
  fmadd.s fa1, ft0, ft0, fa1
  addi t2, t2, 4
  bltu t2, t0, 15b
16:
  slli t0, a6, 2
  add t5, t5, t0
  addi t1, t1, -1
  bnez t1, 10b
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
  slli t1, s2, 2
  add t0, t0, t1
  flw ft4, 0(t0)
  fdiv.s fa2, ft4, ft3      # scale
  lw t0, 12(a0)
  add t0, t0, t1
  flw ft4, 0(t0)
  fnmsub.s fa3, ft2, fa2, ft4   # shift
.Lbn_normalize:             # y[t3 .. t4) = fmadd(x, scale, shift)
  slli t1, t3, 2
  lw t2, 0(a0)
  add t2, t2, t1
  lw t0, 4(a0)
  add t0, t0, t1
  slli t1, t4, 2
  lw t5, 0(a0)
  add t5, t5, t1            # end of the range in x
  sub t1, t4, t3
  andi t1, t1, 3
  slli t1, t1, 2
  sub t6, t5, t1            # end of its groups of 4
  bgeu t2, t6, 17f
12:
  flw ft0, 0(t2)
  flw ft1, 4(t2)
  flw ft2, 8(t2)
  flw ft3, 12(t2)
  fmadd.s ft0, ft0, fa2, fa3
  fmadd.s ft1, ft1, fa2, fa3
  fmadd.s ft2, ft2, fa2, fa3
  fmadd.s ft3, ft3, fa2, fa3
  fsw ft0, 0(t0)
  fsw ft1, 4(t0)
  fsw ft2, 8(t0)
  fsw ft3, 12(t0)
  addi t2, t2, 16
  addi t0, t0, 16
  bltu t2, t6, 12b
17:
  bgeu t2, t5, .Lbn_next_item
13:
  flw ft0, 0(t2)
  fmadd.s ft0, ft0, fa2, fa3
  fsw ft0, 0(t0)
  addi t2, t2, 4
  addi t0, t0, 4
  bltu t2, t5, 13b
.Lbn_next_item:
  add s4, s4, a6
  addi s3, s3, -1
  bnez s3, .Lbn_item
  addi s0, s0, 1
  j .Lbn_channel
.Lbn_done:
  lw s0, 0(sp)
  lw s1, 4(sp)
  lw s2, 8(sp)
  lw s3, 12(sp)
  lw s4, 16(sp)
  lw s5, 20(sp)
  addi sp, sp, 32
.Lbn_ret:
  ret
