# Max and average pooling over each HxW plane (no padding), window K, stride S.
# Descriptor {x, y, planes, h, w_, k, stride, ho, wo}.
# Mapping (paper): one plane (n, c) at a time, window by window; worker w takes planes
# w, w+W, w+2W, ...
# Order: acc = first element of the window, then OP with the others in row-major order
# (OP = fmax.s or fadd.s); avgpool then divides by K*K (fdiv.s). A 2x2 window is unrolled.
#
# Registers: a3 plane, a4 K, a5 S, a6 W, a7 Wo, t6 output pointer, t5 oh, t4 ow, t3 window
# start, fa0 accumulator, fa2 K*K as float. Stack: 16 bytes (the worker count).

  .text

.macro POOL name, op, avg
  .globl kernel_\name
kernel_\name:
  addi sp, sp, -16
  sw a2, 0(sp)              # worker count (a2 becomes a temporary)
  lw a4, 20(a0)
  lw a5, 24(a0)
  lw a6, 16(a0)
  lw a7, 32(a0)
  mul t0, a4, a4
  fcvt.s.w fa2, t0
  mv a3, a1
1:                          # next plane
  lw t0, 8(a0)
  bgeu a3, t0, 9f
  lw t0, 12(a0)
  mul t0, t0, a6
  mul t0, t0, a3
  slli t0, t0, 2
  lw t1, 0(a0)
  add a1, t1, t0            # a1 = this plane of x (the worker index is no longer needed)
  lw t0, 28(a0)
  mul t0, t0, a7
  mul t0, t0, a3
  slli t0, t0, 2
  lw t1, 4(a0)
  add t6, t1, t0
  li t5, 0
2:                          # next output row
  lw t0, 28(a0)
  bgeu t5, t0, 8f
  mul t0, t5, a5
  mul t0, t0, a6
  slli t0, t0, 2
  add t3, a1, t0            # window start of column 0
  li t4, 0
3:                          # next output column
  li t0, 2
  bne a4, t0, 4f
  slli t0, a6, 2
  add t1, t3, t0
  flw fa0, 0(t3)
  flw ft1, 4(t3)
  flw ft2, 0(t1)
  flw ft3, 4(t1)
  \op fa0, fa0, ft1
  \op fa0, fa0, ft2
  \op fa0, fa0, ft3
  j 7f
4:                          # general window: t0 row pointer, t1 kh, t2 kw
  flw fa0, 0(t3)
  mv t0, t3
  li t1, 0
  li t2, 1
5:
  bgeu t2, a4, 6f
  slli a2, t2, 2
  add a2, t0, a2
  flw ft1, 0(a2)
  \op fa0, fa0, ft1
  addi t2, t2, 1
  j 5b
6:
  addi t1, t1, 1
  bgeu t1, a4, 7f
  slli a2, a6, 2
  add t0, t0, a2
  li t2, 0
  j 5b
7:
  .if \avg
  fdiv.s fa0, fa0, fa2
  .endif
  fsw fa0, 0(t6)
  addi t6, t6, 4
  slli t0, a5, 2
  add t3, t3, t0
  addi t4, t4, 1
  bltu t4, a7, 3b
  addi t5, t5, 1
  j 2b
8:
  lw t0, 0(sp)
  add a3, a3, t0
  j 1b
9:
  addi sp, sp, 16
  ret
.endm

  POOL maxpool, fmax.s, 0
  POOL avgpool, fadd.s, 1
