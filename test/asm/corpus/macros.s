# Macros (with defaults, keyword and vararg arguments, \@, \()), .rept, .irp, .irpc,
# conditionals, .include and numeric local labels.
  .include "inc/defs.inc"
  .macro addn rd, rs, n=1
    addi \rd, \rs, \n
  .endm
  .macro sum rd, first, rest:vararg
    li \rd, \first
    .irp r, \rest
      addi \rd, \rd, \r
    .endr
  .endm
  .macro unique
    j .Lskip\@
    nop
.Lskip\@:
  .endm
  .macro paste reg, idx
    lw \reg, \idx\()*4(sp)
  .endm
  .macro countdown n
    .if \n
      li a0, \n
      countdown (\n - 1)
    .endif
  .endm
  .macro early x
    li a1, \x
    .exitm
    li a1, 99
  .endm

  .text
  .globl _start
_start:
  push ra
  push s0
  addn a0, a1
  addn a0, a1, 7
  addn n=3, rs=a2, rd=a3
  sum t0, 1, 2, 3, 4
  unique
  unique
  paste a4, 3
  countdown 3
  early 5
  pop s0
  pop ra
  .rept 3
    addi a0, a0, STRIDE
  .endr
  .set i, 0
  .rept 4
    lw t1, i*4(a0)
    .set i, i + 1
  .endr
  .irp reg, a1, a2, a3
    mv \reg, zero
  .endr
  .irpc c, 123
    li t2, \c
  .endr
  .if STRIDE > 8
    li a5, 1
  .elseif STRIDE > 4
    li a5, 2
  .else
    li a5, 3
  .endif
  .if 0
    this is never assembled
  .elseif 1
    li a5, 4
  .endif
  .ifdef STRIDE
    li a6, 1
  .endif
  .ifndef NOT_DEFINED
    li a6, 2
  .endif
  .ifeq STRIDE - 16
    li a6, 3
  .endif
  .ifne 0
    li a6, 4
  .endif
  .ifc abc, abc
    li a6, 5
  .endif
  .ifnc abc, abd
    li a6, 6
  .endif
1:
  addi a0, a0, -1
  bnez a0, 1b
  beqz a0, 1f
  j 2f
1:
  nop
2:
  bgtz a0, 1b
  j 1b
