# Fully connected layer: y[b][n] = act(bias[n] + sum_m W[n][m] * x[b][m]).
# Descriptor {x, w, bias, y, batch, inFeatures, outFeatures, act, scratch}; act 0 none, 1 relu,
# 2 sigmoid. scratch: 17 * ((batch*N + 30) >> 4) floats, 64-byte aligned, all zero at launch; the
# kernel leaves it all zero again (docs/KERNELS.md).
# Mapping (paper): each worker computes whole output rows, a contiguous block of ceil(N / workers)
# rows [S, E), for every batch item.
# Output lines (caches are not coherent; no two workers may write one 64-byte line of y in a
# launch), as lstm.s does for hOut/cOut: y is seen as the flat array of batch*N floats and its
# lines are found by address (any word alignment). A row whose line holds only this worker's
# outputs is stored directly; in batch item b those are the rows [D0, D1) (held in s2, s3), all of
# [S, E) when the block starts and ends on line boundaries (N a multiple of 16 * workers, y
# aligned) or is all of N (one worker). The other outputs (at most 15 at each end of the block in
# each item) lie in lines shared with other workers, or with this worker's rows of another batch
# item; they are deposited in the line's scratch slot with amoswap.w (performed at memory, never
# cached). After item b's rows the worker adds its count of outputs in the first and the last line
# of its block (when shared) to the line's counter with amoadd.w; the worker that completes the
# count copies the whole line from the slot to y and zeroes slot and counter. No waiting, each
# line written by one worker. Scratch layout, with L = (batch*N + 30) >> 4 lines (what batch*N
# floats span at any word alignment): slots 16 L floats, then L counters; the slot word of flat
# output f = b*N + n is f + (y mod 64) / 4, its line's counter index that >> 4.
# Accumulation order per row: acc = bias[n]; acc = fmadd(W[n][m], x[m], acc) for m ascending.
# Speed: four rows at a time share each x load (1.25 loads per MAC); the inner loop is unrolled
# 4 x 4 with all 20 loads issued before the 16 fmadd.s, which alternate between the 4 row
# accumulators so each fmadd.s finds its accumulator ready.
#
# Registers: a1 = S, a2 = E, a3 = row, a4 = row end, a5 = M, a6 = 4*M (row bytes),
# a7 = batch index, s0 = x of this batch item, s1 = y of this batch item, s2 = D0, s3 = D1,
# s4 = scratch + (y mod 64) - y (an output's slot is its address + s4),
# t3-t6 = row pointers, ft5-ft8 = accumulators, fa0-fa3 = x values, ft0-ft4, ft9-ft11, fa4-fa7,
# fs0-fs3 = weights.

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

# PUT reg, i: row a3 + i of this batch item gets reg: stored when the row lies in [s2, s3) (its
# line holds only this worker's outputs), else deposited at memory in its scratch slot, at
# &y[b][row] + s4 (s4 = scratch + (y mod 64) - y). Clobbers t0, t1.
.macro PUT reg, i
  addi t0, a3, \i
  slli t1, t0, 2
  add t1, s1, t1           # &y[b][row]
  blt t0, s2, 1f
  bge t0, s3, 1f
  fsw \reg, 0(t1)
  j 2f
1:
  add t1, t1, s4           # the output's slot
  fmv.x.w t0, \reg
  amoswap.w zero, t0, (t1)
2:
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
  sw s2, 16(sp)
  sw s3, 12(sp)
  sw s4, 8(sp)
  lw t0, 24(a0)            # N
  add t1, t0, a2
  addi t1, t1, -1
  divu t1, t1, a2          # rows per worker: ceil(N / workers)
  mul a3, t1, a1           # S
  bgeu a3, t0, .Lfc_done
  add a4, a3, t1
  bleu a4, t0, 1f
  mv a4, t0
1:
  mv a1, a3                # a1 = S (the worker index is no longer needed)
  mv a2, a4                # a2 = E
  lw t0, 32(a0)            # scratch
  lw t1, 12(a0)            # y
  andi t2, t1, 63
  sub s4, t0, t1
  add s4, s4, t2           # slot of an output = its address + s4
  lw a5, 20(a0)            # M
  slli a6, a5, 2
  li a7, 0
.Lfc_batch:
  lw t0, 24(a0)            # N
  mul t1, a7, t0           # b*N
  lw t2, 12(a0)
  slli t3, t1, 2
  add s1, t2, t3           # y + b*N
  lw t2, 0(a0)
  mul t3, a7, a6
  add s0, t2, t3           # x + b*M
  mv s2, a1                # rows stored directly: [s2, s3)
  mv s3, a2
  bnez a1, 1f
  beq a2, t0, .Lfc_rows    # all N rows: the only worker, every line is its own
1:
  add t2, t1, a1
  beqz t2, 2f              # S is y[0]: its line holds nothing before it
  slli t3, a1, 2
  add t3, s1, t3
  andi t3, t3, 63
  beqz t3, 2f              # S starts a line
  srli t3, t3, 2
  sub s2, a1, t3
  addi s2, s2, 16          # the first row that starts a line
  ble s2, a2, 2f
  mv s2, a2
2:
  slli t3, a2, 2
  add t3, s1, t3
  andi t3, t3, 63
  beqz t3, .Lfc_rows       # E starts a line
  add t2, t1, a2
  lw t4, 16(a0)
  mul t4, t4, t0
  beq t2, t4, .Lfc_rows    # E is the end of y: its line holds nothing after it
  srli t3, t3, 2
  sub s3, a2, t3           # the start of E - 1's line
  bge s3, s2, .Lfc_rows
  mv s3, s2
.Lfc_rows:
  mv a3, a1
  mv a4, a2
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
  blt a3, s2, 9f
  addi t0, a3, 4
  bgt t0, s3, 9f
  slli t0, a3, 2
  add t0, s1, t0
  fsw ft5, 0(t0)
  fsw ft6, 4(t0)
  fsw ft7, 8(t0)
  fsw ft8, 12(t0)
  addi a3, a3, 4
  j .Lfc_group
9:                          # some of the four rows lie in shared lines
  PUT ft5, 0
  PUT ft6, 1
  PUT ft7, 2
  PUT ft8, 3
  addi a3, a3, 4
  j .Lfc_group

.Lfc_single:                # the last 0-3 rows, one at a time (same order per row)
  bgeu a3, a4, .Lfc_item_done
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
  PUT ft5, 0
  addi a3, a3, 1
  j .Lfc_single

.Lfc_item_done:             # count this item's deposits in the first and the last line of [S, E)
  bne s2, a1, 1f
  beq s3, a2, .Lfc_next_batch   # no deposits: every line was this worker's alone
1:
  lw t0, 24(a0)
  mul t1, a7, t0
  add a3, t1, a1           # flat outputs [a3, a4) of this worker in this item
  add a4, t1, a2
  lw t0, 12(a0)
  andi t0, t0, 63
  srli a5, t0, 2           # word of y[0] in its line
  add a6, a3, a5
  srli a6, a6, 4           # line of the first output
  call .Lfc_line
  addi t0, a4, -1
  add t0, t0, a5
  srli t0, t0, 4           # line of the last output
  beq t0, a6, 2f
  mv a6, t0
  call .Lfc_line
2:
  lw a5, 20(a0)            # M
  slli a6, a5, 2
.Lfc_next_batch:
  addi a7, a7, 1
  lw t0, 16(a0)
  bltu a7, t0, .Lfc_batch
.Lfc_done:
  lw ra, 44(sp)
  lw s0, 40(sp)
  lw s1, 36(sp)
  flw fs0, 32(sp)
  flw fs1, 28(sp)
  flw fs2, 24(sp)
  flw fs3, 20(sp)
  lw s2, 16(sp)
  lw s3, 12(sp)
  lw s4, 8(sp)
  addi sp, sp, 48
  ret

# Line a6 of y (line q holds the flat outputs 16q - a5 .. 16q - a5 + 15; a5 = word of y[0] in its
# line), in which this worker computed the flat outputs [a3, a4) of the current batch item: when
# the line holds other outputs too, add this worker's count to the line's counter; the worker that
# completes the count copies the line from its slots to y and zeroes slots and counter (only that
# worker touches the slot line with loads and stores, after every deposit). Clobbers t0-t6.
.Lfc_line:
  slli t0, a6, 4
  sub t0, t0, a5           # first output of the line (< 0: the line begins before y)
  addi t1, t0, 16          # its end
  bgez t0, 1f
  li t0, 0
1:
  lw t2, 16(a0)
  lw t3, 24(a0)
  mul t2, t2, t3           # batch * N
  ble t1, t2, 2f
  mv t1, t2
2:
  blt t0, a3, 3f
  bgt t1, a4, 3f
  ret                      # only these outputs: stored directly
3:
  mv t3, t0
  bge t3, a3, 4f
  mv t3, a3                # max(line start, a3)
4:
  mv t4, t1
  ble t4, a4, 5f
  mv t4, a4                # min(line end, a4)
5:
  sub t4, t4, t3           # this worker's outputs in the line
  addi t2, t2, 30
  srli t2, t2, 4
  slli t2, t2, 6           # 64 L bytes: the slots
  lw t5, 32(a0)            # scratch
  add t2, t2, t5
  slli t3, a6, 2
  add t2, t2, t3           # the line's counter
  amoadd.w.aqrl t3, t4, (t2)
  add t3, t3, t4
  sub t4, t1, t0           # outputs in the line
  bne t3, t4, 7f           # other deposits still to come
  add t3, t0, a5
  slli t3, t3, 2
  add t3, t3, t5           # slot of the line's first output
  lw t6, 12(a0)
  slli t4, t0, 2
  add t4, t4, t6           # its place in y
6:
  lw t5, 0(t3)
  sw zero, 0(t3)           # slots back to zero: the whole scratch is zero after a launch
  sw t5, 0(t4)
  addi t3, t3, 4
  addi t4, t4, 4
  addi t0, t0, 1
  blt t0, t1, 6b
  amoswap.w.aqrl zero, zero, (t2)
7:
  ret
