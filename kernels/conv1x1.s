# 1x1 convolution (stride 1, no padding): y[n][co][p] = bias[co] + sum_ci w[co][ci] * x[n][ci][p].
# Descriptor {x, w, bias, y, batch, cin, hw, cout}. Mapping as conv2d: item i = (n, co) = n*Cout + co,
# worker w takes items w, w+W, ...; a 64-byte line of y belongs to the item holding its first word,
# so item i writes the flat range [up16(i*HW), up16((i+1)*HW)) of y (capped at the end): its plane
# from the first line start on plus the head of the next plane(s) up to the end of that line. No two
# workers write one line (caches are not coherent). The range is done as segments, one per plane.
# Order per output: acc = bias[co], then fmadd.s(w[co][ci], x[n][ci][p], acc) for ci ascending.
# Speed: eight neighbouring pixels at a time share each weight load (8 accumulators, ft0-ft7):
# per input channel 1 weight load, 8 x loads, 8 fmadd.s. The rest of a segment (0-7 pixels)
# goes 4, 2, 1 pixels at a time.
#
# Registers: a3 item, a1 end of its flat range, a4 pixel, a5 end pixel of the segment, a6 4*HW,
# a7 Cin, t3 x of item, t4 w row, t5 y plane of the segment.

  .text
  .globl kernel_conv1x1
kernel_conv1x1:
  lw a5, 24(a0)
  slli a6, a5, 2
  lw a7, 20(a0)
  mv a3, a1
.Lc11_item:
  lw t0, 16(a0)
  lw t1, 28(a0)
  mul t0, t0, t1           # planes
  bgeu a3, t0, .Lc11_done
  srli t2, a6, 2           # HW
  mul t0, t0, t2           # outputs in all
  mul t1, a3, t2           # i*HW
  add a1, t1, t2
  addi a1, a1, 15
  andi a1, a1, -16
  bleu a1, t0, 1f
  mv a1, t0                # end: min(up16((i+1)*HW), outputs)
1:
  addi t1, t1, 15
  andi t1, t1, -16         # start: up16(i*HW)
  bgeu t1, a1, .Lc11_next  # (HW < 16: no line starts in this plane)
.Lc11_seg:                  # t1 = flat start, inside plane j = t1 / HW
  srli t2, a6, 2
  divu t0, t1, t2          # j
  mul a4, t0, t2
  sub a5, a1, a4
  bleu a5, t2, 2f
  mv a5, t2                # end pixel: min(end - j*HW, HW)
2:
  sub a4, t1, a4           # first pixel
  mul t2, t0, a6
  lw t5, 12(a0)
  add t5, t5, t2           # y plane j
  lw t1, 28(a0)
  divu t2, t0, t1          # n
  remu t1, t0, t1          # co
  mul t2, t2, a7
  mul t2, t2, a6
  lw t3, 0(a0)
  add t3, t3, t2           # x + n*Cin*HW
  mul t2, t1, a7
  slli t2, t2, 2
  lw t4, 4(a0)
  add t4, t4, t2           # w[co]
  slli t2, t1, 2
  lw t0, 8(a0)
  add t0, t0, t2
  flw fa7, 0(t0)           # bias[co]
.Lc11_group:
  addi t0, a4, 8
  bgtu t0, a5, .Lc11_quad
  slli t0, a4, 2
  add t2, t3, t0           # x[n][0][p]
  mv t6, t4
  mv t1, a7
  fmv.s ft0, fa7
  fmv.s ft1, fa7
  fmv.s ft2, fa7
  fmv.s ft3, fa7
  fmv.s ft4, fa7
  fmv.s ft5, fa7
  fmv.s ft6, fa7
  fmv.s ft7, fa7
1:
  flw fa4, 0(t6)
  flw ft8, 0(t2)
  flw ft9, 4(t2)
  flw ft10, 8(t2)
  flw ft11, 12(t2)
  flw fa0, 16(t2)
  flw fa1, 20(t2)
  flw fa2, 24(t2)
  flw fa3, 28(t2)
  fmadd.s ft0, fa4, ft8, ft0
  fmadd.s ft1, fa4, ft9, ft1
  fmadd.s ft2, fa4, ft10, ft2
  fmadd.s ft3, fa4, ft11, ft3
  fmadd.s ft4, fa4, fa0, ft4
  fmadd.s ft5, fa4, fa1, ft5
  fmadd.s ft6, fa4, fa2, ft6
  fmadd.s ft7, fa4, fa3, ft7
  add t2, t2, a6
  addi t6, t6, 4
  addi t1, t1, -1
  bnez t1, 1b
  slli t0, a4, 2
  add t0, t5, t0
  fsw ft0, 0(t0)
  fsw ft1, 4(t0)
  fsw ft2, 8(t0)
  fsw ft3, 12(t0)
  fsw ft4, 16(t0)
  fsw ft5, 20(t0)
  fsw ft6, 24(t0)
  fsw ft7, 28(t0)
  addi a4, a4, 8
  j .Lc11_group
.Lc11_quad:                 # the rest of a segment: 4, then 2, then 1 pixel at a time
  addi t0, a4, 4
  bgtu t0, a5, .Lc11_pair
  slli t0, a4, 2
  add t2, t3, t0
  mv t6, t4
  mv t1, a7
  fmv.s ft0, fa7
  fmv.s ft1, fa7
  fmv.s ft2, fa7
  fmv.s ft3, fa7
3:
  flw fa4, 0(t6)
  flw ft8, 0(t2)
  flw ft9, 4(t2)
  flw ft10, 8(t2)
  flw ft11, 12(t2)
  fmadd.s ft0, fa4, ft8, ft0
  fmadd.s ft1, fa4, ft9, ft1
  fmadd.s ft2, fa4, ft10, ft2
  fmadd.s ft3, fa4, ft11, ft3
  add t2, t2, a6
  addi t6, t6, 4
  addi t1, t1, -1
  bnez t1, 3b
  slli t0, a4, 2
  add t0, t5, t0
  fsw ft0, 0(t0)
  fsw ft1, 4(t0)
  fsw ft2, 8(t0)
  fsw ft3, 12(t0)
  addi a4, a4, 4
.Lc11_pair:
  addi t0, a4, 2
  bgtu t0, a5, .Lc11_single
  slli t0, a4, 2
  add t2, t3, t0
  mv t6, t4
  mv t1, a7
  fmv.s ft0, fa7
  fmv.s ft1, fa7
4:
  flw fa4, 0(t6)
  flw ft8, 0(t2)
  flw ft9, 4(t2)
  fmadd.s ft0, fa4, ft8, ft0
  fmadd.s ft1, fa4, ft9, ft1
  add t2, t2, a6
  addi t6, t6, 4
  addi t1, t1, -1
  bnez t1, 4b
  slli t0, a4, 2
  add t0, t5, t0
  fsw ft0, 0(t0)
  fsw ft1, 4(t0)
  addi a4, a4, 2
.Lc11_single:
  bgeu a4, a5, .Lc11_seg_end
  slli t0, a4, 2
  add t2, t3, t0
  mv t6, t4
  mv t1, a7
  fmv.s ft0, fa7
2:
  flw fa4, 0(t6)
  flw ft8, 0(t2)
  fmadd.s ft0, fa4, ft8, ft0
  add t2, t2, a6
  addi t6, t6, 4
  addi t1, t1, -1
  bnez t1, 2b
  slli t0, a4, 2
  add t0, t5, t0
  fsw ft0, 0(t0)
  addi a4, a4, 1
.Lc11_seg_end:              # the next plane starts at flat (j+1)*HW = (t5 - y)/4 + HW
  lw t0, 12(a0)
  sub t1, t5, t0
  add t1, t1, a6
  srli t1, t1, 2
  bltu t1, a1, .Lc11_seg
.Lc11_next:
  add a3, a3, a2
  j .Lc11_item
.Lc11_done:
  ret
