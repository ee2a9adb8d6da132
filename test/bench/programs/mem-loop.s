# Memory loop: word/half/byte loads and stores over a 64 KiB buffer.
  .globl _start
  .text
_start:
  li t0, 0
  li t1, 16000000
  la s0, buf
  li s1, 0xfffc
1:
  and t2, t0, s1           # offset within the buffer, word aligned
  add t3, s0, t2
  lw t4, 0(t3)
  addi t4, t4, 3
  sw t4, 0(t3)
  lhu t5, 2(t3)
  sh t5, 0(t3)
  lbu t6, 1(t3)
  sb t6, 3(t3)
  addi t0, t0, 4
  bne t0, t1, 1b
  li a0, 0
  li a7, 93
  ecall
  .bss
  .balign 64
buf: .space 65536
