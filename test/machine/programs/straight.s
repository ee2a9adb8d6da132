# One GPE, hand-timed in docs/MACHINE.md and test/machine/timed.test.ts.
    .text
    .globl _start
_start:
    lui  t0, %hi(data)
    addi t0, t0, %lo(data)
    lw   t1, 0(t0)
    addi t2, t1, 1
    mul  t3, t2, t2
    add  t4, t3, t3
    lw   t5, 4(t0)
    add  t6, t5, t5
    beq  x0, x0, 1f
1:  li   a0, 0
    li   a7, 93
    ecall
    .data
    .balign 64
data: .word 7, 9
