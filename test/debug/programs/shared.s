# Every hart adds 1 to a shared counter with an AMO, reads it back, reads its own table entry and
# stores its low half into the entry's upper half. Exit code 0.
        .text
        .globl  _start
_start:
        la      t0, counter
        li      t1, 1
        amoadd.w t2, t1, (t0)
        lw      t3, 0(t0)
        la      t4, table
        slli    t5, a0, 2
        add     t4, t4, t5
        lw      t6, 0(t4)
        sh      t6, 2(t4)
        li      a0, 0
        li      a7, 93
        ecall

        .data
        .globl  counter
counter:
        .word   0
        .globl  table
table:
        .word   0x11, 0x22, 0x33, 0x44
