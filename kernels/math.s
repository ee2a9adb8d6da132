# Math routines for the kernels: expf, sigmoidf, tanhf, bit for bit what
# kernels/reference/activation.ts computes.
#
# Light calling convention (not the psABI one): argument and result in fa0; the routines clobber
# only t0-t2 and ft0-ft4, use no stack and call nothing, so a kernel may keep its state in
# a*, t3-t6, ft5-ft11, fa1-fa7 and its return address in a spare register across the call.
#
# expf: clamp x to [-104, 89]; n = rne(x * log2e); r = x - n*ln2hi - n*ln2lo (fused);
# p = degree-7 Taylor polynomial of e^r (Horner, fused); result = p * 2^(n>>1) * 2^(n-(n>>1)).
# Maximum error vs the correctly rounded exp, measured in test/kernels: see docs/KERNELS.md.

  .section .rodata
  .balign 64
.Lmath:
  .word 0xc2d00000          # 0   -104.0 (clamp low)
  .word 0x42b20000          # 4    89.0 (clamp high)
  .word 0x3fb8aa3b          # 8   log2(e)
  .word 0x3f317200          # 12  ln2 high part (16 significant bits)
  .word 0x35bfbe8e          # 16  ln2 low part
  .word 0x39500d01          # 20  1/5040
  .word 0x3ab60b61          # 24  1/720
  .word 0x3c088889          # 28  1/120
  .word 0x3d2aaaab          # 32  1/24
  .word 0x3e2aaaab          # 36  1/6
  .word 0x3f000000          # 40  1/2
  .word 0x3f800000          # 44  1
  .word 0x40000000          # 48  2
  .word 0x3f0ccccd          # 52  0.55: below it tanh uses its odd series
  .word 0x3a1aac12          # 56  6404582/10854718875 (x^17)
  .word 0xbabed1b2          # 60  -929569/638512875   (x^15)
  .word 0x3b6b69e8          # 64  21844/6081075       (x^13)
  .word 0xbc11371b          # 68  -1382/155925        (x^11)
  .word 0x3cb327a4          # 72  62/2835             (x^9)
  .word 0xbd5d0dd1          # 76  -17/315             (x^7)
  .word 0x3e088889          # 80  2/15                (x^5)
  .word 0xbeaaaaab          # 84  -1/3                (x^3)

  .text

# fa0 = exp(fa0); t0 = .Lmath afterwards. Clobbers t1, t2, ft0-ft2.
.macro EXP_BODY
  la t0, .Lmath
  flw ft0, 0(t0)
  flw ft1, 4(t0)
  fmax.s fa0, fa0, ft0
  fmin.s fa0, fa0, ft1
  flw ft0, 8(t0)
  fmul.s ft0, fa0, ft0
  fcvt.w.s t1, ft0, rne
  fcvt.s.w ft1, t1
  flw ft2, 12(t0)
  fnmsub.s fa0, ft1, ft2, fa0
  flw ft2, 16(t0)
  fnmsub.s fa0, ft1, ft2, fa0
  flw ft0, 20(t0)
  .irp off, 24, 28, 32, 36, 40, 44
  flw ft1, \off(t0)
  fmadd.s ft0, ft0, fa0, ft1
  .endr
  fmadd.s ft0, ft0, fa0, ft1
  srai t2, t1, 1
  sub t1, t1, t2
  addi t2, t2, 127
  slli t2, t2, 23
  fmv.w.x ft1, t2
  fmul.s ft0, ft0, ft1
  addi t1, t1, 127
  slli t1, t1, 23
  fmv.w.x ft1, t1
  fmul.s fa0, ft0, ft1
.endm

  .globl gpe_expf
gpe_expf:
  EXP_BODY
  ret

# sigmoid(x) = 1 / (1 + exp(-x))
  .globl gpe_sigmoidf
gpe_sigmoidf:
  fneg.s fa0, fa0
  EXP_BODY
  flw ft1, 44(t0)
  fadd.s fa0, fa0, ft1
  fdiv.s fa0, ft1, fa0
  ret

# tanh(x): odd series x + x*z*(c3 + c5 z + ... + c17 z^7), z = x^2, for |x| < 0.55;
# else sign(x) * (1 - 2 / (exp(2|x|) + 1)).
  .globl gpe_tanhf
gpe_tanhf:
  la t0, .Lmath
  fmv.s ft4, fa0
  fabs.s ft3, fa0
  flw ft0, 52(t0)
  flt.s t1, ft3, ft0
  beqz t1, 1f
  fmul.s ft1, fa0, fa0
  flw ft0, 56(t0)
  .irp off, 60, 64, 68, 72, 76, 80, 84
  flw ft2, \off(t0)
  fmadd.s ft0, ft0, ft1, ft2
  .endr
  fmul.s ft2, fa0, ft1
  fmadd.s fa0, ft2, ft0, fa0
  fsgnj.s fa0, fa0, ft4     # tanh is odd: keeps tanh(-0) = -0
  ret
1:
  fadd.s fa0, ft3, ft3
  EXP_BODY
  flw ft1, 44(t0)
  fadd.s fa0, fa0, ft1
  flw ft2, 48(t0)
  fdiv.s fa0, ft2, fa0
  fsub.s fa0, ft1, fa0
  fsgnj.s fa0, fa0, ft4
  ret
