# Edge cases: labels on one line, forward .equ in data, .set redefinition, branches to . and far
# forward labels, .rept 0, empty .irp, 2-byte data around a no-op .p2align in code, .text.startup
# ordered before .text by ld, aligned fill with a maximum, an absolute global.
  .text
  .globl _start
_start: a: b: nop
  .word X
  .equ X, 5
  .set Y, 1
  .word Y
  .set Y, 2
  .word Y
  beq a0, a1, .
  beq a0, a1, fwd
  bne a0, a1, 1f
  jalr ra, %lo(sym)(t0)
  lui a0, %hi(bsym)
  addi a0, a0, %lo(bsym)
  la a1, sym + 4
  li a2, 12
  call ABSF
  .equ ABSF, 0x20000
  ADDI a0, a0, 1
  Fence.I
  .rept 0
  nop
  .endr
  .irp r
  nop
  .endr
  .half 1
  .p2align 2
  .half 2
  .word . - 4
1: .word 2
  .align 3
  .section .text.startup, "ax"
  nop
  j 1b
1: nop
  .text
  .space 5000
fwd: nop
  .globl GABS
  .equ GABS, 77
  .data
sym: .word 1
  .balign 16, 0xaa, 7
  .balign 16, 0xbb, 15
  .word GABS, sym - 4
  .bss
bsym: .zero 8
