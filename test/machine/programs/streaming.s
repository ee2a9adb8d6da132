# Data-parallel streaming: hart h writes then sums its own 2 KiB slice; out[h] = sum.
    .text
    .globl _start
_start:
    la   t0, src
    slli t2, a0, 11          # 2048 bytes per hart
    add  t0, t0, t2
    li   t3, 512
    mv   t1, t0
    mv   t5, a0
1:  sw   t5, 0(t1)
    addi t5, t5, 3
    addi t1, t1, 4
    addi t3, t3, -1
    bnez t3, 1b
    li   t3, 512
    li   t4, 0
2:  lw   t5, 0(t0)
    add  t4, t4, t5
    addi t0, t0, 4
    addi t3, t3, -1
    bnez t3, 2b
    la   t6, out
    slli t2, a0, 2
    add  t6, t6, t2
    sw   t4, 0(t6)
    li   a0, 0
    li   a7, 93
    ecall
    .bss
    .balign 64
src: .space 2048 * 64
out: .space 4 * 64
