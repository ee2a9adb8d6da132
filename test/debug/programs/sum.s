# Each hart adds 10 + 9 + ... + 1 plus its hart id, stores the sum in results[hartid] and as a
# float in fresults[hartid]; hart 0 then prints "done\n". Exit code 0 on every hart.
        .text
        .globl  _start
        .type   _start, @function
_start:
        mv      s0, a0
        call    kernel
        bnez    s0, 1f
        li      a0, 1
        la      a1, message
        li      a2, 5
        li      a7, 64
        ecall
1:
        li      a0, 0
        li      a7, 93
        ecall

        .globl  kernel
        .type   kernel, @function
kernel:
        la      t0, results
        slli    t1, a0, 2
        add     t0, t0, t1
        li      t2, 0
        li      t4, 10
loop:
        add     t2, t2, t4
        addi    t4, t4, -1
        bnez    t4, loop
        add     t2, t2, a0
        sw      t2, 0(t0)
        fcvt.s.w fa0, t2
        la      t3, fresults
        add     t3, t3, t1
        fsw     fa0, 0(t3)
        ret

        .data
message:
        .ascii  "done\n"
        .align  2
        .globl  results
results:
        .space  256
        .globl  fresults
fresults:
        .space  256
