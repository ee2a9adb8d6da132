# Data-parallel kernel: each hart (a0 = hart index, a1 = harts; 0 under qemu -> 1 hart)
# scales and accumulates its own slice of a shared vector, many passes, then waits on an
# amoadd.w counter so every hart finishes together; hart 0 exits last with code 0.
  .globl _start
  .text
_start:
  bnez a1, 1f
  li a1, 1                 # qemu-riscv32: one hart does everything
  li a0, 0
1:
  la s0, vec
  li s1, 4096              # elements in the vector (words)
  divu s2, s1, a1          # slice length
  mul s3, s2, a0
  slli s3, s3, 2
  add s3, s0, s3           # slice start
  li s4, 1000              # passes: total work is 4096 x 1000 element updates for any hart count
2:
  mv t0, s3
  mv t1, s2
3:
  lw t2, 0(t0)
  slli t3, t2, 1
  add t2, t2, t3
  addi t2, t2, 7
  sw t2, 0(t0)
  addi t0, t0, 4
  addi t1, t1, -1
  bnez t1, 3b
  addi s4, s4, -1
  bnez s4, 2b
  la t0, done
  li t1, 1
  amoadd.w zero, t1, (t0)
4:
  lw t1, 0(t0)
  bne t1, a1, 4b
  li a0, 0
  li a7, 93
  ecall
  .bss
  .balign 64
done: .word 0
  .balign 64
vec: .space 16384
