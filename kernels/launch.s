# The launcher stub every GPE runs (docs/KERNELS.md, "Launch"). The host fills the launch block
# and starts all harts at _start; hart h becomes worker h when h < workers, and harts beyond the
# worker count exit at once. A kernel returns with `ret`; the stub then ends the hart with
# exit(0) (ecall, a7 = 93).

  .text
  .globl _start
_start:
  csrr a1, mhartid
  la t0, gpesim_launch
  lw a2, 8(t0)             # workers
  bgeu a1, a2, 1f
  lw sp, 12(t0)            # stack top of worker 0
  lw t1, 16(t0)            # stack bytes per worker
  mul t1, t1, a1
  sub sp, sp, t1           # worker h's stack ends where worker h-1's begins
  li t1, 0x2000            # mstatus.FS = Initial: the F extension is on
  csrs mstatus, t1
  csrwi fcsr, 0            # round to nearest even, no flags
  lw a0, 4(t0)             # descriptor
  lw t1, 0(t0)             # kernel entry
  jalr ra, 0(t1)
1:
  li a0, 0
  li a7, 93
  ecall

  .data
  .balign 64
  .globl gpesim_launch
gpesim_launch:
  .word 0                  # 0  kernel entry address
  .word 0                  # 4  descriptor address
  .word 0                  # 8  number of workers (<= harts)
  .word 0                  # 12 stack top (16-byte aligned) for worker 0
  .word 0                  # 16 stack bytes per worker (multiple of 16)
