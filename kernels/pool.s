# Max and average pooling over each HxW plane (no padding), window K, stride S.
# Descriptor {x, y, planes, h, w_, k, stride, ho, wo}.
# Mapping: the outputs are independent, so the flat output (planes*Ho*Wo, plane by plane, row by
# row) is split into contiguous blocks of whole 64-byte lines: worker w takes outputs
# [w*P, min(T, (w+1)*P)) with T = planes*Ho*Wo and P = ceil(T/W/16)*16, and walks
# (plane, oy, ox) from its first output. No two workers write one line of y (y 64-byte aligned),
# whatever Ho*Wo is, so the next launch reads no stale words on private, non-coherent L1s.
# Order: acc = first element of the window, then OP with the others in row-major order
# (OP = fmax.s or fadd.s); avgpool then divides by K*K (fdiv.s). 2x2 and 3x3 windows are
# unrolled; other sizes walk the window with pointers.
#
# Registers: a1 end of this row segment of y, a2 outputs left after it, a3 plane of x,
# a4 K, a5 4*S, a6 4*W, a7 Wo, t3 window start, t4 first column (0 after the first row),
# t5 oy, t6 output pointer, s0 4*K, s1 (K-1)*4*W + 4*K (end of a window's last row),
# fa0 accumulator, fa2 K*K as float. Stack: 16 bytes (s0, s1).

  .text

.macro POOL name, op, avg
  .globl kernel_\name
kernel_\name:
  lw t0, 8(a0)              # planes
  lw t1, 28(a0)             # Ho
  lw a7, 32(a0)             # Wo
  mul t2, t1, a7            # outputs per plane
  mul t0, t0, t2            # T
  add t1, t0, a2
  addi t1, t1, -1
  divu t1, t1, a2           # ceil(T / workers)
  addi t1, t1, 15
  andi t1, t1, -16          # P: whole lines of 16 floats
  mul t3, t1, a1            # first output
  bgeu t3, t0, 19f
  sub a2, t0, t3
  bgeu t1, a2, 1f
  mv a2, t1                 # a2 = outputs of this worker
1:
  addi sp, sp, -16
  sw s0, 0(sp)
  sw s1, 4(sp)
  lw t0, 4(a0)
  slli t1, t3, 2
  add t6, t0, t1            # y + first output
  divu t0, t3, t2           # plane
  remu t1, t3, t2
  divu t5, t1, a7           # oy
  remu t4, t1, a7           # ox
  lw a4, 20(a0)
  lw a5, 24(a0)
  slli a5, a5, 2
  lw a6, 16(a0)
  slli a6, a6, 2
  lw t1, 12(a0)
  mul t1, t1, a6            # bytes per plane of x
  mul t1, t1, t0
  lw t0, 0(a0)
  add a3, t0, t1
  slli s0, a4, 2
  addi t0, a4, -1
  mul t0, t0, a6
  add s1, t0, s0
  mul t0, a4, a4
  fcvt.s.w fa2, t0
2:                          # next row segment: columns t4 .. min(Wo, t4 + a2) - 1 of row t5
  sub t0, a7, t4
  bgeu a2, t0, 3f
  mv t0, a2
3:
  sub a2, a2, t0
  slli t0, t0, 2
  add a1, t6, t0
  lw t0, 24(a0)
  mul t0, t0, t5
  mul t0, t0, a6
  add t3, a3, t0
  mul t0, t4, a5
  add t3, t3, t0            # window of (oy, ox)
  li t4, 0
  li t0, 2
  beq a4, t0, 10f
  li t0, 3
  beq a4, t0, 11f
4:                          # general window: t2 element, t1 end of its row, t0 end of the last row
  flw fa0, 0(t3)
  addi t2, t3, 4
  add t1, t3, s0
  add t0, t3, s1
  bgeu t2, t1, 6f
5:
  flw ft1, 0(t2)
  \op fa0, fa0, ft1
  addi t2, t2, 4
  bltu t2, t1, 5b
6:
  beq t1, t0, 7f
  add t1, t1, a6
  sub t2, t1, s0
  j 5b
7:
  .if \avg
  fdiv.s fa0, fa0, fa2
  .endif
  fsw fa0, 0(t6)
  addi t6, t6, 4
  add t3, t3, a5
  bltu t6, a1, 4b
  j 12f
10:                         # 2x2
  add t1, t3, a6
  flw fa0, 0(t3)
  flw ft1, 4(t3)
  flw ft2, 0(t1)
  flw ft3, 4(t1)
  \op fa0, fa0, ft1
  \op fa0, fa0, ft2
  \op fa0, fa0, ft3
  .if \avg
  fdiv.s fa0, fa0, fa2
  .endif
  fsw fa0, 0(t6)
  addi t6, t6, 4
  add t3, t3, a5
  bltu t6, a1, 10b
  j 12f
11:                         # 3x3
  add t1, t3, a6
  add t2, t1, a6
  flw fa0, 0(t3)
  flw ft1, 4(t3)
  flw ft2, 8(t3)
  flw ft3, 0(t1)
  flw ft4, 4(t1)
  flw ft5, 8(t1)
  flw ft6, 0(t2)
  flw ft7, 4(t2)
  flw ft8, 8(t2)
  \op fa0, fa0, ft1
  \op fa0, fa0, ft2
  \op fa0, fa0, ft3
  \op fa0, fa0, ft4
  \op fa0, fa0, ft5
  \op fa0, fa0, ft6
  \op fa0, fa0, ft7
  \op fa0, fa0, ft8
  .if \avg
  fdiv.s fa0, fa0, fa2
  .endif
  fsw fa0, 0(t6)
  addi t6, t6, 4
  add t3, t3, a5
  bltu t6, a1, 11b
12:                         # end of a row segment
  beqz a2, 18f
  addi t5, t5, 1
  lw t0, 28(a0)
  bltu t5, t0, 2b
  li t5, 0                  # next plane
  lw t0, 12(a0)
  mul t0, t0, a6
  add a3, a3, t0
  j 2b
18:
  lw s0, 0(sp)
  lw s1, 4(sp)
  addi sp, sp, 16
19:
  ret
.endm

  POOL maxpool, fmax.s, 0
  POOL avgpool, fadd.s, 1
