# Data-parallel reuse: hart h fills its own 1 KiB array, then sums it 8 times; out[h] = sum.
    .text
    .globl _start
_start:
    la   t0, src
    slli t2, a0, 10
    add  t0, t0, t2
    li   t3, 256
    mv   t1, t0
    mv   t5, a0
1:  sw   t5, 0(t1)
    addi t5, t5, 1
    addi t1, t1, 4
    addi t3, t3, -1
    bnez t3, 1b
    li   t4, 0
    li   a2, 8
3:  li   t3, 256
    mv   t1, t0
2:  lw   t5, 0(t1)
    add  t4, t4, t5
    addi t1, t1, 4
    addi t3, t3, -1
    bnez t3, 2b
    addi a2, a2, -1
    bnez a2, 3b
    la   t6, out
    slli t2, a0, 2
    add  t6, t6, t2
    sw   t4, 0(t6)
    li   a0, 0
    li   a7, 93
    ecall
    .bss
    .balign 64
src: .space 1024 * 64
out: .space 4 * 64
