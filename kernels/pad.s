# Zero padding: each HxW plane becomes (H+2P)x(W+2P) with the input in the middle.
# Descriptor {x, y, planes, h, w_, pad}. Mapping: one plane at a time, worker w takes planes
# w, w+W, ... Pure data movement (no rounding): the output equals the reference exactly.
#
# Registers: a3 plane, a4 H, a5 W, a6 P, a7 output row length W+2P, t5 source, t6 destination.

  .text

# ZEROS count: store count zero words at t6, advancing t6 (clobbers t0).
.macro ZEROS count
  mv t0, \count
91:
  beqz t0, 92f
  sw zero, 0(t6)
  addi t6, t6, 4
  addi t0, t0, -1
  j 91b
92:
.endm

  .globl kernel_pad
kernel_pad:
  lw a4, 12(a0)
  lw a5, 16(a0)
  lw a6, 20(a0)
  slli a7, a6, 1
  add a7, a7, a5
  mv a3, a1
.Lpad_plane:
  lw t0, 8(a0)
  bgeu a3, t0, .Lpad_done
  mul t0, a4, a5
  mul t0, t0, a3
  slli t0, t0, 2
  lw t5, 0(a0)
  add t5, t5, t0
  slli t0, a6, 1
  add t0, t0, a4           # H+2P
  mul t0, t0, a7
  mul t0, t0, a3
  slli t0, t0, 2
  lw t6, 4(a0)
  add t6, t6, t0
  mul t1, a6, a7           # P full rows of zeros on top
  ZEROS t1
  mv t2, a4
1:                          # each input row: P zeros, W copies (4 at a time), P zeros
  ZEROS a6
  srli t1, a5, 2
  beqz t1, 3f
2:
  lw t0, 0(t5)
  lw t3, 4(t5)
  lw t4, 8(t5)
  lw a1, 12(t5)
  sw t0, 0(t6)
  sw t3, 4(t6)
  sw t4, 8(t6)
  sw a1, 12(t6)
  addi t5, t5, 16
  addi t6, t6, 16
  addi t1, t1, -1
  bnez t1, 2b
3:
  andi t1, a5, 3
  beqz t1, 5f
4:
  lw t0, 0(t5)
  sw t0, 0(t6)
  addi t5, t5, 4
  addi t6, t6, 4
  addi t1, t1, -1
  bnez t1, 4b
5:
  ZEROS a6
  addi t2, t2, -1
  bnez t2, 1b
  mul t1, a6, a7           # P rows of zeros at the bottom
  ZEROS t1
  add a3, a3, a2
  j .Lpad_plane
.Lpad_done:
  ret
