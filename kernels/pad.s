# Zero padding: each HxW plane becomes (H+2P)x(W+2P) with the input in the middle.
# Descriptor {x, y, planes, h, w_, pad}. Mapping: planes round robin, worker w takes planes
# w, w+W, ...; a 64-byte line of y belongs to the plane holding its first word, so plane i's worker
# writes the flat range [up16(i*S), up16((i+1)*S)) of y (S = (H+2P)*(W+2P), capped at the end):
# no two workers write one line (caches are not coherent). Planes are whole rows of the flattened
# output, so the range is a run of output rows, the first and last possibly partial. Pure data
# movement (no rounding): the output equals the reference exactly.
#
# Registers: a3 plane, a4 H, a5 W, a6 P, a7 output row length W+2P, s0 output rows per plane
# H+2P, s1 outputs left in the range, s2 output row within its plane, s3 current column, s4 end
# column of the current row, s6 P+H, t5 source row, t6 destination.
# Stack (32 bytes): s0-s6 (s5 and a1 carry data in the copy loop).

  .text

# ZEROS count: store count (>= 0, not t0) zero words at t6, 4 per pass, advancing t6
# (clobbers t0).
.macro ZEROS count
  srli t0, \count, 2
  beqz t0, 92f
91:
  sw zero, 0(t6)
  sw zero, 4(t6)
  sw zero, 8(t6)
  sw zero, 12(t6)
  addi t6, t6, 16
  addi t0, t0, -1
  bnez t0, 91b
92:
  andi t0, \count, 3
  beqz t0, 94f
93:
  sw zero, 0(t6)
  addi t6, t6, 4
  addi t0, t0, -1
  bnez t0, 93b
94:
.endm

# COPY: copy t1 (> 0) words from t4 to t6, 4 per pass, advancing both (clobbers t0, t2, t3,
# a1, s5).
.macro COPY
  srli t2, t1, 2
  beqz t2, 96f
95:
  lw t0, 0(t4)
  lw t3, 4(t4)
  lw a1, 8(t4)
  lw s5, 12(t4)
  sw t0, 0(t6)
  sw t3, 4(t6)
  sw a1, 8(t6)
  sw s5, 12(t6)
  addi t4, t4, 16
  addi t6, t6, 16
  addi t2, t2, -1
  bnez t2, 95b
96:
  andi t1, t1, 3
  beqz t1, 98f
97:
  lw t0, 0(t4)
  sw t0, 0(t6)
  addi t4, t4, 4
  addi t6, t6, 4
  addi t1, t1, -1
  bnez t1, 97b
98:
.endm

  .globl kernel_pad
kernel_pad:
  lw t0, 8(a0)
  bgeu a1, t0, .Lpad_idle  # more workers than planes
  addi sp, sp, -32
  sw s0, 28(sp)
  sw s1, 24(sp)
  sw s2, 20(sp)
  sw s3, 16(sp)
  sw s4, 12(sp)
  sw s5, 8(sp)
  sw s6, 4(sp)
  lw a4, 12(a0)
  lw a5, 16(a0)
  lw a6, 20(a0)
  slli a7, a6, 1
  add s0, a7, a4           # H+2P
  add a7, a7, a5           # W+2P
  add s6, a6, a4           # P+H: rows from here on are zeros
  mv a3, a1
.Lpad_plane:
  lw t0, 8(a0)
  bgeu a3, t0, .Lpad_done
  mul t1, s0, a7           # S, outputs per plane
  mul t0, t0, t1           # outputs in all
  mul t2, a3, t1           # i*S
  add t3, t2, t1
  addi t3, t3, 15
  andi t3, t3, -16
  bleu t3, t0, 1f
  mv t3, t0                # end: min(up16((i+1)*S), outputs)
1:
  addi t2, t2, 15
  andi t2, t2, -16         # start: up16(i*S)
  bgeu t2, t3, .Lpad_next  # (S < 16: no line starts in this plane)
  sub s1, t3, t2
  slli t0, t2, 2
  lw t6, 4(a0)
  add t6, t6, t0           # destination y + 4*start
  divu t0, t2, a7          # output row in the flattened tensor
  mul t1, t0, a7
  sub s3, t2, t1           # first column
  divu t1, t0, s0          # plane j
  remu s2, t0, s0          # row oh within the plane
  sub t2, s2, a6           # source row: x + 4*W*(j*H + clamp(oh - P, 0, H))
  bgez t2, 2f
  li t2, 0
2:
  ble t2, a4, 3f
  mv t2, a4
3:
  mul t1, t1, a4
  add t1, t1, t2
  mul t1, t1, a5
  slli t1, t1, 2
  lw t5, 0(a0)
  add t5, t5, t1
.Lpad_row:                  # columns [s3, s4) of row s2, s4 = s3 + min(s1, W+2P - s3)
  sub t1, a7, s3
  bleu t1, s1, 4f
  mv t1, s1
4:
  sub s1, s1, t1
  add s4, s3, t1
  blt s2, a6, .Lpad_zero_row
  bge s2, s6, .Lpad_zero_row
  bnez s3, .Lpad_part_row  # input row: zeros up to column P, copies up to P+W, zeros
  bne s4, a7, .Lpad_part_row
  ZEROS a6                 # (a whole row)
  mv t4, t5
  mv t1, a5
  COPY
  ZEROS a6
  j 13f
.Lpad_part_row:
  mv t3, a6
  ble t3, s4, 5f
  mv t3, s4
5:
  sub t1, t3, s3
  blez t1, 6f
  add s3, s3, t1
  ZEROS t1
6:
  add t3, a6, a5
  ble t3, s4, 7f
  mv t3, s4
7:
  sub t1, t3, s3
  blez t1, 10f
  sub t4, s3, a6
  slli t4, t4, 2
  add t4, t5, t4           # x of column s3
  add s3, s3, t1
  COPY
10:
  sub t1, s4, s3
  ZEROS t1
13:
  slli t0, a5, 2
  add t5, t5, t0           # next input row
  j .Lpad_row_end
.Lpad_zero_row:             # a row of the top or bottom border
  sub t1, s4, s3
  ZEROS t1
.Lpad_row_end:
  li s3, 0
  addi s2, s2, 1
  bne s2, s0, 12f
  li s2, 0
12:
  bnez s1, .Lpad_row
.Lpad_next:
  add a3, a3, a2
  j .Lpad_plane
.Lpad_done:
  lw s0, 28(sp)
  lw s1, 24(sp)
  lw s2, 20(sp)
  lw s3, 16(sp)
  lw s4, 12(sp)
  lw s5, 8(sp)
  lw s6, 4(sp)
  addi sp, sp, 32
.Lpad_idle:
  ret
