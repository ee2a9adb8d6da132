# 2D convolution, NCHW, weights [Cout][Cin][K][K], bias [Cout], zero padding, any K 1..15.
# Descriptor {x, w, bias, y, batch, cin, h, w_, cout, k, stride, pad, ho, wo}.
# Mapping (paper): one work item = (batch item n, output channel co): co's kernel set over all
# input channels, producing the output plane; item i = n*Cout + co, worker w takes items
# w, w+W, w+2W, ... Caches are not coherent, so a 64-byte line of y belongs to the item holding
# its first word: item i writes the flat range [up16(i*P), up16((i+1)*P)) of y (P = Ho*Wo, capped
# at the end), i.e. its plane from the first line start on plus the head (< 16 outputs) of the
# next plane(s), with their weights and bias. The range is done as segments, one per plane, and
# a segment as rows, the first and last possibly partial (columns [c0, c1)). With P a multiple
# of 16 a segment is the whole plane.
# Order per output element: acc = bias[co], then one fmadd.s per tap in the order ci, kh, kw,
# skipping taps in the zero padding (as kernels/reference/conv.ts).
#
# Method: for each output row, the row is first set to the bias; then for each (ci, kh) the K
# weights of that kernel row are loaded into registers R0..R14 (ft0-ft11, fa2-fa4; the last K of
# them are used, loaded by a jump into an unrolled load sequence at 15-K) and the output row is
# swept. Outputs whose window lies inside the input go four at a time through a fully unrolled
# tap sequence entered at position 15-K: per output one partial-sum load and store, per tap one
# x load and one fmadd.s. Other outputs (windows clipped by the padding, and the 0-3 left over)
# go one at a time through a second unrolled sequence entered at the first valid tap, which
# counts down the valid taps and leaves after the last. With stride 1 the four outputs share
# their x loads instead: a sequence generated for each K loads x[0..K+2] of the kernel row once
# and feeds each value to every output whose window holds it (K+3 loads for 4K fmadd.s).
# K = 3 with stride 1 and pad <= 1 (ResNet's case) goes further on rows whose window lies inside
# the input: all nine weights of (co, ci) in registers and the partial sums of four outputs kept
# in registers across the three kernel rows (see .Lconv_k3_row).
#
# Registers: s0 K, s1 stride, s2 pad, s3 H, s4 W, s5 Cin, s6 c1 (end column of the row: Wo but
# on a segment's last row), s7 first interior column, s8 end of interior columns (both at most
# c1), s9 x plane of the
# segment's item, s10 weights of its co, s11 output row (column 0);
# a1 4*stride, a2 output pointer, a3 oh, a4 ci, a5 kh, a6 kh end, a7 ih0 = oh*stride - pad;
# t4 input row, t5 weight row (then a pointer), t6 ow; ra = entry of the 4-output sequence
# (the stride-1 one when stride = 1).
# Stack (128 bytes): 0 item index, 4 worker count, 8 weight-load entry, 12 4*(15-K),
# 16 entry of the 1-output sequence at position 15-K, 20 nine-weight path flag, 24 c0 (first
# column of the row), 28 first interior column, 32 end of interior columns (of a whole row),
# 36 c1 of the segment's last row, 40 its last row, 44 end of the item's flat range, 48 segment's
# plane,
# then fs0-fs3, s0-s11, ra.

  .text

# One output column t6 through the counting sequence, for the current (ci, kh), taps
# kw_lo..kw_hi-1 of the window that lie inside the input.
.macro ONE_PIXEL
  mul t1, t6, s1
  sub t1, t1, s2          # iw0
  neg t3, t1
  bgez t3, 81f
  li t3, 0                # kw_lo
81:
  sub t5, s4, t1
  ble t5, s0, 82f
  mv t5, s0               # kw_hi
82:
  lw t2, 12(sp)
  slli t1, t1, 2
  sub t1, t1, t2
  add t2, t4, t1          # x of tap position i is at 4*i(t2)
  sub t1, t5, t3          # taps to do
  slli t3, t3, 4
  lw t5, 16(sp)
  add t3, t3, t5          # entry: first valid tap
  slli t5, t6, 2
  add t5, s11, t5
  flw fa0, 0(t5)
  jalr t0, 0(t3)
  fsw fa0, 0(t5)
.endm

  .globl kernel_conv2d
kernel_conv2d:
  addi sp, sp, -128
  sw ra, 124(sp)
  sw s0, 120(sp)
  sw s1, 116(sp)
  sw s2, 112(sp)
  sw s3, 108(sp)
  sw s4, 104(sp)
  sw s5, 100(sp)
  sw s6, 96(sp)
  sw s7, 92(sp)
  sw s8, 88(sp)
  sw s9, 84(sp)
  sw s10, 80(sp)
  sw s11, 76(sp)
  fsw fs0, 72(sp)
  fsw fs1, 68(sp)
  fsw fs2, 64(sp)
  fsw fs3, 60(sp)
  sw a1, 0(sp)
  sw a2, 4(sp)
  lw s0, 36(a0)
  lw s1, 40(a0)
  lw s2, 44(a0)
  lw s3, 24(a0)
  lw s4, 28(a0)
  lw s5, 20(a0)
  lw s6, 52(a0)
  slli a1, s1, 2
  li t0, 15
  sub t0, t0, s0           # D = 15-K
  slli t1, t0, 2
  sw t1, 12(sp)            # 4*D
  la t2, .Lconv_wload
  add t2, t2, t1
  sw t2, 8(sp)
  slli t1, t0, 4
  la t2, .Lconv_one
  add t2, t2, t1           # 16 bytes per position
  sw t2, 16(sp)
  slli t1, t0, 5
  la ra, .Lconv_quad
  add ra, ra, t1           # 32 bytes per position
  li t1, 1
  bne s1, t1, 0f
  la t1, .Lconv_s1_table   # stride 1: the sequence made for this K
  slli t2, s0, 2
  add t1, t1, t2
  lw ra, -4(t1)
0:
  li t0, 0                 # K = 3, stride 1, pad <= 1, W >= 3: the nine-weight path
  li t1, 3
  bne s0, t1, 6f
  blt s4, t1, 6f
  li t1, 1
  bne s1, t1, 6f
  bgtu s2, t1, 6f
  li t0, 1
6:
  sw t0, 20(sp)
  # interior columns: ceil(pad/stride) <= ow < floor((W + pad - K)/stride) + 1, within [0, Wo)
  add t0, s2, s1
  addi t0, t0, -1
  divu s7, t0, s1
  ble s7, s6, 1f
  mv s7, s6
1:
  add t0, s4, s2
  sub t0, t0, s0
  li s8, 0
  bltz t0, 2f
  divu s8, t0, s1
  addi s8, s8, 1
2:
  ble s8, s6, 3f
  mv s8, s6
3:
  bge s8, s7, 4f
  mv s8, s7
4:
  sw s7, 28(sp)
  sw s8, 32(sp)

.Lconv_item:
  lw t6, 0(sp)             # item index
  lw t0, 16(a0)
  lw t1, 32(a0)
  mul t0, t0, t1           # planes
  bgeu t6, t0, .Lconv_done
  lw t2, 48(a0)
  lw t3, 52(a0)
  mul t2, t2, t3           # P = Ho*Wo
  mul t0, t0, t2           # outputs in all
  mul t1, t6, t2           # i*P
  add t3, t1, t2
  addi t3, t3, 15
  andi t3, t3, -16
  bleu t3, t0, 1f
  mv t3, t0
1:
  sw t3, 44(sp)            # end: min(up16((i+1)*P), outputs)
  addi t1, t1, 15
  andi t1, t1, -16         # start: up16(i*P)
  bgeu t1, t3, .Lconv_next_item  # (P < 16: no line starts in this plane)
.Lconv_seg:                 # t1 = flat start (< end), t2 = P
  divu t0, t1, t2          # plane j of the segment
  sw t0, 48(sp)
  mul t3, t0, t2           # j*P
  sub t4, t1, t3
  lw t5, 44(sp)
  sub t5, t5, t3
  bleu t5, t2, 2f
  mv t5, t2                # end pixel: min(end - j*P, P)
2:
  lw s6, 52(a0)            # c1 = Wo on every row but the last
  addi t5, t5, -1
  divu t2, t5, s6
  sw t2, 40(sp)            # last row
  mul t2, t2, s6
  sub t5, t5, t2
  addi t5, t5, 1
  sw t5, 36(sp)            # c1 of the last row
  divu a3, t4, s6          # first row
  mul t5, a3, s6
  sub t4, t4, t5
  sw t4, 24(sp)            # c0 of the first row (0 on the others)
  add t3, t3, t5
  slli t3, t3, 2
  lw t2, 12(a0)
  add s11, t2, t3          # y + 4*(j*P + row*Wo)
  lw s7, 28(sp)
  lw s8, 32(sp)
  lw t1, 32(a0)
  divu t5, t0, t1          # n
  remu t1, t0, t1          # co
  mul t2, s5, s3
  mul t2, t2, s4
  mul t2, t2, t5
  slli t2, t2, 2
  lw t3, 0(a0)
  add s9, t3, t2
  mul t2, s0, s0
  mul t2, t2, s5
  mul t2, t2, t1
  slli t2, t2, 2
  lw t3, 4(a0)
  add s10, t3, t2
  lw t3, 8(a0)
  slli t2, t1, 2
  add t3, t3, t2
  flw fa7, 0(t3)           # bias
.Lconv_row:                 # columns [c0, c1) of row a3
  lw t0, 40(sp)
  bgtu a3, t0, .Lconv_next_seg
  beq a3, t0, .Lconv_last_row
.Lconv_fill:
  lw t2, 24(sp)            # c0
  slli t0, t2, 2           # the row starts as the bias (4 stores per pass, then the rest)
  add t0, s11, t0
  sub t3, s6, t2
  srli t1, t3, 2
  beqz t1, 7f
4:
  fsw fa7, 0(t0)
  fsw fa7, 4(t0)
  fsw fa7, 8(t0)
  fsw fa7, 12(t0)
  addi t0, t0, 16
  addi t1, t1, -1
  bnez t1, 4b
7:
  andi t1, t3, 3
  beqz t1, 8f
9:
  fsw fa7, 0(t0)
  addi t0, t0, 4
  addi t1, t1, -1
  bnez t1, 9b
8:
  mul a7, a3, s1
  sub a7, a7, s2           # ih0
  sub a6, s3, a7
  ble a6, s0, 5f
  mv a6, s0                # kh end
5:
  lw t0, 20(sp)
  beqz t0, .Lconv_generic_row
  bnez t2, .Lconv_generic_row   # (t2 = c0: a row starting mid-way, rare)
  bltz a7, .Lconv_generic_row
  addi t0, a7, 3
  bgt t0, s3, .Lconv_generic_row
  j .Lconv_k3_row
.Lconv_generic_row:
  li a4, 0
.Lconv_ci:
  neg a5, a7
  bgez a5, .Lconv_kh
  li a5, 0                 # kh start
.Lconv_kh:
  bge a5, a6, .Lconv_next_ci
  mul t0, a4, s3
  add t0, t0, a7
  add t0, t0, a5
  mul t0, t0, s4
  slli t0, t0, 2
  add t4, s9, t0           # input row ih0 + kh of channel ci
  mul t0, a4, s0
  add t0, t0, a5
  mul t0, t0, s0
  slli t0, t0, 2
  add t5, s10, t0          # weight row kh of (co, ci)
  lw t1, 12(sp)
  sub t2, t5, t1
  lw t3, 8(sp)
  jr t3
.Lconv_wload:
  flw ft0, 0(t2)
  flw ft1, 4(t2)
  flw ft2, 8(t2)
  flw ft3, 12(t2)
  flw ft4, 16(t2)
  flw ft5, 20(t2)
  flw ft6, 24(t2)
  flw ft7, 28(t2)
  flw ft8, 32(t2)
  flw ft9, 36(t2)
  flw ft10, 40(t2)
  flw ft11, 44(t2)
  flw fa2, 48(t2)
  flw fa3, 52(t2)
  flw fa4, 56(t2)
  lw t6, 24(sp)            # c0
.Lconv_left:
  bgeu t6, s7, .Lconv_mid
  ONE_PIXEL
  addi t6, t6, 1
  j .Lconv_left
.Lconv_mid:
  li t0, 1
  beq s1, t0, .Lconv_mid1
  mul t0, t6, s1
  sub t0, t0, s2
  slli t0, t0, 2
  lw t1, 12(sp)
  sub t0, t0, t1
  add t2, t4, t0           # x of output t6's window, minus 4*(15-K)
  slli a2, t6, 2
  add a2, s11, a2
.Lconv_quads:
  addi t1, t6, 4
  bgtu t1, s8, .Lconv_rest
  add t3, t2, a1
  add t1, t3, a1
  add t5, t1, a1
  flw fa0, 0(a2)
  flw fa6, 4(a2)
  flw fs0, 8(a2)
  flw fs1, 12(a2)
  jalr t0, 0(ra)
  fsw fa0, 0(a2)
  fsw fa6, 4(a2)
  fsw fs0, 8(a2)
  fsw fs1, 12(a2)
  addi a2, a2, 16
  add t2, t5, a1
  addi t6, t6, 4
  j .Lconv_quads
  j .Lconv_rest
.Lconv_mid1:                # stride 1: four outputs share each x load
  sub t0, t6, s2
  slli t0, t0, 2
  add t2, t4, t0           # x of output t6's window
  slli a2, t6, 2
  add a2, s11, a2
.Lconv_quads1:
  addi t1, t6, 4
  bgtu t1, s8, .Lconv_rest
  flw fa0, 0(a2)
  flw fa6, 4(a2)
  flw fs0, 8(a2)
  flw fs1, 12(a2)
  jalr t0, 0(ra)
  fsw fa0, 0(a2)
  fsw fa6, 4(a2)
  fsw fs0, 8(a2)
  fsw fs1, 12(a2)
  addi a2, a2, 16
  addi t2, t2, 16
  addi t6, t6, 4
  j .Lconv_quads1
.Lconv_rest:
  bgeu t6, s6, .Lconv_next_kh
  ONE_PIXEL
  addi t6, t6, 1
  j .Lconv_rest
.Lconv_next_kh:
  addi a5, a5, 1
  j .Lconv_kh
.Lconv_next_ci:
  addi a4, a4, 1
  blt a4, s5, .Lconv_ci
.Lconv_row_done:
  sw zero, 24(sp)          # c0 = 0 after the first row
  addi a3, a3, 1
  slli t0, s6, 2           # (c1 = Wo on every row but the last)
  add s11, s11, t0
  j .Lconv_row
.Lconv_last_row:            # c1 = end column of the last row; interior bounds clipped to it
  lw s6, 36(sp)
  ble s7, s6, 1f
  mv s7, s6
1:
  ble s8, s6, 2f
  mv s8, s6
2:
  j .Lconv_fill
.Lconv_next_seg:            # the next plane starts at flat (j+1)*P
  lw t0, 48(sp)
  addi t0, t0, 1
  lw t2, 48(a0)
  lw t3, 52(a0)
  mul t2, t2, t3
  mul t1, t0, t2
  lw t3, 44(sp)
  bltu t1, t3, .Lconv_seg
.Lconv_next_item:
  lw t0, 0(sp)
  lw t1, 4(sp)
  add t0, t0, t1
  sw t0, 0(sp)
  j .Lconv_item

.Lconv_done:
  lw ra, 124(sp)
  lw s0, 120(sp)
  lw s1, 116(sp)
  lw s2, 112(sp)
  lw s3, 108(sp)
  lw s4, 104(sp)
  lw s5, 100(sp)
  lw s6, 96(sp)
  lw s7, 92(sp)
  lw s8, 88(sp)
  lw s9, 84(sp)
  lw s10, 80(sp)
  lw s11, 76(sp)
  flw fs0, 72(sp)
  flw fs1, 68(sp)
  flw fs2, 64(sp)
  flw fs3, 60(sp)
  addi sp, sp, 128
  ret

# K = 3, stride 1, pad <= 1, rows whose window lies inside the input and that start at column 0
# (a segment's first row starting mid-way goes the generic path): all nine weights of (co, ci)
# in ft0-ft8, partial sums stay in registers over the three kernel rows; four outputs share each x
# load (row bases t2, t3, t5). Order per output: ci, kh, kw ascending as everywhere.
.Lconv_k3_row:
  slli a5, s4, 2           # input row stride
  li a4, 0
.Lk3_ci:
  li t0, 36
  mul t0, a4, t0
  add t5, s10, t0
  flw ft0, 0(t5)
  flw ft1, 4(t5)
  flw ft2, 8(t5)
  flw ft3, 12(t5)
  flw ft4, 16(t5)
  flw ft5, 20(t5)
  flw ft6, 24(t5)
  flw ft7, 28(t5)
  flw ft8, 32(t5)
  mul t0, a4, s3
  add t0, t0, a7
  mul t0, t0, s4
  slli t0, t0, 2
  add t4, s9, t0           # input row ih0 of channel ci
  li t6, 0                 # (rows here start at column 0)
  mv a2, s11
  beqz s2, .Lk3_mid
  addi t2, t4, -4          # output 0 with pad 1: taps kw = 1, 2
  add t3, t2, a5
  add t5, t3, a5
  flw fa0, 0(a2)
  flw fa1, 4(t2)
  flw fa5, 8(t2)
  fmadd.s fa0, ft1, fa1, fa0
  flw fa1, 4(t3)
  fmadd.s fa0, ft2, fa5, fa0
  flw fa5, 8(t3)
  fmadd.s fa0, ft4, fa1, fa0
  flw fa1, 4(t5)
  fmadd.s fa0, ft5, fa5, fa0
  flw fa5, 8(t5)
  fmadd.s fa0, ft7, fa1, fa0
  fmadd.s fa0, ft8, fa5, fa0
  fsw fa0, 0(a2)
  addi a2, a2, 4
  li t6, 1
.Lk3_mid:
  sub t0, t6, s2
  slli t0, t0, 2
  add t2, t4, t0
.Lk3_quads:
  addi t1, t6, 4
  bgtu t1, s8, .Lk3_single
  add t3, t2, a5
  add t5, t3, a5
  flw fa0, 0(a2)
  flw fa6, 4(a2)
  flw fs0, 8(a2)
  flw fs1, 12(a2)
  flw fa1, 0(t2)
  flw fa5, 4(t2)
  fmadd.s fa0, ft0, fa1, fa0
  flw fa1, 8(t2)
  fmadd.s fa0, ft1, fa5, fa0
  fmadd.s fa6, ft0, fa5, fa6
  flw fa5, 12(t2)
  fmadd.s fa0, ft2, fa1, fa0
  fmadd.s fa6, ft1, fa1, fa6
  fmadd.s fs0, ft0, fa1, fs0
  flw fa1, 16(t2)
  fmadd.s fa6, ft2, fa5, fa6
  fmadd.s fs0, ft1, fa5, fs0
  fmadd.s fs1, ft0, fa5, fs1
  flw fa5, 20(t2)
  fmadd.s fs0, ft2, fa1, fs0
  fmadd.s fs1, ft1, fa1, fs1
  fmadd.s fs1, ft2, fa5, fs1
  flw fa1, 0(t3)
  flw fa5, 4(t3)
  fmadd.s fa0, ft3, fa1, fa0
  flw fa1, 8(t3)
  fmadd.s fa0, ft4, fa5, fa0
  fmadd.s fa6, ft3, fa5, fa6
  flw fa5, 12(t3)
  fmadd.s fa0, ft5, fa1, fa0
  fmadd.s fa6, ft4, fa1, fa6
  fmadd.s fs0, ft3, fa1, fs0
  flw fa1, 16(t3)
  fmadd.s fa6, ft5, fa5, fa6
  fmadd.s fs0, ft4, fa5, fs0
  fmadd.s fs1, ft3, fa5, fs1
  flw fa5, 20(t3)
  fmadd.s fs0, ft5, fa1, fs0
  fmadd.s fs1, ft4, fa1, fs1
  fmadd.s fs1, ft5, fa5, fs1
  flw fa1, 0(t5)
  flw fa5, 4(t5)
  fmadd.s fa0, ft6, fa1, fa0
  flw fa1, 8(t5)
  fmadd.s fa0, ft7, fa5, fa0
  fmadd.s fa6, ft6, fa5, fa6
  flw fa5, 12(t5)
  fmadd.s fa0, ft8, fa1, fa0
  fmadd.s fa6, ft7, fa1, fa6
  fmadd.s fs0, ft6, fa1, fs0
  flw fa1, 16(t5)
  fmadd.s fa6, ft8, fa5, fa6
  fmadd.s fs0, ft7, fa5, fs0
  fmadd.s fs1, ft6, fa5, fs1
  flw fa5, 20(t5)
  fmadd.s fs0, ft8, fa1, fs0
  fmadd.s fs1, ft7, fa1, fs1
  fmadd.s fs1, ft8, fa5, fs1
  fsw fa0, 0(a2)
  fsw fa6, 4(a2)
  fsw fs0, 8(a2)
  fsw fs1, 12(a2)
  addi a2, a2, 16
  addi t2, t2, 16
  addi t6, t6, 4
  j .Lk3_quads
.Lk3_single:
  bgeu t6, s8, .Lk3_right
  add t3, t2, a5
  add t5, t3, a5
  flw fa0, 0(a2)
  flw fa1, 0(t2)
  flw fa5, 4(t2)
  fmadd.s fa0, ft0, fa1, fa0
  flw fa1, 8(t2)
  fmadd.s fa0, ft1, fa5, fa0
  flw fa5, 0(t3)
  fmadd.s fa0, ft2, fa1, fa0
  flw fa1, 4(t3)
  fmadd.s fa0, ft3, fa5, fa0
  flw fa5, 8(t3)
  fmadd.s fa0, ft4, fa1, fa0
  flw fa1, 0(t5)
  fmadd.s fa0, ft5, fa5, fa0
  flw fa5, 4(t5)
  fmadd.s fa0, ft6, fa1, fa0
  flw fa1, 8(t5)
  fmadd.s fa0, ft7, fa5, fa0
  fmadd.s fa0, ft8, fa1, fa0
  fsw fa0, 0(a2)
  addi a2, a2, 4
  addi t2, t2, 4
  addi t6, t6, 1
  j .Lk3_single
.Lk3_right:
  bgeu t6, s6, .Lk3_next_ci
  add t3, t2, a5           # last output with pad 1: taps kw = 0, 1
  add t5, t3, a5
  flw fa0, 0(a2)
  flw fa1, 0(t2)
  flw fa5, 4(t2)
  fmadd.s fa0, ft0, fa1, fa0
  flw fa1, 0(t3)
  fmadd.s fa0, ft1, fa5, fa0
  flw fa5, 4(t3)
  fmadd.s fa0, ft3, fa1, fa0
  flw fa1, 0(t5)
  fmadd.s fa0, ft4, fa5, fa0
  flw fa5, 4(t5)
  fmadd.s fa0, ft6, fa1, fa0
  fmadd.s fa0, ft7, fa5, fa0
  fsw fa0, 0(a2)
.Lk3_next_ci:
  addi a4, a4, 1
  blt a4, s5, .Lk3_ci
  j .Lconv_row_done

# Tap positions 0..14 for four outputs (x pointers t2, t3, t1, t5; accumulators fa0, fa6, fs0,
# fs1); entered at position 15-K through ra, returns through t0.
.Lconv_quad:
  flw fa1, 0(t2)
  flw fa5, 0(t3)
  flw fs2, 0(t1)
  flw fs3, 0(t5)
  fmadd.s fa0, ft0, fa1, fa0
  fmadd.s fa6, ft0, fa5, fa6
  fmadd.s fs0, ft0, fs2, fs0
  fmadd.s fs1, ft0, fs3, fs1
  flw fa1, 4(t2)
  flw fa5, 4(t3)
  flw fs2, 4(t1)
  flw fs3, 4(t5)
  fmadd.s fa0, ft1, fa1, fa0
  fmadd.s fa6, ft1, fa5, fa6
  fmadd.s fs0, ft1, fs2, fs0
  fmadd.s fs1, ft1, fs3, fs1
  flw fa1, 8(t2)
  flw fa5, 8(t3)
  flw fs2, 8(t1)
  flw fs3, 8(t5)
  fmadd.s fa0, ft2, fa1, fa0
  fmadd.s fa6, ft2, fa5, fa6
  fmadd.s fs0, ft2, fs2, fs0
  fmadd.s fs1, ft2, fs3, fs1
  flw fa1, 12(t2)
  flw fa5, 12(t3)
  flw fs2, 12(t1)
  flw fs3, 12(t5)
  fmadd.s fa0, ft3, fa1, fa0
  fmadd.s fa6, ft3, fa5, fa6
  fmadd.s fs0, ft3, fs2, fs0
  fmadd.s fs1, ft3, fs3, fs1
  flw fa1, 16(t2)
  flw fa5, 16(t3)
  flw fs2, 16(t1)
  flw fs3, 16(t5)
  fmadd.s fa0, ft4, fa1, fa0
  fmadd.s fa6, ft4, fa5, fa6
  fmadd.s fs0, ft4, fs2, fs0
  fmadd.s fs1, ft4, fs3, fs1
  flw fa1, 20(t2)
  flw fa5, 20(t3)
  flw fs2, 20(t1)
  flw fs3, 20(t5)
  fmadd.s fa0, ft5, fa1, fa0
  fmadd.s fa6, ft5, fa5, fa6
  fmadd.s fs0, ft5, fs2, fs0
  fmadd.s fs1, ft5, fs3, fs1
  flw fa1, 24(t2)
  flw fa5, 24(t3)
  flw fs2, 24(t1)
  flw fs3, 24(t5)
  fmadd.s fa0, ft6, fa1, fa0
  fmadd.s fa6, ft6, fa5, fa6
  fmadd.s fs0, ft6, fs2, fs0
  fmadd.s fs1, ft6, fs3, fs1
  flw fa1, 28(t2)
  flw fa5, 28(t3)
  flw fs2, 28(t1)
  flw fs3, 28(t5)
  fmadd.s fa0, ft7, fa1, fa0
  fmadd.s fa6, ft7, fa5, fa6
  fmadd.s fs0, ft7, fs2, fs0
  fmadd.s fs1, ft7, fs3, fs1
  flw fa1, 32(t2)
  flw fa5, 32(t3)
  flw fs2, 32(t1)
  flw fs3, 32(t5)
  fmadd.s fa0, ft8, fa1, fa0
  fmadd.s fa6, ft8, fa5, fa6
  fmadd.s fs0, ft8, fs2, fs0
  fmadd.s fs1, ft8, fs3, fs1
  flw fa1, 36(t2)
  flw fa5, 36(t3)
  flw fs2, 36(t1)
  flw fs3, 36(t5)
  fmadd.s fa0, ft9, fa1, fa0
  fmadd.s fa6, ft9, fa5, fa6
  fmadd.s fs0, ft9, fs2, fs0
  fmadd.s fs1, ft9, fs3, fs1
  flw fa1, 40(t2)
  flw fa5, 40(t3)
  flw fs2, 40(t1)
  flw fs3, 40(t5)
  fmadd.s fa0, ft10, fa1, fa0
  fmadd.s fa6, ft10, fa5, fa6
  fmadd.s fs0, ft10, fs2, fs0
  fmadd.s fs1, ft10, fs3, fs1
  flw fa1, 44(t2)
  flw fa5, 44(t3)
  flw fs2, 44(t1)
  flw fs3, 44(t5)
  fmadd.s fa0, ft11, fa1, fa0
  fmadd.s fa6, ft11, fa5, fa6
  fmadd.s fs0, ft11, fs2, fs0
  fmadd.s fs1, ft11, fs3, fs1
  flw fa1, 48(t2)
  flw fa5, 48(t3)
  flw fs2, 48(t1)
  flw fs3, 48(t5)
  fmadd.s fa0, fa2, fa1, fa0
  fmadd.s fa6, fa2, fa5, fa6
  fmadd.s fs0, fa2, fs2, fs0
  fmadd.s fs1, fa2, fs3, fs1
  flw fa1, 52(t2)
  flw fa5, 52(t3)
  flw fs2, 52(t1)
  flw fs3, 52(t5)
  fmadd.s fa0, fa3, fa1, fa0
  fmadd.s fa6, fa3, fa5, fa6
  fmadd.s fs0, fa3, fs2, fs0
  fmadd.s fs1, fa3, fs3, fs1
  flw fa1, 56(t2)
  flw fa5, 56(t3)
  flw fs2, 56(t1)
  flw fs3, 56(t5)
  fmadd.s fa0, fa4, fa1, fa0
  fmadd.s fa6, fa4, fa5, fa6
  fmadd.s fs0, fa4, fs2, fs0
  fmadd.s fs1, fa4, fs3, fs1
  jr t0

# Tap positions 0..14 for one output (x pointer t2, accumulator fa0), t1 taps to do; entered at
# the first valid tap, leaves after t1 taps through t0.
.Lconv_one:
  flw fa1, 0(t2)
  fmadd.s fa0, ft0, fa1, fa0
  addi t1, t1, -1
  beqz t1, .Lconv_border_end
  flw fa1, 4(t2)
  fmadd.s fa0, ft1, fa1, fa0
  addi t1, t1, -1
  beqz t1, .Lconv_border_end
  flw fa1, 8(t2)
  fmadd.s fa0, ft2, fa1, fa0
  addi t1, t1, -1
  beqz t1, .Lconv_border_end
  flw fa1, 12(t2)
  fmadd.s fa0, ft3, fa1, fa0
  addi t1, t1, -1
  beqz t1, .Lconv_border_end
  flw fa1, 16(t2)
  fmadd.s fa0, ft4, fa1, fa0
  addi t1, t1, -1
  beqz t1, .Lconv_border_end
  flw fa1, 20(t2)
  fmadd.s fa0, ft5, fa1, fa0
  addi t1, t1, -1
  beqz t1, .Lconv_border_end
  flw fa1, 24(t2)
  fmadd.s fa0, ft6, fa1, fa0
  addi t1, t1, -1
  beqz t1, .Lconv_border_end
  flw fa1, 28(t2)
  fmadd.s fa0, ft7, fa1, fa0
  addi t1, t1, -1
  beqz t1, .Lconv_border_end
  flw fa1, 32(t2)
  fmadd.s fa0, ft8, fa1, fa0
  addi t1, t1, -1
  beqz t1, .Lconv_border_end
  flw fa1, 36(t2)
  fmadd.s fa0, ft9, fa1, fa0
  addi t1, t1, -1
  beqz t1, .Lconv_border_end
  flw fa1, 40(t2)
  fmadd.s fa0, ft10, fa1, fa0
  addi t1, t1, -1
  beqz t1, .Lconv_border_end
  flw fa1, 44(t2)
  fmadd.s fa0, ft11, fa1, fa0
  addi t1, t1, -1
  beqz t1, .Lconv_border_end
  flw fa1, 48(t2)
  fmadd.s fa0, fa2, fa1, fa0
  addi t1, t1, -1
  beqz t1, .Lconv_border_end
  flw fa1, 52(t2)
  fmadd.s fa0, fa3, fa1, fa0
  addi t1, t1, -1
  beqz t1, .Lconv_border_end
  flw fa1, 56(t2)
  fmadd.s fa0, fa4, fa1, fa0
  addi t1, t1, -1
  beqz t1, .Lconv_border_end
.Lconv_border_end:
  jr t0

# Stride 1, one sequence per K: four neighbouring outputs (accumulators fa0, fa6, fs0, fs1) over
# one kernel row; x[m] (m = 0..K+2, from t2) is loaded once and feeds every output whose window
# holds it, in ascending kw for each output. Entered through ra, returns through t0.
.Lconv_s1_k1:
  flw fa1, 0(t2)
  flw fa5, 4(t2)
  fmadd.s fa0, fa4, fa1, fa0
  flw fa1, 8(t2)
  fmadd.s fa6, fa4, fa5, fa6
  flw fa5, 12(t2)
  fmadd.s fs0, fa4, fa1, fs0
  fmadd.s fs1, fa4, fa5, fs1
  jr t0
.Lconv_s1_k2:
  flw fa1, 0(t2)
  flw fa5, 4(t2)
  fmadd.s fa0, fa3, fa1, fa0
  flw fa1, 8(t2)
  fmadd.s fa0, fa4, fa5, fa0
  fmadd.s fa6, fa3, fa5, fa6
  flw fa5, 12(t2)
  fmadd.s fa6, fa4, fa1, fa6
  fmadd.s fs0, fa3, fa1, fs0
  flw fa1, 16(t2)
  fmadd.s fs0, fa4, fa5, fs0
  fmadd.s fs1, fa3, fa5, fs1
  fmadd.s fs1, fa4, fa1, fs1
  jr t0
.Lconv_s1_k3:
  flw fa1, 0(t2)
  flw fa5, 4(t2)
  fmadd.s fa0, fa2, fa1, fa0
  flw fa1, 8(t2)
  fmadd.s fa0, fa3, fa5, fa0
  fmadd.s fa6, fa2, fa5, fa6
  flw fa5, 12(t2)
  fmadd.s fa0, fa4, fa1, fa0
  fmadd.s fa6, fa3, fa1, fa6
  fmadd.s fs0, fa2, fa1, fs0
  flw fa1, 16(t2)
  fmadd.s fa6, fa4, fa5, fa6
  fmadd.s fs0, fa3, fa5, fs0
  fmadd.s fs1, fa2, fa5, fs1
  flw fa5, 20(t2)
  fmadd.s fs0, fa4, fa1, fs0
  fmadd.s fs1, fa3, fa1, fs1
  fmadd.s fs1, fa4, fa5, fs1
  jr t0
.Lconv_s1_k4:
  flw fa1, 0(t2)
  flw fa5, 4(t2)
  fmadd.s fa0, ft11, fa1, fa0
  flw fa1, 8(t2)
  fmadd.s fa0, fa2, fa5, fa0
  fmadd.s fa6, ft11, fa5, fa6
  flw fa5, 12(t2)
  fmadd.s fa0, fa3, fa1, fa0
  fmadd.s fa6, fa2, fa1, fa6
  fmadd.s fs0, ft11, fa1, fs0
  flw fa1, 16(t2)
  fmadd.s fa0, fa4, fa5, fa0
  fmadd.s fa6, fa3, fa5, fa6
  fmadd.s fs0, fa2, fa5, fs0
  fmadd.s fs1, ft11, fa5, fs1
  flw fa5, 20(t2)
  fmadd.s fa6, fa4, fa1, fa6
  fmadd.s fs0, fa3, fa1, fs0
  fmadd.s fs1, fa2, fa1, fs1
  flw fa1, 24(t2)
  fmadd.s fs0, fa4, fa5, fs0
  fmadd.s fs1, fa3, fa5, fs1
  fmadd.s fs1, fa4, fa1, fs1
  jr t0
.Lconv_s1_k5:
  flw fa1, 0(t2)
  flw fa5, 4(t2)
  fmadd.s fa0, ft10, fa1, fa0
  flw fa1, 8(t2)
  fmadd.s fa0, ft11, fa5, fa0
  fmadd.s fa6, ft10, fa5, fa6
  flw fa5, 12(t2)
  fmadd.s fa0, fa2, fa1, fa0
  fmadd.s fa6, ft11, fa1, fa6
  fmadd.s fs0, ft10, fa1, fs0
  flw fa1, 16(t2)
  fmadd.s fa0, fa3, fa5, fa0
  fmadd.s fa6, fa2, fa5, fa6
  fmadd.s fs0, ft11, fa5, fs0
  fmadd.s fs1, ft10, fa5, fs1
  flw fa5, 20(t2)
  fmadd.s fa0, fa4, fa1, fa0
  fmadd.s fa6, fa3, fa1, fa6
  fmadd.s fs0, fa2, fa1, fs0
  fmadd.s fs1, ft11, fa1, fs1
  flw fa1, 24(t2)
  fmadd.s fa6, fa4, fa5, fa6
  fmadd.s fs0, fa3, fa5, fs0
  fmadd.s fs1, fa2, fa5, fs1
  flw fa5, 28(t2)
  fmadd.s fs0, fa4, fa1, fs0
  fmadd.s fs1, fa3, fa1, fs1
  fmadd.s fs1, fa4, fa5, fs1
  jr t0
.Lconv_s1_k6:
  flw fa1, 0(t2)
  flw fa5, 4(t2)
  fmadd.s fa0, ft9, fa1, fa0
  flw fa1, 8(t2)
  fmadd.s fa0, ft10, fa5, fa0
  fmadd.s fa6, ft9, fa5, fa6
  flw fa5, 12(t2)
  fmadd.s fa0, ft11, fa1, fa0
  fmadd.s fa6, ft10, fa1, fa6
  fmadd.s fs0, ft9, fa1, fs0
  flw fa1, 16(t2)
  fmadd.s fa0, fa2, fa5, fa0
  fmadd.s fa6, ft11, fa5, fa6
  fmadd.s fs0, ft10, fa5, fs0
  fmadd.s fs1, ft9, fa5, fs1
  flw fa5, 20(t2)
  fmadd.s fa0, fa3, fa1, fa0
  fmadd.s fa6, fa2, fa1, fa6
  fmadd.s fs0, ft11, fa1, fs0
  fmadd.s fs1, ft10, fa1, fs1
  flw fa1, 24(t2)
  fmadd.s fa0, fa4, fa5, fa0
  fmadd.s fa6, fa3, fa5, fa6
  fmadd.s fs0, fa2, fa5, fs0
  fmadd.s fs1, ft11, fa5, fs1
  flw fa5, 28(t2)
  fmadd.s fa6, fa4, fa1, fa6
  fmadd.s fs0, fa3, fa1, fs0
  fmadd.s fs1, fa2, fa1, fs1
  flw fa1, 32(t2)
  fmadd.s fs0, fa4, fa5, fs0
  fmadd.s fs1, fa3, fa5, fs1
  fmadd.s fs1, fa4, fa1, fs1
  jr t0
.Lconv_s1_k7:
  flw fa1, 0(t2)
  flw fa5, 4(t2)
  fmadd.s fa0, ft8, fa1, fa0
  flw fa1, 8(t2)
  fmadd.s fa0, ft9, fa5, fa0
  fmadd.s fa6, ft8, fa5, fa6
  flw fa5, 12(t2)
  fmadd.s fa0, ft10, fa1, fa0
  fmadd.s fa6, ft9, fa1, fa6
  fmadd.s fs0, ft8, fa1, fs0
  flw fa1, 16(t2)
  fmadd.s fa0, ft11, fa5, fa0
  fmadd.s fa6, ft10, fa5, fa6
  fmadd.s fs0, ft9, fa5, fs0
  fmadd.s fs1, ft8, fa5, fs1
  flw fa5, 20(t2)
  fmadd.s fa0, fa2, fa1, fa0
  fmadd.s fa6, ft11, fa1, fa6
  fmadd.s fs0, ft10, fa1, fs0
  fmadd.s fs1, ft9, fa1, fs1
  flw fa1, 24(t2)
  fmadd.s fa0, fa3, fa5, fa0
  fmadd.s fa6, fa2, fa5, fa6
  fmadd.s fs0, ft11, fa5, fs0
  fmadd.s fs1, ft10, fa5, fs1
  flw fa5, 28(t2)
  fmadd.s fa0, fa4, fa1, fa0
  fmadd.s fa6, fa3, fa1, fa6
  fmadd.s fs0, fa2, fa1, fs0
  fmadd.s fs1, ft11, fa1, fs1
  flw fa1, 32(t2)
  fmadd.s fa6, fa4, fa5, fa6
  fmadd.s fs0, fa3, fa5, fs0
  fmadd.s fs1, fa2, fa5, fs1
  flw fa5, 36(t2)
  fmadd.s fs0, fa4, fa1, fs0
  fmadd.s fs1, fa3, fa1, fs1
  fmadd.s fs1, fa4, fa5, fs1
  jr t0
.Lconv_s1_k8:
  flw fa1, 0(t2)
  flw fa5, 4(t2)
  fmadd.s fa0, ft7, fa1, fa0
  flw fa1, 8(t2)
  fmadd.s fa0, ft8, fa5, fa0
  fmadd.s fa6, ft7, fa5, fa6
  flw fa5, 12(t2)
  fmadd.s fa0, ft9, fa1, fa0
  fmadd.s fa6, ft8, fa1, fa6
  fmadd.s fs0, ft7, fa1, fs0
  flw fa1, 16(t2)
  fmadd.s fa0, ft10, fa5, fa0
  fmadd.s fa6, ft9, fa5, fa6
  fmadd.s fs0, ft8, fa5, fs0
  fmadd.s fs1, ft7, fa5, fs1
  flw fa5, 20(t2)
  fmadd.s fa0, ft11, fa1, fa0
  fmadd.s fa6, ft10, fa1, fa6
  fmadd.s fs0, ft9, fa1, fs0
  fmadd.s fs1, ft8, fa1, fs1
  flw fa1, 24(t2)
  fmadd.s fa0, fa2, fa5, fa0
  fmadd.s fa6, ft11, fa5, fa6
  fmadd.s fs0, ft10, fa5, fs0
  fmadd.s fs1, ft9, fa5, fs1
  flw fa5, 28(t2)
  fmadd.s fa0, fa3, fa1, fa0
  fmadd.s fa6, fa2, fa1, fa6
  fmadd.s fs0, ft11, fa1, fs0
  fmadd.s fs1, ft10, fa1, fs1
  flw fa1, 32(t2)
  fmadd.s fa0, fa4, fa5, fa0
  fmadd.s fa6, fa3, fa5, fa6
  fmadd.s fs0, fa2, fa5, fs0
  fmadd.s fs1, ft11, fa5, fs1
  flw fa5, 36(t2)
  fmadd.s fa6, fa4, fa1, fa6
  fmadd.s fs0, fa3, fa1, fs0
  fmadd.s fs1, fa2, fa1, fs1
  flw fa1, 40(t2)
  fmadd.s fs0, fa4, fa5, fs0
  fmadd.s fs1, fa3, fa5, fs1
  fmadd.s fs1, fa4, fa1, fs1
  jr t0
.Lconv_s1_k9:
  flw fa1, 0(t2)
  flw fa5, 4(t2)
  fmadd.s fa0, ft6, fa1, fa0
  flw fa1, 8(t2)
  fmadd.s fa0, ft7, fa5, fa0
  fmadd.s fa6, ft6, fa5, fa6
  flw fa5, 12(t2)
  fmadd.s fa0, ft8, fa1, fa0
  fmadd.s fa6, ft7, fa1, fa6
  fmadd.s fs0, ft6, fa1, fs0
  flw fa1, 16(t2)
  fmadd.s fa0, ft9, fa5, fa0
  fmadd.s fa6, ft8, fa5, fa6
  fmadd.s fs0, ft7, fa5, fs0
  fmadd.s fs1, ft6, fa5, fs1
  flw fa5, 20(t2)
  fmadd.s fa0, ft10, fa1, fa0
  fmadd.s fa6, ft9, fa1, fa6
  fmadd.s fs0, ft8, fa1, fs0
  fmadd.s fs1, ft7, fa1, fs1
  flw fa1, 24(t2)
  fmadd.s fa0, ft11, fa5, fa0
  fmadd.s fa6, ft10, fa5, fa6
  fmadd.s fs0, ft9, fa5, fs0
  fmadd.s fs1, ft8, fa5, fs1
  flw fa5, 28(t2)
  fmadd.s fa0, fa2, fa1, fa0
  fmadd.s fa6, ft11, fa1, fa6
  fmadd.s fs0, ft10, fa1, fs0
  fmadd.s fs1, ft9, fa1, fs1
  flw fa1, 32(t2)
  fmadd.s fa0, fa3, fa5, fa0
  fmadd.s fa6, fa2, fa5, fa6
  fmadd.s fs0, ft11, fa5, fs0
  fmadd.s fs1, ft10, fa5, fs1
  flw fa5, 36(t2)
  fmadd.s fa0, fa4, fa1, fa0
  fmadd.s fa6, fa3, fa1, fa6
  fmadd.s fs0, fa2, fa1, fs0
  fmadd.s fs1, ft11, fa1, fs1
  flw fa1, 40(t2)
  fmadd.s fa6, fa4, fa5, fa6
  fmadd.s fs0, fa3, fa5, fs0
  fmadd.s fs1, fa2, fa5, fs1
  flw fa5, 44(t2)
  fmadd.s fs0, fa4, fa1, fs0
  fmadd.s fs1, fa3, fa1, fs1
  fmadd.s fs1, fa4, fa5, fs1
  jr t0
.Lconv_s1_k10:
  flw fa1, 0(t2)
  flw fa5, 4(t2)
  fmadd.s fa0, ft5, fa1, fa0
  flw fa1, 8(t2)
  fmadd.s fa0, ft6, fa5, fa0
  fmadd.s fa6, ft5, fa5, fa6
  flw fa5, 12(t2)
  fmadd.s fa0, ft7, fa1, fa0
  fmadd.s fa6, ft6, fa1, fa6
  fmadd.s fs0, ft5, fa1, fs0
  flw fa1, 16(t2)
  fmadd.s fa0, ft8, fa5, fa0
  fmadd.s fa6, ft7, fa5, fa6
  fmadd.s fs0, ft6, fa5, fs0
  fmadd.s fs1, ft5, fa5, fs1
  flw fa5, 20(t2)
  fmadd.s fa0, ft9, fa1, fa0
  fmadd.s fa6, ft8, fa1, fa6
  fmadd.s fs0, ft7, fa1, fs0
  fmadd.s fs1, ft6, fa1, fs1
  flw fa1, 24(t2)
  fmadd.s fa0, ft10, fa5, fa0
  fmadd.s fa6, ft9, fa5, fa6
  fmadd.s fs0, ft8, fa5, fs0
  fmadd.s fs1, ft7, fa5, fs1
  flw fa5, 28(t2)
  fmadd.s fa0, ft11, fa1, fa0
  fmadd.s fa6, ft10, fa1, fa6
  fmadd.s fs0, ft9, fa1, fs0
  fmadd.s fs1, ft8, fa1, fs1
  flw fa1, 32(t2)
  fmadd.s fa0, fa2, fa5, fa0
  fmadd.s fa6, ft11, fa5, fa6
  fmadd.s fs0, ft10, fa5, fs0
  fmadd.s fs1, ft9, fa5, fs1
  flw fa5, 36(t2)
  fmadd.s fa0, fa3, fa1, fa0
  fmadd.s fa6, fa2, fa1, fa6
  fmadd.s fs0, ft11, fa1, fs0
  fmadd.s fs1, ft10, fa1, fs1
  flw fa1, 40(t2)
  fmadd.s fa0, fa4, fa5, fa0
  fmadd.s fa6, fa3, fa5, fa6
  fmadd.s fs0, fa2, fa5, fs0
  fmadd.s fs1, ft11, fa5, fs1
  flw fa5, 44(t2)
  fmadd.s fa6, fa4, fa1, fa6
  fmadd.s fs0, fa3, fa1, fs0
  fmadd.s fs1, fa2, fa1, fs1
  flw fa1, 48(t2)
  fmadd.s fs0, fa4, fa5, fs0
  fmadd.s fs1, fa3, fa5, fs1
  fmadd.s fs1, fa4, fa1, fs1
  jr t0
.Lconv_s1_k11:
  flw fa1, 0(t2)
  flw fa5, 4(t2)
  fmadd.s fa0, ft4, fa1, fa0
  flw fa1, 8(t2)
  fmadd.s fa0, ft5, fa5, fa0
  fmadd.s fa6, ft4, fa5, fa6
  flw fa5, 12(t2)
  fmadd.s fa0, ft6, fa1, fa0
  fmadd.s fa6, ft5, fa1, fa6
  fmadd.s fs0, ft4, fa1, fs0
  flw fa1, 16(t2)
  fmadd.s fa0, ft7, fa5, fa0
  fmadd.s fa6, ft6, fa5, fa6
  fmadd.s fs0, ft5, fa5, fs0
  fmadd.s fs1, ft4, fa5, fs1
  flw fa5, 20(t2)
  fmadd.s fa0, ft8, fa1, fa0
  fmadd.s fa6, ft7, fa1, fa6
  fmadd.s fs0, ft6, fa1, fs0
  fmadd.s fs1, ft5, fa1, fs1
  flw fa1, 24(t2)
  fmadd.s fa0, ft9, fa5, fa0
  fmadd.s fa6, ft8, fa5, fa6
  fmadd.s fs0, ft7, fa5, fs0
  fmadd.s fs1, ft6, fa5, fs1
  flw fa5, 28(t2)
  fmadd.s fa0, ft10, fa1, fa0
  fmadd.s fa6, ft9, fa1, fa6
  fmadd.s fs0, ft8, fa1, fs0
  fmadd.s fs1, ft7, fa1, fs1
  flw fa1, 32(t2)
  fmadd.s fa0, ft11, fa5, fa0
  fmadd.s fa6, ft10, fa5, fa6
  fmadd.s fs0, ft9, fa5, fs0
  fmadd.s fs1, ft8, fa5, fs1
  flw fa5, 36(t2)
  fmadd.s fa0, fa2, fa1, fa0
  fmadd.s fa6, ft11, fa1, fa6
  fmadd.s fs0, ft10, fa1, fs0
  fmadd.s fs1, ft9, fa1, fs1
  flw fa1, 40(t2)
  fmadd.s fa0, fa3, fa5, fa0
  fmadd.s fa6, fa2, fa5, fa6
  fmadd.s fs0, ft11, fa5, fs0
  fmadd.s fs1, ft10, fa5, fs1
  flw fa5, 44(t2)
  fmadd.s fa0, fa4, fa1, fa0
  fmadd.s fa6, fa3, fa1, fa6
  fmadd.s fs0, fa2, fa1, fs0
  fmadd.s fs1, ft11, fa1, fs1
  flw fa1, 48(t2)
  fmadd.s fa6, fa4, fa5, fa6
  fmadd.s fs0, fa3, fa5, fs0
  fmadd.s fs1, fa2, fa5, fs1
  flw fa5, 52(t2)
  fmadd.s fs0, fa4, fa1, fs0
  fmadd.s fs1, fa3, fa1, fs1
  fmadd.s fs1, fa4, fa5, fs1
  jr t0
.Lconv_s1_k12:
  flw fa1, 0(t2)
  flw fa5, 4(t2)
  fmadd.s fa0, ft3, fa1, fa0
  flw fa1, 8(t2)
  fmadd.s fa0, ft4, fa5, fa0
  fmadd.s fa6, ft3, fa5, fa6
  flw fa5, 12(t2)
  fmadd.s fa0, ft5, fa1, fa0
  fmadd.s fa6, ft4, fa1, fa6
  fmadd.s fs0, ft3, fa1, fs0
  flw fa1, 16(t2)
  fmadd.s fa0, ft6, fa5, fa0
  fmadd.s fa6, ft5, fa5, fa6
  fmadd.s fs0, ft4, fa5, fs0
  fmadd.s fs1, ft3, fa5, fs1
  flw fa5, 20(t2)
  fmadd.s fa0, ft7, fa1, fa0
  fmadd.s fa6, ft6, fa1, fa6
  fmadd.s fs0, ft5, fa1, fs0
  fmadd.s fs1, ft4, fa1, fs1
  flw fa1, 24(t2)
  fmadd.s fa0, ft8, fa5, fa0
  fmadd.s fa6, ft7, fa5, fa6
  fmadd.s fs0, ft6, fa5, fs0
  fmadd.s fs1, ft5, fa5, fs1
  flw fa5, 28(t2)
  fmadd.s fa0, ft9, fa1, fa0
  fmadd.s fa6, ft8, fa1, fa6
  fmadd.s fs0, ft7, fa1, fs0
  fmadd.s fs1, ft6, fa1, fs1
  flw fa1, 32(t2)
  fmadd.s fa0, ft10, fa5, fa0
  fmadd.s fa6, ft9, fa5, fa6
  fmadd.s fs0, ft8, fa5, fs0
  fmadd.s fs1, ft7, fa5, fs1
  flw fa5, 36(t2)
  fmadd.s fa0, ft11, fa1, fa0
  fmadd.s fa6, ft10, fa1, fa6
  fmadd.s fs0, ft9, fa1, fs0
  fmadd.s fs1, ft8, fa1, fs1
  flw fa1, 40(t2)
  fmadd.s fa0, fa2, fa5, fa0
  fmadd.s fa6, ft11, fa5, fa6
  fmadd.s fs0, ft10, fa5, fs0
  fmadd.s fs1, ft9, fa5, fs1
  flw fa5, 44(t2)
  fmadd.s fa0, fa3, fa1, fa0
  fmadd.s fa6, fa2, fa1, fa6
  fmadd.s fs0, ft11, fa1, fs0
  fmadd.s fs1, ft10, fa1, fs1
  flw fa1, 48(t2)
  fmadd.s fa0, fa4, fa5, fa0
  fmadd.s fa6, fa3, fa5, fa6
  fmadd.s fs0, fa2, fa5, fs0
  fmadd.s fs1, ft11, fa5, fs1
  flw fa5, 52(t2)
  fmadd.s fa6, fa4, fa1, fa6
  fmadd.s fs0, fa3, fa1, fs0
  fmadd.s fs1, fa2, fa1, fs1
  flw fa1, 56(t2)
  fmadd.s fs0, fa4, fa5, fs0
  fmadd.s fs1, fa3, fa5, fs1
  fmadd.s fs1, fa4, fa1, fs1
  jr t0
.Lconv_s1_k13:
  flw fa1, 0(t2)
  flw fa5, 4(t2)
  fmadd.s fa0, ft2, fa1, fa0
  flw fa1, 8(t2)
  fmadd.s fa0, ft3, fa5, fa0
  fmadd.s fa6, ft2, fa5, fa6
  flw fa5, 12(t2)
  fmadd.s fa0, ft4, fa1, fa0
  fmadd.s fa6, ft3, fa1, fa6
  fmadd.s fs0, ft2, fa1, fs0
  flw fa1, 16(t2)
  fmadd.s fa0, ft5, fa5, fa0
  fmadd.s fa6, ft4, fa5, fa6
  fmadd.s fs0, ft3, fa5, fs0
  fmadd.s fs1, ft2, fa5, fs1
  flw fa5, 20(t2)
  fmadd.s fa0, ft6, fa1, fa0
  fmadd.s fa6, ft5, fa1, fa6
  fmadd.s fs0, ft4, fa1, fs0
  fmadd.s fs1, ft3, fa1, fs1
  flw fa1, 24(t2)
  fmadd.s fa0, ft7, fa5, fa0
  fmadd.s fa6, ft6, fa5, fa6
  fmadd.s fs0, ft5, fa5, fs0
  fmadd.s fs1, ft4, fa5, fs1
  flw fa5, 28(t2)
  fmadd.s fa0, ft8, fa1, fa0
  fmadd.s fa6, ft7, fa1, fa6
  fmadd.s fs0, ft6, fa1, fs0
  fmadd.s fs1, ft5, fa1, fs1
  flw fa1, 32(t2)
  fmadd.s fa0, ft9, fa5, fa0
  fmadd.s fa6, ft8, fa5, fa6
  fmadd.s fs0, ft7, fa5, fs0
  fmadd.s fs1, ft6, fa5, fs1
  flw fa5, 36(t2)
  fmadd.s fa0, ft10, fa1, fa0
  fmadd.s fa6, ft9, fa1, fa6
  fmadd.s fs0, ft8, fa1, fs0
  fmadd.s fs1, ft7, fa1, fs1
  flw fa1, 40(t2)
  fmadd.s fa0, ft11, fa5, fa0
  fmadd.s fa6, ft10, fa5, fa6
  fmadd.s fs0, ft9, fa5, fs0
  fmadd.s fs1, ft8, fa5, fs1
  flw fa5, 44(t2)
  fmadd.s fa0, fa2, fa1, fa0
  fmadd.s fa6, ft11, fa1, fa6
  fmadd.s fs0, ft10, fa1, fs0
  fmadd.s fs1, ft9, fa1, fs1
  flw fa1, 48(t2)
  fmadd.s fa0, fa3, fa5, fa0
  fmadd.s fa6, fa2, fa5, fa6
  fmadd.s fs0, ft11, fa5, fs0
  fmadd.s fs1, ft10, fa5, fs1
  flw fa5, 52(t2)
  fmadd.s fa0, fa4, fa1, fa0
  fmadd.s fa6, fa3, fa1, fa6
  fmadd.s fs0, fa2, fa1, fs0
  fmadd.s fs1, ft11, fa1, fs1
  flw fa1, 56(t2)
  fmadd.s fa6, fa4, fa5, fa6
  fmadd.s fs0, fa3, fa5, fs0
  fmadd.s fs1, fa2, fa5, fs1
  flw fa5, 60(t2)
  fmadd.s fs0, fa4, fa1, fs0
  fmadd.s fs1, fa3, fa1, fs1
  fmadd.s fs1, fa4, fa5, fs1
  jr t0
.Lconv_s1_k14:
  flw fa1, 0(t2)
  flw fa5, 4(t2)
  fmadd.s fa0, ft1, fa1, fa0
  flw fa1, 8(t2)
  fmadd.s fa0, ft2, fa5, fa0
  fmadd.s fa6, ft1, fa5, fa6
  flw fa5, 12(t2)
  fmadd.s fa0, ft3, fa1, fa0
  fmadd.s fa6, ft2, fa1, fa6
  fmadd.s fs0, ft1, fa1, fs0
  flw fa1, 16(t2)
  fmadd.s fa0, ft4, fa5, fa0
  fmadd.s fa6, ft3, fa5, fa6
  fmadd.s fs0, ft2, fa5, fs0
  fmadd.s fs1, ft1, fa5, fs1
  flw fa5, 20(t2)
  fmadd.s fa0, ft5, fa1, fa0
  fmadd.s fa6, ft4, fa1, fa6
  fmadd.s fs0, ft3, fa1, fs0
  fmadd.s fs1, ft2, fa1, fs1
  flw fa1, 24(t2)
  fmadd.s fa0, ft6, fa5, fa0
  fmadd.s fa6, ft5, fa5, fa6
  fmadd.s fs0, ft4, fa5, fs0
  fmadd.s fs1, ft3, fa5, fs1
  flw fa5, 28(t2)
  fmadd.s fa0, ft7, fa1, fa0
  fmadd.s fa6, ft6, fa1, fa6
  fmadd.s fs0, ft5, fa1, fs0
  fmadd.s fs1, ft4, fa1, fs1
  flw fa1, 32(t2)
  fmadd.s fa0, ft8, fa5, fa0
  fmadd.s fa6, ft7, fa5, fa6
  fmadd.s fs0, ft6, fa5, fs0
  fmadd.s fs1, ft5, fa5, fs1
  flw fa5, 36(t2)
  fmadd.s fa0, ft9, fa1, fa0
  fmadd.s fa6, ft8, fa1, fa6
  fmadd.s fs0, ft7, fa1, fs0
  fmadd.s fs1, ft6, fa1, fs1
  flw fa1, 40(t2)
  fmadd.s fa0, ft10, fa5, fa0
  fmadd.s fa6, ft9, fa5, fa6
  fmadd.s fs0, ft8, fa5, fs0
  fmadd.s fs1, ft7, fa5, fs1
  flw fa5, 44(t2)
  fmadd.s fa0, ft11, fa1, fa0
  fmadd.s fa6, ft10, fa1, fa6
  fmadd.s fs0, ft9, fa1, fs0
  fmadd.s fs1, ft8, fa1, fs1
  flw fa1, 48(t2)
  fmadd.s fa0, fa2, fa5, fa0
  fmadd.s fa6, ft11, fa5, fa6
  fmadd.s fs0, ft10, fa5, fs0
  fmadd.s fs1, ft9, fa5, fs1
  flw fa5, 52(t2)
  fmadd.s fa0, fa3, fa1, fa0
  fmadd.s fa6, fa2, fa1, fa6
  fmadd.s fs0, ft11, fa1, fs0
  fmadd.s fs1, ft10, fa1, fs1
  flw fa1, 56(t2)
  fmadd.s fa0, fa4, fa5, fa0
  fmadd.s fa6, fa3, fa5, fa6
  fmadd.s fs0, fa2, fa5, fs0
  fmadd.s fs1, ft11, fa5, fs1
  flw fa5, 60(t2)
  fmadd.s fa6, fa4, fa1, fa6
  fmadd.s fs0, fa3, fa1, fs0
  fmadd.s fs1, fa2, fa1, fs1
  flw fa1, 64(t2)
  fmadd.s fs0, fa4, fa5, fs0
  fmadd.s fs1, fa3, fa5, fs1
  fmadd.s fs1, fa4, fa1, fs1
  jr t0
.Lconv_s1_k15:
  flw fa1, 0(t2)
  flw fa5, 4(t2)
  fmadd.s fa0, ft0, fa1, fa0
  flw fa1, 8(t2)
  fmadd.s fa0, ft1, fa5, fa0
  fmadd.s fa6, ft0, fa5, fa6
  flw fa5, 12(t2)
  fmadd.s fa0, ft2, fa1, fa0
  fmadd.s fa6, ft1, fa1, fa6
  fmadd.s fs0, ft0, fa1, fs0
  flw fa1, 16(t2)
  fmadd.s fa0, ft3, fa5, fa0
  fmadd.s fa6, ft2, fa5, fa6
  fmadd.s fs0, ft1, fa5, fs0
  fmadd.s fs1, ft0, fa5, fs1
  flw fa5, 20(t2)
  fmadd.s fa0, ft4, fa1, fa0
  fmadd.s fa6, ft3, fa1, fa6
  fmadd.s fs0, ft2, fa1, fs0
  fmadd.s fs1, ft1, fa1, fs1
  flw fa1, 24(t2)
  fmadd.s fa0, ft5, fa5, fa0
  fmadd.s fa6, ft4, fa5, fa6
  fmadd.s fs0, ft3, fa5, fs0
  fmadd.s fs1, ft2, fa5, fs1
  flw fa5, 28(t2)
  fmadd.s fa0, ft6, fa1, fa0
  fmadd.s fa6, ft5, fa1, fa6
  fmadd.s fs0, ft4, fa1, fs0
  fmadd.s fs1, ft3, fa1, fs1
  flw fa1, 32(t2)
  fmadd.s fa0, ft7, fa5, fa0
  fmadd.s fa6, ft6, fa5, fa6
  fmadd.s fs0, ft5, fa5, fs0
  fmadd.s fs1, ft4, fa5, fs1
  flw fa5, 36(t2)
  fmadd.s fa0, ft8, fa1, fa0
  fmadd.s fa6, ft7, fa1, fa6
  fmadd.s fs0, ft6, fa1, fs0
  fmadd.s fs1, ft5, fa1, fs1
  flw fa1, 40(t2)
  fmadd.s fa0, ft9, fa5, fa0
  fmadd.s fa6, ft8, fa5, fa6
  fmadd.s fs0, ft7, fa5, fs0
  fmadd.s fs1, ft6, fa5, fs1
  flw fa5, 44(t2)
  fmadd.s fa0, ft10, fa1, fa0
  fmadd.s fa6, ft9, fa1, fa6
  fmadd.s fs0, ft8, fa1, fs0
  fmadd.s fs1, ft7, fa1, fs1
  flw fa1, 48(t2)
  fmadd.s fa0, ft11, fa5, fa0
  fmadd.s fa6, ft10, fa5, fa6
  fmadd.s fs0, ft9, fa5, fs0
  fmadd.s fs1, ft8, fa5, fs1
  flw fa5, 52(t2)
  fmadd.s fa0, fa2, fa1, fa0
  fmadd.s fa6, ft11, fa1, fa6
  fmadd.s fs0, ft10, fa1, fs0
  fmadd.s fs1, ft9, fa1, fs1
  flw fa1, 56(t2)
  fmadd.s fa0, fa3, fa5, fa0
  fmadd.s fa6, fa2, fa5, fa6
  fmadd.s fs0, ft11, fa5, fs0
  fmadd.s fs1, ft10, fa5, fs1
  flw fa5, 60(t2)
  fmadd.s fa0, fa4, fa1, fa0
  fmadd.s fa6, fa3, fa1, fa6
  fmadd.s fs0, fa2, fa1, fs0
  fmadd.s fs1, ft11, fa1, fs1
  flw fa1, 64(t2)
  fmadd.s fa6, fa4, fa5, fa6
  fmadd.s fs0, fa3, fa5, fs0
  fmadd.s fs1, fa2, fa5, fs1
  flw fa5, 68(t2)
  fmadd.s fs0, fa4, fa1, fs0
  fmadd.s fs1, fa3, fa1, fs1
  fmadd.s fs1, fa4, fa5, fs1
  jr t0

  .section .rodata
  .balign 4
.Lconv_s1_table:
  .word .Lconv_s1_k1
  .word .Lconv_s1_k2
  .word .Lconv_s1_k3
  .word .Lconv_s1_k4
  .word .Lconv_s1_k5
  .word .Lconv_s1_k6
  .word .Lconv_s1_k7
  .word .Lconv_s1_k8
  .word .Lconv_s1_k9
  .word .Lconv_s1_k10
  .word .Lconv_s1_k11
  .word .Lconv_s1_k12
  .word .Lconv_s1_k13
  .word .Lconv_s1_k14
  .word .Lconv_s1_k15
