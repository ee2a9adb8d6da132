# One GPE dirties 4 lines in SS, switches to PP through mcachemode, reads the CSR back and exits
# with it (3).
    .text
    .globl _start
_start:
    la   t0, buf
    li   t1, 4
1:  sw   t1, 0(t0)
    addi t0, t0, 64
    addi t1, t1, -1
    bnez t1, 1b
    csrwi 0x7c0, 3           # mcachemode (GNU as does not know our custom CSR names)
    csrr a0, 0x7c0
    li   a7, 93
    ecall
    .bss
    .balign 64
buf: .space 256
