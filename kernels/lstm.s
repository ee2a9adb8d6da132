# LSTM cell: gates i, f, g, o stacked in the rows of wx [4H][I], uh [4H][H] and b [4H].
# Descriptor {x, h, c, wx, uh, b, hOut, cOut, inFeatures, hidden, scratch}; hOut/cOut must not
# overlap h/c (other workers still read h and c). scratch: 34 * ((H + 30) >> 4) floats, 64-byte
# aligned, all zero at launch; the kernel leaves it all zero again (docs/KERNELS.md).
# Mapping: each worker owns a contiguous block of ceil(H / workers) hidden units; for unit j it
# computes the four gate rows j, H+j, 2H+j, 3H+j together so each x (then h) load feeds four
# fmadd.s, then the element-wise update.
# Output lines (caches are not coherent; no two workers may write one 64-byte line of hOut or
# cOut in a launch): a unit whose line (by address) lies wholly inside the worker's units is
# stored directly. Units of a line shared with other workers are deposited in the line's scratch
# slot with amoswap.w (performed at memory, never cached); after its last unit each worker adds
# its count of units to the line's counter (amoadd.w), and the worker that completes the count
# copies the whole line from the slot to the output and zeroes slot and counter. So each line is
# written by one worker, nobody waits, and the units stay balanced. Scratch layout, with
# L = (H + 30) >> 4 lines (an output of H floats at any word alignment spans at most L lines):
# hOut slots 16 L floats, cOut slots 16 L, hOut counters L words, cOut counters L words; slot
# word of unit j is j + (output address mod 64) / 4, its line's counter index that >> 4.
# Order per gate row: acc = b, fmadd.s over the wx row with x (ascending), then over the uh row
# with h (ascending); i, f, o = sigmoid, g = tanh; c' = fmadd.s(f, c, i*g); h' = o * tanh(c').
# An LSTM layer over T steps is T launches of this kernel (docs/KERNELS.md).
#
# Registers: a1 unit j, a2 end of this worker's units, a3 I, a4 H, a5 4*H, a6 gate row stride,
# a7 vector length, t2 vector pointer, t3-t6 row pointers, ft5-ft8 gate accumulators.
# Stack: 48 bytes (ra, fs0-fs3, first unit of this worker, slot and counter bases).

# PUT_OUT off, slot: element a1 of the output at descriptor offset \off gets fa0: stored when
# its line belongs to this worker's units alone, else deposited at memory in the slot area whose
# base is at \slot(sp). Clobbers t0-t3; keeps fa0.
.macro PUT_OUT off, slot
  lw t0, \off(a0)
  slli t1, a1, 2
  add t0, t0, t1           # &out[j]
  andi t1, t0, 63
  srli t1, t1, 2
  sub t2, a1, t1           # first unit of j's line (< 0: the line begins before the output)
  addi t1, t2, 16          # end of the line
  bgez t2, 4f
  li t2, 0
4:
  lw t3, 24(sp)            # first unit of this worker
  blt t2, t3, 1f           # the line holds units before this worker's
  ble t1, a2, 2f           # ends within this worker's units
  bne a2, a4, 1f           # ... or the units run to H, where the output ends
2:
  fsw fa0, 0(t0)
  j 3f
1:
  lw t0, \off(a0)
  andi t0, t0, 63
  slli t1, a1, 2
  add t0, t0, t1           # 4 * slot word
  lw t1, \slot(sp)
  add t0, t0, t1
  fmv.x.w t1, fa0
  amoswap.w zero, t1, (t0)
3:
.endm

# FINISH off, slot, cnt: for the output at descriptor offset \off, slot base at \slot(sp), counter
# base at \cnt(sp): count this worker's units in the first and the last line it touched.
.macro FINISH off, slot, cnt
  lw a5, \off(a0)
  andi a3, a5, 63
  srli a3, a3, 2           # word of element 0 in its line
  lw a7, \slot(sp)
  lw t6, \cnt(sp)
  lw t0, 24(sp)
  add t0, t0, a3
  srli a6, t0, 4           # line of the first unit
  call .Llstm_line
  addi t0, a2, -1
  add t0, t0, a3
  srli t0, t0, 4           # line of the last unit
  beq t0, a6, 1f
  mv a6, t0
  call .Llstm_line
1:
.endm

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
  addi sp, sp, -48
  sw ra, 44(sp)
  fsw fs0, 40(sp)
  fsw fs1, 36(sp)
  fsw fs2, 32(sp)
  fsw fs3, 28(sp)
  lw a3, 32(a0)
  lw a4, 36(a0)
  slli a5, a4, 2
  add t0, a4, a2
  addi t0, t0, -1
  divu t0, t0, a2          # units per worker
  mul a1, t0, a1           # first unit
  add a2, a1, t0
  bleu a2, a4, 1f
  mv a2, a4                # end unit
1:
  bgeu a1, a2, .Llstm_done
  sw a1, 24(sp)
  addi t0, a4, 30
  srli t0, t0, 4           # L: lines an output can span
  slli t0, t0, 6           # 64 L bytes: one slot area
  lw t1, 40(a0)
  sw t1, 20(sp)            # hOut slots
  add t1, t1, t0
  sw t1, 16(sp)            # cOut slots
.Llstm_unit:
  bgeu a1, a2, .Llstm_finish
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
  PUT_OUT 28, 16           # c'[j]
  call gpe_tanhf
  fmul.s fa0, fs3, fa0
  PUT_OUT 24, 20           # h'[j]
  addi a1, a1, 1
  j .Llstm_unit
.Llstm_finish:             # a2 = end unit
  addi t0, a4, 30
  srli t0, t0, 4
  slli t1, t0, 7           # 128 L bytes: both slot areas
  lw t2, 40(a0)
  add t2, t2, t1
  sw t2, 12(sp)            # hOut counters
  slli t0, t0, 2
  add t2, t2, t0
  sw t2, 8(sp)             # cOut counters
  FINISH 24, 20, 12
  FINISH 28, 16, 8
.Llstm_done:
  lw ra, 44(sp)
  flw fs0, 40(sp)
  flw fs1, 36(sp)
  flw fs2, 32(sp)
  flw fs3, 28(sp)
  addi sp, sp, 48
  ret

# Line a6 of the output at a5 (a3 = word of element 0 in its line): when it holds units of other
# workers too, add this worker's units to the line's counter (t6 = counter base); the worker that
# completes the count copies the line from the slots (a7) to the output and zeroes slots and
# counter (only that worker touches the slot line with loads and stores, after every deposit).
# Reads 24(sp) (first unit), a2 (end unit), a4 (H); clobbers t0-t5.
.Llstm_line:
  slli t0, a6, 4
  sub t0, t0, a3           # first unit of the line (may be < 0)
  addi t1, t0, 16          # its end
  bgez t0, 1f
  li t0, 0
1:
  ble t1, a4, 2f
  mv t1, a4
2:
  lw t2, 24(sp)
  blt t0, t2, 3f
  bgt t1, a2, 3f
  ret                      # only this worker's units: stored directly
3:
  mv t3, t0
  bge t3, t2, 4f
  mv t3, t2                # max(line start, first unit)
4:
  mv t4, t1
  ble t4, a2, 5f
  mv t4, a2                # min(line end, end unit)
5:
  sub t4, t4, t3           # this worker's units in the line
  sub t5, t1, t0           # units in the line
  slli t2, a6, 2
  add t2, t2, t6           # the line's counter
  amoadd.w.aqrl t3, t4, (t2)
  add t3, t3, t4
  bne t3, t5, 7f           # other workers still to add theirs
  add t3, t0, a3
  slli t3, t3, 2
  add t3, t3, a7           # slot of the line's first unit
  slli t4, t0, 2
  add t4, t4, a5           # its output element
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
