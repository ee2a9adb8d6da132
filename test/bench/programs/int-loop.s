# Integer loop: ALU, shifts, compare, branch; 9 instructions per iteration.
  .globl _start
  .text
_start:
  li t0, 0
  li t1, 30000000
  li t2, 0
  li t3, 12345
1:
  add t2, t2, t0
  xor t3, t3, t2
  slli t4, t3, 3
  srli t5, t3, 7
  or t3, t4, t5
  andi t6, t3, 255
  sub t2, t2, t6
  addi t0, t0, 1
  bne t0, t1, 1b
  andi a0, t2, 0
  li a7, 93
  ecall
