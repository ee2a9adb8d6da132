# Element-wise kernels: add, mul (two inputs), relu, sigmoid, tanh (one input).
# ABI: a0 = descriptor, a1 = worker index, a2 = number of workers (docs/KERNELS.md).
# Work split: contiguous chunks of ceil(count / workers / 16) * 16 elements, so that with
# 64-byte-aligned tensors no two workers write the same cache line.
# Descriptors: add/mul {a, b, y, count}; relu/sigmoid/tanh {x, y, count}.

  .text

# CHUNK countoff: a3 = first element, a4 = element count of this worker; returns if none.
# Clobbers t0, t1.
.macro CHUNK countoff
  lw t0, \countoff(a0)
  slli t1, a2, 4
  add a4, t0, t1
  addi a4, a4, -1
  divu a4, a4, t1
  slli a4, a4, 4
  mul a3, a4, a1
  bgeu a3, t0, 99f
  sub t0, t0, a3
  bltu t0, a4, 98f
  j 97f
98:
  mv a4, t0
97:
.endm

# Two-input kernel: y[i] = a[i] OP b[i], unrolled by 4.
.macro BINARY name, op
  .globl kernel_\name
kernel_\name:
  CHUNK 12
  slli t0, a3, 2
  lw a5, 0(a0)
  lw a6, 4(a0)
  lw a7, 8(a0)
  add a5, a5, t0
  add a6, a6, t0
  add a7, a7, t0
  srli t1, a4, 2
  andi a4, a4, 3
  beqz t1, 2f
1:
  flw ft0, 0(a5)
  flw ft1, 4(a5)
  flw ft2, 8(a5)
  flw ft3, 12(a5)
  flw ft4, 0(a6)
  flw ft5, 4(a6)
  flw ft6, 8(a6)
  flw ft7, 12(a6)
  \op ft0, ft0, ft4
  \op ft1, ft1, ft5
  \op ft2, ft2, ft6
  \op ft3, ft3, ft7
  fsw ft0, 0(a7)
  fsw ft1, 4(a7)
  fsw ft2, 8(a7)
  fsw ft3, 12(a7)
  addi a5, a5, 16
  addi a6, a6, 16
  addi a7, a7, 16
  addi t1, t1, -1
  bnez t1, 1b
2:
  beqz a4, 99f
3:
  flw ft0, 0(a5)
  flw ft4, 0(a6)
  \op ft0, ft0, ft4
  fsw ft0, 0(a7)
  addi a5, a5, 4
  addi a6, a6, 4
  addi a7, a7, 4
  addi a4, a4, -1
  bnez a4, 3b
99:
  ret
.endm

  BINARY add, fadd.s
  BINARY mul, fmul.s

# relu: y = fmax.s(x, +0), unrolled by 4.
  .globl kernel_relu
kernel_relu:
  CHUNK 8
  slli t0, a3, 2
  lw a5, 0(a0)
  lw a7, 4(a0)
  add a5, a5, t0
  add a7, a7, t0
  fmv.w.x ft7, zero
  srli t1, a4, 2
  andi a4, a4, 3
  beqz t1, 2f
1:
  flw ft0, 0(a5)
  flw ft1, 4(a5)
  flw ft2, 8(a5)
  flw ft3, 12(a5)
  fmax.s ft0, ft0, ft7
  fmax.s ft1, ft1, ft7
  fmax.s ft2, ft2, ft7
  fmax.s ft3, ft3, ft7
  fsw ft0, 0(a7)
  fsw ft1, 4(a7)
  fsw ft2, 8(a7)
  fsw ft3, 12(a7)
  addi a5, a5, 16
  addi a7, a7, 16
  addi t1, t1, -1
  bnez t1, 1b
2:
  beqz a4, 99f
3:
  flw ft0, 0(a5)
  fmax.s ft0, ft0, ft7
  fsw ft0, 0(a7)
  addi a5, a5, 4
  addi a7, a7, 4
  addi a4, a4, -1
  bnez a4, 3b
99:
  ret

# One call of a math routine (kernels/math.s, clobbers t0-t2, ft0-ft4) per element.
.macro UNARY_CALL name, fn
  .globl kernel_\name
kernel_\name:
  CHUNK 8
  beqz a4, 99f
  mv t6, ra
  slli t0, a3, 2
  lw a5, 0(a0)
  lw a7, 4(a0)
  add a5, a5, t0
  add a7, a7, t0
1:
  flw fa0, 0(a5)
  call \fn
  fsw fa0, 0(a7)
  addi a5, a5, 4
  addi a7, a7, 4
  addi a4, a4, -1
  bnez a4, 1b
  mv ra, t6
99:
  ret
.endm

  UNARY_CALL sigmoid, gpe_sigmoidf
  UNARY_CALL tanh, gpe_tanhf
