# LSTM cell: gates i, f, g, o stacked in the rows of wx [4H][I], uh [4H][H] and b [4H].
# Descriptor {x, h, c, wx, uh, b, hOut, cOut, inFeatures, hidden}; hOut/cOut must not overlap
# h/c (other workers still read h and c).
# Mapping: each worker owns a contiguous block of ceil(H / workers) hidden units; for unit j it
# computes the four gate rows j, H+j, 2H+j, 3H+j together so each x (then h) load feeds four
# fmadd.s, then the element-wise update.
# Order per gate row: acc = b, fmadd.s over the wx row with x (ascending), then over the uh row
# with h (ascending); i, f, o = sigmoid, g = tanh; c' = fmadd.s(f, c, i*g); h' = o * tanh(c').
# An LSTM layer over T steps is T launches of this kernel (docs/KERNELS.md).
#
# Registers: a1 unit j, a2 end of this worker's units, a3 I, a4 H, a5 4*H, a6 gate row stride,
# a7 vector length, t2 vector pointer, t3-t6 row pointers, ft5-ft8 gate accumulators.
# Stack: 32 bytes (ra, fs0-fs3).

# DOT4: ft5..ft8 += rows t3..t6 . vector t2 (length a7), elements in ascending order, the
# vector element shared by the four rows; unrolled by 4 with all 20 loads before 16 fmadd.s.
# Clobbers t1-t6, fa0-fa7, ft0-ft4, ft9-ft11, fs0-fs3.
.macro DOT4
  srli t1, a7, 2
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
  andi t1, a7, 3
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
.endm

  .text
  .globl kernel_lstm_cell
kernel_lstm_cell:
  addi sp, sp, -32
  sw ra, 28(sp)
  fsw fs0, 24(sp)
  fsw fs1, 20(sp)
  fsw fs2, 16(sp)
  fsw fs3, 12(sp)
  lw a3, 32(a0)
  lw a4, 36(a0)
  slli a5, a4, 2
  add t0, a4, a2
  addi t0, t0, -1
  divu t0, t0, a2          # units per worker
  mul a1, t0, a1           # first unit
  add a2, a1, t0
  bleu a2, a4, .Llstm_unit
  mv a2, a4                # end unit
.Llstm_unit:
  bgeu a1, a2, .Llstm_done
  lw t0, 20(a0)
  slli t1, a1, 2
  add t0, t0, t1
  flw ft5, 0(t0)
  add t0, t0, a5
  flw ft6, 0(t0)
  add t0, t0, a5
  flw ft7, 0(t0)
  add t0, t0, a5
  flw ft8, 0(t0)
  mul a6, a4, a3
  slli a6, a6, 2           # wx gate stride: H*I floats
  lw t0, 12(a0)
  mul t1, a1, a3
  slli t1, t1, 2
  add t3, t0, t1
  add t4, t3, a6
  add t5, t4, a6
  add t6, t5, a6
  lw t2, 0(a0)
  mv a7, a3
  DOT4
  mul a6, a4, a4
  slli a6, a6, 2           # uh gate stride: H*H floats
  lw t0, 16(a0)
  mul t1, a1, a4
  slli t1, t1, 2
  add t3, t0, t1
  add t4, t3, a6
  add t5, t4, a6
  add t6, t5, a6
  lw t2, 4(a0)
  mv a7, a4
  DOT4
  fmv.s fa0, ft5
  call gpe_sigmoidf
  fmv.s fs0, fa0           # i
  fmv.s fa0, ft6
  call gpe_sigmoidf
  fmv.s fs1, fa0           # f
  fmv.s fa0, ft7
  call gpe_tanhf
  fmv.s fs2, fa0           # g
  fmv.s fa0, ft8
  call gpe_sigmoidf
  fmv.s fs3, fa0           # o
  slli t1, a1, 2
  lw t0, 8(a0)
  add t0, t0, t1
  flw ft5, 0(t0)           # c[j]
  fmul.s ft6, fs0, fs2
  fmadd.s fa0, fs1, ft5, ft6
  lw t0, 28(a0)
  add t0, t0, t1
  fsw fa0, 0(t0)           # c'[j]
  call gpe_tanhf
  fmul.s fa0, fs3, fa0
  slli t1, a1, 2
  lw t0, 24(a0)
  add t0, t0, t1
  fsw fa0, 0(t0)           # h'[j]
  addi a1, a1, 1
  j .Llstm_unit
.Llstm_done:
  lw ra, 28(sp)
  flw fs0, 24(sp)
  flw fs1, 20(sp)
  flw fs2, 16(sp)
  flw fs3, 12(sp)
  addi sp, sp, 32
  ret
