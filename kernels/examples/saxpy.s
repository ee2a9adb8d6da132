# saxpy on every GPE: y[i] = a * x[i] + y[i] over 4096 floats, each hart a contiguous slice of
# 64 floats (whole 64-byte lines, so no two GPEs write one line: the caches are not coherent),
# each checks its own slice, then an amoadd.w barrier; hart 0 prints the verdict.
# Run: npx gpesim run kernels/examples/saxpy.s --harts 64 --modes all
# The launcher passes a0 = hart id, a1 = number of harts (docs/EMULATOR.md); the same ELF also
# runs on qemu-riscv32 (a1 = 0 there: one hart).
  .equ N, 4096
  .globl _start
  .text
_start:
  bnez a1, 0f
  li a1, 1                 # qemu-riscv32 passes no hart count: one hart does everything
  li a0, 0
0:
  li t0, N
  divu t1, t0, a1          # elements per hart
  mul t2, t1, a0           # first element of this hart
  slli t2, t2, 2
  la t3, x
  add t3, t3, t2
  la t4, y
  add t4, t4, t2
  la t5, a
  flw fa0, 0(t5)
1:
  flw ft0, 0(t3)
  flw ft1, 0(t4)
  fmadd.s ft1, fa0, ft0, ft1
  fsw ft1, 0(t4)
  addi t3, t3, 4
  addi t4, t4, 4
  addi t1, t1, -1
  bnez t1, 1b
  # check this hart's own slice: x[i] = 1, y[i] = 2, a = 3, so every y[i] is now 5.0. Only
  # atomics (performed at main memory, the one point all GPEs share) cross between harts: a
  # plain load of another GPE's line could be stale on this non-coherent machine.
  sub t3, t4, t2           # back to this hart's first y
  la t6, y
  add t3, t6, t2
  divu t1, t0, a1
  li t5, 0x40a00000        # 5.0f
  li t6, 0                 # mismatches in this slice
3:
  lw a2, 0(t3)
  beq a2, t5, 4f
  addi t6, t6, 1
4:
  addi t3, t3, 4
  addi t1, t1, -1
  bnez t1, 3b
  la t0, errors
  amoadd.w zero, t6, (t0)
  la t0, arrived
  li t1, 1
  amoadd.w zero, t1, (t0)  # arrive
  bnez a0, done
5:
  amoor.w t1, zero, (t0)   # hart 0 waits for all (an atomic read, served by main memory)
  bne t1, a1, 5b
  la t0, errors
  amoor.w t1, zero, (t0)
  bnez t1, bad
  li a0, 1
  la a1, ok
  li a2, 3
  li a7, 64
  ecall
done:
  li a0, 0
  li a7, 93
  ecall
bad:
  li a0, 1
  li a7, 93
  ecall

  .section .rodata
ok: .ascii "ok\n"
a:  .float 3.0
  .data
  .balign 64
errors:  .word 0
  .balign 64
arrived: .word 0
  .balign 64
x:  .rept N
    .float 1.0
    .endr
y:  .rept N
    .float 2.0
    .endr
