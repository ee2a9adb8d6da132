# Hart 0 reads a word, waits, reads it again; hart 1 writes it in between. With private caches
# hart 0's second read is served from its own stale copy.
    .text
    .globl _start
_start:
    la   t0, shared
    bnez a0, writer
    lw   t1, 0(t0)
    li   t2, 1000
1:  addi t2, t2, -1
    bnez t2, 1b
reader_second:
    lw   t1, 0(t0)
    li   a0, 0
    li   a7, 93
    ecall
writer:
    li   t1, 42
writer_store:
    sw   t1, 0(t0)
    li   a0, 0
    li   a7, 93
    ecall
    .data
    .balign 64
shared: .word 7
