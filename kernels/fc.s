# Fully connected layer: y[b][n] = act(bias[n] + sum_m W[n][m] * x[b][m]).
# Descriptor {x, w, bias, y, batch, inFeatures, outFeatures, act}; act 0 none, 1 relu, 2 sigmoid.
# Mapping (paper): each worker computes whole output rows, a contiguous block of
# ceil(N / workers / 16) * 16 rows (whole 64-byte lines of y, so no two workers write one line
# when y is 64-byte aligned), for every batch item. With batch > 1 and N % 16 != 0 the rows of
# item b + 1 would start inside the last line of item b, so then the flat output index b*N + n
# is split instead, in blocks of ceil(batch*N / workers / 16) * 16 (whole lines of y).
# Both are one loop: item b gets rows [clamp(S - b*K), clamp(E - b*K)) clamped to [0, N), with
# [S, E) the worker's block and K = 0 (row blocks) or N (flat blocks).
# Accumulation order per row: acc = bias[n]; acc = fmadd(W[n][m], x[m], acc) for m ascending.
# Speed: four rows at a time share each x load (1.25 loads per MAC); the inner loop is unrolled
# 4 x 4 with all 20 loads issued before the 16 fmadd.s, which alternate between the 4 row
# accumulators so each fmadd.s finds its accumulator ready.
#
# Registers: a1 = S, a2 = E, s2 = K, a3 = row, a4 = row end, a5 = M, a6 = 4*M (row bytes),
# a7 = batch index, s0 = x of this batch item, s1 = y of this batch item, t3-t6 = row pointers,
# ft5-ft8 = accumulators, fa0-fa3 = x values, ft0-ft4, ft9-ft11, fa4-fa7, fs0-fs3 = weights.

# ACTIVATE reg: apply the descriptor's activation to reg (clobbers t0-t2, ft0-ft4, fa0).
.macro ACTIVATE reg
  lw t0, 28(a0)
  beqz t0, 8f
  addi t0, t0, -1
  bnez t0, 7f
  fmv.w.x ft0, zero
  fmax.s \reg, \reg, ft0
  j 8f
7:
  fmv.s fa0, \reg
  call gpe_sigmoidf
  fmv.s \reg, fa0
8:
.endm

  .text
  .globl kernel_fc
kernel_fc:
  addi sp, sp, -48
  sw ra, 44(sp)
  sw s0, 40(sp)
  sw s1, 36(sp)
  fsw fs0, 32(sp)
  fsw fs1, 28(sp)
  fsw fs2, 24(sp)
  fsw fs3, 20(sp)
  lw t0, 24(a0)            # N
  li t4, 0                 # K = 0: the same rows for every batch item
  mv t3, t0                # outputs to split: N rows
  andi t1, t0, 15
  beqz t1, 1f              # N % 16 = 0: row blocks are line blocks in every item
  lw t2, 16(a0)            # batch
  li t1, 1
  bleu t2, t1, 1f          # batch 1
  mv t4, t0                # K = N: split the flat index b*N + n
  mul t3, t0, t2
1:
  add t1, t3, a2
  addi t1, t1, -1
  divu t1, t1, a2          # ceil(count / workers)
  addi t1, t1, 15
  andi t1, t1, -16         # per worker, rounded up to whole lines of 16 floats
  mul a3, t1, a1           # S
  bgeu a3, t3, .Lfc_idle
  sw s2, 16(sp)
  mv s2, t4
  add a4, a3, t1
  bleu a4, t3, 2f
  mv a4, t3
2:
  mv a1, a3                # a1 = S (the worker index is no longer needed)
  mv a2, a4                # a2 = E
  lw a5, 20(a0)            # M
  slli a6, a5, 2
  li a7, 0
.Lfc_batch:
  mv a3, a1                # K = 0: rows [S, E) in every item
  mv a4, a2
  beqz s2, 3f
  mul t0, a7, s2           # b*K
  lw t1, 24(a0)            # N
  sub a3, a1, t0           # first row of this item
  bgez a3, 1f
  li a3, 0
1:
  sub a4, a2, t0           # row end
  ble a4, t1, 2f
  mv a4, t1
2:
  bge a3, a4, .Lfc_next_batch
3:
  lw t0, 0(a0)
  mul t1, a7, a6
  add s0, t0, t1           # x + b*M
  lw t0, 24(a0)
  mul t1, a7, t0
  slli t1, t1, 2
  lw t0, 12(a0)
  add s1, t0, t1           # y + b*N
.Lfc_group:
  sub t0, a4, a3
  li t1, 4
  blt t0, t1, .Lfc_single
  # four rows a3..a3+3
  lw t0, 4(a0)
  mul t1, a3, a6
  add t3, t0, t1
  add t4, t3, a6
  add t5, t4, a6
  add t6, t5, a6
  lw t0, 8(a0)
  slli t1, a3, 2
  add t0, t0, t1
  flw ft5, 0(t0)
  flw ft6, 4(t0)
  flw ft7, 8(t0)
  flw ft8, 12(t0)
  mv t2, s0
  srli t1, a5, 2
  beqz t1, 3f
2:
  flw fa0, 0(t2)
  flw fa1, 4(t2)
  flw fa2, 8(t2)
  flw fa3, 12(t2)
  flw ft0, 0(t3)
  flw ft1, 0(t4)
  flw ft2, 0(t5)
  flw ft3, 0(t6)
  flw ft4, 4(t3)
  flw ft9, 4(t4)
  flw ft10, 4(t5)
  flw ft11, 4(t6)
  flw fa4, 8(t3)
  flw fa5, 8(t4)
  flw fa6, 8(t5)
  flw fa7, 8(t6)
  flw fs0, 12(t3)
  flw fs1, 12(t4)
  flw fs2, 12(t5)
  flw fs3, 12(t6)
  fmadd.s ft5, ft0, fa0, ft5
  fmadd.s ft6, ft1, fa0, ft6
  fmadd.s ft7, ft2, fa0, ft7
  fmadd.s ft8, ft3, fa0, ft8
  fmadd.s ft5, ft4, fa1, ft5
  fmadd.s ft6, ft9, fa1, ft6
  fmadd.s ft7, ft10, fa1, ft7
  fmadd.s ft8, ft11, fa1, ft8
  fmadd.s ft5, fa4, fa2, ft5
  fmadd.s ft6, fa5, fa2, ft6
  fmadd.s ft7, fa6, fa2, ft7
  fmadd.s ft8, fa7, fa2, ft8
  fmadd.s ft5, fs0, fa3, ft5
  fmadd.s ft6, fs1, fa3, ft6
  fmadd.s ft7, fs2, fa3, ft7
  fmadd.s ft8, fs3, fa3, ft8
  addi t2, t2, 16
  addi t3, t3, 16
  addi t4, t4, 16
  addi t5, t5, 16
  addi t6, t6, 16
  addi t1, t1, -1
  bnez t1, 2b
3:
  andi t1, a5, 3
  beqz t1, 5f
4:
  flw fa0, 0(t2)
  flw ft0, 0(t3)
  flw ft1, 0(t4)
  flw ft2, 0(t5)
  flw ft3, 0(t6)
  fmadd.s ft5, ft0, fa0, ft5
  fmadd.s ft6, ft1, fa0, ft6
  fmadd.s ft7, ft2, fa0, ft7
  fmadd.s ft8, ft3, fa0, ft8
  addi t2, t2, 4
  addi t3, t3, 4
  addi t4, t4, 4
  addi t5, t5, 4
  addi t6, t6, 4
  addi t1, t1, -1
  bnez t1, 4b
5:
  ACTIVATE ft5
  ACTIVATE ft6
  ACTIVATE ft7
  ACTIVATE ft8
  slli t0, a3, 2
  add t0, s1, t0
  fsw ft5, 0(t0)
  fsw ft6, 4(t0)
  fsw ft7, 8(t0)
  fsw ft8, 12(t0)
  addi a3, a3, 4
  j .Lfc_group

.Lfc_single:                # the last 0-3 rows, one at a time (same order per row)
  bgeu a3, a4, .Lfc_next_batch
  lw t0, 4(a0)
  mul t1, a3, a6
  add t3, t0, t1
  lw t0, 8(a0)
  slli t1, a3, 2
  add t0, t0, t1
  flw ft5, 0(t0)
  mv t2, s0
  mv t1, a5
6:
  flw fa0, 0(t2)
  flw ft0, 0(t3)
  fmadd.s ft5, ft0, fa0, ft5
  addi t2, t2, 4
  addi t3, t3, 4
  addi t1, t1, -1
  bnez t1, 6b
  ACTIVATE ft5
  slli t0, a3, 2
  add t0, s1, t0
  fsw ft5, 0(t0)
  addi a3, a3, 1
  j .Lfc_single

.Lfc_next_batch:
  addi a7, a7, 1
  lw t0, 16(a0)
  bltu a7, t0, .Lfc_batch
.Lfc_done:
  lw s2, 16(sp)
.Lfc_idle:
  lw ra, 44(sp)
  lw s0, 40(sp)
  lw s1, 36(sp)
  flw fs0, 32(sp)
  flw fs1, 28(sp)
  flw fs2, 24(sp)
  flw fs3, 20(sp)
  addi sp, sp, 48
  ret
