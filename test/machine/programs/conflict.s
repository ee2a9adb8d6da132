# Conflict-heavy: every hart reads the same 256-byte table (4 lines) 16 times, with an FP
# multiply-accumulate per element; out[h] = sum (as float bits).
    .text
    .globl _start
_start:
    la   t0, table
    fmv.w.x ft0, zero
    fcvt.s.w ft2, a0
    li   a2, 16
3:  li   t3, 64
    mv   t1, t0
2:  flw  ft1, 0(t1)
    fmadd.s ft0, ft1, ft2, ft0
    addi t1, t1, 4
    addi t3, t3, -1
    bnez t3, 2b
    addi a2, a2, -1
    bnez a2, 3b
    la   t6, out
    slli t2, a0, 2
    add  t6, t6, t2
    fsw  ft0, 0(t6)
    li   a0, 0
    li   a7, 93
    ecall
    .data
    .balign 64
table:
    .rept 64
    .float 0.5
    .endr
    .bss
    .balign 64
out: .space 4 * 64
