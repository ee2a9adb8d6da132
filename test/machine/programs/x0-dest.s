# One GPE, hand-timed in test/machine/timed.test.ts: x0 as the destination of a load and of an
# AMO. x0 is hardwired to zero, so the instructions that read it next (li = addi rd, x0, imm) do
# not wait for those accesses; only the next memory operation waits for the port.
    .text
    .globl _start
_start:
    lui  t0, %hi(data)
    addi t0, t0, %lo(data)
    lw   zero, 0(t0)
    li   t1, 1
    li   t2, 2
    amoswap.w zero, t1, (t0)
    li   t3, 3
    lw   t4, 4(t0)
    li   a0, 0
    li   a7, 93
    ecall
    .data
    .balign 64
data: .word 7, 9
